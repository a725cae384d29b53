#!/usr/bin/env python3
"""Latency of the workbench's queue API (GET /v1/workbench/alerts) with many alerts in a SQLite store.

Fills a fresh store with ALERTS open and decided alerts (rows written straight into the alerts and
audit_records tables, as a long-lived store would hold them; the chain is not valid, which the
queue never reads), starts `embargo serve` on it, signs in, and times each query shape REQUESTS
times over one kept-alive connection. Prints p50/p99/max per shape in milliseconds.

    python3 bench/workbench/queue_latency.py [--alerts 100000] [--requests 300] [--binary build/embargo]
"""
import argparse, http.client, json, os, random, re, sqlite3, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTS = ["ofac-sdn", "uk-ofsi", "un", "ofac-cons", "bis-dpl", "us-csl"]
STATUSES = ["open"] * 6 + ["pending_second", "true_match", "false_positive", "false_positive"]


def fill(store, n):
    db = sqlite3.connect(store)
    rng = random.Random(14)
    base = db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_records").fetchone()[0]
    hit = json.dumps({"explanation": {"tokens": [{"query": "word", "list": "word", "how": "exact", "similarity": 1.0}] * 3,
                                      "evidence": []}, "linked": [], "programs": ["PROGRAM"], "pad": "x" * 600})
    audits, alerts = [], []
    for i in range(1, n + 1):
        seq = base + i
        customer = "C-%06d" % rng.randrange(n // 3 + 1)
        content = json.dumps({"type": "screening", "input": {"name": "Customer %d" % i}, "lists": [], "customer_id": customer})
        day = "2026-%02d-%02dT%02d:00:00.000000Z" % (1 + i * 11 // (n + 1), 1 + i % 28, i % 24)
        audits.append((seq, day, "bench", "screening", content, "", ""))
        dataset = rng.choice(LISTS)
        alerts.append((i, seq, customer, "fp", "%s:%d" % (dataset, rng.randrange(20000)), "efp", "Listed %d" % i,
                       round(rng.uniform(0.7, 1.0), 4), rng.choice(STATUSES), "screening hit", day, hit))
    db.executemany("INSERT INTO audit_records (seq, recorded_at, caller, kind, content, prev_hash, hash) VALUES (?,?,?,?,?,?,?)", audits)
    db.executemany("INSERT INTO alerts (id, record_seq, customer_id, customer_fp, entity_id, entity_fp, caption, score, status, "
                   "reason, created_at, hit_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", alerts)
    db.commit()
    db.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alerts", type=int, default=100000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/embargo"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="embargo-queue-bench-")
    store = os.path.join(work, "store.db")
    password = "bench-password-123"
    subprocess.run([a.binary, "--lists", os.path.join(ROOT, "data/lists"), "users", "add", "bench", "--role", "admin",
                    "--decision-store", store], input=password + "\n", text=True, check=True, capture_output=True)
    t = time.time()
    fill(store, a.alerts)
    print("filled %d alerts in %.1f s (store %.0f MB)" % (a.alerts, time.time() - t, os.path.getsize(store) / 1e6))
    server = subprocess.Popen([a.binary, "--lists", os.path.join(ROOT, "data/lists"), "serve", "--no-auth", "--port", "0",
                               "--decision-store", store], stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in server.stderr:
            m = re.search(r"listening on http://[\d.]+:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("POST", "/v1/workbench/session", json.dumps({"name": "bench", "password": password}),
                     {"Content-Type": "application/json"})
        r = conn.getresponse()
        cookie = r.getheader("Set-Cookie").split(";")[0]
        r.read()
        shapes = {
            "to do, oldest first": "",
            "to do, highest score": "sort=score&order=desc",
            "list + score >= 0.9, by score": "list=ofac-sdn&min_score=0.9&sort=score&order=desc",
            "one customer, all statuses": "status=all&customer=C-000123",
            "unassigned, one month": "assignee=-&from=2026-03-01&to=2026-03-31",
            "page 500 of 'all'": "status=all&page=500",
        }
        print("%-32s %8s %8s %8s %10s" % ("query", "p50 ms", "p99 ms", "max ms", "matches"))
        for name, query in shapes.items():
            times, total = [], None
            for _ in range(a.requests):
                t0 = time.perf_counter()
                conn.request("GET", "/v1/workbench/alerts?" + query, headers={"Cookie": cookie})
                r = conn.getresponse()
                body = r.read()
                times.append((time.perf_counter() - t0) * 1000)
                if r.status != 200:
                    sys.exit("%s: HTTP %d %s" % (name, r.status, body[:200]))
                total = json.loads(body)["total"]
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print("%-32s %8.1f %8.1f %8.1f %10d" % (name, statistics.median(times), p99, times[-1], total))
    finally:
        server.terminate()
        server.wait()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
