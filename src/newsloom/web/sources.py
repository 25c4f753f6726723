"""Sources: every outlet with its articles, duplicates, languages and anonymous sourcing, and
who cites whom: the relays in the attribution chains of each outlet's quotes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from newsloom.store import Database
from newsloom.web.common import DB, Page, render

router = APIRouter()
NAV = ("Sources", "/sources")  # its link in the site header


class Citation(BaseModel):
    source: str  # the relay as the first quote counted names it
    entity_id: str | None
    quotes: int


class OutletSummary(BaseModel):
    outlet: str | None
    articles: int
    duplicates: int
    languages: dict[str, int]
    anonymous_sourcing: int  # articles citing at least one anonymous source
    quotes: int
    anonymous_speakers: int  # quotes whose speaker is anonymous
    anonymous_share: float  # anonymous_speakers / quotes, 0 without quotes
    cites: list[Citation]  # relays between the outlet and its speakers, the 20 most cited


def outlet_summaries(db: Database) -> list[dict]:
    attribution = db.outlet_attribution()
    outlets = db.outlet_summaries()
    for outlet in outlets:
        quoted = attribution.get(outlet["outlet"], {"quotes": 0, "anonymous_speakers": 0,
                                                    "cites": []})  # fmt: skip
        share = quoted["anonymous_speakers"] / quoted["quotes"] if quoted["quotes"] else 0.0
        outlet |= quoted | {"anonymous_share": round(share, 3)}
    return outlets


@router.get("/api/sources", tags=["sources"], response_model=Page[OutletSummary])
def api_sources(db: DB):
    """Outlets by number of articles (all of them: a store has hundreds, not millions), with
    their quotes, the share of anonymous speakers, and the relays their chains cite."""
    outlets = outlet_summaries(db)
    return {"items": outlets, "total": len(outlets), "next": None}


@router.get("/sources", include_in_schema=False)
def sources_view(request: Request, db: DB):
    outlets = outlet_summaries(db)
    entity_ids = {c["entity_id"] for o in outlets for c in o["cites"] if c["entity_id"]}
    return render(request, "sources.html", outlets=outlets, entities=db.entity_names_of(entity_ids))
