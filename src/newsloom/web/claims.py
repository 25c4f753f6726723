"""Claims: what articles assert, with its status and sources, filtered by status and entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from newsloom.analyze.claims import STATUSES
from newsloom.store import Database
from newsloom.store.attribution_browse import ArticleScope
from newsloom.web.attribution import (
    ENTITY_FILTER_CHARS,
    ArticleRef,
    SourceLink,
    article_scope,
    filter_params,
    finish_page,
    resolve_entity,
)
from newsloom.web.common import (
    DB,
    DEFAULT_PAGE_SIZE,
    Cursor,
    Limit,
    Page,
    decode_cursor,
    known_entities,
    render,
)

router = APIRouter()
NAV = ("Claims", "/claims")  # its link in the site header
Status = Literal[(*STATUSES, "")]  # "" is no filter


class ClaimItem(BaseModel):
    """The CLAIM record of docs/schema.md and the article it is from."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    status: str
    quote_id: str | None
    entity_ids: list[str]
    chain: list[SourceLink]
    article: ArticleRef


@dataclass
class ClaimFilters:
    status: str | None = None
    entity: str | None = None  # as asked: an entity id or a name in any script
    scope: ArticleScope = field(default_factory=ArticleScope)
    entity_id: str | None = None
    unknown_entity: bool = False  # an entity was named that matches none

    def params(self) -> dict[str, str]:
        return filter_params(status=self.status, entity=self.entity, **vars(self.scope))


def claim_filters(
    db: DB,
    scope: Annotated[ArticleScope, Depends(article_scope)],
    status: Annotated[
        Status | None,
        Query(description=f"{', '.join(STATUSES)}; empty: any"),
    ] = None,
    entity: Annotated[
        str | None,
        Query(
            max_length=ENTITY_FILTER_CHARS,
            description="an entity the claim involves: an id, or a name in any script (Iran, Ιράν)",
        ),
    ] = None,
) -> ClaimFilters:
    entity_id, unknown = resolve_entity(db, entity)
    return ClaimFilters(status or None, entity or None, scope, entity_id, unknown)


Filters = Annotated[ClaimFilters, Depends(claim_filters)]


def claim_page(db: Database, filters: ClaimFilters, limit: int, cursor: str | None) -> dict:
    after = decode_cursor(cursor, str, int, int)
    if filters.unknown_entity:
        return {"items": [], "total": 0, "next": None}
    query = (filters.scope, filters.status, filters.entity_id)
    items = db.claim_list(*query, limit=limit, after=after)
    return finish_page(items, db.count_claims(*query), limit)


@router.get("/api/claims", tags=["claims"], response_model=Page[ClaimItem])
def api_claims(db: DB, filters: Filters, limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None):
    """Claims, from the newest article (publication date, undated last) and in text order."""
    return claim_page(db, filters, limit, cursor)


@router.get("/claims", include_in_schema=False)
def claims_view(
    request: Request, db: DB, filters: Filters, limit: Limit = 50, cursor: Cursor = None
):
    page = claim_page(db, filters, limit, cursor)
    return render(
        request,
        "claims.html",
        filters=filters,
        params=filters.params(),
        statuses=STATUSES,
        entity_name=db.entity(filters.entity_id)["name"] if filters.entity_id else None,
        entities=known_entities(db, page["items"]),
        **page,
    )
