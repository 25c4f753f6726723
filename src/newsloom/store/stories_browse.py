"""Read queries for browsing stories: newest-first lists, coverage, growth, an article's story.

The /stories pages, their API, the home page and the article page call these. A story's
languages are the languages of its `story_titles` rows (the clusterer offers a title for
every member, so every member language has one): the language filter reads that primary key
instead of the members. Lists are keyset-paginated on (last day, rowid), undated stories last.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from newsloom.store.time_places import place_filter

LAST_DAY = "ifnull(s.last_day, -1)"  # undated stories sort after every dated one
TITLE_PREFERENCE = "CASE t.language WHEN 'en' THEN 0 ELSE 1 END, t.language"


class StoryBrowseStore:
    """Story listing queries; mixed into Database."""

    conn: sqlite3.Connection

    def story_rows(
        self,
        since_day: int | None = None,
        language: str | None = None,
        until_day: int | None = None,
        place: str | None = None,
        limit: int = 20,
        after: tuple[int, int] | None = None,
    ) -> list[sqlite3.Row]:
        """Stories, the latest member publication first: id, rowid, articles, first/last day."""
        where, params = _story_filters(since_day, language, until_day, place)
        if after is not None:
            where.append(f"({LAST_DAY}, s.rowid) < (?, ?)")
            params += list(after)
        return self.conn.execute(
            f"""SELECT s.rowid AS rowid, s.id, s.articles, s.first_day, s.last_day,
                       {LAST_DAY} AS day_key
                FROM stories s {_where(where)}
                ORDER BY {LAST_DAY} DESC, s.rowid DESC LIMIT ?""",
            [*params, limit],
        ).fetchall()

    def count_stories(
        self,
        since_day: int | None = None,
        language: str | None = None,
        until_day: int | None = None,
        place: str | None = None,
    ) -> int:
        where, params = _story_filters(since_day, language, until_day, place)
        return self.conn.execute(
            f"SELECT count(*) FROM stories s {_where(where)}", params
        ).fetchone()[0]

    def story_coverage(self, story_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Per story: articles per language and per outlet, the most first."""
        coverage: dict[str, dict[str, Any]] = {
            i: {"languages": {}, "outlets": {}} for i in story_ids
        }
        if not story_ids:
            return coverage
        marks = ",".join("?" * len(story_ids))
        rows = self.conn.execute(
            f"""SELECT sa.story_id, a.language, ifnull(a.outlet, 'unknown') AS outlet, count(*) AS n
                FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                WHERE sa.story_id IN ({marks}) GROUP BY sa.story_id, a.language, a.outlet""",
            story_ids,
        ).fetchall()
        for row in rows:
            story = coverage[row["story_id"]]
            for key, name in (("languages", row["language"]), ("outlets", row["outlet"])):
                story[key][name] = story[key].get(name, 0) + row["n"]
        for story in coverage.values():
            for key in ("languages", "outlets"):
                story[key] = dict(sorted(story[key].items(), key=lambda kv: (-kv[1], kv[0])))
        return coverage

    def growing_stories(self, days: int = 2, limit: int = 10) -> list[sqlite3.Row]:
        """Stories with the most member articles published in the store's last `days` days of
        publication (the newest publication date and the days before it)."""
        newest = self.conn.execute("SELECT max(ifnull(published, '')) FROM articles").fetchone()[0]
        try:
            first = date.fromisoformat(newest[:10]) - timedelta(days=days - 1)
        except ValueError:  # no dated article
            return []
        return self.conn.execute(
            """SELECT s.rowid AS rowid, s.id, s.articles, s.first_day, s.last_day,
                      count(*) AS added
               FROM articles a JOIN story_articles sa ON sa.article_id = a.id
               JOIN stories s ON s.id = sa.story_id
               WHERE ifnull(a.published, '') >= ?
               GROUP BY s.id ORDER BY added DESC, s.last_day DESC, s.rowid DESC LIMIT ?""",
            (first.isoformat(), limit),
        ).fetchall()

    def article_story(self, article_id: str) -> sqlite3.Row | None:
        """The story an article belongs to: id, article count and its English (or first) title."""
        return self.conn.execute(
            f"""SELECT s.id, s.articles,
                       (SELECT t.title FROM story_titles t WHERE t.story_id = s.id
                        ORDER BY {TITLE_PREFERENCE} LIMIT 1) AS title
                FROM story_articles sa JOIN stories s ON s.id = sa.story_id
                WHERE sa.article_id = ?""",
            (article_id,),
        ).fetchone()


def _story_filters(
    since_day: int | None,
    language: str | None,
    until_day: int | None = None,
    place: str | None = None,
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since_day is not None:
        where.append("s.last_day >= ?")
        params.append(since_day)
    if until_day is not None:
        where.append("s.first_day <= ?")
        params.append(until_day)
    if place is not None:
        clause, place_params = place_filter(place)
        articles = clause.replace("id IN", "sa.article_id IN", 1)
        where.append(
            f"EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id AND {articles})"
        )
        params += place_params
    if language is not None:
        where.append(
            "EXISTS (SELECT 1 FROM story_titles t WHERE t.story_id = s.id AND t.language = ?)"
        )
        params.append(language)
    return where, params


def _where(conditions: list[str]) -> str:
    return "WHERE " + " AND ".join(conditions) if conditions else ""
