#!/usr/bin/env bash
# `citynet topo` on chains of 400,000 nodes (scripts/bench/make_chain.py): the bare 25 MB
# GraphML of an imported backbone, and a chain of access sites behind an internet node.
# Every inner node and every link is a single point of failure, the worst case for the
# analysis. Wall time, CPU time and peak memory of the whole command (import, inventory,
# analysis, printing), each the median of several runs (default 3). Bar: under 10 s.
#
# Usage: scripts/bench/cut.sh [--nodes N]
# Environment: CITYNET_BENCH_RUNS (default 3), CITYNET_BIN (default: build build/release).
set -euo pipefail
cd "$(dirname "$0")/../.."

nodes=400000
while (($#)); do
  case "$1" in
    --nodes) shift; nodes=$1 ;;
    *) echo "cut.sh: unknown option '$1'; expected --nodes N" >&2; exit 2 ;;
  esac
  shift
done
runs="${CITYNET_BENCH_RUNS:-3}"

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time for peak-memory figures" >&2
  apt-get install -y time >/dev/null
fi
if [[ -n ${CITYNET_BIN:-} ]]; then
  citynet=$CITYNET_BIN
else
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/release -j2 --target citynet >/dev/null
  citynet=build/release/citynet
fi

chains=build/bench/chains
results=build/bench/cut
mkdir -p "$chains"
rm -rf "$results"
mkdir -p "$results"
for kind in bare city; do
  file=$chains/$kind-$nodes.graphml
  if [[ ! -f $file ]]; then
    echo "cut.sh: generating $file" >&2
    python3 scripts/bench/make_chain.py --nodes "$nodes" --out "$file" $([[ $kind == bare ]] && echo --bare)
  fi
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -v -o "$results/$kind-$i.time" "$citynet" topo "$file" >"$results/$kind-$i.out" 2>/dev/null
    echo "cut.sh: $kind run $i: $(grep '^single points of failure' "$results/$kind-$i.out")" >&2
  done
done

python3 - "$results" "$runs" "$nodes" <<'PY' | tee "$results/summary.md"
import os, re, statistics, sys
results, runs, nodes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def wall_s(text):
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds

print(f"citynet topo on a chain of {nodes:,} nodes, {runs} runs (medians); bar 10 s")
print("| chain | file MB | wall s | CPU s | peak MiB |")
print("| --- | --- | --- | --- | --- |")
for kind in ("bare", "city"):
    rows = []
    for i in range(1, runs + 1):
        timing = open(f"{results}/{kind}-{i}.time").read()
        cpu = float(re.search(r"User time \(seconds\): (\S+)", timing).group(1)) + \
              float(re.search(r"System time \(seconds\): (\S+)", timing).group(1))
        peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
        rows.append((wall_s(timing), cpu, peak_kib))
    size_mb = os.path.getsize(f"build/bench/chains/{kind}-{nodes}.graphml") / 1e6
    print(f"| {kind} | {size_mb:.1f} | {statistics.median(r[0] for r in rows):.2f} | "
          f"{statistics.median(r[1] for r in rows):.2f} | {statistics.median(r[2] for r in rows) / 1024:.0f} |")
PY
