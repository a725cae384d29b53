#!/usr/bin/env python3
"""Splits a customer file by the script its names are written in, for per-script speed runs.

    split_by_script.py CUSTOMERS.csv OUT_DIR [ROWS]

Writes OUT_DIR/<script>.csv with the header and the names of that script, repeated until each
file has at least ROWS rows (600 by default), so that a small script still gives a stable rate.
A name goes to the first script of the list below it has a letter of; `latin` is what is left
with a letter outside ASCII (diacritics, Vietnamese, Turkish ...), `ascii` the rest.
"""
import csv, os, re, sys

SCRIPTS = [("kana", "[\u3040-\u30ff]"), ("thai", "[\u0e00-\u0e7f]"), ("hebrew", "[\u0590-\u05ff]"),
           ("arabic", "[\u0600-\u06ff]"), ("hangul", "[\uac00-\ud7af]"), ("han", "[\u3400-\u9fff]"),
           ("greek", "[\u0370-\u03ff]"), ("cyrillic", "[\u0400-\u04ff]"), ("latin", "[^\x00-\x7f]")]


def script_of(name):
    for script, letters in SCRIPTS:
        if re.search(letters, name):
            return script
    return "ascii"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    source, out_dir = sys.argv[1], sys.argv[2]
    rows_wanted = int(sys.argv[3]) if len(sys.argv) > 3 else 600
    with open(source, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        name_at = header.index("name")
        by_script = {}
        for row in reader:
            by_script.setdefault(script_of(row[name_at]), []).append(row)
    os.makedirs(out_dir, exist_ok=True)
    for script, rows in sorted(by_script.items()):
        with open(os.path.join(out_dir, script + ".csv"), "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            for _ in range(-(-rows_wanted // len(rows))):
                writer.writerows(rows)
        print(f"{script}\t{len(rows)}")


if __name__ == "__main__":
    main()
