#!/usr/bin/env python3
"""Latency of the workbench's queue API (GET /v1/workbench/alerts) with many alerts, on SQLite and PostgreSQL.

Fills a fresh store with ALERTS open and decided alerts (rows written straight into the alerts and
audit_records tables, as a long-lived store would hold them; the chain is not valid, which the
queue never reads), starts `embargo serve` on it, signs in, and times each query shape REQUESTS
times over one kept-alive connection. Prints p50/p99/max per shape in milliseconds, then whether
both back-ends answered every shape with the same total and the same page of alerts.

The PostgreSQL store is a throwaway server (scripts/pg-test-server.sh), filled with COPY through
psql and then vacuumed and analysed, as autovacuum leaves a store after a bulk load.

    python3 bench/workbench/queue_latency.py [--alerts 100000] [--requests 300] [--backends sqlite,postgres]
                                             [--binary build/embargo]
"""
import argparse, http.client, json, os, random, re, sqlite3, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTS = ["ofac-sdn", "uk-ofsi", "un", "ofac-cons", "bis-dpl", "us-csl"]
STATUSES = ["open"] * 6 + ["pending_second", "true_match", "false_positive", "false_positive"]
AUDIT_COLUMNS = ["seq", "recorded_at", "caller", "kind", "content", "prev_hash", "hash"]
ALERT_COLUMNS = ["id", "record_seq", "customer_id", "customer_fp", "customer_name", "dataset", "entity_id", "entity_fp",
                 "caption", "score", "status", "reason", "created_at", "hit_json"]
SHAPES = {
    "to do, oldest first": "",
    "to do, highest score": "sort=score&order=desc",
    "list + score >= 0.9, by score": "list=ofac-sdn&min_score=0.9&sort=score&order=desc",
    "one customer, all statuses": "status=all&customer=C-000123",
    "unassigned, one month": "assignee=-&from=2026-03-01&to=2026-03-31",
    "page 500 of 'all'": "status=all&page=500",
}


def rows(n, base):
    """The audit records and alerts of the store, the same for every back-end."""
    rng = random.Random(14)
    hit = json.dumps({"explanation": {"tokens": [{"query": "word", "list": "word", "how": "exact", "similarity": 1.0}] * 3,
                                      "evidence": []}, "linked": [], "programs": ["PROGRAM"], "pad": "x" * 600})
    audits, alerts = [], []
    for i in range(1, n + 1):
        seq = base + i
        customer = "C-%06d" % rng.randrange(n // 3 + 1)
        name = "Customer %d" % i
        content = json.dumps({"type": "screening", "input": {"name": name}, "lists": [], "customer_id": customer})
        day = "2026-%02d-%02dT%02d:00:00.000000Z" % (1 + i * 11 // (n + 1), 1 + i % 28, i % 24)
        audits.append((seq, day, "bench", "screening", content, "", ""))
        dataset = rng.choice(LISTS)
        alerts.append((i, seq, customer, "fp", name, dataset, "%s:%d" % (dataset, rng.randrange(20000)), "efp", "Listed %d" % i,
                       round(rng.uniform(0.7, 1.0), 4), rng.choice(STATUSES), "screening hit", day, hit))
    return audits, alerts


def insert_sql(table, columns):
    return "INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(columns), ", ".join("?" * len(columns)))


def fill_sqlite(store, n):
    db = sqlite3.connect(store)
    base = db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_records").fetchone()[0]
    audits, alerts = rows(n, base)
    db.executemany(insert_sql("audit_records", AUDIT_COLUMNS), audits)
    db.executemany(insert_sql("alerts", ALERT_COLUMNS), alerts)
    db.commit()
    db.close()


def copy_text(value):
    text = str(value)
    for a, b in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(a, b)
    return text


def psql(uri, script, **kw):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri], input=script, text=True, check=True,
                          capture_output=True, **kw).stdout


def fill_postgres(uri, n):
    base = int(psql(uri, "\\pset tuples_only on\nSELECT COALESCE(MAX(seq), 0) FROM audit_records;\n").strip())
    audits, alerts = rows(n, base)
    script = []
    for table, columns, data in (("audit_records", AUDIT_COLUMNS, audits), ("alerts", ALERT_COLUMNS, alerts)):
        script.append("COPY %s (%s) FROM STDIN;" % (table, ", ".join(columns)))
        script.extend("\t".join(copy_text(v) for v in row) for row in data)
        script.append("\\.")
    psql(uri, "\n".join(script) + "\n")
    psql(uri, "VACUUM ANALYZE;\n")


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body, headers or {})
    r = conn.getresponse()
    return r, r.read()


def measure(binary, store, password, requests):
    """Times every shape against `embargo serve` on `store`: {shape: (times, total, ids of the page)}."""
    server = subprocess.Popen([binary, "--lists", os.path.join(ROOT, "data/lists"), "serve", "--no-auth", "--port", "0",
                               "--decision-store", store], stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in server.stderr:
            m = re.search(r"listening on http://[\d.]+:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            sys.exit("embargo serve did not start on %s" % store)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        r, _ = request(conn, "POST", "/v1/workbench/session", json.dumps({"name": "bench", "password": password}),
                       {"Content-Type": "application/json"})
        cookie = r.getheader("Set-Cookie").split(";")[0]
        out = {}
        for name, query in SHAPES.items():
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r, body = request(conn, "GET", "/v1/workbench/alerts?" + query, headers={"Cookie": cookie})
                times.append((time.perf_counter() - t0) * 1000)
                if r.status != 200:
                    sys.exit("%s: HTTP %d %s" % (name, r.status, body[:200]))
            page = json.loads(body)
            out[name] = (sorted(times), page["total"], [a["id"] for a in page["alerts"]])
        return out
    finally:
        server.terminate()
        server.wait()


def report(backend, results):
    print("\n%s\n%-32s %8s %8s %8s %10s" % (backend, "query", "p50 ms", "p99 ms", "max ms", "matches"))
    for name, (times, total, _) in results.items():
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print("%-32s %8.1f %8.1f %8.1f %10d" % (name, statistics.median(times), p99, times[-1], total))


def run_backend(backend, a, work, password):
    state = os.path.join(work, "pg")
    if backend == "postgres":
        subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-test-server.sh"), "start", state], check=True)
        with open(os.path.join(state, "uri")) as f:
            store = f.read().strip()
    else:
        store = os.path.join(work, "store.db")
    try:
        subprocess.run([a.binary, "--lists", os.path.join(ROOT, "data/lists"), "users", "add", "bench", "--role", "admin",
                        "--decision-store", store], input=password + "\n", text=True, check=True, capture_output=True)
        t = time.time()
        (fill_postgres if backend == "postgres" else fill_sqlite)(store, a.alerts)
        print("%s: filled %d alerts in %.1f s" % (backend, a.alerts, time.time() - t), flush=True)
        return measure(a.binary, store, password, a.requests)
    finally:
        if backend == "postgres":
            subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-test-server.sh"), "stop", state])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alerts", type=int, default=100000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/embargo"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="embargo-queue-bench-")
    password = "bench-password-123"
    results = {}
    try:
        for backend in a.backends.split(","):
            results[backend] = run_backend(backend, a, work, password)
    finally:
        subprocess.run(["rm", "-rf", work])
    print("load average at the end: %.2f %.2f %.2f" % os.getloadavg())
    for backend, r in results.items():
        report(backend, r)
    if len(results) > 1:
        answers = [{name: r[1:] for name, r in res.items()} for res in results.values()]
        same = all(x == answers[0] for x in answers[1:])
        print("\nsame totals and pages on every back-end: %s" % ("yes" if same else "NO"))
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
