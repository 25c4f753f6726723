"""The records every component reads and writes.

A `Document` is one article. Readers create it from raw input, the cleaning
step fills `text` and keeps an `OffsetMap` back to `raw`, and the pipeline
components add language, paragraphs, sentences and dates. Later components
(entities, quotes, claims, events, stories) add their own lists beside these.
All offsets are character offsets into `text` unless a name says `raw`.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    """A sentence: `text[start:end]`."""

    start: int
    end: int


@dataclass
class Paragraph(Span):
    """A paragraph with its own language (articles can mix languages)."""

    language: str = "und"
    language_score: float = 0.0


@dataclass
class Removal:
    """A piece of raw input that cleaning left out of `text`, and why."""

    raw_start: int
    raw_end: int
    reason: str
    text: str


class OffsetMap:
    """Maps offsets in cleaned text back to offsets in the raw input.

    Cleaned text is assembled from verbatim pieces of the raw text plus
    separators that have no raw origin; each piece is a (text_start,
    raw_start, length) triple, kept sorted by text_start.
    """

    def __init__(self, pieces: list[tuple[int, int, int]] | None = None) -> None:
        self.pieces = pieces or []
        self._starts = [p[0] for p in self.pieces]

    def to_raw(self, offset: int) -> int | None:
        """Raw offset for a text offset, or None inside a separator."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        text_start, raw_start, length = self.pieces[i]
        if offset - text_start > length:
            return None
        return raw_start + offset - text_start

    def to_list(self) -> list[list[int]]:
        return [list(p) for p in self.pieces]


class TextBuilder:
    """Builds cleaned text from raw pieces while recording the offset map."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.parts: list[str] = []
        self.pieces: list[tuple[int, int, int]] = []
        self.length = 0

    def add_raw(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Append raw[raw_start:raw_end]; return its span in the new text."""
        start = self.length
        self.parts.append(self.raw[raw_start:raw_end])
        self.pieces.append((start, raw_start, raw_end - raw_start))
        self.length += raw_end - raw_start
        return start, self.length

    def add_separator(self, separator: str = "\n\n") -> None:
        if self.length:
            self.parts.append(separator)
            self.length += len(separator)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self.parts), OffsetMap(self.pieces)


@dataclass
class Mention:
    """A name (or an anonymous source) in the text, and what it refers to."""

    start: int
    end: int
    text: str
    type: str  # PER, LOC, ORG or MISC
    entity_id: str | None = None  # set by linking; None for anonymous sources
    role: str | None = None  # "president", "official", "demonym" ...
    anonymous: bool = False
    country: str | None = None  # nationality or affiliation, ISO 3166-1 alpha-2
    stands_for: str | None = None  # a capital standing for its country ("Moscow warned")
    name: str | None = None  # for people: the fullest form of the name in the article


@dataclass
class Source:
    """One link of an attribution chain: the outlet, a relay ("citing", "told"), the speaker."""

    text: str | None  # None for the publisher of an article whose outlet is unknown
    role: str  # "publisher", "relay" or "speaker"
    mention: Mention | None = None  # where the text names an entity (linked after the pipeline)
    anonymous: bool = False
    entity_id: str | None = None  # for a publisher or relay known without a mention
    span: tuple[int, int] | None = None  # where the article names it ("he" for a pronoun)

    def to_record(self) -> dict[str, Any]:
        entity_id = self.mention.entity_id if self.mention else self.entity_id
        start, end = self.span or (None, None)
        return {"text": self.text, "entity_id": entity_id, "role": self.role,
                "anonymous": self.anonymous, "start": start, "end": end}  # fmt: skip


@dataclass
class Quote:
    """What someone said: the content span, how it was said and the chain that brought it."""

    start: int  # the content, without quotation marks
    end: int
    content: str
    kind: str  # direct, indirect or according_to
    cue: str  # the reporting verb or phrase as written
    chain: list[Source]  # from the publishing outlet to the speaker, who comes last
    cue_span: tuple[int, int] | None = None

    @property
    def speaker(self) -> Source:
        return self.chain[-1]


@dataclass
class Claim:
    """A proposition the article reports, with its status and who it comes from."""

    start: int
    end: int
    text: str
    status: str  # expected, planned, reported, confirmed, denied, hypothetical, negated
    chain: list[Source]
    quote: int | None = None  # index into Document.quotes when the claim is a quote's content
    mentions: list[Mention] = field(default_factory=list)  # entities the claim involves
    event: int | None = None  # index into Document.events: the event the claim asserts


@dataclass
class Argument:
    """Who or what takes part in an event, as the text names it."""

    text: str
    start: int
    end: int
    mention: Mention | None = None  # linked after the pipeline, like a quote's speaker
    entity_id: str | None = None  # known without a mention ("we" in a minister's quote)

    @property
    def resolved_id(self) -> str | None:
        """The entity that acts or is acted on: a capital stands for its country."""
        mention = self.mention
        if mention is None:
            return self.entity_id
        if mention.stands_for:
            return mention.stands_for
        if mention.entity_id:
            return mention.entity_id
        if mention.role == "demonym" and mention.country:
            return f"country:{mention.country}"
        return self.entity_id


@dataclass
class Event:
    """Who did what to whom, how certain it is and according to whom (newsloom.analyze.events).

    Offsets index the cleaned text: the trigger ("delivered", "παράδοση"), each argument and
    the factuality cue ("expect", "δεν"). Time and place are filled by their own components.
    """

    type: str  # PLOVER event type: AID, ASSAULT, CONSULT ...
    mode: str | None  # PLOVER mode: military, aerial, accuse ...
    cameo: str  # CAMEO root code, two digits
    trigger: str
    trigger_span: tuple[int, int]
    sentence: tuple[int, int]
    factuality: str  # asserted, confirmed, expected, planned, hypothetical, denied, negated
    chain: list[Source]
    actors: list[Argument] = field(default_factory=list)
    recipients: list[Argument] = field(default_factory=list)
    object: Argument | None = None
    object_kind: str | None = None  # language-neutral: missile, drone, weapon ...
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    quote: int | None = None  # index into Document.quotes when a quote carries the event
    date: str | None = None
    date_source: str | None = None  # "text" or "published"
    place_id: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Timex:
    """A time expression: `text[start:end]`, its TIMEX3 type and normalised value."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str | None  # ISO 8601 / TIMEX3 ("2025-01-14", "2025-W03", "P2D"); None: no anchor

    def to_record(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value}  # fmt: skip


@dataclass
class Place:
    """A place mention resolved to a GeoNames place, with the runner-up it was chosen over."""

    start: int
    end: int
    text: str
    geonames_id: int
    name: str
    kind: str  # country, region (first-level administrative) or city
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    score: float  # the chosen place's share of the evidence, 0-1
    runner_up_id: int | None = None
    runner_up_score: float | None = None

    def to_record(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Document:
    """One article and everything the pipeline learns about it."""

    source: str
    raw: str
    text: str = ""
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    caption: str | None = None
    published: str | None = None
    language: str = "und"
    language_score: float = 0.0
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    duplicate_of: str | None = None
    markup: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Stable id derived from content: the same article always gets the same id."""
        key = "\x1f".join((self.outlet or "", self.url or "", self.text))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    @property
    def pack_language(self) -> str:
        """The language pack that analyses the text: the article's, English when unknown."""
        return self.language if self.language != "und" else "en"

    @property
    def body_start(self) -> int:
        """Offset where the body begins (after the title paragraph, if any)."""
        if self.title and len(self.paragraphs) > 1:
            return self.paragraphs[1].start
        return 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def to_record(self) -> dict[str, Any]:
        """The public record shape (see docs/schema.md)."""
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "caption": self.caption,
            "language": self.language,
            "language_score": round(self.language_score, 4),
            "published": self.published,
            "text": self.text,
            "duplicate_of": self.duplicate_of,
            "paragraphs": [
                {
                    "start": p.start,
                    "end": p.end,
                    "language": p.language,
                    "language_score": round(p.language_score, 4),
                }
                for p in self.paragraphs
            ],
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "removed": [
                {"raw_start": r.raw_start, "raw_end": r.raw_end, "reason": r.reason, "text": r.text}
                for r in self.removed
            ],
            "offset_map": self.offset_map.to_list(),
            "meta": self.meta,
        }
