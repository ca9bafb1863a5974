#!/usr/bin/env bash
# The full Tianjin 2005 day (the built-in scenario, fast mode) as `citynet run` does it:
# wall time, CPU time, flows simulated, flows per second and peak memory, each the median
# of several runs (default 3). Bar: under 60 s and 2 GiB on one core; goal: 10 s.
#
# Usage: scripts/bench/city.sh [extra citynet run options, e.g. --duration 2h or a scenario]
# Environment: CITYNET_BENCH_RUNS (default 3), CITYNET_BUILD_DIR (default build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${CITYNET_BENCH_RUNS:-3}"
build_dir="${CITYNET_BUILD_DIR:-build/bench}"

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time for peak-memory figures" >&2
  apt-get install -y time >/dev/null
fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j2 --target citynet >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for i in $(seq 1 "$runs"); do
  # One core: the run is single-threaded; taskset keeps the figure honest on a busy machine.
  taskset -c 0 /usr/bin/time -v "$build_dir/citynet" run --quiet --out "$work/results" "$@" \
    >"$work/report-$i.txt" 2>"$work/time-$i.txt"
  echo "run $i: $(head -n 1 "$work/report-$i.txt")" >&2
done

python3 - "$work" "$runs" <<'PY'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])

def wall_s(text):
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds

rows = []
for i in range(1, runs + 1):
    timing = open(f"{work}/time-{i}.txt").read()
    report = open(f"{work}/report-{i}.txt").read()
    flows = int(re.search(r"(\d+) flows in", report).group(1))
    wall = wall_s(timing)
    cpu = float(re.search(r"User time \(seconds\): (\S+)", timing).group(1)) + \
          float(re.search(r"System time \(seconds\): (\S+)", timing).group(1))
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
    rows.append((wall, cpu, flows, peak_kib))

wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] for r in rows)
flows = statistics.median(r[2] for r in rows)
peak_mib = statistics.median(r[3] for r in rows) / 1024
print(f"runs: {runs} (medians)")
print(f"wall time: {wall:.1f} s   (bar 60 s, goal 10 s)")
print(f"cpu time: {cpu:.1f} s")
print(f"flows simulated: {flows:.0f}")
print(f"flows per second (wall): {flows / wall:.0f}")
print(f"flows per second (cpu): {flows / cpu:.0f}")
print(f"peak memory: {peak_mib:.0f} MiB   (bar 2048 MiB)")
PY
