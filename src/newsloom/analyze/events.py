"""Events: who did what to whom, how certain it is, and according to whom.

Each body sentence is read with the event cues of its language pack (`langs/<code>/events.toml`):

* a trigger (a verb, its nominalisation or a light-verb phrase: "delivered", "Iran's delivery
  of", "proceeded with the delivery") gives the PLOVER type and mode and the CAMEO root code;
* the trigger's frame says where its arguments stand: the subject of an active verb, the agent
  after "by"/"από" of a passive one, a possessor or demonym before a noun ("Iran's delivery",
  "Russian strikes"), the recipient after "to"/"σε", the object after the verb or, for a
  passive or a verb of arrival, before it; a verb of arrival takes its recipient after "in"/"to"
  or as its object ("could reach Russia"). A subject is looked for in the trigger's own clause
  first; a relative clause takes its antecedent, and a clause with no subject (Greek and
  Spanish drop it, English uses "it") the nearest name before it. Names after a preposition
  ("in Moscow") are never subjects; "Iran and North Korea" are two actors;
* a bare definite nominalisation ("The shipment would be carried by sea") right after a
  sentence with an event of its type is that event told again: it takes that event's actor,
  recipient and object when it names no actor or recipient of its own;
* the factuality comes from the cues whose scope holds the trigger. A negation reaches only the
  verb right after it in its own clause ("promised not to send" negates "send", not the
  promise; a negation in a relative clause leaves the main event alone), and phrases such as
  "has no doubt" negate nothing. A reporting or modal cue governs what follows it, and a
  clause-final one (", officials confirmed") what comes before:

    denied > negated > confirmed > expected > hypothetical > planned > asserted

  A possibility with a near time ("could begin within days") is `expected`;
* the source chain is that of the quote whose content holds the trigger (outlet, relay,
  speaker), else the publishing outlet's.

* the date and place come from the time expressions and places of the trigger's clause or
  sentence, when the `time` and `places` components ran before (newsloom.analyze.event_setting);
  else the date is the publication date, marked as such.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache, cached_property

from newsloom.analyze.event_setting import set_date, set_place
from newsloom.analyze.phrases import Match, PhraseTable, Word, words
from newsloom.document import Argument, Document, Event, Mention, Place, Quote, Source
from newsloom.langs import EventCues, TriggerClass, load_event_cues
from newsloom.pipeline import component
from newsloom.settings import Settings

FACTUALITIES = ("asserted", "confirmed", "expected", "planned", "hypothetical", "denied",
                "negated")  # fmt: skip
# PLOVER's sixteen types (DISAPPROVE with mode "accuse" is the ACCUSE).
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
                "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                "MOBILIZE", "COERCE", "ASSAULT")  # fmt: skip
GOVERNING = ("denied", "confirmed", "expected", "planned", "hypothetical", "conditional", "future")
MODALS = ("hypothetical", "future")  # "would not": the negation and its verb only
ATTITUDES = ("denied", "confirmed", "expected", "planned")
TAIL_CUES = ("denied", "confirmed", "expected")  # ", officials confirmed." looks back
NEGATION_REACH = 3  # words between a negation and the trigger it negates ("has never sent")
PHRASE_WORDS = 6  # words of an object, at most
ARGUMENT_REACH = 8  # words after a trigger searched for a preposition and its name
MODIFIER_REACH = 2  # words between a possessor or demonym and its noun ("Russia's new attack")
OFFICE_REACH = 40  # characters between a demonym and the name it qualifies, with a title between
CLAUSE_MARKS = ',;:()–—«»“”"[]'  # punctuation between two words that opens a new clause
_CLAUSE_MARK_SET = frozenset(CLAUSE_MARKS)


@dataclass
class Candidate:
    """A name, or a group noun ("protesters", "Russian troops"), that can be an argument."""

    first: int  # words
    stop: int
    mention: Mention | None  # None for a group noun without a name
    span: tuple[int, int]  # characters

    @property
    def demonym(self) -> bool:
        """A bare demonym ("Iranian missiles"), which qualifies a noun rather than acts."""
        mention = self.mention
        return mention is not None and mention.role == "demonym" and self.span[1] == mention.end


class Reading:
    """One sentence: its words, cue matches, clauses and candidate names.

    Most sentences hold no trigger and are dropped after `found`, so match starts and clauses
    are worked out only when asked for.
    """

    def __init__(self, text: str, start: int, end: int, table: PhraseTable) -> None:
        self.text = text
        self.words: list[Word] = words(text, start, end)
        self.found = table.find([w.key for w in self.words])
        self._starts: dict[str, dict[int, int]] = {}
        self.candidates: list[Candidate] = []
        self.candidate_at: dict[int, Candidate] = {}
        self.quoted: list[tuple[int, int]] = []  # characters inside direct quotations

    def reaches(self, cue: int, trigger: int) -> bool:
        """Whether a cue at word `cue` may qualify the trigger: a cue in a speaker's quoted
        words ("We will not...") says nothing of the reporter's ("he said after the talks"),
        while the reporter's ("he denied: «...»") qualifies the quotation."""
        return self._quoted(trigger) or not self._quoted(cue)

    def _quoted(self, i: int) -> bool:
        start = self.words[i].start
        return any(begin <= start < end for begin, end in self.quoted)

    @cached_property
    def word_starts(self) -> list[int]:
        """Where each word starts, in characters."""
        return [w.start for w in self.words]

    def word_at(self, offset: int) -> int:
        """Index of the first word starting at or after a character offset."""
        return bisect.bisect_left(self.word_starts, offset)

    @cached_property
    def clause(self) -> list[int]:
        """Clause number of each word: punctuation, complementizers and relatives open one."""
        opening = set(self.starts("g:complementizers")) | set(self.starts("g:relatives"))
        numbers, number, previous_end = [], 0, 0
        for i, word in enumerate(self.words):
            if i and (i in opening or not _CLAUSE_MARK_SET.isdisjoint(
                    self.text[previous_end : word.start])):  # fmt: skip
                number += 1
            numbers.append(number)
            previous_end = word.end
        return numbers

    def starts(self, name: str) -> dict[int, int]:
        """Matches of list `name`: first word -> word after the match."""
        found = self._starts.get(name)
        if found is None:
            found = self._starts[name] = {first: stop for first, stop in self.found[name]}
        return found

    def starts_with(self, name: str, i: int) -> int:
        """Word after a match of list `name` starting at word i, or 0."""
        return self.starts(name).get(i, 0) if self.found[name] else 0

    def ends_at(self, name: str, i: int) -> bool:
        """Whether a match of list `name` ends right before word i."""
        return any(stop == i for _, stop in self.found[name])

    def span(self, first: int, stop: int) -> tuple[int, int]:
        return self.words[first].start, self.words[stop - 1].end

    def relative_clause(self, i: int) -> bool:
        first = self.clause.index(self.clause[i])
        return first in self.starts("g:relatives")

    def after_preposition(self, candidate: Candidate) -> bool:
        return self.follows("g:prepositions", candidate.first)

    def follows(self, name: str, i: int) -> bool:
        """Whether a match of list `name` comes right before word i, determiners aside."""
        while i > 0 and self.ends_at("g:determiners", i):
            i = next(first for first, stop in self.found["g:determiners"] if stop == i)
        return self.ends_at(name, i)

    def clause_span(self, i: int) -> tuple[int, int]:
        """Characters of the clause word i stands in."""
        first = self.clause.index(self.clause[i])
        stop = first + self.clause[first:].count(self.clause[i])
        return self.span(first, stop)

    def located_clause(self, place: Place) -> tuple[int, int] | None:
        """The clause of a place named after a locative preposition ("in Tehran"), else None."""
        i = self.word_at(place.start)
        if i >= len(self.words) or not self.follows("g:location", i):
            return None
        return self.clause_span(i)


class EventFinder:
    """Events of one language; build once per language and reuse."""

    def __init__(self, language: str) -> None:
        self.cues: EventCues = load_event_cues(language)
        lists: dict[str, tuple[str, ...]] = {}
        for i, trigger in enumerate(self.cues.triggers):
            lists[f"verb:{i}"] = trigger.verbs
            lists[f"noun:{i}"] = trigger.nouns
        lists |= {f"g:{k}": v for k, v in self.cues.grammar.items()}
        lists |= {f"f:{k}": v for k, v in self.cues.factuality.items()}
        lists |= {f"o:{k}": v for k, v in self.cues.objects.items()}
        for name in (
            "complementizers",
            "relatives",
            "prepositions",
            "determiners",
            "adverbs",
            "actor_nouns",
            "coordinators",
            "deponents",
            "light_verbs",
            "opponent",
            "passive_auxiliaries",
            "first_person",
            "location",
            "definite",
        ):
            lists.setdefault(f"g:{name}", ())
        for name in (*GOVERNING, "negation", "neutral", "soon"):
            lists.setdefault(f"f:{name}", ())
        self.table = PhraseTable(lists)
        self.trigger_names = tuple(n for n in lists if n.startswith(("verb:", "noun:")))
        self.trigger_lists = tuple((name, name.partition(":")[0],
                                    self.cues.triggers[int(name.partition(":")[2])])
                                   for name in self.trigger_names)  # fmt: skip
        # the lists whose end closes a phrase, and those whose start stops one
        self.cue_end_names = tuple(n for n in lists if n.startswith(
            ("f:", "verb:", "g:complementizers", "g:relatives", "g:prepositions")))  # fmt: skip
        self.phrase_stop_names = tuple(n for n in lists if n.startswith(
            ("g:prepositions", "g:coordinators", "verb:", "f:", "g:complementizers",
             "g:relatives")))  # fmt: skip

    def events(self, doc: Document) -> list[Event]:
        if not self.cues.triggers:
            return []
        publisher = doc.quotes[0].chain[0] if doc.quotes else Source(doc.outlet, "publisher")
        mentions = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        quoted = [(q.start, q.end) for q in doc.quotes if q.kind == "direct"]
        found: list[Event] = []
        previous: list[Event] = []  # the events of the sentence before
        for sentence in doc.sentences:
            if sentence.start < doc.body_start:
                continue
            reading = Reading(doc.text, sentence.start, sentence.end, self.table)
            if not any(reading.found[name] for name in self.trigger_names):
                previous = []
                continue
            reading.quoted = quoted
            self._add_candidates(reading, mentions)
            found_here = [(t, self._event(doc, reading, t, publisher))
                          for t in self._triggers(reading)]  # fmt: skip
            sentence_events = [event for _, event in found_here if event is not None]
            for trigger, event in found_here:
                if event is not None and self._refers_back(reading, trigger):
                    _take_antecedent(event, previous)
            previous = _without_nested(sentence_events)
            found += previous
        return found

    def factuality_at(self, text: str, sentence: tuple[int, int], offset: int) -> str:
        """The factuality of the word at `offset` read as an event verb, whether or not it is a
        trigger: the cue scopes measured on corpora that mark every event (MEANTIME)."""
        reading = Reading(text, *sentence, self.table)
        first = reading.word_at(offset)
        if first >= len(reading.words):
            return "asserted"
        return self._factuality(reading, first, first + 1, "verb")[0]

    # -- triggers -------------------------------------------------------------------------

    def _triggers(self, reading: Reading) -> list[tuple[int, int, TriggerClass, str]]:
        """Trigger matches, the longest where two overlap: (first, stop, class, form)."""
        matches = []
        for name, form, trigger in self.trigger_lists:
            matches += [
                (first, stop, trigger, form)
                for first, stop in reading.found[name]
                if not _inside_name(reading, first)
                and not (form == "verb" and reading.ends_at("g:determiners", first))
            ]  # "the fires": a word listed as a verb, used as a noun
        # the longest first; where a word is listed as both ("attack"), its neighbours decide
        matches.sort(key=lambda m: (m[0], m[0] - m[1], m[3] != self._likely_form(reading, m[0])))
        kept: list[tuple[int, int, TriggerClass, str]] = []
        for match in matches:
            if not kept or kept[-1][1] <= match[0]:
                kept.append(match)
        return kept

    def _refers_back(self, reading: Reading, trigger: tuple[int, int, TriggerClass, str]) -> bool:
        """ "the shipment" with nothing after it: a noun that names an event already told,
        unlike "a shipment" or "the shipment of rifles"."""
        first, stop, _, form = trigger
        return (
            form == "noun"
            and reading.ends_at("g:definite", first)
            and not reading.starts_with("g:of", stop)
        )

    def _likely_form(self, reading: Reading, first: int) -> str:
        """ "to attack", "will attack", "Russia attacked": a verb after a helper or a name;
        "the attack", "Russia's attack", "an attack" and anything else: a noun."""
        if first == 0:
            return "noun"
        helper = any(reading.ends_at(f"g:{name}", first) for name in ("auxiliaries", "adverbs"))
        modal = any(reading.ends_at(f"f:{name}", first) for name in MODALS)
        candidate = reading.candidate_at.get(first - 1)
        named = candidate is not None and not reading.words[first - 1].key.endswith("'s")
        if reading.ends_at("g:determiners", first) or (candidate and candidate.demonym):
            return "noun"
        return "verb" if helper or modal or named else "noun"

    def _add_candidates(self, reading: Reading, mentions: list[Mention]) -> None:
        """Outermost names in the sentence, as word spans; "US" inside "US official" is not."""
        start, end = reading.words[0].start, reading.words[-1].end
        taken_until = -1
        for mention in mentions:
            if mention.start < start or mention.end > end or mention.start < taken_until:
                continue
            if mention.type == "MISC" and mention.role != "demonym":
                continue
            if any(mark in mention.text for mark in CLAUSE_MARKS):
                continue  # a name does not run across a clause
            first = reading.word_at(mention.start)
            stop = max(first + 1, reading.word_at(mention.end))
            _add(reading, Candidate(first, stop, mention, (mention.start, mention.end)))
            taken_until = mention.end
        for first, stop in reading.found["g:actor_nouns"]:
            before = reading.candidate_at.get(first - 1)
            if first in reading.candidate_at:
                continue
            possessor = before is not None and reading.words[first - 1].key.endswith("'s")
            if before is not None and (before.demonym or possessor):
                # "Russian troops", "Sudan's army": the country, in words
                span = (before.span[0], reading.words[stop - 1].end)
                _add(reading, Candidate(before.first, stop, before.mention, span))
            else:
                _add(reading, Candidate(first, stop, None, reading.span(first, stop)))

    # -- one event ------------------------------------------------------------------------

    def _event(
        self,
        doc: Document,
        reading: Reading,
        trigger: tuple[int, int, TriggerClass, str],
        publisher: Source,
    ) -> Event | None:
        first, stop, kind, form = trigger
        passive = form == "verb" and self._passive(reading, first, stop)
        quote_index, quote = _carrying_quote(doc.quotes, reading.words[first].start)
        arguments = Arguments(self, reading, (first, stop), quote, doc.mentions)
        if form == "noun":
            actors, recipients, thing = arguments.of_noun(kind.frame)
        else:
            actors, recipients, thing = arguments.of_verb(kind.frame, passive)
        reported = self._reported_span(reading, first, form, quote)
        if reported:  # "Zelensky said Kyiv would respond and urged allies": Zelensky urged
            actors = [_speaker_candidate(quote, reading)] if quote.speaker.mention else []
            quote_index, quote = None, None
        factuality, cue = self._factuality(reading, first, stop, form, reported)
        trigger_span = reading.span(first, stop)
        sentence = (reading.words[0].start, reading.words[-1].end)
        event = Event(kind.type, kind.mode, kind.cameo, doc.text[slice(*trigger_span)],
                      trigger_span, sentence, factuality,
                      quote.chain if quote else [publisher], quote=quote_index)  # fmt: skip
        event.actors = [_argument(c, doc.text) for c in actors] or arguments.speaker_actor()
        event.recipients = [_argument(c, doc.text) for c in recipients]
        if thing:
            span = reading.span(*thing)
            event.object = Argument(doc.text[slice(*span)], *span)
            event.object_kind = self._object_kind(reading, *thing)
        if kind.frame == "arrive" and not self._delivery(reading, first, stop, event):
            return None  # "the flames reached the town": only a delivery arrives
        if cue:
            event.cue_span = reading.span(*cue)
            event.cue = doc.text[slice(*event.cue_span)]
        clause = reading.clause_span(first)
        set_date(event, clause, doc.timexes, doc.published)
        set_place(event, kind.frame, clause, doc.places, reading.located_clause)
        return event

    def _delivery(self, reading: Reading, first: int, stop: int, event: Event) -> bool:
        """Whether what arrives is something delivered: the object, or anything in the
        trigger's clause ("dass iranische Raketen bald in Russland eintreffen")."""
        if event.object_kind:
            return True
        clause = reading.clause
        opening = clause.index(clause[first])
        closing = len(clause) - clause[::-1].index(clause[first])
        return self._object_kind(reading, opening, closing) is not None

    def _passive(self, reading: Reading, first: int, stop: int) -> bool:
        key = reading.words[first].key
        endings = self.cues.endings
        if any(key.endswith(e) for e in endings["passive_endings"]):
            return not any(f == first for f, _ in reading.found["g:deponents"])
        if any(key.endswith(e) for e in endings["progressive_endings"]):
            return False
        if self.cues.verb_final:  # "Kiew wurde von russischen Raketen getroffen"
            return any(reading.clause[f] == reading.clause[first] and s <= first
                       for f, s in reading.found["g:passive_auxiliaries"])  # fmt: skip
        i = first
        while i > 0 and reading.clause[i - 1] == reading.clause[first]:
            if reading.ends_at("g:passive_auxiliaries", i):
                return True
            if not (reading.ends_at("g:adverbs", i) or reading.ends_at("f:negation", i)):
                return False
            i -= 1
        return False

    def _object_kind(self, reading: Reading, first: int, stop: int) -> str | None:
        for name, found in reading.found.items():
            if name.startswith("o:") and any(first <= f < stop for f, _ in found):
                return name[2:]
        return None

    # -- factuality -----------------------------------------------------------------------

    def _reported_span(
        self, reading: Reading, first: int, form: str, quote: Quote | None
    ) -> tuple[int, int] | None:
        """The words of a reporting verb and what it reports, when the trigger is a second
        verb of the speaker's own after them: "said Kyiv would respond … and urged allies", "denied that
        its forces had targeted civilians and accused the army". The reported clause has a
        helper verb ("would", "had") and the trigger, right after "and", has none."""
        if form != "verb" or quote is None or quote.kind != "indirect" or not quote.cue_span:
            return None
        if not reading.ends_at("g:coordinators", first):
            return None
        cue, after_cue = (reading.word_at(offset) for offset in quote.cue_span)
        helped = any(after_cue <= f < first - 1 for f, _ in reading.found["g:auxiliaries"])
        return (cue, first) if after_cue < first - 1 and helped else None

    def _factuality(
        self,
        reading: Reading,
        first: int,
        stop: int,
        form: str,
        reported: tuple[int, int] | None = None,
    ) -> tuple[str, Match | None]:
        """The trigger's factuality and the cue that gives it; cues inside `reported` (a
        speaker's verb and what it reports, before the trigger) do not count."""
        outside = reported or (0, 0)
        cues = {
            kind: [m for m in matches
                   if reading.reaches(m[0], first) and not outside[0] <= m[0] < outside[1]]
            for kind, matches in _cue_matches(reading).items()
        }  # fmt: skip
        negation = self._local_negation(reading, cues["negation"], first, stop, form)
        negation_starts = {n[0] for n in cues["negation"]}
        governing = [(kind, m) for kind in GOVERNING for m in cues[kind]
                     if self._governs(reading, kind, m, first, stop, form)
                     and not (kind in MODALS and m[1] in negation_starts)]  # fmt: skip
        # "did not confirm", "is not expected": a negated attitude; a negated modal ("would
        # not", "δεν θα") negates only its own verb, which the local negation finds
        negated_cues = [
            (kind, m) for kind, m in governing
            if kind in ATTITUDES and self._local_negation(reading, cues["negation"], *m, "noun")
        ]  # fmt: skip
        plain = {kind: m for kind, m in reversed(governing) if (kind, m) not in negated_cues}
        if "denied" in plain:
            return "denied", plain["denied"]
        if negation:
            return "negated", negation
        if any(kind != "denied" for kind, _ in negated_cues):
            return "negated", negated_cues[0][1]
        if "confirmed" in plain:
            return "confirmed", plain["confirmed"]
        if "expected" in plain:
            return "expected", plain["expected"]
        for kind in ("hypothetical", "conditional"):
            if kind in plain:
                return ("expected" if cues["soon"] else "hypothetical"), plain[kind]
        for kind in ("planned", "future"):  # "will" says what someone means to do
            if kind in plain:
                return "planned", plain[kind]
        if self._future_tense(reading.words[first].key):
            return "planned", (first, stop)
        return "asserted", None

    def _future_tense(self, key: str) -> bool:
        """ "Enviaremos", "livrera": a verb whose own ending says it will happen."""
        return any(key.endswith(ending) for ending in self.cues.endings["future_endings"])

    def _local_negation(
        self, reading: Reading, negations: list[Match], first: int, stop: int, form: str
    ) -> Match | None:
        """A negation right before the trigger in its clause, or right after a verb ("sent no
        missiles")."""
        reach = len(reading.words) if self.cues.verb_final else NEGATION_REACH
        for match in negations:  # verb-final: "hat keine Raketen an Russland geliefert"
            before = match[1] <= first and first - match[1] < reach
            after = form == "verb" and match[0] == stop
            if (before or after) and reading.clause[match[0]] == reading.clause[first]:
                return match
        return None

    def _governs(
        self, reading: Reading, kind: str, cue: Match, first: int, stop: int, form: str
    ) -> bool:
        clause = reading.clause
        if first <= cue[0] < stop:
            return False
        if kind == "conditional":  # "if" reaches the end of its own clause only
            return cue[1] <= first and clause[cue[0]] == clause[first]
        if cue[1] <= first:  # before: to the end of the sentence, out of a relative clause
            return not (reading.relative_clause(cue[0]) and clause[cue[0]] != clause[first])
        if form == "noun" and clause[cue[0]] == clause[first]:
            return True  # "Iran's delivery ... was confirmed"
        cue_clause_start = clause.index(clause[cue[0]])
        return (
            kind in TAIL_CUES
            and clause[cue[0]] != clause[first]
            and cue_clause_start not in reading.starts("g:relatives")
            and cue_clause_start not in reading.starts("g:complementizers")
            and not self._event_follows(reading, cue)
        )

    def _event_follows(self, reading: Reading, cue: Match) -> bool:
        """ "… and denied targeting civilian sites": a cue with an event of its own after it
        in its clause qualifies that one, not what came before."""
        clause = reading.clause
        return any(
            f >= cue[1] and clause[f] == clause[cue[0]]
            for name in self.trigger_names
            for f, _ in reading.found[name]
        )


def _cue_matches(reading: Reading) -> dict[str, list[Match]]:
    """Factuality cue matches, without those inside a neutral phrase ("no doubt")."""
    neutral = reading.found.get("f:neutral", [])

    def kept(match: Match) -> bool:
        return not any(n[0] <= match[0] < n[1] for n in neutral)

    return {kind: [m for m in reading.found.get(f"f:{kind}", []) if kept(m)]
            for kind in (*GOVERNING, "negation", "soon")}  # fmt: skip


class Arguments:
    """Finds the arguments of one trigger by clause structure."""

    def __init__(
        self,
        finder: EventFinder,
        reading: Reading,
        trigger: tuple[int, int],
        quote: Quote | None,
        mentions: list[Mention],
    ) -> None:
        self.finder = finder
        self.mentions = mentions
        first, stop = trigger
        self.reading = reading
        self.first, self.stop = first, stop
        self.quote = quote
        self.first_person = False

    def of_verb(self, frame: str, passive: bool) -> tuple[list, list, tuple[int, int] | None]:
        if frame == "arrive" or (passive and frame == "transfer"):
            theme = self.phrase_before(self.first)
            actors = self.after(self.stop, "agent") or self.after(self.stop, "source")
            recipients = self.after(self.stop, "recipient") or self.after(self.stop, "destination")
            if frame == "arrive" and not recipients:  # "could reach Russia within weeks"
                recipients = self.direct_object()
            return actors or self.modifier_in(theme), recipients, theme
        if passive:  # "Kyiv was attacked by Russia"
            subject = self.subject()
            actors = self.after(self.stop, "agent")
            if frame == "receive":
                return actors, subject, self.phrase_after(self.stop)
            return actors, subject, None
        subject = self.subject()
        if frame == "transfer":
            return subject, *self.transfer_rest()
        if frame == "receive":
            return self.after(self.stop, "source"), subject, self.phrase_after(self.stop)
        if frame == "meet":
            if len(subject) > 1:
                return subject[:1], subject[1:], None
            partner = self.after(self.stop, "partner") or self.direct_object()
            return subject, partner, None
        if frame == "self":  # "protested in Athens against the law": only the opponent
            return subject, self.after(self.stop, "opponent"), None
        recipients = self.direct_object() or self.after(self.stop, "target")
        thing = None if recipients else self.phrase_after(self.stop)
        if thing and not recipients:
            recipients = self.after(thing[1], "target")
        return subject, recipients, thing

    def of_noun(self, frame: str) -> tuple[list, list, tuple[int, int] | None]:
        actors = self.possessor() or self.after(self.stop, "agent") or self.light_verb_subject()
        of = self.reading.starts_with("g:of", self.stop)
        if frame in ("transfer", "receive", "arrive"):
            thing = self.phrase_after(of or self.stop)
            position = thing[1] if thing else self.stop
            recipients = self.after(position, "recipient") or self.after(position, "destination")
            if frame == "receive":
                return self.after(position, "source"), actors, thing
            return actors or self.modifier_in(thing), recipients, thing
        if frame == "meet":
            partners = self.after(self.stop, "partner")
            if not actors and len(partners) > 1:
                return partners[:1], partners[1:], None
            if len(actors) > 1 and not partners:  # "China and Russia held talks"
                return actors[:1], actors[1:], None
            return actors, partners, None
        recipients = (self.candidate_at(of) if of else []) or self.after(self.stop, "target")
        return actors, recipients, None

    # -- pieces ---------------------------------------------------------------------------

    def subject(self) -> list[Candidate]:
        """The nearest name before the trigger in its clause; else the antecedent of a
        relative clause or, for a clause without a subject, the nearest name before it."""
        reading, clause = self.reading, self.reading.clause
        i = self.first - 1
        while i >= 0 and clause[i] == clause[self.first]:
            found = self._subject_at(i)
            if found:
                return found
            i -= 1
        if self._first_person():
            return []
        while i >= 0:
            if reading.relative_clause(i) and clause[i] != clause[self.first]:
                i -= 1  # "Tehran" in "The missiles, which Tehran made, arrived" is no subject
                continue
            found = self._subject_at(i)
            if found:
                return found
            i -= 1
        return []

    def _subject_at(self, i: int) -> list[Candidate]:
        candidate = self.reading.candidate_at.get(i)
        if (
            candidate is None
            or candidate.stop != i + 1
            or self.reading.after_preposition(candidate)
        ):
            return []
        return self.coordinated_before(candidate)

    def coordinated_before(self, candidate: Candidate) -> list[Candidate]:
        """ "Iran and North Korea": every name joined to the last one, in text order."""
        found = [candidate]
        while True:
            start = self._determiners_before(found[0].first)  # "και η Βόρεια Κορέα"
            joiner = next((f for f, s in self.reading.found["g:coordinators"]
                           if s == start), None)  # fmt: skip
            before = self.reading.candidate_at.get(joiner - 1) if joiner else None
            if before is None or before in found:
                return found
            found.insert(0, before)

    def _determiners_before(self, i: int) -> int:
        """Where the determiners right before word i begin (i itself when there are none)."""
        for first, stop in reversed(self.reading.found["g:determiners"]):
            if stop == i:
                return self._determiners_before(first)
        return i

    def _first_person(self) -> bool:
        """Whether the clause speaks as "we": the quote's speaker is then the actor."""
        reading = self.reading
        if self.quote is None:
            return False
        for i in range(max(0, self.first - 3), self.stop):
            key = reading.words[i].key
            if reading.starts_with("g:first_person", i) or any(
                key.endswith(e) for e in self.finder.cues.endings["first_person_endings"]
            ):
                self.first_person = True
                return True
        return False

    def speaker_actor(self) -> list[Argument]:
        """For "we": the speaker's country when the speaker holds an office, else the speaker."""
        if not self.first_person or self.quote is None:
            return []
        speaker = self.quote.speaker
        mention = speaker.mention
        if mention is None:
            return []
        start, end = speaker.span or (mention.start, mention.end)
        country = mention.country or self._demonym_before(mention)
        if mention.role and country:  # "Iranian Foreign Minister Abbas Araghchi": Iran
            return [Argument(speaker.text or "", start, end, entity_id=f"country:{country}")]
        return [Argument(speaker.text or "", start, end, mention)]

    def _demonym_before(self, mention: Mention) -> str | None:
        """The country of a demonym just before a name ("Ιρανός υπουργός ... Αραγτσί")."""
        near = [m for m in self.mentions if m.role == "demonym" and m.end <= mention.start
                and mention.start - m.end <= OFFICE_REACH]  # fmt: skip
        return near[-1].country if near else None

    def transfer_rest(self) -> tuple[list[Candidate], tuple[int, int] | None]:
        """Recipient and object after an active transfer verb: "sent Russia missiles" or
        "sent missiles to Russia"."""
        first_object = self.direct_object()
        if first_object:
            return first_object, self.phrase_after(first_object[-1].stop)
        thing = self.phrase_after(self.stop)
        position = thing[1] if thing else self.stop
        return self.after(position, "recipient"), thing

    def direct_object(self) -> list[Candidate]:
        i = self._skip(self.stop, "g:determiners")
        candidate = self.reading.candidate_at.get(i)
        if candidate and candidate.first == i and not candidate.demonym:
            return self.coordinated_after(candidate)
        return []

    def candidate_at(self, i: int) -> list[Candidate]:
        i = self._skip(i, "g:determiners")
        candidate = self.reading.candidate_at.get(i)
        return self.coordinated_after(candidate) if candidate and candidate.first == i else []

    def coordinated_after(self, candidate: Candidate) -> list[Candidate]:
        found = [candidate]
        while True:
            joined = self.reading.starts_with("g:coordinators", found[-1].stop)
            following = self.reading.candidate_at.get(self._skip(joined, "g:determiners"))
            if not joined or following is None or following in found:
                return found
            found.append(following)

    def after(self, position: int, role: str) -> list[Candidate]:
        """The name after the first preposition of `role` ("to", "στη") in the clause."""
        reading = self.reading
        limit = min(len(reading.words), position + ARGUMENT_REACH)
        for i in range(position, limit):
            if reading.clause[i] != reading.clause[min(position, len(reading.words) - 1)]:
                return []
            stop = reading.starts_with(f"g:{role}", i)
            if stop:
                found = self.candidate_at(stop) or self.modifier_in(self.phrase_after(stop))
                if found:  # a name, or a demonym after its noun: "par des missiles russes"
                    return found
        return self.before(role) if self.finder.cues.verb_final else []

    def before(self, role: str) -> list[Candidate]:
        """The same in the trigger's clause before it: "dass Iran Raketen an Russland lieferte"."""
        reading = self.reading
        for first, stop in reading.found[f"g:{role}"]:
            if stop < self.first and reading.clause[first] == reading.clause[self.first]:
                found = self.candidate_at(stop)
                if found:
                    return found
        return []

    def possessor(self) -> list[Candidate]:
        """ "Iran's delivery", "Russian strikes": a name or demonym just before the noun."""
        for i in range(self.first - 1, max(-1, self.first - 1 - MODIFIER_REACH), -1):
            candidate = self.reading.candidate_at.get(i)
            if candidate:
                key = self.reading.words[candidate.stop - 1].key
                if candidate.demonym or key.endswith("'s") or candidate.stop == self.first:
                    return [candidate]
                return []
        return []

    def light_verb_subject(self) -> list[Candidate]:
        """ "Iran proceeded with the delivery": the subject of a light verb before the noun."""
        for first, stop in self.reading.found.get("g:light_verbs", []):
            if 0 <= self.first - stop <= MODIFIER_REACH:
                saved = self.first
                self.first = first
                try:
                    return self.subject()
                finally:
                    self.first = saved
        return []

    def modifier_in(self, span: tuple[int, int] | None) -> list[Candidate]:
        """The demonym or possessor inside a phrase: "Iranian missiles", "οι ιρανικοί πύραυλοι"."""
        if span is None:
            return []
        for i in range(span[0], span[1]):
            candidate = self.reading.candidate_at.get(i)
            if candidate and (candidate.demonym or self.reading.words[i].key.endswith("'s")):
                return [candidate]
        return []

    def phrase_after(self, position: int) -> tuple[int, int] | None:
        """The noun phrase after a position: up to a preposition, a name or a clause break."""
        reading = self.reading
        first = self._skip(self._skip(position, "g:auxiliaries"), "g:determiners")
        i = first
        while i < len(reading.words) and i - first < PHRASE_WORDS:
            if reading.clause[i] != reading.clause[first] or self._stops_phrase(i):
                break
            i += 1
        return (first, i) if i > first else None

    def phrase_before(self, position: int) -> tuple[int, int] | None:
        """The noun phrase before a verb ("the missiles were delivered", "οι πύραυλοι θα
        φτάσουν"), without the helpers between it and the verb."""
        reading = self.reading
        stop = position
        while stop > 0 and (self._helper_ends(stop) or reading.ends_at("f:negation", stop)
                            or reading.ends_at("f:soon", stop)):  # fmt: skip
            stop -= 1
        while (
            stop > 0
            and reading.clause[stop - 1] != reading.clause[position]
            and (reading.relative_clause(stop - 1))
        ):  # "The missiles, which Tehran made, arrived": the phrase before the relative clause
            stop = reading.clause.index(reading.clause[stop - 1])
        i = stop
        while (
            i > 0 and stop - i < PHRASE_WORDS and reading.clause[i - 1] == reading.clause[stop - 1]
        ):
            candidate = reading.candidate_at.get(i - 1)
            if self._cue_ends(i) or (candidate and not candidate.demonym):
                break
            i -= 1
        while i < stop and reading.starts_with("g:determiners", i):
            i = reading.starts_with("g:determiners", i)
        return (i, stop) if i < stop else None

    def _helper_ends(self, i: int) -> bool:
        return any(self.reading.ends_at(name, i) for name in
                   ("g:auxiliaries", "g:passive_auxiliaries"))  # fmt: skip

    def _cue_ends(self, i: int) -> bool:
        return any(self.reading.ends_at(name, i) for name in self.finder.cue_end_names)

    def _stops_phrase(self, i: int) -> bool:
        reading = self.reading
        candidate = reading.candidate_at.get(i)
        if candidate and not candidate.demonym:
            return True
        return any(reading.starts_with(name, i) for name in self.finder.phrase_stop_names)

    def _skip(self, i: int, name: str) -> int:
        while i < len(self.reading.words) and self.reading.starts_with(name, i):
            i = self.reading.starts_with(name, i)
        return i


def _add(reading: Reading, candidate: Candidate) -> None:
    reading.candidates.append(candidate)
    for i in range(candidate.first, candidate.stop):
        reading.candidate_at[i] = candidate


def _speaker_candidate(quote: Quote, reading: Reading) -> Candidate:
    """The quote's speaker as an argument of an event the speaker did."""
    mention = quote.speaker.mention
    span = quote.speaker.span or (mention.start, mention.end)
    first = reading.word_at(span[0])
    return Candidate(first, max(first + 1, reading.word_at(span[1])), mention, span)


def _inside_name(reading: Reading, i: int) -> bool:
    """ "Support" in "Rapid Support Forces" names a group; it reports no event. A name that
    begins with the trigger ("Marcha ...") is more often a capitalised verb or noun read as
    a name, unless the gazetteer knows the name."""
    candidate = reading.candidate_at.get(i)
    if candidate is None or candidate.mention is None or candidate.demonym:
        return False
    return candidate.first < i or candidate.mention.entity_id is not None


def _argument(candidate: Candidate, text: str) -> Argument:
    start, end = candidate.span
    return Argument(text[start:end], start, end, candidate.mention)


def _carrying_quote(quotes: list[Quote], offset: int) -> tuple[int | None, Quote | None]:
    """The shortest quote whose content holds `offset`."""
    holding = [(q.end - q.start, i) for i, q in enumerate(quotes) if q.start <= offset < q.end]
    if not holding:
        return None, None
    index = min(holding)[1]
    return index, quotes[index]


def _take_antecedent(event: Event, previous: list[Event]) -> None:
    """Arguments of the last event of the same type in the sentence before, for a noun that
    names none of its own; the phrase after a bare noun is no object ("would be carried")."""
    antecedent = next((e for e in reversed(previous) if e.type == event.type), None)
    if antecedent is None or event.actors or event.recipients:
        return
    event.actors, event.recipients = list(antecedent.actors), list(antecedent.recipients)
    event.object, event.object_kind = antecedent.object, antecedent.object_kind


def _without_nested(events: list[Event]) -> list[Event]:
    """A noun inside another event's object or theme of the same type is that event:
    "the first shipments to arrive" is one arrival, not a shipment and an arrival."""
    kept = []
    for event in events:
        inside = any(
            other is not event and other.type == event.type and other.object is not None
            and other.object.start <= event.trigger_span[0] < other.object.end
            for other in events
        )  # fmt: skip
        if not inside:
            kept.append(event)
    return kept


@component("events", requires=("quotes",), assigns=("events",))
class Events:
    """Pipeline component: events with their arguments, factuality and source chain."""

    def __init__(self, settings: Settings) -> None:
        self.finders = cache(EventFinder)  # one per language

    def __call__(self, doc: Document) -> Document:
        doc.events = self.finders(doc.pack_language).events(doc)
        return doc
