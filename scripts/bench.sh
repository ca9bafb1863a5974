#!/usr/bin/env bash
# Benchmarks `citynet replay` and compares it with SimGrid.
#
# Usage: scripts/bench.sh city    [citynet run options]   (see scripts/bench/city.sh)
#        scripts/bench.sh cut     [--nodes N]             (see scripts/bench/cut.sh)
#        scripts/bench.sh replay  [--quick] [--runs N]
#        scripts/bench.sh simgrid [--quick] [--runs N] [--simgrid-runs N]
#
#  replay   traces of 100,000 and 1,000,000 capped flows (--quick: 10,000 and 100,000) on a
#           1,000-node city topology; exact and fast mode, N runs each (default 3): flows
#           per second, peak memory, and fast mode's completion-time error against exact.
#  simgrid  an uncapped trace (40,000 flows, thousands in progress; --quick: 5,000) replayed
#           by citynet and by SimGrid 3.32 (CM02, no latency, no TCP effects, no cross
#           traffic) on the same network and routes: completion-time agreement and speed-up.
#           SimGrid runs once by default, being slow (--simgrid-runs N).
#
# Results go to build/bench/<suite>/ (summary.md, summary.csv, the runs' logs); traces are
# generated once into build/bench/traces/ (the generator is deterministic). Set CITYNET_BIN
# to use an existing citynet binary instead of building build/release.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-}
shift || true
if [[ $suite == city ]]; then
  exec scripts/bench/city.sh "$@"
fi
if [[ $suite == cut ]]; then
  exec scripts/bench/cut.sh "$@"
fi
quick=0
runs=3
simgrid_runs=1
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --runs) shift; runs=$1 ;;
    --simgrid-runs) shift; simgrid_runs=$1 ;;
    *) echo "bench.sh: unknown option '$1'; expected --quick, --runs N or --simgrid-runs N" >&2; exit 2 ;;
  esac
  shift
done
if [[ $suite != replay && $suite != simgrid ]]; then
  echo "bench.sh: expected 'city', 'cut', 'replay' or 'simgrid' as the first argument, got '${suite}'" >&2
  exit 2
fi

# The generator and the summary need only the standard library; prefer Debian's python.
python=/usr/bin/python3
[[ -x $python ]] || python=python3

bench=build/bench
traces=$bench/traces
results=$bench/$suite
mkdir -p "$traces"
rm -rf "$results"
mkdir -p "$results"

ensure_time() {
  [[ -x /usr/bin/time ]] && return
  if [[ $(id -u) -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  else
    echo "bench.sh: /usr/bin/time is missing; run as root: apt-get install -y time" >&2
    exit 1
  fi
}

build_citynet() {
  if [[ -n ${CITYNET_BIN:-} ]]; then
    citynet=$CITYNET_BIN
    return
  fi
  scripts/setup.sh
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/release -j "$(nproc)" --target citynet >/dev/null
  citynet=build/release/citynet
}

build_simgrid_replay() {
  scripts/setup.sh --with-simgrid
  simgrid_replay=$bench/simgrid_replay
  if [[ ! -x $simgrid_replay || scripts/bench/simgrid_replay.cpp -nt $simgrid_replay ]]; then
    local flags
    flags=$(pkg-config --cflags --libs simgrid 2>/dev/null || echo -lsimgrid)
    # shellcheck disable=SC2086  # flags are several words
    g++ -std=c++20 -O2 -Wall -Wextra scripts/bench/simgrid_replay.cpp -o "$simgrid_replay" $flags
  fi
}

# make_trace NAME GENERATOR-ARGS...: generates into $traces/NAME unless already there.
make_trace() {
  local name=$1
  shift
  local dir=$traces/$name
  if [[ ! -f $dir/flows.csv || ! -f $dir/args || $(cat "$dir/args") != "$*" ]]; then
    echo "bench.sh: generating $name" >&2
    rm -rf "$dir"
    "$python" scripts/bench/make_trace.py "$dir" "$@"
    echo "$*" >"$dir/args"
  fi
}

# measure OUT_DIR TOOL RUN COMMAND...: runs COMMAND under time -v, keeping its report and output.
measure() {
  local out=$1 tool=$2 run=$3
  shift 3
  echo "bench.sh: $(basename "$out") $tool run $run" >&2
  /usr/bin/time -v -o "$out/$tool-$run.time" "$@" >"$out/$tool-$run.out" 2>&1
}

# run_citynet TRACE OUT_DIR MODE RUNS
run_citynet() {
  local trace=$1 out=$2 mode=$3 count=$4
  for ((i = 1; i <= count; i++)); do
    measure "$out" "citynet-$mode" "$i" "$citynet" replay --topology "$trace/topology.yaml" \
      --flows "$trace/flows.csv" --out "$out/citynet-$mode.fct.csv" --mode "$mode"
  done
}

prepare_results() {
  local name=$1
  mkdir -p "$results/$name"
  echo $(($(wc -l <"$traces/$name/flows.csv") - 1)) >"$results/$name/flows.count"
}

# Capped flows (subscriber line rates) at a busy-hour rate: about 6,000 in progress, the
# egress near saturation.
readonly REPLAY_ARRIVALS_PER_S=700
# Uncapped flows on 100 Mbit/s access uplinks loaded near capacity, so that thousands are
# in progress at once: the sharing SimGrid and citynet must both resolve.
readonly SIMGRID_ARRIVALS_PER_S=14000
readonly SIMGRID_ACCESS_UPLINK_BPS=1e8
readonly SIMGRID_EGRESS_BPS=40e9
readonly SIMGRID_MEAN_SIZE_BYTES=1e6
# No latency, no TCP window bound, no bandwidth correction, no reverse-path traffic: the
# pure max-min sharing that citynet computes.
readonly SIMGRID_CONFIG=(--cfg=network/model:CM02 --cfg=network/latency-factor:1 --cfg=network/bandwidth-factor:1
  --cfg=network/weight-S:0 --cfg=network/TCP-gamma:0 --cfg=network/crosstraffic:0
  --cfg=contexts/stack-size:64 --log=root.thres:warning)

ensure_time
build_citynet

if [[ $suite == replay ]]; then
  sizes=(100000 1000000)
  ((quick)) && sizes=(10000 100000)
  for flows in "${sizes[@]}"; do
    name=capped-$flows
    make_trace "$name" --flows "$flows" --arrivals-per-s "$REPLAY_ARRIVALS_PER_S"
    prepare_results "$name"
    run_citynet "$traces/$name" "$results/$name" exact "$runs"
    run_citynet "$traces/$name" "$results/$name" fast "$runs"
  done
  "$python" scripts/bench/summarize.py replay "$results"
else
  build_simgrid_replay
  flows=40000
  ((quick)) && flows=5000
  name=uncapped-$flows
  make_trace "$name" --flows "$flows" --arrivals-per-s "$SIMGRID_ARRIVALS_PER_S" --uncapped \
    --access-uplink-bps "$SIMGRID_ACCESS_UPLINK_BPS" --egress-bps "$SIMGRID_EGRESS_BPS" \
    --mean-size-bytes "$SIMGRID_MEAN_SIZE_BYTES"
  prepare_results "$name"
  for ((i = 1; i <= simgrid_runs; i++)); do
    measure "$results/$name" simgrid "$i" "$simgrid_replay" "$traces/$name/links.csv" "$traces/$name/flows.csv" \
      "$results/$name/simgrid.fct.csv" "${SIMGRID_CONFIG[@]}"
  done
  run_citynet "$traces/$name" "$results/$name" exact "$runs"
  run_citynet "$traces/$name" "$results/$name" fast "$runs"
  "$python" scripts/bench/summarize.py simgrid "$results"
fi
echo "bench.sh: results in $results/summary.md" >&2
