"""Linking, story clustering and the record tables, one time window per Spark task.

Articles are grouped by publication date into windows of `window_days` (undated ones form
a window of their own). Each window's articles are stored, in input order, into an in-memory
newsloom store by ingest's own writer, with the duplicate verdicts found across partitions
(newsloom.spark.dedup) instead of its lookups: entity linking and the story clusterer (which
blocks candidates by shared entities and concepts) run exactly as in `ingest`. The store's
record tables, the shapes `newsloom export` writes, are the window's output (stories
without their timeline and developments: see `story_summaries`).

A story is therefore never longer than a window, and a person named in two windows is one
entity only when both windows give the same id (they do for the same spelling); with
`window_days` covering the whole input the tables are those of a single `ingest`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsloom.document import Document
from newsloom.ingest import Ingester
from newsloom.ingest.dedup import Signature, Verdict
from newsloom.records import TABLES, problem_record
from newsloom.settings import Settings
from newsloom.store import Database
from newsloom.stories.features import day_iso, day_number
from newsloom.stories.store import english_title, key_entities, titles

Row = tuple[int, Document, Signature]  # (position in input order, document, signature)
UNDATED = -1  # the window of articles without a publication date


def window_of(doc: Document, window_days: int) -> int:
    day = day_number(doc.published)
    return UNDATED if day is None else day // window_days


class KnownVerdicts:
    """Stands in for ingest's Deduplicator with the verdicts found across partitions."""

    def __init__(self, at_arrival: dict[int, tuple[str | None, str | None, str | None]]) -> None:
        self.at_arrival = at_arrival
        self.position = 0  # of the document being stored: set just before the writer stores it

    def check(self, doc: Document, signature: Signature) -> Verdict:
        duplicate_of, kind, replaces = self.at_arrival.get(self.position, (None, None, None))
        return Verdict(signature.text_hash, [], duplicate_of, kind, replaces)

    def register(self, rowid: int, keys: list[int]) -> None:
        """Band keys stay in the Spark job: nothing to index here."""


def window_records(
    rows: Iterable[Row],
    settings: Settings,
    at_arrival: dict[int, tuple[str | None, str | None, str | None]],
    final: dict[str, tuple[str, str]],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, record) for one window's articles, stored in input order."""
    db = Database(":memory:")
    # An article's original may lie in another window: the links are checked across windows.
    db.conn.execute("PRAGMA foreign_keys = OFF")
    writer = Ingester(db, settings)
    verdicts = KnownVerdicts(at_arrival)
    writer.dedup = verdicts
    report = writer.store_analysed(_positioned(sorted(rows, key=lambda row: row[0]), verdicts))
    for problem in report.problems:
        yield "problems", problem_record(problem)
    for table, records in (TABLES | {"stories": story_summaries}).items():
        for record in records(db):
            if table == "articles":
                record["duplicate_of"] = final.get(record["id"], (None,))[0]
            yield table, record
    db.close()


def story_summaries(db: Database) -> Iterator[dict[str, Any]]:
    """STORY records without `timeline` and `developments` (null): comparing every event of a
    story with every other costs time that grows with the square of its size, and `newsloom
    story` builds both from a loaded store."""
    stories = db.conn.execute("SELECT id, first_day, last_day FROM stories ORDER BY first_day, id")
    for story_id, first_day, last_day in stories.fetchall():
        members = db.conn.execute(
            """SELECT a.id, a.language, a.outlet FROM story_articles sa
               JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY sa.seq""",
            (story_id,),
        ).fetchall()
        yield {
            "id": story_id,
            "title": english_title(db, story_id),
            "titles": titles(db, story_id),
            "article_ids": [member["id"] for member in members],
            "languages": sorted({member["language"] for member in members}),
            "outlets": sorted({member["outlet"] or "unknown" for member in members}),
            "first_seen": day_iso(first_day),
            "last_seen": day_iso(last_day),
            "key_entities": [entity["id"] for entity in key_entities(db, story_id)],
            "timeline": None,
            "developments": None,
        }


def _positioned(rows: list[Row], verdicts: KnownVerdicts) -> Iterator[tuple[Document, Signature]]:
    for position, doc, signature in rows:
        verdicts.position = position
        yield doc, signature
