"""RSS and Atom feeds: one article per entry, with the entry's link, date and the feed's outlet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser

from newsloom.ingest.base import InputError, Problem, RawArticle, structured_raw
from newsloom.ingest.html import html_fragment_paragraphs


def read_feed(data: bytes, source: str) -> Iterator[RawArticle | Problem]:
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None) or "no entries"
        raise InputError(f"not a readable RSS/Atom feed ({reason})")
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        where = f"{source} (entry {number})"
        content = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        paragraphs = html_fragment_paragraphs(content)
        title = (entry.get("title") or "").strip() or None
        if not paragraphs:
            yield Problem(where, "entry has no text")
            continue
        yield RawArticle(
            source=where,
            raw=structured_raw(title, paragraphs),
            title=title,
            url=entry.get("link"),
            outlet=outlet,
            published=_entry_date(entry),
            author=entry.get("author"),
            language=_language(entry, feed),
            meta={
                "feed": {
                    "id": entry.get("id"),
                    "tags": [t.get("term") for t in entry.get("tags", [])],
                }
            },
        )


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None


def _language(entry, feed) -> str | None:
    detail = entry.get("title_detail") or {}
    code = detail.get("language") or feed.feed.get("language")
    return code.split("-")[0].lower() if code else None
