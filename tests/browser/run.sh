#!/usr/bin/env bash
# The workbench in a real browser (ctest label "browser"): installs the pinned npm packages from
# package-lock.json when they are missing (npm ci; later runs need no network), then drives
# Debian's chromium against a fresh `embargo serve`. Fails, never skips, without chromium or node.
# Usage: run.sh EMBARGO_BINARY ARTIFACT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$1"
artifacts="$2"
chromium="${EMBARGO_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || { echo "browser test: $chromium is missing (bash scripts/install-deps.sh installs it)" >&2; exit 1; }
command -v node >/dev/null || { echo "browser test: node is missing (bash scripts/install-deps.sh installs it)" >&2; exit 1; }
# npm ci only when node_modules does not match the lock file: idempotent, and offline once installed.
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.embargo-lock" 2>/dev/null; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$here/node_modules/.embargo-lock"
fi
mkdir -p "$artifacts"
exec node "$here/workbench.test.mjs" "$binary" "$artifacts" "$chromium"
