"""Split scraped text into articles and remove the noise scrapers leave behind.

Scraped news files repeat the headline and photo captions, insert stray
one- or two-letter tag lines, and concatenate several articles separated only
by blank lines. Lines are classified (tag, caption, heading, body), grouped
into runs of header lines and body lines, and a header run with a headline
starts a new article. Within an article the first headline is the title;
repeats of it, captions (one kept as metadata) and tag lines are removed and
recorded with their raw offsets so `newsloom show` can display them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from newsloom.document import Document, Paragraph, Removal, TextBuilder
from newsloom.ingest.base import RawArticle
from newsloom.langs import available, load_pack
from newsloom.normalize import fold

MAX_TAG_CHARS = 3
MAX_TAG_WORD_CHARS = 15  # a lone word on its own line ("Reuters", "AP") is a site or agency tag
MAX_HEADING_WORDS = 20
MAX_LINK_LINE_WORDS = 40  # "Read more: <headline>", "Reporting by ...; Editing by ..."
MAX_CROSSHEAD_WORDS = 3  # a lone short heading inside a body is a crosshead, not a new article
# A caption ends with a credit in parentheses: "(AFP)", "(Reuters)", "(ΑΠΕ-ΜΠΕ)", "(Photo: AP/J. Doe)".
CAPTION_CREDIT = re.compile(r"\((?:[^()\s]+(?:[ /:-][^()\s]+){0,4})\)\s*$")
HEADING_ENDINGS = ".:;,"
# Hard-wrapped text (wire copy, e-mail): most lines end near one width of at most 100 columns.
WRAP_MIN_LINES = 8
WRAP_MAX_WIDTH = 100
WRAP_FULL = 0.7  # a line this close to the width continues on the next line

TAG, CAPTION, HEADING, BODY = "tag", "caption", "heading", "body"
LINK = "link"  # a pointer to other pages or the desk's credits


@dataclass
class Line:
    start: int
    end: int
    text: str
    kind: str
    blanks_before: int

    @property
    def is_header(self) -> bool:
        return self.kind != BODY


@lru_cache(maxsize=1)
def caption_prefixes() -> tuple[str, ...]:
    return tuple(prefix for code in available() for prefix in load_pack(code).caption_prefixes)


@lru_cache(maxsize=1)
def link_and_credit_prefixes() -> tuple[str, ...]:
    """Every pack's, folded: cleaning runs before the article's language is known."""
    packs = (load_pack(code) for code in available())
    return tuple(fold(prefix) for pack in packs for prefix in pack.link_and_credit_prefixes)


def classify(text: str) -> str:
    words = text.split()
    if len(text) <= MAX_TAG_CHARS or (
        len(words) == 1 and len(text) <= MAX_TAG_WORD_CHARS and text[-1].isalnum()
    ):
        return TAG
    if len(words) <= MAX_LINK_LINE_WORDS and fold(text).startswith(link_and_credit_prefixes()):
        return LINK
    if len(words) <= 60 and (CAPTION_CREDIT.search(text) and text[0].isupper()):
        return CAPTION
    if text.startswith(caption_prefixes()):
        return CAPTION
    # A line wholly in parentheses is a credit or note ("(Reporting by ...)"), never a headline.
    enclosed = text.startswith("(") and text.endswith(")")
    if len(words) <= MAX_HEADING_WORDS and text[-1] not in HEADING_ENDINGS and not enclosed:
        return HEADING
    return BODY


def read_lines(raw: str) -> list[Line]:
    """Non-blank lines with their raw offsets; hard-wrapped paragraphs are rejoined first."""
    spans = _physical_lines(raw)
    width = _wrap_width([end - start for start, end, _ in spans])
    if width:
        spans = _rejoin_wrapped(spans, width)
    lines = []
    for start, end, blanks in spans:
        text = raw[start:end]
        lines.append(Line(start, end, text, classify(" ".join(text.split())), blanks))
    return lines


def _physical_lines(raw: str) -> list[tuple[int, int, int]]:
    """(start, end, blank lines before) of each non-blank line, whitespace trimmed."""
    spans, blanks, position = [], 0, 0
    for text in raw.split("\n"):
        stripped = text.strip()
        if stripped:
            start = position + len(text) - len(text.lstrip())
            spans.append((start, start + len(stripped), blanks))
            blanks = 0
        else:
            blanks += 1
        position += len(text) + 1
    return spans


def _wrap_width(lengths: list[int]) -> int | None:
    """The column width if the text is hard-wrapped (most lines end near one width), else None."""
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = max(lengths)
    near_width = sum(1 for n in lengths if n >= WRAP_FULL * width)
    return width if width <= WRAP_MAX_WIDTH and near_width >= len(lengths) / 2 else None


def _rejoin_wrapped(spans: list[tuple[int, int, int]], width: int) -> list[tuple[int, int, int]]:
    """Join a line to the one before when that one ran to the margin (classic reflow)."""
    joined = [spans[0]]
    for (start, end, blanks), (before_start, before_end, _) in zip(spans[1:], spans, strict=False):
        if blanks == 0 and before_end - before_start >= WRAP_FULL * width:
            first_start, _, first_blanks = joined[-1]
            joined[-1] = (first_start, end, first_blanks)
        else:
            joined.append((start, end, blanks))
    return joined


def runs(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines grouped into header runs and body runs."""
    grouped: list[list[Line]] = []
    for line in lines:
        if grouped and grouped[-1][0].is_header == line.is_header:
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return grouped


def starts_article(run: list[Line]) -> bool:
    """Whether a header run that follows a body opens a new article."""
    headings = [line for line in run if line.kind == HEADING]
    if not headings:
        return False  # only captions or tags: noise inside the current article
    if len(run) > 1 or run[0].blanks_before >= 2:
        return True
    return len(headings[0].text.split()) > MAX_CROSSHEAD_WORDS


def split_articles(lines: list[Line]) -> list[list[Line]]:
    articles: list[list[Line]] = []
    has_body = False
    grouped = runs(lines)
    for index, run in enumerate(grouped):
        header = run[0].is_header
        # A header run opens an article only if a body follows it: trailing lines stay where they are.
        opens = header and has_body and index + 1 < len(grouped) and starts_article(run)
        if not articles or opens:
            articles.append([])
            has_body = False
        articles[-1].extend(run)
        has_body = has_body or not header
    return articles


def clean(article: RawArticle) -> Iterator[Document]:
    """Documents for one raw article: one, or several for a concatenated file."""
    lines = read_lines(article.raw)
    groups = split_articles(lines) if article.splittable else [lines]
    groups = [g for g in groups if g]
    for number, group in enumerate(groups, 1):
        source = article.source if len(groups) == 1 else f"{article.source} (article {number})"
        yield _document(article, group, source)


def _document(article: RawArticle, lines: list[Line], source: str) -> Document:
    offset = lines[0].start
    segment = article.raw[offset : lines[-1].end]
    builder = TextBuilder(segment)
    paragraphs: list[Paragraph] = []
    removed: list[Removal] = []
    title = _title_line(lines, article)
    captions: list[str] = []
    seen: set[str] = set()
    for line in lines:
        key = _key(line.text)
        reason = _noise_reason(line, key, title, captions, seen)
        if reason:
            removed.append(Removal(line.start - offset, line.end - offset, reason, line.text))
            continue
        if line.kind != BODY:
            seen.add(key)
        builder.add_separator()
        start, end = builder.add_raw(line.start - offset, line.end - offset)
        paragraphs.append(Paragraph(start, end))
    text, offset_map = builder.build()
    return Document(
        source=source,
        raw=segment,
        text=text,
        offset_map=offset_map,
        title=title.text if title else None,
        url=article.url,
        outlet=article.outlet,
        author=article.author,
        caption=captions[0] if captions else article.caption,
        published=article.published,
        paragraphs=paragraphs,
        removed=removed,
        markup=article.markup,
        meta=dict(article.meta, raw_offset=offset) if offset else dict(article.meta),
    )


def _title_line(lines: list[Line], article: RawArticle) -> Line | None:
    """The article's headline: given by the source, or its first heading line."""
    first = lines[0]
    if article.title and _key(first.text) == _key(article.title):
        return first
    return first if first.kind == HEADING else None


def _noise_reason(
    line: Line, key: str, title: Line | None, captions: list[str], seen: set[str]
) -> str | None:
    if line is title:
        return None
    if title and key == _key(title.text):
        return "repeated headline"
    if line.kind == TAG:
        return "tag line"
    if line.kind == LINK:
        return "link or credit line"
    if line.kind == CAPTION:
        if key in map(_key, captions):
            return "repeated caption"
        captions.append(line.text)
        return "caption"
    if line.kind == HEADING and key in seen:
        return "repeated line"
    return None


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
