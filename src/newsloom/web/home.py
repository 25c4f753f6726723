"""The home page: the latest and fastest-growing stories, the latest articles by language and
outlet, the entities named most, search."""

from __future__ import annotations

from fastapi import APIRouter, Request

from newsloom.store import Database
from newsloom.web.common import DB, render
from newsloom.web.stories import summaries

router = APIRouter()
LATEST_ON_HOME = 60
TOP_ENTITIES_ON_HOME = 15
STORIES_ON_HOME = 8
GROWTH_DAYS = 2  # fastest-growing: most articles in the store's last two days of publication


@router.get("/", include_in_schema=False)
def home(request: Request, db: DB):
    latest = db.latest_articles(duplicates=False, limit=LATEST_ON_HOME)
    by_language: dict[str, dict[str, list]] = {}
    for row in latest:
        by_language.setdefault(row["language"], {}).setdefault(row["outlet"] or "", []).append(row)
    return render(
        request,
        "home.html",
        by_language=by_language,
        languages=db.language_counts(),
        entities=db.top_entities(limit=TOP_ENTITIES_ON_HOME),
        latest_stories=summaries(db, db.story_rows(limit=STORIES_ON_HOME)),
        growing=growing_stories(db),
    )


def growing_stories(db: Database) -> list[dict]:
    rows = db.growing_stories(days=GROWTH_DAYS, limit=STORIES_ON_HOME)
    return [
        story | {"added": row["added"]}
        for story, row in zip(summaries(db, rows), rows, strict=True)
    ]
