"""JSON Lines and JSON arrays of articles with a `text` field."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from newsloom.ingest.base import InputError, Problem, RawArticle, structured_raw

FIELDS = ("text", "title", "url", "published", "outlet", "language", "id", "author")
NESTING_LIMIT = 1000  # about where Python's JSON parser hits the recursion limit


def read_json_lines(lines: Iterable[bytes | None], source: str) -> Iterator[RawArticle | Problem]:
    """Articles from JSON lines; a None line stands for one too long to read (see bounded_lines)."""
    for number, line in enumerate(lines, 1):
        where = f"{source}:{number}"
        if line is None:
            yield Problem(where, "line longer than the file size limit, skipped")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Problem(where, f"invalid JSON ({error})")
            continue
        except RecursionError:
            yield Problem(where, f"invalid JSON (nested deeper than {NESTING_LIMIT} levels)")
            continue
        yield article_from_record(record, where)


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The stream's lines, holding at most `limit` bytes in memory: a longer line (a file with
    no line breaks, a decompression bomb) is skipped up to its end and yields None."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
        yield None


def read_json_document(data: bytes, source: str) -> Iterator[RawArticle | Problem]:
    """A JSON array of articles or one article object; several objects one per line are JSON Lines."""
    try:
        document = json.loads(data)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from read_json_lines(data.splitlines(), source)
            return
        raise InputError(f"invalid JSON ({error})") from error
    except UnicodeDecodeError as error:
        raise InputError(f"invalid JSON ({error})") from error
    except RecursionError:
        raise InputError(f"invalid JSON (nested deeper than {NESTING_LIMIT} levels)") from None
    if isinstance(document, dict) and "text" not in document:
        raise InputError(
            "JSON object has no 'text' field: not an article (use an array of articles or JSON Lines)"
        )
    records = document if isinstance(document, list) else [document]
    for number, record in enumerate(records, 1):
        yield article_from_record(record, f"{source}[{number}]")


def article_from_record(record: Any, where: str) -> RawArticle | Problem:
    """One article from a JSON object or a table row with the JSON Lines fields."""
    if not isinstance(record, dict):
        return Problem(where, f"expected a JSON object, found {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(where, "no 'text' field with article text")
    title = _string(record.get("title"))
    return RawArticle(
        source=where,
        raw=structured_raw(title, text.replace("\r\n", "\n").split("\n")),
        title=title,
        url=_string(record.get("url")),
        outlet=_string(record.get("outlet")),
        published=_string(record.get("published")),
        language=_string(record.get("language")),
        author=_string(record.get("author")),
        meta={k: v for k, v in record.items() if k not in FIELDS} | _given_id(record),
    )


def _given_id(record: dict) -> dict:
    return {"given_id": str(record["id"])} if record.get("id") is not None else {}


def _string(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
