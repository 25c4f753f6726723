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
    "a.title AS article_title, a.outlet AS article_outlet, a.published AS article_published,"
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
        query = _quote_query(scope, speaker_id, anonymous, kind)
        rows = self._page(query, limit, after)
        return [_only(quote_from_row(row), QUOTE_COLUMNS) | _article_fields(row) for row in rows]

    def count_quotes(
        self,
        scope: ArticleScope | None = None,
        speaker_id: str | None = None,
        anonymous: bool | None = None,
        kind: str | None = None,
    ) -> int:
        return self._count(_quote_query(scope, speaker_id, anonymous, kind))

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
        rows = self._page(_claim_query(scope, status, entity_id), limit, after)
        return [_only(claim_from_row(row), CLAIM_COLUMNS) | _article_fields(row) for row in rows]

    def count_claims(
        self,
        scope: ArticleScope | None = None,
        status: str | None = None,
        entity_id: str | None = None,
    ) -> int:
        if entity_id is not None and status is None and not _has_article_filter(scope):
            return self.conn.execute(
                "SELECT count(*) FROM claim_entities WHERE entity_id = ?", (entity_id,)
            ).fetchone()[0]
        return self._count(_claim_query(scope, status, entity_id))

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
                   FROM outlet_relays) ranked
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
        self, query: _Query, limit: int, after: tuple[str, int, int] | None
    ) -> list[sqlite3.Row]:
        """One page: the keys of its rows first, read from indexes alone (sorting whole rows of
        a popular speaker's quotes would cost more than reading them), then those rows."""
        where, params = list(query.where), list(query.params)
        if after is not None:
            # Up to the cursor's article, then leave out what the previous page had of it.
            where += [
                f"({LATEST}, a.rowid) <= (?, ?)",
                f"NOT ({LATEST} = ? AND a.rowid = ? AND {query.alias}.rowid <= ?)",
            ]
            params += [after[0], after[1], *after]
        alias, table = query.alias, query.table
        return self.conn.execute(
            f"""SELECT {alias}.*, page.own_rowid, page.published_key, page.article_rowid,
                       {ARTICLE_COLUMNS}
                FROM (SELECT {alias}.rowid AS own_rowid, {LATEST} AS published_key,
                             a.rowid AS article_rowid
                      FROM {query.source} {_where(where)}
                      ORDER BY {LATEST} DESC, a.rowid DESC, {alias}.rowid LIMIT ?) page
                JOIN {table} {alias} ON {alias}.rowid = page.own_rowid
                JOIN articles a ON a.rowid = page.article_rowid
                ORDER BY page.published_key DESC, page.article_rowid DESC, page.own_rowid""",
            [*params, limit],
        ).fetchall()

    def _count(self, query: _Query) -> int:
        """How many rows match; articles are joined only when an article filter needs them."""
        if not query.needs_articles:
            source = query.rows
        elif query.by_entity:
            source = query.source
        else:  # every article's entry in articles_id_day costs less than reading its row
            source = (
                f"articles a INDEXED BY articles_id_day CROSS JOIN {query.table} {query.alias}"
                f" ON {query.alias}.article_id = a.id"
            )
        return self.conn.execute(
            f"SELECT count(*) FROM {source} {_where(query.where)}", query.params
        ).fetchone()[0]


@dataclass
class _Query:
    """Which rows a list wants and the joins that find them fastest.

    Lists without a speaker or entity walk articles newest first and take each article's
    rows from its index; lists of one speaker's quotes or one entity's claims start from
    those few rows instead and find each one's article date in an index (articles_id_day).
    """

    table: str  # quotes or claims (ours, never from a request)
    alias: str
    where: list[str]
    params: list[Any]
    by_entity: bool  # driven by a speaker or entity filter
    needs_articles: bool  # an article filter is set

    @property
    def rows(self) -> str:
        """The table, or for one entity's claims the claims it is in (read from indexes)."""
        if self.table == "claims" and self.by_entity:
            return (
                "claim_entities e CROSS JOIN claims c INDEXED BY claims_id_browse"
                " ON c.id = e.claim_id"
            )
        return f"{self.table} {self.alias}"

    @property
    def source(self) -> str:
        """The rows with their articles, in the order of the docstring above."""
        if not self.by_entity:
            return f"articles a CROSS JOIN {self.rows} ON {self.alias}.article_id = a.id"
        return (
            f"{self.rows} CROSS JOIN articles a INDEXED BY articles_id_day"
            f" ON a.id = {self.alias}.article_id"
        )


def _has_article_filter(scope: ArticleScope | None) -> bool:
    return scope is not None and bool(scope.clauses()[0])


def _quote_query(
    scope: ArticleScope | None, speaker_id: str | None, anonymous: bool | None, kind: str | None
) -> _Query:
    where, params = scope.clauses() if scope else ([], [])
    for clause, value in (
        ("q.speaker_entity_id = ?", speaker_id),
        ("q.anonymous = ?", None if anonymous is None else int(anonymous)),
        ("q.kind = ?", kind),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    return _Query("quotes", "q", where, params, speaker_id is not None, _has_article_filter(scope))


def _claim_query(scope: ArticleScope | None, status: str | None, entity_id: str | None) -> _Query:
    where, params = scope.clauses() if scope else ([], [])
    if status is not None:
        where.append("c.status = ?")
        params.append(status)
    if entity_id is not None:
        where.append("e.entity_id = ?")
        params.append(entity_id)
    return _Query("claims", "c", where, params, entity_id is not None, _has_article_filter(scope))


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
