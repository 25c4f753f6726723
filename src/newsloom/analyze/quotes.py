"""Quotes and attribution: who said what, and through whom the reader got it.

Three kinds of quote, found sentence by sentence with the cues of the article's language pack
(`langs/<code>/quotes.toml`):

* direct: content in quotation marks of any style, spoken by whoever a reporting verb next to it
  names ('"…," Lavrov said', '«…», δήλωσε ο Λαβρόφ'); a long quote with no verb near it goes on
  in the voice of the previous speaker;
* indirect: speaker + reporting verb + content ("Lavrov said that …", "…, officials said");
* according_to: "according to X, …", "…, σύμφωνα με τη WSJ".

Every quote carries its chain from the outlet that published the article to the speaker: relays
come from "according to X, a US official confirmed …", "Bloomberg reported, citing …", "Lavrov
told Reuters" and "Tass quoted Lavrov as saying". Pronouns, and verbs with no speaker near them
(Greek and Spanish drop the subject), go to the last speaker of the article. Headlines are not
speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsloom.analyze.phrases import Word, words
from newsloom.document import Document, Mention, Quote, Source, Span
from newsloom.langs import QuoteCues, load_quote_cues
from newsloom.link.gazetteer import gazetteer
from newsloom.normalize import fold
from newsloom.pipeline import component
from newsloom.settings import Settings

# Opening mark -> closing marks. Straight quotes close themselves; „ closes with “ or ”.
QUOTE_MARKS = {"“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’", "‹": "›", "「": "」", "'": "'"}
DIALOGUE_DASH = re.compile(r"^[–—―-]\s+")
SPEAKER_WINDOW = 5  # words between a reporting verb and its speaker, at most
COMPLEMENT_WINDOW = 15  # words between a verb and "that", past "citing …" and "told …"
TAIL_WORDS = 4  # words after a clause-final verb: "…, Lavrov said in a statement."
SHORT_QUOTE = 3  # words: shorter quotes are scare quotes unless a verb attributes them
CONTINUATION_QUOTE = 5  # words: an unattributed quote this long continues the last speaker


@dataclass
class Candidate:
    """Something that can be a speaker: a mention, a pronoun, "officials", "the ministry"."""

    first: int  # word indexes in the sentence
    last: int
    text: str
    mention: Mention | None = None
    anonymous: bool = False
    pronoun: bool = False


@dataclass
class Sentence:
    start: int
    end: int
    words: list[Word]
    keys: list[str]
    candidates: list[Candidate] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)  # character spans in marks

    def word_at(self, offset: int) -> int:
        """Index of the first word starting at or after a character offset."""
        for i, word in enumerate(self.words):
            if word.start >= offset:
                return i
        return len(self.words)

    def inside_quote(self, i: int) -> bool:
        return any(s <= self.words[i].start < e for s, e in self.quoted)


def find_quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of text inside quotation marks within text[start:end], without the marks."""
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        closers = QUOTE_MARKS.get(text[i])
        if closers and _opens(text, i):
            close = _closing(text, i + 1, end, closers)
            if close is not None:
                spans.append((i + 1, close))
                i = close + 1
                continue
        i += 1
    return spans


def _opens(text: str, i: int) -> bool:
    """An ambiguous mark opens a quote only before a letter and after a space or bracket."""
    if text[i] not in "'\"‘":
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _closing(text: str, i: int, end: int, closers: str) -> int | None:
    while i < end:
        ch = text[i]
        if ch == "\n" and text[i + 1 : i + 2] == "\n":
            return None  # quotes do not run past their paragraph
        if ch in closers:
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch not in "'’" or not after.isalpha():  # "don’t" is not a closing mark
                return i
        i += 1
    return None


class Attributor:
    """Finds the quotes of one language; build once per language and reuse."""

    def __init__(self, language: str) -> None:
        self.cues: QuoteCues = load_quote_cues(language)
        self.cue = self.cues.attribution

    def quotes(self, doc: Document) -> list[Quote]:
        publisher = Source(doc.outlet, "publisher", entity_id=_outlet_id(doc.outlet))
        sentences = [self._sentence(doc, s) for s in doc.sentences if s.start >= doc.body_start]
        found: list[Quote] = []
        last: list[Source] = []  # the last speaker, for pronouns and continued quotes
        for sentence in sentences:
            for quote in self._sentence_quotes(doc, sentence, publisher, last):
                found.append(quote)
                last[:] = [quote.speaker]
        return found

    # -- one sentence ---------------------------------------------------------------------

    def _sentence(self, doc: Document, span: Span) -> Sentence:
        sentence_words = words(doc.text, span.start, span.end)
        sentence = Sentence(span.start, span.end, sentence_words, [w.key for w in sentence_words])
        sentence.quoted = find_quoted(doc.text, span.start, span.end)
        sentence.candidates = self._candidates(doc, sentence)
        return sentence

    def _candidates(self, doc: Document, sentence: Sentence) -> list[Candidate]:
        found: list[Candidate] = []
        taken: set[int] = set()
        longest_first = sorted(doc.mentions, key=lambda m: (m.start, m.start - m.end))
        for mention in longest_first:
            if mention.end <= sentence.start or mention.start >= sentence.end:
                continue
            if mention.role == "demonym" or mention.type == "MISC":
                continue
            first = sentence.word_at(mention.start)
            last = max(first, sentence.word_at(mention.end) - 1)
            if first in taken:  # "US" inside "US official"
                continue
            found.append(Candidate(first, last, mention.text, mention, mention.anonymous))
            taken.update(range(first, last + 1))
        for key, anonymous, pronoun in (
            ("anonymous_speakers", True, False),
            ("institutions", False, False),
            ("pronouns", False, True),
        ):
            for first, stop in self.cue[key].find(sentence.keys):
                if taken.intersection(range(first, stop)):
                    continue
                text = doc.text[sentence.words[first].start : sentence.words[stop - 1].end]
                found.append(Candidate(first, stop - 1, text, None, anonymous, pronoun))
                taken.update(range(first, stop))
        return sorted(found, key=lambda c: c.first)

    def _sentence_quotes(
        self, doc: Document, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> list[Quote]:
        found = self._direct(doc, sentence, publisher, last)
        direct_spans = [(q.start, q.end) for q in found]
        for quote in self._reported(doc, sentence, publisher, last):
            if not _mostly_inside(quote, direct_spans):
                found.append(quote)
        return sorted(found, key=lambda q: q.start)

    def _direct(
        self, doc: Document, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> list[Quote]:
        spans = list(sentence.quoted)
        dash = DIALOGUE_DASH.match(doc.text[sentence.start : sentence.end])
        if dash and not spans:  # "– Δεν θα υποχωρήσουμε, δήλωσε ο υπουργός."
            spans = [self._dialogue_span(doc.text, sentence, sentence.start + dash.end())]
        found = []
        for start, end in spans:
            end = _trim(doc.text, start, end)
            size = len(words(doc.text, start, end))
            whole = end - start > 0.7 * (sentence.end - sentence.start)
            verb = self._verb_near(sentence, start, end)
            chain = self._chain(doc, sentence, verb, publisher, last) if verb else None
            if chain is None:
                chain = self._colon_speaker(doc, sentence, start, publisher, last)
            if chain is None and (size >= CONTINUATION_QUOTE or whole) and last:
                chain = [publisher, last[0]]  # the previous speaker goes on
            if chain is None or (size < SHORT_QUOTE and verb is None):
                continue
            cue = _cue_text(doc, sentence, verb) if verb else ""
            found.append(Quote(start, end, doc.text[start:end], "direct", cue, chain))
            last[:] = [chain[-1]]
        return found

    def _verb_near(self, sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
        """The reporting verb nearest a quotation, outside every quotation in the sentence."""
        opening, closing = sentence.word_at(start), sentence.word_at(end)
        verbs = [
            (min(abs(v[0] - opening), abs(v[0] - closing)), v)
            for v in self.cue["reporting_verbs"].find(sentence.keys)
            if not sentence.inside_quote(v[0])
        ]
        near = [(distance, v) for distance, v in verbs if distance <= 2 * SPEAKER_WINDOW]
        return min(near)[1] if near else None

    def _colon_speaker(
        self, doc: Document, sentence: Sentence, start: int, publisher: Source, last: list[Source]
    ) -> list[Source] | None:
        """'Lavrov: "…"' names the speaker without a verb."""
        if not doc.text[sentence.start : start].rstrip(" «“\"„'‘").endswith(":"):
            return None
        speaker = self._candidate_before(sentence, sentence.word_at(start), within=2)
        return [publisher, self._source(speaker, last)] if speaker else None

    def _dialogue_span(self, text: str, sentence: Sentence, start: int) -> tuple[int, int]:
        """A dialogue line's speech runs to the dash that introduces the reporting verb."""
        for match in re.finditer(r"\s[–—―]\s", text[start : sentence.end]):
            keys = [w.key for w in words(text, start + match.end(), sentence.end)[:3]]
            if keys and self.cue["reporting_verbs"].match_at(keys, 0):
                return start, start + match.start()
        return start, sentence.end

    def _reported(
        self, doc: Document, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> list[Quote]:
        """Indirect speech and "according to" in a sentence."""
        according = self._according_to(doc, sentence, publisher)
        if according:
            quote, first, stop = according
            relays = [_relay(quote.speaker)]
            inner = self._indirect(doc, sentence, publisher, relays, [], first, stop)
            return inner or [quote]
        return self._indirect(doc, sentence, publisher, [], last, 0, len(sentence.words))

    def _according_to(
        self, doc: Document, sentence: Sentence, publisher: Source
    ) -> tuple[Quote, int, int] | None:
        """'according to X, content' or 'content, according to X'; with the content's words."""
        matches = [m for m in self.cue["according_to"].find(sentence.keys)
                   if not sentence.inside_quote(m[0])]  # fmt: skip
        if not matches:
            return None
        cue_first, cue_stop = matches[0]
        source = self._candidate_after(sentence, cue_stop - 1, within=3)
        source_stop = source.last + 1 if source else _clause_end(doc, sentence, cue_stop)
        if source_stop <= cue_stop:
            return None
        if source is None:  # "according to the report": a short phrase without figures
            text = doc.text[sentence.words[cue_stop].start : sentence.words[source_stop - 1].end]
            if source_stop - cue_stop > 4 or any(ch.isdigit() for ch in text):
                return None
            source = Candidate(cue_stop, source_stop - 1, text)
        if cue_first <= 1:  # the cue opens the sentence: the content follows the source
            first, stop = _clause_end(doc, sentence, source_stop), len(sentence.words)
        else:
            first, stop = 0, cue_first
        if stop - first < SHORT_QUOTE:
            return None
        start, end = _char_span(doc, sentence, first, stop)
        cue = doc.text[sentence.words[cue_first].start : sentence.words[cue_stop - 1].end]
        chain = _dedupe([publisher, self._source(source, [])])
        return Quote(start, end, doc.text[start:end], "according_to", cue, chain), first, stop

    def _indirect(
        self, doc: Document, sentence: Sentence, publisher: Source, relays: list[Source],
        last: list[Source], first: int, stop: int, depth: int = 0,
    ) -> list[Quote]:  # fmt: skip
        """Speaker + reporting verb + content, within words [first, stop) of the sentence.

        A verb that ends its clause ("…, Bloomberg reported") is tried first, and the content
        of a quote is searched again for a quote inside it ("…, citing officials who said …"),
        so the chain grows one relay per level."""
        verbs = [
            verb for verb in self.cue["reporting_verbs"].find(sentence.keys, first, stop)
            if not sentence.inside_quote(verb[0])
        ]  # fmt: skip
        verbs.sort(key=lambda verb: stop - self._after_verb(sentence, verb, stop) > TAIL_WORDS)
        for verb in verbs:
            chain = self._chain(doc, sentence, verb, publisher, last, relays)
            content = self._content(doc, sentence, verb, first, stop) if chain else None
            if chain is None or content is None:
                continue
            if depth < 2:
                deeper = [*chain[1:-1], _relay(chain[-1])]
                inner = self._indirect(doc, sentence, publisher, deeper, [], *content, depth + 1)
                if inner:
                    return inner
            start, end = _char_span(doc, sentence, *content)
            cue = _cue_text(doc, sentence, verb)
            return [Quote(start, end, doc.text[start:end], "indirect", cue, chain)]
        return []

    def _after_verb(self, sentence: Sentence, verb: tuple[int, int], stop: int) -> int:
        """Where the content after a verb starts: past "that", the speaker, "told Reuters"."""
        for i in range(verb[1], min(stop, verb[1] + COMPLEMENT_WINDOW)):
            if self.cue["complementizers"].match_at(sentence.keys, i):
                return i + 1
        after = verb[1]
        speaker = self._speaker(sentence, verb)
        if speaker and speaker.first >= verb[1]:
            after = speaker.last + 1
        relay = self._relay_after(sentence, verb)
        return max(after, relay.last + 1) if relay else after

    def _content(
        self, doc: Document, sentence: Sentence, verb: tuple[int, int], first: int, stop: int
    ) -> tuple[int, int] | None:
        """Words of what follows the verb ("said (that) …") or, when the verb ends the clause,
        of what precedes it ("…, Lavrov said in a statement.")."""
        after = self._after_verb(sentence, verb, stop)
        speaker = self._speaker(sentence, verb)
        group = min(verb[0], speaker.first) if speaker else verb[0]
        comma = doc.text.rfind(",", sentence.words[first].start, sentence.words[group].start)
        if comma >= 0 and stop - after <= TAIL_WORDS:
            before = sentence.word_at(comma)
            return (first, before) if before - first >= SHORT_QUOTE else None
        return (after, stop) if stop - after >= SHORT_QUOTE else None

    # -- speakers and chains ------------------------------------------------------------------

    def _speaker(self, sentence: Sentence, verb: tuple[int, int]) -> Candidate | None:
        """The subject before the verb, or after it in inverted order ('", said Lavrov')."""
        before = self._candidate_before(sentence, verb[0], within=SPEAKER_WINDOW)
        after = self._candidate_after(sentence, verb[1] - 1, within=SPEAKER_WINDOW)
        if after is self._relay_after(sentence, verb):  # "told Reuters": Reuters relays
            after = None
        if after and not after.pronoun and (before is None or _is_inverted(sentence, verb)):
            return after
        return before

    def _chain(
        self, doc: Document, sentence: Sentence, verb: tuple[int, int], publisher: Source,
        last: list[Source], relays: list[Source] | None = None,
    ) -> list[Source] | None:  # fmt: skip
        """The chain for a reporting verb: publisher, relays, speaker; None without a speaker."""
        chain = [publisher, *(relays or [])]
        relay_verb = self._relay_verb(sentence, verb)
        if relay_verb:  # "Tass quoted Lavrov as saying"
            relay, speaker = relay_verb
            return _dedupe([*chain, _relay(self._source(relay, last)), self._source(speaker, last)])
        speaker = self._speaker(sentence, verb)
        if speaker is None and not (last and _is_inverted(sentence, verb)):
            return None  # only a verb that opens its clause may have a dropped subject
        speaker_source = self._source(speaker, last) if speaker else last[0]
        relay = self._relay_after(sentence, verb)
        if relay:  # "Lavrov told Reuters"
            chain.append(_relay(self._source(relay, last)))
        cited = self._cited(sentence, verb)
        if cited:  # "Bloomberg reported, citing people familiar with the matter"
            chain.append(_relay(speaker_source))
            speaker_source = self._source(cited, last)
        return _dedupe([*chain, speaker_source])

    def _source(self, candidate: Candidate, last: list[Source]) -> Source:
        if candidate.pronoun and last:
            return Source(last[0].text, "speaker", last[0].mention, last[0].anonymous)
        return Source(candidate.text, "speaker", candidate.mention, candidate.anonymous)

    def _candidate_before(self, sentence: Sentence, i: int, within: int) -> Candidate | None:
        """The nearest candidate ending before word i; a place only when nothing else is near
        ("Iran's mission in New York said": the mission speaks, "Tehran denied": Tehran)."""
        near = [
            c for c in sentence.candidates
            if c.last < i and i - c.last <= within
            and not any(sentence.inside_quote(k) for k in range(c.last, i))
        ]  # fmt: skip
        speakers = [c for c in near if not (c.mention and c.mention.type == "LOC")] or near
        return speakers[-1] if speakers else None

    def _candidate_after(self, sentence: Sentence, i: int, within: int) -> Candidate | None:
        for candidate in sentence.candidates:
            if i < candidate.first <= i + within and not sentence.inside_quote(candidate.first):
                return candidate
        return None

    def _relay_after(self, sentence: Sentence, verb: tuple[int, int]) -> Candidate | None:
        """The outlet in "told Reuters", "in an interview with Bloomberg"."""
        for i in range(verb[0], min(len(sentence.keys), verb[1] + SPEAKER_WINDOW)):
            length = self.cue["relay_to"].match_at(sentence.keys, i)
            if length:
                outlet = self._candidate_after(sentence, i + length - 1, within=3)
                if outlet and outlet.mention and outlet.mention.type == "ORG":
                    return outlet
        return None

    def _relay_verb(
        self, sentence: Sentence, verb: tuple[int, int]
    ) -> tuple[Candidate, Candidate] | None:
        """(relay, speaker) in "Tass quoted Lavrov as saying", where the verb is "saying"."""
        for first, stop in self.cue["relay_verbs"].find(sentence.keys):
            if not first < verb[0] <= stop + 2 * SPEAKER_WINDOW:
                continue
            relay = self._candidate_before(sentence, first, within=SPEAKER_WINDOW)
            speaker = self._candidate_after(sentence, stop - 1, within=SPEAKER_WINDOW)
            if relay and speaker:
                return relay, speaker
        return None

    def _cited(self, sentence: Sentence, verb: tuple[int, int]) -> Candidate | None:
        """The source after "citing" that follows a verb."""
        for first, stop in self.cue["citing"].find(sentence.keys):
            if verb[1] <= first <= verb[1] + SPEAKER_WINDOW:
                return self._candidate_after(sentence, stop - 1, within=3)
        return None


def _is_inverted(sentence: Sentence, verb: tuple[int, int]) -> bool:
    """'"…," said Lavrov' or '«…», δήλωσε ο Λαβρόφ': the verb opens its clause."""
    if verb[0] == 0:
        return True
    previous = sentence.words[verb[0] - 1]
    gap = sentence.words[verb[0]].start - previous.end
    return gap > 1 or sentence.inside_quote(verb[0] - 1)


def _relay(source: Source) -> Source:
    return Source(source.text, "relay", source.mention, source.anonymous, source.entity_id)


def _dedupe(chain: list[Source]) -> list[Source]:
    """Drop a link that repeats the one before it ("Lavrov told Reuters" in Reuters)."""
    kept: list[Source] = []
    for source in chain:
        if kept and _same_source(kept[-1], source):
            continue
        kept.append(source)
    if kept[-1].role != "speaker":  # "Reuters reported" in Reuters: the publisher speaks
        end = kept[-1]
        kept.append(Source(end.text, "speaker", end.mention, end.anonymous, end.entity_id))
    return kept


def _same_source(a: Source, b: Source) -> bool:
    if not a.text or not b.text:
        return False
    if fold(a.text) == fold(b.text):
        return True
    a_id = a.mention.entity_id if a.mention else None
    a_id = a_id or a.entity_id or _outlet_id(a.text)
    b_id = b.entity_id or _outlet_id(b.text)
    return a_id is not None and a_id == b_id


def _outlet_id(name: str | None) -> str | None:
    """The curated organisation an outlet name refers to, if any."""
    if not name:
        return None
    for entry in gazetteer().lookup(name):
        if entry.type == "ORG":
            return entry.id
    return None


def _clause_end(doc: Document, sentence: Sentence, i: int) -> int:
    """Index of the first word after the next comma (or the sentence end) after word i - 1."""
    if i >= len(sentence.words):
        return len(sentence.words)
    comma = doc.text.find(",", sentence.words[i - 1].end if i else sentence.start, sentence.end)
    return len(sentence.words) if comma < 0 else sentence.word_at(comma)


def _char_span(doc: Document, sentence: Sentence, first: int, stop: int) -> tuple[int, int]:
    """Characters of words [first, stop), with quotation marks that hug them."""
    start = sentence.words[first].start
    end = sentence.words[stop - 1].end
    while start > sentence.start and doc.text[start - 1] in "«“\"„'‘":
        start -= 1
    while end < sentence.end and doc.text[end] in "»”\"“'’":
        end += 1
    return start, end


def _cue_text(doc: Document, sentence: Sentence, verb: tuple[int, int]) -> str:
    return doc.text[sentence.words[verb[0]].start : sentence.words[verb[1] - 1].end]


def _trim(text: str, start: int, end: int) -> int:
    """End of a quotation without the comma or colon that belongs to the sentence around it."""
    while end > start and text[end - 1] in ",;: ":
        end -= 1
    return end


def _mostly_inside(quote: Quote, spans: list[tuple[int, int]]) -> bool:
    size = max(1, quote.end - quote.start)
    return any(min(quote.end, e) - max(quote.start, s) > size * 2 / 3 for s, e in spans)


@component("quotes", requires=("sentences", "mentions"), assigns=("quotes",))
class QuoteFinder:
    """Pipeline component: direct, indirect and "according to" quotes with their chains."""

    def __init__(self, settings: Settings) -> None:
        self._attributors: dict[str, Attributor] = {}

    def __call__(self, doc: Document) -> Document:
        language = doc.language if doc.language != "und" else "en"
        if language not in self._attributors:
            self._attributors[language] = Attributor(language)
        doc.quotes = self._attributors[language].quotes(doc)
        return doc
