"""Story clustering speed: per-article latency and throughput as the store grows.

Synthetic news: events (a few entities drawn from a Zipf-like pool of 200,000, a handful
of topic words, a date, one to ten articles) spread over the days of the stream so the
store holds about 250 articles a day, in five languages with their own vocabularies.
Each article has a headline and a 250-word body (what the clusterer reads of any article)
mixing its event's words with common background words, and 4-12 entity mentions, a few of
them noise. Articles go through `StoryClusterer.add` one by one (features from text and
mentions, index look-up, scoring, writing the story), committed every 500 as ingest does,
on one core, in a SQLite file.

Stream mode reports, at each checkpoint, the throughput over the stream so far and the
latency percentiles of the last 2,000 articles. ``--preload N`` instead writes the index of
N earlier articles straight into the tables (the same rows the clusterer would have
written, built from the event definitions) and then measures 2,000 new articles against
it: how latency stands at a size that would take hours to stream.

    python benchmarks/stories_speed.py [--articles 10000,100000] [--preload 1000000]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from newsloom.document import Document, Mention, Span
from newsloom.settings import StorySettings
from newsloom.store import Database
from newsloom.stories import StoryClusterer
from newsloom.stories.features import day_iso

LANGUAGES = ("en", "de", "fr", "es", "el")
ARTICLES_PER_DAY = 250
BODY_WORDS = 250
ENTITY_POOL = 200_000
VOCABULARY = 30_000
WINDOW = 2_000


def pseudo_word(number: int, language: str) -> str:
    """A letters-only word per number and language."""
    letters = "bcdfghklmnprstvz"
    word = ""
    number += 7 * LANGUAGES.index(language) * VOCABULARY + 4096
    while number:
        number, digit = divmod(number, len(letters))
        word += letters[digit] + "aeiou"[digit % 5]
    return word


class Stream:
    """Synthetic articles of synthetic events, in publication order."""

    def __init__(self, seed: int = 0) -> None:
        self.random = random.Random(seed)
        self.count = 0

    def zipf(self, size: int, exponent: float) -> int:
        return min(size - 1, int(self.random.paretovariate(exponent)) - 1)

    def entity(self) -> str:
        """A third from 500 famous names (countries, leaders), the rest from the long tail."""
        if self.random.random() < 0.3:
            return f"e:famous{self.random.randrange(500)}"
        return f"e:tail{self.random.randrange(ENTITY_POOL)}"

    def event(self, day: int) -> dict:
        r = self.random
        return {
            "day": day,
            "entities": [self.entity() for _ in range(r.randint(2, 5))],
            "words": [r.randrange(2_000, VOCABULARY) for _ in range(r.randint(5, 10))],
            "articles": r.randint(1, 10),
            "id": f"{day}-{r.random():.12f}",
        }

    def events(self):
        """Events with their articles' days, about ARTICLES_PER_DAY articles a day."""
        day = 19_000
        while True:
            produced = 0
            while produced < ARTICLES_PER_DAY:
                event = self.event(day)
                produced += event["articles"]
                yield event
            day += 1

    def article(self, event: dict) -> Document:
        r = self.random
        language = r.choice(LANGUAGES)
        self.count += 1
        topic = [pseudo_word(w, language) for w in event["words"]]
        common = [pseudo_word(self.zipf(2_000, 1.3), language) for _ in range(BODY_WORDS)]
        body = [r.choice(topic) if r.random() < 0.25 else w for w in common]
        title = " ".join(r.sample(topic, min(5, len(topic))))
        text = f"{title}\n\n" + " ".join(body)
        day = event["day"] + r.choice((0, 0, 0, 1, 2))
        published = day_iso(day)
        doc = Document(source=f"synthetic:{self.count}", raw=text, text=text, title=title,
                       language=language, published=published, outlet=f"outlet{r.randrange(300)}")  # fmt: skip
        doc.paragraphs = []
        doc.sentences = [Span(0, len(title))]
        entities = event["entities"] * 2 + [self.entity() for _ in range(r.randint(0, 2))]
        doc.mentions = [Mention(0, 1, "x", "PER", entity_id=e) for e in entities]
        return doc

    def articles(self, total: int):
        for event in self.events():
            for _ in range(event["articles"]):
                if self.count >= total:
                    return
                yield self.article(event)


def measure_stream(checkpoints: list[int], folder: Path) -> None:
    db = Database(folder / "speed.db")
    clusterer = StoryClusterer(db.conn, StorySettings())
    latencies: list[float] = []
    db.conn.execute("BEGIN")
    for number, doc in enumerate(Stream().articles(max(checkpoints)), 1):
        before = time.perf_counter()
        clusterer.add(doc)
        if number % 500 == 0:
            db.conn.execute("COMMIT")
            db.conn.execute("BEGIN")
        latencies.append(time.perf_counter() - before)
        if number in checkpoints:
            report(number, number / sum(latencies), latencies[-WINDOW:], db)
    db.conn.execute("COMMIT")


def report(articles: int, rate: float, latencies: list[float], db: Database) -> None:
    stories = db.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"{articles:>9,} articles, {stories:>8,} stories: {rate:5.0f} articles/s (clustering only);"
          f" last {len(latencies):,}: mean {1000 * statistics.fmean(latencies):5.2f} ms,"
          f" p50 {1000 * quantiles[49]:5.2f} ms, p99 {1000 * quantiles[98]:6.2f} ms", flush=True)  # fmt: skip


def preload(db: Database, articles: int, stream: Stream) -> None:
    """Write the index rows of `articles` earlier articles, one story per event."""
    seq = 0
    df: Counter[str] = Counter()
    db.conn.execute("BEGIN")
    for event in stream.events():
        if seq >= articles:
            break
        story_id = f"s{event['id']}"
        n = event["articles"]
        seq += n
        language = LANGUAGES[seq % len(LANGUAGES)]
        entities = {e: n / math.sqrt(len(event["entities"])) for e in event["entities"]}
        words = {f"l:{language}:{pseudo_word(w, language)}": n / math.sqrt(len(event["words"]))
                 for w in event["words"]}  # fmt: skip
        db.conn.execute(
            "INSERT INTO stories (id, seq, articles, first_day, last_day) VALUES (?, ?, ?, ?, ?)",
            (story_id, seq, n, event["day"], event["day"] + 2),
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO story_terms VALUES (?, ?, ?, ?)",
            [(f, story_id, w, seq) for f, w in (entities | words).items()],
        )
        db.conn.executemany(
            "INSERT INTO story_norms VALUES (?, ?, ?)",
            [(story_id, "entity", n * n), (story_id, f"lex:{language}", n * n)],
        )
        df.update({f: n for f in entities | words})
        df.update({"N:neutral": n, f"N:lex:{language}": n})
    db.conn.executemany("INSERT INTO story_df VALUES (?, ?)", df.items())
    db.conn.execute("COMMIT")
    stream.count = seq


def measure_preloaded(articles: int, folder: Path) -> None:
    db = Database(folder / "preloaded.db")
    stream = Stream(seed=1)
    started = time.perf_counter()
    preload(db, articles, stream)
    print(f"preloaded the index of {articles:,} articles in {time.perf_counter() - started:.0f} s")
    clusterer = StoryClusterer(db.conn, StorySettings())
    latencies = []
    db.conn.execute("BEGIN")
    for doc in stream.articles(stream.count + WINDOW):
        before = time.perf_counter()
        clusterer.add(doc)
        latencies.append(time.perf_counter() - before)
    db.conn.execute("COMMIT")
    report(articles, len(latencies) / sum(latencies), latencies, db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", default="10000,100000", help="checkpoints, comma-separated")
    parser.add_argument("--preload", type=int, help="measure against an index of N articles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.preload:
            measure_preloaded(args.preload, Path(tmp))
        else:
            measure_stream(sorted(int(n) for n in args.articles.split(",")), Path(tmp))


if __name__ == "__main__":
    main()
