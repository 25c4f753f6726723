"""Stories: the list, one story with its timeline, developments and articles, and its briefing."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from newsloom.store import Database
from newsloom.stories import find_story_id, story_detail
from newsloom.stories.brief import build_briefing
from newsloom.stories.brief import render as render_briefing
from newsloom.stories.features import day_iso, day_number
from newsloom.stories.store import english_title
from newsloom.web.articles import iso_day
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
NAV = ("Stories", "/stories")  # its link in the site header
MAX_STORY_ID = 80
DETAIL_CACHE_SIZE = 64
DATES_SHOWN = 60  # dates on a story page; the API gives more
EVENTS_SHOWN = 200  # events on a story page


class StorySummary(BaseModel):
    id: str
    title: str
    articles: int
    languages: dict[str, int]  # articles per language, the most first
    outlets: dict[str, int]  # articles per outlet, the most first
    first_seen: str | None
    last_seen: str | None


@dataclass
class StoryFilters:
    since: str | None = None
    language: str | None = None
    until: str | None = None
    place: str | None = None


def story_filters(
    since: Annotated[
        str | None, Query(description="stories with an article on or after, YYYY-MM-DD")
    ] = None,
    language: Annotated[
        str | None, Query(max_length=16, description="stories with an article in this language")
    ] = None,
    until: Annotated[
        str | None, Query(description="stories with an article on or before, YYYY-MM-DD")
    ] = None,
    place: Annotated[
        str | None,
        Query(
            max_length=200, description="stories naming this place (any language, or a GeoNames id)"
        ),
    ] = None,
) -> StoryFilters:
    return StoryFilters(iso_day(since or None), language or None, iso_day(until or None),
                        place or None)  # fmt: skip


Filters = Annotated[StoryFilters, Depends(story_filters)]


def summaries(db: Database, rows: list) -> list[dict[str, Any]]:
    """StorySummary records for story rows (id, articles, first_day, last_day)."""
    coverage = db.story_coverage([row["id"] for row in rows])
    return [
        {
            "id": row["id"],
            "title": english_title(db, row["id"]),
            "articles": row["articles"],
            **coverage[row["id"]],
            "first_seen": day_iso(row["first_day"]),
            "last_seen": day_iso(row["last_day"]),
        }
        for row in rows
    ]


def story_page(db: Database, filters: StoryFilters, limit: int, cursor: str | None) -> dict:
    after = decode_cursor(cursor, int, int)
    query = (day_number(filters.since), filters.language, day_number(filters.until), filters.place)
    rows = db.story_rows(*query, limit=limit, after=after)
    return {
        "items": summaries(db, rows),
        "total": db.count_stories(*query),
        "next": next_cursor(rows, limit, "day_key", "rowid"),
    }


@router.get("/api/stories", tags=["stories"], response_model=Page[StorySummary])
def api_stories(db: DB, filters: Filters, limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None):
    """Stories, the latest member publication first (undated last)."""
    return story_page(db, filters, limit, cursor)


@router.get("/stories", include_in_schema=False)
def stories_view(
    request: Request, db: DB, filters: Filters, limit: Limit = 50, cursor: Cursor = None
):
    page = story_page(db, filters, limit, cursor)
    params = {k: v for k, v in vars(filters).items() if v}
    return render(request, "stories.html", filters=filters, params=params, **page)


def resolve_story_id(db: Database, story_id: str) -> str:
    """The full id of the story with this id or unique prefix of it; 404 otherwise."""
    found = find_story_id(db, story_id) if 0 < len(story_id) <= MAX_STORY_ID else None
    if found is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return found


class DetailCache:
    """The latest story details and briefings built, keyed by the story's `seq` (which moves
    whenever an article joins it): a big story's timeline and developments take a while to
    build, and its page, API record and briefing are read far more often than it changes."""

    def __init__(self, size: int = DETAIL_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, db: Database, story_id: str, build: Callable[[Database, str], Any]) -> Any:
        (seq,) = db.conn.execute("SELECT seq FROM stories WHERE id = ?", (story_id,)).fetchone()
        key = (db.path, story_id, seq, build.__name__)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        built = build(db, story_id)
        with self._lock:
            self._items[key] = built
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return built


details = DetailCache()


def find_story(db: Database, story_id: str) -> dict[str, Any]:
    return details.get(db, resolve_story_id(db, story_id), story_detail)


@router.get("/api/stories/{story_id}", tags=["stories"])
def api_story(db: DB, story_id: str) -> dict[str, Any]:
    """One story: `id`, `title`, `titles` per language, `first_seen`, `last_seen`, `articles`
    (summaries in arrival order), `languages` and `outlets` (article counts), `key_entities`,
    `claims` (how many), `timeline` (TIMELINE ENTRY records) and `developments` (DEVELOPMENT
    records) as docs/schema.md describes them. The id may be shortened to a unique prefix."""
    return find_story(db, story_id)


@dataclass
class EventFilters:
    since: str | None = None
    until: str | None = None
    place: str | None = None

    def query(self) -> dict[str, str]:
        """The filters that are set, as query parameters."""
        return {k: v for k, v in vars(self).items() if v}


def event_filters(
    since: Annotated[str | None, Query(description="events on or after, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="events on or before, YYYY-MM-DD")] = None,
    place: Annotated[
        str | None,
        Query(max_length=200, description="events at this place (any language, or a GeoNames id)"),
    ] = None,
) -> EventFilters:
    return EventFilters(iso_day(since or None), iso_day(until or None), place or None)


EventQuery = Annotated[EventFilters, Depends(event_filters)]


def story_events(db: Database, story: dict[str, Any], filters: EventFilters,
                 limit: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """EVENT records of the story's articles, by date (undated last), filtered by the event's
    own date and place."""
    found = db.events(article_ids=[a["id"] for a in story["articles"]], limit=limit,
                      **vars(filters))  # fmt: skip
    return sorted(found, key=lambda e: (e["date"] is None, e["date"] or ""))


@router.get("/stories/{story_id}", include_in_schema=False)
def story_view(request: Request, db: DB, story_id: str, filters: EventQuery):
    story = find_story(db, story_id)
    events = story_events(db, story, filters, limit=EVENTS_SHOWN)
    return render(
        request,
        "story.html",
        story=story,
        chart=timeline(articles_per_day(story["articles"])),
        by_language=group_articles(story["articles"]),
        places=db.places_in("story", story["id"]),
        dates=db.dates_in("story", story["id"], limit=DATES_SHOWN),
        events=events,
        event_filters=filters,
        entities=known_entities(db, events),
    )


def articles_per_day(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter((a["published"][:10], a["language"]) for a in articles if a["published"])
    return [{"day": d, "language": lang, "articles": n} for (d, lang), n in counts.items()]


def group_articles(articles: list[dict[str, Any]]) -> dict[str, dict[str, list]]:
    """Articles by language (the most first), then outlet, each list newest first."""
    newest_first = sorted(articles, key=lambda a: a["published"] or "", reverse=True)
    grouped: dict[str, dict[str, list]] = {}
    for article in newest_first:
        outlets = grouped.setdefault(article["language"], {})
        outlets.setdefault(article["outlet"] or "", []).append(article)
    return dict(sorted(grouped.items(), key=lambda kv: -sum(map(len, kv[1].values()))))


@router.get("/stories/{story_id}/brief", include_in_schema=False)
def brief_view(request: Request, db: DB, story_id: str):
    story_id = resolve_story_id(db, story_id)
    brief = details.get(db, story_id, build_briefing)
    return render(request, "brief.html", story_id=story_id, brief=brief)


@router.get("/stories/{story_id}/brief.md", tags=["stories"], response_class=PlainTextResponse)
def brief_markdown(db: DB, story_id: str):
    """The story's briefing in Markdown: what is known, who says it, what changed, what is
    disputed, each line citing numbered source sentences."""
    story_id = resolve_story_id(db, story_id)
    text = render_briefing(details.get(db, story_id, build_briefing), "md")
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
