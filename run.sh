#!/usr/bin/env bash
# Runs RelayWorker from source. When no route is configured anywhere (environment, appsettings.json, command
# line), the worker itself adds the embedded demo: a test pattern with a 1 kHz tone served as an SRT listener on
# 127.0.0.1:8890, and says so in its log.
#   ./run.sh                 then: ffplay srt://127.0.0.1:8890   and   curl 127.0.0.1:8080/api/routes
#   RELAY_URLS=http://0.0.0.0:9000 ./run.sh     (or ASPNETCORE_URLS) to serve HTTP elsewhere
set -euo pipefail
cd "$(dirname "$0")"

# ffmpeg for the routes; clang and zlib's headers for the native build of the worker, which is what the container
# ships (the first publish takes a minute or two).
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: missing ${missing[*]} and apt-get is not available; install them first" >&2
    exit 1
  fi
  echo "run.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
