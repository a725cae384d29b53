#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/: list loaders and store, payment, trade and text parsers, HTTP requests)
# with clang, ASan and UBSan, and runs
# each for a bounded time on seeds cut from the real list files.
#
#   bash scripts/fuzz.sh [TOTAL_SECONDS]     # default 20 s, shared between the targets
#
# Exit status is non-zero when a target crashes or breaks the loader contract; the crashing
# input is left in the work directory that the failing run prints. Suitable for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-20}"
build="${EMBARGO_FUZZ_BUILD:-build/fuzz}"
data="$(pwd)/../shared/data"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# scripts/sanitize.sh builds the tests in the same directory (EMBARGO_FUZZ_TESTS=ON).
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DEMBARGO_FUZZ=ON -DEMBARGO_TESTS="${EMBARGO_FUZZ_TESTS:-OFF}" -DEMBARGO_BENCH=OFF "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -g" >/dev/null
ninja -C "$build" fuzzers >/dev/null

work="$(mktemp -d)"
# Seeds: the first 8 KB of each real file of the format (the loaders must cope with the cut),
# the EU fixture, and the first bytes of every other format so that detection paths are hit.
seed() {  # target, files...
  local t="$1"; shift
  mkdir -p "$work/$t"
  local i=0
  for f in "$@"; do
    [[ -f "$f" ]] || continue
    head -c 8192 "$f" >"$work/$t/seed$((i++))"
  done
}
seed uk_ofsi "$data/uk_ofsi/ConList_2018-04-13.csv"
seed bis_dpl "$data/bis/dpl.txt"
seed us_csl "$data/us_csl/csl_sample_legacy_format.csv" "$data/us_csl/consolidated_sample_current_format.csv"
seed eu_fsf tests/lists/testdata/eu/fsf_sample.xml
seed ftm_jsonl "$data/../benchmarks/opensanctions-pairs/dev.jsonl"
seed ofac_csv "$data/ofac/sdn_2024-05-03/sdn.csv" "$data/ofac/non_sdn_cons_2018-04/cons_prim.csv"
seed ofac_xml "$data/ofac/non_sdn_cons_2018-04/consolidated.xml"
seed un_xml "$data/un/UN_consolidated.xml"
targets=(uk_ofsi bis_dpl us_csl eu_fsf ftm_jsonl ofac_csv ofac_xml un_xml)
seed uk_fcdo tests/lists/testdata/uk/UK-Sanctions-List.csv tests/lists/testdata/uk/ConList_2022_format.csv
targets+=(uk_fcdo)
seed mt "$data/payments/"*.txt "$data/payments/"*.rje tests/payments/testdata/*.txt
seed pacs "$data/payments/"*.xml tests/payments/testdata/*.xml
targets+=(mt pacs)
mkdir -p "$work/json_request"
printf '%s' '{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"]}}}}' >"$work/json_request/seed0"
printf '%s' '{"parties": [{"name": "Rosneft", "type": "company", "country": "RU", "id": "IMO 7406784"}]}' >"$work/json_request/seed1"
targets+=(json_request)
mkdir -p "$work/http"  # raw bytes to a live server: request lines, headers, chunked and pipelined bodies
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' >"$work/http/seed0"
printf 'POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: fuzz-key\r\nContent-Length: 26\r\n\r\n{"name": "Vladimir Putin"}' >"$work/http/seed1"
printf 'POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: fuzz-key\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{"name":\r\n9\r\n "Putin"}\r\n0\r\n\r\n' >"$work/http/seed2"
printf 'POST /match/default?limit=3 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fuzz-key\r\nContent-Length: 85\r\n\r\n{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}}GET /search/default?q=Rosneft HTTP/1.1\r\nX-API-Key: fuzz-key\r\n\r\n' >"$work/http/seed3"
printf 'POST /v1/screen/text HTTP/1.1\r\nHost: x\r\nX-API-Key: fuzz-key\r\nExpect: 100-continue\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n\r\nPayment to Rosneft Oil Company' >"$work/http/seed4"
# HEAD: the GET's headers, Content-Length included, and no body
printf 'HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: fuzz-key\r\nContent-Length: 26\r\n\r\n{"name": "Vladimir Putin"}' >"$work/http/seed6"
# a coding the server does not know (a mutated "chunked"): 501, the one 5xx the fuzzer accepts
printf 'POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: fuzz-key\r\nTransfer-Encoding: \334hunked\r\n\r\n8\r\n{"name":\r\n9\r\n "Putin"}\r\n0\r\n\r\n' >"$work/http/seed5"
targets+=(http)

mkdir -p "$work/store"  # list store readers: "pointer\nversion.json"
printf 'v1\n{"source":"src","id":"v1","content_sha256":"00","records":1,"urls":["http://x/"],"datasets":["un"]}\n' >"$work/store/seed0"

targets+=(store)
seed hs_code data/goods/chpl_2024-02-23.csv
seed geo_policy src/policy/geo_policy_default.conf
seed trade_json examples/trade/*.json

targets+=(hs_code geo_policy trade_json)
seed text_scan tests/text_scan/testdata/*.txt
targets+=(text_scan)
mkdir -p "$work/customers"  # rescreening inputs (fuzz/decision_store/customers_fuzzer.cc)
printf 'id,name,type,dob,country,id_number\nC1,"Anna Moreau",person,1980-02-01,FR,X123\n' >"$work/customers/seed0"
printf '{"name":"Anna Moreau","type":"Person","dob":["1980"],"country":["FR"]}' >"$work/customers/seed1"

targets+=(customers)
mkdir -p "$work/ownership"  # ownership graphs (fuzz/ownership/graph_fuzzer.cc)
printf 'owner_id,owner_name,asset_id,asset_name,percentage,start,end\nofac-sdn:X,,A,Alpha LLC,50,,\nq,Qwerty Co,b,Zorblat,10,,\nq,Qwerty Holding,A,Alpha LLC,25-50,2020,\n' >"$work/ownership/seed0"
printf '{"id":"p1","schema":"Person","properties":{"name":["Yuri Kovalchuk"]}}\n{"id":"o1","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"percentage":["51"]}}\n' >"$work/ownership/seed1"
targets+=(ownership)
per=$(( total / ${#targets[@]} )); (( per >= 1 )) || per=1
status=0
for t in "${targets[@]}"; do
  if ! (cd "$work" && TMPDIR="$work" "$OLDPWD/$build/fuzz/fuzz_$t" "$work/$t" -max_total_time="$per" -max_len=16384 \
          -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$work/$t.log" 2>&1); then
    echo "fuzz_$t: FAILED (log and crash input in $work)" >&2
    grep -v -E '^(INFO:|#[0-9]+\s|\s+NEW_FUNC)' "$work/$t.log" | head -60 >&2  # the finding first, not the run's progress
    status=1
  else
    echo "fuzz_$t: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$') runs in ${per}s"
  fi
done
[[ $status -eq 0 ]] && rm -rf "$work"
exit $status
