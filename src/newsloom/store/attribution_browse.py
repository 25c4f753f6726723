"""Read queries for browsing quotes and claims: filtered newest-first lists and who cites whom.

The /quotes, /claims and /sources pages, their API and the article and entity pages call
these; migration 006 adds the indexes they use. Lists walk articles newest first (publication
date, undated last, then newest ingest) and each article's quotes or claims in text order;
they are keyset-paginated on (date key, article rowid, quote or claim rowid).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsloom.store.attribution import (
    CLAIM_COLUMNS,
    QUOTE_COLUMNS,
    claim_from_row,
    quote_from_row,
)

LATEST = "ifnull(a.published, '')"  # the expression indexed by articles_*_latest
ARTICLE_COLUMNS = (
    f"{LATEST} AS published_key, a.rowid AS article_rowid, a.title AS article_title,"
    " a.outlet AS article_outlet, a.published AS article_published,"
    " a.language AS article_language"
)
RELAYS_PER_OUTLET = 20


@dataclass
class ArticleScope:
    """Filters on the article a quote or claim comes from."""

    outlet: str | None = None
    language: str | None = None
    since: str | None = None  # YYYY-MM-DD: published on or after

    def clauses(self) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("a.outlet = ?", self.outlet),
            ("a.language = ?", self.language),
            (f"{LATEST} >= ?", self.since),
        ):
            if value:
                where.append(clause)
                params.append(value)
        return where, params


class AttributionBrowseStore:
    """Quote and claim lists and outlet attribution summaries; mixed into Database."""

    conn: sqlite3.Connection

    # --- quotes -------------------------------------------------------------------------
    def quote_list(
        self,
        scope: ArticleScope | None = None,
        speaker_id: str | None = None,
        anonymous: bool | None = None,
        kind: str | None = None,
        limit: int = 20,
        after: tuple[str, int, int] | None = None,
    ) -> list[dict[str, Any]]:
        """QUOTE records with their article's title, outlet, date and language, newest first."""
        where, params = _quote_filters(scope, speaker_id, anonymous, kind)
        rows = self._page("quotes", "q", where, params, limit, after)
        return [_only(quote_from_row(row), QUOTE_COLUMNS) | _article_fields(row) for row in rows]

    def count_quotes(
        self,
        scope: ArticleScope | None = None,
        speaker_id: str | None = None,
        anonymous: bool | None = None,
        kind: str | None = None,
    ) -> int:
        where, params = _quote_filters(scope, speaker_id, anonymous, kind)
        return self._count("quotes", "q", scope, where, params)

    # --- claims -------------------------------------------------------------------------
    def claim_list(
        self,
        scope: ArticleScope | None = None,
        status: str | None = None,
        entity_id: str | None = None,
        limit: int = 20,
        after: tuple[str, int, int] | None = None,
    ) -> list[dict[str, Any]]:
        """CLAIM records with their article's title, outlet, date and language, newest first."""
        where, params = _claim_filters(scope, status, entity_id)
        rows = self._page("claims", "c", where, params, limit, after)
        return [_only(claim_from_row(row), CLAIM_COLUMNS) | _article_fields(row) for row in rows]

    def count_claims(
        self,
        scope: ArticleScope | None = None,
        status: str | None = None,
        entity_id: str | None = None,
    ) -> int:
        where, params = _claim_filters(scope, status, entity_id)
        return self._count("claims", "c", scope, where, params)

    def article_attribution(self, article_id: str) -> tuple[list[dict], list[dict]]:
        """An article's quotes and claims, in the order the article gives them."""
        quotes = self.conn.execute(
            "SELECT * FROM quotes WHERE article_id = ? ORDER BY rowid", (article_id,)
        ).fetchall()
        claims = self.conn.execute(
            "SELECT * FROM claims WHERE article_id = ? ORDER BY rowid", (article_id,)
        ).fetchall()
        return [quote_from_row(r) for r in quotes], [claim_from_row(r) for r in claims]

    def entity_names_of(self, entity_ids: set[str]) -> dict[str, str]:
        """Display names of entities, for linking the ids a page shows."""
        rows = self.conn.execute(
            "SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(?))",
            (_json_list(entity_ids),),
        )
        return {row["id"]: row["name"] for row in rows}

    # --- outlets ------------------------------------------------------------------------
    def outlet_attribution(self) -> dict[str | None, dict[str, Any]]:
        """Per publishing outlet: quotes, quotes by anonymous speakers, and the relays its
        chains cite between outlet and speaker ("according to the WSJ"), most cited first."""
        outlets: dict[str | None, dict[str, Any]] = {}
        for row in self.conn.execute("SELECT outlet, quotes, anonymous FROM outlet_quote_stats"):
            outlets[row["outlet"] or None] = {
                "quotes": row["quotes"],
                "anonymous_speakers": row["anonymous"],
                "cites": [],
            }
        for row in self.conn.execute(
            """SELECT outlet, name, entity_id, quotes FROM (
                   SELECT *, row_number() OVER (
                       PARTITION BY outlet ORDER BY quotes DESC, name) AS rank
                   FROM outlet_relays)
               WHERE rank <= ? ORDER BY outlet, rank""",
            (RELAYS_PER_OUTLET,),
        ):
            outlet = outlets.get(row["outlet"] or None)
            if outlet is not None:
                outlet["cites"].append(
                    {"source": row["name"], "entity_id": row["entity_id"], "quotes": row["quotes"]}
                )
        return outlets

    # --- shared -------------------------------------------------------------------------
    def _page(
        self,
        table: str,
        alias: str,
        where: list[str],
        params: list[Any],
        limit: int,
        after: tuple[str, int, int] | None,
    ) -> list[sqlite3.Row]:
        """One page of `table` rows joined to their articles; `table` and `alias` are ours."""
        if after is not None:
            # Up to the cursor's article, then leave out what the previous page had of it.
            where = [
                *where,
                f"({LATEST}, a.rowid) <= (?, ?)",
                f"NOT ({LATEST} = ? AND a.rowid = ? AND {alias}.rowid <= ?)",
            ]
            params = [*params, after[0], after[1], *after]
        return self.conn.execute(
            f"""SELECT {alias}.*, {alias}.rowid AS own_rowid, {ARTICLE_COLUMNS}
                FROM articles a JOIN {table} {alias} ON {alias}.article_id = a.id {_where(where)}
                ORDER BY {LATEST} DESC, a.rowid DESC, {alias}.rowid LIMIT ?""",
            [*params, limit],
        ).fetchall()

    def _count(
        self,
        table: str,
        alias: str,
        scope: ArticleScope | None,
        where: list[str],
        params: list[Any],
    ) -> int:
        """How many rows match; articles are joined only when an article filter needs them."""
        if scope is None or not scope.clauses()[0]:
            where = [clause for clause in where if not clause.startswith("a.")]
            sql = f"SELECT count(*) FROM {table} {alias} {_where(where)}"
        else:
            sql = (
                f"SELECT count(*) FROM articles a JOIN {table} {alias}"
                f" ON {alias}.article_id = a.id {_where(where)}"
            )
        return self.conn.execute(sql, params).fetchone()[0]


def _quote_filters(
    scope: ArticleScope | None, speaker_id: str | None, anonymous: bool | None, kind: str | None
) -> tuple[list[str], list[Any]]:
    where, params = scope.clauses() if scope else ([], [])
    for clause, value in (
        ("q.speaker_entity_id = ?", speaker_id),
        ("q.anonymous = ?", None if anonymous is None else int(anonymous)),
        ("q.kind = ?", kind),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    return where, params


def _claim_filters(
    scope: ArticleScope | None, status: str | None, entity_id: str | None
) -> tuple[list[str], list[Any]]:
    where, params = scope.clauses() if scope else ([], [])
    if status is not None:
        where.append("c.status = ?")
        params.append(status)
    if entity_id is not None:
        where.append("c.id IN (SELECT claim_id FROM claim_entities WHERE entity_id = ?)")
        params.append(entity_id)
    return where, params


def _article_fields(row: sqlite3.Row) -> dict[str, Any]:
    """The article a quote or claim is from, and the row's position for the next cursor."""
    return {
        "article": {
            "id": row["article_id"],
            "title": row["article_title"],
            "outlet": row["article_outlet"],
            "published": row["article_published"],
            "language": row["article_language"],
        },
        "cursor_key": (row["published_key"], row["article_rowid"], row["own_rowid"]),
    }


def _json_list(values: set[str]) -> str:
    return json.dumps(sorted(values), ensure_ascii=False)


def _only(record: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    return {column: record[column] for column in columns}


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""
