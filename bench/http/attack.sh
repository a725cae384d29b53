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
echo -n "$key" | sha256sum | cut -d' ' -f1 >"$keys"
"$bin" serve --api-keys "$keys" --port "$port" 2>/tmp/embargo-attack-serve.log &
pid=$!
trap 'kill $pid 2>/dev/null && wait $pid 2>/dev/null; rm -f "$keys"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
python3 bench/http/attack.py "$port" "$pid" "$key"
