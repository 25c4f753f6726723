"""Entities: the most mentioned, and one entity with its names, timeline and company."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from newsloom.store import Database
from newsloom.web.articles import ArticleSummary, summary
from newsloom.web.charts import timeline
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

router = APIRouter()
NAV = ("Entities", "/entities")  # its link in the site header
ATTRIBUTION_SHOWN = 10  # quotes by and claims about the entity on its page; the rest via links
EntityType = Literal["PER", "LOC", "ORG", "MISC"]
TypeFilter = Annotated[EntityType | None, Query(description="PER, LOC, ORG or MISC")]


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    kind: str | None
    country: str | None
    articles: int
    mentions: int
    names: dict[str, list[str]]


class EntityArticle(ArticleSummary):
    mentions: int


def entity_page(db: Database, type_: str | None, limit: int, cursor: str | None) -> dict:
    rows = db.top_entities(type_, limit, decode_cursor(cursor, int, str))
    return {
        "items": [dict(row) | {"names": db.entity_names(row["id"])} for row in rows],
        "total": db.count_entities(type_),
        "next": next_cursor(rows, limit, "articles", "id"),
    }


@router.get("/api/entities", tags=["entities"], response_model=Page[EntitySummary])
def api_entities(
    db: DB, type: TypeFilter = None, limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None
):
    """Entities by the number of articles that mention them, with their names per language."""
    return entity_page(db, type, limit, cursor)


@router.get("/entities", include_in_schema=False)
def entities_view(
    request: Request, db: DB, type: TypeFilter = None, limit: Limit = 50, cursor: Cursor = None
):
    return render(request, "entities.html", type=type, **entity_page(db, type, limit, cursor))


def find_entity(db: Database, entity_id: str):
    row = db.entity(entity_id) if len(entity_id) <= 200 else None
    if row is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return row


def entity_articles_page(db: Database, entity_id: str, limit: int, cursor: str | None) -> dict:
    after = decode_cursor(cursor, int)
    rows = db.entity_articles(entity_id, limit, after[0] if after else None)
    stats = db.entity_stats(entity_id)
    return {
        "items": [summary(row) | {"mentions": row["mentions"]} for row in rows],
        "total": stats["articles"] if stats else 0,
        "next": next_cursor(rows, limit, "position"),
    }


def entity_record(db: Database, entity_id: str) -> dict[str, Any]:
    row = find_entity(db, entity_id)
    stats = db.entity_stats(entity_id)
    return dict(row) | {
        "articles": stats["articles"] if stats else 0,
        "mentions": stats["mentions"] if stats else 0,
        "names": db.entity_names(entity_id),
        "timeline": [dict(r) for r in db.entity_timeline(entity_id)],
        "co_mentioned": [dict(r) for r in db.co_mentioned_recent(entity_id)],
    }


@router.get("/api/entities/{entity_id}", tags=["entities"])
def api_entity(db: DB, entity_id: str) -> dict[str, Any]:
    """One entity: the ENTITY record of docs/schema.md, its article and mention counts, articles
    per day and language (`timeline`), and the entities named most often in its latest 1,000
    articles (`co_mentioned`)."""
    return entity_record(db, entity_id)


@router.get(
    "/api/entities/{entity_id}/articles", tags=["entities"], response_model=Page[EntityArticle]
)
def api_entity_articles(
    db: DB, entity_id: str, limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None
):
    """Articles that mention the entity, the latest ingested first."""
    find_entity(db, entity_id)
    return entity_articles_page(db, entity_id, limit, cursor)


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_view(
    request: Request,
    db: DB,
    entity_id: str,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
):
    record = entity_record(db, entity_id)
    quotes = db.quote_list(speaker_id=entity_id, limit=ATTRIBUTION_SHOWN)
    claims = db.claim_list(entity_id=entity_id, limit=ATTRIBUTION_SHOWN)
    return render(
        request,
        "entity.html",
        entity=record,
        chart=timeline(record["timeline"]),
        articles=entity_articles_page(db, entity_id, limit, cursor),
        quotes=quotes,
        quotes_total=db.count_quotes(speaker_id=entity_id) if quotes else 0,
        claims=claims,
        claims_total=db.count_claims(entity_id=entity_id) if claims else 0,
        entities=known_entities(db, quotes + claims),
        places=db.places_in("entity", entity_id),
    )
