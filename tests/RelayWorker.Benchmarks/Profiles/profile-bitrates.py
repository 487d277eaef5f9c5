#!/usr/bin/env python3
"""Measured output bitrate of every ladder rung, for the profile guide in README.md.

For each rung, one after another (never in parallel: the machine is shared), it starts the Release worker as a
real process with one route: the built-in moving test pattern at 1920x1080, 25 fps (testsrc2 plus a 1 kHz tone),
encoded with that rung and sent as MPEG-TS over UDP to a socket on 127.0.0.1 in this script. The worker builds the
ffmpeg command itself, so the encode uses exactly the rung's arguments. After --seconds of media the worker is
stopped (SIGTERM, by its PID) and ffprobe reads the capture: video and audio kbit/s from packet sizes over media
time, and the MPEG-TS rate on the wire.

Not run by test.sh or CI: it measures, it asserts nothing.
    dotnet build src/RelayWorker/RelayWorker.csproj -c Release
    tests/RelayWorker.Benchmarks/Profiles/profile-bitrates.py [--seconds 20] [--rungs 144p1,288p12] [--keep DIR]
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import shutil
import signal
import socket
import subprocess
import tempfile
import time

RUNGS = ["144p1", "144p4", "288p1", "288p6", "288p12", "288p25", "576p1", "576p6", "576p12", "576p25",
         "720p1", "720p6", "720p12", "720p25", "1080p1", "1080p6", "1080p12", "1080p25"]
REPO = pathlib.Path(__file__).resolve().parents[3]
WORKER = REPO / "artifacts/worker/RelayWorker"


def capture(rung, seconds, directory):
    """Runs the worker with one route at this rung; returns the path of the MPEG-TS it sent."""
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    sink.bind(("127.0.0.1", 0))
    sink.settimeout(1.0)
    port = sink.getsockname()[1]
    ts_path = directory / f"{rung}.ts"
    log_path = directory / f"{rung}.log"
    env = dict(os.environ,
               Relay__Routes__bench__Source="testsrc://bench?size=1920x1080&rate=25",
               Relay__Routes__bench__Destinations__0=f"udp://127.0.0.1:{port}",
               Relay__Routes__bench__Profile=rung,
               ASPNETCORE_URLS="http://127.0.0.1:0")
    with open(log_path, "wb") as log, open(ts_path, "wb") as ts:
        worker = subprocess.Popen([str(WORKER)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                  cwd=directory)
        try:
            first = None
            # The source is paced in real time: seconds of media plus a margin for the first GOP and start-up.
            deadline = time.monotonic() + seconds + 40
            while time.monotonic() < deadline:
                try:
                    data = sink.recv(65536)
                except socket.timeout:
                    continue
                ts.write(data)
                first = first or time.monotonic()
                if time.monotonic() - first >= seconds + 3:
                    break
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            sink.close()
    return ts_path


def measure(ts_path, seconds):
    """kbit/s per stream over the first `seconds` of media (after the first video keyframe), and on the wire."""
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "packet=stream_index,pts_time,size,flags:stream=index,codec_type,width,height,avg_frame_rate",
         "-of", "json", str(ts_path)], check=True, capture_output=True, text=True, timeout=120)
    data = json.loads(probe.stdout)
    kinds = {s["index"]: s["codec_type"] for s in data["streams"]}
    video = next(s for s in data["streams"] if s["codec_type"] == "video")
    packets = [p for p in data["packets"] if p.get("pts_time") not in (None, "N/A")]
    start = min(float(p["pts_time"]) for p in packets
                if kinds[p["stream_index"]] == "video" and "K" in p.get("flags", ""))
    end = start + seconds
    bits = {"video": 0, "audio": 0}
    for p in packets:
        t = float(p["pts_time"])
        if start <= t < end and kinds[p["stream_index"]] in bits:
            bits[kinds[p["stream_index"]]] += int(p["size"]) * 8
    last = max(float(p["pts_time"]) for p in packets)
    if last < end:
        raise RuntimeError(f"{ts_path.name}: only {last - start:.1f} s of media after the first keyframe")
    wire_kbps = ts_path.stat().st_size * 8 / 1000 / (last - min(float(p["pts_time"]) for p in packets))
    return {"size": f'{video["width"]}x{video["height"]}', "fps": video["avg_frame_rate"],
            "video": bits["video"] / 1000 / seconds, "audio": bits["audio"] / 1000 / seconds, "wire": wire_kbps}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rungs", default=",".join(RUNGS))
    parser.add_argument("--keep", help="directory for the captures and worker logs (default: a temporary one, removed)")
    args = parser.parse_args()
    if not WORKER.exists():
        raise SystemExit(f"publish the worker first: dotnet publish src/RelayWorker -c Release --use-current-runtime -o artifacts/worker ({WORKER} missing)")
    directory = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="relay-profile-bitrates-"))
    directory.mkdir(parents=True, exist_ok=True)
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"{platform.platform()}, {ffmpeg}, load {os.getloadavg()[0]:.2f} at start")
    print(f"source: testsrc2 1920x1080 25 fps + 1 kHz sine, {args.seconds} s of media per rung, measured from the first keyframe\n")
    print("| rung | size | fps | video kbit/s | audio kbit/s | video+audio kbit/s | MPEG-TS on the wire kbit/s |")
    print("|---|---|---|---|---|---|---|")
    try:
        for rung in args.rungs.split(","):
            m = measure(capture(rung, args.seconds, directory), args.seconds)
            print(f'| {rung} | {m["size"]} | {m["fps"]} | {m["video"]:.1f} | {m["audio"]:.1f} | '
                  f'{m["video"] + m["audio"]:.1f} | {m["wire"]:.1f} |', flush=True)
    finally:
        print(f"\nload {os.getloadavg()[0]:.2f} at end")
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
