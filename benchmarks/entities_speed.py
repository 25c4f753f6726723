"""Entity stage benchmark: recognition and linking throughput on the ingest benchmark's corpus.

What it measures
    The articles of `benchmarks/ingest.py`'s synthetic corpus (same generator, same seed) are
    cleaned and run through language, sentences and dates first, untimed, and stored as
    articles in a fresh SQLite file. Then, timed per article, the `entities` component
    recognises mentions and the EntityLinker links them and stores entities, names and
    mentions (one transaction per `--batch` articles, as ingest does). It prints:

    * one-time start-up: building the recognisers (gazetteer read from the cache folder, or
      built on a first run; the German noun lexicon likewise) in CPU seconds;
    * per run: articles per second of recognition alone, of linking alone and of both, from
      CPU time (time.process_time: single-threaded, so the rate of one core, whatever else
      runs on the machine) and from wall time;
    * peak resident memory of the process (ru_maxrss).

    Target: recognition plus linking at least 200 articles per second on one core.

How to run (in an environment with newsloom installed, e.g. `.venv/bin/python`)
    python benchmarks/entities_speed.py                  # 2,000 articles, 3 runs
    python benchmarks/entities_speed.py --articles 5000 --runs 5 --json
    python benchmarks/entities_speed.py --rules-only      # without the trained tagger
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import body_text, generate  # noqa: E402  (the ingest benchmark's corpus)
from newsloom import Database, Settings  # noqa: E402
from newsloom.analyze.entities import EntityRecogniser, recogniser  # noqa: E402
from newsloom.document import Document  # noqa: E402
from newsloom.ingest.base import RawArticle  # noqa: E402
from newsloom.ingest.clean import clean  # noqa: E402
from newsloom.link.registry import EntityLinker  # noqa: E402
from newsloom.pipeline import Pipeline  # noqa: E402

PREPARE = ("language", "sentences", "dates")


def prepared_documents(count: int, seed: int) -> list[Document]:
    """The corpus as cleaned documents with language and sentences, ready for entities."""
    pipeline = Pipeline(PREPARE, Settings(pipeline=PREPARE))
    docs = []
    for article, _ in generate(seed, count):
        raw = RawArticle(
            source=f"bench-{article.number}",
            raw=article.title + "\n" + body_text(seed, article),
            title=article.title,
            outlet=article.outlet,
        )
        docs += [pipeline(doc) for doc in clean(raw)]
    return docs


def measure_run(docs: list[Document], batch: int, trained: bool) -> dict[str, float]:
    """Recognise and link every document into a fresh database; CPU and wall seconds of each."""
    component = EntityRecogniser(Settings(trained_entities=trained))
    seconds = {"recognise_cpu": 0.0, "recognise_wall": 0.0, "link_cpu": 0.0, "link_wall": 0.0}
    with tempfile.TemporaryDirectory(prefix="newsloom-entities-") as folder:
        db = Database(Path(folder) / "bench.db")
        linker = EntityLinker(db)
        db.conn.execute("BEGIN")
        for number, doc in enumerate(docs, 1):
            db.add_article(doc, f"hash-{number}", None)
            cpu, wall = time.process_time(), time.perf_counter()
            component(doc)
            seconds["recognise_cpu"] += time.process_time() - cpu
            seconds["recognise_wall"] += time.perf_counter() - wall
            cpu, wall = time.process_time(), time.perf_counter()
            linker.link(doc)
            db.add_mentions(doc.id, doc.mentions)
            if number % batch == 0:
                db.conn.execute("COMMIT")
                db.conn.execute("BEGIN")
            seconds["link_cpu"] += time.process_time() - cpu
            seconds["link_wall"] += time.perf_counter() - wall
        db.conn.execute("COMMIT")
        db.close()
    return seconds


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--batch", type=int, default=Settings().batch_size)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--rules-only", action="store_true", help="without the trained tagger (the rules alone)"
    )
    args = parser.parse_args(argv)

    started = time.process_time()
    languages = ("en", "el", "de", "fr", "ru", "es")
    for language in languages:
        recogniser(language)
    startup = time.process_time() - started
    docs = prepared_documents(args.articles, args.seed)
    runs = [measure_run(docs, args.batch, not args.rules_only) for _ in range(args.runs)]
    count = len(docs)

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    both_cpu = median("recognise_cpu") + median("link_cpu")
    both_wall = median("recognise_wall") + median("link_wall")
    result: dict[str, Any] = {
        "articles": count,
        "runs": args.runs,
        "startup_cpu_seconds": round(startup, 2),
        "recognise_per_cpu_s": rate(count, median("recognise_cpu")),
        "link_per_cpu_s": rate(count, median("link_cpu")),
        "entities_per_cpu_s": rate(count, both_cpu),
        "entities_per_wall_s": rate(count, both_wall),
        "cpu_ms_per_article": round(1000 * both_cpu / count, 2),
        "all_runs_per_cpu_s": [rate(count, run["recognise_cpu"] + run["link_cpu"]) for run in runs],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        width = max(map(len, result))
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
