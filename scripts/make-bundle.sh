#!/usr/bin/env bash
# Rebuilds the bundled lists in data/lists/ from the official files in ../shared/data/ and writes
# data/lists/MANIFEST.json (dates the files do not state, record counts, floors, content hashes).
# Idempotent: gzip -n writes the same bytes every time. Needs a built build/embargo (the loaders
# compute the content hashes and counts); rebuild afterwards, since the manifest is compiled in.
#   bash scripts/make-bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/data
out=data/lists
pack() {  # source file, destination (.gz): gzip unless already gzip, bytes unchanged otherwise
  mkdir -p "$(dirname "$2")"
  if [[ "$1" == *.gz ]]; then cp "$1" "$2"; else gzip -9n <"$1" >"$2"; fi
}
for f in sdn alt add sdn_comments; do
  pack "$shared/ofac/sdn_2024-05-03_with_aliases/$f.csv" "$out/ofac-sdn/$f.csv.gz"
done
pack "$shared/uk_ofsi/ConList_2025-04-14/ConList.csv.gz" "$out/uk-ofsi/ConList.csv.gz"
pack "$shared/us_csl/consolidated_2022-04.csv.gz" "$out/us-csl/consolidated.csv.gz"
# ofac-cons (2025-12), un (2026-02-27) and bis-dpl (2022-09) are kept as they are.

json="$(build/embargo --lists "$out" --allow-shrink lists --format json)"
python3 - "$json" >"$out/MANIFEST.json.tmp" <<'PY'
import json, sys
loaded = {l["dataset"]: l for l in json.loads(sys.argv[1])}
facts = {
  "ofac-sdn": {"published": "2024-05-03",
               "published_detail": "sdn.csv of 2024-05-03; alt.csv, add.csv and sdn_comments.csv of the January 2025 "
                                   "publication, restricted to the entries of 2024-05-03 (a composite: no SDN list of "
                                   "2024 or later with its own alias file is available offline)",
               "source": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/sdn.csv"},
  "ofac-cons": {"published": "2025-12", "published_detail": "",
                "source": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV"},
  "un": {"published": "2026-02-27", "published_detail": "",
         "source": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
  "uk-ofsi": {"published": "2025-04-14", "published_detail": "",
              "source": "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"},
  "us-csl": {"published": "2022-04-21", "published_detail": "",
             "source": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"},
  "bis-dpl": {"published": "2022-09-02", "published_detail": "", "source": "https://www.bis.doc.gov/dpl/dpl.txt"},
}
lists = []
for dataset, f in facts.items():
    l = loaded[dataset]
    records = l["entities"] + sum(s["records"] for s in l["superseded"])  # what the files gave
    lists.append({"dataset": dataset, "folder": dataset, "content_hash": l["content_hash"],
                  "published": f["published"], "published_detail": f["published_detail"],
                  "records": records, "min_records": int(records * 0.9), "source": f["source"]})
print(json.dumps({"about": "The bundled lists (data/README.md): publication dates the files do not state, "
                           "records as bundled, and the floor (90%) below which a load of the dataset is refused "
                           "as incomplete. Written by scripts/make-bundle.sh; compiled into embargo.",
                  "lists": lists}, indent=2))
PY
mv "$out/MANIFEST.json.tmp" "$out/MANIFEST.json"
echo "wrote $out/MANIFEST.json"
