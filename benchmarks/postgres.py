"""PostgreSQL against SQLite: ingest rate and the web routes' latency on the same stores.

What it measures
    Ingest: the synthetic corpus of benchmarks/ingest.py (600-word articles in six languages,
    10% planted near-duplicates) ingested with the whole default pipeline, in one process, into
    a new SQLite file and into a new PostgreSQL database; wall-clock seconds and articles per
    second for each. The PostgreSQL server runs on the same machine and its CPU time is not
    counted in this process's: compare wall-clock rates.

    Web: the store of benchmarks/web.py (the same corpus ingested without entity recognition,
    then synthetic entities, mentions, quotes, claims and stories) built the same way in both
    engines, then `newsloom serve --workers 2` over it on 127.0.0.1 and every page and API
    route of benchmarks/web.py requested `--requests` times (after a warm-up round) by
    `--concurrency` clients in this process, as benchmarks/load.py does: median and 99th
    percentile latency per route and engine, as the client sees it.

    Each engine's store is new, so the PostgreSQL figures include no cache warmed by a previous
    run; its server keeps its default settings (shared_buffers 128 MB, fsync on).

How to run
    python benchmarks/postgres.py --server postgresql://postgres@127.0.0.1:5432/postgres
    python benchmarks/postgres.py --server URL --ingest-articles 2000 --web-articles 5000
    python benchmarks/postgres.py --server URL --skip-ingest --match search --concurrency 16
`--server` is a database the script may connect to and create databases from; it creates
one per store (named newsloom_bench_*) and leaves them for inspection.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from newsloom import Database, Settings, ingest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest as corpus  # noqa: E402  (benchmarks/ingest.py: the synthetic corpus)
import load  # noqa: E402  (benchmarks/load.py: the server and the clients)
import web  # noqa: E402  (benchmarks/web.py: the store and the routes)

ENGINES = ("sqlite", "postgresql")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def new_store(engine: str, server: str, workdir: Path) -> str:
    """A target for a new, empty store: a file, or a new database on the server."""
    if engine == "sqlite":
        return str(workdir / f"{uuid.uuid4().hex[:8]}.db")
    name = f"newsloom_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def measure_ingest(server: str, workdir: Path, articles: int, seed: int) -> dict[str, Any]:
    with (workdir / "planted.tsv").open("w", encoding="utf-8") as planted:
        written = corpus.write_corpus(workdir / "corpus", planted, "jsonl", seed, articles)
    rates = {}
    for engine in ENGINES:
        db = Database(new_store(engine, server, workdir))
        start = time.perf_counter()
        report = ingest(db, [str(written.path)], Settings())
        seconds = time.perf_counter() - start
        db.close()
        rates[engine] = {"added": report.added, "seconds": round(seconds, 1),
                         "articles_per_s": round(report.added / seconds, 1)}  # fmt: skip
        log(f"ingest into {engine}: {rates[engine]}")
    return rates


def time_routes(target: str, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """p50 and p99 per route through `newsloom serve` (benchmarks/load.py), after a warm-up."""
    db = Database(target)
    routes = [(label, urls) for label, urls in web.routes(db)
              if not args.match or any(word in label for word in args.match)]  # fmt: skip
    db.close()
    port = load.free_port()
    server = load.start_server(target, args.workers, port)
    timings = {}
    try:
        for label, urls in routes:
            asyncio.run(load.hammer(port, urls, len(urls), 1))
            row = asyncio.run(load.hammer(port, urls, args.requests, args.concurrency))
            if row["errors"]:
                raise RuntimeError(f"{label}: {row['errors']} errors")
            timings[label] = {"median_ms": row["p50_ms"], "p99_ms": row["p99_ms"]}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return timings


def measure_web(server: str, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for engine in ENGINES:
        target = new_store(engine, server, workdir)
        start = time.perf_counter()
        facts = web.prepare(target, args.web_articles, args.seed)
        facts["build_s"] = round(time.perf_counter() - start, 1)
        log(f"{engine} store built: {facts}")
        result[engine] = {"store": facts, "routes": time_routes(target, args)}
    return result


def print_tables(result: dict[str, Any]) -> None:
    for engine, figures in result.get("ingest", {}).items():
        print(f"ingest into {engine}: {figures['added']} articles in {figures['seconds']} s, "
              f"{figures['articles_per_s']} articles/s")  # fmt: skip
    if "web" not in result:
        return
    for engine in ENGINES:
        store = result["web"][engine]["store"]
        print(f"{engine} web store: {store['articles']} articles, {store['mentions']} mentions, "
              f"{store['quotes']} quotes, {store['stories']} stories, {store['db_mb']} MB, "
              f"built in {store['build_s']} s")  # fmt: skip
    sqlite, postgres = (result["web"][engine]["routes"] for engine in ENGINES)
    width = max(len(label) for label in sqlite)
    print(
        f"{'route':<{width}}  {'SQLite p50':>10}  {'p99':>7}  {'PostgreSQL p50':>14}  {'p99':>7}  (ms)"
    )
    for label, times in sqlite.items():
        other = postgres[label]
        print(f"{label:<{width}}  {times['median_ms']:>10.1f}  {times['p99_ms']:>7.1f}  "
              f"{other['median_ms']:>14.1f}  {other['p99_ms']:>7.1f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare newsloom on PostgreSQL and SQLite.")
    parser.add_argument(
        "--server", required=True, help="postgresql:// URL to create databases from"
    )
    parser.add_argument("--ingest-articles", type=int, default=2000, help="corpus for ingest")
    parser.add_argument("--web-articles", type=int, default=5000, help="store size for the web")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per route")
    parser.add_argument("--concurrency", type=int, default=1, help="requests in flight")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-ingest", action="store_true", help="only the web routes")
    parser.add_argument("--skip-web", action="store_true", help="only the ingest rate")
    parser.add_argument("--match", action="append", default=[], help="only routes with this text")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsloom-pg-bench-") as folder:
        if not args.skip_ingest:
            result["ingest"] = measure_ingest(args.server, Path(folder), args.ingest_articles,
                                              args.seed)  # fmt: skip
        if not args.skip_web:
            result["web"] = measure_web(args.server, Path(folder), args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_tables(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
