#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang and runs each for a fixed time.
# Usage: scripts/fuzz.sh [--seconds N] [HARNESS...]
#   HARNESS: scenario, graphml, flow_trace, sweep (default: all four, one after another)
#   --seconds N: how long each harness runs (default 60)
# Each harness starts from its seeds in fuzz/corpus/HARNESS/ and keeps what it finds new in
# build/fuzz/corpus/HARNESS/ (the committed seeds are not touched). A finding (crash, abort,
# an exception other than InputError, sanitizer report, timeout, leak) is written to
# build/fuzz/findings/HARNESS/ and makes the script exit 1; turn each into a regression test
# in tests/data/fuzz_regressions/HARNESS/ (fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

all=(scenario graphml flow_trace sweep)
seconds=60
harnesses=()
while (($#)); do
  case "$1" in
    --seconds) shift; [[ ${1:-} =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --seconds needs a whole number of seconds" >&2; exit 2; }
               seconds=$1 ;;
    scenario|graphml|flow_trace|sweep) harnesses+=("$1") ;;
    *) echo "fuzz.sh: unknown argument '$1'; expected --seconds N or one of ${all[*]}" >&2; exit 2 ;;
  esac
  shift
done
((${#harnesses[@]})) || harnesses=("${all[@]}")

scripts/setup.sh --with-fuzz
build=build/fuzz
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCITYNET_FUZZ=ON -DCITYNET_TESTS=OFF -DCITYNET_MPI=OFF \
      -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${harnesses[@]/%/_fuzzer}"

declare -A dict=([scenario]=yaml [sweep]=yaml [graphml]=xml [flow_trace]=csv)
failed=()
for h in "${harnesses[@]}"; do
  mkdir -p "$build/corpus/$h" "$build/findings/$h"
  echo "fuzz.sh: $h for ${seconds} s" >&2
  # -timeout: an input taking 30 s of wall-clock time is a hang (the largest seed takes well
  # under 1 s; the margin is for a machine busy with other work);
  # -rss_limit_mb: more memory than any valid file needs is a finding too.
  if ! "$build/fuzz/${h}_fuzzer" "$build/corpus/$h" "fuzz/corpus/$h" -dict="fuzz/dict/${dict[$h]}.dict" \
       -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/findings/$h/" 2>"$build/findings/$h.log"; then
    failed+=("$h")
  fi
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)|^#[0-9]+.*DONE' \
    "$build/findings/$h.log" >&2 || true
done
if ((${#failed[@]})); then
  echo "fuzz.sh: findings in ${failed[*]}: see $build/findings/ and the .log files there" >&2
  exit 1
fi
echo "fuzz.sh: no findings in ${harnesses[*]} (${seconds} s each)" >&2
