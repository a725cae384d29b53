#!/usr/bin/env bash
# Builds embargo and screens a name against the bundled lists.
set -euo pipefail
cd "$(dirname "$0")/.."
EMBARGO_TARGETS=embargo bash scripts/build.sh
status=0
./build/embargo screen "${1:-Vladimir Putin}" || status=$?
# Exit status 1 means an alert was raised, which is the expected outcome here.
[ "$status" -le 1 ]
