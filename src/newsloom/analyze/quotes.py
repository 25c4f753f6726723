"""Quotes and attribution: who said what, and through whom the reader got it.

Three kinds of quote, found sentence by sentence with the cues of the article's language pack
(`langs/<code>/quotes.toml`):

* direct: content in quotation marks of any style, spoken by whoever a reporting verb next to it
  names ('"…," Lavrov said', '«…», δήλωσε ο Λαβρόφ'); a long quote with no verb near it goes on
  in the voice of the previous speaker. A quotation that runs over several sentences is read
  with all of them;
* indirect: speaker + reporting verb + content ("Lavrov said that …", "…, officials said");
* according_to: "according to X, …", "…, σύμφωνα με τη WSJ".

Every quote carries its chain from the outlet that published the article to the speaker: relays
come from "according to X, a US official confirmed …", "according to X, which cited …",
"Bloomberg reported, citing …", "Lavrov told Reuters" and "Tass quoted Lavrov as saying".
Pronouns, and verbs with no speaker near them (Greek and Spanish drop the subject), go to the
last speaker of the article. Headlines are not speech.

The speaker of a verb is its subject: the nearest candidate (a mention, "officials", "the
ministry", a role noun phrase, a pronoun, a capitalised word) in the verb's own clause before
it, with a name joined to it by "and" ("Lavrov and Peskov said"); for a verb that opens its
clause, the head of an apposition before it ("Sergei Lavrov, Russia's foreign minister, said");
failing those, the one after the verb ('", said Lavrov', '…, μετέδωσε το Bloomberg', "it was
said by …"). A relative clause ("…, who spoke on condition of anonymity") never names anyone.

A definite role noun phrase ("the Russian minister", "Russia's top diplomat", "the Kremlin
spokesman") is the last person named before it with a compatible role and nationality, or,
when none was, the first one named in the sentences that follow; only a role nobody in the
article fits stays anonymous.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cache

from newsloom.analyze.phrases import Match, PhraseTable, Word, words
from newsloom.document import Document, Mention, Quote, Source
from newsloom.langs import load_entity_cues, load_pack, load_quote_cues
from newsloom.link.gazetteer import gazetteer
from newsloom.normalize import fold
from newsloom.pipeline import component
from newsloom.settings import Settings

# Opening mark -> closing marks. Straight quotes close themselves; „ closes with “ or ”;
# German also quotes »like this«.
QUOTE_MARKS = {"“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’", "‹": "›", "「": "」", "'": "'",
               "»": "«", "›": "‹"}  # fmt: skip
QUOTE_MARK = re.compile("[" + re.escape("".join(QUOTE_MARKS)) + "]")
OPENING = "«“\"„'‘»‹"
CLOSING = "»”\"“'’«›"
# A comma, colon, dash or closing quotation mark (not an apostrophe: "Russia’s") ends a clause.
CLAUSE_BREAK = re.compile(r"[,;:–—]|[»”\"“«›]|['’](?![^\W\d_])")
DIALOGUE_DASH = re.compile(r"[–—―-]\s+")  # at the start of a sentence (used with match)
# "WALLACE: Let's start with …": an interview transcript's speaker label opens a paragraph
TRANSCRIPT_LABEL = re.compile(
    r"[\"“„«]?((?:[^\W\d_]\.? ?)?[^\W\d_a-zα-ωа-я][^\W\d_a-zα-ωа-я'’-]+):\s+"
)
DASH_SIGNATURE = re.compile(r"[»”\"“'’›]?\s*[―—–]\s*(?=[^\W\d_])")  # '” ― Carla Sanchez'
DATELINE_DASH = re.compile(r"\s[-–—]\s+")
# "Caracas, 14 de febrero de 2025 (EFE).- ": an agency's name in brackets, then a dash.
DATELINE_AGENCY = re.compile(
    r"[^\n]{0,50}?\((?:[A-ZΑ-ΩА-Я\u0600-\u06FF][\w-]{1,20} ?){1,3}\)\s*\.?\s*[-–—]+\s*"
)  # Arabic and Persian have no capitals: "القدس (رويترز) - "
# "LE CAIRE, 3 mars": a place in capitals before the dateline's first comma.
DATELINE_PLACE = re.compile(r"[^\W\d_][^\W\d_' -]*[^\W\d_]\s*(?=,)")
DATELINE_LENGTH = 60  # characters before the dash: "MOSCOW, Sept 10 (Reuters) - "
SPEAKER_WINDOW = 5  # words between a reporting verb and its speaker, at most
APPOSITION_WORDS = 8  # "Shoigu, secretary of Russia's Security Council, said"
COMPLEMENT_WINDOW = 15  # words between a verb and "that", past "citing …" and "told …"
TAIL_WORDS = 4  # words after a clause-final verb: "…, Lavrov said in a statement."
SHORT_QUOTE = 3  # words: shorter quotes are scare quotes unless a verb attributes them
SHORT_CONTENT = 2  # words after a verb, at least: "announced his resignation"
CONTINUATION_QUOTE = 5  # words: an unattributed quote this long continues the last speaker
CONNECTOR_LENGTH = 3  # "US and European officials": short words that join names
MAX_UNIT_CHARS = 2000  # a sentence (or quotation) longer than this is read in pieces
ROLE_WORDS = 4  # longest role phrase: "ministre des Affaires étrangères"
ROLE_NP_WORDS = 3  # words between a determiner and its role noun: "the former Russian minister"
NATIONALITY_REACH = 40  # characters between "Russian" or "Kremlin" and the name it qualifies
CATAPHORA_SENTENCES = 3  # sentences after a role phrase searched for the person it announces
AGENT_WORDS = 4  # "par la protection civile"
AFTER_WORDS = 3  # words between a verb and an unnamed speaker after it: "said a senior official"
SUBJECT_WORDS = 6  # "Three-quarters of Republican primary voters said"
SOURCE_PHRASE_WORDS = 8  # "according to the Institute of Earth Physics in Paris, …"
# "According to early results of exit polls conducted for The Associated Press, …"
OPENING_SOURCE_WORDS = 20


@dataclass
class Candidate:
    """Something that can be a speaker: a mention, a pronoun, "officials", "the ministry"."""

    first: int  # word indexes in the sentence
    last: int
    text: str
    mention: Mention | None = None
    anonymous: bool = False
    pronoun: bool = False
    span: tuple[int, int] | None = None  # characters
    definite: bool = False  # "the Russian minister", "Russia's top diplomat"

    @property
    def is_place(self) -> bool:
        return self.mention is not None and self.mention.type == "LOC"


@dataclass
class Sentence:
    """A sentence, or several when a quotation runs across them, with its words."""

    text: str  # the whole article text; the sentence is text[start:end]
    start: int
    end: int
    words: list[Word]
    keys: list[str]
    quoted: list[tuple[int, int]]  # character spans inside quotation marks
    cues: dict[str, list[Match]]  # matches of each cue list of the language
    people: People
    candidates: list[Candidate] = field(default_factory=list)
    speakers: dict[Match, Candidate | None] = field(default_factory=dict)  # by verb, once found
    starts: list[int] = field(init=False)  # where each word starts
    clauses: list[int] = field(init=False)  # words that open a clause, ascending

    def __post_init__(self) -> None:
        self.starts = [word.start for word in self.words]
        self.clauses = sorted({0} | {self.word_at(m.start()) for m in CLAUSE_BREAK.finditer(
            self.text, self.start, self.end) if not self.inside_offset(m.start())})  # fmt: skip

    def at(self, cue: str, i: int) -> int:
        """Length in words of the `cue` phrase starting at word i, or 0."""
        for first, stop in self.cues[cue]:
            if first >= i:
                return stop - first if first == i else 0
        return 0

    def within(self, cue: str, first: int, stop: int) -> list[Match]:
        return [m for m in self.cues[cue] if first <= m[0] and m[1] <= stop]

    def word_at(self, offset: int) -> int:
        """Index of the first word starting at or after a character offset."""
        return bisect.bisect_left(self.starts, offset)

    def inside_quote(self, i: int) -> bool:
        return self.inside_offset(self.words[i].start)

    def inside_offset(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.quoted)

    def span(self, first: int, stop: int) -> tuple[int, int]:
        """Characters of words [first, stop)."""
        return self.words[first].start, self.words[stop - 1].end

    def clause_start(self, i: int) -> int:
        """First word of the clause that word i is in: after the last comma or quotation."""
        return self.clauses[bisect.bisect_right(self.clauses, i) - 1]


@dataclass
class Person:
    """A named person of the article with the roles and nationality the article gives them."""

    mention: Mention
    roles: frozenset[str]  # English role labels: "foreign minister"
    country: str | None


class People:
    """The people an article names, to find the one a role noun phrase refers to."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.sentence_starts = [s.start for s in doc.sentences]
        # where a place or organisation opens a phrase: "Russia's top diplomat" is definite
        self.place_starts = {m.start for m in doc.mentions if m.type in ("LOC", "ORG")}
        # mentions that give a nationality: "Russian", "Kremlin", "Iran"
        self.qualifiers = [m for m in doc.mentions if m.country and m.type != "PER"]
        known: dict[str, tuple[set[str], str | None]] = {}  # name -> roles and country
        named = []
        previous: Mention | None = None
        for mention in sorted(doc.mentions, key=lambda m: m.start):
            if mention.type == "PER" and not mention.anonymous:
                roles, country = known.setdefault(_person_key(mention), (set(), None))
                if mention.role:
                    roles.add(mention.role)
                country = mention.country or country or _qualifier(doc.text, previous, mention)
                known[_person_key(mention)] = (roles, country)
                named.append(mention)
            previous = mention
        self.people = [
            Person(m, frozenset(known[_person_key(m)][0]), known[_person_key(m)][1]) for m in named
        ]

    def named(self, label: str) -> Person | None:
        """The person whose surname a transcript label is ("WALLACE", "Mr. PENCE")."""
        surname = fold(label.split()[-1].strip(".'’"))
        return next((p for p in self.people
                     if fold((p.mention.name or p.mention.text).split()[-1]) == surname), None)  # fmt: skip

    def referent(self, start: int, role: str, country: str | None) -> Person | None:
        """The person a role phrase at `start` stands for: the last one before it whose role
        fits, else the first one after it, within a few sentences; a person whose role the
        article does not give fits when nobody's given role does."""
        sentence = bisect.bisect_right(self.sentence_starts, start)
        starts = [*self.sentence_starts, len(self.text)]
        since, limit = (
            starts[sentence],
            starts[min(sentence + CATAPHORA_SENTENCES, len(starts) - 1)],
        )
        before = [p for p in reversed(self.people) if p.mention.end <= start]
        # after: not in the phrase's own sentence, where a name is the object of its verb
        after = [p for p in self.people if since <= p.mention.start < limit]
        fitting = [p for p in (*before, *after) if _fits(p, role, country)]
        if fitting:
            return fitting[0]
        unknown = [p for p in (*before, *after) if not p.roles and _same_country(p, country)]
        return unknown[0] if unknown else None


def _person_key(mention: Mention) -> str:
    return fold(mention.name or mention.text)


def _qualifier(text: str, previous: Mention | None, person: Mention) -> str | None:
    """The country of "Russian" or "Kremlin" right before a name ("Russian Foreign Minister
    Sergei Lavrov", "Kremlin spokesman Dmitry Peskov")."""
    if previous is None or previous.country is None or previous.type == "PER":
        return None
    between = text[previous.end : person.start]
    near = len(between) <= NATIONALITY_REACH and not any(ch in between for ch in ",.;:()")
    return previous.country if near else None


def _fits(person: Person, role: str, country: str | None) -> bool:
    """ "minister" fits a foreign minister, and a foreign minister fits "the minister"."""
    words = set(role.split())
    roles_fit = any(words <= set(r.split()) or set(r.split()) <= words for r in person.roles)
    return roles_fit and _same_country(person, country)


def _same_country(person: Person, country: str | None) -> bool:
    return country is None or person.country is None or person.country == country


def find_quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of text inside quotation marks within text[start:end], without the marks."""
    spans: list[tuple[int, int]] = []
    end = min(end, len(text))
    resume = start
    for mark in QUOTE_MARK.finditer(text, start, end):
        i = mark.start()
        if i < resume or not _opens(text, i):
            continue
        close = _closing(text, i + 1, end, QUOTE_MARKS[text[i]])
        if close is not None:
            spans.append((i + 1, close))
            resume = close + 1
    return spans


def _opens(text: str, i: int) -> bool:
    """An ambiguous mark opens a quote only before a letter and after a space or bracket."""
    if text[i] not in "'\"‘»›":
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _closing(text: str, i: int, end: int, closers: str) -> int | None:
    while i < end:
        ch = text[i]
        if ch in closers:
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch not in "'’" or not after.isalpha():  # "don’t" is not a closing mark
                return i
        i += 1
    return None


def units(
    text: str, sentences: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences, joined where a quotation runs from one into the next; a unit longer than
    MAX_UNIT_CHARS (a scrape without full stops) is cut at clause breaks, so the work per
    unit stays bounded."""
    joined: list[tuple[int, int]] = []
    for start, end in sentences:
        if joined and any(s < joined[-1][1] < e for s, e in quoted):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return [piece for start, end in joined for piece in _pieces(text, start, end)]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_UNIT_CHARS:
        limit = start + MAX_UNIT_CHARS
        cut = max(text.rfind(mark, start, limit) for mark in ",;:")
        cut = cut + 1 if cut > start + MAX_UNIT_CHARS // 2 else text.rfind(" ", start, limit) + 1
        if cut <= start:
            cut = limit
        pieces.append((start, cut))
        start = cut
    return [*pieces, (start, end)]


class Attributor:
    """Finds the quotes of one language; build once per language and reuse."""

    def __init__(self, language: str) -> None:
        quote_cues = load_quote_cues(language)
        cues = quote_cues.attribution
        # "quoted", "zitierte", "μετέδωσε" introduce speech too, through a relay
        verbs = cues["reporting_verbs"] + cues["relay_verbs"]
        # role phrases (folded) -> English label: the entity pack's titles and the quote pack's
        # role nouns ("top diplomat")
        entity_cues = load_entity_cues(language)
        self.roles = entity_cues.person_roles | quote_cues.roles
        self.not_names = entity_cues.not_names  # "Friday", "In": capitalised, never a name
        self.capitalises_nouns = load_pack(language).capitalises_nouns
        self.table = PhraseTable(cues | {"verbs": verbs, "roles": tuple(self.roles)})

    def quotes(self, doc: Document) -> list[Quote]:
        publisher = Source(doc.outlet, "publisher", entity_id=_outlet_id(doc.outlet))
        quoted = [q for p in doc.paragraphs for q in find_quoted(doc.text, p.start, p.end)]
        body = [(s.start, s.end) for s in doc.sentences if s.start >= doc.body_start]
        found: list[Quote] = []
        last: list[Source] = []  # the last speaker, for pronouns and continued quotes
        people = People(doc)
        found.extend(self._transcript(doc, publisher, people))
        for start, end in units(doc.text, body, quoted):
            sentence = self._sentence(doc, start, end, quoted, people)
            if sentence is None:
                continue
            if not last:  # "she said" before any quote: the person last named
                last = _last_person(doc, start) or self._opening_name(doc, start)
            for quote in self._sentence_quotes(doc, sentence, publisher, last):
                found.append(quote)
                last[:] = [quote.speaker]
        return sorted(found, key=lambda q: q.start)

    def _transcript(self, doc: Document, publisher: Source, people: People) -> list[Quote]:
        """ "WALLACE: …" paragraphs of an interview transcript, each the speech of the person
        the label names; a label that names no one in the article ("VIDEO:") is a heading."""
        found = []
        for paragraph in doc.paragraphs:
            label = TRANSCRIPT_LABEL.match(doc.text, paragraph.start, paragraph.end)
            if paragraph.start < doc.body_start or label is None:
                continue
            person = people.named(label.group(1))
            start, end = _trim(doc.text, label.end(), paragraph.end)
            if person is None or end - start < SHORT_QUOTE:
                continue
            name = person.mention.name or person.mention.text
            speaker = Source(name, "speaker", person.mention, span=label.span(1))
            colon = (label.end(1), label.end(1) + 1)
            found.append(Quote(start, end, doc.text[start:end], "direct", ":",
                               [publisher, speaker], colon))  # fmt: skip
        return found

    def _opening_name(self, doc: Document, before: int) -> list[Source]:
        """ "Lavrov se reunió con … . Dijo que …": the capitalised word that opens the sentence
        before, followed by a lower-case one, when the recogniser named nobody there (not in
        a language that capitalises every noun)."""
        previous = [s for s in doc.sentences if doc.body_start <= s.start and s.end <= before]
        if not previous or self.capitalises_nouns:
            return []
        opening = words(doc.text, previous[-1].start, previous[-1].end)[:2]
        if len(opening) < 2 or opening[0].key in self.not_names:
            return []
        first, following = opening[0], doc.text[opening[1].start]
        text = doc.text[first.start : first.end]
        named = any(m.start <= first.start < m.end for m in doc.mentions)
        if named or not text[0].isupper() or text.isupper() or not following.islower():
            return []
        return [Source(text, "speaker", span=(first.start, first.end))]

    # -- one sentence ---------------------------------------------------------------------

    def _sentence(
        self, doc: Document, start: int, end: int, quoted: list[tuple[int, int]], people: People
    ) -> Sentence | None:
        """The sentence ready for attribution; None when it has no quotation, no reporting
        verb, no "according to" and no dialogue dash, so cannot hold a quote."""
        start = _after_dateline(doc.text, start, end)
        found = words(doc.text, start, end)
        inside = [(s, e) for s, e in quoted if s < end and start < e]
        keys = [w.key for w in found]
        cues = self.table.find(keys)
        dialogue = DIALOGUE_DASH.match(doc.text, start, end)
        if not (inside or cues["verbs"] or cues["according_to"] or dialogue):
            return None
        silent = {first for first, _ in cues["not_speech"]}
        cues["verbs"] = [
            v
            for v in cues["verbs"]
            if v[0] not in silent and _verb_like(doc.text, found, cues, v[0])
        ]
        sentence = Sentence(doc.text, start, end, found, keys, inside, cues, people)
        sentence.candidates = self._candidates(doc, sentence)
        return sentence

    def _candidates(self, doc: Document, sentence: Sentence) -> list[Candidate]:
        found: list[Candidate] = []
        taken: set[int] = set()

        def add(candidate: Candidate) -> None:
            found.append(candidate)
            taken.update(range(candidate.first, candidate.last + 1))

        for mention in _mentions_between(doc, sentence.start, sentence.end):
            if mention.role == "demonym" or mention.type == "MISC":
                continue
            first = sentence.word_at(mention.start)
            last = max(first, sentence.word_at(mention.end) - 1)
            if first in taken or self._relative_clause(sentence, first):
                continue  # "US" inside "US official" is not a speaker of its own
            if _inside((first, first), sentence.cues["according_to"]):
                continue  # "selon plusieurs sources": the cue is no part of the source
            span = (mention.start, mention.end)
            add(Candidate(first, last, mention.text, mention, mention.anonymous, span=span))
        people = {k for c in found if _is_person(c) for k in range(c.first, c.last + 1)}
        for candidate in self._role_phrases(sentence, people):
            add(candidate)
        for key, anonymous, pronoun in (
            ("anonymous_speakers", True, False),
            ("institutions", False, False),
            ("pronouns", False, True),
        ):
            for first, stop in sentence.cues[key]:
                if not taken.intersection(range(first, stop)):
                    span = sentence.span(first, stop)
                    add(Candidate(first, stop - 1, doc.text[slice(*span)], None, anonymous,
                                  pronoun, span))  # fmt: skip
        for first, _ in sentence.cues["verbs"]:
            # "Lavrov said": a capitalised word right before a verb with no other candidate
            # near names someone the recogniser could not tell from a sentence-initial capital
            before = first - 1
            near = taken.intersection(range(first - SPEAKER_WINDOW, first))
            if (
                before >= 0
                and not near
                and _capitalised(sentence, before)
                and sentence.keys[before] not in self.not_names
            ):  # not "Friday said"
                span = sentence.span(before, first)
                add(Candidate(before, before, doc.text[slice(*span)], span=span))
        found = [self._with_determiner(sentence, _with_affiliation(sentence, c))
                 if c.anonymous else c for c in found]  # fmt: skip
        return sorted(_outermost(found), key=lambda c: c.first)

    def _relative_clause(self, sentence: Sentence, first: int) -> bool:
        """ "…, who spoke on condition of anonymity": a clause about the word before the comma,
        never a speaker of its own."""
        before = sentence.text[sentence.start : sentence.words[first].start].rstrip()
        return before.endswith(",") and sentence.at("relative_pronouns", first) > 0

    def _role_phrases(self, sentence: Sentence, taken: set[int]) -> list[Candidate]:
        """ "the minister", "the Indiana governor": a determiner and a role noun, around no
        name the recogniser found; it stands for the person with that role."""
        found = []
        for first, stop in sentence.cues["determiners"]:
            roles = sentence.within("roles", stop, stop + ROLE_NP_WORDS + ROLE_WORDS)
            role = next((r for r in roles if r[0] - stop <= ROLE_NP_WORDS), None)
            if role is None or taken.intersection(range(first, role[1])):
                continue
            if role[1] < len(sentence.words) and _capitalised(sentence, role[1]):
                continue  # "the minister Sergei Lavrov": the name is the speaker
            if any(sentence.clause_start(k) == k for k in range(stop, role[1])):
                continue
            span = sentence.span(first, role[1])
            found.append(Candidate(first, role[1] - 1, sentence.text[slice(*span)],
                                   anonymous=True, span=span, definite=True))  # fmt: skip
        return found

    def _with_determiner(self, sentence: Sentence, candidate: Candidate) -> Candidate:
        """ "the people", "the Russian minister", "Russia's top diplomat": an unnamed speaker
        with its determiner, which makes it definite (a known person, when one fits)."""
        first = candidate.first
        if first < candidate.last and sentence.at("determiners", first) == 1:
            return replace(candidate, definite=True)  # "The" taken in by _with_affiliation
        if first > 0 and sentence.at("determiners", first - 1) == 1:
            span = (sentence.words[first - 1].start, candidate.span[1] if candidate.span else 0)
            return replace(candidate, first=first - 1, text=sentence.text[slice(*span)],
                           span=span, definite=True)  # fmt: skip
        possessive = sentence.words[first].start in sentence.people.place_starts
        return replace(candidate, definite=True) if possessive else candidate

    def _sentence_quotes(
        self, doc: Document, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> list[Quote]:
        found = self._direct(doc, sentence, publisher, last)
        direct_spans = [(q.start, q.end) for q in found]
        reported = self._reported(doc, sentence, publisher, last)
        found = [_as_reported(quote, reported) for quote in found]
        for quote in reported:
            if not _mostly_inside(quote, direct_spans) and not _said_directly(quote, found):
                found.append(quote)
        return sorted(found, key=lambda q: q.start)

    def _direct(
        self, doc: Document, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> list[Quote]:
        spans = [(s, e) for s, e in sentence.quoted if sentence.start <= s < sentence.end]
        dash = DIALOGUE_DASH.match(doc.text[sentence.start : sentence.end])
        if dash and not spans:  # "– Δεν θα υποχωρήσουμε, δήλωσε ο υπουργός."
            spans = [self._dialogue_span(sentence, sentence.start + dash.end())]
        found = []
        for start, end in spans:
            start, end = _trim(doc.text, start, end)
            size = len(words(doc.text, start, end))
            whole = end - start > 0.7 * (sentence.end - sentence.start)
            verb, chain = None, None
            for verb in self._verbs_near(sentence, start, end):
                chain = self._chain(sentence, verb, publisher, last)
                if chain:
                    break
            if chain is None:
                chain = self._colon_speaker(sentence, start, publisher, last)
            if chain is None:
                chain = self._dash_speaker(sentence, end, publisher, last)
            if chain is None and (size >= CONTINUATION_QUOTE or whole) and last:
                chain = [publisher, last[0]]  # the previous speaker goes on
            if chain is None or (size < SHORT_QUOTE and verb is None):
                continue
            cue_span = sentence.span(*verb) if verb else None
            cue = doc.text[slice(*cue_span)] if cue_span else ""
            found.append(Quote(start, end, doc.text[start:end], "direct", cue, chain, cue_span))
            last[:] = [chain[-1]]
        return found

    def _verbs_near(self, sentence: Sentence, start: int, end: int) -> list[Match]:
        """Reporting verbs near a quotation, outside every quotation, the nearest first."""
        opening, closing = sentence.word_at(start), sentence.word_at(end)
        verbs = [
            (min(abs(v[0] - opening), abs(v[0] - closing)), v)
            for v in sentence.cues["verbs"]
            if not sentence.inside_quote(v[0])
        ]
        return [v for distance, v in sorted(verbs) if distance <= 2 * SPEAKER_WINDOW]

    def _colon_speaker(
        self, sentence: Sentence, start: int, publisher: Source, last: list[Source]
    ) -> list[Source] | None:
        """'Lavrov: "…"' names the speaker without a verb."""
        if not sentence.text[sentence.start : start].rstrip(" " + OPENING).endswith(":"):
            return None
        colon = sentence.word_at(start)
        speaker = self._candidate_before(sentence, colon, within=2)
        if speaker and not _is_person(speaker):  # "Zelenski fue tajante ante el Parlamento: «…»"
            clause = sentence.clause_start(speaker.first)
            people = [c for c in sentence.candidates
                      if clause <= c.first and c.last < speaker.first and _is_person(c)]  # fmt: skip
            speaker = people[-1] if people else speaker
        return [publisher, self._source(sentence, speaker, last)] if speaker else None

    def _dash_speaker(
        self, sentence: Sentence, end: int, publisher: Source, last: list[Source]
    ) -> list[Source] | None:
        """'“Donald Trump scares me.” ― Carla Sanchez': a dash after the quotation, then who."""
        after = DASH_SIGNATURE.match(sentence.text, end, sentence.end)
        if after is None:
            return None
        speaker = self._candidate_after(sentence, sentence.word_at(after.end()) - 1, within=1)
        if speaker is None:
            first = sentence.word_at(after.end())
            stop = first
            while stop < len(sentence.words) and _capitalised(sentence, stop):
                stop += 1
            if stop == first:
                return None
            span = sentence.span(first, stop)
            speaker = Candidate(first, stop - 1, sentence.text[slice(*span)], span=span)
        return [publisher, self._source(sentence, speaker, last)]

    def _dialogue_span(self, sentence: Sentence, start: int) -> tuple[int, int]:
        """A dialogue line's speech runs to the dash or comma that introduces the reporting
        verb ("– Δεν θα υποχωρήσουμε, δήλωσε ο Λαβρόφ." / "— Nunca — dijo el ministro.")."""
        for verb, _ in sentence.cues["verbs"]:
            before = sentence.words[verb].start
            mark = sentence.text[start:before].rstrip()
            if mark and mark[-1] in ",–—―":
                return start, start + len(mark) - 1
        return start, sentence.end

    def _reported(
        self, doc: Document, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> list[Quote]:
        """Indirect speech and "according to" in a sentence."""
        according = self._according_to(sentence, publisher, last)
        if according:
            quote, first, stop = according
            relays = [_relay(source) for source in quote.chain[1:]]
            inner = self._indirect(sentence, publisher, relays, [quote.speaker], first, stop)
            return inner or [quote]
        return self._indirect(sentence, publisher, [], last, 0, len(sentence.words))

    def _according_to(
        self, sentence: Sentence, publisher: Source, last: list[Source]
    ) -> tuple[Quote, int, int] | None:
        """'according to X, content' or 'content, according to X (, citing Y)'; with the
        content's words."""
        matches = [m for m in sentence.cues["according_to"]
                   if not sentence.inside_quote(m[0])]  # fmt: skip
        if not matches:
            return None
        cue_first, cue_stop = matches[0]
        source = self._candidate_after(sentence, cue_stop - 1, within=3)
        agent = None if source else self._agent(sentence, cue_stop)
        if agent:  # "according to figures confirmed by": the cue runs to the one behind them
            source, cue_stop = agent, agent.first
        source = source or self._source_phrase(sentence, cue_stop, opens=cue_first <= 1)
        if source is None:
            return None
        chain = [publisher, self._source(sentence, source, last)]
        source_end = source.last
        # the relay opens the clause after the source's: "selon le ministère de la Santé de
        # Gaza, cité par l'AFP"
        relay = self._relay_by_at(sentence, source.last + 1) or self._relay_by_at(
            sentence, _clause_end(sentence, source.last + 1)
        )
        cited = None if relay else self._cited(sentence, source.last + 1)
        if relay:  # "según fuentes diplomáticas citadas por El País": El País relays them
            chain = [publisher, _relay(self._source(sentence, relay, last)), chain[-1]]
            source_end = relay.last
        if cited:  # "according to the WSJ, which cited US officials"
            chain = [publisher, _relay(chain[-1]), self._source(sentence, cited, last)]
            source_end = cited.last
        if cue_first <= 1:  # the cue opens the sentence: the content follows the source
            first, stop = _clause_end(sentence, source_end + 1), len(sentence.words)
            if first == stop:  # "Laut Sicherheitskreisen könnten …": no comma after the source
                first = source_end + 1
        else:
            first, stop = 0, cue_first
        if stop - first < SHORT_QUOTE:
            return None
        start, end = _char_span(sentence, first, stop)
        cue_span = sentence.span(cue_first, cue_stop)
        cue = sentence.text[slice(*cue_span)]
        quote = Quote(start, end, sentence.text[start:end], "according_to", cue, _dedupe(chain),
                      cue_span)  # fmt: skip
        return quote, first, stop

    def _agent(self, sentence: Sentence, cue_stop: int) -> Candidate | None:
        """ "according to figures confirmed by the Interior Ministry": who is behind them, the
        subject after a verb ("στοιχεία που επιβεβαίωσε η κυβέρνηση"), a candidate after "by" or
        the few words to the clause's end ("… confirmé par la protection civile")."""
        end = _clause_end(sentence, cue_stop)
        reach = min(end, cue_stop + SOURCE_PHRASE_WORDS)
        for _first, stop in sentence.within("verbs", cue_stop, reach):
            found = self._candidate_after(sentence, stop - 1, within=3)
            if found:
                return found
        for _first, stop in sentence.within("agent_markers", cue_stop, reach):
            found = self._candidate_after(sentence, stop - 1, within=3)
            if found or not 0 < end - stop <= AGENT_WORDS or stop > end:
                return found
            span = sentence.span(stop, end)
            return Candidate(stop, end - 1, sentence.text[slice(*span)], span=span)
        return None

    def _source_phrase(self, sentence: Sentence, cue_stop: int, opens: bool) -> Candidate | None:
        """The source of "according to" that the recogniser did not name: the words up to the
        comma ("selon l’Institut de physique du globe de Paris, …"), or a determiner and the
        capitalised words after the cue ("Laut dem Netzbetreiber Ukrenergo ist …"); never one
        with figures ("according to the 2020 census")."""
        stop = _clause_end(sentence, cue_stop)
        longest = OPENING_SOURCE_WORDS if opens else SOURCE_PHRASE_WORDS
        if stop - cue_stop > longest or (opens and stop == len(sentence.words)):
            stop = cue_stop + sentence.at("determiners", cue_stop)
            while stop < len(sentence.words) and _capitalised(sentence, stop):
                stop += 1
            if stop == cue_stop + sentence.at("determiners", cue_stop):
                return None
        if stop <= cue_stop:
            return None
        span = sentence.span(cue_stop, stop)
        text = sentence.text[slice(*span)]
        if any(ch.isdigit() for ch in text):
            return None
        return Candidate(cue_stop, stop - 1, text, span=span)

    def _indirect(
        self, sentence: Sentence, publisher: Source, relays: list[Source], last: list[Source],
        first: int, stop: int, depth: int = 0,
    ) -> list[Quote]:  # fmt: skip
        """Speaker + reporting verb + content, within words [first, stop) of the sentence.

        A verb that ends its clause ("…, Bloomberg reported") is tried first, and the content
        of a quote is searched again for a quote inside it ("…, citing officials who said …"),
        so the chain grows one relay per level."""
        verbs = [
            verb for verb in sentence.within("verbs", first, stop)
            if not sentence.inside_quote(verb[0]) and not _inside(verb, sentence.cues["relay_as"])
        ]  # fmt: skip
        verbs.sort(key=lambda verb: not self._ends_clause(sentence, verb, first, stop))
        for verb in verbs:
            chain = self._chain(sentence, verb, publisher, last, relays)
            content = self._content(sentence, verb, first, stop) if chain else None
            if chain is None or content is None:
                continue
            if depth < 2:
                deeper = [*chain[1:-1], _relay(chain[-1])]
                inner = self._indirect(sentence, publisher, deeper, [chain[-1]], *content,
                                       depth + 1)  # fmt: skip
                # "…, citing officials who said …", "Peskov said that …, a US official told
                # Reuters"; not "Clinton said she thinks", nor "He says the enemies are
                # laughing … for questioning", where the inner verb is part of what he says
                reported = content[1] <= verb[0] and self._opens(sentence, inner, content[0])
                deeper_chain = inner and len(inner[0].chain) > len(chain)
                if deeper_chain and (inner[0].speaker.anonymous or reported):
                    return inner
            start, end = _char_span(sentence, *content)
            cue_span = sentence.span(*verb)
            cue = sentence.text[slice(*cue_span)]
            return [Quote(start, end, sentence.text[start:end], "indirect", cue, chain, cue_span)]
        return []

    def _opens(self, sentence: Sentence, quotes: list[Quote], first: int) -> bool:
        """Whether a quote's speaker is a person named at the start of words from `first` on."""
        if not quotes:
            return False
        span, mention = quotes[0].speaker.span, quotes[0].speaker.mention
        reach = min(first + SPEAKER_WINDOW, len(sentence.words) - 1)
        named = mention is not None and mention.type == "PER"
        return named and span is not None and span[0] <= sentence.words[reach].start

    def _after_verb(self, sentence: Sentence, verb: tuple[int, int], stop: int) -> int:
        """Where the content after a verb starts: past "that", the speaker, "told Reuters",
        "quoted Lavrov as saying"."""
        relay_as = next((m for m in sentence.within("relay_as", verb[1], stop)
                         if m[0] - verb[1] <= 2 * SPEAKER_WINDOW), None)  # fmt: skip
        if relay_as and _inside(verb, sentence.cues["relay_verbs"]):
            verb = relay_as
        that = self._complementizer(sentence, verb)
        if that < stop:
            return that + 1
        after = verb[1]
        speaker = self._speaker(sentence, verb)
        if speaker and speaker.first >= verb[1]:
            after = speaker.last + 1
        relay = self._relay_after(sentence, verb)
        return max(after, relay.last + 1) if relay else after

    def _content(
        self, sentence: Sentence, verb: tuple[int, int], first: int, stop: int
    ) -> tuple[int, int] | None:
        """Words of what follows the verb ("said (that) …") or, when the verb ends the clause,
        of what precedes it ("…, Lavrov said in a statement."); never a participle clause
        about the saying ("…, without saying how")."""
        after = self._after_verb(sentence, verb, stop)
        stop = _before_participle(sentence, after, stop)
        if self._ends_clause(sentence, verb, first, stop):
            before = sentence.clause_start(self._group_start(sentence, verb))
            return (first, before) if before - first >= SHORT_QUOTE else None
        return (after, stop) if stop - after >= SHORT_CONTENT else None

    def _group_start(self, sentence: Sentence, verb: tuple[int, int]) -> int:
        """First word of the speaker-and-verb group ("Foreign Minister Araghchi said")."""
        speaker = self._speaker(sentence, verb)
        return min(verb[0], speaker.first) if speaker else verb[0]

    def _ends_clause(
        self, sentence: Sentence, verb: tuple[int, int], first: int, stop: int
    ) -> bool:
        """Whether the verb closes what it reports: "…, officials said (on Monday)" or
        "…, people familiar with the matter said, asking not to be named"; never a participle
        ("…, without saying how"), which adds to the clause before it rather than report it."""
        if _opens_participle(sentence, verb):
            return False
        group = self._group_start(sentence, verb)
        if sentence.clause_start(group) <= first or sentence.at("relative_pronouns", group):
            return False  # nothing before the speaker and verb in another clause; "…, who said"
        after = self._after_verb(sentence, verb, stop)
        new_clause = after < stop and sentence.clause_start(after) == after
        return (
            stop - after <= TAIL_WORDS
            or self._inverted(sentence, verb)
            or (new_clause and self._complementizer(sentence, verb) >= stop)
        )

    def _inverted(self, sentence: Sentence, verb: tuple[int, int]) -> bool:
        """ "…, sagte der SPD-Politiker am Montag nach einem Treffen mit …": a verb opening its
        clause with its speaker after it closes what came before, however long the rest."""
        clause = sentence.clause_start(verb[0])
        opens = self._only_helpers(sentence, clause, verb[0])  # "…, ont déclaré deux sources"
        if not opens or self._complementizer(sentence, verb) < len(sentence.words):
            return False
        speaker = self._speaker(sentence, verb)
        return speaker is not None and speaker.first >= verb[1]

    # -- speakers and chains ------------------------------------------------------------------

    def _speaker(self, sentence: Sentence, verb: Match) -> Candidate | None:
        if verb not in sentence.speakers:  # asked for content, clause ends and the chain
            sentence.speakers[verb] = self._find_speaker(sentence, verb)
        return sentence.speakers[verb]

    def _find_speaker(self, sentence: Sentence, verb: Match) -> Candidate | None:
        """The subject in the verb's clause, else the one after the verb ('", said Lavrov'),
        else the head of an apposition before it ("Shoigu, secretary of …, said"), else
        capitalised words after a verb that opens its clause ('", sagte Kaja Kallas'); none
        for a participle ("…, without saying how"), whose subject is the sentence's."""
        if _opens_participle(sentence, verb):
            return None
        clause = sentence.clause_start(verb[0])
        before = self._candidate_before(sentence, verb[0], within=SPEAKER_WINDOW, since=clause)
        if before and not before.is_place:
            return self._coordinated(sentence, before)
        if clause == verb[0]:  # "Sergei Lavrov, Russia's foreign minister, said the West …"
            head = self._apposition_head(sentence, clause)
            if head and _is_person(head) or self._fronted_name(sentence, verb):
                return self._fronted_name(sentence, verb) or head
        elif before is None or not self._only_helpers(sentence, before.last + 1, verb[0]):
            # "Joe Smith, who said": the name the relative clause is about; "Several cast
            # members said Trump …", "The New York businessman says": words before the verb
            # are its subject, never a name after it
            phrase = self._relative_subject(sentence, clause, verb)
            phrase = phrase or self._subject_phrase(sentence, clause, verb)
            if phrase:
                return phrase
        found = self._speaker_after(sentence, verb) or before
        found = found or self._apposition_head(sentence, clause)
        if found is None and clause == verb[0]:
            found = self._capitalised_after(sentence, verb)
        return found or self._subject_phrase(sentence, clause, verb)

    @staticmethod
    def _only_helpers(sentence: Sentence, first: int, stop: int) -> bool:
        """Whether words [first, stop) are all helpers of a verb ("did not", "ont")."""
        i = first
        while i < stop:
            step = sentence.at("verb_helpers", i) or sentence.at("auxiliaries", i)
            if not step:
                return False
            i += step
        return True

    def _relative_subject(self, sentence: Sentence, clause: int, verb: Match) -> Candidate | None:
        """ "Joe Smith, who said": the name the clause is about, named where "who" stands."""
        if clause == 0 or not sentence.at("relative_pronouns", clause):
            return None
        if clause + sentence.at("relative_pronouns", clause) != verb[0]:
            return None
        head = self._apposition_head(sentence, clause)  # "Joe Smith, a teacher from Ohio, who"
        if head is None or not _is_person(head):
            head = self._candidate_before(sentence, clause, within=1)
        if head is None or head.pronoun or head.is_place:
            return None
        span = sentence.span(clause, verb[0])
        return replace(head, first=clause, last=verb[0] - 1, span=span)

    def _subject_phrase(self, sentence: Sentence, clause: int, verb: Match) -> Candidate | None:
        """ "The billionaire businessman says", "Two-thirds of voters said": the few words
        before a verb, in its clause and after any "that" or "who", are its subject."""
        first = max(clause, verb[0] - SUBJECT_WORDS)
        for i in range(verb[0] - 1, first - 1, -1):
            if sentence.at("complementizers", i) or sentence.at("relative_pronouns", i):
                first = i + 1
                break
        if first >= verb[0] or first == verb[0] - SUBJECT_WORDS and first > clause:
            return None  # more words before the verb: not a phrase that is only its subject
        span = sentence.span(first, verb[0])
        # "and accused": the subject is further back; "is expected": a passive; "the reports":
        # a noun
        before = verb[0] - 1
        if any(sentence.at(cue, before) for cue in ("conjunctions", "auxiliaries", "determiners")):
            return None
        if QUOTE_MARK.search(sentence.text, span[0], span[1]) or CLAUSE_BREAK.search(
            sentence.text, span[0], span[1]
        ):
            return None
        return Candidate(first, verb[0] - 1, sentence.text[slice(*span)], span=span)

    def _speaker_after(self, sentence: Sentence, verb: tuple[int, int]) -> Candidate | None:
        """'δήλωσε ο εκπρόσωπος του Κρεμλίνου Ντμίτρι Πεσκόφ': a named person after the
        verb wins over the role, place or organisation that comes before the name."""
        relay = self._relay_after(sentence, verb)  # "told Reuters": Reuters relays
        reach = min(verb[1] + SPEAKER_WINDOW + 3, self._complementizer(sentence, verb))
        after = [
            c for c in sentence.candidates
            if verb[1] <= c.first < reach and not sentence.inside_quote(c.first)
            and c is not relay and not c.pronoun
        ]  # fmt: skip
        named = [c for c in after if c.mention and c.mention.type == "PER" and not c.anonymous]
        # '», είπε στην «Κ» Έλληνας διπλωμάτης': a quoted name does not end the clause; "said
        # in a statement on the ministry's website": an unnamed speaker comes right after
        in_clause = [c for c in after if not _comma_between(sentence, verb[0], c.first)
                     and c.first - verb[1] <= AFTER_WORDS]  # fmt: skip
        speakers = named or [c for c in in_clause if not c.is_place]
        return speakers[0] if speakers else None

    def _capitalised_after(self, sentence: Sentence, verb: tuple[int, int]) -> Candidate | None:
        """'„…“, sagte die EU-Außenbeauftragte Kaja Kallas': the capitalised words after a
        verb that opens its clause, when the recogniser found no name there."""
        reach = min(verb[1] + SPEAKER_WINDOW, self._complementizer(sentence, verb))
        first = next((k for k in range(verb[1], min(reach, len(sentence.words)))
                      if _capitalised(sentence, k)), None)  # fmt: skip
        if first is None or sentence.inside_quote(first):
            return None
        last = first
        while last + 1 < len(sentence.words) and _capitalised(sentence, last + 1):
            if sentence.clause_start(last + 1) > first:
                break
            last += 1
        span = sentence.span(first, last + 1)
        return Candidate(first, last, sentence.text[slice(*span)], span=span)

    def _complementizer(self, sentence: Sentence, verb: tuple[int, int]) -> int:
        """Index of the "that" after a verb, or the sentence length."""
        for i in range(verb[1], min(len(sentence.keys), verb[1] + COMPLEMENT_WINDOW)):
            if sentence.at("complementizers", i):
                return i
        return len(sentence.keys)

    def _apposition_head(self, sentence: Sentence, clause: int) -> Candidate | None:
        """ "Shoigu, secretary of …, said": the name before the apposition; "El presidente,
        Pedro Sánchez, afirmó": the name that is the apposition."""
        if clause == 0 or sentence.text[sentence.words[clause - 1].end] != ",":
            return None
        opening = sentence.clause_start(clause - 1)
        if not 0 < clause - opening <= APPOSITION_WORDS or sentence.inside_quote(clause - 1):
            return None
        inside = [c for c in sentence.candidates if opening <= c.first and c.last < clause]
        named = [c for c in inside if c.mention and c.mention.type == "PER" and not c.anonymous]
        if named and named[-1].first <= opening + 1 and named[-1].last == clause - 1:
            return named[-1]  # the apposition is the name, not "the daughter of Bill Clinton"
        head = self._candidate_before(sentence, opening, within=1)
        if _capitalised(sentence, opening) and not (head and _is_person(head)):
            return None  # "In Moscow, …": an apposition to a person, or one in lower case
        return head

    def _fronted_name(self, sentence: Sentence, verb: Match) -> Candidate | None:
        """ "Clinton, 35, the daughter of …, said": the name that opens the sentence, with
        only commas and no quotation or other reporting verb between it and the verb."""
        first = next(iter(sentence.candidates), None)
        if first is None or first.first != 0 or first.pronoun:
            return None
        span = (sentence.words[first.last].end, sentence.words[verb[0]].start)
        if not sentence.text[span[0] : span[1]].startswith(",") or QUOTE_MARK.search(
            sentence.text, *span
        ):
            return None
        others = sentence.within("verbs", first.last + 1, verb[0])
        return None if others else first

    def _coordinated(self, sentence: Sentence, candidate: Candidate) -> Candidate:
        """ "Lavrov and Peskov said": both names, as one speaker."""
        joint = candidate.first - 1
        if joint < 1 or not sentence.at("conjunctions", joint) or candidate.mention is None:
            return candidate
        other = self._candidate_before(sentence, joint, within=1)
        first = other.first if other else joint - 1
        if other is None and not _capitalised(sentence, first):
            return candidate
        if (other and (other.pronoun or other.anonymous)) or sentence.clause_start(first) > first:
            return candidate
        span = sentence.span(first, candidate.last + 1)
        mention = other.mention if other and _is_person(other) else candidate.mention
        return replace(candidate, first=first, text=sentence.text[slice(*span)], span=span,
                       mention=mention)  # fmt: skip

    def _chain(
        self, sentence: Sentence, verb: tuple[int, int], publisher: Source, last: list[Source],
        relays: list[Source] | None = None,
    ) -> list[Source] | None:  # fmt: skip
        """The chain for a reporting verb: publisher, relays, speaker; None without a speaker."""
        chain = [publisher, *(relays or [])]
        relay_verb = self._relay_verb(sentence, verb)
        if relay_verb:  # "Tass quoted Lavrov as saying"
            relay, speaker = relay_verb
            return _dedupe([*chain, _relay(self._source(sentence, relay, last)),
                            self._source(sentence, speaker, last)])  # fmt: skip
        speaker = self._speaker(sentence, verb)
        opens = sentence.clause_start(verb[0]) == verb[0] or _opens_participle(sentence, verb)
        if speaker is None and opens:
            # "Lagarde declined to comment, saying …", "…, without saying how": the sentence's
            # subject; '«…», δήλωσε': the subject Greek dropped, the last speaker
            speaker = self._sentence_subject(sentence, verb)
            if speaker is None and last:
                return _dedupe([*chain, last[0]])
        if speaker is None:
            return None
        speaker_source = self._source(sentence, speaker, last)
        relay = self._relay_after(sentence, verb) or self._relay_by(sentence)
        if relay:  # "Lavrov told Reuters", "Citée par l’agence RIA Novosti, … a déclaré"
            chain.append(_relay(self._source(sentence, relay, last)))
        cited = self._cited(sentence, verb[1])
        if cited:  # "Bloomberg reported, citing people familiar with the matter"
            chain.append(_relay(speaker_source))
            speaker_source = self._source(sentence, cited, last)
        return _dedupe([*chain, speaker_source])

    def _sentence_subject(self, sentence: Sentence, verb: Match) -> Candidate | None:
        """The sentence's subject, before the verb and outside quotes: its first person
        ("ECB President Christine Lagarde declined …, saying"), else its first organisation."""
        before = [
            c for c in sentence.candidates
            if c.first < verb[0] and not (c.pronoun or c.is_place or sentence.inside_quote(c.first))
        ]  # fmt: skip
        people = [c for c in before if _is_person(c)]
        return (people or before or [None])[0]

    def _source(self, sentence: Sentence, candidate: Candidate, last: list[Source]) -> Source:
        """The speaker a candidate names; a pronoun names the last speaker, or the person
        named before it in the sentence ("Rutte said he expected"); a definite role phrase
        names the person the article gives that role."""
        person = self._referent(sentence, candidate) if candidate.definite else None
        if person:
            name = person.mention.name or person.mention.text
            return Source(name, "speaker", person.mention, span=candidate.span)
        if candidate.pronoun:
            if last and (last[0].mention is None or last[0].mention.type == "PER"):
                return replace(last[0], role="speaker", span=candidate.span)
            person = self._candidate_before(sentence, candidate.first, within=len(sentence.words))
            if person and not person.pronoun:
                return Source(person.text, "speaker", person.mention, person.anonymous,
                              span=candidate.span)  # fmt: skip
            if last:  # "she" after "the ECB said": the organisation is all we have
                return replace(last[0], role="speaker", span=candidate.span)
        return Source(candidate.text, "speaker", candidate.mention, candidate.anonymous,
                      span=candidate.span)  # fmt: skip

    def _referent(self, sentence: Sentence, candidate: Candidate) -> Person | None:
        """The named person a definite role phrase stands for, if its role is known."""
        keys = sentence.keys[candidate.first : candidate.last + 1]
        role = None
        for size in range(min(ROLE_WORDS, len(keys)), 0, -1):
            role = next((self.roles[" ".join(keys[i : i + size])] for i in range(len(keys) - size + 1)
                         if " ".join(keys[i : i + size]) in self.roles), None)  # fmt: skip
            if role:
                break
        if role is None:
            return None
        country = candidate.mention.country if candidate.mention else None
        start = candidate.span[0] if candidate.span else sentence.start
        return sentence.people.referent(
            start, role, country or self._country_in(sentence, candidate)
        )

    def _country_in(self, sentence: Sentence, candidate: Candidate) -> str | None:
        """ "the Kremlin spokesman": the country of a place or organisation inside the phrase."""
        start, end = candidate.span or (0, 0)
        return next((m.country for m in sentence.people.qualifiers if start <= m.start < end), None)

    def _candidate_before(
        self, sentence: Sentence, i: int, within: int, since: int = 0
    ) -> Candidate | None:
        """The nearest candidate ending before word i (and not before word `since`); a place
        only when nothing else is near ("Iran's mission in New York said"; "Tehran denied")."""
        near = [
            c for c in sentence.candidates
            if since <= c.first and c.last < i and i - c.last <= within
            and not any(sentence.inside_quote(k) for k in range(c.last, i))
        ]  # fmt: skip
        speakers = [c for c in near if not c.is_place] or near
        return speakers[-1] if speakers else None

    def _candidate_after(self, sentence: Sentence, i: int, within: int) -> Candidate | None:
        for candidate in sentence.candidates:
            if i < candidate.first <= i + within and not sentence.inside_quote(candidate.first):
                return candidate
        return None

    def _relay_after(self, sentence: Sentence, verb: tuple[int, int]) -> Candidate | None:
        """The outlet in "told Reuters", "in an interview with Bloomberg"."""
        for i in range(verb[0], min(len(sentence.keys), verb[1] + SPEAKER_WINDOW)):
            length = sentence.at("relay_to", i)
            if length:  # the outlet's name may be quoted: 'sagte dem »Wall Street Journal«'
                outlet = next((c for c in sentence.candidates
                               if i + length <= c.first < i + length + 3), None)  # fmt: skip
                if outlet and outlet.mention and outlet.mention.type == "ORG":
                    return outlet
        return None

    def _relay_by(self, sentence: Sentence) -> Candidate | None:
        """The outlet in "quoted by Tass, …", "citée par l’agence RIA Novosti, …"."""
        for first, _stop in sentence.cues["relay_by"]:
            outlet = self._relay_by_at(sentence, first)
            if outlet:
                return outlet
        return None

    def _relay_by_at(self, sentence: Sentence, i: int) -> Candidate | None:
        """The outlet of a "cited by" phrase starting at word i, if one does."""
        length = sentence.at("relay_by", i)
        outlet = self._candidate_after(sentence, i + length - 1, within=3) if length else None
        return outlet if outlet and outlet.mention and outlet.mention.type == "ORG" else None

    def _relay_verb(
        self, sentence: Sentence, verb: tuple[int, int]
    ) -> tuple[Candidate, Candidate] | None:
        """(relay, speaker) in "Tass quoted Lavrov as saying", "Interfax zitierte Rjabkow mit
        den Worten", "ΤΑΣΣ μετέδωσε δηλώσεις του Σοϊγκού"."""
        for first, stop in sentence.cues["relay_verbs"]:
            if not first <= verb[0] <= stop + 2 * SPEAKER_WINDOW:
                continue
            reach = stop + 2 * SPEAKER_WINDOW
            relay_as = next(iter(sentence.within("relay_as", stop, reach)), None)
            if relay_as is None:
                relay_as = self._colon_after(sentence, stop)
            if relay_as is None or not (first <= verb[0] < stop or _inside(verb, [relay_as])):
                continue  # not a verb of what was relayed: "… as saying Moscow expected"
            relay = self._candidate_before(sentence, first, within=SPEAKER_WINDOW)
            between = self._candidate_before(sentence, relay_as[0], within=relay_as[0] - stop,
                                             since=stop)  # fmt: skip
            speaker = between or self._candidate_after(sentence, relay_as[1] - 1, within=3)
            if relay and speaker:
                return relay, speaker
        return None

    def _colon_after(self, sentence: Sentence, stop: int) -> Match | None:
        """ "ТАСС цитирует Лаврова: «…»": a person and a colon right after a relay verb, as
        (where the person ends, where the colon is)."""
        speaker = self._candidate_after(sentence, stop - 1, within=1)
        if speaker is None or not _is_person(speaker):
            return None
        colon = sentence.text[sentence.words[speaker.last].end :].lstrip()
        return (speaker.last + 1, speaker.last + 1) if colon.startswith(":") else None

    def _cited(self, sentence: Sentence, after: int) -> Candidate | None:
        """The source after "citing" when it comes within a few words of word `after`."""
        for first, stop in sentence.cues["citing"]:
            if after <= first <= after + SPEAKER_WINDOW:
                return self._candidate_after(sentence, stop - 1, within=SPEAKER_WINDOW)
        return None


def _verb_like(text: str, found: list[Word], cues: dict[str, list[Match]], i: int) -> bool:
    """Not "the United States", "a call for", "the reports", "so-called": a cue word with a
    capital inside a sentence is a name, one after an article a noun, one after a hyphen part
    of a compound."""
    gap = text[found[i - 1].end : found[i].start] if i else ""
    if gap == " " and text[found[i].start].isupper() or gap == "-":  # "so-called"
        return False
    return not _inside((i - 1, i - 1), cues["noun_markers"])


def _opens_participle(sentence: Sentence, verb: Match) -> bool:
    """Whether the verb comes right after the word that opens its clause as a participle or
    infinitive clause ("…, without saying how", "…, sin precisar cómo")."""
    clause = sentence.clause_start(verb[0])
    marker = sentence.at("participle_markers", clause)
    return marker > 0 and clause + marker == verb[0]


def _before_participle(sentence: Sentence, first: int, stop: int) -> int:
    """Where words [first, stop) end before a participle clause of a reporting verb, which
    is about the speaker's saying and no part of what was said."""
    for verb in sentence.within("verbs", first, stop):
        clause = sentence.clause_start(verb[0])
        if clause > first and _opens_participle(sentence, verb):
            return clause
    return stop


def _comma_between(sentence: Sentence, first: int, last: int) -> bool:
    between = sentence.text[sentence.words[first].end : sentence.words[last].start]
    return any(mark in between for mark in ",;:–—")


def _inside(match: Match, matches: list[Match]) -> bool:
    return any(first <= match[0] < stop for first, stop in matches)


def _after_dateline(text: str, start: int, end: int) -> int:
    """Where a sentence starts after its dateline ("MOSCOW, Sept 10 (Reuters) - "), which is
    not part of what anyone said: a dash near the start after a word in capitals."""
    agency = DATELINE_AGENCY.match(text, start, end)
    if agency:
        return agency.end()
    dash = DATELINE_DASH.search(text, start, min(end, start + DATELINE_LENGTH))
    place = DATELINE_PLACE.match(text, start, end)
    if dash and place and place.group(0).isupper() and len(place.group(0).strip()) > 2:
        return dash.end()
    return start


def _mentions_between(doc: Document, start: int, end: int) -> list[Mention]:
    """Mentions inside text[start:end], the longest first where two start together."""
    inside = [m for m in doc.mentions if start <= m.start < end]
    return sorted(inside, key=lambda m: (m.start, m.start - m.end))


def _is_person(candidate: Candidate) -> bool:
    return candidate.mention is not None and candidate.mention.type == "PER"


def _upper_initial(sentence: Sentence, i: int) -> bool:
    return sentence.text[sentence.words[i].start].isupper()


def _capitalised(sentence: Sentence, i: int) -> bool:
    text = sentence.text[sentence.words[i].start : sentence.words[i].end]
    return text[0].isupper() and not text.isupper()


def _with_affiliation(sentence: Sentence, candidate: Candidate) -> Candidate:
    """ "officials" grows to "U.S. and European officials", "EU diplomats"."""
    first = candidate.first
    clause = sentence.clause_start(candidate.first)
    cues = [m for key in ("according_to", "citing", "verbs") for m in sentence.cues[key]]
    while first > clause:
        previous = first - 1
        word = sentence.words[previous]
        if _inside((previous, previous), cues):
            break  # "Laut Sicherheitskreisen", "unter Berufung auf …": German capitals
        if _upper_initial(sentence, previous):
            first = previous
        elif (
            word.end - word.start <= CONNECTOR_LENGTH
            and previous > clause
            and (_upper_initial(sentence, previous - 1))
        ):
            first = previous - 1
        else:
            break
    if first == candidate.first or sentence.inside_quote(first):
        return candidate
    span = (sentence.words[first].start, candidate.span[1] if candidate.span else 0)
    return replace(candidate, first=first, text=sentence.text[slice(*span)], span=span)


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    """Drop candidates inside a longer one ("US" inside "US and European officials")."""
    return [
        c for c in candidates
        if not any(o is not c and o.first <= c.first and c.last <= o.last
                   and (o.last - o.first) > (c.last - c.first) for o in candidates)
    ]  # fmt: skip


def _last_person(doc: Document, before: int) -> list[Source]:
    """The first person named in the last sentence before `before` that names one: the
    subject a dropped or pronoun subject most likely continues ("Pezeshkian met Putin. He …")."""
    people = [m for m in doc.mentions if m.type == "PER" and not m.anonymous
              and doc.body_start <= m.start and m.end <= before]  # fmt: skip
    if not people:
        return []
    sentence = next(s for s in doc.sentences if s.start <= people[-1].start < s.end)
    subject = next(m for m in people if m.start >= sentence.start)
    return [Source(subject.text, "speaker", subject)]


def _relay(source: Source) -> Source:
    return replace(source, role="relay")


def _dedupe(chain: list[Source]) -> list[Source]:
    """Drop a link that repeats the one before it ("Lavrov told Reuters" in Reuters)."""
    kept: list[Source] = []
    for source in chain:
        if kept and _same_source(kept[-1], source):
            if source.role == "speaker" and kept[-1].role != "publisher":
                kept[-1] = source
            continue
        kept.append(source)
    if kept[-1].role != "speaker":  # "Reuters reported" in Reuters: the publisher speaks
        kept.append(replace(kept[-1], role="speaker"))
    return kept


def _same_source(a: Source, b: Source) -> bool:
    if not a.text or not b.text:
        return False
    if fold(a.text) == fold(b.text):
        return True
    a_id = (a.mention.entity_id if a.mention else None) or a.entity_id or _outlet_id(a.text)
    b_id = (b.mention.entity_id if b.mention else None) or b.entity_id or _outlet_id(b.text)
    return a_id is not None and a_id == b_id


def _outlet_id(name: str | None) -> str | None:
    """The curated organisation an outlet name refers to, if any."""
    if not name:
        return None
    for entry in gazetteer().lookup(name):
        if entry.type == "ORG":
            return entry.id
    return None


def _clause_end(sentence: Sentence, i: int) -> int:
    """Index of the first word after the next comma (or the sentence end) after word i - 1."""
    if i >= len(sentence.words):
        return len(sentence.words)
    since = sentence.words[i - 1].end if i else sentence.start
    comma = sentence.text.find(",", since, sentence.end)
    return len(sentence.words) if comma < 0 else sentence.word_at(comma)


def _char_span(sentence: Sentence, first: int, stop: int) -> tuple[int, int]:
    """Characters of words [first, stop), with quotation marks that hug them."""
    start, end = sentence.span(first, stop)
    while start > sentence.start and sentence.text[start - 1] in OPENING:
        start -= 1
    while end < sentence.end and sentence.text[end] in CLOSING:
        end += 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation without spaces ("« Nous »") and the comma that belongs to the sentence."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1] in ",;:" or text[end - 1].isspace()):
        end -= 1
    return start, end


def _said_directly(quote: Quote, direct: list[Quote]) -> bool:
    """'"…," he said in a recent interview in Honolulu': the verb's speech is the direct
    quote, not the words after it; but 'said it was "unrealistic" to expect' is both."""
    return any(d.cue_span == quote.cue_span and not _partial(d, quote) for d in direct)


def _partial(direct: Quote, indirect: Quote) -> bool:
    """A few quoted words inside indirect speech: 'said it was "unrealistic" to expect'."""
    inside = indirect.start <= direct.start < indirect.end
    return inside and len(words(direct.content)) < CONTINUATION_QUOTE


def _as_reported(direct: Quote, reported: list[Quote]) -> Quote:
    """'Lavrov told … that Trump's comments showed "a sober reading", Tass reported': a few
    quoted words inside indirect speech are that speech's, with its speaker and chain; the
    verb nearest them ("showed", "reported") is part of it or of its chain, not their own."""
    for indirect in reported:
        if _partial(direct, indirect):
            return replace(direct, cue=indirect.cue, chain=indirect.chain,
                           cue_span=indirect.cue_span)  # fmt: skip
    return direct


def _mostly_inside(quote: Quote, spans: list[tuple[int, int]]) -> bool:
    size = max(1, quote.end - quote.start)
    return any(min(quote.end, e) - max(quote.start, s) > size * 2 / 3 for s, e in spans)


@component("quotes", requires=("sentences", "mentions"), assigns=("quotes",))
class QuoteFinder:
    """Pipeline component: direct, indirect and "according to" quotes with their chains."""

    def __init__(self, settings: Settings) -> None:
        self.attributors = cache(Attributor)  # one per language

    def __call__(self, doc: Document) -> Document:
        doc.quotes = self.attributors(doc.pack_language).quotes(doc)
        return doc
