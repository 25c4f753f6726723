"""Consistency of a store: every table derived from the articles agrees with them.

Each check is one SQL query that returns the offending rows (a key and a detail), so a new
derived table is one line in CHECKS: `orphans("events")` for rows whose article is gone, and
`spans("events", start="trigger_start", end="trigger_end")` for offsets that must lie inside
the article text. Checks on a table the store
does not have (an older schema) are skipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from newsloom.store.db import Database

EXAMPLES = 5  # offending keys quoted per finding


@dataclass(frozen=True)
class Check:
    table: str
    problem: str  # what each row the query returns has wrong, in words
    query: str  # returns (key, detail) per offending row
    needs: tuple[str, ...] = ()  # other tables the query reads
    engine: str | None = None  # a check of one engine's tables ("sqlite", "postgresql")


@dataclass
class Finding:
    check: Check
    rows: int  # offending rows
    examples: list[str]

    @property
    def ok(self) -> bool:
        return self.rows == 0

    def __str__(self) -> str:
        if self.ok:
            return f"ok: {self.check.table}: no {self.check.problem}"
        shown = ", ".join(self.examples)
        return f"error: {self.check.table}: {self.rows} {self.check.problem} (e.g. {shown})"


def orphans(table: str, column: str = "article_id", key: str = "id") -> Check:
    """Rows of a derived table whose article is not in `articles`."""
    return Check(
        table,
        f"rows whose article is missing ({column} not in articles.{key})",
        f"SELECT {column}, '' FROM {table} WHERE {column} NOT IN (SELECT {key} FROM articles)",
        ("articles",),
    )


def spans(table: str, key: str = "id", start: str = "start", end: str = "end") -> Check:
    """Rows whose offsets (columns `start` and `end`) do not lie inside their article's text."""
    return Check(
        table,
        f"rows whose offsets ({start}, {end}) are outside their article's text",
        f"""SELECT t.{key}, t.{start} || '-' || t."{end}" FROM {table} t
            JOIN articles a ON a.id = t.article_id
            WHERE t.{start} < 0 OR t.{start} > t."{end}" OR t."{end}" > length(a.text)""",
        ("articles",),
    )


CHECKS = (
    orphans("mentions"),
    spans("mentions", key="article_id"),
    Check(
        "mentions",
        "mentions linked to an entity that does not exist",
        "SELECT entity_id, article_id FROM mentions"
        " WHERE entity_id IS NOT NULL AND entity_id NOT IN (SELECT id FROM entities)",
        ("entities",),
    ),
    Check(
        "entity_stats",
        "entities whose article and mention counts differ from the mentions",
        """SELECT coalesce(s.entity_id, m.entity_id),
                  ifnull(s.articles, 0) || '/' || ifnull(s.mentions, 0) || ' stored, '
                  || ifnull(m.articles, 0) || '/' || ifnull(m.mentions, 0) || ' counted'
           FROM entity_stats s FULL JOIN (
               SELECT entity_id, count(DISTINCT article_id) AS articles, count(*) AS mentions
               FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id) m
             ON m.entity_id = s.entity_id
           WHERE s.entity_id IS NULL OR m.entity_id IS NULL
              OR s.articles != m.articles OR s.mentions != m.mentions""",
        ("mentions",),
    ),
    orphans("quotes"),
    spans("quotes"),
    orphans("claims"),
    spans("claims"),
    Check(
        "claims",
        "claims pointing at a quote that does not exist",
        "SELECT id, quote_id FROM claims"
        " WHERE quote_id IS NOT NULL AND quote_id NOT IN (SELECT id FROM quotes)",
        ("quotes",),
    ),
    Check(
        "claim_entities",
        "rows whose claim is missing",
        "SELECT claim_id, entity_id FROM claim_entities WHERE claim_id NOT IN (SELECT id FROM claims)",
        ("claims",),
    ),
    orphans("events"),
    spans("events", start="trigger_start", end="trigger_end"),
    Check(
        "events",
        "events pointing at a quote that does not exist",
        "SELECT id, quote_id FROM events"
        " WHERE quote_id IS NOT NULL AND quote_id NOT IN (SELECT id FROM quotes)",
        ("quotes",),
    ),
    Check(
        "event_entities",
        "rows whose event is missing",
        "SELECT event_id, entity_id FROM event_entities WHERE event_id NOT IN (SELECT id FROM events)",
        ("events",),
    ),
    Check(
        "claims",
        "claims asserting an event that does not exist",
        "SELECT id, event_id FROM claims"
        " WHERE event_id IS NOT NULL AND event_id NOT IN (SELECT id FROM events)",
        ("events",),
    ),
    orphans("timexes"),
    spans("timexes", key="article_id"),
    orphans("places"),
    spans("places", key="article_id"),
    Check(
        "outlet_quote_stats",
        "outlets whose quote counts differ from the quotes",
        """SELECT coalesce(s.outlet, q.outlet), ifnull(s.quotes, 0) || ' stored, '
                  || ifnull(q.quotes, 0) || ' counted'
           FROM outlet_quote_stats s FULL JOIN (
               SELECT coalesce(a.outlet, '') AS outlet, count(*) AS quotes,
                      sum(q.anonymous) AS anonymous
               FROM quotes q JOIN articles a ON a.id = q.article_id GROUP BY 1) q
             ON q.outlet = s.outlet
           WHERE s.outlet IS NULL OR q.outlet IS NULL
              OR s.quotes != q.quotes OR s.anonymous != q.anonymous""",
        ("quotes", "articles"),
    ),
    Check(
        "article_search",
        "articles missing from the search index",
        "SELECT id, '' FROM articles WHERE rowid NOT IN (SELECT id FROM article_search_docsize)",
        ("articles", "article_search_docsize"),
        engine="sqlite",
    ),
    Check(
        "article_search",
        "articles missing from the search index",
        "SELECT id, '' FROM articles WHERE rowid NOT IN (SELECT rowid FROM article_search)",
        ("articles",),
        engine="postgresql",
    ),
    Check(
        "article_search",
        "index entries whose article is missing",
        "SELECT id, '' FROM article_search_docsize WHERE id NOT IN (SELECT rowid FROM articles)",
        ("articles", "article_search_docsize"),
        engine="sqlite",
    ),
    orphans("minhash_bands", column="article", key="rowid"),
    orphans("story_articles"),
    Check(
        "story_articles",
        "members of a story that does not exist",
        "SELECT article_id, story_id FROM story_articles"
        " WHERE story_id NOT IN (SELECT id FROM stories)",
        ("stories",),
    ),
    Check(
        "stories",
        "stories whose member count differs from their members",
        """SELECT s.id, s.articles || ' stored, ' || count(m.article_id) || ' members'
           FROM stories s LEFT JOIN story_articles m ON m.story_id = s.id
           GROUP BY s.id HAVING s.articles != count(m.article_id)""",
        ("story_articles",),
    ),
    Check(
        "story_titles",
        "titles of a story that does not exist",
        "SELECT story_id, language FROM story_titles WHERE story_id NOT IN (SELECT id FROM stories)",
        ("stories",),
    ),
)


def check_store(db: Database, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Run every check whose tables the store has, after SQLite's own integrity check
    (PostgreSQL checks its pages itself)."""
    findings = []
    if db.backend.name == "sqlite":
        integrity = [row[0] for row in db.conn.execute("PRAGMA integrity_check")]
        sqlite_check = Check("sqlite", "integrity problems (PRAGMA integrity_check)", "")
        failures = [] if integrity == ["ok"] else integrity
        findings.append(Finding(sqlite_check, len(failures), failures[:EXAMPLES]))
    tables = db.table_names()
    for check in checks:
        if check.engine not in (None, db.backend.name):
            continue
        if check.table in tables and set(check.needs) <= tables:
            findings.append(_run(db.conn, check))
    return findings


def unclustered(db: Database) -> int:
    """Articles in no story: not an error (ingest without stories, `newsloom stories` later
    clusters them), but worth saying."""
    if "story_articles" not in db.table_names():
        return 0
    return db.conn.execute(
        "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)"
    ).fetchone()[0]


def _run(conn: sqlite3.Connection, check: Check) -> Finding:
    rows = conn.execute(check.query).fetchall()
    examples = [f"{key} {detail}".strip() for key, detail in rows[:EXAMPLES]]
    return Finding(check, len(rows), examples)
