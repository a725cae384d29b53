#!/usr/bin/env bash
# HTTP load test: starts `embargo serve --no-auth` on a loopback port and drives /v1/screen and
# /match/default with wrk at 1, 16 and 64 connections, keep-alive, single-name bodies from the
# name-variants query set. Prints requests/s, p50/p99 latency and errors per run.
#
#   bash bench/http/run.sh [DURATION_SECONDS] [--soak SECONDS [RELOAD_EVERY_SECONDS]]
# With --soak, then runs /v1/screen and /match at 16 connections for SECONDS while reloading the
# lists every RELOAD_EVERY_SECONDS (default 60; SIGHUP), sampling the server's RSS before each reload.
# DURATION_SECONDS 0 skips the throughput runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
soak=0
every=60
if [[ "${2:-}" == "--soak" ]]; then soak=${3:-600}; every=${4:-60}; fi
queries=../shared/benchmarks/name-variants/dev_queries.csv
port=${EMBARGO_BENCH_PORT:-18181}
threads=${WRK_THREADS:-2}
bin=${EMBARGO_BIN:-build/embargo}  # another build to compare with, e.g. one of main

source bench/http/serve.sh
start_server /tmp/embargo-bench-serve.log --no-auth
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }  # the server's user + system time
echo "server pid $pid, RSS after load: $(rss)"

if ((duration > 0)); then
  for mode in screen match; do
    # warm-up
    wrk -t1 -c4 -d2s -s bench/http/screen.lua "http://127.0.0.1:$port" -- "$mode" "$queries" >/dev/null
    for c in 1 16 64; do
      t=$threads; ((c < t)) && t=$c
      before=$(cpu_ticks)
      line=$(wrk -t"$t" -c"$c" -d"${duration}s" --timeout 5s -s bench/http/screen.lua "http://127.0.0.1:$port" -- "$mode" "$queries" | grep '^RESULT')
      requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
      # Server CPU per request: independent of how many cores other processes took meanwhile.
      echo "$mode c=$c $line server_cpu_us=$(( ($(cpu_ticks) - before) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
    done
  done
  echo "server RSS after runs: $(rss)"
fi

if ((soak > 0)); then
  before=$(rss)
  # RSS is sampled just before each reload: while a reload runs, two list versions are in memory.
  ( for _ in $(seq $((soak / every))); do sleep "$every"; echo "before reload at $(date +%T): RSS $(rss)"; kill -HUP $pid; done ) &
  reloader=$!
  # Half the connections ask /v1/screen, half /match, for the whole soak.
  wrk -t1 -c8 -d"${soak}s" --timeout 5s -s bench/http/screen.lua "http://127.0.0.1:$port" -- screen "$queries" | grep '^RESULT' | sed 's/^/soak screen c=8: /' &
  w1=$!
  wrk -t1 -c8 -d"${soak}s" --timeout 5s -s bench/http/screen.lua "http://127.0.0.1:$port" -- match "$queries" | grep '^RESULT' | sed 's/^/soak match c=8: /'
  wait $w1 || true
  wait $reloader || true
  sleep 5  # let the last reload finish
  echo "soak ${soak}s, reload every ${every}s: RSS before $before, after $(rss); reloads logged: $(grep -c 'lists reloaded' /tmp/embargo-bench-serve.log)"
fi
