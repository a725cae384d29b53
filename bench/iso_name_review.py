#!/usr/bin/env python3
"""False REVIEWs of ISO 20022 party names: each customer-base name as it is written, as the
creditor name (Cdtr/Nm) of a pacs.008 of its own, screened by `embargo message` in batches of
files; none of the customers is listed, so every message short of PASS is a false REVIEW.

usage: bench/iso_name_review.py EMBARGO CUSTOMERS_CSV [WORK_DIR]
"""
import csv
import json
import os
import subprocess
import sys
from xml.sax.saxutils import escape

MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>REF{i:06d}</MsgId><CreDtTm>2026-11-28T10:00:00+00:00</CreDtTm><NbOfTxs>1</NbOfTxs>
<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>
<CdtTrfTxInf><PmtId><InstrId>REF{i:06d}</InstrId><EndToEndId>E2E{i:06d}</EndToEndId></PmtId>
<IntrBkSttlmAmt Ccy="EUR">100.00</IntrBkSttlmAmt><IntrBkSttlmDt>2026-11-28</IntrBkSttlmDt><ChrgBr>SHAR</ChrgBr>
<Dbtr><Nm>Johanna de Vries</Nm><PstlAdr><TwnNm>Utrecht</TwnNm><Ctry>NL</Ctry></PstlAdr></Dbtr>
<DbtrAgt><FinInstnId><BICFI>ABNANL2AXXX</BICFI></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>{name}</Nm></Cdtr>
<RmtInf><Ustrd>INVOICE {i}</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>
"""


def main():
    embargo, customers = sys.argv[1], sys.argv[2]
    work = sys.argv[3] if len(sys.argv) > 3 else "/tmp/iso_name_review"
    os.makedirs(work, exist_ok=True)
    names = [r["name"] for r in csv.DictReader(open(customers, encoding="utf-8"))]
    files = []
    for i, name in enumerate(names):
        path = os.path.join(work, f"m{i:06d}.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(MESSAGE.format(i=i, name=escape(name)))
        files.append(path)
    verdicts = {}
    for k in range(0, len(files), 2000):
        out = subprocess.run([embargo, "message", "--format", "json", *files[k:k + 2000]],
                             capture_output=True, text=True).stdout
        for r in json.loads(out)["messages"]:
            v = r.get("verdict", "?")
            verdicts[v] = verdicts.get(v, 0) + 1
            if v != "PASS":
                i = int(os.path.basename(r["file"])[1:7])
                found = [f"{c['check']} {c.get('detail', '')}" for c in r.get("screened", []) if c.get("result") != "PASS"]
                print(f"REF{i:06d} {names[i]} {v} {'; '.join(found)[:160]}")
    print(f"names {len(names)}, verdicts {verdicts}")


if __name__ == "__main__":
    main()
