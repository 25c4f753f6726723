"""Load test: `newsloom serve --workers N` under concurrent requests, route by route.

What it measures
    Starts `newsloom serve` on 127.0.0.1 (never another interface) over a store, by default
    the 100,000-article store of benchmarks/web.py (built there first if --db does not exist
    yet), with --workers server processes. Then, for each concurrency level (1, 16 and 64
    clients by default) and each route of benchmarks/web.py (every page and API route, the
    heavy ones included: the biggest story, a story brief, search), it sends a bounded number
    of GET requests, keeping that many in flight over keep-alive connections, and reports per
    route: requests per second, median and 99th-percentile latency as the client sees it,
    and errors (any status other than 200, and failed connections). Last, the peak resident
    memory of each server process.

    The clients run in this script's process, on the same machine: on 2 cores they take CPU
    from the server, so the figures are a floor. Target (issue 14): p99 under 200 ms at
    concurrency 16 on 2 cores, and 0 errors.

How to run
    python benchmarks/load.py --db /tmp/web100k.db              # 2 workers, 1/16/64 clients
    python benchmarks/load.py --db news.db --workers 1 --concurrency 1,8 --requests 50
    python benchmarks/load.py --db /tmp/web100k.db --match search --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web  # noqa: E402  (benchmarks/web.py: the store and the routes)
from newsloom import Database  # noqa: E402

HOST = "127.0.0.1"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(db_path: Path, workers: int, port: int) -> subprocess.Popen:
    command = [sys.executable, "-c", "from newsloom.cli import main; main()", "serve",
               "--db", str(db_path), "--host", HOST, "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/sources", timeout=30).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"the server did not start: {server.stderr.read()[-2000:]}")


async def hammer(port: int, urls: list[str], total: int, concurrency: int) -> dict[str, Any]:
    """`total` requests over `concurrency` connections, each client sending its next request
    when the last one is answered."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors = 0
    sent = 0
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", limits=limits,
                                 timeout=60) as client:  # fmt: skip

        async def one_client() -> None:
            nonlocal errors, sent
            while sent < total:
                url = urls[sent % len(urls)]
                sent += 1
                start = time.perf_counter()
                try:
                    response = await client.get(url)
                    errors += response.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000, 1),
        "errors": errors,
    }


def server_memory_mib(server: subprocess.Popen) -> list[int]:
    """Peak resident memory (VmHWM) of the server process and its worker processes."""
    pids = [server.pid] + [
        int(p) for p in os.listdir("/proc") if p.isdigit() and _parent(int(p)) == server.pid
    ]
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kib = next((int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmHWM")), 0)  # fmt: skip
        peaks.append(round(kib / 1024))
    return peaks


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def run(args: argparse.Namespace) -> dict[str, Any]:
    facts = web.prepare(args.db, args.articles, args.seed)
    db = Database(args.db)
    routes = [(label, urls) for label, urls in web.routes(db)
              if not args.match or any(word in label for word in args.match)]  # fmt: skip
    db.close()
    port = free_port()
    server = start_server(args.db, args.workers, port)
    rows = []
    try:
        for concurrency in args.concurrency:
            total = max(args.requests, 2 * concurrency)
            for label, urls in routes:
                asyncio.run(hammer(port, urls, len(urls), 1))  # warm-up: caches, first query
                row = asyncio.run(hammer(port, urls, total, concurrency))
                rows.append({"route": label, "concurrency": concurrency, **row})
                log(f"c={concurrency} {label}: {row['rps']} req/s, p50 {row['p50_ms']} ms, "
                    f"p99 {row['p99_ms']} ms, {row['errors']} errors")  # fmt: skip
        memory = server_memory_mib(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"store": facts, "workers": args.workers, "server_peak_rss_mib": memory, "routes": rows}


def print_table(result: dict[str, Any]) -> None:
    store = result["store"]
    print(f"store: {store['articles']} articles, {store['db_mb']} MB; "
          f"{result['workers']} worker processes")  # fmt: skip
    width = max(len(r["route"]) for r in result["routes"])
    print(f"{'route':<{width}}  {'clients':>7}  {'req/s':>7}  {'p50 ms':>7}  {'p99 ms':>7}  errors")
    for r in result["routes"]:
        print(f"{r['route']:<{width}}  {r['concurrency']:>7}  {r['rps']:>7.1f}  "
              f"{r['p50_ms']:>7.1f}  {r['p99_ms']:>7.1f}  {r['errors']:>6}")  # fmt: skip
    for level in sorted({r["concurrency"] for r in result["routes"]}):
        at = [r for r in result["routes"] if r["concurrency"] == level]
        worst = max(at, key=lambda r: r["p99_ms"])
        under = sum(r["p99_ms"] < 200 for r in at)
        print(f"{level} clients: {under} of {len(at)} routes with p99 under 200 ms; worst "
              f"{worst['route']} {worst['p99_ms']} ms; "
              f"{sum(r['errors'] for r in at)} errors")  # fmt: skip
    print(f"server peak RSS per process (MiB): {result['server_peak_rss_mib']}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load-test newsloom serve on 127.0.0.1.")
    parser.add_argument("--db", type=Path, required=True, help="store (built if absent)")
    parser.add_argument("--articles", type=int, default=100_000, help="size when building")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 16, 64],
        help="clients in flight, comma-separated (default 1,16,64)",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=100,
        help="requests per route and level (at least 2x clients)",
    )
    parser.add_argument("--match", action="append", default=[], help="only routes with this text")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
    return 1 if any(r["errors"] for r in result["routes"]) else 0


if __name__ == "__main__":
    sys.exit(main())
