#!/usr/bin/env bash
# Updates and swaps a full set of lists from a loopback HTTP server while `embargo serve` answers
# queries. Prints the time of each `lists update` and of each switch (SIGHUP until /readyz shows
# the new version), and wrk's figures for a run without updates and a run with them.
#
#   bash bench/update_swap.sh [DURATION_SECONDS] [SWAPS]
# Needs python3 (http.server), wrk, curl and ../shared/data (OFAC 2024-05-02 and 2024-05-03).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30}
swaps=${2:-4}
port=${EMBARGO_BENCH_PORT:-18191}
files_port=$((port + 1))
queries=../shared/benchmarks/name-variants/dev_queries.csv
shared=../shared/data
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# Two publications of OFAC SDN (8 records apart), the bundled non-SDN and UN lists.
mkdir -p "$work/www/a" "$work/www/b"
cp "$shared/ofac/sdn_2024-05-02/sdn.csv.gz" "$work/www/a/sdn.csv.gz"
cp data/lists/ofac-sdn/sdn.csv.gz "$work/www/b/sdn.csv.gz"
cp data/lists/ofac-cons/*.gz data/lists/un/consolidated.xml.gz "$work/www/"
# The SDN set's other files: sdn.csv alone has half the names in force, a refused drop.
cp data/lists/ofac-sdn/add.csv.gz data/lists/ofac-sdn/alt.csv.gz data/lists/ofac-sdn/sdn_comments.csv.gz "$work/www/"
ln -s a "$work/www/sdn"
url="http://127.0.0.1:$files_port"
cat >"$work/embargo.conf" <<EOF
source.ofac-sdn = sdn.csv=$url/sdn/sdn.csv.gz add.csv=$url/add.csv.gz alt.csv=$url/alt.csv.gz sdn_comments.csv=$url/sdn_comments.csv.gz
source.ofac-cons = cons_prim.csv=$url/cons_prim.csv.gz cons_add.csv=$url/cons_add.csv.gz cons_alt.csv=$url/cons_alt.csv.gz cons_comments.csv=$url/cons_comments.csv.gz
source.un = consolidated.xml=$url/consolidated.xml.gz
update.sources = ofac-sdn ofac-cons un
update.stall_timeout = 5
EOF
python3 -m http.server "$files_port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf "$url/sdn/sdn.csv.gz" -o /dev/null && break; sleep 0.1; done

embargo() { build/embargo --config "$work/embargo.conf" --lists "$work/store" "$@"; }
seconds() { python3 -c 'import time; print(f"{time.time():.3f}")'; }

t0=$(seconds)
embargo lists update >/dev/null 2>&1
t1=$(seconds)
echo "first update of the full set (3 sources, 9 files) into an empty store: $(python3 -c "print(f'{$t1-$t0:.2f}')") s"

build/embargo --lists "$work/store" serve --no-auth --port "$port" 2>"$work/serve.log" &
server=$!
pids+=($server)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
version() { curl -sf "http://127.0.0.1:$port/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }

wrk_run() {
  wrk -t2 -c16 -d"${duration}s" --timeout 5s --latency -s bench/http/screen.lua "http://127.0.0.1:$port" -- screen "$queries" \
    | awk '/^RESULT/ {r=$0} /^    Latency/ {max=$4} END {print r " max=" max}'
}
wrk -t1 -c4 -d2s -s bench/http/screen.lua "http://127.0.0.1:$port" -- screen "$queries" >/dev/null  # warm-up
echo "no updates:   $(wrk_run)"

(
  sleep 2
  for i in $(seq "$swaps"); do
    if (( i % 2 )); then ln -sfn b "$work/www/sdn"; else ln -sfn a "$work/www/sdn"; fi
    before=$(version)
    t0=$(seconds)
    embargo lists update >"$work/update.out" 2>&1 || { echo "update failed:"; cat "$work/update.out"; }
    t1=$(seconds)
    kill -HUP "$server"
    while [[ "$(version)" == "$before" ]]; do sleep 0.02; done
    t2=$(seconds)
    echo "swap $i: lists update $(python3 -c "print(f'{$t1-$t0:.2f}')") s ($(grep -cE '^[a-z0-9-]+ +updated' "$work/update.out") of 3 sources updated), SIGHUP to new version served $(python3 -c "print(f'{$t2-$t1:.2f}')") s"
    sleep $(( (duration - 4) / swaps > 3 ? (duration - 4) / swaps - 2 : 1 ))
  done
) &
swapper=$!
line=$(wrk_run)
wait $swapper
echo "with updates: $line"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "reloads logged by the server: $(grep -c 'lists reloaded' "$work/serve.log")"
