"""Sources: every outlet with its articles, duplicates, languages and anonymous sourcing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from newsloom.web.common import DB, Page, render

router = APIRouter()
NAV = ("Sources", "/sources")  # its link in the site header


class OutletSummary(BaseModel):
    outlet: str | None
    articles: int
    duplicates: int
    languages: dict[str, int]
    anonymous_sourcing: int  # articles citing at least one anonymous source


@router.get("/api/sources", tags=["sources"], response_model=Page[OutletSummary])
def api_sources(db: DB):
    """Outlets by number of articles (all of them: a store has hundreds, not millions)."""
    outlets = db.outlet_summaries()
    return {"items": outlets, "total": len(outlets), "next": None}


@router.get("/sources", include_in_schema=False)
def sources_view(request: Request, db: DB):
    return render(request, "sources.html", outlets=db.outlet_summaries())
