#!/usr/bin/env bash
# Long documents for the free-text scanner benchmark, written to out/text_scan/ (not committed):
#
#   articles.txt   the test articles (tests/text_scan/testdata/*.txt: English, Russian, Arabic,
#                  Chinese, remittance lines) repeated to >= 10 MB: many listed names per page
#   english.txt    >= 10 MB of plain English prose without listed names: the text of this
#                  machine's section-1 manual pages (troff requests and font escapes removed), in
#                  sorted file order
#   upper.txt      english.txt in upper case: no case rule applies, every word is looked up
#
#   bash bench/text_scan_corpus.sh && build/bench/text_scan_workload out/text_scan/*.txt
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/out/text_scan"
mkdir -p "$out"
size=$((10 * 1000 * 1000))
: > "$out/articles.txt"
while [[ $(stat -c %s "$out/articles.txt") -lt $size ]]; do
  cat "$root"/tests/text_scan/testdata/*.txt >> "$out/articles.txt"
  echo >> "$out/articles.txt"
done
find /usr/share/man/man1 -name '*.1.gz' | LC_ALL=C sort | xargs zcat 2>/dev/null \
  | grep -av "^[.']" | sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(..//g' -e 's/\\//g' \
  | iconv -f UTF-8 -t UTF-8 -c | head -c $((size + size / 10)) > "$out/english.txt" || true  # head ends the pipe early
tr '[:lower:]' '[:upper:]' < "$out/english.txt" > "$out/upper.txt"
ls -l "$out"
