#!/usr/bin/env python3
"""Checks the layering rule of docs/DESIGN.md over the #include lines of src/ and include/.

Each folder of src/ is a layer and may include only the layers listed for it below (and itself);
each public header in include/embargo/ belongs to a layer and counts as that layer. Public headers
may include only public headers. Exit 1 naming every include that breaks the rule.
"""
import pathlib
import re
import sys

# layer -> the layers it may include (besides itself). Innermost first.
ALLOWED = {
    "common": set(),
    "text": {"common"},
    "entity": {"common"},
    "lists": {"common", "entity"},
    "index": {"common", "text", "entity"},
    "match": {"common", "text", "entity", "index"},
    "findings": {"common"},
    "goods": {"common", "findings"},
    "policy": {"common", "entity", "findings"},
    "text_scan": {"common", "text", "entity", "index", "match"},
    "trade": {"common", "text", "entity", "match", "findings", "goods", "policy", "text_scan"},
    "payments": {"common", "text", "entity", "match", "findings", "policy", "text_scan"},
    "ownership": {"common", "text", "entity", "match", "findings"},
    "list_store": {"common", "entity", "lists"},
    "decision_store": {"common", "text", "entity", "lists", "match", "findings"},
    "streams": {"common", "text", "entity", "lists", "match", "findings", "goods", "policy", "text_scan", "trade",
                "payments", "list_store", "decision_store"},
    "server": {"common", "text", "entity", "lists", "index", "match", "findings", "goods", "policy", "text_scan",
               "trade", "payments", "ownership", "list_store", "decision_store"},
}
ALLOWED["cli"] = set(ALLOWED) - {"cli"}

# Public headers and their layers.
PUBLIC = {
    "status.h": "common", "schema.h": "common", "verdict.h": "findings",
    "entity.h": "entity", "list_load.h": "entity",
    "lists.h": "lists", "screener.h": "match", "text_scan.h": "text_scan",
    "list_store.h": "list_store", "decision_store.h": "decision_store", "principal.h": "decision_store", "ownership.h": "ownership",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(include: str):
    parts = include.split("/")
    if parts[0] == "embargo" and len(parts) == 2:
        return PUBLIC.get(parts[1], "unknown public header " + include)
    if parts[0] in ALLOWED:
        return parts[0]
    return None  # a file beside the includer, a generated file, a system header in quotes


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    problems = []
    for path in sorted((root / "include" / "embargo").glob("*.h")):
        own = PUBLIC.get(path.name)
        if own is None:
            problems.append(f"{path.relative_to(root)}: public header without a layer in scripts/check-layers.py")
            continue
        for inc in INCLUDE.findall(path.read_text()):
            if not inc.startswith("embargo/"):
                problems.append(f"{path.relative_to(root)}: public header includes private {inc}")
            elif layer_of(inc) not in ALLOWED[own] | {own}:
                problems.append(f"{path.relative_to(root)} ({own}) may not include {inc} ({layer_of(inc)})")
    for path in sorted((root / "src").rglob("*")):
        if path.suffix not in (".h", ".cc", ".in"):
            continue
        own = path.relative_to(root / "src").parts[0]
        if own not in ALLOWED:
            problems.append(f"{path.relative_to(root)}: folder src/{own} has no layer in scripts/check-layers.py")
            continue
        text = path.read_text(errors="replace")
        for lineno, line in enumerate(text.splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = layer_of(m.group(1))
            if target is None or target == own:
                continue
            if target not in ALLOWED[own]:
                problems.append(f"{path.relative_to(root)}:{lineno}: {own} may not include {m.group(1)} ({target})")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} include(s) break the layering rule of docs/DESIGN.md", file=sys.stderr)
        return 1
    print("layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
