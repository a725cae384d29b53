#!/usr/bin/env bash
# Quality figures on the development sets in ../shared/benchmarks, embargo and fuse.js side by side.
#   bash bench/quality.sh            (after scripts/build.sh; writes to out/quality/)
set -euo pipefail
cd "$(dirname "$0")/.."
B=../shared/benchmarks
OUT=out/quality
mkdir -p "$OUT"
E=build/embargo
THREADS=${THREADS:-2}

echo "== embargo: name-variants"
/usr/bin/time -f "%e s, max RSS %M KB" $E batch --input $B/name-variants/dev_queries.csv --output $OUT/queries.jsonl --threads "$THREADS" || [ $? -le 1 ]
$E batch --input $B/name-variants/dev_innocents.csv --output $OUT/innocents.jsonl --threads "$THREADS" || [ $? -le 1 ]
python3 $B/name-variants/score.py $B/name-variants/dev_queries.csv $OUT/queries.jsonl $B/name-variants/dev_innocents.csv $OUT/innocents.jsonl

echo "== embargo: name-variants against the lists the set was made from (OFAC SDN 2024-05-03 names, UN)"
# The set's innocents are not on these two lists; some are on the bundle's others (UK, CSL).
OWN=$OUT/set_lists
mkdir -p $OWN/ofac-sdn $OWN/un
cp ../shared/data/ofac/sdn_2024-05-03/sdn.csv $OWN/ofac-sdn/
cp ../shared/data/un/UN_consolidated.xml $OWN/un/consolidated.xml
$E batch --lists $OWN --input $B/name-variants/dev_queries.csv --output $OUT/queries_set_lists.jsonl --threads "$THREADS" || [ $? -le 1 ]
$E batch --lists $OWN --input $B/name-variants/dev_innocents.csv --output $OUT/innocents_set_lists.jsonl --threads "$THREADS" || [ $? -le 1 ]
python3 $B/name-variants/score.py $B/name-variants/dev_queries.csv $OUT/queries_set_lists.jsonl $B/name-variants/dev_innocents.csv $OUT/innocents_set_lists.jsonl | tail -2

echo "== embargo: every US Congress member (the source of the set's innocents: its DEV half and the rest)"
# A check beyond the DEV half: none is listed, so every alert is false.
python3 -c "
import csv, json
w = csv.writer(open('$OUT/congress.csv', 'w', newline='', encoding='utf-8'))
w.writerow(['id', 'name', 'type'])
for line in open('../shared/data/opensanctions_test_only/us_congress_senzing.jsonl', encoding='utf-8'):
    r = json.loads(line)
    for n in r['NAMES']:
        if n.get('NAME_TYPE') == 'PRIMARY': w.writerow([r['RECORD_ID'], n['NAME_FULL'], 'person'])"
$E batch --input $OUT/congress.csv --output $OUT/congress.jsonl --threads "$THREADS" || [ $? -le 1 ]
python3 -c "
import csv, json
names = {r['id']: r['name'] for r in csv.DictReader(open('$OUT/congress.csv', encoding='utf-8'))}
out = [json.loads(l) for l in open('$OUT/congress.jsonl', encoding='utf-8')]
alerts = [o for o in out if o['alert']]
for o in alerts: print(f\"  {names[o['id']]} -> {o['hits'][0]['caption']} ({o['hits'][0]['entity_id']}) {o['hits'][0]['score']}\")
print(f'congress: n={len(out)} alerted={len(alerts)} rate={100 * len(alerts) / len(out):.2f}%')"

echo "== embargo: opensanctions-pairs"
$E compare --pairs $B/opensanctions-pairs/dev.jsonl > $OUT/pairs.jsonl || true
python3 $B/opensanctions-pairs/score.py $B/opensanctions-pairs/dev.jsonl $OUT/pairs.jsonl

echo "== embargo: cross-script pairs"
python3 bench/cross_script.py $E ../shared/data/name_matching/cross_script_pairs.csv || true

echo "== embargo: listed names in their own script, through the Latin names alone"
python3 bench/own_script.py $E data/lists | tail -9

if [ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/initdb" ]; then
  # PostgreSQL's trigram similarity on the same list names, through a throwaway server; embargo's
  # single-thread speed on the same queries right after it, for the ratio.
  echo "== pg_trgm vs embargo: name-variants, same list names"
  $E lists --export-names $OUT/names.jsonl >/dev/null
  python3 bench/pg_trgm/run.py $OUT/names.jsonl $B/name-variants/dev_queries.csv $B/name-variants/dev_innocents.csv $OUT/pg_trgm
  for cutoff in 0.5 0.6 0.7; do
    echo "pg_trgm alert at similarity >= $cutoff: $(python3 $B/name-variants/score.py $B/name-variants/dev_queries.csv $OUT/pg_trgm/queries_$cutoff.jsonl $B/name-variants/dev_innocents.csv $OUT/pg_trgm/innocents_$cutoff.jsonl | tail -1)"
  done
  [ -x build/bench/workload ] && build/bench/workload screen $B/name-variants/dev_queries.csv | tail -3
fi

if command -v node >/dev/null; then
  # fuse.js scans every name for every query (a few names per second here), so it runs on a
  # deterministic sample: every tenth query. embargo is scored on the same sample beside it.
  echo "== fuse.js vs embargo: name-variants sample (every 10th query), same list names"
  (cd bench/fuse && { [ -d node_modules/fuse.js ] || npm install --no-audit --no-fund >/dev/null; })
  python3 -c "
import csv, sys
rows = list(csv.reader(open('$B/name-variants/dev_queries.csv', encoding='utf-8')))
w = csv.writer(open('$OUT/queries_sample.csv', 'w', newline='', encoding='utf-8'))
w.writerow(rows[0])
[w.writerow(r) for i, r in enumerate(rows[1:]) if i % 10 == 0]"
  $E lists --export-names $OUT/names.jsonl >/dev/null
  $E batch --input $OUT/queries_sample.csv --output $OUT/embargo_sample.jsonl || [ $? -le 1 ]
  python3 $B/name-variants/score.py $OUT/queries_sample.csv $OUT/embargo_sample.jsonl $B/name-variants/dev_innocents.csv $OUT/innocents.jsonl | tail -1
  node bench/fuse/screen.mjs $OUT/names.jsonl $OUT/queries_sample.csv $OUT/fuse_sample.jsonl --threshold 0.5
  node bench/fuse/screen.mjs $OUT/names.jsonl $B/name-variants/dev_innocents.csv $OUT/fuse_innocents.jsonl --threshold 0.5
  for cutoff in 0.2 0.3 0.35 0.4; do
    python3 bench/fuse/cutoffs.py $OUT/fuse_sample.jsonl $OUT/fuse_innocents.jsonl $cutoff $OUT/fq.jsonl $OUT/fi.jsonl
    echo "fuse.js alert at score <= $cutoff: $(python3 $B/name-variants/score.py $OUT/queries_sample.csv $OUT/fq.jsonl $B/name-variants/dev_innocents.csv $OUT/fi.jsonl | tail -1)"
  done
fi
