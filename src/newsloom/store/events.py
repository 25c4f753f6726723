"""Event tables (migration 007); mixed into Database."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from newsloom.document import Argument, Event
from newsloom.store.attribution import row_record

EVENT_COLUMNS = ("id", "article_id", "type", "mode", "cameo", "trigger", "trigger_start",
                 "trigger_end", "sentence_start", "sentence_end", "factuality", "cue",
                 "cue_start", "cue_end", "actor_ids", "recipient_ids", "object", "object_kind",
                 "arguments", "quote_id", "chain", "date", "date_source", "place_id",
                 "place_name", "lat", "lon")  # fmt: skip
JSON_COLUMNS = ("actor_ids", "recipient_ids", "arguments", "chain")


def event_record(article_id: str, index: int, event: Event) -> dict[str, Any]:
    """The public EVENT record (docs/schema.md); entity ids are read after linking."""
    cue_start, cue_end = event.cue_span or (None, None)
    arguments = [_argument_record("actor", a) for a in event.actors]
    arguments += [_argument_record("recipient", a) for a in event.recipients]
    if event.object:
        arguments.append(_argument_record("object", event.object))
    return {
        "id": f"{article_id}-e{index}",
        "article_id": article_id,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "trigger": event.trigger,
        "trigger_start": event.trigger_span[0],
        "trigger_end": event.trigger_span[1],
        "sentence_start": event.sentence[0],
        "sentence_end": event.sentence[1],
        "factuality": event.factuality,
        "cue": event.cue,
        "cue_start": cue_start,
        "cue_end": cue_end,
        "actor_ids": _ids(event.actors),
        "recipient_ids": _ids(event.recipients),
        "object": event.object.text if event.object else None,
        "object_kind": event.object_kind,
        "arguments": arguments,
        "quote_id": None if event.quote is None else f"{article_id}-q{event.quote}",
        "chain": [source.to_record() for source in event.chain],
        "date": event.date,
        "date_source": event.date_source,
        "place_id": event.place_id,
        "place_name": event.place_name,
        "lat": event.lat,
        "lon": event.lon,
    }


def _ids(arguments: list[Argument]) -> list[str]:
    found: list[str] = []
    for argument in arguments:
        entity_id = argument.resolved_id
        if entity_id and entity_id not in found:
            found.append(entity_id)
    return found


def _argument_record(role: str, argument: Argument) -> dict[str, Any]:
    return {"role": role, "text": argument.text, "start": argument.start, "end": argument.end,
            "entity_id": argument.resolved_id}  # fmt: skip


def event_from_row(row: sqlite3.Row) -> dict[str, Any]:
    return row_record(row) | {column: json.loads(row[column]) for column in JSON_COLUMNS}


class EventStore:
    conn: sqlite3.Connection

    def add_events(self, article_id: str, events: list[Event]) -> None:
        """Store an article's events (after its mentions are linked and its quotes stored)."""
        rows = [event_record(article_id, i, e) for i, e in enumerate(events)]
        marks = ", ".join(f":{column}" for column in EVENT_COLUMNS)
        self.conn.executemany(
            f"INSERT INTO events VALUES ({marks})",
            [r | {c: json.dumps(r[c], ensure_ascii=False) for c in JSON_COLUMNS} for r in rows],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO event_entities VALUES (?, ?, ?)",
            [(r["id"], entity_id, role) for r in rows
             for role, key in (("actor", "actor_ids"), ("recipient", "recipient_ids"))
             for entity_id in r[key]],
        )  # fmt: skip

    def events(
        self,
        event_type: str | None = None,
        actor_ids: list[str] | None = None,
        factuality: str | None = None,
        article_ids: list[str] | None = None,
        limit: int | None = None,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
    ) -> list[dict[str, Any]]:
        """Events, oldest article first, filtered by type, actor, factuality, articles, the
        event's date (`since`/`until`, ISO prefixes: "2024-09" takes the whole month) and its
        place (a GeoNames id or a name, see place_ids)."""
        rows = self.conn.execute(
            """SELECT e.* FROM events e JOIN articles a ON a.id = e.article_id
               WHERE (:type IS NULL OR e.type = :type)
                 AND (:actors IS NULL OR e.id IN (
                          SELECT event_id FROM event_entities WHERE role = 'actor'
                          AND entity_id IN (SELECT value FROM json_each(:actors))))
                 AND (:factuality IS NULL OR e.factuality = :factuality)
                 AND (:articles IS NULL OR e.article_id IN (SELECT value FROM json_each(:articles)))
                 AND (:since IS NULL OR e.date >= :since)
                 AND (:until IS NULL OR substr(e.date, 1, length(:until)) <= :until)
                 AND (:places IS NULL OR e.place_id IN (SELECT value FROM json_each(:places))
                      OR e.place_name = :place COLLATE NOCASE)
               ORDER BY a.published, a.rowid, e.trigger_start LIMIT :limit""",
            {
                "type": event_type,
                "actors": None if actor_ids is None else json.dumps(actor_ids),
                "factuality": factuality,
                "articles": None if article_ids is None else json.dumps(article_ids),
                "since": since,
                "until": until,
                "place": place,
                "places": None if place is None else json.dumps(place_ids(place)),
                "limit": -1 if limit is None else limit,
            },
        ).fetchall()
        return [event_from_row(row) for row in rows]

    def events_by_id(self, event_ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(event_ids),),
        ).fetchall()
        return {row["id"]: event_from_row(row) for row in rows}

    def events_of_article(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM events WHERE article_id = ? ORDER BY trigger_start", (article_id,)
        ).fetchall()
        return [event_from_row(row) for row in rows]


def place_ids(place: str) -> list[str]:
    """Event place ids for a GeoNames id, or for every place of that name in any language and
    case form ("Москва" finds Moscow)."""
    from newsloom.analyze.places import candidates  # reads GeoNames: only when filtering

    if place.isdigit():
        return [place]
    return [str(c.geonames_id) for c in candidates(place, "en")]
