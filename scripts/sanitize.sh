#!/usr/bin/env bash
# Builds embargo a second time with clang, AddressSanitizer and UndefinedBehaviorSanitizer (in
# build/sanitize/: the library, the CLI, the tests and the libFuzzer targets, all instrumented),
# runs the tests of the chosen labels there, then every fuzzer on the same build.
#
#   bash scripts/sanitize.sh [LABELS_REGEX] [FUZZ_SECONDS]
#
# Default labels: the units over untrusted bytes that need no full list load per test (common,
# text, goods, policy) and the HTTP front against hostile bytes (http: limits, depth, deadlines).
# The other labels load the whole bundle in every test process, which under the sanitizers would
# take CI past its time budget; their parsers (lists, payments, trade, config, store, the whole
# HTTP request path) are covered by the fuzzers below. Only the test binaries of the default
# labels are built. Exit status is non-zero when a test fails, a sanitizer reports, or a fuzzer
# crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
labels="${1:-^(common|text|goods|policy|http)\$}"
fuzz_seconds="${2:-60}"
build=build/sanitize
bash scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# The same configuration as scripts/fuzz.sh with tests on, so that both share one build.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DEMBARGO_FUZZ=ON -DEMBARGO_TESTS=ON -DEMBARGO_BENCH=OFF "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -g" >/dev/null
targets=(embargo fuzzers)
[[ -z "${1:-}" ]] && targets+=(common_test text_test goods_test policy_test server_limits_test) || targets=(all)
ninja -C "$build" -j "$(nproc)" "${targets[@]}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
rm -rf "$build/test-tmp"
ctest --test-dir "$build" -L "$labels" --output-on-failure -j "$(nproc)" --timeout 900
EMBARGO_FUZZ_BUILD="$build" EMBARGO_FUZZ_TESTS=ON bash scripts/fuzz.sh "$fuzz_seconds"
