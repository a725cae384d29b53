#!/usr/bin/env python3
"""False REVIEWs of wrapped remittance text: each customer-base name whose letters an MT message
allows, in a field 70 "PAYMENT TO <NAME> FOR INVOICE <n>" wrapped at 35 characters (words cut
where a line is full), one MT103 each in an RJE batch, screened by `embargo message`; none of the
customers is listed, so every REVIEW is false.

usage: bench/mt_wrap_review.py EMBARGO CUSTOMERS_CSV [OUT_RJE]
"""
import csv
import json
import re
import subprocess
import sys

MT_TEXT = re.compile(r"^[A-Za-z0-9 /\-?:().,'+]+$")


def message(i, name):
    text = f"PAYMENT TO {name} FOR INVOICE {1000 + i}"
    lines = [text[k:k + 35] for k in range(0, len(text), 35)][:4]
    return ("{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:REF%06d\n:23B:CRED\n"
            ":32A:261128EUR100,00\n:50K:/NL91ABNA0417164300\nJOHANNA DE VRIES\nAMSTERDAM NETHERLANDS\n"
            ":59:/DE89370400440532013000\nKLAUS BERGMANN\nMUNICH GERMANY\n:70:%s\n:71A:SHA\n-}") % (i, "\n".join(lines))


def main():
    embargo, customers = sys.argv[1], sys.argv[2]
    out = sys.argv[3] if len(sys.argv) > 3 else "/tmp/mt_wrap_review.rje"
    names = [r["name"].upper() for r in csv.DictReader(open(customers, encoding="utf-8")) if MT_TEXT.match(r["name"])]
    with open(out, "w") as f:
        f.write("\n$\n".join(message(i, n) for i, n in enumerate(names)) + "\n")
    run = subprocess.run([embargo, "message", out, "--format", "json"], capture_output=True, text=True)
    report = json.loads(run.stdout)
    print(f"names {len(names)}, messages {len(report['messages'])}, verdicts {report['counts']}")
    for m in report["messages"]:
        if m["verdict"] != "PASS":
            found = [h.get("entity_name", "") + " <- " + h.get("value", "") for h in m.get("hits", [])]
            print(m["reference"], names[m["index"]], m["verdict"], "; ".join(found))


if __name__ == "__main__":
    main()
