#!/usr/bin/env bash
# Rescreening figures (docs/BENCHMARKS.md): N synthetic customers (default 1,000,000) against
#   1. a day's list delta: the real OFAC SDN 2024-05-02 -> 2024-05-03 change plus ADDED synthetic
#      additions (default 200), as `rescreen --previous-lists OLD` computes it with DiffLists;
#   2. the full 2024-05-03 list plus additions (a first run: no baseline in the store).
# Each run writes alerts and audit records to a fresh SQLite store (or PostgreSQL with
# EMBARGO_BENCH_PG=1, started by scripts/pg-test-server.sh). Files go to $EMBARGO_BENCH_TMP
# (default /tmp/embargo-rescreen-bench), never into the repository.
#   bash bench/rescreen.sh [N] [ADDED] [THREADS]
#   EMBARGO_BENCH_RUNS=day_delta EMBARGO_BENCH_PG=1 bash bench/rescreen.sh   (one run, on PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; ADDED=${2:-200}; THREADS=${3:-2}
T=${EMBARGO_BENCH_TMP:-/tmp/embargo-rescreen-bench}
OFAC=${EMBARGO_SHARED_DATA:-$PWD/../shared/data}/ofac
E=$PWD/build/embargo
[[ -x $E ]] || { echo "build first: bash scripts/build.sh" >&2; exit 2; }
rm -rf "$T" && mkdir -p "$T/old" "$T/new"
cp "$OFAC/sdn_2024-05-02/sdn.csv.gz" "$T/old/"
python3 - "$OFAC/sdn_2024-05-03/sdn.csv" "$T/new/sdn.csv" "$T/added_names.txt" "$ADDED" <<'PY'
import random, sys
src, dst, names_out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = open(src, "rb").read().rstrip(b"\x1a\r\n ")
rng = random.Random(7)
first = "Arkady Boris Viktor Yevgeny Rustam Farid Tariq Kamal Jamal Hamid Reza Dariush Li Zhao Kim".split()
last = "Volkovsky Baranovich Zheleznyak Karimzadeh Nourani Tabrizian Haqqani Qasemi Zhenghua Pyongil".split()
rows, names = [], []
for i in range(n):
    f, l = rng.choice(first), rng.choice(last) + rng.choice(["", "ov", "ev", "in", "ski"])
    rows.append(f'{90000 + i},"{l.upper()}, {f}",individual,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."')
    names.append(f"{f} {l}")
open(dst, "wb").write(data + b"\r\n" + "\r\n".join(rows).encode() + b"\r\n")
open(names_out, "w").write("\n".join(names) + "\n")
PY
python3 bench/gen_customers.py "$N" "$T/customers.csv" "$T/added_names.txt"
store() {
  if [[ ${EMBARGO_BENCH_PG:-0} == 1 ]]; then
    psql -q "$(cat "$T/pg/uri")" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
    local uri; uri=$(cat "$T/pg/uri"); echo "${uri%/*}/$1"
  else
    echo "$T/$1.db"
  fi
}
if [[ ${EMBARGO_BENCH_PG:-0} == 1 ]]; then
  EMBARGO_PG_FSYNC=on bash scripts/pg-test-server.sh start "$T/pg"
  trap 'bash scripts/pg-test-server.sh stop "$T/pg"' EXIT
fi
echo "# $N customers, $ADDED synthetic additions, $THREADS threads, store: $([[ ${EMBARGO_BENCH_PG:-0} == 1 ]] && echo postgresql || echo sqlite)"
run() {
  local name=$1; shift
  local s; s=$(store "$name")
  /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" "$E" --lists "$T/new" rescreen --customers "$T/customers.csv" \
    --decision-store "$s" --threads "$THREADS" --format json "$@" 2>"$T/$name.err" >"$T/$name.json" || [[ $? == 1 ]]
  echo "$name: $(cat "$T/$name.json")"
  grep -E "wall" "$T/$name.err"
}
runs=${EMBARGO_BENCH_RUNS:-day_delta full_list}
[[ " $runs " == *" day_delta "* ]] && run day_delta --previous-lists "$T/old"
[[ " $runs " == *" full_list "* ]] && run full_list
true
