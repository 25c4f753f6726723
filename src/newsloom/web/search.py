"""Full-text search across languages, ignoring case and accents ("Πεζεσκιαν" finds "Πεζεσκιάν")."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request

from newsloom.normalize import fold
from newsloom.store import Database
from newsloom.store.browse import search_terms
from newsloom.web.articles import ArticleSummary, summary
from newsloom.web.common import (
    DB,
    DEFAULT_PAGE_SIZE,
    Cursor,
    Limit,
    Page,
    decode_cursor,
    encode_cursor,
    render,
)

router = APIRouter()
MAX_RESULTS = 10_000  # deepest result a cursor reaches: offsets cost more the deeper they go
MAX_RANKED = 20_000  # more matches than this come latest first: ranking scores every match
SNIPPET_CHARS = 240
Q = Annotated[str, Query(max_length=500, description="words to find, in any language")]
LanguageFilter = Annotated[str | None, Query(max_length=16)]
OutletFilter = Annotated[str | None, Query(max_length=200)]
Sort = Annotated[
    Literal["relevance", "newest"],
    Query(description="relevance (BM25; newest when over 20,000 match) or newest ingested"),
]


class SearchHit(ArticleSummary):
    snippet: str
    highlights: list[tuple[int, int]]  # [start, end) of each matched word in `snippet`


class SearchPage(Page[SearchHit]):
    ranked: bool  # false: the latest ingested first (asked for, or too many matches to rank)


class _FoldOneToOne(dict):
    """str.translate table folding each character to one character, so offsets survive."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold(chr(codepoint))[:1] or chr(codepoint)
        self[codepoint] = folded
        return folded


_FOLD_CHARS = _FoldOneToOne()


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> tuple[str, list]:
    """The part of `text` around the first matched word, and where the words are in it."""
    folded = text.translate(_FOLD_CHARS)
    found = [i for i in (folded.find(t) for t in terms) if i >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    if start:  # begin at a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    highlights = []
    for term in terms:
        at = folded.find(term, start, end)
        while at >= 0 and at + len(term) <= end:
            highlights.append((at - start, at - start + len(term)))
            at = folded.find(term, at + len(term), end)
    return text[start:end], sorted(set(highlights))


def search_page(
    db: Database,
    q: str,
    language: str | None,
    outlet: str | None,
    limit: int,
    cursor: str | None,
    sort: str = "relevance",
) -> dict[str, Any]:
    offset = decode_cursor(cursor, int)[0] if cursor else 0
    if not 0 <= offset < MAX_RESULTS:  # a made-up cursor must not make SQLite skip a million rows
        raise HTTPException(400, "invalid cursor: pass the `next` value of a previous page")
    total = db.count_search(q, language or None, outlet or None)
    ranked = sort == "relevance" and total <= MAX_RANKED
    rows = db.search_articles(q, language or None, outlet or None, limit, offset, ranked)
    terms = search_terms(q)
    items = []
    for row in rows:
        # The title is shown above the snippet: cut it from the body unless only the title matches.
        text, highlights = snippet(row["text"][row["body_start"] :], terms)
        if not highlights:
            text, highlights = snippet(row["text"], terms)
        items.append(summary(row) | {"snippet": text, "highlights": highlights})
    more = len(rows) == limit and offset + limit < MAX_RESULTS
    return {
        "items": items,
        "total": total,
        "next": encode_cursor(offset + limit) if more else None,
        "ranked": ranked,
    }


@router.get("/api/search", tags=["search"], response_model=SearchPage)
def api_search(
    db: DB,
    q: Q,
    language: LanguageFilter = None,
    outlet: OutletFilter = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
    sort: Sort = "relevance",
):
    """Articles containing every word of `q` (whole words, any case, with or without accents),
    best match first, or the latest ingested first with `sort=newest` or when more than 20,000
    articles match. Cursors reach the first 10,000 results."""
    return search_page(db, q, language, outlet, limit, cursor, sort)


@router.get("/search", include_in_schema=False)
def search_view(
    request: Request,
    db: DB,
    q: Annotated[str, Query(max_length=500)] = "",
    language: LanguageFilter = None,
    outlet: OutletFilter = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
    sort: Sort = "relevance",
):
    page = search_page(db, q, language, outlet, limit, cursor, sort) if q.strip() else None
    return render(
        request,
        "search.html",
        q=q,
        language=language or "",
        sort=sort,
        page=page,
        languages=db.language_counts(),
    )
