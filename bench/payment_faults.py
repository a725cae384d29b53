#!/usr/bin/env python3
"""Broken copies of sample payment messages: how many are still screened, and do they keep their hits?

Each single-message sample (MT or ISO 20022) is written once as is and once per structural fault
that real senders produce (the faults of docs/PAYMENTS.md, "Format faults"). All copies are
screened in one `embargo message --format json` run; the report says, per fault, how many copies
were screened (verdict not ERROR), how many of those carry a format finding, and how many copies
of a message that is BLOCK or REVIEW intact kept at least that verdict.

  python3 bench/payment_faults.py build/embargo ../shared/data/payments tests/payments/testdata

The first argument is the command to run (split like a shell word list: "OTHER/embargo --lists
data/lists" compares another build on the same lists).
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile


def mt_faults(text):
    """The MT faults that apply to `text`: name -> broken text."""
    out = {}
    body = text.rstrip()
    out["text after the trailer"] = body + "\n}}\nEND OF MESSAGE\n"
    out["'}}' after '-}'"] = re.sub(r"-\}", "-}}}", body, count=1) + "\n"
    joined = re.sub(r"\r?\n-\}", "-}", body, count=1)
    if joined != body:
        out["'-}' on the last field's line"] = joined + "\n"
    b3 = re.search(r"\{3:(\{[^{}]*\})+\}", body)
    if b3:
        out["block 3 not closed"] = body[: b3.end() - 1] + body[b3.end():] + "\n"
        b2 = re.search(r"\{2:[^{}]*\}", body)
        if b2 and b2.start() < b3.start():
            swapped = body[: b2.start()] + b3.group(0) + body[b2.end(): b3.start()] + b2.group(0) + body[b3.end():]
            out["block 3 before block 2"] = swapped + "\n"
    out["block 5 not closed"] = body + "{5:{CHK:0123456789AB}\n"
    return out


def iso_faults(text):
    """The ISO 20022 faults that apply to `text`: name -> broken text."""
    out = {}
    xml = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", text)
    doc = re.search(r"<(\w+:)?Document\b[^>]*>(.*)</(\w+:)?Document>", xml, re.S)
    hdr = re.search(r"<(\w+:)?AppHdr\b.*?</(\w+:)?AppHdr>", xml, re.S)
    if not doc:
        return out
    inner = doc.group(2).strip()
    head = hdr.group(0) if hdr else ""
    out["<Message> wrapper"] = "<Message>\n" + head + "\n" + doc.group(0) + "\n</Message>\n"
    # The Document replaced in place, so that an Envelope and AppHdr stay.
    out["root without Document"] = xml[: doc.start()] + inner + xml[doc.end():]
    out["no namespaces"] = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", xml)
    prefixed = re.sub(r"<(/?)(?!\w+:)(\w+)", r"<\1x:\2", doc.group(0))
    prefixed = prefixed.replace("<x:Document", '<x:Document xmlns:x="urn:iso:std:iso:20022:tech:xsd:x"', 1)
    out["prefixed namespace"] = xml[: doc.start()] + prefixed + xml[doc.end():]
    cut = xml[: int(len(xml) * 0.8)]
    out["cut off at 80 %"] = cut + "\n"
    return out


def samples(dirs):
    for d in dirs:
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if not name.endswith((".txt", ".xml")) or not os.path.isfile(path):
                continue
            text = open(path, encoding="utf-8", errors="replace").read()
            if name.endswith(".txt") and text.count("{1:") != 1:
                continue  # single messages only
            yield name, text


RANK = {"PASS": 0, "REVIEW": 1, "BLOCK": 2, "ERROR": 3}


def main():
    embargo, dirs = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        files = []  # (sample, fault, path)
        for name, text in samples(dirs):
            faults = iso_faults(text) if name.endswith(".xml") else mt_faults(text)
            for fault, broken in [("intact", text)] + sorted(faults.items()):
                path = os.path.join(tmp, f"{len(files):04d}_{name}")
                open(path, "w", encoding="utf-8").write(broken)
                files.append((name, fault, path))
        run = subprocess.run(shlex.split(embargo) + ["message", "--format", "json"] + [p for _, _, p in files],
                             capture_output=True, text=True)
        results = json.loads(run.stdout)["messages"]
    verdict = {}  # path -> verdict of its (first) message
    format_finding = {}
    for m in results:
        path = m.get("file", "")
        if path in verdict:
            continue
        verdict[path] = m["verdict"]
        format_finding[path] = any(h.get("check") == "format" for h in m.get("hits", []))
    intact = {n: verdict.get(p, "ERROR") for n, f, p in files if f == "intact"}
    rows = {}
    for name, fault, path in files:
        v = verdict.get(path, "ERROR")
        r = rows.setdefault(fault, [0, 0, 0, 0, 0])
        r[0] += 1
        r[1] += v != "ERROR"
        r[2] += format_finding.get(path, False)
        if intact[name] in ("BLOCK", "REVIEW"):
            r[3] += 1
            r[4] += v != "ERROR" and RANK[v] >= RANK[intact[name]]
    print(f"| fault | copies | screened (not ERROR) | with a format finding | listed copies keeping their verdict |")
    print("|---|---|---|---|---|")
    total = [0] * 5
    for fault, r in rows.items():
        total = [a + b for a, b in zip(total, r)]
        print(f"| {fault} | {r[0]} | {r[1]} | {r[2]} | {r[4]} of {r[3]} |")
    share = 100.0 * total[1] / total[0] if total[0] else 0
    print(f"| **all** | {total[0]} | **{total[1]} ({share:.1f} %)** | {total[2]} | {total[4]} of {total[3]} |")


if __name__ == "__main__":
    main()
