#!/usr/bin/env bash
# Runs RelayWorker from source. With no route configured (no Relay__Routes__* variable), it runs the
# embedded demo: a test pattern with a 1 kHz tone served as an SRT listener on 127.0.0.1:8890.
#   ./run.sh                 then: ffplay srt://127.0.0.1:8890   and   curl 127.0.0.1:8080/api/routes
#   RELAY_URLS=http://0.0.0.0:9000 ./run.sh     to serve HTTP elsewhere
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

dotnet build src/RelayWorker/RelayWorker.csproj -c Release -nologo -v quiet

if ! env | grep -q '^Relay__Routes__'; then
  echo "run.sh: no route configured; running the embedded demo (ffplay srt://127.0.0.1:8890)" >&2
  export Relay__Routes__demo__Source='testsrc://demo'
  export Relay__Routes__demo__Destinations__0='srt://127.0.0.1:8890?mode=listener'
fi

exec dotnet src/RelayWorker/bin/Release/net10.0/RelayWorker.dll --urls "${RELAY_URLS:-http://127.0.0.1:8080}" "$@"
