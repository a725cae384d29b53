#!/usr/bin/env bash
# Builds embargo with its tests and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
rm -rf build/test-tmp  # the tests' scratch files of the last run (tests/CMakeLists.txt)
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
