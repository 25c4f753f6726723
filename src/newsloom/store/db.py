"""The SQLite store: one file, WAL journal, schema versioned by migrations.

Every write happens inside `transaction()`; the ingest loop commits one
transaction per batch, so a crash or kill loses at most the batch in flight.
Queries are always parameterised.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from newsloom.document import Document, OffsetMap, Paragraph, Removal, Span

MIGRATIONS = resources.files("newsloom.store") / "migrations"


class Database:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    # --- schema -----------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Apply every migration newer than the file's schema version, each atomically."""
        scripts = sorted(p for p in MIGRATIONS.iterdir() if p.name.endswith(".sql"))
        for script in scripts:
            version = int(script.name.split("_", 1)[0])
            if version <= self.schema_version:
                continue
            # executescript commits first, so run the script inside our own BEGIN ... COMMIT.
            self.conn.executescript(
                f"BEGIN;\n{script.read_text(encoding='utf-8')}\nPRAGMA user_version = {version};\nCOMMIT;"
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

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
        cursor = self.conn.execute(
            """INSERT INTO articles (id, source, outlet, url, title, author, caption, language,
                   language_score, published, text, body_start, words, raw, markup, offset_map,
                   paragraphs, sentences, removed, meta, text_hash, duplicate_of, duplicate_kind,
                   ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
        )
        return cursor.lastrowid

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
    ) -> list[sqlite3.Row]:
        """Summary rows (no text) in ingest order, optionally filtered."""
        where, params = _filters(language=language, outlet=outlet, duplicates=duplicates)
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
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
