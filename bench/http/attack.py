#!/usr/bin/env python3
"""Attacks on a running embargo server over loopback, with figures for docs/BENCHMARKS.md.

  python3 bench/http/attack.py PORT PID KEY

1. A 200 MiB chunked body to /v1/screen without a key, then with one: the answer, and how much
   the server's resident memory grew (sampled while sending).
2. Slowloris: 500 connections each sending a request header a byte per second, while 40
   requests (/healthz and /v1/screen in turn, a new connection each) measure latency.
Bounded in bytes and time; loopback only.
"""
import socket
import statistics
import sys
import time

HOST = "127.0.0.1"


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def status_of(data):
    return int(data[9:12]) if data.startswith(b"HTTP/1.") and len(data) >= 12 else 0


def chunked_flood(port, pid, key, total=200 << 20):
    head = b"POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
    if key:
        head += b"X-API-Key: " + key.encode() + b"\r\n"
    chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
    before = peak = rss_kb(pid)
    s = socket.create_connection((HOST, port))
    s.setblocking(False)
    answer, sent, start = b"", 0, time.time()
    pending = head + b"\r\n"
    while sent < total and time.time() - start < 60:
        try:
            n = s.send(pending)
            pending = pending[n:]
            if not pending:
                sent += 0x10000
                pending = chunk
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            break
        try:
            got = s.recv(65536)
            if not got:
                break
            answer += got
        except BlockingIOError:
            pass
        except OSError:
            break
        if answer:
            break
        if sent % (8 << 20) == 0:
            peak = max(peak, rss_kb(pid))
    s.setblocking(True)
    s.settimeout(10)
    try:
        while b"\r\n\r\n" not in answer:
            got = s.recv(65536)
            if not got:
                break
            answer += got
    except OSError:
        pass
    s.close()
    time.sleep(0.2)
    peak = max(peak, rss_kb(pid))
    return status_of(answer), sent, peak - before


def timed_request(port, path, body=None, key=None, timeout=5.0):
    start = time.time()
    try:
        s = socket.create_connection((HOST, port), timeout=timeout)
        s.settimeout(timeout)
        req = f"{'POST' if body else 'GET'} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        if key:
            req += f"X-API-Key: {key}\r\n"
        if body:
            req += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        s.sendall(req.encode() + b"\r\n" + (body.encode() if body else b""))
        data = b""
        while True:
            got = s.recv(65536)
            if not got:
                break
            data += got
        s.close()
        return status_of(data), (time.time() - start) * 1000
    except OSError:
        return 0, (time.time() - start) * 1000


def slowloris(port, key, clients=500, requests=40):
    slow = []
    for _ in range(clients):
        s = socket.create_connection((HOST, port))
        s.sendall(b"POST /v1/screen HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        slow.append(s)
    latencies, failed, last_drip = [], 0, 0.0
    for i in range(requests):
        if time.time() - last_drip >= 1.0:  # a byte per second per connection
            for s in slow:
                try:
                    s.send(b"X")
                except OSError:
                    pass
            last_drip = time.time()
        if i % 2:
            status, ms = timed_request(port, "/v1/screen", '{"name": "Vladimir Putin"}', key)
        else:
            status, ms = timed_request(port, "/healthz")
        if status != 200:
            failed += 1
        latencies.append(ms)
        time.sleep(0.05)
    for s in slow:
        s.close()
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))]
    return failed, statistics.median(latencies), q(0.9), q(0.99), latencies[-1]


def main():
    port, pid, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for with_key in (False, True):
        status, sent, grown = chunked_flood(port, pid, key if with_key else None)
        print(f"chunked 200 MiB {'with' if with_key else 'without'} a key: answer {status}, "
              f"{sent >> 20} MiB sent, server RSS grew by {grown / 1024:.1f} MB")
    failed, p50, p90, p99, worst = slowloris(port, key)
    print(f"slowloris 500 connections: 40 requests, {failed} failed; latency median {p50:.1f} ms, "
          f"p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")


if __name__ == "__main__":
    main()
