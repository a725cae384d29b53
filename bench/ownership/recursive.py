#!/usr/bin/env python3
"""A straightforward recursive evaluation of the OFAC 50 % rule in Python, as the benchmark's peer.

blocked(E) = listed(E) or the holdings in force of E by blocked owners add up to 50 % or more;
evaluated by recursion over owners with memoisation. An owner met again on the recursion stack (a
cycle) counts with its value from the previous pass; passes repeat until nothing changes, which
reaches the same least fixpoint as embargo. Reads the CSV form; ids starting with --listed-prefix
are the listed persons. Prints the blocked count, time and peak RSS as JSON.

  python3 bench/ownership/recursive.py register.csv [--blocked-out FILE]
"""
import argparse
import csv
import json
import resource
import sys
import threading
import time

AS_OF = "2026-01-01"


def load(path):
    ids, owners = {}, []  # owners[asset] = [(owner, share)]

    def node(i):
        n = ids.get(i)
        if n is None:
            n = ids[i] = len(owners)
            owners.append([])
        return n

    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for owner, _, asset, _, pct, start, end in rows:
            if end and end < AS_OF:
                continue
            owners[node(asset)].append((node(owner), round(float(pct) * 100)))  # hundredths: exact sums
    return ids, owners


def evaluate(ids, owners, listed_prefix):
    listed = [False] * len(owners)
    for i, n in ids.items():
        if i.startswith(listed_prefix):
            listed[n] = True
    previous = [False] * len(owners)
    passes = 0
    while True:
        passes += 1
        memo = [None] * len(owners)
        on_stack = [False] * len(owners)

        def blocked(n):
            if memo[n] is not None:
                return memo[n]
            if on_stack[n]:
                return previous[n]
            if listed[n]:
                memo[n] = True
                return True
            on_stack[n] = True
            held = sum(share for o, share in owners[n] if blocked(o))
            on_stack[n] = False
            memo[n] = held >= 5000
            return memo[n]

        current = [blocked(n) for n in range(len(owners))]
        if current == previous:
            return current, listed, passes
        previous = current


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--listed-prefix", default="ofac-sdn:")
    ap.add_argument("--blocked-out", help="write the ids blocked by the rule, one a line")
    args = ap.parse_args()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    ids, owners = load(args.csv)
    t1 = time.perf_counter()
    current, listed, passes = evaluate(ids, owners, args.listed_prefix)
    t2 = time.perf_counter()
    blocked = sorted(i for i, n in ids.items() if current[n] and not listed[n])
    if args.blocked_out:
        with open(args.blocked_out, "w") as f:
            f.writelines(b + "\n" for b in blocked)
    print(json.dumps({"nodes": len(owners), "blocked_by_rule": len(blocked), "passes": passes,
                      "load_seconds": round(t1 - t0, 2), "evaluate_seconds": round(t2 - t1, 2),
                      "load_and_evaluate_cpu_seconds": round(time.process_time() - cpu0, 2),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)  # deep chains of owners recurse deeply
    t = threading.Thread(target=main)
    t.start()
    t.join()
