#!/usr/bin/env python3
"""Writes a synthetic company register as the ownership CSV form (docs/OWNERSHIP.md).

Companies sit on levels 0..10; each is held by 1 to 5 owners on lower levels, so chains run up to
depth 10. Owners are drawn with a power law (a few hold thousands of companies, most hold one or
two); about 0.2 % of holdings point back to the same or a higher level, which makes cycles; 2 % of
holdings ended in 2020. Level-0 companies are held by persons, 500 of them listed: their ids are
list ids (ofac-sdn:L0 ... ofac-sdn:L499), which the benchmark's list carries.

  python3 bench/ownership/gen_register.py --companies 1000000 --holdings 3000000 > register.csv
"""
import argparse
import random
import sys

LEVELS = 11


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--companies", type=int, default=1_000_000)
    ap.add_argument("--holdings", type=int, default=3_000_000)
    ap.add_argument("--listed", type=int, default=500)
    ap.add_argument("--persons", type=int, default=200_000, help="unlisted persons holding level-0 companies")
    ap.add_argument("--seed", type=int, default=20140813)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.companies
    per_level = n // LEVELS
    level_start = [lv * per_level for lv in range(LEVELS)] + [n]

    def power_pick(start: int, end: int) -> int:
        # u**3 piles the choice onto the first ids of the range: power-law out-degrees.
        return start + int((end - start) * rng.random() ** 3)

    def person() -> str:
        if rng.random() < 0.03:
            return f"ofac-sdn:L{power_pick(0, args.listed)}"
        return f"p{power_pick(0, args.persons)}"

    out = sys.stdout
    out.write("owner_id,owner_name,asset_id,asset_name,percentage,start,end\n")
    written = 0
    for c in range(n):
        level = min(c // per_level, LEVELS - 1)
        # 1 to 2m-1 owners, m on average (m = holdings / companies), never past the total asked for.
        m = args.holdings / n
        k = min(max(1, int(rng.uniform(1, 2 * m))), max(1, args.holdings - written - (n - c - 1)))
        cuts = sorted(rng.random() for _ in range(k - 1))
        total = 100 if rng.random() < 0.7 else rng.uniform(60, 100)  # the rest: free float
        shares = [(b - a) * total for a, b in zip([0.0] + cuts, cuts + [1.0])]
        for share in shares:
            if level == 0:
                owner = person()
            elif rng.random() < 0.002:
                owner = f"c{rng.randrange(level_start[level], n)}"  # back to a higher level: cycles
            else:
                lo = rng.randrange(level)
                owner = f"c{power_pick(level_start[lo], level_start[lo + 1])}"
            end = "2020-06-30" if rng.random() < 0.02 else ""
            out.write(f"{owner},,c{c},Company {c} Ltd,{share:.2f},2015-01-01,{end}\n")
            written += 1
    print(f"{n} companies, {written} holdings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
