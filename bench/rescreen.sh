#!/usr/bin/env bash
# Rescreening figures (docs/BENCHMARKS.md): N synthetic customers (default 1,000,000) against
#   1. a day's list delta: the real OFAC SDN 2024-05-02 -> 2024-05-03 change plus ADDED synthetic
#      additions (default 200), as `rescreen --previous-lists OLD` computes it with DiffLists, after
#      a first run against the 2024-05-02 list in the same store (`day_delta_baseline`): the delta
#      serves only the customers a finished run screened;
#   2. the full 2024-05-03 list plus additions (a first run: no baseline in the store).
# With both, `missed` counts the alerts of the full run that neither the baseline nor the delta
# run raised (customer, record): what rescreening the delta alone left out.
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
E=${EMBARGO_BIN:-$PWD/build/embargo}
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
open(dst, "wb").write(data + b"\r\n" + "\r\n".join(rows).encode() + b"\r\n\x1a")  # OFAC ends its files so
open(names_out, "w").write("\n".join(names) + "\n")
PY
python3 bench/gen_customers.py "$N" "$T/customers.csv" "$T/added_names.txt"
store() {
  if [[ ${EMBARGO_BENCH_PG:-0} == 1 ]]; then
    [[ ${EMBARGO_BENCH_KEEP:-0} == 1 ]] ||
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
  local name=$1 db=$2 lists=$3; shift 3
  local s; s=$(store "$db")
  /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" "$E" --lists "$lists" rescreen --customers "$T/customers.csv" \
    --decision-store "$s" --threads "$THREADS" --format json "$@" 2>"$T/$name.err" >"$T/$name.json" || [[ $? == 1 ]]
  echo "$name: $(cat "$T/$name.json")"
  grep -E "wall" "$T/$name.err"
}
runs=${EMBARGO_BENCH_RUNS:-day_delta full_list}
if [[ " $runs " == *" day_delta "* ]]; then
  run day_delta_baseline day_delta "$T/old"
  EMBARGO_BENCH_KEEP=1 run day_delta day_delta "$T/new" --previous-lists "$T/old"
fi
[[ " $runs " == *" full_list "* ]] && run full_list full_list "$T/new"
if [[ " $runs " == *" day_delta "* && " $runs " == *" full_list "* && ${EMBARGO_BENCH_PG:-0} != 1 ]]; then
  echo "missed: $(sqlite3 "$T/full_list.db" "ATTACH '$T/day_delta.db' AS d; SELECT COUNT(*) FROM (SELECT DISTINCT
    customer_id, entity_id FROM alerts EXCEPT SELECT customer_id, entity_id FROM d.alerts)") alerts of the full run" \
    "raised by neither the baseline nor the delta run"
fi
true
