"""Quotes: who said what, according to whom, filtered by speaker, anonymity, kind and article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

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
NAV = ("Quotes", "/quotes")  # its link in the site header
KINDS = ("direct", "indirect", "according_to")


class QuoteItem(BaseModel):
    """The QUOTE record of docs/schema.md and the article it is from."""

    id: str
    article_id: str
    start: int
    end: int
    content: str
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    anonymous: bool
    speaker_role: str | None
    speaker_affiliation: str | None
    cue: str
    chain: list[SourceLink]
    article: ArticleRef


@dataclass
class QuoteFilters:
    speaker: str | None = None  # as asked: an entity id or a name in any script
    anonymous: str | None = None  # "true", "false" or None
    kind: str | None = None
    scope: ArticleScope = field(default_factory=ArticleScope)
    speaker_id: str | None = None
    unknown_speaker: bool = False  # a speaker was named that matches no entity

    def params(self) -> dict[str, str]:
        return filter_params(
            speaker=self.speaker, anonymous=self.anonymous, kind=self.kind, **vars(self.scope)
        )


def quote_filters(
    db: DB,
    scope: Annotated[ArticleScope, Depends(article_scope)],
    speaker: Annotated[
        str | None,
        Query(
            max_length=ENTITY_FILTER_CHARS,
            description="the speaker's entity: an id, or a name in any script (Lavrov, Λαβρόφ)",
        ),
    ] = None,
    anonymous: Annotated[
        Literal["true", "false", ""] | None,
        Query(description="true: anonymous speakers only; false: named only; empty: both"),
    ] = None,
    kind: Annotated[
        Literal["direct", "indirect", "according_to", ""] | None,
        Query(description="direct, indirect or according_to; empty: any"),
    ] = None,
) -> QuoteFilters:
    speaker_id, unknown = resolve_entity(db, speaker)
    return QuoteFilters(speaker or None, anonymous or None, kind or None, scope, speaker_id,
                        unknown)  # fmt: skip


Filters = Annotated[QuoteFilters, Depends(quote_filters)]


def quote_page(db: Database, filters: QuoteFilters, limit: int, cursor: str | None) -> dict:
    after = decode_cursor(cursor, str, int, int)
    if filters.unknown_speaker:
        return {"items": [], "total": 0, "next": None}
    anonymous = None if filters.anonymous is None else filters.anonymous == "true"
    query = (filters.scope, filters.speaker_id, anonymous, filters.kind)
    items = db.quote_list(*query, limit=limit, after=after)
    return finish_page(items, db.count_quotes(*query), limit)


@router.get("/api/quotes", tags=["quotes"], response_model=Page[QuoteItem])
def api_quotes(db: DB, filters: Filters, limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None):
    """Quotes, from the newest article (publication date, undated last) and in text order."""
    return quote_page(db, filters, limit, cursor)


@router.get("/quotes", include_in_schema=False)
def quotes_view(
    request: Request, db: DB, filters: Filters, limit: Limit = 50, cursor: Cursor = None
):
    page = quote_page(db, filters, limit, cursor)
    return render(
        request,
        "quotes.html",
        filters=filters,
        params=filters.params(),
        kinds=KINDS,
        speaker_name=db.entity(filters.speaker_id)["name"] if filters.speaker_id else None,
        entities=known_entities(db, page["items"]),
        **page,
    )
