"""Time expression and place tables (migration 008); mixed into Database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from newsloom.document import Place, Timex

PLACE_COLUMNS = ("start", "end", "text", "geonames_id", "name", "kind", "country", "lat", "lon",
                 "score", "runner_up_id", "runner_up_score")  # fmt: skip


class TimePlaceStore:
    conn: sqlite3.Connection

    def add_timexes(self, article_id: str, timexes: list[Timex]) -> None:
        self.conn.executemany(
            'INSERT INTO timexes (article_id, start, "end", text, type, value) VALUES (?, ?, ?, ?, ?, ?)',
            [(article_id, t.start, t.end, t.text, t.type, t.value) for t in timexes],
        )

    def add_places(self, article_id: str, places: list[Place]) -> None:
        columns = ", ".join(f'"{c}"' for c in PLACE_COLUMNS)
        marks = ", ".join("?" * (len(PLACE_COLUMNS) + 1))
        self.conn.executemany(
            f"INSERT INTO places (article_id, {columns}) VALUES ({marks})",
            [(article_id, *(getattr(p, c) for c in PLACE_COLUMNS)) for p in places],
        )

    def timexes_of(self, article_id: str) -> list[Timex]:
        rows = self.conn.execute(
            'SELECT start, "end", text, type, value FROM timexes WHERE article_id = ? ORDER BY start',
            (article_id,),
        )
        return [Timex(**dict(row)) for row in rows]

    def places_of(self, article_id: str) -> list[Place]:
        columns = ", ".join(f'"{c}"' for c in PLACE_COLUMNS)
        rows = self.conn.execute(
            f"SELECT {columns} FROM places WHERE article_id = ? ORDER BY start", (article_id,)
        )
        return [Place(**dict(row)) for row in rows]

    def timex_records(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute(
            'SELECT article_id, start, "end", text, type, value FROM timexes ORDER BY rowid'
        ):
            yield dict(row)

    def place_records(self) -> Iterator[dict[str, Any]]:
        columns = ", ".join(f'"{c}"' for c in PLACE_COLUMNS)
        for row in self.conn.execute(f"SELECT article_id, {columns} FROM places ORDER BY rowid"):
            yield dict(row)

    def articles_at_place(self, place: str) -> set[str]:
        """Ids of articles that name a place (see place_filter)."""
        clause, params = place_filter(place)
        return {row["id"] for row in self.conn.execute(f"SELECT id FROM articles WHERE {clause}",
                                                       params)}  # fmt: skip


def place_filter(place: str) -> tuple[str, list[Any]]:
    """SQL clause and parameters for articles naming `place`: a GeoNames id, or a name in any
    language and case form ("Москва" finds "в Москве"), which stands for every place of that
    name ("Paris" finds Paris in France and in Texas), or the name as written."""
    from newsloom.analyze.places import candidates  # reads GeoNames: only when filtering

    ids = [int(place)] if place.isdigit() else [c.geonames_id for c in candidates(place, "en")]
    marks = ", ".join("?" * len(ids)) or "NULL"
    clause = f"""id IN (SELECT article_id FROM places WHERE geonames_id IN ({marks})
                        OR name = ? COLLATE NOCASE OR text = ? COLLATE NOCASE)"""
    return clause, [*ids, place, place]


# The articles of a story, or those that mention an entity: what a map or a date list covers.
SCOPES = {
    "story": "SELECT article_id FROM story_articles WHERE story_id = ?",
    "entity": "SELECT article_id FROM mentions WHERE entity_id = ?",
}


class ScopedTimePlaceStore:
    """Places and dates over a story's or an entity's articles; mixed into Database."""

    conn: sqlite3.Connection

    def places_in(self, scope: str, key: str, limit: int = 500) -> list[dict[str, Any]]:
        """Distinct places named in the scope's articles, the most widely named first, with
        how they were written."""
        rows = self.conn.execute(
            # One place has one name, kind, country and position: min() picks it.
            f"""SELECT geonames_id, min(name) AS name, min(kind) AS kind,
                       min(country) AS country, min(lat) AS lat, min(lon) AS lon,
                       count(*) AS mentions,
                       count(DISTINCT article_id) AS articles,
                       group_concat(DISTINCT text) AS written
                FROM places WHERE article_id IN ({SCOPES[scope]})
                GROUP BY geonames_id ORDER BY articles DESC, mentions DESC, name LIMIT ?""",
            (key, limit),
        )
        return [dict(row) | {"written": sorted(set(row["written"].split(",")))} for row in rows]

    def dates_in(self, scope: str, key: str, limit: int = 500) -> list[dict[str, Any]]:
        """The scope's time expressions with calendar values, in date order: a timeline of what
        its articles say happened when."""
        rows = self.conn.execute(
            f"""SELECT t.article_id, t.start, t."end", t.text, t.type, t.value,
                       a.title, a.language, a.published
                FROM timexes t JOIN articles a ON a.id = t.article_id
                WHERE t.article_id IN ({SCOPES[scope]}) AND t.type IN ('DATE', 'TIME')
                      -- a calendar day, month or year (not PRESENT_REF or XXXX-03)
                      AND length(t.value) >= 4
                      AND ltrim(substr(t.value, 1, 4), '0123456789') = ''
                ORDER BY t.value, a.published, t.article_id, t.start LIMIT ?""",
            (key, limit),
        )
        return [dict(row) for row in rows]
