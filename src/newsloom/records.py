"""The public record shapes, shared by `analyze --json` and `export` (see docs/schema.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsloom.ingest import ingest
from newsloom.ingest.base import Problem
from newsloom.settings import Settings
from newsloom.store import Database

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
# CSV has no nested values: these columns hold JSON text there.
NESTED = ("paragraphs", "sentences", "removed", "offset_map", "meta")


def article_records(db: Database, duplicates: bool = True) -> Iterator[dict[str, Any]]:
    for doc in db.iter_documents(duplicates=duplicates):
        yield doc.to_record()


def analyze(arguments: Iterable[str], settings: Settings | None = None) -> dict[str, Any]:
    """Analyse inputs without a database file; returns {"articles": [...], "problems": [...]}."""
    db = Database(":memory:")
    report = ingest(db, arguments, settings)
    return {
        "articles": list(article_records(db)),
        "problems": [_problem_record(p) for p in report.problems],
    }


def _problem_record(problem: Problem) -> dict[str, Any]:
    return {"source": problem.source, "message": problem.message, "fatal": problem.fatal}


def export(db: Database, out_dir: str | Path, fmt: str = "jsonl") -> Path:
    """Write every article record to out_dir/articles.<fmt>; returns the file written.

    The file is written beside its final name and renamed when complete, so a
    failed export never leaves a half-written file behind.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"articles.{fmt}"
    partial = out / f".articles.{fmt}.partial"
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    try:
        writer(article_records(db), partial)
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
    return {k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in record.items()}


def _write_csv(records: Iterator[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = None
        for record in records:
            flat = _flat(record)
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)


def _parquet_schema(pa):
    span = [("start", pa.int64()), ("end", pa.int64())]
    text_columns = ("id", "source", "outlet", "url", "title", "author", "caption", "language")
    return pa.schema(
        [(name, pa.string()) for name in text_columns]
        + [
            ("language_score", pa.float64()),
            ("published", pa.string()),
            ("text", pa.string()),
            ("duplicate_of", pa.string()),
            (
                "paragraphs",
                pa.list_(
                    pa.struct(span + [("language", pa.string()), ("language_score", pa.float64())])
                ),
            ),
            ("sentences", pa.list_(pa.struct(span))),
            (
                "removed",
                pa.list_(
                    pa.struct(
                        [
                            ("raw_start", pa.int64()),
                            ("raw_end", pa.int64()),
                            ("reason", pa.string()),
                            ("text", pa.string()),
                        ]
                    )
                ),
            ),
            ("offset_map", pa.list_(pa.list_(pa.int64()))),
            ("meta", pa.string()),  # varies per article, so kept as JSON text
        ]
    )


def _write_parquet(records: Iterator[dict], path: Path, batch: int = 1000) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise RuntimeError(
            "Parquet export needs pyarrow: pip install 'newsloom[parquet]'"
        ) from error
    schema = _parquet_schema(pa)
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict] = []
        for record in records:
            rows.append(dict(record, meta=json.dumps(record["meta"], ensure_ascii=False)))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows.clear()
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
