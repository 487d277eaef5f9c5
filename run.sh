#!/usr/bin/env bash
# Runs RelayWorker from source. When no route is configured anywhere (environment, appsettings.json, command
# line), the worker itself adds the embedded demo: a test pattern with a 1 kHz tone served as an SRT listener on
# 127.0.0.1:8890, and says so in its log.
#   ./run.sh                 then: ffplay srt://127.0.0.1:8890   and   curl 127.0.0.1:8080/api/routes
#   RELAY_URLS=http://0.0.0.0:9000 ./run.sh     (or ASPNETCORE_URLS) to serve HTTP elsewhere
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v ffmpeg >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing ffmpeg" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
  else
    echo "run.sh: ffmpeg is not installed and apt-get is not available; install ffmpeg first" >&2
    exit 1
  fi
fi

# The worker as the container ships it: one native executable (the first publish takes a minute or two).
if ! command -v clang >/dev/null 2>&1 || [ ! -f /usr/include/zlib.h ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing clang and zlib1g-dev for the native build" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
  else
    echo "run.sh: the native build needs clang and zlib's headers; install them first" >&2
    exit 1
  fi
fi
dotnet publish src/RelayWorker -c Release --use-current-runtime -o artifacts/worker -nologo -v quiet

# HTTP: RELAY_URLS, else ASPNETCORE_URLS as the worker reads it, else loopback only (the demo is for this machine).
urls=()
if [ -n "${RELAY_URLS:-}" ]; then
  urls=(--urls "$RELAY_URLS")
elif [ -z "${ASPNETCORE_URLS:-}" ]; then
  urls=(--urls "http://127.0.0.1:8080")
fi

exec artifacts/worker/RelayWorker --demo-when-unconfigured "${urls[@]}" "$@"
