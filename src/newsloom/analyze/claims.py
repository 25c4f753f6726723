"""Claims: the propositions an article reports, how certain they are, and who they come from.

A claim is an event mention (newsloom.analyze.events) with its factuality and source chain:
what the outlet, or a speaker it quotes, asserts happened or will happen. Its span is the
content of the quote that carries the event, else the sentence. A sentence with no event is no
claim, even when it names someone ("Lavrov spoke to reporters on Monday"); quotes stay quotes.

Claim statuses keep the names the stores and pages have always used; an event's `asserted` is
a claim `reported` by its source:

    denied > negated > confirmed > expected > hypothetical > planned > reported
"""

from __future__ import annotations

import bisect

from newsloom.document import Claim, Document, Event, Mention
from newsloom.pipeline import component
from newsloom.settings import Settings

STATUSES = ("expected", "planned", "reported", "confirmed", "denied", "hypothetical", "negated")
STATUS_OF_FACTUALITY = {"asserted": "reported"}  # the rest keep their names


def status_of(event: Event) -> str:
    """The claim status of an event's factuality."""
    return STATUS_OF_FACTUALITY.get(event.factuality, event.factuality)


def claims_of(doc: Document) -> list[Claim]:
    """One claim per event, in text order of the events' triggers."""
    mentions = Mentions(doc.mentions)
    found = []
    for index, event in enumerate(doc.events):
        quote = doc.quotes[event.quote] if event.quote is not None else None
        start, end = (quote.start, quote.end) if quote else event.sentence
        found.append(Claim(start, end, doc.text[start:end], status_of(event), event.chain,
                           event.quote, mentions.inside(start, end), index))  # fmt: skip
    return found


class Mentions:
    """A document's mentions by position, to take those inside a span quickly."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.ordered = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.ordered]

    def inside(self, start: int, end: int) -> list[Mention]:
        found = []
        for mention in self.ordered[bisect.bisect_left(self.starts, start) :]:
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(mention)
        return found


@component("claims", requires=("events",), assigns=("claims",))
class Claims:
    """Pipeline component: a claim for every event the article reports."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        doc.claims = claims_of(doc)
        return doc
