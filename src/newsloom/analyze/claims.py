"""Claims: the propositions an article reports, how certain they are, and who they come from.

Every quote's content is a claim of its speaker; every other body sentence that names an
entity, or that carries a status cue ("Polls are expected to open at 7 a.m."), is a claim of
the outlet. The status comes from the cue lexicons of the language pack (`[status]` in
`langs/<code>/quotes.toml`), checked from the strongest signal down:

    denied > confirmed > negated > expected > hypothetical > planned > reported

A denial or confirmation right after a negation ("did not confirm") is `negated`; a possibility
with a time that is near ("could begin within days") is `expected`; a claim with no cue is
`reported`.
"""

from __future__ import annotations

import bisect
from functools import cache

from newsloom.analyze.phrases import PhraseTable, keys
from newsloom.document import Claim, Document, Mention, Quote, Source
from newsloom.langs import load_quote_cues
from newsloom.pipeline import component
from newsloom.settings import Settings

STATUSES = ("expected", "planned", "reported", "confirmed", "denied", "hypothetical", "negated")
NEGATION_REACH = 2  # words between a negation and the cue it turns round
CUE_CONTEXT = 3  # words before a quote's cue that count for its status ("did not confirm")
CUE_CONTEXT_CHARS = 80  # where to look for those words


def status_of(folded: list[str], cues: PhraseTable) -> str:
    """The status of a claim from its folded words, with a language's status cue table."""
    found = cues.find(folded)
    negations = [first for first, _ in found["negation"]]
    for strong in ("denied", "confirmed"):
        for first, _ in found[strong]:
            if any(0 < first - n <= NEGATION_REACH for n in negations):
                return "negated"
        if found[strong]:
            return strong
    if negations:
        return "negated"
    if found["expected"]:
        return "expected"
    if found["hypothetical"]:
        return "expected" if found["soon"] else "hypothetical"
    if found["planned"]:
        return "planned"
    return "reported"


class ClaimFinder:
    """Claims of one language; build once per language and reuse."""

    def __init__(self, language: str) -> None:
        self.cues = PhraseTable(load_quote_cues(language).status)

    def claims(self, doc: Document) -> list[Claim]:
        mentions = Mentions(doc.mentions)
        found = [self._from_quote(doc, i, q, mentions) for i, q in enumerate(doc.quotes)]
        publisher = doc.quotes[0].chain[0] if doc.quotes else Source(doc.outlet, "publisher")
        attributed = [(q.start, q.end) for q in doc.quotes]
        for sentence in doc.sentences:
            if sentence.start < doc.body_start or _overlaps(sentence, attributed):
                continue
            start, end = sentence.start, sentence.end
            named = mentions.inside(start, end)
            status = status_of(keys(doc.text, start, end), self.cues)
            if status == "reported" and not any(m.entity_id or m.role == "demonym" for m in named):
                continue  # a sentence is a claim when it names someone or is not a plain report
            found.append(Claim(start, end, doc.text[start:end], status, [publisher], None, named))
        return sorted(found, key=lambda claim: claim.start)

    def _from_quote(self, doc: Document, index: int, quote: Quote, mentions: Mentions) -> Claim:
        cue = self._cue_words(doc, quote)
        status = status_of(cue + keys(doc.text, quote.start, quote.end), self.cues)
        named = mentions.inside(quote.start, quote.end)
        return Claim(quote.start, quote.end, quote.content, status, quote.chain, index, named)

    def _cue_words(self, doc: Document, quote: Quote) -> list[str]:
        """The reporting verb and the few words before it: "did not confirm", "denied"."""
        if quote.cue_span is None:
            return []
        cue_start, cue_end = quote.cue_span
        sentence = next((s for s in doc.sentences if s.start <= cue_start < s.end), None)
        if sentence is None:
            return []
        size = len(keys(doc.text, cue_start, cue_end)) + CUE_CONTEXT
        since = max(sentence.start, cue_start - CUE_CONTEXT_CHARS)
        return keys(doc.text, since, cue_end)[-size:]


def _overlaps(span, spans: list[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in spans)


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


@component("claims", requires=("quotes",), assigns=("claims",))
class Claims:
    """Pipeline component: claims from quotes and from the outlet's own sentences."""

    def __init__(self, settings: Settings) -> None:
        self.finders = cache(ClaimFinder)  # one per language

    def __call__(self, doc: Document) -> Document:
        doc.claims = self.finders(doc.pack_language).claims(doc)
        return doc
