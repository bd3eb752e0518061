"""Load test of `newsaudit serve` on the loopback interface: latency percentiles and throughput.

    python bench/serve.py [--requests 800] [--clients 8] [--duration 60] [--bytes 5000]

Starts `newsaudit serve` on a free loopback port (it never talks to another host),
warms it up, then sends a fixed number of POST /v1/check requests, each a generated
article of about --bytes bytes (bench/generate.py), from --clients concurrent clients
on keep-alive connections, stopping early at --duration seconds. Prints the latency
percentiles, the throughput, the CPU a request costs the server (its process and its
audit workers) and the clients (which share the cores), where the time went (the
server's Server-Timing header, with the checks audited together in each minibatch), and
every error (a non-200 answer or a failed request).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import generate  # noqa: E402  (bench/generate.py, beside this file)

HOST = "127.0.0.1"
START_TIMEOUT_S = 60


def articles(size: int, count: int, seed: int) -> list[bytes]:
    """Request bodies: generated articles cut (at a paragraph) to about `size` bytes."""
    bodies: list[bytes] = []
    index = 0
    while len(bodies) < count:
        article = generate.make_article(seed, index)
        index += 1
        text = article.text
        if len(text.encode("utf-8")) < size:
            continue
        cut = text.rfind("\n\n", 0, size)
        text = text[: cut if cut > size // 2 else size]
        record = {
            "text": text,
            "title": article.title,
            "source": article.source,
            "url": article.url,
        }
        bodies.append(json.dumps(record).encode("utf-8"))
    return bodies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, store: Path | None, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "audit", "serve", "--isolated", "--port", str(port)]
    command += ["--workers", str(workers)] + (["--store", str(store)] if store else [])
    with log.open("w") as stderr:  # a file: a pipe nobody drains could stall the server
        server = subprocess.Popen(command, cwd=ROOT, stderr=stderr)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server did not start: {log.read_text()}") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer /healthz in time")


def cpu_seconds(pid: int) -> tuple[float, float] | None:
    """User and system CPU seconds of a process and of its children (the audit workers), from
    /proc; None where there is no /proc to read."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    own: float | None = None
    children = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # a process that ended while the table was read
            continue
        used = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        if stat.parent.name == str(pid):
            own = used
        elif fields[1] == str(pid):  # its parent
            children += used
    return None if own is None else (own, children)


def server_timing(header: str | None) -> dict[str, float]:
    """`audit;dur=31.2, wait;dur=1.0, batch;desc=3` -> {"audit": 31.2, "wait": 1.0, "batch": 3.0}
    (milliseconds; a metric without a duration gives its number description)."""
    parts = {}
    for entry in (header or "").split(","):
        name, *params = entry.strip().split(";")
        values = dict(param.partition("=")[::2] for param in params)
        value = values.get("dur", values.get("desc", "")).strip('"')
        try:
            parts[name] = float(value)
        except ValueError:
            continue
    return parts


def client(port, bodies, first, quota, deadline, latencies, errors, lock, timings=None) -> None:
    """Send articles from bodies[first] on, in turn, until the quota or the deadline ends."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Content-Type": "application/json"}
    n = first
    while time.monotonic() < deadline:
        with lock:
            if quota[0] <= 0:
                return
            quota[0] -= 1
        body = bodies[n % len(bodies)]
        n += 1
        started = time.perf_counter()
        try:
            connection.request("POST", "/v1/check", body, headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
            else:
                latencies.append(elapsed)
                if timings is not None:  # one append: the latency and its parts stay paired
                    parts = server_timing(response.getheader("Server-Timing"))
                    timings.append({**parts, "total": elapsed * 1000})
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60.0, help="stop after this many seconds")
    parser.add_argument("--bytes", type=int, default=5000, help="article size")
    parser.add_argument("--workers", type=int, default=0, help="server audit workers (0: per core)")
    parser.add_argument(
        "--warmup",
        type=int,
        help="requests before the measured ones (default: each client sends every article once)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", action="store_true", help="record every request in a store")
    args = parser.parse_args()

    bodies = articles(args.bytes, 32, args.seed)
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "history.sqlite" if args.store else None
        log = Path(scratch) / "server.log"
        server = start_server(port, args.workers, store, log)
        try:
            lock = threading.Lock()
            # Each client starts at its own place in the articles, so that a minibatch holds
            # different articles, as a newsroom's drafts are, not copies of one.
            starts = [i * len(bodies) // args.clients for i in range(args.clients)]
            # The warm-up comes from every client at once, as the load does, so that every
            # audit worker has seen every article (one client's requests all go to one worker).
            warm_quota = [len(bodies) * args.clients if args.warmup is None else args.warmup]
            warm_until = time.monotonic() + 60
            warm_ok: list[float] = []
            warm_errors: list[str] = []
            warm_up = [
                threading.Thread(
                    target=client,
                    args=(port, bodies, first, warm_quota, warm_until, warm_ok, warm_errors, lock),
                )
                for first in starts
            ]
            for thread in warm_up:
                thread.start()
            for thread in warm_up:
                thread.join()
            latencies: list[float] = []
            timings: list[dict[str, float]] = []
            errors: list[str] = []
            quota = [args.requests]
            deadline = time.monotonic() + args.duration
            threads = [
                threading.Thread(
                    target=client,
                    args=(port, bodies, first, quota, deadline, latencies, errors, lock, timings),
                )
                for first in starts
            ]
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            server_cpu = cpu_seconds(server.pid)
            client_cpu = time.process_time()
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
            client_cpu = time.process_time() - client_cpu
            after = cpu_seconds(server.pid)
            if server.poll() is not None:  # another server took its port: the figures were its
                raise SystemExit(f"the server exited during the run: {log.read_text()}")
            if server_cpu is not None and after is not None:
                server_cpu = (after[0] - server_cpu[0], after[1] - server_cpu[1])
        finally:
            server.terminate()
            server.wait(10)

    sizes = [len(json.loads(b)["text"].encode("utf-8")) for b in bodies]
    print(f"newsaudit serve, POST /v1/check, loopback, {os.cpu_count()} cores")
    print(
        f"articles: {len(bodies)} distinct, {statistics.mean(sizes):,.0f} bytes of text on average; "
        f"{args.clients} concurrent clients, server workers: {args.workers or 'one per core'}"
        + (", recording in a store" if args.store else "")
    )
    if warm_ok or warm_errors:  # the cold start a CMS meets after every restart
        warm_ms = [v * 1000 for v in warm_ok] or [float("nan")]
        print(
            f"warm-up (not in the figures below): {len(warm_ok)} ok, "
            f"{len(warm_errors)} errors; latency ms p50={percentile(warm_ms, 50):.1f} "
            f"max={max(warm_ms):.1f}"
        )
    done = len(latencies)
    print(f"requests: {done} ok, {len(errors)} errors, in {wall:.1f} s")
    if latencies:
        ms = [v * 1000 for v in latencies]
        print(
            "latency ms: "
            + "  ".join(f"p{p}={percentile(ms, p):.1f}" for p in (50, 90, 95, 99))
            + f"  max={max(ms):.1f}  mean={statistics.mean(ms):.1f}"
        )
        print(f"throughput: {done / wall:.1f} requests/s")
        served = done + len(errors)
        cores = os.cpu_count() or 1
        client_ms = client_cpu * 1000 / served
        if server_cpu is None:
            print(f"cpu ms per request: server n/a (no /proc), clients {client_ms:.1f}")
        else:
            http_ms, audit_ms = (cpu * 1000 / served for cpu in server_cpu)
            used = http_ms + audit_ms + client_ms
            print(
                f"cpu ms per request: {used:.1f} = server {http_ms + audit_ms:.1f} (HTTP process "
                f"{http_ms:.1f}, audit workers {audit_ms:.1f}) + clients {client_ms:.1f}"
            )
            # Little's law: with the cores to themselves, `clients` requests in flight that each
            # need `used` ms of CPU take clients * used / cores ms each (queueing included).
            print(
                f"cores: {cores * wall * 1000 / served:.1f} ms of the {cores} cores passed per "
                f"request, {used:.1f} of them used here (load average {load:.1f} at the start); "
                f"on {cores} idle cores, {args.clients} clients would wait about "
                f"{args.clients * used / cores:.0f} ms a request"
            )
        # Where the time goes, from the server's Server-Timing header; the rest of a request's
        # latency is HTTP, validation and the client (which shares the cores).
        parts = ("audit", "encode", "wait", "store")
        rest = [t["total"] - sum(t.get(p, 0.0) for p in parts) for t in timings]
        for name, values in [
            *((p, [t.get(p, 0.0) for t in timings]) for p in parts),
            ("rest", rest),
        ]:
            print(
                f"  {name:<7} ms: p50={percentile(values, 50):.1f}  p99={percentile(values, 99):.1f}"
                f"  mean={statistics.mean(values):.1f}"
            )
        batches = [round(t["batch"]) for t in timings if "batch" in t]
        if batches:  # checks audited together (a request's share of its minibatch's audit)
            sizes = "  ".join(f"{size}: {batches.count(size)}" for size in sorted(set(batches)))
            print(
                f"  batch   checks: p50={percentile(batches, 50):.0f}  max={max(batches):.0f}"
                f"  mean={statistics.mean(batches):.1f}  (requests by minibatch size: {sizes})"
            )
        shares = [t["cpu"] for t in timings if "cpu" in t]
        if shares:  # each request's share of the CPU its worker spent on its minibatch's audit
            print(
                f"  cpu     ms: p50={percentile(shares, 50):.1f}  p99={percentile(shares, 99):.1f}"
                f"  mean={statistics.mean(shares):.1f}  (the audit's CPU in the workers, a "
                "request's share of its minibatch's; bench/minibatch.py measures the same work)"
            )
    for error in sorted(set(errors)):
        print(f"error: {error} (x{errors.count(error)})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
