#!/usr/bin/env python3
"""Re-decide fuse.js alerts at other cut-offs from one run, to find its best simple setting.

    cutoffs.py QUERIES_OUT.jsonl INNOCENTS_OUT.jsonl CUTOFF OUT_QUERIES OUT_INNOCENTS

A row alerts when its best hit score (1 - fuse score) is at least 1 - CUTOFF.
"""
import json, sys

def redo(src, dst, cutoff):
    with open(dst, "w") as out:
        for line in open(src):
            row = json.loads(line)
            row["alert"] = bool(row["hits"]) and row["hits"][0]["score"] >= 1 - cutoff - 1e-9
            out.write(json.dumps(row) + "\n")

redo(sys.argv[1], sys.argv[4], float(sys.argv[3]))
redo(sys.argv[2], sys.argv[5], float(sys.argv[3]))
