#!/usr/bin/env bash
# Parse time and records/s per list format on the real files in ../shared/data.
#
#   bash bench/parse_lists.sh [BUILD_DIR] [RUNS]
#
# Each format is put alone in a scratch directory (symlinks) and loaded with
# `embargo --lists DIR lists --format json`, RUNS times in a row under /usr/bin/time; the mean
# wall time per load is reported. It includes process start-up and JSON output, measured on the
# 4-record EU fixture and subtracted in "net_s". Records are entities plus rejected records as
# the command reports them (OFSI: 2,106 targets from 9,487 rows).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
runs="${2:-20}"
data="$root/../shared/data"
bin="$build/embargo"
[[ -x "$bin" ]] || { echo "no $bin: build first" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

setup() {  # name, then files to link
  local name="$1"; shift
  mkdir -p "$tmp/$name"
  for f in "$@"; do ln -s "$f" "$tmp/$name/"; done
}
setup ofac-sdn-csv "$data/ofac/sdn_2024-05-03/sdn.csv"
setup ofac-cons-xml "$data/ofac/non_sdn_cons_2018-04/consolidated.xml"
setup un-xml "$data/un/UN_consolidated.xml"
setup uk-ofsi-csv "$data/uk_ofsi/ConList_2018-04-13.csv"
setup bis-dpl "$data/bis/dpl.txt"
setup us-csl-legacy "$data/us_csl/csl_sample_legacy_format.csv"
setup us-csl-current "$data/us_csl/consolidated_sample_current_format.csv"
setup eu-fsf-fixture "$root/tests/lists/testdata/eu/fsf_sample.xml"
# FtM JSON lines: the distinct entities of the OpenSanctions pairs file, extracted into the
# scratch directory only (the data is CC BY-NC and never enters the repository).
pairs="$root/../shared/benchmarks/opensanctions-pairs/dev.jsonl"
if [[ -f "$pairs" ]]; then
  mkdir -p "$tmp/ftm-jsonl"
  python3 - "$pairs" "$tmp/ftm-jsonl/entities.ftm.jsonl" <<'PY'
import json, sys
seen, out = set(), open(sys.argv[2], "w")
for line in open(sys.argv[1]):
    pair = json.loads(line)
    for side in ("left", "right"):
        e = pair[side]
        if e["id"] not in seen:
            seen.add(e["id"])
            out.write(json.dumps(e) + "\n")
PY
fi
# /usr/bin/time reports 10 ms steps, so each measurement times RUNS loads in a row and divides.
per_load() {  # dir -> "seconds_per_load peak_rss_kb"
  local dir="$1"
  { /usr/bin/time -f "%e %M" bash -c 'for ((i = 0; i < $1; i++)); do "$2" --lists "$3" lists --format json >"$4"; done' \
      _ "$runs" "$bin" "$dir" "$tmp/out.json"; } 2>&1 | tail -1 | awk -v k="$runs" '{ printf "%.4f %d\n", $1 / k, $2 }'
}
# Start-up and output cost, measured on the smallest list (the EU fixture, 4 records).
read -r base _ < <(per_load "$tmp/eu-fsf-fixture")
printf "%-16s %9s %8s %10s %10s %9s %8s\n" format bytes records "s/load" "net_s" "records/s" "MB/s"
for dir in ofac-sdn-csv ofac-cons-xml un-xml uk-ofsi-csv bis-dpl us-csl-legacy us-csl-current eu-fsf-fixture ftm-jsonl; do
  [[ -d "$tmp/$dir" ]] || continue
  read -r secs rss < <(per_load "$tmp/$dir")
  bytes=$(cat "$tmp/$dir"/* | wc -c)
  records=$(python3 -c 'import json,sys; print(sum(l["entities"] + len(l["rejected"]) for l in json.load(open(sys.argv[1]))))' "$tmp/out.json")
  awk -v f="$dir" -v b="$bytes" -v n="$records" -v s="$secs" -v z="$base" 'BEGIN {
    net = s - z; ok = net > 0.0005;
    printf "%-16s %9d %8d %10.4f %10s %9s %8s\n", f, b, n, s, (ok ? sprintf("%.4f", net) : "-"),
           (ok ? sprintf("%.0f", n / net) : "-"), (ok ? sprintf("%.1f", b / net / 1e6) : "-") }'
done
echo "s/load: one 'embargo lists' run (mean of $runs in a row); net_s: minus start-up and output (${base}s, the 4-record EU fixture)"
