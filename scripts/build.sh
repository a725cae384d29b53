#!/usr/bin/env bash
# Installs missing Debian packages, configures and builds embargo into build/ (CLI: build/embargo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
ninja -C build -j "$(nproc)" "${EMBARGO_TARGETS:-all}"
