#!/usr/bin/env bash
# Sets up, builds and runs the test suite.
# Usage: scripts/test.sh [--sanitize] [--label unit|validation]
# The validation label holds the statistical checks; CITYNET_VALIDATION_SCALE (default 1)
# scales their sample sizes, and CI runs them at a reduced scale.
# The release build has MPI on, so that a sweep on 2 ranks is checked against one process;
# the sanitizer build keeps it off: LeakSanitizer reports OpenMPI's own allocations, which
# are not citynet's to free (the sweep is tested there in one process).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/release
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DCITYNET_MPI=ON)
setup_args=(--with-mpi)
ctest_args=()
while (($#)); do
  case "$1" in
    --sanitize) build=build/sanitize; cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCITYNET_SANITIZE=ON -DCITYNET_MPI=OFF); setup_args=() ;;
    --label) shift; ctest_args+=(-L "$1") ;;
    *) echo "test.sh: unknown option '$1'; expected --sanitize or --label NAME" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh "${setup_args[@]}"
cmake -S . -B "$build" "${cmake_args[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "${ctest_args[@]}"
