"""Spark job benchmark: `newsloom spark` at local[1] and local[2] against a single-process ingest.

What it measures
    The ingest benchmark's synthetic corpus (benchmarks/ingest.py: news-like articles of about
    600 words in English, Greek, German, French, Russian and Spanish, 30% with scrape noise,
    10% planted near-duplicates) is written as JSON Lines, 500 articles a file. Then, each in
    a fresh process (its own JVM and Python workers):

    * the Spark job (`newsloom.spark.run_job`, everything on, Parquet tables written) at
      local[1] and at local[2]: seconds to start Spark, seconds of the job, articles per
      second of the job, peak resident memory of each Python worker process (the executor
      processes that run the pipeline: VmHWM, polled from /proc while they live) and of the
      JVM, and the 1 -> 2 cores scaling ratio (job rate at local[2] / rate at local[1]);
    * CPU seconds of the Python workers together (polled from /proc; the last poll before a
      worker ends, so slightly low), and articles per worker CPU-second;
    * seconds per stage of the job (analysis, order, duplicates, windows, write): analysis
      runs on every core, the writer of one time window on one;
    * `ingest` of the same files in one process (workers=1): seconds and articles per second.

    It then compares the local[2] tables with the ingest store: article ids, distinct entity
    ids and duplicate links must be identical, and the stories' BCubed F1 (Spark's stories
    scored against ingest's) should be at least 0.95.

    The machine's cores are shared with other work: rates are wall-clock rates and vary.

How to run (in an environment with newsloom[spark] and Java, e.g. `.venv/bin/python`)
    python benchmarks/spark.py                     # 2,000 articles
    python benchmarks/spark.py --articles 5000 --json
    python benchmarks/spark.py --window-days 1       # the 7 days of 2,000 articles in 7 windows
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import body_text, generate  # noqa: E402  (the ingest benchmark's corpus)
from newsloom import Database, Settings, ingest  # noqa: E402
from newsloom.records import TABLES  # noqa: E402
from stories_eval import bcubed  # noqa: E402

PER_FILE = 500
POLL_SECONDS = 0.2
MIB = 1024 * 1024


def write_corpus(root: Path, seed: int, count: int) -> None:
    root.mkdir(parents=True)
    handle = None
    for article, _ in generate(seed, count):
        if article.number % PER_FILE == 0:
            if handle:
                handle.close()
            handle = (root / f"part-{article.number // PER_FILE:05d}.jsonl").open("w")
        record = {"title": article.title, "text": body_text(seed, article),
                  "outlet": article.outlet, "published": article.published.isoformat()}  # fmt: skip
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()


# --- the measured runs, each in a child process -------------------------------------------


def spark_child(corpus: str, out: str, master: str, window_days: str) -> dict[str, Any]:
    from newsloom.spark import run_job, session

    start = time.perf_counter()
    spark = session(master, "newsloom-benchmark")
    started = time.perf_counter()
    report = run_job(spark, [corpus], out, window_days=int(window_days))
    finished = time.perf_counter()
    spark.stop()
    return {"start_seconds": started - start, "job_seconds": finished - started,
            "articles": report.articles, "duplicates": report.duplicates,
            "entities": report.entities, "stories": report.stories, "errors": report.errors,
            "windows": report.windows, "stages": report.seconds}  # fmt: skip


def ingest_child(corpus: str, db_path: str) -> dict[str, Any]:
    start = time.perf_counter()
    db = Database(db_path)
    report = ingest(db, [corpus], Settings(workers=1))
    db.close()
    return {"seconds": time.perf_counter() - start, "articles": report.added,
            "duplicates": report.duplicates}  # fmt: skip


def run_child(arguments: list[str]) -> dict[str, Any]:
    """This script in a new process; with the peak memory of its Python workers and JVM."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *arguments]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, int]] = {}
    cpu: dict[int, float] = {}  # CPU seconds of each Python worker, when last seen
    watcher = threading.Thread(target=_watch, args=(child, peaks, cpu), daemon=True)
    watcher.start()
    output, _ = child.communicate()
    watcher.join()
    if child.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed with exit status {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    workers = [peak for kind, peak in peaks.values() if kind == "python-worker"]
    jvm = [peak for kind, peak in peaks.values() if kind == "jvm"]
    result["python_workers"] = len(workers)
    result["worker_peak_mib"] = max(workers, default=0) / MIB
    result["jvm_peak_mib"] = max(jvm, default=0) / MIB
    result["worker_cpu_seconds"] = sum(cpu.values())
    return result


def _watch(
    child: subprocess.Popen, peaks: dict[int, tuple[str, int]], cpu: dict[int, float]
) -> None:
    while child.poll() is None:
        for pid in _descendants(child.pid):
            kind = _kind(pid)
            peak = _peak_rss(pid)
            if kind and peak:
                peaks[pid] = (kind, max(peak, peaks.get(pid, (kind, 0))[1]))
            if kind == "python-worker":
                cpu[pid] = max(_cpu_seconds(pid), cpu.get(pid, 0.0))
        time.sleep(POLL_SECONDS)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a live process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _kind(pid: int) -> str | None:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return None
    if b"pyspark.daemon" in command or b"pyspark/daemon" in command:
        return "python-worker"
    return "jvm" if b"java" in command else None


def _peak_rss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


# --- comparison ----------------------------------------------------------------------------


def compare(out: Path, db_path: Path) -> dict[str, Any]:
    """The local[2] tables against the ingest store."""
    import pyarrow.parquet as pq

    db = Database(db_path)
    ingested = {name: list(TABLES[name](db)) for name in ("articles", "entities", "stories")}
    db.close()
    spark = {name: pq.read_table(out / name).to_pylist() for name in ("articles", "entities", "stories")}  # fmt: skip

    def links(articles: list[dict]) -> dict[str, str]:
        return {a["id"]: a["duplicate_of"] for a in articles if a["duplicate_of"]}

    def members(stories: list[dict]) -> dict[str, str]:
        return {article: s["id"] for s in stories for article in s["article_ids"]}

    ingest_stories, spark_stories = members(ingested["stories"]), members(spark["stories"])
    return {
        "same_article_ids": {a["id"] for a in spark["articles"]} == {a["id"] for a in ingested["articles"]},
        "ingest_entities": len(ingested["entities"]),
        "spark_entities": len(spark["entities"]),
        "same_entity_ids": {e["id"] for e in spark["entities"]} == {e["id"] for e in ingested["entities"]},
        "same_duplicate_links": links(spark["articles"]) == links(ingested["articles"]),
        "ingest_stories": len(ingested["stories"]),
        "spark_stories": len(spark["stories"]),
        "story_bcubed_f1": bcubed(spark_stories, ingest_stories)[2],
    }  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="newsloom-spark-"))
    corpus = work / "corpus"
    log(f"writing {args.articles} articles to {corpus}")
    write_corpus(corpus, args.seed, args.articles)
    result: dict[str, Any] = {"articles": args.articles}
    for cores in (1, 2):
        log(f"Spark job at local[{cores}]")
        arguments = [
            str(corpus),
            str(work / f"out{cores}"),
            f"local[{cores}]",
            str(args.window_days),
        ]
        result[f"local{cores}"] = run_child(["spark", *arguments])
    log("ingest in one process")
    result["ingest"] = run_child(["ingest", str(corpus), str(work / "ingest.db")])
    for key in ("local1", "local2"):
        result[key]["rate"] = result[key]["articles"] / result[key]["job_seconds"]
    result["ingest"]["rate"] = result["ingest"]["articles"] / result["ingest"]["seconds"]
    result["scaling"] = result["local2"]["rate"] / result["local1"]["rate"]
    analysis = [result[key]["stages"]["analysis"] for key in ("local1", "local2")]
    result["analysis_scaling"] = analysis[0] / analysis[1]
    result["comparison"] = compare(work / "out2", work / "ingest.db")
    return result


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['articles']} synthetic articles, {result['local2']['windows']} windows")
    print(
        f"{'run':<10} {'start s':>8} {'job s':>8} {'articles/s':>11} {'worker MiB':>11} {'JVM MiB':>8}"
    )
    for key in ("local1", "local2"):
        row = result[key]
        print(f"{key:<10} {row['start_seconds']:>8.1f} {row['job_seconds']:>8.1f} {row['rate']:>11.1f} "
              f"{row['worker_peak_mib']:>11.0f} {row['jvm_peak_mib']:>8.0f}")  # fmt: skip
    print(
        f"{'ingest':<10} {'':>8} {result['ingest']['seconds']:>8.1f} {result['ingest']['rate']:>11.1f}"
    )
    for key in ("local1", "local2"):
        row = result[key]
        print(f"{key}: {row['python_workers']} Python worker processes, {row['worker_cpu_seconds']:.0f} CPU "
              f"seconds in them ({row['articles'] / row['worker_cpu_seconds']:.1f} articles per worker CPU-second)")  # fmt: skip
    for key in ("local1", "local2"):
        stages = ", ".join(
            f"{name} {seconds:.1f}" for name, seconds in result[key]["stages"].items()
        )
        print(f"{key} seconds per stage: {stages}")
    print(
        f"scaling 1 -> 2 cores: {result['scaling']:.2f}x (analysis stage {result['analysis_scaling']:.2f}x)"
    )
    for key, value in result["comparison"].items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the Spark job against ingest.")
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--window-days", type=int, default=30, help="the job's --window-days")
    parser.add_argument("--workdir", help="where to write the corpus and outputs (default: temp)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        print(json.dumps(spark_child(*rest) if kind == "spark" else ingest_child(*rest)))
        return 0
    result = run(args)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
