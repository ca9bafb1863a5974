#!/usr/bin/env bash
# Writes the README's figures, docs/figures/map.png and docs/figures/utilization.png, from
# a run of the default scenario (Tianjin 2005).
# Usage: scripts/readme_figures.sh [RESULTS_DIR]
#   without RESULTS_DIR: builds citynet (build/release) unless CITYNET_BINARY names it,
#   runs the default scenario into a temporary folder, then plots it.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly figures_dir=docs/figures
readonly max_figure_bytes=$((300 * 1024))  # the README should stay light to clone

results_dir=${1:-}
if [[ -z "$results_dir" ]]; then
  binary=${CITYNET_BINARY:-build/release/citynet}
  if [[ -z "${CITYNET_BINARY:-}" ]]; then
    cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build/release -j "$(nproc)" --target citynet
  fi
  results_dir=$(mktemp -d "${TMPDIR:-/tmp}/citynet-readme-figures.XXXXXX")
  trap 'rm -rf "$results_dir"' EXIT
  "$binary" run --out "$results_dir/run" --quiet
  results_dir=$results_dir/run
fi

scripts/plot.py "$results_dir" >/dev/null
mkdir -p "$figures_dir"
for figure in map.png utilization.png; do
  cp "$results_dir/$figure" "$figures_dir/$figure"
  size=$(stat -c %s "$figures_dir/$figure")
  if ((size > max_figure_bytes)); then
    echo "readme_figures.sh: $figures_dir/$figure is $((size / 1024)) KB, over $((max_figure_bytes / 1024)) KB" >&2
  fi
  echo "$figures_dir/$figure"
done
