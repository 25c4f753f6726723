"""Where and when: the places and dates of a story's or an entity's articles, for the map and
the timeline on their pages (static/map.js draws them with Leaflet over Natural Earth)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from newsloom.web.common import DB
from newsloom.web.entities import find_entity
from newsloom.web.stories import EventQuery, find_story, resolve_story_id, story_events

router = APIRouter()


@router.get("/api/stories/{story_id}/places", tags=["stories"])
def api_story_places(db: DB, story_id: str) -> dict[str, Any]:
    """Places named in the story's articles: PLACE fields (docs/schema.md) per GeoNames place,
    with `mentions`, `articles` and the forms it was `written` in, the most widely named first."""
    return {"places": db.places_in("story", resolve_story_id(db, story_id))}


@router.get("/api/stories/{story_id}/dates", tags=["stories"])
def api_story_dates(db: DB, story_id: str) -> dict[str, Any]:
    """The story's time expressions that name a day, month or year, in date order (TIMEX
    records with the article's `title`, `language` and `published`)."""
    return {"dates": db.dates_in("story", resolve_story_id(db, story_id))}


@router.get("/api/stories/{story_id}/events", tags=["stories"])
def api_story_events(db: DB, story_id: str, filters: EventQuery) -> dict[str, Any]:
    """The story's EVENT records (docs/schema.md) in date order, undated last, filtered by the
    event's own date (`since`, `until`) and place (a name in any language, or a GeoNames id)."""
    return {"events": story_events(db, find_story(db, story_id), filters)}


@router.get("/api/entities/{entity_id}/places", tags=["entities"])
def api_entity_places(db: DB, entity_id: str) -> dict[str, Any]:
    """Places named in the articles that mention the entity, as for a story."""
    find_entity(db, entity_id)
    return {"places": db.places_in("entity", entity_id)}
