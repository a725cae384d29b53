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

echo "== embargo: opensanctions-pairs"
$E compare --pairs $B/opensanctions-pairs/dev.jsonl > $OUT/pairs.jsonl || true
python3 $B/opensanctions-pairs/score.py $B/opensanctions-pairs/dev.jsonl $OUT/pairs.jsonl

echo "== embargo: cross-script pairs"
python3 bench/cross_script.py $E ../shared/data/name_matching/cross_script_pairs.csv || true

if command -v node >/dev/null; then
  echo "== fuse.js: name-variants (same list names)"
  (cd bench/fuse && [ -d node_modules/fuse.js ] || npm install --no-audit --no-fund >/dev/null)
  $E lists --export-names $OUT/names.jsonl >/dev/null
  node bench/fuse/screen.mjs $OUT/names.jsonl $B/name-variants/dev_queries.csv $OUT/fuse_queries.jsonl
  node bench/fuse/screen.mjs $OUT/names.jsonl $B/name-variants/dev_innocents.csv $OUT/fuse_innocents.jsonl
  python3 $B/name-variants/score.py $B/name-variants/dev_queries.csv $OUT/fuse_queries.jsonl $B/name-variants/dev_innocents.csv $OUT/fuse_innocents.jsonl
fi
