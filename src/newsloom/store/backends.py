"""The two engines a store runs on: what differs between SQLite and PostgreSQL, and nothing else.

Database (store/db.py) opens one of these from its target (a file path, ":memory:" or a
postgresql:// URL) and asks it for the few things that are not shared SQL: connecting, the
schema version, the writer lock, full-text search and the table list (check.py runs
SQLite's integrity check itself).

Migrations (store/migrations/00N_*.sql) are one source for both. SQL outside dialect blocks is
shared, written in SQLite's dialect; on PostgreSQL it is translated by `postgres_schema`.
Lines `-- sqlite:` and `-- postgresql:` begin a block for that engine only, `-- end` ends it.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from newsloom.store.lock import writer_lock
from newsloom.store.postgres import Connection, is_postgresql, top_level_terms

MIGRATIONS = resources.files("newsloom.store") / "migrations"
BUSY_TIMEOUT_MS = 60_000
_BLOCK = re.compile(r"^-- (sqlite|postgresql|end):?\s*$")


def open_backend(target: str) -> SQLite | PostgreSQL:
    return PostgreSQL(target) if is_postgresql(target) else SQLite(target)


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration, oldest first."""
    scripts = sorted(p for p in MIGRATIONS.iterdir() if p.name.endswith(".sql"))
    return [(int(p.name.split("_", 1)[0]), p.read_text(encoding="utf-8")) for p in scripts]


def dialect_sql(script: str, engine: str, shared: Callable[[str], str] = str) -> str:
    """The SQL of a migration for `engine`: its shared parts, each passed through `shared`
    (translation for PostgreSQL), and its blocks for that engine as written; statements are
    separated by semicolons, with none after the last."""
    chunks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in script.splitlines():
        marker = _BLOCK.match(line)
        if marker:
            chunks.append((None if marker[1] == "end" else marker[1], []))
        else:
            chunks[-1][1].append(line)
    return ";\n".join(
        shared(text) if block is None else text
        for block, lines in chunks
        if block in (None, engine) and (text := "\n".join(lines).strip().rstrip(";"))
    )


class SQLite:
    name = "sqlite"
    search_match = "article_search MATCH ?"

    def __init__(self, path: str) -> None:
        self.path = path

    def connect(self) -> sqlite3.Connection:
        from newsloom.store.browse import fold_for_index

        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        # The search index folds text in SQL (migration 004 and its trigger).
        conn.create_function("newsloom_fold", 1, fold_for_index, deterministic=True)
        if self.path != ":memory:":
            # Wait for another process's write (an ingest's batch) instead of failing at once.
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._use_write_ahead_log(conn)
        return conn

    def _use_write_ahead_log(self, conn: sqlite3.Connection) -> None:
        """Readers and the writer work side by side in WAL mode. Switching a new store to it
        needs an exclusive lock that SQLite does not wait for (no busy handler), so two
        processes opening one new store take turns under the writer lock."""
        if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            return
        with writer_lock(self.path):
            conn.execute("PRAGMA journal_mode = WAL")

    def writer_lock(self, conn, on_wait: Callable[[], None] | None = None):
        return writer_lock(self.path, on_wait)

    def schema_version(self, conn: sqlite3.Connection) -> int:
        return conn.execute("PRAGMA user_version").fetchone()[0]

    def apply(self, conn: sqlite3.Connection, version: int, script: str) -> None:
        # executescript commits first, so run the script inside our own BEGIN ... COMMIT.
        sql = dialect_sql(script, self.name)
        conn.executescript(f"BEGIN;\n{sql};\nPRAGMA user_version = {version};\nCOMMIT;")

    def index_article(self, conn, rowid: int, title: str | None, text: str) -> None:
        """Done by the trigger of migration 004."""

    def search_query(self, terms: list[str]) -> str:
        """An FTS5 query matching every word; each is quoted, so no query syntax gets through."""
        return " ".join(f'"{term}"' for term in terms)

    def search_rank(self, match: str) -> tuple[str, list[Any]]:
        return "article_search.rank", []

    def tables(self, conn: sqlite3.Connection) -> set[str]:
        return {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }


class PostgreSQL:
    """A store in a PostgreSQL database: the schema is created in the URL's database (its
    default schema) on first use. Several processes may write at once: each ingest takes a
    session-level advisory lock, so ingests take turns as they do on SQLite."""

    name = "postgresql"
    # Articles are indexed by `index_article`, folded by newsloom's own fold in Python rather
    # than PostgreSQL's unaccent: the same folding as the SQLite index and the query (final
    # sigma, letter variants, dots), and the same whatever the server's locale, whose lower()
    # leaves Greek and Cyrillic capitals alone under "C". Words are split as for the query
    # (search_terms) and joined by spaces, so PostgreSQL's parser sees the same tokens.
    search_match = "article_search.terms @@ plainto_tsquery('simple', ?)"

    def __init__(self, url: str) -> None:
        self.path = url
        self._lock_key = zlib.crc32(b"newsloom writer")  # advisory locks are per database
        self._threads = threading.Lock()

    def connect(self) -> Connection:
        return Connection(self.path)

    @contextmanager
    def writer_lock(
        self, conn: Connection, on_wait: Callable[[], None] | None = None
    ) -> Iterator[None]:
        """A session-level advisory lock on the writer's own connection: released when it
        closes, so a killed ingest releases it at once. Threads share a session's lock, so
        they take turns first (the web app's writer)."""
        with self._threads:
            if not conn.execute("SELECT pg_try_advisory_lock(?)", (self._lock_key,)).fetchone()[0]:
                if on_wait:
                    on_wait()
                conn.execute("SELECT pg_advisory_lock(?)", (self._lock_key,))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(?)", (self._lock_key,))

    def schema_version(self, conn: Connection) -> int:
        if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return 0  # a new database: migrate creates the table, under the writer lock
        return conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def apply(self, conn: Connection, version: int, script: str) -> None:
        sql = dialect_sql(script, self.name, shared=postgres_schema)
        conn.run_script(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);\n"
            f"{sql};\nINSERT INTO schema_version VALUES ({version})"
        )

    def index_article(self, conn: Connection, rowid: int, title: str | None, text: str) -> None:
        from newsloom.store.browse import search_terms_of

        conn.execute(
            "INSERT INTO article_search (rowid, terms) VALUES (?, to_tsvector('simple', ?))",
            (rowid, " ".join(search_terms_of(f"{title or ''}\n{text}"))),
        )

    def search_query(self, terms: list[str]) -> str:
        return " ".join(terms)

    def search_rank(self, match: str) -> tuple[str, list[Any]]:
        return "ts_rank(article_search.terms, plainto_tsquery('simple', ?)) DESC", [match]

    def tables(self, conn: Connection) -> set[str]:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {row[0] for row in rows}


# --- shared migration SQL on PostgreSQL -----------------------------------------------------
_COMMENT = re.compile(r"--[^\n]*")
_STATEMENT_END = re.compile(r";\s*(?:\n|$)")
_INDEX_COLUMNS = re.compile(r"CREATE (?:UNIQUE )?INDEX \w+ ON \w+\s*\(")
# Column types (SQLite's INTEGER is 64 bits, REAL double precision; TEXT compares by code
# point in SQLite, as it does under the "C" collation whatever the server's locale) and the
# one function the indexes use.
_TYPES = (
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\bifnull\("), "coalesce("),
)


def postgres_schema(sql: str) -> str:
    """Shared migration SQL (SQLite's dialect) for PostgreSQL: the column types above, and
    indexes that keep NULLs first as SQLite's do, so that they serve the translated queries'
    ORDER BY (store/postgres.py sorts NULLs as SQLite does)."""
    statements = [s.strip() for s in _STATEMENT_END.split(_COMMENT.sub("", sql)) if s.strip()]
    return ";\n".join(
        _nulls_first(_types(statement.removesuffix("WITHOUT ROWID").rstrip()))
        for statement in statements
    )


def _nulls_first(statement: str) -> str:
    index = _INDEX_COLUMNS.match(statement)
    if not index:
        return statement
    depth, end = 0, index.end()
    while depth >= 0:
        depth += {"(": 1, ")": -1}.get(statement[end], 0)
        end += 1
    columns = top_level_terms(statement[index.end() : end - 1])
    listed = ", ".join(f"{column.strip()} NULLS FIRST" for column in columns)
    return f"{statement[: index.end()]}{listed}){statement[end:]}"


def _types(statement: str) -> str:
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return statement
