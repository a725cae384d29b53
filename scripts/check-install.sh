#!/usr/bin/env bash
# Installs a built tree into a temporary prefix, builds examples/find_package against it with
# find_package(embargo), and screens "Vladimir Putin" with it: the example must alert (exit 1)
# with an OFAC SDN hit. Usage: check-install.sh BUILD_DIR
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$src/examples/find_package" -B "$work/example" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" >/dev/null
cmake --build "$work/example" >/dev/null
set +e
out="$("$work/example/screen_name" "Vladimir Putin")"
rc=$?
set -e
echo "$out" | head -3
[[ $rc -eq 1 ]] || { echo "expected an alert (exit 1), got exit $rc" >&2; exit 1; }
grep -q "ofac-sdn:" <<<"$out" || { echo "expected an OFAC SDN hit" >&2; exit 1; }
echo "installed package works"
