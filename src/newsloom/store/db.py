"""The store: one SQLite file (WAL journal) or a PostgreSQL database, schema versioned by
migrations (store/backends.py says what differs between the two).

Every write happens inside `transaction()`; the ingest loop commits one
transaction per batch, so a crash or kill loses at most the batch in flight.
Queries are always parameterised.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsloom.document import Document, Mention, OffsetMap, Paragraph, Removal, Span
from newsloom.store.attribution import AttributionStore
from newsloom.store.attribution_browse import AttributionBrowseStore
from newsloom.store.backends import migrations, open_backend
from newsloom.store.browse import BrowseStore
from newsloom.store.events import EventStore
from newsloom.store.stories_browse import StoryBrowseStore
from newsloom.store.time_places import ScopedTimePlaceStore, TimePlaceStore, place_filter


class EntityStore:
    """Entity and mention tables; mixed into Database."""

    conn: sqlite3.Connection

    def add_entity(
        self,
        entity_id: str,
        type_: str,
        name: str,
        name_source: str | None = None,
        kind: str | None = None,
        country: str | None = None,
        geonames_id: int | None = None,
        stands_for: str | None = None,
    ) -> bool:
        """Insert an entity unless its id exists; returns whether it was new."""
        cursor = self.conn.execute(
            """INSERT OR IGNORE INTO entities
                   (id, type, name, name_source, kind, country, geonames_id, stands_for)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (entity_id, type_, name, name_source, kind, country, geonames_id, stands_for),
        )
        return cursor.rowcount == 1

    def entity(self, entity_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()

    def rename_entity(self, entity_id: str, name: str, source: str) -> None:
        self.conn.execute(
            "UPDATE entities SET name = ?, name_source = ? WHERE id = ?", (name, source, entity_id)
        )

    def add_entity_name(self, entity_id: str, language: str, name: str, folded: str) -> None:
        self.conn.execute(
            """INSERT INTO entity_names (entity_id, language, name, folded, mentions)
               VALUES (?, ?, ?, ?, 1)
               ON CONFLICT (entity_id, language, name) DO UPDATE SET mentions = entity_names.mentions + 1""",
            (entity_id, language, name, folded),
        )

    def add_entity_key(self, key: str, entity_id: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO entity_keys VALUES (?, ?)", (key, entity_id))

    def entities_with_key(self, key: str, limit: int = 20) -> list[sqlite3.Row]:
        """Entities filed under a person key, the most mentioned first."""
        return self.conn.execute(
            """SELECT e.id, e.name, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions
               FROM entity_keys k JOIN entities e ON e.id = k.entity_id WHERE k.key = ?
               ORDER BY mentions DESC LIMIT ?""",
            (key, limit),
        ).fetchall()

    def entity_ids_named(self, folded: str) -> list[str]:
        """Entities with a name form equal to `folded`, the most mentioned first."""
        rows = self.conn.execute(
            """SELECT entity_id FROM entity_names WHERE folded = ?
               GROUP BY entity_id ORDER BY sum(mentions) DESC""",
            (folded,),
        ).fetchall()
        return [row["entity_id"] for row in rows]

    def entity_names(self, entity_id: str) -> dict[str, list[str]]:
        """Name forms per language, the most used first."""
        names: dict[str, list[str]] = {}
        for row in self.conn.execute(
            "SELECT language, name FROM entity_names WHERE entity_id = ?"
            " ORDER BY language, mentions DESC, name",
            (entity_id,),
        ):
            names.setdefault(row["language"], []).append(row["name"])
        return names

    def add_mentions(self, article_id: str, mentions: list[Mention]) -> None:
        self.conn.executemany(
            """INSERT INTO mentions (article_id, start, "end", text, type, entity_id, role, anonymous,
                   country, stands_for, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(article_id, m.start, m.end, m.text, m.type, m.entity_id, m.role, int(m.anonymous),
              m.country, m.stands_for, m.name) for m in mentions],
        )  # fmt: skip

    def mentions_of(self, article_id: str) -> list[Mention]:
        rows = self.conn.execute(
            """SELECT start, "end", text, type, entity_id, role, anonymous, country, stands_for, name
               FROM mentions WHERE article_id = ? ORDER BY start""",
            (article_id,),
        )
        return [Mention(**dict(row) | {"anonymous": bool(row["anonymous"])}) for row in rows]

    def entity_summaries(self, type_: str | None = None, limit: int = 100) -> list[sqlite3.Row]:
        """Entities by number of articles that mention them."""
        return self.conn.execute(
            """SELECT e.id, e.name, e.type, e.kind, e.country,
                      count(DISTINCT m.article_id) AS articles,
                      group_concat(DISTINCT a.language) AS languages
               FROM entities e JOIN mentions m ON m.entity_id = e.id
               JOIN articles a ON a.id = m.article_id
               WHERE (? IS NULL OR e.type = ?)
               GROUP BY e.id ORDER BY articles DESC, e.name LIMIT ?""",
            (type_, type_, limit),
        ).fetchall()

    def articles_mentioning(self, entity_id: str) -> list[sqlite3.Row]:
        return self.conn.execute(
            """SELECT a.id, a.title, a.outlet, a.published, a.language, count(*) AS mentions
               FROM mentions m JOIN articles a ON a.id = m.article_id
               WHERE m.entity_id = ? GROUP BY a.rowid ORDER BY a.published, a.rowid""",
            (entity_id,),
        ).fetchall()

    def co_mentioned(self, entity_id: str, limit: int = 10) -> list[sqlite3.Row]:
        """Entities mentioned in the same articles, by number of shared articles."""
        return self.conn.execute(
            """SELECT e.id, e.name, e.type, count(DISTINCT other.article_id) AS articles
               FROM mentions mine JOIN mentions other ON other.article_id = mine.article_id
               JOIN entities e ON e.id = other.entity_id
               WHERE mine.entity_id = ? AND other.entity_id != ?
               GROUP BY e.id ORDER BY articles DESC, e.name LIMIT ?""",
            (entity_id, entity_id, limit),
        ).fetchall()


class Database(
    EntityStore,
    AttributionStore,
    AttributionBrowseStore,
    BrowseStore,
    StoryBrowseStore,
    TimePlaceStore,
    ScopedTimePlaceStore,
    EventStore,
):
    """A store: a SQLite file (or ":memory:"), or a PostgreSQL database given by a
    postgresql://user@host/dbname URL (store/backends.py), with the same schema and queries."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.backend = open_backend(self.path)
        self.conn = self.backend.connect()
        self.migrate()

    # --- schema -----------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.backend.schema_version(self.conn)

    def migrate(self) -> None:
        """Apply every migration newer than the store's schema version, each atomically; two
        processes opening a new store at once take turns (the second finds it migrated)."""
        scripts = migrations()
        if self.schema_version >= scripts[-1][0]:
            return
        with self.writer_lock():
            for version, script in scripts:
                if version > self.schema_version:
                    self.backend.apply(self.conn, version, script)

    def writer_lock(self, on_wait: Callable[[], None] | None = None) -> AbstractContextManager:
        """Held by whoever writes (an ingest, clustering): one writer at a time, across
        processes; `on_wait` is called once if another writer holds it."""
        return self.backend.writer_lock(self.conn, on_wait)

    def table_names(self) -> set[str]:
        return self.backend.tables(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: undo this step's writes if it fails, and only those."""
        self.conn.execute("SAVEPOINT step")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO step")
            self.conn.execute("RELEASE step")
            raise
        self.conn.execute("RELEASE step")

    def close(self) -> None:
        self.conn.close()

    # --- writing ----------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    def add_article(self, doc: Document, text_hash: str, duplicate_kind: str | None) -> int:
        """Insert one article; returns its rowid."""
        rowid = self.conn.execute(
            """INSERT INTO articles (id, source, outlet, url, title, author, caption, language,
                   language_score, published, text, body_start, words, raw, markup, offset_map,
                   paragraphs, sentences, removed, meta, text_hash, duplicate_of, duplicate_kind,
                   ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               RETURNING rowid""",
            (
                doc.id,
                doc.source,
                doc.outlet,
                doc.url,
                doc.title,
                doc.author,
                doc.caption,
                doc.language,
                doc.language_score,
                doc.published,
                doc.text,
                doc.body_start,
                len(doc.body.split()),
                doc.raw,
                doc.markup,
                json.dumps(doc.offset_map.to_list()),
                _dumps([vars(p) for p in doc.paragraphs]),
                _dumps([vars(s) for s in doc.sentences]),
                _dumps([vars(r) for r in doc.removed]),
                _dumps(doc.meta),
                text_hash,
                doc.duplicate_of,
                duplicate_kind,
                _now(),
            ),
        ).fetchone()[0]
        self.backend.index_article(self.conn, rowid, doc.title, doc.text)
        return rowid

    def relink_duplicates(self, old_original: str, new_original: str, text_hash: str) -> None:
        """Point a duplicate group, its old original included, at a new original."""
        self.conn.execute(
            """UPDATE articles SET duplicate_of = ?,
                   duplicate_kind = CASE WHEN text_hash = ? THEN 'exact' ELSE 'near' END
               WHERE id = ? OR duplicate_of = ?""",
            (new_original, text_hash, old_original, old_original),
        )

    def source_seen(self, sha256: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
            is not None
        )

    def add_source(self, name: str, sha256: str, size: int, articles: int, problems: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO sources (name, sha256, size, articles, problems, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name, sha256, size, articles, problems, _now()),
        )

    # --- reading ----------------------------------------------------------
    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_rows(
        self,
        language: str | None = None,
        outlet: str | None = None,
        duplicates: bool = True,
        limit: int | None = None,
        offset: int = 0,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
    ) -> list[sqlite3.Row]:
        """Summary rows (no text) in ingest order, optionally filtered: `since` and `until`
        bound the publication date (ISO, inclusive), `place` keeps articles naming a place
        (a GeoNames id, or a name as resolved or as written)."""
        where, params = _filters(language=language, outlet=outlet, duplicates=duplicates,
                                 since=since, until=until, place=place)  # fmt: skip
        params += [limit if limit is not None else -1, offset]
        return self.conn.execute(
            "SELECT id, source, outlet, published, language, language_score, title, words,"
            f" duplicate_of, duplicate_kind FROM articles {where} ORDER BY rowid LIMIT ? OFFSET ?",
            params,
        ).fetchall()

    def find_article_id(self, prefix: str) -> str | None:
        """The full id for an id or a unique prefix of one."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        return rows[0]["id"] if len(rows) == 1 else None

    def get_document(self, article_id: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return document_from_row(row) if row else None

    def iter_documents(
        self, language: str | None = None, duplicates: bool = True
    ) -> Iterator[Document]:
        """Every article as a Document, streamed in ingest order."""
        where, params = _filters(language=language, duplicates=duplicates)
        for row in self.conn.execute(f"SELECT * FROM articles {where} ORDER BY rowid", params):
            yield document_from_row(row)

    def text_and_body_start(self, rowid: int) -> tuple[str, int]:
        row = self.conn.execute(
            "SELECT text, body_start FROM articles WHERE rowid = ?", (rowid,)
        ).fetchone()
        return row["text"], row["body_start"]


def _filters(**filters: Any) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column in ("language", "outlet"):
        if filters.get(column):
            clauses.append(f"{column} = ?")
            params.append(filters[column])
    if filters.get("duplicates") is False:
        clauses.append("duplicate_of IS NULL")
    if filters.get("since"):
        clauses.append("published >= ?")
        params.append(filters["since"])
    if filters.get("until"):
        clauses.append("published <= ?")
        params.append(filters["until"])
    if filters.get("place"):
        clause, place_params = place_filter(filters["place"])
        clauses.append(clause)
        params += place_params
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def document_from_row(row: sqlite3.Row) -> Document:
    return Document(
        source=row["source"],
        raw=row["raw"],
        text=row["text"],
        offset_map=OffsetMap([tuple(p) for p in json.loads(row["offset_map"])]),
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        author=row["author"],
        caption=row["caption"],
        published=row["published"],
        language=row["language"],
        language_score=row["language_score"],
        paragraphs=[Paragraph(**p) for p in json.loads(row["paragraphs"])],
        sentences=[Span(**s) for s in json.loads(row["sentences"])],
        removed=[Removal(**r) for r in json.loads(row["removed"])],
        duplicate_of=row["duplicate_of"],
        markup=row["markup"],
        meta=json.loads(row["meta"]),
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
