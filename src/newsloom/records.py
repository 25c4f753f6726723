"""The public record shapes, shared by `analyze --json` and `export` (see docs/schema.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsloom.gdelt import COLUMNS as GDELT_COLUMNS
from newsloom.gdelt import gdelt_records
from newsloom.gdelt import parquet_schema as gdelt_parquet_schema
from newsloom.ingest import ingest
from newsloom.ingest.base import Problem
from newsloom.settings import Settings
from newsloom.store import Database
from newsloom.store.attribution import claim_from_row, quote_from_row
from newsloom.store.events import event_from_row
from newsloom.stories import story_records

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "gdelt-csv", "gdelt-parquet")
GDELT_TABLE = "events-gdelt"  # the one file a gdelt-* format writes (newsloom.gdelt)


def article_records(db: Database, duplicates: bool = True) -> Iterator[dict[str, Any]]:
    for doc in db.iter_documents(duplicates=duplicates):
        yield doc.to_record()


def mention_records(db: Database) -> Iterator[dict[str, Any]]:
    for row in db.conn.execute(
        """SELECT article_id, entity_id, start, "end", text, type, role, anonymous, country,
                  stands_for, name FROM mentions ORDER BY rowid"""
    ):
        yield dict(row) | {"anonymous": bool(row["anonymous"])}


def entity_records(db: Database) -> Iterator[dict[str, Any]]:
    rows = db.conn.execute(
        "SELECT id, name, type, kind, country, geonames_id, stands_for FROM entities ORDER BY id"
    ).fetchall()
    for row in rows:
        yield dict(row) | {"names": db.entity_names(row["id"])}


def quote_records(db: Database) -> Iterator[dict[str, Any]]:
    for row in db.conn.execute("SELECT * FROM quotes ORDER BY rowid"):
        yield quote_from_row(row)


def claim_records(db: Database) -> Iterator[dict[str, Any]]:
    for row in db.conn.execute("SELECT * FROM claims ORDER BY rowid"):
        yield claim_from_row(row)


def event_records(db: Database) -> Iterator[dict[str, Any]]:
    for row in db.conn.execute("SELECT * FROM events ORDER BY rowid"):
        yield event_from_row(row)


def timex_records(db: Database) -> Iterator[dict[str, Any]]:
    return db.timex_records()


def place_records(db: Database) -> Iterator[dict[str, Any]]:
    return db.place_records()


TABLES = {
    "articles": article_records,
    "entities": entity_records,
    "mentions": mention_records,
    "quotes": quote_records,
    "claims": claim_records,
    "events": event_records,
    "timexes": timex_records,
    "places": place_records,
    "stories": story_records,
}


def analyze(arguments: Iterable[str], settings: Settings | None = None) -> dict[str, Any]:
    """Analyse inputs without a database file.

    Returns {"articles": [...], "entities": [...], "mentions": [...], "quotes": [...],
    "claims": [...], "events": [...], "timexes": [...], "places": [...], "stories": [...],
    "problems": [...]}.
    """
    db = Database(":memory:")
    report = ingest(db, arguments, settings)
    result: dict[str, Any] = {name: list(records(db)) for name, records in TABLES.items()}
    result["problems"] = [problem_record(p) for p in report.problems]
    return result


def problem_record(problem: Problem) -> dict[str, Any]:
    return {"source": problem.source, "message": problem.message, "fatal": problem.fatal}


def export(db: Database, out_dir: str | Path, fmt: str = "jsonl") -> list[Path]:
    """Write every table of `analyze --json` to out_dir/<table>.<fmt>, or for a `gdelt-*`
    format the events as one GDELT-style table, out_dir/events-gdelt.<csv|parquet>; returns
    the files.

    Each file is written beside its final name and renamed when complete, so a failed
    export never leaves a half-written file behind.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt.startswith("gdelt-"):
        return [_export_table(db, out, GDELT_TABLE, gdelt_records, fmt.removeprefix("gdelt-"))]
    return [_export_table(db, out, table, records, fmt) for table, records in TABLES.items()]


def _export_table(db: Database, out: Path, table: str, records, fmt: str) -> Path:
    target = out / f"{table}.{fmt}"
    partial = out / f".{table}.{fmt}.partial"
    try:
        if fmt == "parquet":
            _write_parquet(records(db), partial, table)
        elif fmt == "csv":
            columns = [name for name, _ in GDELT_COLUMNS] if table == GDELT_TABLE else None
            _write_csv(records(db), partial, columns)
        else:
            _write_jsonl(records(db), partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def _write_jsonl(records: Iterator[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _flat(record: dict) -> dict:
    """CSV has no nested values: lists and objects become JSON text."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        for k, v in record.items()
    }


def _write_csv(records: Iterator[dict], path: Path, columns: list[str] | None = None) -> None:
    """CSV with a header; `columns`, when given, heads the file even when it has no rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = None
        if columns:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
        for record in records:
            flat = _flat(record)
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)


def parquet_schema(pa, table: str):
    """Column types per table; objects whose keys vary (meta, names, timelines) are JSON text."""
    text, integer = pa.string(), pa.int64()
    if table == GDELT_TABLE:
        return gdelt_parquet_schema(pa)
    if table == "stories":
        texts = pa.list_(text)
        return pa.schema([("id", text), ("title", text), ("titles", text), ("article_ids", texts),
                          ("languages", texts), ("outlets", texts), ("first_seen", text),
                          ("last_seen", text), ("key_entities", texts), ("timeline", text),
                          ("developments", text)])  # fmt: skip
    if table == "entities":
        columns = ["id", "name", "type", "kind", "country"]
        return pa.schema([(c, text) for c in columns] + [("geonames_id", integer),
                         ("stands_for", text), ("names", text)])  # fmt: skip
    if table == "mentions":
        return pa.schema([("article_id", text), ("entity_id", text), ("start", integer),
                          ("end", integer), ("text", text), ("type", text), ("role", text),
                          ("anonymous", pa.bool_()), ("country", text), ("stands_for", text),
                          ("name", text)])  # fmt: skip
    if table == "quotes":
        return pa.schema([("id", text), ("article_id", text), ("start", integer), ("end", integer),
                          ("content", text), ("kind", text), ("speaker", text),
                          ("speaker_entity_id", text), ("anonymous", pa.bool_()),
                          ("speaker_role", text), ("speaker_affiliation", text), ("cue", text),
                          ("chain", text)])  # fmt: skip
    if table == "claims":
        return pa.schema([("id", text), ("article_id", text), ("start", integer), ("end", integer),
                          ("text", text), ("status", text), ("quote_id", text),
                          ("entity_ids", pa.list_(text)), ("chain", text),
                          ("event_id", text)])  # fmt: skip
    if table == "events":
        texts, real = pa.list_(text), pa.float64()
        return pa.schema([("id", text), ("article_id", text), ("type", text), ("mode", text),
                          ("cameo", text), ("trigger", text), ("trigger_start", integer),
                          ("trigger_end", integer), ("sentence_start", integer),
                          ("sentence_end", integer), ("factuality", text), ("cue", text),
                          ("cue_start", integer), ("cue_end", integer), ("actor_ids", texts),
                          ("recipient_ids", texts), ("object", text), ("object_kind", text),
                          ("arguments", text), ("quote_id", text), ("chain", text),
                          ("date", text), ("date_source", text), ("place_id", text),
                          ("place_name", text), ("lat", real), ("lon", real)])  # fmt: skip
    if table == "timexes":
        return pa.schema([("article_id", text), ("start", integer), ("end", integer),
                          ("text", text), ("type", text), ("value", text)])  # fmt: skip
    if table == "places":
        number = pa.float64()
        return pa.schema([("article_id", text), ("start", integer), ("end", integer),
                          ("text", text), ("geonames_id", integer), ("name", text), ("kind", text),
                          ("country", text), ("lat", number), ("lon", number), ("score", number),
                          ("runner_up_id", integer), ("runner_up_score", number)])  # fmt: skip
    span = [("start", integer), ("end", integer)]
    text_columns = ("id", "source", "outlet", "url", "title", "author", "caption", "language")
    return pa.schema(
        [(name, text) for name in text_columns]
        + [
            ("language_score", pa.float64()),
            ("published", text),
            ("text", text),
            ("duplicate_of", text),
            ("paragraphs", pa.list_(pa.struct(span + [("language", text), ("language_score", pa.float64())]))),
            ("sentences", pa.list_(pa.struct(span))),
            ("removed", pa.list_(pa.struct([("raw_start", integer), ("raw_end", integer),
                                            ("reason", text), ("text", text)]))),
            ("offset_map", pa.list_(pa.list_(integer))),
            ("meta", text),
        ]
    )  # fmt: skip


PARQUET_AS_TEXT = {"meta", "names", "chain", "titles", "timeline", "developments", "arguments"}


def parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a Parquet row: objects whose keys vary become JSON text."""
    return {
        k: json.dumps(v, ensure_ascii=False) if k in PARQUET_AS_TEXT and v is not None else v
        for k, v in record.items()
    }


def _write_parquet(records: Iterator[dict], path: Path, table: str, batch: int = 1000) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise RuntimeError(
            "Parquet export needs pyarrow: pip install 'newsloom[parquet]'"
        ) from error
    schema = parquet_schema(pa, table)
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict] = []
        for record in records:
            rows.append(parquet_row(record))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows.clear()
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
