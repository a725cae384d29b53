#!/usr/bin/env python3
"""Lists functions in src/ longer than a limit (default 100 lines): functions fit on a screen.

A heuristic reader of C++: comments, strings and character literals are blanked, then every `{`
that opens a function body at namespace or class scope (it follows a parameter list) is matched
to its `}`. Lambdas count toward the function around them. Generated data files are skipped.
Usage: check-function-length.py [--max N] [--list]   (exit 1 when any function is longer)
"""
import argparse
import pathlib
import re
import sys

SKIP = {"src/text_scan/common_words.cc"}  # generated word list (make_common_words.py)
BLANK = re.compile(r'//[^\n]*|/\*.*?\*/|R"(\w*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def blank(text: str) -> str:
    return BLANK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def functions(text: str):
    """Yields (name, first line, line count) of each function body at namespace or class scope."""
    code = blank(text)
    stack = []  # one entry per open brace: "function", "scope" or "block"
    start = {}
    for i, ch in enumerate(code):
        if ch == "{":
            inside_function = "function" in stack
            head = code[max(0, i - 300):i]
            head_tail = re.sub(r"\s+", " ", head).rstrip()
            is_function = (not inside_function and
                           re.search(r"\)\s*(const|override|final|noexcept|mutable|&|&&|\s|->\s*[\w:<>,\s*&]+)*$", head_tail)
                           and not re.search(r"\b(if|for|while|switch|catch)\s*\(.*\)$", head_tail[-120:]) and
                           not re.search(r"=\s*\[[^\]]*\]\s*\(.*\)[^;]*$", head_tail[-160:]))
            if is_function:
                m = re.search(r"([\w:~<>]+)\s*\([^()]*(\([^()]*\)[^()]*)*\)[^()]*$", head_tail)
                start[len(stack)] = (m.group(1) if m else "?", code.count("\n", 0, i) + 1)
                stack.append("function")
            else:
                stack.append("block")
        elif ch == "}" and stack:
            kind = stack.pop()
            if kind == "function":
                name, first = start.pop(len(stack))
                yield name, first, code.count("\n", 0, i) + 1 - first + 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=int, default=100)
    ap.add_argument("--list", action="store_true", help="list the 20 longest functions")
    args = ap.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent
    found = []
    for path in sorted((root / "src").rglob("*")):
        rel = str(path.relative_to(root))
        if path.suffix not in (".cc", ".h") or rel in SKIP:
            continue
        for name, first, length in functions(path.read_text(errors="replace")):
            found.append((length, f"{rel}:{first}", name))
    found.sort(reverse=True)
    if args.list:
        for length, where, name in found[:20]:
            print(f"{length:5d}  {where}  {name}")
    long = [f for f in found if f[0] > args.max]
    for length, where, name in long:
        print(f"{where}: {name} is {length} lines (at most {args.max})", file=sys.stderr)
    return 1 if long else 0


if __name__ == "__main__":
    sys.exit(main())
