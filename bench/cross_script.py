#!/usr/bin/env python3
"""Cross-script pairs: every pair whose target is on the lists must be found.

    cross_script.py EMBARGO cross_script_pairs.csv [bench/cross_script_cases.csv ...]

A target is "on the lists" when screening the Latin target itself returns an alert whose matched
list name contains every word of the target (any order; a list name may add a patronymic). The pair is found when screening the
non-Latin query alerts with one of those entities among its hits (all of them: a common name alerts on dozens).
"""
import csv, json, os, re, subprocess, sys, tempfile

def words(s):
    return sorted(re.findall(r"[a-z0-9]+", s.lower()))

def batch(embargo, names):
    with tempfile.TemporaryDirectory() as d:
        inp, out = os.path.join(d, "in.csv"), os.path.join(d, "out.jsonl")
        with open(inp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "name"])
            for i, n in enumerate(names):
                w.writerow([str(i), n])
        # Every alert, not the first ten: a common name alerts on dozens of records.
        subprocess.run([embargo, "batch", "--input", inp, "--output", out, "--limit", "1000"], check=False)
        rows = [json.loads(l) for l in open(out, encoding="utf-8")]
    return {r["id"]: r for r in rows}

def main(embargo, paths):
    pairs = []
    for path in paths:
        for row in csv.reader(l for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")):
            pairs.append((row[0], row[1], row[3] if len(row) > 3 else ""))
    targets = batch(embargo, [t for _, t, _ in pairs])
    queries = batch(embargo, [q for q, _, _ in pairs])
    on_list = found = 0
    for i, (q, t, desc) in enumerate(pairs):
        tr = targets[str(i)]
        ids = {h["entity_id"] for h in tr["hits"] if tr["alert"] and set(words(t)) <= set(words(h["matched_name"]))}
        qr = queries[str(i)]
        hit_ids = [h["entity_id"] for h in qr["hits"]] if qr["alert"] else []
        status = "not on the lists"
        if ids:
            on_list += 1
            ok = any(h in ids for h in hit_ids)
            found += ok
            status = ("found " if ok else "MISSED ") + ",".join(sorted(ids))
        print(f"{q:<20} -> {t:<20} {status}")
    print(f"cross-script: targets on the lists {on_list}/{len(pairs)}, found {found}/{on_list}")
    return 0 if found == on_list else 1

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
