#!/usr/bin/env bash
# sweep.csv from 2 MPI ranks is byte for byte the one of a single process, whole and when
# the 2-rank sweep is stopped after some rows and resumed.
# Usage: sweep_mpi_test.sh CITYNET MPIEXEC SWEEP.yaml
set -euo pipefail
citynet=$1 mpiexec=$2 sweep=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# --oversubscribe: CI machines may have fewer cores than ranks; root: CI containers.
mpi=("$mpiexec" --allow-run-as-root --oversubscribe -np 2)

"$citynet" sweep "$sweep" --quiet --out "$out/one"
"${mpi[@]}" "$citynet" sweep "$sweep" --quiet --out "$out/two"
cmp "$out/one/sweep.csv" "$out/two/sweep.csv"

"${mpi[@]}" "$citynet" sweep "$sweep" --quiet --max-rows 3 --out "$out/resumed"
"${mpi[@]}" "$citynet" sweep "$sweep" --quiet --out "$out/resumed"
cmp "$out/one/sweep.csv" "$out/resumed/sweep.csv"
echo "sweep.csv identical for 1 and 2 ranks, whole and resumed ($(($(wc -l < "$out/one/sweep.csv") - 1)) rows)"
