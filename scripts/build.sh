#!/usr/bin/env bash
# Installs missing Debian packages, configures and builds embargo into build/ (CLI: build/embargo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# ccache, when a developer has it, shares objects between checkouts (not needed by CI).
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$PWD")}"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@" >/dev/null
read -ra targets <<< "${EMBARGO_TARGETS:-all}"
ninja -C build -j "$(nproc)" "${targets[@]}"
