#!/usr/bin/env bash
# Sets up, builds Release and runs the main job on a scenario (default: Tianjin 2005).
# Usage: scripts/run.sh [SCENARIO.yaml] [extra citynet options]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" --target citynet
exec build/release/citynet run "$@"
