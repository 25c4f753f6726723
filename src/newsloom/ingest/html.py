"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import lxml.html
import trafilatura
from lxml import etree

from newsloom.ingest.base import InputError, RawArticle, structured_raw

# Only dates the page states in its metadata: never the crawl or file date.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
BLOCK_TAGS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "figcaption",
    "div",
)


def read_html(markup: str, source: str, url: str | None = None) -> RawArticle:
    """Extract one article from an HTML page."""
    try:
        extracted = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=DATE_PARAMS,
        )
    except (ValueError, etree.ParserError) as error:
        raise InputError(f"unreadable HTML ({error})") from error
    if extracted is None or not (extracted.text or "").strip():
        raise InputError("no article text found in the HTML page")
    paragraphs = _paragraphs(extracted.body) or [extracted.text]
    title = (extracted.title or "").strip() or None
    if title and paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]
    return RawArticle(
        source=source,
        raw=structured_raw(title, paragraphs),
        title=title,
        url=extracted.url or url,
        outlet=extracted.sitename,
        published=extracted.date,
        author=extracted.author,
        caption=_first_caption(markup),
        markup=markup,
        meta=_page_meta(extracted),
    )


def _paragraphs(body) -> list[str]:
    if body is None:
        return []
    found = []
    for element in body.iter():
        if element.tag in BLOCK_TAGS and not any(child.tag in BLOCK_TAGS for child in element):
            text = " ".join("".join(element.itertext()).split())
            if text:
                found.append(text)
    return found


def _first_caption(markup: str) -> str | None:
    try:
        captions = lxml.html.fromstring(markup).xpath("//figcaption")
    except (etree.ParserError, ValueError):
        return None
    return " ".join(captions[0].text_content().split()) or None if captions else None


def _page_meta(extracted) -> dict:
    fields = ("hostname", "description", "categories", "tags", "image", "pagetype", "license")
    return {"page": {f: getattr(extracted, f) for f in fields if getattr(extracted, f, None)}}


def html_fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraph texts of an HTML fragment, as feeds carry them."""
    if not fragment.strip():
        return []
    if "<" not in fragment:
        return [p for p in fragment.split("\n") if p.strip()]
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return _paragraphs(root) or [" ".join(root.text_content().split())]
