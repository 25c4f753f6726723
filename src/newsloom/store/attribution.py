"""Quote and claim tables (migration 003); mixed into Database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from newsloom.document import Claim, Event, Quote


def quote_record(article_id: str, index: int, quote: Quote) -> dict[str, Any]:
    """The public QUOTE record (docs/schema.md); entity ids are read after linking."""
    speaker = quote.speaker
    mention = speaker.mention
    return {
        "id": f"{article_id}-q{index}",
        "article_id": article_id,
        "start": quote.start,
        "end": quote.end,
        "content": quote.content,
        "kind": quote.kind,
        "speaker": speaker.text,
        "speaker_entity_id": mention.entity_id if mention else speaker.entity_id,
        "anonymous": speaker.anonymous,
        "speaker_role": mention.role if mention and mention.role != "?" else None,
        "speaker_affiliation": mention.country if mention else None,
        "cue": quote.cue,
        "chain": [source.to_record() for source in quote.chain],
    }


def claim_record(article_id: str, index: int, claim: Claim) -> dict[str, Any]:
    """The public CLAIM record (docs/schema.md)."""
    entity_ids = []
    for mention in claim.mentions:
        entity_id = mention.entity_id or (mention.country if mention.role == "demonym" else None)
        if entity_id and entity_id not in entity_ids:
            entity_ids.append(entity_id)
    return {
        "id": f"{article_id}-c{index}",
        "article_id": article_id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "status": claim.status,
        "quote_id": None if claim.quote is None else f"{article_id}-q{claim.quote}",
        "entity_ids": entity_ids,
        "chain": [source.to_record() for source in claim.chain],
        "event_id": None if claim.event is None else f"{article_id}-e{claim.event}",
    }


QUOTE_COLUMNS = ("id", "article_id", "start", "end", "content", "kind", "speaker",
                 "speaker_entity_id", "anonymous", "speaker_role", "speaker_affiliation", "cue",
                 "chain")  # fmt: skip
CLAIM_COLUMNS = ("id", "article_id", "start", "end", "text", "status", "quote_id",
                 "entity_ids", "chain", "event_id")  # fmt: skip


class AttributionStore:
    conn: sqlite3.Connection
    add_events: Callable[[str, list[Event]], None]  # from EventStore

    def add_attribution(
        self,
        article_id: str,
        quotes: list[Quote],
        claims: list[Claim],
        events: list[Event] | None = None,
    ) -> None:
        """Store an article's quotes, events and claims (after its mentions are linked)."""
        quote_rows = [quote_record(article_id, i, q) for i, q in enumerate(quotes)]
        claim_rows = [claim_record(article_id, i, c) for i, c in enumerate(claims)]
        self.conn.executemany(
            """INSERT INTO quotes VALUES (:id, :article_id, :start, :end, :content, :kind,
                   :speaker, :speaker_entity_id, :anonymous, :speaker_role,
                   :speaker_affiliation, :cue, :chain)""",
            [_as_row(r) for r in quote_rows],
        )
        if events:
            self.add_events(article_id, events)
        self.conn.executemany(
            """INSERT INTO claims (id, article_id, start, "end", text, status, quote_id,
                   entity_ids, chain, event_id)
               VALUES (:id, :article_id, :start, :end, :text, :status, :quote_id, :entity_ids,
                   :chain, :event_id)""",
            [_as_row(r) for r in claim_rows],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO claim_entities VALUES (?, ?)",
            [(r["id"], entity_id) for r in claim_rows for entity_id in r["entity_ids"]],
        )

    def quotes(
        self,
        speaker_ids: list[str] | None = None,
        article_ids: list[str] | None = None,
        anonymous: bool | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes, newest article first; `speaker_ids` and `article_ids` filter when given."""
        rows = self.conn.execute(
            """SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE (:speakers IS NULL OR q.speaker_entity_id IN
                          (SELECT value FROM json_each(:speakers)))
                 AND (:articles IS NULL OR q.article_id IN (SELECT value FROM json_each(:articles)))
                 AND (:anonymous IS NULL OR q.anonymous = :anonymous)
               ORDER BY a.published DESC, a.rowid DESC, q.start, q.rowid LIMIT :limit""",
            {
                "speakers": None if speaker_ids is None else json.dumps(speaker_ids),
                "articles": None if article_ids is None else json.dumps(article_ids),
                "anonymous": None if anonymous is None else int(anonymous),
                "limit": -1 if limit is None else limit,
            },
        ).fetchall()
        return [quote_from_row(row) for row in rows]

    def claims(
        self,
        entity_ids: list[str] | None = None,
        status: str | None = None,
        article_ids: list[str] | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Claims, newest article first, filtered by entity, status and articles when given."""
        rows = self.conn.execute(
            """SELECT c.* FROM claims c JOIN articles a ON a.id = c.article_id
               WHERE (:entities IS NULL OR c.id IN (
                          SELECT claim_id FROM claim_entities
                          WHERE entity_id IN (SELECT value FROM json_each(:entities))))
                 AND (:status IS NULL OR c.status = :status)
                 AND (:articles IS NULL OR c.article_id IN (SELECT value FROM json_each(:articles)))
               ORDER BY a.published DESC, a.rowid DESC, c.start, c.rowid LIMIT :limit""",
            {
                "entities": None if entity_ids is None else json.dumps(entity_ids),
                "status": status,
                "articles": None if article_ids is None else json.dumps(article_ids),
                "limit": -1 if limit is None else limit,
            },
        ).fetchall()
        return [claim_from_row(row) for row in rows]

    def source_summary(self) -> list[dict[str, Any]]:
        """Per publishing outlet: articles, quotes, share of anonymous speakers, outlets cited."""
        outlets: dict[str, dict[str, Any]] = {}
        for row in self.conn.execute(
            "SELECT coalesce(outlet, '') AS outlet, count(*) AS n FROM articles GROUP BY 1"
        ):
            outlets[row["outlet"]] = {"outlet": row["outlet"] or None, "articles": row["n"],
                                      "quotes": 0, "anonymous": 0, "cites": {}}  # fmt: skip
        for row in self.conn.execute(
            """SELECT coalesce(a.outlet, '') AS outlet, q.anonymous, q.chain
               FROM quotes q JOIN articles a ON a.id = q.article_id"""
        ):
            summary = outlets[row["outlet"]]
            summary["quotes"] += 1
            summary["anonymous"] += row["anonymous"]
            for source in json.loads(row["chain"])[1:-1]:  # the relays between outlet and speaker
                summary["cites"][source["text"]] = summary["cites"].get(source["text"], 0) + 1
        for summary in outlets.values():
            quotes = summary["quotes"]
            summary["anonymous_share"] = round(summary["anonymous"] / quotes, 3) if quotes else 0.0
        return sorted(outlets.values(), key=lambda s: (-s["articles"], s["outlet"] or ""))


def _as_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        key: json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
        for key, value in record.items()
    }


def row_record(row: sqlite3.Row) -> dict[str, Any]:
    """A row as a dict, without the rowid column that a table has on PostgreSQL (SQLite's rowid
    is hidden from `SELECT *`)."""
    return {key: value for key, value in zip(row.keys(), row, strict=True) if key != "rowid"}


def quote_from_row(row: sqlite3.Row) -> dict[str, Any]:
    return row_record(row) | {
        "anonymous": bool(row["anonymous"]),
        "chain": json.loads(row["chain"]),
    }


def claim_from_row(row: sqlite3.Row) -> dict[str, Any]:
    return row_record(row) | {"entity_ids": json.loads(row["entity_ids"]),
                        "chain": json.loads(row["chain"])}  # fmt: skip
