#!/usr/bin/env python3
"""PostgreSQL pg_trgm, the baseline many teams start from, on the same names and queries as embargo.

    run.py NAMES.jsonl QUERIES.csv INNOCENTS.csv OUT_DIR [--uri postgresql://...]

NAMES.jsonl is `embargo lists --export-names` (every name of the lists in force, with its entity
id). Without --uri a throwaway server is started with scripts/pg-test-server.sh and stopped after.
The names go into one table with a GIN trigram index; every query is one statement through one
psql session (index-assisted `name % query`, best ten by similarity). The similarity floor is
0.3, pg_trgm's default; a row alerts when its best similarity reaches a cut-off, and OUT_DIR gets
the rows in the name-variants score.py format for each cut-off in CUTOFFS. The wall time of the
query pass (names/s) is printed for comparison with `bench/workload screen` run beside it.
"""
import csv, json, os, subprocess, sys, tempfile, time

CUTOFFS = (0.3, 0.4, 0.5, 0.6, 0.7)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def psql(uri, *args, **kw):
    return subprocess.run(["psql", uri, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args], check=True, **kw)


def literal(s):
    return "'" + s.replace("'", "''") + "'"


def load(uri, names_path, work):
    rows = os.path.join(work, "names.csv")
    n = 0
    with open(names_path, encoding="utf-8") as f, open(rows, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        for line in f:
            d = json.loads(line)
            w.writerow([d["entity_id"], d["name"].lower()])
            n += 1
    psql(uri, "-c", "SET client_min_messages = warning; DROP TABLE IF EXISTS names; CREATE EXTENSION IF NOT EXISTS pg_trgm;"
                    "CREATE TABLE names (entity_id text, name text)")
    psql(uri, "-c", f"\\copy names FROM {literal(rows)} WITH (FORMAT csv)")
    start = time.monotonic()
    psql(uri, "-c", "CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops); ANALYZE names")
    return n, time.monotonic() - start


def screen(uri, csv_path, work, tag):
    """Best ten names by trigram similarity for each row; returns ({id: [(entity, sim)]}, ids, seconds)."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sql = os.path.join(work, tag + ".sql")
    with open(sql, "w", encoding="utf-8") as f:
        f.write("SET pg_trgm.similarity_threshold = 0.3;\n")
        for r in rows:
            q = literal(r["name"].lower())
            f.write(f"SELECT {literal(r['id'])}, entity_id, similarity(name, {q}) AS s FROM names "
                    f"WHERE name % {q} ORDER BY s DESC, entity_id LIMIT 10;\n")
    out = os.path.join(work, tag + ".out")
    start = time.monotonic()
    with open(out, "w", encoding="utf-8") as o:
        psql(uri, "-A", "-t", "-F", "\t", "-f", sql, stdout=o)
    seconds = time.monotonic() - start
    hits = {r["id"]: [] for r in rows}
    with open(out, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                best = hits[parts[0]]
                if all(e != parts[1] for e, _ in best):  # one hit per entity (its best name)
                    best.append((parts[1], float(parts[2])))
    return hits, [r["id"] for r in rows], seconds


def write(path, hits, ids, cutoff):
    with open(path, "w", encoding="utf-8") as f:
        for i in ids:
            h = hits[i]
            alert = bool(h) and h[0][1] >= cutoff
            f.write(json.dumps({"id": i, "alert": alert,
                                "hits": [{"entity_id": e, "score": s} for e, s in h]}) + "\n")


def main(argv):
    args = argv[1:]
    uri = None
    if "--uri" in args:
        k = args.index("--uri")
        uri = args[k + 1]
        del args[k:k + 2]
    if len(args) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    names, queries, innocents, out_dir = args
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        state = os.path.join(work, "pg")
        if uri is None:
            subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-test-server.sh"), "start", state], check=True)
            uri = open(os.path.join(state, "uri")).read().strip()
        try:
            os.chmod(work, 0o755)
            n, build = load(uri, names, work)
            print(f"pg_trgm: {n} names, GIN trigram index built in {build:.1f} s")
            qh, qids, qs = screen(uri, queries, work, "queries")
            ih, iids, iseconds = screen(uri, innocents, work, "innocents")
            print(f"pg_trgm: {len(qids)} queries in {qs:.2f} s = {len(qids) / qs:.0f} names/s; "
                  f"{len(iids)} innocents in {iseconds:.2f} s = {len(iids) / iseconds:.0f} names/s (one psql session)")
            for cutoff in CUTOFFS:
                write(os.path.join(out_dir, f"queries_{cutoff}.jsonl"), qh, qids, cutoff)
                write(os.path.join(out_dir, f"innocents_{cutoff}.jsonl"), ih, iids, cutoff)
        finally:
            if os.path.exists(os.path.join(state, "uri")):
                subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-test-server.sh"), "stop", state], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
