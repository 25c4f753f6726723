"""Read queries for browsing the store: newest-first lists, groups, counts and search.

The web pages and the JSON API call these; each is shaped to use one index from migration
004 so that it stays fast on large stores. Lists are keyset-paginated: a caller passes the
sort key of the last row it has (`after`) to get the rows that follow it.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from newsloom.normalize import fold
from newsloom.store.time_places import place_filter

ARTICLE_SUMMARY = (
    "a.rowid AS rowid, a.id, a.outlet, a.published, a.language, a.title, a.words,"
    " a.duplicate_of, a.duplicate_kind, a.url"
)
LATEST = "ifnull(a.published, '')"  # the expression indexed by articles_*_latest
CO_MENTION_SAMPLE = 1000  # co-occurring entities are counted over this many latest articles
_WORD = re.compile(r"\w+")


class BrowseStore:
    """Listing and search queries; mixed into Database."""

    conn: sqlite3.Connection
    backend: Any

    # --- articles -----------------------------------------------------------------------
    def latest_articles(
        self,
        language: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        duplicates: bool = True,
        limit: int = 20,
        after: tuple[str, int] | None = None,
        until: str | None = None,
        place: str | None = None,
    ) -> list[sqlite3.Row]:
        """Article summaries, newest publication date first (undated last), then newest ingest;
        `until` is the last publication date, `place` a place named (see place_filter)."""
        where, params = _article_filters(language, outlet, since, duplicates, until, place)
        if after is not None:
            where.append(f"({LATEST}, a.rowid) < (?, ?)")
            params += list(after)
        return self.conn.execute(
            f"SELECT {ARTICLE_SUMMARY} FROM articles a {_where(where)}"
            f" ORDER BY {LATEST} DESC, a.rowid DESC LIMIT ?",
            [*params, limit],
        ).fetchall()

    def count_latest_articles(
        self,
        language: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        duplicates: bool = True,
        until: str | None = None,
        place: str | None = None,
    ) -> int:
        where, params = _article_filters(language, outlet, since, duplicates, until, place)
        return self.conn.execute(
            f"SELECT count(*) FROM articles a {_where(where)}", params
        ).fetchone()[0]

    def article_summary(self, article_id: str) -> sqlite3.Row | None:
        return self.conn.execute(
            f"SELECT {ARTICLE_SUMMARY} FROM articles a WHERE a.id = ?", (article_id,)
        ).fetchone()

    def duplicate_group(self, article_id: str) -> list[sqlite3.Row]:
        """The other articles of an article's duplicate group, its original first."""
        row = self.conn.execute(
            "SELECT ifnull(duplicate_of, id) FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return []
        return self.conn.execute(
            f"""SELECT {ARTICLE_SUMMARY} FROM articles a
                WHERE (a.id = :original OR a.duplicate_of = :original) AND a.id != :article
                ORDER BY a.duplicate_of IS NOT NULL, a.rowid LIMIT 200""",
            {"original": row[0], "article": article_id},
        ).fetchall()

    def language_counts(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT language, count(*) AS articles FROM articles GROUP BY language"
            " ORDER BY articles DESC, language"
        ).fetchall()

    def outlet_summaries(self) -> list[dict[str, Any]]:
        """Per outlet: articles, duplicates among them, articles per language, and articles
        citing at least one anonymous source ("a senior official said")."""
        anonymous = dict(
            self.conn.execute(
                """SELECT a.outlet, count(DISTINCT m.article_id) FROM mentions m
                   JOIN articles a INDEXED BY articles_id_day ON a.id = m.article_id
                   WHERE m.anonymous = 1 GROUP BY a.outlet"""
            ).fetchall()
        )
        outlets: dict[str | None, dict[str, Any]] = {}
        for row in self.conn.execute(
            """SELECT outlet, language, count(*) AS articles, count(duplicate_of) AS duplicates
               FROM articles INDEXED BY articles_outlet_language GROUP BY outlet, language"""
        ):
            outlet = outlets.setdefault(
                row["outlet"],
                {
                    "outlet": row["outlet"],
                    "articles": 0,
                    "duplicates": 0,
                    "languages": {},
                    "anonymous_sourcing": anonymous.get(row["outlet"], 0),
                },  # fmt: skip
            )
            outlet["articles"] += row["articles"]
            outlet["duplicates"] += row["duplicates"]
            outlet["languages"][row["language"]] = row["articles"]
        return sorted(outlets.values(), key=lambda o: (-o["articles"], o["outlet"] or ""))

    # --- entities -----------------------------------------------------------------------
    def top_entities(
        self, type_: str | None = None, limit: int = 20, after: tuple[int, str] | None = None
    ) -> list[sqlite3.Row]:
        """Entities by the number of articles mentioning them, most first."""
        where, params = ["(:type IS NULL OR e.type = :type)"], {"type": type_, "limit": limit}
        if after is not None:
            where.append(
                "(s.articles < :articles OR (s.articles = :articles AND s.entity_id > :id))"
            )
            params |= {"articles": after[0], "id": after[1]}
        return self.conn.execute(
            f"""SELECT e.id, e.name, e.type, e.kind, e.country, s.articles, s.mentions
                FROM entity_stats s JOIN entities e ON e.id = s.entity_id {_where(where)}
                ORDER BY s.articles DESC, s.entity_id LIMIT :limit""",
            params,
        ).fetchall()

    def count_entities(self, type_: str | None = None) -> int:
        return self.conn.execute(
            """SELECT count(*) FROM entity_stats s JOIN entities e ON e.id = s.entity_id
               WHERE (? IS NULL OR e.type = ?)""",
            (type_, type_),
        ).fetchone()[0]

    def entity_stats(self, entity_id: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT articles, mentions FROM entity_stats WHERE entity_id = ?", (entity_id,)
        ).fetchone()

    def entity_timeline(self, entity_id: str) -> list[sqlite3.Row]:
        """Articles mentioning the entity per publication date and language (undated left out)."""
        return self.conn.execute(
            """SELECT a.published AS day, a.language, count(*) AS articles
               FROM (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?) m
               JOIN articles a ON a.id = m.article_id
               WHERE a.published IS NOT NULL GROUP BY day, a.language ORDER BY day""",
            (entity_id,),
        ).fetchall()

    def entity_articles(
        self, entity_id: str, limit: int = 20, after: int | None = None
    ) -> list[sqlite3.Row]:
        """Articles mentioning the entity, the latest ingested first; `position` is the cursor."""
        return self.conn.execute(
            f"""SELECT {ARTICLE_SUMMARY}, m.position, m.mentions FROM (
                    SELECT article_id, max(rowid) AS position, count(*) AS mentions
                    FROM mentions WHERE entity_id = ? GROUP BY article_id
                    HAVING ? IS NULL OR max(rowid) < ?
                    ORDER BY position DESC LIMIT ?) m
                JOIN articles a ON a.id = m.article_id ORDER BY m.position DESC""",
            (entity_id, after, after, limit),
        ).fetchall()

    def co_mentioned_recent(self, entity_id: str, limit: int = 12) -> list[sqlite3.Row]:
        """Entities sharing articles with this one, over its latest CO_MENTION_SAMPLE articles."""
        return self.conn.execute(
            """WITH recent AS (
                   SELECT article_id FROM mentions WHERE entity_id = :id
                   GROUP BY article_id ORDER BY max(rowid) DESC LIMIT :sample)
               SELECT e.id, e.name, e.type, count(DISTINCT m.article_id) AS articles
               FROM recent JOIN mentions m ON m.article_id = recent.article_id
               JOIN entities e ON e.id = m.entity_id
               WHERE m.entity_id != :id
               GROUP BY e.id ORDER BY articles DESC, e.name LIMIT :limit""",
            {"id": entity_id, "sample": CO_MENTION_SAMPLE, "limit": limit},
        ).fetchall()

    def entity_languages(self, entity_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT language FROM entity_names WHERE entity_id = ? ORDER BY language",
            (entity_id,),
        )
        return [row[0] for row in rows]

    # --- search -------------------------------------------------------------------------
    def search_articles(
        self,
        query: str,
        language: str | None = None,
        outlet: str | None = None,
        limit: int = 20,
        offset: int = 0,
        ranked: bool = True,
    ) -> list[sqlite3.Row]:
        """Articles matching every word of `query`, ignoring case and accents: the best matches
        first (BM25), or with `ranked=False` the latest ingested first, which costs the same
        however many articles match (ranking scores every match)."""
        match = self.search_expression(query)
        if match is None:
            return []
        where, params = _article_filters(language, outlet, None, True)
        where.insert(0, self.backend.search_match)
        order, order_params = (
            self.backend.search_rank(match) if ranked else ("article_search.rowid DESC", [])
        )
        return self.conn.execute(
            f"""SELECT {ARTICLE_SUMMARY}, a.text, a.body_start FROM article_search
                JOIN articles a ON a.rowid = article_search.rowid {_where(where)}
                ORDER BY {order} LIMIT ? OFFSET ?""",
            [match, *params, *order_params, limit, offset],
        ).fetchall()

    def count_search(
        self, query: str, language: str | None = None, outlet: str | None = None
    ) -> int:
        match = self.search_expression(query)
        if match is None:
            return 0
        where, params = _article_filters(language, outlet, None, True)
        if not where:
            return self.conn.execute(
                f"SELECT count(*) FROM article_search WHERE {self.backend.search_match}", (match,)
            ).fetchone()[0]
        where.insert(0, self.backend.search_match)
        return self.conn.execute(
            f"""SELECT count(*) FROM article_search
                JOIN articles a ON a.rowid = article_search.rowid {_where(where)}""",
            [match, *params],
        ).fetchone()[0]

    def search_expression(self, query: str) -> str | None:
        """The engine's query matching every word of `query` (None for a query of no words)."""
        terms = search_terms(query)
        return self.backend.search_query(terms) if terms else None


class _FoldTable(dict):
    """str.translate table: each character as `fold` leaves it, worked out once per character."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    return fold(f"a{char}a")[1:-1]  # between letters, so fold's space trimming leaves it be


_FOLD_TABLE = _FoldTable()


def fold_for_index(text: str) -> str:
    """`fold(text)`, five to ten times faster on long texts: it is run on every article ingested.

    fold works character by character (case folding, decomposition, dropping marks, letter
    variants, dots) except for collapsing spaces, so a table of folded characters does the same.
    """
    return " ".join(text.translate(_FOLD_TABLE).split())


def search_terms(query: str) -> list[str]:
    """The folded words of a query: what the index is searched for."""
    return _WORD.findall(fold(query))[:20]


def search_terms_of(text: str) -> list[str]:
    """Every folded word of a text, as search_terms finds them in a query."""
    return _WORD.findall(fold_for_index(text))


def _article_filters(
    language: str | None,
    outlet: str | None,
    since: str | None,
    duplicates: bool,
    until: str | None = None,
    place: str | None = None,
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if language:
        where.append("a.language = ?")
        params.append(language)
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if since:
        where.append(f"{LATEST} >= ?")
        params.append(since)
    if until:
        where.append("a.published <= ?")
        params.append(until + "\uffff")  # the whole day of a date-time
    if place:
        clause, place_params = place_filter(place)
        where.append(clause.replace("id IN", "a.id IN", 1))
        params += place_params
    if not duplicates:
        # "+" keeps SQLite off the duplicate_of index (most rows are NULL there): the ordering
        # index carries duplicate_of and filters as it goes.
        where.append("+a.duplicate_of IS NULL")
    return where, params


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""
