"""Reading stories back: summaries, one story in detail, export records."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from newsloom.store import Database
from newsloom.store.time_places import place_filter
from newsloom.stories.cluster import StoryClusterer, StorySettings
from newsloom.stories.events import entity_ids_of, event_developments, load_event_mentions
from newsloom.stories.features import day_iso, day_number
from newsloom.stories.timeline import (
    ArticleInfo,
    ClaimLoader,
    as_record,
    build_timeline,
    claim_developments,
    load_claims,
    new_actors,
)

ACTOR_TYPES = ("PER", "ORG")


def cluster_pending(db: Database, settings: StorySettings | None = None, embedder=None) -> int:
    """Cluster stored articles that are in no story yet, in ingest order; returns how many.
    Clustering writes, so it takes the store's writer lock (waiting for a running ingest)
    only when there is something to cluster."""
    if not _pending(db):
        return 0
    with db.writer_lock():
        clusterer = StoryClusterer(db.conn, settings, embedder)  # its state, read as the writer
        pending = _pending(db)
        with db.transaction():
            for article_id in pending:
                doc = db.get_document(article_id)
                doc.mentions = db.mentions_of(article_id)
                clusterer.add(doc)
    return len(pending)


def _pending(db: Database) -> list[str]:
    rows = db.conn.execute(
        """SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)
           ORDER BY rowid"""
    )
    return [row[0] for row in rows]


def find_story_id(db: Database, prefix: str) -> str | None:
    """A story id from the id or a unique prefix of it (with or without the leading 's')."""
    prefix = prefix if prefix.startswith("s") else "s" + prefix
    rows = db.conn.execute(
        "SELECT id FROM stories WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
    ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def story_list(
    db: Database,
    since: str | None = None,
    language: str | None = None,
    limit: int = 100,
    until: str | None = None,
    place: str | None = None,
) -> list[dict[str, Any]]:
    """Stories with the most articles first: title, counts, languages, outlets, dates;
    `until` keeps stories with an article on or before that day, `place` those whose articles
    name a place (see newsloom.store.time_places.place_filter)."""
    where, params = ["(? IS NULL OR s.last_day >= ?)", "(? IS NULL OR s.first_day <= ?)"], []
    params += [day_number(since)] * 2 + [day_number(until)] * 2
    if place:
        clause, place_params = place_filter(place)
        where.append("s.id IN (SELECT story_id FROM story_articles WHERE "
                     + clause.replace("id IN", "article_id IN", 1) + ")")  # fmt: skip
        params += place_params
    rows = db.conn.execute(
        f"""SELECT s.id, s.articles, s.first_day, s.last_day,
                  group_concat(DISTINCT a.language) AS languages,
                  count(DISTINCT a.outlet) AS outlets
           FROM stories s JOIN story_articles sa ON sa.story_id = s.id
           JOIN articles a ON a.id = sa.article_id
           WHERE {" AND ".join(where)}
           GROUP BY s.id HAVING ? IS NULL OR count(CASE WHEN a.language = ? THEN 1 END) > 0
           ORDER BY s.articles DESC, s.last_day DESC, s.id LIMIT ?""",
        [*params, language, language, limit],
    ).fetchall()
    return [
        {
            "id": row["id"],
            "title": english_title(db, row["id"]),
            "articles": row["articles"],
            "languages": sorted((row["languages"] or "").split(",")),
            "outlets": row["outlets"],
            "first_seen": day_iso(row["first_day"]),
            "last_seen": day_iso(row["last_day"]),
        }
        for row in rows
    ]


def titles(db: Database, story_id: str) -> dict[str, str]:
    rows = db.conn.execute(
        "SELECT language, title FROM story_titles WHERE story_id = ? ORDER BY language",
        (story_id,),
    )
    return {row["language"]: row["title"] for row in rows}


def english_title(db: Database, story_id: str) -> str:
    """The English member headline; without one, the key actors and another headline."""
    by_language = titles(db, story_id)
    if "en" in by_language:
        return by_language["en"]
    names = [e["name"] for e in key_entities(db, story_id, 3, ("PER", "ORG", "LOC"))]
    headline = next(iter(by_language.values()), "")
    return ": ".join(part for part in (", ".join(names), headline) if part) or story_id


def key_entities(
    db: Database,
    story_id: str,
    limit: int = 10,
    types: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC"),
) -> list[dict[str, Any]]:
    """Entities mentioned in the most member articles, then the most often."""
    rows = db.conn.execute(
        f"""SELECT e.id, e.name, e.type, count(DISTINCT m.article_id) AS articles
            FROM story_articles sa JOIN mentions m ON m.article_id = sa.article_id
            JOIN entities e ON e.id = m.entity_id
            WHERE sa.story_id = ? AND e.type IN ({",".join("?" * len(types))})
            GROUP BY e.id ORDER BY articles DESC, count(*) DESC, e.name LIMIT ?""",
        (story_id, *types, limit),
    ).fetchall()
    return [dict(row) for row in rows]


def member_articles(db: Database, story_id: str) -> list[ArticleInfo]:
    rows = db.conn.execute(
        """SELECT a.id, sa.seq, a.published, a.language, a.outlet, a.title, a.text, a.sentences,
                  a.body_start, a.duplicate_of
           FROM story_articles sa JOIN articles a ON a.id = sa.article_id
           WHERE sa.story_id = ? ORDER BY sa.seq""",
        (story_id,),
    ).fetchall()
    return [
        ArticleInfo(
            row["id"],
            row["seq"],
            row["published"],
            row["language"],
            row["outlet"],
            row["title"],
            row["text"],
            [(s["start"], s["end"]) for s in json.loads(row["sentences"])],
            row["body_start"],
            row["duplicate_of"],
        )  # fmt: skip
        for row in rows
    ]


def story_detail(
    db: Database, story_id: str, claim_loader: ClaimLoader = load_claims
) -> dict[str, Any] | None:
    """Everything about one story: coverage, key entities, timeline, developments."""
    story = db.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if story is None:
        return None
    articles = member_articles(db, story_id)
    by_id = {a.id: a for a in articles}
    claims = claim_loader(db.conn, list(by_id))
    developments = new_actors(articles, _actor_mentions(db, story_id), _actor_names(db, story_id))
    events = load_event_mentions(db.conn, list(by_id))
    if events:  # one event across articles and languages changes status
        names = db.entity_names_of(entity_ids_of(events))
        developments += event_developments(events, by_id, names)
    else:  # a store analysed before events: claims grouped by entities and concepts
        developments += claim_developments(claims, by_id)
    developments.sort(key=lambda d: (d.date or "9999", d.kind))
    return {
        "id": story_id,
        "title": english_title(db, story_id),
        "titles": titles(db, story_id),
        "first_seen": day_iso(story["first_day"]),
        "last_seen": day_iso(story["last_day"]),
        "articles": [
            {
                "id": a.id,
                "published": a.published,
                "language": a.language,
                "outlet": a.outlet,
                "title": a.title,
                "duplicate_of": a.duplicate_of,
            }
            for a in articles
        ],  # fmt: skip
        "languages": dict(Counter(a.language for a in articles).most_common()),
        "outlets": dict(Counter(a.outlet or "unknown" for a in articles).most_common()),
        "key_entities": key_entities(db, story_id),
        "claims": len(claims),
        "timeline": [as_record(e) for e in build_timeline(articles, claims)],
        "developments": [as_record(d) for d in developments],
    }


def _actor_mentions(db: Database, story_id: str) -> list:
    return db.conn.execute(
        """SELECT m.article_id, m.entity_id, m.start FROM story_articles sa
           JOIN mentions m ON m.article_id = sa.article_id
           WHERE sa.story_id = ? AND m.entity_id IS NOT NULL AND m.type IN (?, ?)""",
        (story_id, *ACTOR_TYPES),
    ).fetchall()


def _actor_names(db: Database, story_id: str) -> dict[str, str]:
    """Actors worth reporting: named in two or more member articles, or a known organisation.

    A name seen once is as likely a recognition slip as a new actor.
    """
    rows = db.conn.execute(
        """SELECT e.id, e.name, e.type, e.kind, count(DISTINCT m.article_id) AS articles
           FROM story_articles sa JOIN mentions m ON m.article_id = sa.article_id
           JOIN entities e ON e.id = m.entity_id
           WHERE sa.story_id = ? AND e.type IN (?, ?) GROUP BY e.id""",
        (story_id, *ACTOR_TYPES),
    ).fetchall()
    return {
        row["id"]: row["name"]
        for row in rows
        if row["articles"] >= 2 or (row["type"] == "ORG" and row["kind"])
    }


def story_records(db: Database) -> Iterator[dict[str, Any]]:
    """One STORY record per story (docs/schema.md), for export and `analyze --json`."""
    for (story_id,) in db.conn.execute("SELECT id FROM stories ORDER BY first_day, id").fetchall():
        detail = story_detail(db, story_id)
        yield {
            "id": detail["id"],
            "title": detail["title"],
            "titles": detail["titles"],
            "article_ids": [a["id"] for a in detail["articles"]],
            "languages": sorted(detail["languages"]),
            "outlets": sorted(detail["outlets"]),
            "first_seen": detail["first_seen"],
            "last_seen": detail["last_seen"],
            "key_entities": [e["id"] for e in detail["key_entities"]],
            "timeline": detail["timeline"],
            "developments": detail["developments"],
        }
