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

python=python3
[[ -x /usr/bin/python3 ]] && python=/usr/bin/python3  # Debian's, with matplotlib and Pillow

scripts/plot.py "$results_dir" >/dev/null
mkdir -p "$figures_dir"
for figure in map.png utilization.png; do
  cp "$results_dir/$figure" "$figures_dir/$figure"
  if (($(stat -c %s "$figures_dir/$figure") > max_figure_bytes)); then
    # A palette of 256 colours, undithered, keeps lines and text sharp and divides the size
    # by about three.
    "$python" -c 'import sys; from PIL import Image
Image.open(sys.argv[1]).convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(sys.argv[1], optimize=True)' \
      "$figures_dir/$figure"
  fi
  size=$(stat -c %s "$figures_dir/$figure")
  if ((size > max_figure_bytes)); then
    echo "readme_figures.sh: $figures_dir/$figure is $((size / 1024)) KB, over $((max_figure_bytes / 1024)) KB" >&2
  fi
  echo "$figures_dir/$figure"
done
