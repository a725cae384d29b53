#!/usr/bin/env python3
"""Listed names in their own script, screened against the lists without them.

    own_script.py EMBARGO [LISTS] [--at-least PERCENT]

The UK list writes many names in their own script too (Russian, Persian, Arabic, Hebrew, ...), and
the UN list gives an original-script name for many of its entries. Each such name is screened
against a copy of the lists (default: data/lists) from which every own-script name was removed,
so it can only be found through the entity's Latin names. A name is found when the entity it
belongs to is among the alerting hits (one hit per list record). Prints the share found per
script, the names missed, and the alerts on other entities; with --at-least, fails when fewer
than PERCENT of all names are found (a test keeps the figure from falling back).
"""
import argparse, collections, csv, gzip, json, os, re, shutil, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

UK_NAME, UK_LANGUAGE, UK_GROUP, UK_TYPE = "Name Non-Latin Script", "Non-Latin Script Language", "Group ID", "Group Type"


def script_of(name):
    for pattern, script in ((r"[\u0400-\u04FF]", "Cyrillic"), (r"[\u0600-\u06FF]", "Arabic"),
                            (r"[\u0590-\u05FF]", "Hebrew"), (r"[\u4E00-\u9FFF]", "Han"),
                            (r"[\uAC00-\uD7A3]", "Hangul"), (r"[\u10A0-\u10FF]", "Georgian"),
                            (r"[\u0370-\u03FF]", "Greek")):
        if re.search(pattern, name):
            return script
    return "other"


def strip_uk(src, dst, queries):
    """Copies the UK list without its own-script names; gathers them as queries."""
    with gzip.open(src, "rt", encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    header = lines[1]
    name, group, kind = header.index(UK_NAME), header.index(UK_GROUP), header.index(UK_TYPE)
    for row in lines[2:]:
        if len(row) > name and row[name].strip():
            family = "person" if row[kind] == "Individual" else "organization"
            queries.add((row[name].strip(), family, f"uk-ofsi:{row[group]}"))
            row[name] = row[name + 1] = row[name + 2] = ""
    with gzip.open(dst, "wt", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(lines)


def strip_un(src, dst, queries):
    """Copies the UN list without its original-script names; gathers them as queries."""
    with gzip.open(src, "rb") as f:
        tree = ET.parse(f)
    for tag, family in (("INDIVIDUAL", "person"), ("ENTITY", "organization")):
        for entry in tree.getroot().iter(tag):
            ref = entry.findtext("REFERENCE_NUMBER", "").strip()
            for original in entry.findall("NAME_ORIGINAL_SCRIPT"):
                if (original.text or "").strip() and ref:
                    queries.add((original.text.strip(), family, f"un:{ref}"))
                entry.remove(original)
    with gzip.open(dst, "wb") as f:
        tree.write(f, encoding="utf-8", xml_declaration=True)


def main(embargo, lists, at_least):
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, "lists")
        shutil.copytree(lists, stripped)
        queries = set()
        strip_uk(os.path.join(lists, "uk-ofsi", "ConList.csv.gz"), os.path.join(stripped, "uk-ofsi", "ConList.csv.gz"), queries)
        strip_un(os.path.join(lists, "un", "consolidated.xml.gz"), os.path.join(stripped, "un", "consolidated.xml.gz"), queries)
        queries = sorted(queries)
        inp, out = os.path.join(tmp, "in.csv"), os.path.join(tmp, "out.jsonl")
        with open(inp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "name", "type"])
            for i, (name, family, _) in enumerate(queries):
                w.writerow([str(i), name, family])
        subprocess.run([embargo, "--lists", stripped, "--allow-shrink", "batch", "--input", inp, "--output", out,
                        "--separate", "--limit", "1000", "--threads", "2"], check=False, stderr=subprocess.DEVNULL)
        rows = {r["id"]: r for r in (json.loads(l) for l in open(out, encoding="utf-8"))}
    total, found, others = collections.Counter(), collections.Counter(), collections.Counter()
    missed = []
    for i, (name, family, entity) in enumerate(queries):
        script = script_of(name)
        row = rows[str(i)]
        hits = [h["entity_id"] for h in row.get("hits", [])] if row.get("alert") else []
        total[script] += 1
        if entity in hits:
            found[script] += 1
        else:
            missed.append(f"{script:<9} {name} ({family}) -> {entity}")
        others[script] += sum(1 for h in hits if h != entity)
    for line in missed:
        print("missed", line)
    for script in sorted(total, key=lambda s: -total[s]):
        print(f"{script:<9} found {found[script]:>4} of {total[script]:>4} ({100 * found[script] / total[script]:5.1f} %)"
              f", alerts on other entities {others[script]}")
    share = 100 * sum(found.values()) / sum(total.values())
    print(f"own-script names found: {sum(found.values())} of {sum(total.values())} ({share:.1f} %)")
    if share < at_least:
        print(f"FAIL: {share:.1f} % found, fewer than {at_least} %")
        return 1
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("embargo")
    parser.add_argument("lists", nargs="?", default="data/lists")
    parser.add_argument("--at-least", type=float, default=0.0)
    args = parser.parse_args()
    sys.exit(main(args.embargo, args.lists, args.at_least))
