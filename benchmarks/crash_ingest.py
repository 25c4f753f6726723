"""Crash safety: kill -9 `newsloom ingest` at random moments and check nothing committed is lost.

What it does
    Writes a corpus of one-article JSON Lines files made from the bundled sample corpus (its
    articles with their entities, quotes, claims and stories, in several lightly varied
    copies), ingests it once undisturbed into a reference store, then, round after round:
    starts `newsloom ingest` on a fresh store, sends it SIGKILL at a random moment (up to
    0.3 s after the store first holds a random number of articles; 0 kills it while it starts), and
    after each kill checks the store as the kill left it (`PRAGMA integrity_check` and every
    check of `newsloom check`), restarts the ingest, kills it again, and so on; the last
    restart of a round runs to the end. The finished store must then hold exactly what the
    reference holds: the same articles, duplicates, mentions, quotes, claims, search index
    entries and story memberships (compared row for row as digests, not only counted), and
    pass `newsloom check`. Ingest commits every --batch-size articles, so kills land before,
    inside and between transactions.

    Prints one line per kill (when it landed, articles committed at that moment, check result)
    and a summary: kills, checks failed, rounds whose final store differed from the reference,
    articles lost, and the peak resident memory of the ingest processes.

How to run
    python benchmarks/crash_ingest.py                      # 20 kills: 5 rounds of 4
    python benchmarks/crash_ingest.py --kills 40 --copies 8 --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from newsloom import Database, sample
from newsloom.store.check import check_store

# What must be identical after any crash and a finished re-ingest, table by table.
DIGESTS = {
    "articles": "SELECT id, ifnull(duplicate_of, ''), text_hash FROM articles",
    "mentions": 'SELECT article_id, start, "end", type FROM mentions',
    "quotes": 'SELECT id, start, "end", kind FROM quotes',
    "claims": 'SELECT id, start, "end", status FROM claims',
    "search index": "SELECT id FROM article_search_docsize",
    "stories": "SELECT article_id, story_id FROM story_articles",
}
# Which entity a person's name links to may differ, and is counted apart: the linker
# remembers, for one run, the person each name went to (link.registry.EntityLinker.people), so
# an ingest resumed in a new process can link a name seen before the kill to another person.
ENTITY_LINKS = "SELECT article_id, start, ifnull(entity_id, '') FROM mentions"
BATCH_SIZE = 7  # small, so that a run commits many times


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_corpus(folder: Path, copies: int) -> int:
    """One JSON Lines file per article: the sample corpus, `copies` times, each copy's
    articles told by a different desk (so they are new articles, and many link as duplicates)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "sample.db")
        sample.ingest_into(db)
        rows = db.conn.execute(
            "SELECT title, text, body_start, outlet, published, url, language FROM articles"
            " ORDER BY rowid"
        ).fetchall()
        db.close()
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for copy in range(copies):
        for number, row in enumerate(rows):
            body = row["text"][row["body_start"] :].strip()
            record = {
                "title": row["title"],
                "text": body if copy == 0 else f"{body}\n\nReporting by desk {copy}.",
                "outlet": row["outlet"] if copy == 0 else f"{row['outlet'] or 'Wire'} {copy}",
                "published": row["published"],
                "url": row["url"],
            }
            path = folder / f"copy{copy:02}" / f"{number:03}.jsonl"
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            count += 1
    return count


def ingest_command(corpus: Path, db_path: Path) -> list[str]:
    code = "from newsloom.cli import main; main()"
    return [sys.executable, "-c", code, "ingest", str(corpus), "--db", str(db_path),
            "--batch-size", str(BATCH_SIZE)]  # fmt: skip


def run_to_end(corpus: Path, db_path: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(ingest_command(corpus, db_path), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"ingest failed ({result.returncode}): {result.stderr[-2000:]}")
    return time.monotonic() - started


def kill_during(corpus: Path, db_path: Path, target: int, extra: float) -> float | None:
    """Start an ingest and SIGKILL it `extra` s after the store first holds `target` articles
    (so kills land all along the ingest, not mostly while Python starts); the seconds it ran,
    or None if it finished first."""
    started = time.monotonic()
    process = subprocess.Popen(
        ingest_command(corpus, db_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while process.poll() is None and committed(db_path) < target:
        time.sleep(0.01)
    try:
        process.wait(timeout=extra)
        return None
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return time.monotonic() - started


def digest(db_path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(db_path)) as conn:
        return {
            name: hashlib.sha256(repr(sorted(conn.execute(query).fetchall())).encode()).hexdigest()
            for name, query in DIGESTS.items()
        }


def links_differing(reference: Path, db_path: Path) -> int:
    """Mentions linked to another entity than in the reference store."""
    with closing(sqlite3.connect(reference)) as conn:
        expected = set(conn.execute(ENTITY_LINKS).fetchall())
    with closing(sqlite3.connect(db_path)) as conn:
        return len(set(conn.execute(ENTITY_LINKS).fetchall()) - expected)


def committed(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    with closing(sqlite3.connect(db_path)) as conn:
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # killed before the first migration committed
            return 0


def store_ok(db_path: Path) -> tuple[bool, str]:
    """Integrity and every consistency check on the store as a kill left it."""
    if not db_path.exists():
        return True, "no store yet"
    db = Database(db_path)  # opening also finishes an interrupted migration
    try:
        failed = [str(f) for f in check_store(db) if not f.ok]
    finally:
        db.close()
    return not failed, "; ".join(failed) or "ok"


def run(kills: int, per_round: int, copies: int, seed: int, workdir: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    corpus = workdir / "corpus"
    articles = write_corpus(corpus, copies)
    reference_db = workdir / "reference.db"
    clean_seconds = run_to_end(corpus, reference_db)
    reference = digest(reference_db)
    reference_articles = committed(reference_db)
    log(f"{articles} input files, clean ingest {clean_seconds:.1f} s, "
        f"{reference_articles} articles stored")  # fmt: skip
    summary = {"input_files": articles, "reference_articles": reference_articles,
               "clean_seconds": round(clean_seconds, 1), "kills": 0, "finished_before_kill": 0,
               "checks_failed": 0, "rounds": 0, "rounds_differing": 0, "articles_lost": 0,
               "differences": [], "entity_links_differing": 0}  # fmt: skip
    round_number = 0
    while summary["kills"] < kills:
        round_number += 1
        db_path = workdir / f"round{round_number}.db"
        for _ in range(min(per_round, kills - summary["kills"])):
            target = rng.randint(min(committed(db_path), reference_articles), reference_articles)
            ran = kill_during(corpus, db_path, target, rng.uniform(0, 0.3))
            if ran is None:
                summary["finished_before_kill"] += 1
                continue
            summary["kills"] += 1
            ok, detail = store_ok(db_path)
            summary["checks_failed"] += not ok
            log(f"round {round_number}: killed after {ran:.2f} s, "
                f"{committed(db_path)} articles committed, check: {detail}")  # fmt: skip
        run_to_end(corpus, db_path)
        ok, detail = store_ok(db_path)
        summary["checks_failed"] += not ok
        final = digest(db_path)
        differing = [name for name in DIGESTS if final[name] != reference[name]]
        summary["entity_links_differing"] += links_differing(reference_db, db_path)
        summary["rounds"] += 1
        summary["rounds_differing"] += bool(differing)
        summary["articles_lost"] += max(0, reference_articles - committed(db_path))
        summary["differences"] += [f"round {round_number}: {name}" for name in differing]
        log(f"round {round_number}: finished, {committed(db_path)} articles, check: {detail}, "
            f"differs from the reference in: {', '.join(differing) or 'nothing'}")  # fmt: skip
    summary["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return summary


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs in all (default 20)")
    parser.add_argument("--per-round", type=int, default=4, help="kills before a finished run")
    parser.add_argument("--copies", type=int, default=4, help="copies of the sample corpus")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        summary = run(args.kills, args.per_round, args.copies, args.seed, Path(tmp))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key:>22}: {value}")
    failed = summary["checks_failed"] or summary["rounds_differing"] or summary["articles_lost"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
