"""Publication date: kept from metadata when present, else inferred from explicit evidence.

The evidence is a dateline, the place-and-date opener of a wire story ("ATHENS, Sept 5, 2024
(Reuters) -", "Αθήνα, 5 Σεπτεμβρίου 2024 –", "МОСКВА, 10 сентября 2024 г. —"), or else a
dated photo caption ("Rescuers search the rubble in Kharkiv, Tuesday, Jan. 14, 2025. (AP
Photo)") that is not an archive photo. Only the first lines of the body are searched for a
dateline, a date needs a year, captions that disagree are no evidence, and nothing is
guessed: no date found means `published` stays None. An inferred date is marked
`meta.published_source = "inferred"` with the evidence's offsets.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

from newsloom.analyze.time import time_words
from newsloom.document import Document
from newsloom.langs import load_pack
from newsloom.normalize import fold
from newsloom.pipeline import component
from newsloom.settings import Settings

DATELINE_CHARS = 160  # how far into the body a dateline may reach
_NUMERIC = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_WORD_DATE = re.compile(
    r"\b(?:(\d{1,2})\.?\s+(?:(?:\w+)\s+)?(\w+)\.?,?\s+(?:(?:\w+)\s+)?(\d{4})"  # 5 (de) September (de) 2024
    r"|(\w+)\.?\s+(\d{1,2}),?\s+(\d{4}))\b"  # September 5, 2024
)


def find_date(text: str, language: str) -> str | None:
    """The first complete date in `text` as an ISO string, or None."""
    found = find_date_span(text, language)
    return found[0] if found else None


def find_date_span(text: str, language: str) -> tuple[str, int, int] | None:
    """The first complete date in `text`: its ISO string, start and end; or None."""
    months, joiners = _date_words(language)
    candidates: list[tuple[int, int, date]] = []
    for match in _WORD_DATE.finditer(text):
        found = _word_date(match, months, joiners, text)
        if found:
            candidates.append((match.start(), match.end(), found))
    for match in _NUMERIC.finditer(text):
        found = _numeric_date(match, language)
        if found:
            candidates.append((match.start(), match.end(), found))
    if not candidates:
        return None
    start, end, found = min(candidates, key=lambda c: c[0])
    return found.isoformat(), start, end


@lru_cache(maxsize=64)
def _date_words(language: str) -> tuple[dict[str, int], frozenset[str]]:
    """The pack's month names and date joiners, folded once per language: find_date runs on
    every sentence of a story's articles when its timeline is built."""
    pack = load_pack(language)
    months = {fold(name): number for name, number in pack.months.items()}
    return months, frozenset(fold(j) for j in pack.date_joiners)


def _word_date(match: re.Match[str], months: dict, joiners: set, text: str) -> date | None:
    if match.group(1):
        day, month_word, year = match.group(1), match.group(2), match.group(3)
        # Words between day, month and year are allowed only if the pack lists them ("de").
        between = re.findall(r"\w+", match.group(0))[1:-1]
        if any(fold(w) not in joiners and fold(w) != fold(month_word) for w in between):
            return None
    else:
        month_word, day, year = match.group(4), match.group(5), match.group(6)
    month = months.get(fold(month_word))
    return _make_date(int(year), month, int(day)) if month else None


def _numeric_date(match: re.Match[str], language: str) -> date | None:
    if match.group(1):
        return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    first, second, year = int(match.group(4)), int(match.group(5)), int(match.group(6))
    if language == "en" and first <= 12 and second <= 12:
        return None  # 05/09/2024 is ambiguous in English
    day, month = (second, first) if language == "en" and second > 12 else (first, second)
    return _make_date(year, month, day)


def _make_date(year: int, month: int | None, day: int) -> date | None:
    try:
        return date(year, month or 0, day)
    except ValueError:
        return None


def normalise_published(value: object) -> str | None:
    """Any metadata date (datetime, ISO string, RFC 822) to an ISO date, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        return None


@component("dates", requires=("text", "language"), assigns=("published",))
class DatelineReader:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        if doc.published is not None:
            return doc
        found = find_date_span(doc.body[:DATELINE_CHARS], doc.language)
        if found:
            day, start, end = found
            evidence = {"kind": "dateline", "start": doc.body_start + start,
                        "end": doc.body_start + end}  # fmt: skip
        else:
            day, evidence = caption_date(doc)
        if day:
            doc.published = day
            doc.meta["published_from"] = evidence["kind"]
            doc.meta["published_source"] = "inferred"
            doc.meta["published_evidence"] = evidence
        return doc


def caption_date(doc: Document) -> tuple[str | None, dict]:
    """The date the article's photo captions agree on, with the first one's raw offsets.

    Captions are removed from the text when it is cleaned (see newsloom.ingest.clean), so
    the offsets point into `raw`. Archive photos ("FILE -", "φωτογραφία αρχείου") date the
    photo, not the article, and are no evidence."""
    archive = time_words(doc.pack_language).archive_words
    dates: dict[str, dict] = {}
    for removal in doc.removed:
        if removal.reason not in ("caption", "repeated caption"):
            continue
        if any(word in archive for word in fold(removal.text).split()):
            continue
        found = find_date_span(removal.text, doc.language)
        if found:
            day, start, end = found
            dates.setdefault(day, {"kind": "caption", "raw_start": removal.raw_start + start,
                                   "raw_end": removal.raw_start + end})  # fmt: skip
    if len(dates) != 1:
        return None, {}
    return next(iter(dates.items()))
