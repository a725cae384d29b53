#!/usr/bin/env bash
# The ownership benchmark of docs/BENCHMARKS.md: a synthetic register (1,000,000 companies,
# 3,000,000 holdings, 500 listed owners), evaluated by embargo (full, then 200 single-holding
# edits) and by a straightforward recursive evaluation in Python, in one run; the two blocked sets
# are compared. Usage: bash bench/ownership/run.sh [WORKDIR] (default /tmp/embargo-ownership-bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-/tmp/embargo-ownership-bench}"
mkdir -p "$work"
if [[ ! -s "$work/register.csv" ]]; then
  python3 bench/ownership/gen_register.py > "$work/register.csv.tmp"
  mv "$work/register.csv.tmp" "$work/register.csv"
fi
ninja -C build ownership_bench >/dev/null
echo "embargo:"
taskset -c 0 build/bench/ownership_bench "$work/register.csv" 200 "$work/blocked_embargo.txt"
echo "python recursive:"
taskset -c 0 python3 bench/ownership/recursive.py "$work/register.csv" --blocked-out "$work/blocked_python.txt"
if cmp -s "$work/blocked_embargo.txt" "$work/blocked_python.txt"; then
  echo "blocked sets: identical ($(wc -l < "$work/blocked_embargo.txt") entities)"
else
  echo "blocked sets DIFFER: $(comm -3 "$work/blocked_embargo.txt" "$work/blocked_python.txt" | wc -l) entities"
fi
