"""The home page: the latest articles by language and outlet, the entities named most, search."""

from __future__ import annotations

from fastapi import APIRouter, Request

from newsloom.web.common import DB, render

router = APIRouter()
LATEST_ON_HOME = 60
TOP_ENTITIES_ON_HOME = 15


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
    )
