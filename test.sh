#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test (unit and integration).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v srt-live-transmit >/dev/null 2>&1 || missing+=(srt-tools)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing+=(libnginx-mod-rtmp)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
# The built-in slate of a continuous route writes its text with ffmpeg's drawtext, which needs a font.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# The worker ships ahead-of-time compiled, and the tests run that native executable: the compiler links with clang.
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
# The status page's browser tests drive Debian's chromium through Playwright (which downloads no browser here).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# A real RTSP server for the RTSP source test: GStreamer's RTSP server driven by Debian's python3.
[ -f /usr/lib/python3/dist-packages/gi/__init__.py ] || missing+=(python3-gi)
multiarch="$(uname -m)-linux-gnu"
[ -f "/usr/lib/$multiarch/girepository-1.0/GstRtspServer-1.0.typelib" ] || missing+=(gir1.2-gst-rtsp-server-1.0)
[ -f "/usr/lib/$multiarch/gstreamer-1.0/libgstx264.so" ] || missing+=(gstreamer1.0-plugins-ugly)
[ -f "/usr/lib/$multiarch/gstreamer-1.0/libgstlibav.so" ] || missing+=(gstreamer1.0-libav)
# The GStreamer interoperability suite: GStreamer encodes into the worker and plays every destination kind.
command -v gst-launch-1.0 >/dev/null 2>&1 || missing+=(gstreamer1.0-tools)
[ -f "/usr/lib/$multiarch/gstreamer-1.0/libgstflv.so" ] || missing+=(gstreamer1.0-plugins-good)   # flvdemux, souphttpsrc, udpsrc
[ -f "/usr/lib/$multiarch/gstreamer-1.0/libgstsrt.so" ] || missing+=(gstreamer1.0-plugins-bad)    # srtsrc/srtsink, mpegtsmux, tsdemux, hlsdemux, rtmpsrc

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: missing ${missing[*]} and apt-get is not available" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# Build everything, publish the native worker the integration tests and benchmarks run (see README, "Native
# worker"), then test without building again: a rebuild after the publish would leave the native worker older than
# the managed build, and the tests refuse to run a stale worker.
{
  dotnet build RelayWorker.sln -c Release --nologo -v quiet \
    && dotnet publish src/RelayWorker -c Release --use-current-runtime -o artifacts/worker --nologo -v quiet \
    && dotnet test RelayWorker.sln -c Release --no-build --nologo
} 2>&1 | tee "$log" || status=$?

# One plain closing line summing every test project: "N passed, N failed, N skipped".
awk -F'[:,]' '/^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1); if ($i ~ /Skipped$/) s += $(i+1)
    }
  } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
