"""What the quotes and claims routers share: article filters, speaker and entity names, paging."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from newsloom.link.registry import find_entity
from newsloom.store import Database
from newsloom.store.attribution_browse import ArticleScope
from newsloom.web.articles import iso_day
from newsloom.web.common import encode_cursor

ENTITY_FILTER_CHARS = 200


class SourceLink(BaseModel):
    """One link of a chain (the SOURCE record of docs/schema.md)."""

    text: str | None
    entity_id: str | None
    role: str
    anonymous: bool
    start: int | None
    end: int | None


class ArticleRef(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str


def article_scope(
    outlet: Annotated[
        str | None, Query(max_length=200, description="the outlet that published the article")
    ] = None,
    language: Annotated[
        str | None, Query(max_length=16, description="the article's language code, e.g. el")
    ] = None,
    since: Annotated[
        str | None, Query(description="articles published on or after, YYYY-MM-DD")
    ] = None,
) -> ArticleScope:
    return ArticleScope(outlet or None, language or None, iso_day(since or None))


def resolve_entity(db: Database, name: str | None) -> tuple[str | None, bool]:
    """The entity id for an id or a name in any script ("Lavrov", "Λαβρόφ"), and whether a name
    was given that matches no entity (the list is then empty, not unfiltered)."""
    if not name:
        return None, False
    entity_id = find_entity(db, name.strip())
    return entity_id, entity_id is None


def finish_page(items: list[dict[str, Any]], total: int, limit: int) -> dict[str, Any]:
    """A Page of records: the cursor comes from the last record's key, when the page is full."""
    keys = [item.pop("cursor_key") for item in items]
    return {
        "items": items,
        "total": total,
        "next": encode_cursor(*keys[-1]) if len(items) == limit else None,
    }


def filter_params(**values: Any) -> dict[str, Any]:
    """The filters a pager link repeats: those that are set."""
    return {key: value for key, value in values.items() if value not in (None, "")}
