#!/usr/bin/env bash
# Starts `embargo serve` with an API key on a loopback port and runs bench/http/attack.py against
# it: 200 MiB chunked bodies (memory growth) and 500 slowloris connections (latency meanwhile).
#
#   bash bench/http/attack.sh            # EMBARGO_BIN=other/embargo to measure another build
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${EMBARGO_BENCH_PORT:-18182}
bin=${EMBARGO_BIN:-build/embargo}
key="attack-bench-key-$$"
keys=$(mktemp)
cleanup=("$keys")
echo -n "$key" | sha256sum | cut -d' ' -f1 >"$keys"
source bench/http/serve.sh
start_server /tmp/embargo-attack-serve.log --api-keys "$keys"
python3 bench/http/attack.py "$port" "$pid" "$key"
