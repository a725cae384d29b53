#!/usr/bin/env bash
# A throwaway redis-server for tests: loopback only, on a free port, no persistence, in a temp dir.
# Debian's redis-server binary (scripts/install-deps.sh installs it).
#   redis-test-server.sh start STATE_DIR [--requirepass]
#       starts it; writes STATE_DIR/uri (redis://127.0.0.1:PORT). With --requirepass it asks every
#       client for a password (AUTH), a fresh one holding URI delimiters ('@', ':', '/', '%'),
#       written to STATE_DIR/password (mode 600).
#   redis-test-server.sh stop STATE_DIR    stops it and removes its files
# Exit 0 on success; 3 when redis-server is absent (tests then skip).
set -euo pipefail
cmd=${1:?start|stop}; state=${2:?state dir}; auth=${3:-}
bin=$(command -v redis-server || true)
if [[ -z "$bin" ]]; then
  echo "redis-test-server: redis-server not found (install redis-server)" >&2
  mkdir -p "$state" && rm -f "$state/uri"
  exit 3
fi

if [[ $cmd == stop ]]; then
  if [[ -f "$state/pid" ]]; then
    pid=$(cat "$state/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  [[ -f "$state/dir" ]] && rm -rf "$(cat "$state/dir")"
  rm -f "$state/uri" "$state/pid" "$state/dir" "$state/password"
  exit 0
fi

mkdir -p "$state"
"$0" stop "$state" || true
dir=$(mktemp -d /tmp/embargo-redis.XXXXXX)
echo "$dir" >"$state/dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
extra=()
if [[ $auth == --requirepass ]]; then
  (umask 077; python3 -c 'import secrets; print("p@ss:w/%rd" + secrets.token_hex(8))' >"$state/password")
  extra=(--requirepass "$(cat "$state/password")")
  export REDISCLI_AUTH; REDISCLI_AUTH=$(cat "$state/password")  # redis-cli's ping below
elif [[ -n $auth ]]; then
  echo "redis-test-server: unknown option $auth (expected --requirepass)" >&2; exit 1
fi
"$bin" --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --protected-mode yes "${extra[@]}"
for _ in $(seq 100); do
  [[ -s "$dir/redis.pid" ]] && redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { cat "$dir/redis.log" >&2; exit 1; }
cp "$dir/redis.pid" "$state/pid"
echo "redis://127.0.0.1:$port" >"$state/uri"
echo "redis-test-server: running on 127.0.0.1:$port" >&2
