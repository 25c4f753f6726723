"""Articles: the list, one article with its mentions, removals and duplicates, and ingest."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel

from newsloom.document import Document
from newsloom.ingest import ingest_bytes
from newsloom.store import Database
from newsloom.web.common import (
    DB,
    DEFAULT_PAGE_SIZE,
    Cursor,
    Limit,
    Page,
    decode_cursor,
    known_entities,
    next_cursor,
    render,
)
from newsloom.web.highlight import highlight

router = APIRouter()
NAV = ("Articles", "/articles")  # its link in the site header
MAX_INGEST_BYTES = 10 * 1024 * 1024  # larger request bodies get 413 before they are read


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str
    words: int
    url: str | None
    duplicate_of: str | None
    duplicate_kind: str | None


class IngestResult(BaseModel):
    added: int
    duplicates: int
    already_stored: int
    inputs_unchanged: int
    ids: list[str]
    problems: list[dict[str, Any]]


def summary(row) -> dict[str, Any]:
    return {field: row[field] for field in ArticleSummary.model_fields}


def iso_day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"since: {value!r} is not a date in the form YYYY-MM-DD") from None


@dataclass
class ArticleFilters:
    language: str | None = None
    outlet: str | None = None
    since: str | None = None
    duplicates: bool = True
    until: str | None = None
    place: str | None = None


def article_filters(
    language: Annotated[
        str | None, Query(max_length=16, description="language code, e.g. el")
    ] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(description="published on or after, YYYY-MM-DD")] = None,
    duplicates: Annotated[bool, Query(description="false hides exact and near duplicates")] = True,
    until: Annotated[str | None, Query(description="published on or before, YYYY-MM-DD")] = None,
    place: Annotated[
        str | None,
        Query(
            max_length=200, description="naming this place: a name in any language or a GeoNames id"
        ),
    ] = None,
) -> ArticleFilters:
    return ArticleFilters(language or None, outlet or None, iso_day(since or None), duplicates,
                          iso_day(until or None), place or None)  # fmt: skip


Filters = Annotated[ArticleFilters, Depends(article_filters)]


def article_page(db: Database, filters: ArticleFilters, limit: int, cursor: str | None) -> dict:
    after = decode_cursor(cursor, str, int)
    rows = db.latest_articles(**vars(filters), limit=limit, after=after)
    return {
        "rows": rows,
        "total": db.count_latest_articles(**vars(filters)),
        "next": next_cursor(rows, limit, "published", "rowid"),
    }


@router.get("/api/articles", tags=["articles"], response_model=Page[ArticleSummary])
def api_articles(db: DB, filters: Filters, limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None):
    """Articles, newest publication date first (undated last)."""
    page = article_page(db, filters, limit, cursor)
    return {
        "items": [summary(r) for r in page["rows"]],
        "total": page["total"],
        "next": page["next"],
    }


@router.get("/articles", include_in_schema=False)
def articles_page(
    request: Request, db: DB, filters: Filters, limit: Limit = 50, cursor: Cursor = None
):
    page = article_page(db, filters, limit, cursor)
    params = {k: v for k, v in vars(filters).items() if v and k != "duplicates"}
    if not filters.duplicates:
        params["duplicates"] = "false"
    return render(request, "articles.html", filters=filters, params=params, **page)


@router.get("/api/articles/{article_id}", tags=["articles"])
def api_article(db: DB, article_id: str) -> dict[str, Any]:
    """One article: the ARTICLE record of docs/schema.md with its mentions, duplicates, and
    its quotes, claims and events (QUOTE, CLAIM and EVENT records)."""
    doc = find_document(db, article_id)
    quotes, claims = db.article_attribution(doc.id)
    return doc.to_record() | {
        "mentions": [vars(m) for m in db.mentions_of(doc.id)],
        "duplicates": [summary(r) for r in db.duplicate_group(doc.id)],
        "quotes": quotes,
        "claims": claims,
        "events": db.events_of_article(doc.id),
    }


@router.get("/articles/{article_id}", include_in_schema=False)
def article_view(request: Request, db: DB, article_id: str):
    doc = find_document(db, article_id)
    mentions = db.mentions_of(doc.id)
    quotes, claims = db.article_attribution(doc.id)
    events = db.events_of_article(doc.id)
    return render(
        request,
        "article.html",
        doc=doc,
        body=highlight(doc.text, body_paragraphs(doc), quotes, mentions, events),
        events=events,
        mentions=mentions,
        quotes=quotes,
        claims=claims,
        claim_of_quote={c["quote_id"]: c for c in claims if c["quote_id"]},
        entities=known_entities(db, quotes + claims + events),
        raw_offsets=[doc.offset_map.to_raw(m.start) for m in mentions],
        duplicates=db.duplicate_group(doc.id),
        original=db.article_summary(doc.duplicate_of) if doc.duplicate_of else None,
        duplicate_kind=db.article_summary(doc.id)["duplicate_kind"],
        story=db.article_story(doc.id),
        timexes=db.timexes_of(doc.id),
        places=db.places_of(doc.id),
    )


def find_document(db: Database, article_id: str) -> Document:
    doc = db.get_document(article_id) if len(article_id) <= 64 else None
    if doc is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return doc


def body_paragraphs(doc: Document) -> list[tuple[int, int]]:
    """The body's paragraphs (the title left out), or the whole body when it has none."""
    paragraphs = [(p.start, p.end) for p in doc.paragraphs if p.start >= doc.body_start]
    return paragraphs or [(doc.body_start, len(doc.text))]


@router.post("/api/articles", tags=["articles"], response_model=IngestResult, status_code=201)
async def api_ingest(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer WRITE-TOKEN")] = None,
):
    """Ingest articles: a JSON object or array of objects with `text` and any of `title`, `url`,
    `published`, `outlet`, `language`, `author`, `id` (as `newsloom ingest` reads JSON files).

    Disabled (403) unless the server was started with a write token; send it as
    `Authorization: Bearer TOKEN`.
    """
    token = request.app.state.write_token
    if not token:
        raise HTTPException(403, "ingest is disabled: start the server with --write-token-env")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong write token")
    body = await request.body()  # at most MAX_INGEST_BYTES: the app's BodyLimit refuses more
    if not body.lstrip().startswith((b"{", b"[")):
        raise HTTPException(422, "send a JSON object or an array of JSON objects")
    return await request.app.state.run_writer(write_articles, body)


def write_articles(db: Database, body: bytes) -> dict[str, Any]:
    last = db.conn.execute("SELECT ifnull(max(rowid), 0) FROM articles").fetchone()[0]
    report = ingest_bytes(db, body, "POST /api/articles")
    ids = [row[0] for row in db.conn.execute("SELECT id FROM articles WHERE rowid > ?", (last,))]
    return {
        "added": report.added,
        "duplicates": report.duplicates,
        "already_stored": report.already_stored,
        "inputs_unchanged": report.inputs_unchanged,
        "ids": ids,
        "problems": [
            {"source": p.source, "message": p.message, "fatal": p.fatal} for p in report.problems
        ],
    }
