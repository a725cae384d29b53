#!/usr/bin/env python3
"""`embargo worker` on Redis Streams, end to end (docs/BENCHMARKS.md, "Message-bus workers").

Starts a throwaway redis-server (scripts/redis-test-server.sh) and, with --store pg, a throwaway
PostgreSQL (scripts/pg-test-server.sh); generates MT103s (one in ten naming a listed party).
  1. throughput: N messages enqueued, then W workers started; messages/s from the first verdict
     to the last (list loading excluded), per worker;
     CPU per message of the workers, Redis and the PostgreSQL backends over the same span (from
     /proc), and the messages per CPU-second of the workers: the "per core" figure;
     with a store, the first run's messages are then sent again (a replayed stream: each one a
     redelivery, answered with the verdict recorded first);
  2. latency: one worker kept busy at RATE messages/s for SECONDS; enqueue-to-verdict p50/p99,
     both times from the Redis server's clock (entry ids).
Everything it writes goes under /tmp.
  python3 bench/worker_bench.py [--messages 10000] [--workers 1 2] [--store pg|sqlite|none]
                                [--rate 500] [--seconds 10]
"""
import argparse, csv, os, re, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EMBARGO = os.environ.get("EMBARGO_BIN", os.path.join(ROOT, "build", "embargo"))


class Redis:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.f = self.s.makefile("rb")

    def send(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.s.sendall(b"".join(out))

    def read(self):
        line = self.f.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"+": return rest.decode()
        if kind == b"-": raise RuntimeError(rest.decode())
        if kind == b":": return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0: return None
            data = self.f.read(n + 2)[:-2]
            return data.decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("unexpected reply %r" % line)

    def call(self, *args):
        self.send(*args)
        return self.read()


def names():
    innocent = []
    path = os.path.join(ROOT, "..", "shared", "benchmarks", "name-variants", "dev_innocents.csv")
    if os.path.exists(path):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            # MT fields take the SWIFT X character set only.
            name = re.sub(r"[^A-Z0-9 .,()/-]", "", row["name"].upper()).strip()
            if name: innocent.append(name)
    innocent = innocent or ["JOHANNA DE VRIES", "KLAUS BERGMANN", "MARTA KOWALSKA", "PIERRE DUBOIS"]
    listed = ["VLADIMIR VLADIMIROVICH PUTIN", "BANK ROSSIYA", "KIM JONG UN", "SBERBANK OF RUSSIA",
              "ISLAMIC REVOLUTIONARY GUARD CORPS", "ROSNEFT OIL COMPANY"]
    return innocent, listed


def mt103(i, innocent, listed):
    ben = listed[i % len(listed)] if i % 10 == 3 else innocent[(2 * i + 1) % len(innocent)]
    return ("{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{3:{121:3f1c6a2e-5b7d-4c1e-9a0b-%012x}}{4:\r\n"
            ":20:BENCH%d\r\n:23B:CRED\r\n:32A:261128EUR%d,00\r\n"
            ":50K:/DE89370400440532013000\r\n%s\r\n%d MAIN STREET\r\nMUNICH GERMANY\r\n"
            ":52A:DEUTDEFF\r\n:57A:ABNANL2A\r\n"
            ":59:/NL91ABNA0417164300\r\n%s\r\n%d HIGH STREET\r\nAMSTERDAM NETHERLANDS\r\n"
            ":70:INVOICE 2026-%d\r\nPAYMENT FOR SERVICES\r\n:71A:SHA\r\n-}") % (
        i, i, 1000 + i, innocent[(2 * i) % len(innocent)], i % 90 + 1, ben, i % 70 + 1, i)


def start(script, state):
    subprocess.run(["bash", os.path.join(ROOT, "scripts", script), "start", state], check=True)
    return open(os.path.join(state, "uri")).read().strip()


def verdict_times(r, stream):
    """message id -> verdict entry time (ms), from the verdict stream."""
    out = {}
    for entry_id, fields in r.call("XRANGE", stream, "-", "+") or []:
        f = dict(zip(fields[::2], fields[1::2]))
        out[f["id"]] = int(entry_id.split("-")[0])
    return out


def workers(n, uri, stream, out, group, store, tmp, max_messages=0):
    procs = []
    for w in range(n):
        args = [EMBARGO, "worker", "--from", uri + "/" + stream, "--to", uri + "/" + out, "--group", group,
                "--consumer", "b%d" % w, "--window", "64"]
        if store: args += ["--decision-store", store]
        if max_messages: args += ["--max-messages", str(max_messages)]
        procs.append(subprocess.Popen(args, stderr=open(os.path.join(tmp, "worker%d.log" % w), "w")))
    return procs


def throughput(r, uri, n_workers, n, store, tmp, innocent, listed, ids="", name="tp"):
    stream, out = "%s%d:in" % (name, n_workers), "%s%d:out" % (name, n_workers)
    for i in range(n):
        # Ids of their own per run: the store keeps the runs before, and a known id is a redelivery.
        r.send("XADD", stream, "*", "id", "%s-m%d" % (ids or "w%d" % n_workers, i), "payload", mt103(i, innocent, listed))
    for _ in range(n): r.read()
    procs = workers(n_workers, uri, stream, out, "bench", store, tmp)
    deadline = time.time() + 600
    while r.call("XLEN", out) < 1 and time.time() < deadline: time.sleep(0.005)
    parts = {"workers": [p.pid for p in procs], "redis": pids("redis-server"), "postgres": pids("postgres: ")}
    before, done_at = {k: cpu_seconds(v) for k, v in parts.items()}, r.call("XLEN", out)
    while r.call("XLEN", out) < n and time.time() < deadline: time.sleep(0.05)
    used = {k: cpu_seconds(v) - before[k] for k, v in parts.items()}
    for p in procs: p.terminate()
    for p in procs: p.wait()
    times = sorted(verdict_times(r, out).values())
    # From the first verdict to the last: the work of the workers once their lists are loaded.
    span = max(1, times[-1] - times[0]) / 1000.0
    cpu_us = {k: 1e6 * v / max(1, n - done_at) for k, v in used.items()}
    return len(times), len(times) / span, cpu_us


def pids(pattern):
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def cpu_seconds(pids):
    """User + system CPU time of the processes (and their threads), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def latency(r, uri, rate, seconds, store, tmp, innocent, listed):
    stream, out = "lat:in", "lat:out"
    procs = workers(1, uri, stream, out, "bench", store, tmp)
    time.sleep(1)
    while not os.path.exists(os.path.join(tmp, "worker0.log")) or "lists version" not in open(os.path.join(tmp, "worker0.log")).read():
        time.sleep(0.2)
    time.sleep(1)
    enqueued, t0, i = {}, time.time(), 0
    while time.time() - t0 < seconds:
        due = int((time.time() - t0) * rate)
        while i < due:
            entry = r.call("XADD", stream, "*", "id", "l%d" % i, "payload", mt103(i, innocent, listed))
            enqueued["l%d" % i] = int(entry.split("-")[0])
            i += 1
        time.sleep(0.001)
    deadline = time.time() + 60
    while r.call("XLEN", out) < i and time.time() < deadline: time.sleep(0.1)
    for p in procs: p.terminate()
    for p in procs: p.wait()
    done = verdict_times(r, out)
    lat = sorted(done[k] - enqueued[k] for k in enqueued if k in done)
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    return len(lat), pick(0.5), pick(0.99)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--store", choices=["pg", "sqlite", "none"], default="pg")
    ap.add_argument("--rate", type=int, default=500)
    ap.add_argument("--seconds", type=int, default=10)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="embargo-worker-bench.")
    redis_uri = start("redis-test-server.sh", os.path.join(tmp, "redis"))
    pg_state = os.path.join(tmp, "pg")
    try:
        store = None
        if a.store == "pg": store = start("pg-test-server.sh", pg_state)
        elif a.store == "sqlite": store = os.path.join(tmp, "decisions.db")
        r = Redis(int(redis_uri.rsplit(":", 1)[1]))
        innocent, listed = names()
        print("store: %s; %d messages; machine: %d cores" % (a.store, a.messages, os.cpu_count()))
        for w in a.workers:
            r.call("FLUSHALL")
            got, rate, cpu_us = throughput(r, redis_uri, w, a.messages, store, tmp, innocent, listed)
            print("throughput: %d worker(s): %d verdicts, %.0f messages/s (%.0f per worker); CPU per message: %s" % (
                w, got, rate, rate / w, ", ".join("%s %.0f us" % kv for kv in cpu_us.items())))
            print("  messages per CPU-second of the workers: %.0f" % (1e6 / cpu_us["workers"]))
        if store and a.workers[0] == 1:
            # The first run's messages again: every one a redelivery, answered from the store.
            r.call("FLUSHALL")
            got, rate, cpu_us = throughput(r, redis_uri, 1, a.messages, store, tmp, innocent, listed, ids="w1", name="replay")
            print("replay: 1 worker, %d messages recorded before: %.0f messages/s; CPU per message: %s" % (
                got, rate, ", ".join("%s %.0f us" % kv for kv in cpu_us.items())))
        r.call("FLUSHALL")
        got, p50, p99 = latency(r, redis_uri, a.rate, a.seconds, store, tmp, innocent, listed)
        print("latency: 1 worker at %d messages/s for %d s: %d verdicts, p50 %d ms, p99 %d ms" % (a.rate, a.seconds, got, p50, p99))
    finally:
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "redis-test-server.sh"), "stop", os.path.join(tmp, "redis")])
        if a.store == "pg":
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pg_state])


if __name__ == "__main__":
    sys.exit(main())
