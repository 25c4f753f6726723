"""What every router module shares: the store per thread, templates, paging and cursors."""

from __future__ import annotations

import base64
import contextlib
import json
import threading
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from fastapi import Depends, HTTPException, Query, Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel

from newsloom.store import Database

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
SQLITE_INTEGERS = range(-(2**63), 2**63)  # a larger number in a query raises OverflowError
MAX_CURSOR_CHARS = 2000

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: `next` is the cursor for the following page, null on the last."""

    items: list[T]
    total: int
    next: str | None


class Stores:
    """One Database connection per server thread: sqlite3 connections are not shared."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._local = threading.local()

    def get(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = Database(self.db_path)
            db.conn.execute("PRAGMA busy_timeout = 5000")  # wait for an ingest's write lock
        return db


def store(request: Request) -> Database:
    return request.app.state.stores.get()


DB = Annotated[Database, Depends(store)]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"page size, at most {MAX_PAGE_SIZE}")
]
Cursor = Annotated[str | None, Query(description="the `next` value of the previous page")]


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *types: type) -> tuple | None:
    """The key in a cursor made by encode_cursor, checked against the types expected."""
    if cursor is None:
        return None
    key = None
    # RecursionError: "[[[[..." nested past the parser's depth
    with contextlib.suppress(ValueError, RecursionError):
        if len(cursor) <= MAX_CURSOR_CHARS:
            key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    if (
        not isinstance(key, list)
        or len(key) != len(types)
        or not all(_cursor_value_ok(v, t) for v, t in zip(key, types, strict=True))
    ):
        raise HTTPException(400, "invalid cursor: pass the `next` value of a previous page")
    return tuple(key)


def _cursor_value_ok(value: Any, expected: type) -> bool:
    if not isinstance(value, expected) or isinstance(value, bool):
        return False
    return expected is not int or value in SQLITE_INTEGERS


def next_cursor(rows: list, limit: int, *key_columns: str) -> str | None:
    """A cursor after the last row, when the page is full (there may be more)."""
    if len(rows) < limit:
        return None
    last = rows[-1]
    return encode_cursor(*(last[c] if c != "published" else last[c] or "" for c in key_columns))


@lru_cache(maxsize=512)
def language_name(code: str | None) -> str:
    """English name of a language code ("el" -> "Greek"), or the code itself."""
    if not code:
        return "unknown"
    try:
        return Locale("en").languages.get(code) or code
    except UnknownLocaleError:
        return code


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s): article metadata must not put javascript: URLs in links."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def make_templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("newsloom.web", "templates"),
        autoescape=True,  # every template, whatever its name: all article text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["language_name"] = language_name
    environment.filters["safe_url"] = safe_url
    return Jinja2Templates(env=environment)


def render(request: Request, template: str, status_code: int = 200, **context: Any):
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code
    )


def known_entities(db: Database, records: list[dict[str, Any]]) -> dict[str, str]:
    """Names of the entities the records link to (speakers, chain links, claim entities), so the
    page links only to entity pages that exist."""
    ids = set()
    for record in records:
        ids.update(s["entity_id"] for s in record["chain"] if s["entity_id"])
        ids.update(record.get("entity_ids", ()))
        ids.update(record.get("actor_ids", ()))  # events
        ids.update(record.get("recipient_ids", ()))
        if record.get("speaker_entity_id"):
            ids.add(record["speaker_entity_id"])
    return db.entity_names_of(ids) if ids else {}
