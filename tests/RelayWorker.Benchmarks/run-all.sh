#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md in Release, one after another, and keeps each command's Markdown output
# (with `uptime` before and after, since the machine is shared) in a results directory.
# Not run by test.sh or CI: it measures rather than tests, and takes about an hour on a 2-core machine.
#   tests/RelayWorker.Benchmarks/run-all.sh [RESULTS_DIR]        then paste the tables into BENCHMARKS.md
# The soak is separate (10 minutes or more): see RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

results="${1:-/tmp/relayworker-benchmarks-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"

dotnet build src/RelayWorker/RelayWorker.csproj -c Release -nologo -v quiet
dotnet build tests/RelayWorker.Benchmarks/RelayWorker.Benchmarks.csproj -c Release -nologo -v quiet

run() {
  local name=$1
  shift
  {
    echo "uptime before: $(uptime)"
    dotnet run -c Release --no-build --project tests/RelayWorker.Benchmarks -- "$@"
    echo "uptime after: $(uptime)"
  } 2>&1 | tee "$results/$name.md"
}

run ladder ladder
run supervision supervision
run restart-latency restart-latency
run startup startup
run outage outage
run first-frame first-frame
run latency latency
echo "results in $results"
