#!/usr/bin/env bash
# A throwaway PostgreSQL for tests: initdb in a temp dir, loopback only, on a free port, with its
# unix socket under /tmp. Debian's postgresql-15 binaries; PostgreSQL refuses to run as root, so
# root runs it as the postgres user.
#   pg-test-server.sh start STATE_DIR   starts it; writes STATE_DIR/uri (a postgresql:// URI)
#   pg-test-server.sh stop STATE_DIR    stops it and removes its data
# Exit 0 on success; 3 when the PostgreSQL binaries are absent (tests then skip).
set -euo pipefail
cmd=${1:?start|stop}; state=${2:?state dir}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "pg-test-server: PostgreSQL binaries not found (install postgresql)" >&2
  mkdir -p "$state" && rm -f "$state/uri"
  exit 3
fi
as_pg=()
if [[ $(id -u) == 0 ]]; then as_pg=(runuser -u postgres --); fi

if [[ $cmd == stop ]]; then
  if [[ -f "$state/datadir" ]]; then
    data=$(cat "$state/datadir")
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$(dirname "$data")"
  fi
  rm -f "$state/uri" "$state/datadir"
  exit 0
fi

mkdir -p "$state"
"$0" stop "$state" || true
root=$(mktemp -d /tmp/embargo-pg.XXXXXX)
chmod 755 "$root"
data="$root/data"; sock="$root/sock"
mkdir -p "$data" "$sock"
[[ ${#as_pg[@]} -gt 0 ]] && chown -R postgres:postgres "$root"
echo "$data" >"$state/datadir"
"${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-sync >"$root/initdb.log" 2>&1 \
  || { cat "$root/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$root/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c fsync=${EMBARGO_PG_FSYNC:-off} -c max_connections=100" start >/dev/null \
  || { cat "$root/server.log" >&2; exit 1; }
echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/uri"
echo "pg-test-server: running on 127.0.0.1:$port (data $data)" >&2
