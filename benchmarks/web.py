"""Web benchmark: server time of every page and API route on a large store (100,000 articles).

What it measures
    Builds a store from the synthetic corpus of benchmarks/ingest.py (600-word articles in six
    languages from 30 outlets over about a year, 10% planted near-duplicates), ingested with
    `--pipeline language,sentences,dates` (real cleaning, language identification, duplicate
    detection, and the search index filled by its trigger). Entity recognition is left out of
    that ingest because the generator's words contain no names; instead the script adds
    synthetic entities (5,000, with name forms in Latin, Greek and Cyrillic letters) and six
    mentions per article on real word offsets, drawn with a long-tailed popularity so the most
    named entity is in about 10% of the articles, as a country is in real news. Attribution
    is left out for the same reason, so it adds two quotes per article on real words (spoken by
    those entities with the same popularity; one in five by an anonymous official, one in four
    relayed through another outlet of the corpus) and a claim per quote plus one of the outlet's
    own, with a status and one or two entities each. Stories are written straight into the
    tables the clusterer fills and the pages read (stories, story_articles, story_titles), as
    benchmarks/stories_speed.py preloads them: articles in publication order join an open
    story (one with an article in the last STORY_GAP_DAYS days, picked in proportion to its
    size, so sizes are long-tailed; closed at MAX_STORY, checked once a day) or, one time in NEW_STORY_EVERY, start one.

    Then it calls each route in-process through FastAPI's test client (the whole app: routing,
    queries, templates, headers; no network) and prints the median, 90th percentile and
    slowest of N calls per route, after one warm-up call whose time is printed apart as "first".
    Routes with an id are called with different ids (recent, middle, oldest articles; the most,
    a middling and a rarely named entity; the biggest story, one at the top 5% by size and the
    median one). Target: every page under 200 ms.

How to run
    python benchmarks/web.py                                 # build 100,000 articles, then time
    python benchmarks/web.py --db /tmp/web100k.db            # build there, or reuse it if present
    python benchmarks/web.py --db news.db --repeat 50 --json
    python benchmarks/web.py --db /tmp/web100k.db --match quotes --match claims
A store built by `benchmarks/ingest.py --keep` can be reused too: the script migrates it (the
time the search index takes to build is printed) and adds the synthetic mentions once.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from newsloom import Database, Settings, ingest
from newsloom.document import Claim, Mention, Quote, Source
from newsloom.normalize import fold
from newsloom.store.postgres import is_postgresql
from newsloom.stories.features import day_number
from newsloom.web import create_app
from newsloom.web.common import encode_cursor

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest as corpus  # noqa: E402  (benchmarks/ingest.py: the synthetic corpus generator)

ENTITIES = 5000
MENTIONS_PER_ARTICLE = 6
ANONYMOUS_EVERY = 20  # one article in 20 cites an anonymous source
POPULARITY_OFFSET = 10  # weight of the entity ranked r is 1 / (r + offset): a long tail
ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC")
SYLLABLES = ("ka", "lo", "mi", "ra", "to", "ne", "sa", "vi", "do", "pe", "zi", "an", "or", "el")
TO_GREEK = str.maketrans("aeiklmnoprstvdz", "αεικλμνοπρστβδζ")
TO_CYRILLIC = str.maketrans("aeiklmnoprstvdz", "аеиклмнопрствдз")
WORD = re.compile(r"\w{4,}")
QUOTES_PER_ARTICLE = 2
QUOTE_WORDS = 12
ANONYMOUS_SPEAKER_EVERY = 5  # one quote in 5 has an anonymous speaker ("a senior official")
RELAYED_EVERY = 4  # one quote in 4 reaches the outlet through another ("according to Reuters")
STATUSES = ("reported", "reported", "expected", "confirmed", "denied", "planned", "hypothetical")
NEW_STORY_EVERY = 3  # one article in 3 starts a story: about 3 articles a story on average
STORY_GAP_DAYS = 3  # a story without an article for this long takes no more
MAX_STORY = 300
RELAYS = tuple(outlet for outlets in corpus.OUTLETS.values() for outlet in outlets)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the store ------------------------------------------------------------------------------


def build_store(db_path: Path | str, articles: int, seed: int) -> None:
    """Write the synthetic corpus and ingest it (no entity recognition, no story clustering: the
    generator's articles share no events, so stories are synthesised afterwards)."""
    workdir = Path(tempfile.mkdtemp(prefix="newsloom-web-bench-"))
    with (workdir / "planted.tsv").open("w", encoding="utf-8") as planted:
        written = corpus.write_corpus(workdir / "corpus", planted, "jsonl", seed, articles)
    log(f"corpus of {articles} articles written; ingesting (several minutes per 100,000)")
    start = time.perf_counter()
    report = ingest(
        Database(db_path),
        [str(written.path)],
        Settings(pipeline=("language", "sentences", "dates"), stories=None),
    )
    log(f"ingested: {report.summary()} in {time.perf_counter() - start:.0f} s")


def entity_name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def add_synthetic_mentions(db: Database, seed: int) -> None:
    """Entities with names in three scripts, and mentions of them on words of every article."""
    rng = random.Random(f"{seed}:entities")
    entities = []
    with db.transaction():
        for rank in range(ENTITIES):
            name, type_ = entity_name(rng), ENTITY_TYPES[rank % len(ENTITY_TYPES)]
            entity_id = f"{type_.lower()}:synthetic-{rank}"
            db.add_entity(entity_id, type_, name, "romanised")
            for language, form in (
                ("en", name),
                ("el", name.lower().translate(TO_GREEK).title()),
                ("ru", name.lower().translate(TO_CYRILLIC).title()),
            ):
                db.add_entity_name(entity_id, language, form, fold(form))
            entities.append((entity_id, type_))
    weights = [1 / (rank + POPULARITY_OFFSET) for rank in range(ENTITIES)]
    rows = db.conn.execute("SELECT rowid, id, text, body_start FROM articles ORDER BY rowid")
    batch: list[tuple[str, list[Mention]]] = []
    for rowid, article_id, text, body_start in rows:
        words = [m for m in WORD.finditer(text, body_start)]
        picked = rng.choices(entities, weights, k=MENTIONS_PER_ARTICLE)
        places = sorted(
            rng.sample(words, min(len(words), MENTIONS_PER_ARTICLE)), key=lambda m: m.start()
        )
        mentions = [
            Mention(w.start(), w.end(), w.group(), type_, entity_id)
            for (entity_id, type_), w in zip(picked, places, strict=False)
        ]
        if rowid % ANONYMOUS_EVERY == 0 and places:
            mentions.append(anonymous_mention(places[0]))
        batch.append((article_id, mentions))
        if len(batch) == 2000:
            _store_mentions(db, batch)
            log(f"mentions added up to article {rowid}")
    _store_mentions(db, batch)


def anonymous_mention(word: re.Match) -> Mention:
    return Mention(word.start(), word.end(), word.group(), "PER", None, "official", True)


def _store_mentions(db: Database, batch: list[tuple[str, list[Mention]]]) -> None:
    with db.transaction():
        for article_id, mentions in batch:
            db.add_mentions(article_id, mentions)
    batch.clear()


def add_synthetic_attribution(db: Database, seed: int) -> None:
    """Quotes on words of every article, said by entities with the mentions' popularity, and
    claims: each quote's content and one sentence of the outlet's own."""
    rng = random.Random(f"{seed}:attribution")
    speakers = Speakers(
        db.conn.execute(
            "SELECT s.entity_id, e.name FROM entity_stats s JOIN entities e ON e.id = s.entity_id"
            " ORDER BY s.articles DESC"
        ).fetchall(),
        rng,
    )
    rows = db.conn.execute(
        "SELECT rowid, id, outlet, text, body_start FROM articles ORDER BY rowid"
    )
    batch: list[tuple[str, list[Quote], list[Claim]]] = []
    for rowid, article_id, outlet, text, body_start in rows:
        words = list(WORD.finditer(text, body_start))
        spans = [
            words[i * QUOTE_WORDS : (i + 1) * QUOTE_WORDS] for i in range(QUOTES_PER_ARTICLE + 1)
        ]
        if not spans[-1]:
            continue
        quotes = [
            speakers.quote(rowid * QUOTES_PER_ARTICLE + i, outlet, text, span)
            for i, span in enumerate(spans[:-1])
        ]
        claims = [speakers.claim(q.start, q.end, text, q.chain, i) for i, q in enumerate(quotes)]
        own = spans[-1]
        claims.append(
            speakers.claim(own[0].start(), own[-1].end(), text, [Source(outlet, "publisher")])
        )
        batch.append((article_id, quotes, claims))
        if len(batch) == 2000:
            _store_attribution(db, batch)
            log(f"quotes and claims added up to article {rowid}")
    _store_attribution(db, batch)


class Speakers:
    """Synthetic quotes and claims about the store's entities, the most named the most often."""

    def __init__(self, entities: list[tuple[str, str]], rng: random.Random) -> None:
        self.entities = entities
        self.weights = [1 / (rank + POPULARITY_OFFSET) for rank in range(len(entities))]
        self.rng = rng

    def quote(self, number: int, outlet: str, text: str, words: list[re.Match]) -> Quote:
        start, end = words[0].start(), words[-1].end()
        chain = [Source(outlet, "publisher")]
        if number % RELAYED_EVERY == 0:
            chain.append(Source(self.rng.choice([r for r in RELAYS if r != outlet]), "relay"))
        if number % ANONYMOUS_SPEAKER_EVERY == 0:
            chain.append(Source("a senior official", "speaker", anonymous=True))
        else:
            entity_id, name = self.rng.choices(self.entities, self.weights)[0]
            chain.append(Source(name, "speaker", entity_id=entity_id))
        kind = self.rng.choice(("direct", "indirect", "according_to"))
        return Quote(start, end, text[start:end], kind, "said", chain)

    def claim(
        self, start: int, end: int, text: str, chain: list[Source], quote: int | None = None
    ) -> Claim:
        about = {e for e, _ in self.rng.choices(self.entities, self.weights, k=2)}
        mentions = [Mention(start, end, "", "LOC", entity_id) for entity_id in sorted(about)]
        status = self.rng.choice(STATUSES)
        return Claim(start, end, text[start:end], status, chain, quote, mentions)


def _store_attribution(db: Database, batch: list[tuple[str, list[Quote], list[Claim]]]) -> None:
    with db.transaction():
        for article_id, quotes, claims in batch:
            db.add_attribution(article_id, quotes, claims)
    batch.clear()


def add_synthetic_stories(db: Database, seed: int) -> None:
    """Stories of articles in publication order, written as the clusterer's result tables."""
    rng = random.Random(f"{seed}:stories")
    rows = db.conn.execute(
        "SELECT id, published, language, title FROM articles"
        " WHERE published IS NOT NULL ORDER BY published, rowid"
    ).fetchall()
    open_stories: list[dict[str, Any]] = []
    finished: list[dict[str, Any]] = []
    today = None
    for seq, (article_id, published, language, title) in enumerate(rows):
        day = day_number(published)
        if day != today:  # a new day: close the stories that went quiet or are full
            open_stories, closed = _split_open(open_stories, day)
            finished += closed
            today = day
        if not open_stories or rng.randrange(NEW_STORY_EVERY) == 0:
            story = {"id": f"s{article_id}", "first": day, "members": [], "titles": {}}
            open_stories.append(story)
        else:
            story = rng.choices(open_stories, [len(s["members"]) for s in open_stories])[0]
        story["members"].append((article_id, seq))
        story["last"] = day
        story["titles"].setdefault(language, (title or "", article_id))
    with db.transaction():
        for story in finished + open_stories:
            _write_story(db, story)
    log(f"{len(finished) + len(open_stories)} synthetic stories of {len(rows)} articles")


def _split_open(stories: list[dict[str, Any]], day: int) -> tuple[list, list]:
    still, closed = [], []
    for story in stories:
        done = day - story["last"] > STORY_GAP_DAYS or len(story["members"]) >= MAX_STORY
        (closed if done else still).append(story)
    return still, closed


def _write_story(db: Database, story: dict[str, Any]) -> None:
    story_id, members = story["id"], story["members"]
    db.conn.execute(
        "INSERT INTO stories (id, seq, articles, first_day, last_day) VALUES (?, ?, ?, ?, ?)",
        (story_id, members[-1][1], len(members), story["first"], story["last"]),
    )
    db.conn.executemany(
        "INSERT INTO story_articles (article_id, story_id, score, seq) VALUES (?, ?, ?, ?)",
        [(article_id, story_id, 0.0 if i == 0 else 0.5, seq)
         for i, (article_id, seq) in enumerate(members)],
    )  # fmt: skip
    db.conn.executemany(
        "INSERT INTO story_titles (story_id, language, title, article_id, score)"
        " VALUES (?, ?, ?, ?, 1.0)",
        [(story_id, lang, title, article) for lang, (title, article) in story["titles"].items()],
    )


def prepare(db_path: Path | str, articles: int, seed: int) -> dict[str, Any]:
    """Build the store at `db_path` (a file, or a postgresql:// URL) unless it has articles."""
    facts: dict[str, Any] = {}
    if not has_articles(db_path):
        build_store(db_path, articles, seed)
    start = time.perf_counter()
    db = Database(db_path)  # applies migrations, e.g. 004 builds the search index
    facts["open_and_migrate_s"] = round(time.perf_counter() - start, 2)
    if db.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0:
        log("adding synthetic entities and mentions")
        add_synthetic_mentions(db, seed)
    if db.conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 0:
        log("adding synthetic quotes and claims")
        add_synthetic_attribution(db, seed)
    if db.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 0:
        log("adding synthetic stories")
        add_synthetic_stories(db, seed)
    facts["articles"] = db.count_articles()
    facts["mentions"] = db.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    facts["entities"] = db.conn.execute("SELECT count(*) FROM entity_stats").fetchone()[0]
    facts["quotes"] = db.conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    facts["claims"] = db.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    facts["stories"] = db.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    facts["db_mb"] = round(store_bytes(db) / 2**20)
    db.close()
    return facts


def has_articles(db_path: Path | str) -> bool:
    if not is_postgresql(str(db_path)):
        return Path(db_path).exists()
    db = Database(db_path)
    found = db.count_articles() > 0
    db.close()
    return found


def store_bytes(db: Database) -> int:
    if is_postgresql(db.path):
        return db.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return Path(db.path).stat().st_size


# --- the routes -----------------------------------------------------------------------------


def routes(db: Database) -> list[tuple[str, list[str]]]:
    """(label, URLs to call in turn) for every page and API route."""
    newest, middle, oldest = (
        db.conn.execute(
            f"SELECT id FROM articles ORDER BY rowid {order} LIMIT 1 OFFSET ?", (n,)
        ).fetchone()[0]
        for order, n in (("DESC", 0), ("ASC", db.count_articles() // 2), ("ASC", 0))
    )
    ranked = db.conn.execute(
        "SELECT entity_id FROM entity_stats ORDER BY articles DESC, entity_id"
    ).fetchall()
    top, mid, rare = ranked[0][0], ranked[len(ranked) // 2][0], ranked[-1][0]
    deep = db.latest_articles(limit=100)[-1]
    cursor = encode_cursor(deep["published"] or "", deep["rowid"])
    outlet = db.conn.execute("SELECT outlet FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    speaker, speaker_name = db.conn.execute(
        """SELECT e.id, e.name FROM quotes q JOIN entities e
           ON e.id = q.speaker_entity_id GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 1"""
    ).fetchone()
    deep_quote = db.quote_list(limit=100)[-1]["cursor_key"]
    by_size = db.conn.execute("SELECT id FROM stories ORDER BY articles DESC, id").fetchall()
    biggest, middling, small = (by_size[i][0] for i in (0, len(by_size) // 20, len(by_size) // 2))
    deep_story = db.story_rows(limit=100)[-1]
    story_cursor = encode_cursor(deep_story["day_key"], deep_story["rowid"])
    articles = [f"/articles/{i}" for i in (newest, middle, oldest)]
    entities = [f"/entities/{i}" for i in (top, mid, rare)]
    return [
        ("page /", ["/"]),
        ("page /articles", ["/articles"]),
        ("page /articles?language=el", ["/articles?language=el"]),
        (f"page /articles?outlet={outlet}", [f"/articles?outlet={outlet}"]),
        ("page /articles?since&duplicates=false", ["/articles?since=2024-06-01&duplicates=false"]),
        ("page /articles/{id}", articles),
        ("page /entities", ["/entities"]),
        ("page /entities?type=PER", ["/entities?type=PER"]),
        ("page /entities/{id} (top entity)", [entities[0]]),
        ("page /entities/{id} (middling, rare)", entities[1:]),
        ("page /search, common word", ["/search?q=government"]),
        ("page /search, Greek without accents", ["/search?q=κυβερνηση"]),
        ("page /search, two words", ["/search?q=prices+inflation"]),
        ("page /search, rare", ["/search?q=1987+crisis"]),
        ("page /quotes", ["/quotes"]),
        ("page /quotes?speaker={id} (top speaker)", [f"/quotes?speaker={speaker}"]),
        ("page /quotes?speaker={name} (top speaker)", [f"/quotes?speaker={speaker_name}"]),
        ("page /quotes?anonymous=true&language=el", ["/quotes?anonymous=true&language=el"]),
        (
            "page /quotes?outlet&kind&since",
            [f"/quotes?outlet={outlet}&kind=direct&since=2024-06-01"],
        ),
        ("page /claims", ["/claims"]),
        ("page /claims?status=confirmed", ["/claims?status=confirmed"]),
        ("page /claims?entity={top}", [f"/claims?entity={top}"]),
        (
            "page /claims?entity={top}&status=denied&language=de",
            [f"/claims?entity={top}&status=denied&language=de"],
        ),
        ("page /stories", ["/stories"]),
        ("page /stories?language=el&since", ["/stories?language=el&since=2024-06-01"]),
        ("page /stories/{id} (biggest story)", [f"/stories/{biggest}"]),
        ("page /stories/{id} (top 5%, median)", [f"/stories/{middling}", f"/stories/{small}"]),
        ("page /stories/{id}/brief (biggest)", [f"/stories/{biggest}/brief"]),
        ("page /stories/{id}/brief.md (top 5%)", [f"/stories/{middling}/brief.md"]),
        ("page /sources", ["/sources"]),
        ("page /docs", ["/docs"]),
        ("api /api/articles", ["/api/articles"]),
        ("api /api/articles (page 6, cursor)", [f"/api/articles?cursor={cursor}"]),
        ("api /api/articles?language=ru&limit=100", ["/api/articles?language=ru&limit=100"]),
        ("api /api/articles/{id}", [f"/api/{u[1:]}" for u in articles]),
        ("api /api/entities", ["/api/entities"]),
        ("api /api/entities/{id} (top)", [f"/api/entities/{top}"]),
        ("api /api/entities/{id}/articles (top)", [f"/api/entities/{top}/articles"]),
        ("api /api/search", ["/api/search?q=government"]),
        ("api /api/sources", ["/api/sources"]),
        ("api /api/stories", ["/api/stories"]),
        ("api /api/stories (page 6, cursor)", [f"/api/stories?cursor={story_cursor}"]),
        ("api /api/stories?language=el&limit=100", ["/api/stories?language=el&limit=100"]),
        ("api /api/stories/{id} (biggest)", [f"/api/stories/{biggest}"]),
        (
            "api /api/stories/{id} (top 5%, median)",
            [f"/api/stories/{i}" for i in (middling, small)],
        ),
        ("api /api/quotes", ["/api/quotes"]),
        ("api /api/quotes (page 6, cursor)", [f"/api/quotes?cursor={encode_cursor(*deep_quote)}"]),
        ("api /api/quotes?speaker={id}&limit=100", [f"/api/quotes?speaker={speaker}&limit=100"]),
        ("api /api/claims", ["/api/claims"]),
        (
            "api /api/claims?entity={top}&status=expected",
            [f"/api/claims?entity={top}&status=expected"],
        ),
    ]


def time_routes(db_path: Path | str, repeat: int, match: list[str]) -> list[dict[str, Any]]:
    client = TestClient(create_app(db_path))
    db = Database(db_path)
    rows = []
    for label, urls in routes(db):
        if match and not any(word in label for word in match):
            continue
        first_start = time.perf_counter()
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
        first = (time.perf_counter() - first_start) / len(urls)
        times = []
        for i in range(repeat):
            url = urls[i % len(urls)]
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        times.sort()
        rows.append(
            {
                "route": label,
                "first_ms": round(first * 1000, 1),
                "median_ms": round(statistics.median(times) * 1000, 1),
                "p90_ms": round(times[int(len(times) * 0.9) - 1] * 1000, 1),
                "max_ms": round(times[-1] * 1000, 1),
            }
        )
        log(f"{label}: median {rows[-1]['median_ms']} ms")
    db.close()
    return rows


def print_table(facts: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    print(
        f"store: {facts['articles']} articles, {facts['mentions']} mentions, {facts['entities']} "
        f"entities named, {facts['quotes']} quotes, {facts['claims']} claims, "
        f"{facts['stories']} stories, {facts['db_mb']} MB; "
        f"open (and migrate) {facts['open_and_migrate_s']} s"
    )
    width = max(len(r["route"]) for r in rows)
    print(f"{'route':<{width}}  {'first':>7}  {'median':>7}  {'p90':>7}  {'max':>7}   (ms)")
    for r in rows:
        print(
            f"{r['route']:<{width}}  {r['first_ms']:>7.1f}  {r['median_ms']:>7.1f}  "
            f"{r['p90_ms']:>7.1f}  {r['max_ms']:>7.1f}"
        )
    slowest = max(rows, key=lambda r: r["p90_ms"])
    print(f"slowest route at the 90th percentile: {slowest['route']} {slowest['p90_ms']} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time newsloom's pages and API on a large store.")
    parser.add_argument("--db", type=Path, help="store to reuse, or where to build one")
    parser.add_argument("--articles", type=int, default=100_000, help="size when building")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per route")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--match", action="append", default=[], help="time only routes whose label has this text"
    )
    args = parser.parse_args(argv)
    db_path = args.db or Path(tempfile.mkdtemp(prefix="newsloom-web-")) / "web.db"
    facts = prepare(db_path, args.articles, args.seed)
    rows = time_routes(db_path, args.repeat, args.match)
    if args.json:
        print(json.dumps({"store": facts, "routes": rows}, ensure_ascii=False))
    else:
        print_table(facts, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
