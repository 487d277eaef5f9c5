#!/usr/bin/env bash
# What a route's picture costs (BENCHMARKS.md, "Thumbnails"): two copy relays of the same 720p25 H.264 + AAC
# source run side by side, the second with the picture output the worker adds when Relay__Thumbnails__Enabled=true
# (the same arguments, from src/RelayWorker/Thumbnails/ThumbnailArguments.cs). CPU is utime + stime from /proc over
# the same window for both, so load from elsewhere on the machine hits both alike. Loopback only.
#   tests/RelayWorker.Benchmarks/thumbnail-cost.sh [SECONDS] [REPEATS]
set -euo pipefail
seconds="${1:-40}"
repeats="${2:-3}"
work="$(mktemp -d /tmp/relayworker-thumbnail-cost-XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# 60 s of a moving test pattern with a tone, a keyframe every 2 s (the ladder's GOP), 2.5 Mbit/s.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=1000:sample_rate=48000 \
  -t 60 -c:v libx264 -preset veryfast -b:v 2500k -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -f mpegts "$work/source.ts"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"
echo "| run | copy (% of a core) | copy + picture (% of a core) | ratio |"
echo "| --- | --- | --- | --- |"
for run in $(seq 1 "$repeats"); do
  common=(-hide_banner -nostdin -loglevel error -y -re -stream_loop -1)
  ffmpeg "${common[@]}" -i "$work/source.ts" -map '0:v?' -map '0:a?' -c copy -f mpegts 'udp://127.0.0.1:9?pkt_size=1316' &
  plain=$!
  ffmpeg "${common[@]}" -skip_frame nokey -i "$work/source.ts" -map '0:v?' -map '0:a?' -c copy -f mpegts 'udp://127.0.0.1:9?pkt_size=1316' \
    -map 0:v:0 -an -sn -dn -vf scale=320:-2 -fps_mode passthrough -c:v mjpeg -q:v 5 -update 1 -atomic_writing 1 -f image2 "$work/picture.jpg" &
  picture=$!
  pids=("$plain" "$picture")
  sleep 5   # past the start-up burst
  p0="$(ticks "$plain")"; q0="$(ticks "$picture")"
  sleep "$seconds"
  p1="$(ticks "$plain")"; q1="$(ticks "$picture")"
  kill "$plain" "$picture"
  wait "$plain" "$picture" 2>/dev/null || true
  pids=()
  awk -v p=$((p1 - p0)) -v q=$((q1 - q0)) -v hz="$hz" -v s="$seconds" -v run="$run" \
    'BEGIN { a = p / hz / s * 100; b = q / hz / s * 100; printf "| %d | %.2f | %.2f | %.2f |\n", run, a, b, (a > 0 ? b / a : 0) }'
done
