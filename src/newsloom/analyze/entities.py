"""Rule-based named-entity recognition in every language, offline.

There is no statistical model to download here, so recognition is built from data:
* the gazetteer (countries, cities, organisations, outlets in every language), tried first,
  with the language pack's case endings (Ρωσίας -> Ρωσία, Москвы -> Москва);
* demonyms and nationality adjectives (ιρανικοί, iranisch, иранский -> Iran);
* capitalisation: a run of capitalised words that the gazetteer does not know is a name,
  typed by the pack's cues: organisation words ("Council"), location words ("River"),
  role words before it ("President", "υπουργός Εξωτερικών"), honorifics;
* anonymous sources: a role noun with a nationality ("a US official", "Αμερικανός
  αξιωματούχος") becomes a person mention with `anonymous` set and no name.
Within an article a surname alone ("Lavrov said") is the person named in full elsewhere.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from itertools import product

from newsloom.analyze.model_entities import ModelRecogniser, combine
from newsloom.analyze.sentences import split_sentences
from newsloom.analyze.tagger import Reading, Word, merge, one_type_per_name, tagger
from newsloom.analyze.time import find_timexes
from newsloom.document import Document, Mention
from newsloom.langs import EntityCues, LanguagePack, load_entity_cues, load_pack
from newsloom.langs.lexicon import NounLexicon, common_nouns
from newsloom.link.gazetteer import MAX_NAME_TOKENS, Entry, Gazetteer, gazetteer, is_acronym
from newsloom.link.person_names import person_names
from newsloom.normalize import fold
from newsloom.pipeline import component
from newsloom.settings import Settings

TOKEN = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?")
POSSESSIVES = ("'s", "’s")
DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.N, E.E (the final dot follows)
DOMAIN = re.compile(r"(?:www\.)?[a-z0-9-]{3,}\.(?:com|org|net|gr|de|ru|es|fr|it|uk|eu|info|tv)")
# What follows the place that opens a dateline: "Mérida, 23 may (EFE)", "Badajoz (EFE)".
DATELINE = re.compile(r"\s*(?:,\s*\d|\(\s*[A-ZΑ-ΩА-Я])")
# A model designation: up to three letters, maybe a hyphen, digits and maybe a letter or two
# ("Su-35", "F-16", "S-400", "MiG-29", "A320", "Galaxy S7"), not a brand with a number
# ("Copa90") nor "COVID-19".
MODEL = re.compile(r"[^\W\d_]{1,3}-?\d+[^\W\d_]{0,2}")
# An elided article or preposition before a name ("l'OTAN", "dell'Iran"); a capital "L'" too,
# which opens French sentences ("L'Égypte a proposé"), but no other capital ("O'Brien").
BIG_CITY = 1_000_000  # people: a lone "person" sounding like such a city is taken for it
# A number, or a temperature ("30C", "40F"): a reading, though the tagger may take it for
# an acronym.
MEASURE = re.compile(r"\d+(?:[.,]\d+)?°?[CFK]?")
ELISION = re.compile(r"^(?:[a-zà-ü]{1,4}|L)['’](?=[^\W\d_])")
# Lower-case words that may stand inside a name ("Bank of England", "Ras al-Khaimah").
CONNECTORS = frozenset(
    [
        "of",
        "for",
        "de",
        "del",
        "du",
        "la",
        "le",
        "di",
        "da",
        "van",
        "von",
        "bin",
        "al",
        "el",
        "των",
        "της",
        "του",
    ]
)  # not "and"/"und" (two names), nor articles that join German nouns ("Vorgaben der Wall Street")
TENTATIVE = "?"  # role of a sentence-initial word kept only if it turns out to be a surname
ROLE_LOOKBACK = 6  # tokens before a name searched for a role word
ANONYMOUS_LOOKBACK = 4  # tokens before a role noun searched for nationality and seniority
ANONYMOUS_LOOKAHEAD = (
    3  # tokens after it ("un haut responsable américain", "officials from the US")
)
MIN_COMPOUND_MODIFIER = 3  # letters before a head word in a German compound name
MIN_COMPOUND_HEAD = 4  # letters of that head word ("-see" is too short: "Tennessee")
BIG_CITY = 1_000_000  # people: a city whose name in a run makes it an organisation's
MAX_PREPOSITION_WORDS = 3  # "από την", "in the"
# Title Case capitalises every word but articles, prepositions and conjunctions ("Expect
# Iranian Rockets to Arrive in Russia Soon"); prose has lower-case verbs and nouns.
TITLE_CASE_MIN_LETTERS = 4  # capitalised words this long are counted
TITLE_CASE_MIN_WORDS = 4  # fewer say nothing ("Britain by Richard Hannon", "Peter Blackburn")
TITLE_CASE_LIST = re.compile(r"[\d()\[\]]")  # digits and brackets: a results line, a list
HEADLINE_CUE_NAME_WORDS = 2  # words after a role in a headline taken as the name


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # folded, for lookups
    capitalised: bool
    cased: bool  # whether the script has capitals at all (Arabic and Persian do not)
    acronym: bool
    model: bool  # a model designation ("Su-35", "F-16")


@lru_cache(maxsize=500_000)
def _word_facts(word: str) -> tuple[str, bool, bool, bool, bool]:
    """Key, capitalised, cased, acronym and model of a word: news repeats its words, so
    remember them."""
    first = word[0]
    model = MODEL.fullmatch(word) is not None
    return fold(word), first.isupper(), first.lower() != first.upper(), is_acronym(word), model


def tokenize(text: str, offset: int = 0) -> list[Token]:
    found = []
    for match in TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        if "'" in word or "’" in word or "." in word:  # the rare words that need a closer look
            word, start, end = _trim(word, start, end, text[end : end + 1])
        found.append(Token(word, start + offset, end + offset, *_word_facts(word)))
    return found


def _trim(word: str, start: int, end: int, after: str) -> tuple[str, int, int]:
    if word.endswith(POSSESSIVES) and len(word) > 3:  # "Russia's" names Russia
        word, end = word[:-2], end - 2
    if after == "." and DOTTED.fullmatch(word):
        word, end = word + ".", end + 1  # "U.N." keeps its last dot
    elided = ELISION.match(word)
    if elided:  # "l'OTAN", "dell'Iran": the name starts after the apostrophe
        start += elided.end()
        word = word[elided.end() :]
    return word, start, end


class Recogniser:
    """Finds mentions in one language; build once per language and reuse."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.gazetteer: Gazetteer = gazetteer()
        self.cues: EntityCues = load_entity_cues(language)
        self.pack = load_pack(language)
        self.roles = {
            tuple(fold(w) for w in phrase.split()): label
            for phrase, label in self.cues.person_roles.items()
        }
        self.honorifics = self.cues.honorifics
        self.max_role_words = max((len(phrase) for phrase in self.roles), default=1)
        self.role_starts = {phrase[0] for phrase in self.roles if phrase}
        # Set phrases for unnamed sources, indexed by their first word, longest first.
        self.anonymous_phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.cues.anonymous_phrases, key=len, reverse=True):
            words = tuple(TOKEN.findall(phrase))
            if words:
                self.anonymous_phrases.setdefault(words[0], []).append(words)
        self.nouns = NounLexicon(frozenset())
        if self.pack.capitalises_nouns:  # German: "Regierung" and "Merkel" look alike
            self.nouns = NounLexicon(common_nouns(language).words | self.cues.common_nouns)
        self.demonyms = self.gazetteer.demonyms.get(language, {})
        self.demonym_starts = {key.split()[0] for key in self.demonyms if key}
        # A lower-case word can only start a demonym or an unnamed source ("a US official"):
        # every other one is passed over at once, which is most of the words of an article.
        self.lower_case_starts = (
            self.demonym_starts
            | set(self.anonymous_phrases)
            | self.cues.anonymous_role_nouns
            | self.cues.organisation_openers
        )

    def find(self, text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        tokenized = [tokenize(text[start:end], start) for start, end in sentences]
        return self.find_in_tokens(text, tokenized, self.headlines(text, sentences, tokenized))

    def headlines(
        self, text: str, sentences: list[tuple[int, int]], tokenized: list[list[Token]]
    ) -> set[int]:
        """Indexes of the sentences on Title Case or all-caps lines: capitals say nothing there."""
        title_case = title_case_lines(text, sentences, self.language)
        return {i for i, tokens in enumerate(tokenized) if title_case[i] or _is_all_caps(tokens)}

    def find_in_tokens(
        self, text: str, tokenized: list[list[Token]], headlines: set[int]
    ) -> list[Mention]:
        """Mentions in sentences already tokenized (`tokenize`), one list of tokens each, the
        sentences at the indexes `headlines` being headlines."""
        prose = [tokens for i, tokens in enumerate(tokenized) if i not in headlines]
        capitalised_inside = _capitalised_inside(prose)
        found = {
            i: self._sentence(tokens, text, capitalised_inside)
            for i, tokens in enumerate(tokenized)
            if i not in headlines
        }
        # Capitals say nothing in a headline: its names are the ones the prose has named.
        known = self._known_names([m for i in found for m in found[i]]) if headlines else {}
        for i in headlines:
            found[i] = self._sentence(tokenized[i], text, capitalised_inside, known)
        mentions = [m for i in range(len(tokenized)) for m in found[i]]
        return resolve_surnames(mentions, self.pack)

    @cache  # noqa: B019 - one Recogniser per language lives for the whole process
    def word_cues(self, word: str) -> tuple[str, ...]:
        """What the gazetteer and the pack's cues say of a word, as features for the tagger."""
        token = Token(word, 0, len(word), *_word_facts(word))
        cues, key = self.cues, token.key
        found = [
            name
            for name, words in (
                ("c=role", self.role_starts),
                ("c=hon", self.honorifics),
                ("c=orgw", cues.organisation_words),
                ("c=locw", cues.location_words),
                ("c=not", cues.not_names),
                ("c=verb", cues.person_verbs),
                ("c=prep", cues.location_prepositions),
                ("c=orgd", cues.organisation_descriptors),
                ("c=event", cues.event_words),
                ("c=anon", cues.anonymous_role_nouns),
                ("c=dem", self.demonym_starts),
                ("c=art", self.pack.person_articles),
            )
            if key in words
        ]
        if self._is_noun(token):
            found.append("c=noun")
        forms = self._base_forms(token.text)
        if any(form in self.gazetteer.first_words for form in forms):
            found.append("g=first")
        names = person_names()
        if any(form in names.first for form in forms):
            found.append("n=first")
        if any(form in names.last for form in forms):
            found.append("n=last")
        looked_up = (word, *forms[1:2])  # as written (acronyms), then without a case ending
        found += sorted({f"g={e.type}" for form in looked_up for e in self.gazetteer.lookup(form)})
        return tuple(found)

    def _known_names(self, mentions: list[Mention]) -> dict[tuple[str, ...], Mention]:
        """Names the prose gave, as written and in the nominative, by their folded words; a
        person also by the surname alone, in its base forms."""
        known: dict[tuple[str, ...], Mention] = {}
        for mention in mentions:
            if mention.anonymous or mention.role in ("demonym", TENTATIVE):
                continue
            for written in dict.fromkeys(filter(None, (mention.name, mention.text))):
                tokens = tokenize(written)
                known.setdefault(tuple(t.key for t in tokens), mention)
                if mention.type == "PER" and len(tokens) > 1:
                    for form in (tokens[-1].text, *self._base_forms(tokens[-1].text)):
                        known.setdefault((fold(form),), mention)
        return known

    # --- one sentence -----------------------------------------------------
    def _sentence(
        self,
        tokens: list[Token],
        text: str,
        capitalised_inside: set[str],
        known: dict[tuple[str, ...], Mention] | None = None,
    ) -> list[Mention]:
        """The mentions of one sentence; `known` is given for a headline, whose capitalised
        words are names only if the gazetteer or the prose (`known`) has them, or a role
        stands before them."""
        mentions: list[Mention] = []
        headline = known is not None
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.cased and not token.capitalised and token.key not in self.lower_case_starts:
                if "." in token.text and DOMAIN.fullmatch(token.text):  # "naftemporiki.gr"
                    mentions.append(Mention(token.start, token.end, token.text, "ORG"))
                i += 1
                continue
            matched = self._gazetteer_match(tokens, i, text)
            if (
                matched
                and not headline
                and self._continues(tokens, matched[1], text)
                and not self._role_before(tokens, i)  # "президент России Владимир Путин"
                and self._as_written(matched[0])  # not "России Сергей Лавров", "РФ Игорь"
            ):
                # "Brasil Telecom", "Manchester United": a place opening a longer name
                end = self._run_end(tokens, i, text)
                mention = self._classify(tokens, i, end, text, capitalised_inside)
                if mention:
                    mentions.append(mention)
                i = end
                continue
            if matched:
                mention, i = matched
                mentions.append(mention)
                continue
            if (
                token.key in self.cues.not_names and token.capitalised and not token.acronym
            ):  # "The", "Ο"
                i += 1
                continue
            opened = token.key in self.cues.organisation_openers and self._opened(tokens, i, text)
            if opened:  # "υπουργείο Υγείας"
                mention, i = opened
                mentions.append(mention)
                continue
            demonym = token.key in self.demonym_starts and self._demonym(tokens, i)
            if demonym:
                mention, i = demonym
                mentions.append(mention)
                continue
            anonymous = (
                token.key in self.anonymous_phrases and self._anonymous_phrase(tokens, i, text)
            ) or self._anonymous(tokens, i, text)
            if anonymous:
                mention, i = anonymous
                mentions.append(mention)
                continue
            if token.capitalised and token.cased and headline:
                mention, i = self._headline_name(tokens, i, text, known or {})
                if mention:
                    mentions.append(mention)
                continue
            if token.capitalised and token.cased:
                role = self._role_at(tokens[i : i + self.max_role_words + 1])
                if role:  # "President", "Президент": the name (or a place) comes after it
                    i += role[1]
                    continue
                if self._is_noun(token):  # German "Vorstädte von Wien": no name starts here
                    i += 1
                    continue
                end = self._run_end(tokens, i, text)
                mention = self._classify(tokens, i, end, text, capitalised_inside)
                if mention:
                    mentions.append(mention)
                i = end
                continue
            i += 1
        return mentions

    def _headline_name(
        self, tokens: list[Token], i: int, text: str, known: dict[tuple[str, ...], Mention]
    ) -> tuple[Mention | None, int]:
        """A name the prose gave, or the words after a role, at `i` in a headline; else skip
        the word ("Lavrov Hails Trump's Remarks": Lavrov and Trump, not "Lavrov Hails Trump")."""
        longest = min(len(tokens) - i, MAX_NAME_TOKENS)
        for length in range(longest, 0, -1):
            span = tokens[i : i + length]
            seen = known.get(tuple(t.key for t in span))
            if length == 1 and not seen:
                forms = self._base_forms(span[0].text)
                seen = next((known[(fold(f),)] for f in forms if (fold(f),) in known), None)
            if seen:
                start, end = span[0].start, span[-1].end
                mention = Mention(start, end, text[start:end], seen.type, role=seen.role,
                                  country=seen.country, name=seen.name)  # fmt: skip
                return mention, i + length
        role = self._role_at(tokens[i : i + self.max_role_words + 1])
        if role:  # "President Pezeshkian Says ...": the name right after the role
            return self._after_headline_role(tokens, i + role[1], text, role[0])
        return None, i + 1

    def _after_headline_role(
        self, tokens: list[Token], i: int, text: str, role: str
    ) -> tuple[Mention | None, int]:
        """One or two capitalised words after a role, if a verb of saying or a colon follows."""
        end = i
        while (
            end < len(tokens)
            and end - i < HEADLINE_CUE_NAME_WORDS
            and tokens[end].capitalised
            and tokens[end].key not in self.cues.person_verbs
            and tokens[end].key not in self.cues.not_names
            and not self.gazetteer.lookup(tokens[end].text)
        ):
            end += 1
        if end == i or not self._says_after(tokens, end, text):
            return None, i
        start, stop = tokens[i].start, tokens[end - 1].end
        surface = text[start:stop]
        return Mention(start, stop, surface, "PER", role=role, name=surface), end

    def _says_after(self, tokens: list[Token], end: int, text: str) -> bool:
        """A verb of saying or a colon after a name in a headline ("President Pezeshkian Says",
        "Minister Lavrov:"), which a role word that is also an adjective or a title of nobility
        does not have before it ("Major League Baseball", "Prince Naseem Retains Title")."""
        if end < len(tokens) and tokens[end].key in self.cues.person_verbs:
            return True
        return text[tokens[end - 1].end :].lstrip().startswith(":")

    def _gazetteer_match(
        self, tokens: list[Token], i: int, text: str
    ) -> tuple[Mention, int] | None:
        first = tokens[i]
        if first.cased and not (first.capitalised or first.acronym):
            return None
        if first.key in self.cues.not_names and i == 0 and not first.acronym:
            return None
        starts = self.gazetteer.first_words
        most = max((starts.get(form, 0) for form in self._base_forms(first.text)), default=0)
        if not most:
            return None  # no known name starts with this word: skip the longer lookups
        longest = min(MAX_NAME_TOKENS, len(tokens) - i, most)
        for length in range(longest, 0, -1):
            # Inner words may be lower case: names are looked up whole ("Белый дом", "Union européenne").
            span = tokens[i : i + length]
            last = span[-1]
            entries = self._lookup(span, text)
            if entries and self._opens_longer_name(tokens, i, span, entries, text):
                return None  # "West Africa", "West Ham": not the West
            if entries and not self._ambiguous_opener(tokens, i, span, entries, text):
                surface = text[first.start : last.end]
                return _from_entry(entries[0], first.start, last.end, surface), i + length
        return None

    def identified(self, mention: Mention, text: str) -> Mention:
        """A place or organisation the tagger found without an id, with the gazetteer's id for
        the same name and type ("Venezuela" in "Gobierno de Venezuela", which the rules read
        as one unknown name), or for a place, the country or big city it sounds like
        ("Χαρκίβ" is Kharkiv)."""
        if mention.type == "PER":
            return self._place_read_as_person(mention)
        if mention.entity_id or mention.type not in ("LOC", "ORG"):
            return mention
        span = tokenize(mention.text, mention.start)
        if not span or len(span) > MAX_NAME_TOKENS:
            return mention
        entries = [e for e in self._lookup(span, text) if e.type == mention.type]
        if not entries and mention.type == "LOC":
            alike = self.gazetteer.sounding_like(mention.text, self.language)
            entries = [alike] if alike else []
        if not entries:
            return mention
        return _from_entry(entries[0], mention.start, mention.end, mention.text)

    def _place_read_as_person(self, mention: Mention) -> Mention:
        """A one-word "person" that is no known name but sounds like a city of a million
        people or a country is that place ("συνοικίες του Ομντουρμάν": Omdurman)."""
        word = mention.text
        if mention.role or mention.entity_id or " " in word:
            return mention
        names = person_names()
        forms = {fold(form) for form in (word, *self._base_forms(word))}  # "Σαμαρά": Σαμαράς
        if any(form in names.first or form in names.last for form in forms):
            return mention
        place = self.gazetteer.sounding_like(word, self.language)
        if place is None or (place.kind != "country" and place.population < BIG_CITY):
            return mention
        return _from_entry(place, mention.start, mention.end, word)

    def _lookup(self, span: list[Token], text: str) -> list[Entry]:
        surface = text[span[0].start : span[-1].end]
        found = self.gazetteer.lookup(surface)
        if found or not self.pack.name_suffixes or len(span) > 3:
            return found
        for variant in product(*(self._base_forms(t.text) for t in span)):
            found = self.gazetteer.lookup(" ".join(variant))
            if found:
                return found
        return []

    @cache  # noqa: B019 - one Recogniser per language lives for the whole process
    def _base_forms(self, word: str) -> tuple[str, ...]:
        return tuple(self.pack.base_forms(word))

    def _opens_longer_name(
        self, tokens: list[Token], i: int, span: list[Token], entries: list[Entry], text: str
    ) -> bool:
        """A standalone name ("West") followed at once by a capitalised word."""
        after = tokens[i + len(span)] if i + len(span) < len(tokens) else None
        return bool(
            after
            and all(e.standalone for e in entries)
            and after.capitalised
            and after.cased
            and not text[span[-1].end : after.start].strip()
        )

    def _ambiguous_opener(
        self, tokens: list[Token], i: int, span: list[Token], entries: list[Entry], text: str
    ) -> bool:
        """A lone word that is also a town is no place at a sentence start ("Split", "Nice"),
        where it is a common noun and only another name of the town ("Mann", "Wein"), nor
        before a capitalised word that starts no place: it is a first name ("Nico Hülkenberg",
        "Владимиром Путиным")."""
        if len(span) > 1 or not all(e.kind == "city" and not e.stands_for for e in entries):
            return False
        word = span[0].text
        alternate_only = all(e.name != word for e in entries)
        if i == 0 and not DATELINE.match(text, span[0].end):
            return True  # but "Mérida, 23 may (EFE)" is a place
        if self.nouns.listed(word) and alternate_only:
            return True
        if self.cues.latin_name_type and word.isascii() and alternate_only:
            return True  # "Google" in Greek text: a brand, not some town's other name
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        return bool(
            after
            and after.capitalised
            and after.cased
            and not text[span[0].end : after.start].strip()
            and not self._is_noun(after)
            and not any(form in self.gazetteer.first_words for form in self._base_forms(after.text))
        )

    def _as_written(self, mention: Mention) -> bool:
        """A gazetteer name found as written (not through a case ending) and not an acronym."""
        return not is_acronym(mention.text) and bool(self.gazetteer.lookup(mention.text))

    def _continues(self, tokens: list[Token], end: int, text: str) -> bool:
        """Whether a capitalised word that starts no known name and no role follows at once."""
        if end >= len(tokens):
            return False
        after = tokens[end]
        return (
            after.capitalised
            and after.cased
            and not text[tokens[end - 1].end : after.start].strip()
            and not self._is_noun(after)
            and after.key not in self.role_starts
            and after.key not in self.cues.not_names
            and not any(form in self.gazetteer.first_words for form in self._base_forms(after.text))
        )

    def _opened(self, tokens: list[Token], i: int, text: str) -> tuple[Mention, int] | None:
        """An organisation named by a lower-case opener and capitalised words after it."""
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if not (after and after.capitalised and not text[tokens[i].end : after.start].strip()):
            return None
        end = self._run_end(tokens, i + 1, text)
        start, stop = tokens[i].start, tokens[end - 1].end
        return Mention(start, stop, text[start:stop], "ORG"), end

    def _demonym(self, tokens: list[Token], i: int) -> tuple[Mention, int] | None:
        """A nationality word or two-word phrase ("ιρανικοί", "North Korean")."""
        for length in (2, 1):
            span = tokens[i : i + length]
            if len(span) < length:
                continue
            country = self.demonyms.get(" ".join(t.key for t in span))
            entity_id = self.gazetteer.demonym_entity(country) if country else None
            if entity_id:
                start, end = span[0].start, span[-1].end
                surface = " ".join(t.text for t in span)
                mention = Mention(start, end, surface, "MISC", entity_id=entity_id, role="demonym",
                                  country=country if entity_id.startswith("country:") else None)  # fmt: skip
                return mention, i + length
        return None

    def _nationality(self, token: Token) -> str | None:
        """ISO code when a word names a country or its people ("US", "ΗΠΑ", "Αμερικανός")."""
        return self.demonyms.get(token.key) or self._country(token)

    def _country(self, token: Token) -> str | None:
        """ISO code when a word is a country's name or acronym ("US official", "ΗΠΑ")."""
        if token.cased and not token.capitalised:
            return None
        entries = self.gazetteer.lookup(token.text)
        return entries[0].country if entries and entries[0].kind == "country" else None

    def _anonymous_phrase(
        self, tokens: list[Token], i: int, text: str
    ) -> tuple[Mention, int] | None:
        """A set phrase for unnamed sources ("people familiar with the matter")."""
        for phrase in self.anonymous_phrases.get(tokens[i].key, ()):
            span = tokens[i : i + len(phrase)]
            if tuple(t.key for t in span) == phrase:
                start, end = span[0].start, span[-1].end
                return Mention(
                    start, end, text[start:end], "PER", role="source", anonymous=True
                ), i + len(phrase)
        return None

    def _anonymous(self, tokens: list[Token], i: int, text: str) -> tuple[Mention, int] | None:
        """A role noun with a nationality or seniority: "a senior US official", "αξιωματούχος των ΗΠΑ"."""
        token = tokens[i]
        if token.key not in self.cues.anonymous_role_nouns:
            return None
        start, end, country = token.start, token.end, None
        for before in reversed(tokens[max(0, i - ANONYMOUS_LOOKBACK) : i]):
            found = self._nationality(before)
            if found:
                country, start = found, before.start
            elif before.key in self.cues.anonymous_seniority:
                start = before.start
            else:
                break
        if country is None:
            for after in tokens[i + 1 : i + 1 + ANONYMOUS_LOOKAHEAD]:
                found = self._nationality(after)
                if found:
                    country, end = found, after.end
                    break
                if after.key not in CONNECTORS and after.key not in self.cues.anonymous_seniority:
                    break
        senior = any(t.key in self.cues.anonymous_seniority for t in tokens[max(0, i - 2) : i])
        if country is None and not senior:
            return None
        mention = Mention(start, end, text[start:end], "PER", role=token.text.lower(), anonymous=True,
                          country=country)  # fmt: skip
        return mention, i + 1

    def _run_end(self, tokens: list[Token], i: int, text: str) -> int:
        """Index after a run of capitalised words: connectors may join them, punctuation ends it."""

        def joined(a: Token, b: Token) -> bool:
            gap = text[a.end : b.start].strip()
            return not gap or (gap == "." and len(a.text) == 1 and a.capitalised)  # "P. Simmons"

        end = i + 1
        while (
            end < len(tokens)
            and joined(tokens[end - 1], tokens[end])
            and not tokens[end - 1].model  # a model number ends a product name
        ):
            token = tokens[end]
            if token.capitalised and token.cased:
                role = self._role_at(tokens[end : end + self.max_role_words + 1])
                if role and end + role[1] < len(tokens) and tokens[end + role[1]].capitalised:
                    break  # "Cofinec CEO Stephen Frater": the role starts a new name
                end += 1
            elif (
                token.key in CONNECTORS
                and end + 1 < len(tokens)
                and tokens[end + 1].capitalised
                and joined(token, tokens[end + 1])
            ):
                end += 2
            else:
                break
        return end

    def _classify(
        self, tokens: list[Token], i: int, end: int, text: str, capitalised_inside: set[str]
    ) -> Mention | None:
        run = tokens[i:end]
        role = self._role_before(tokens, i)
        # Leading title words inside the run ("President Masoud Pezeshkian", "Dr Jane Roe").
        while len(run) > 1:
            leading = self._role_at(run)
            if leading:
                role, run = leading[0], run[leading[1] :]
            elif role and run[0].key in self.cues.role_complements:
                run = run[1:]  # "υπουργός Πολιτισμού Λίνα Μενδώνη": the portfolio is no name
            elif run[0].key in self.honorifics or (i == 0 and run[0].key in self.cues.not_names):
                run = run[1:]
            else:
                break
        if (run[0].key in self.cues.not_names and not run[0].acronym) or run[-1].key in CONNECTORS:
            return None  # "ΕΣΥ" is an acronym, "Εσύ" a pronoun
        if all(t.text.replace(".", "") in self.cues.common_acronyms for t in run):
            return None  # "GDP", "ΦΠΑ": acronyms of common nouns
        if role and all(t.key in self.cues.role_complements for t in run):
            return None  # "υπουργός Πολιτισμού", "Minister of Health"
        if len(run) == 1 and run[0].key in self.honorifics:
            return None  # "Frau", "Mr" alone
        if any(t.model for t in run):  # "Sukhoi Su-35": a product, no person
            start, stop = run[0].start, run[-1].end
            return Mention(start, stop, text[start:stop], "MISC", role="product")
        keys = {t.key for t in run}
        if self.pack.capitalises_nouns and not role and run[0].key not in self.honorifics:
            if all(self._is_noun(t) for t in run):
                return None  # "Millionen Euro"
            head = self._compound_head(run[-1])
            if head:  # "Schwanitzstraße", "Gazastreifen": a name's compound with a place word
                return Mention(run[0].start, run[-1].end, text[run[0].start : run[-1].end], head)
            if not self.nouns.words:  # without the lexicon, fall back on weaker cues
                if i > 0 and tokens[i - 1].key in self.cues.not_names and not run[0].acronym:
                    return None  # "die Regierung", "einer Sprecherin": a noun after its article
                if len(run) == 1:  # a lone capitalised word: a name only as a known surname
                    return Mention(run[0].start, run[0].end, run[0].text, "MISC", role=TENTATIVE)
        start, stop = run[0].start, run[-1].end
        surface = text[start:stop]
        if keys & self.cues.organisation_words:
            if len(run) == 1 and not self.cues.head_word_names:
                return None  # "the Commission", "η Επιτροπή" alone: which one is not said
            return Mention(start, stop, surface, "ORG")
        if run[-1].key in self.cues.event_words:
            return Mention(start, stop, surface, "MISC")  # "World Cup", "US Open"
        if (
            self.cues.latin_name_type
            and not role
            and len(surface) > 2  # not "H", "To": Latin look-alikes typed for Greek letters
            and all(t.text.isascii() for t in run)
        ):
            return Mention(start, stop, surface, self.cues.latin_name_type)  # "Facebook"
        if keys & self.cues.location_words:
            return Mention(start, stop, surface, "LOC")
        if not role and i > 0 and tokens[i - 1].key in self.cues.organisation_descriptors:
            return Mention(start, stop, surface, "ORG")  # "carmaker Hyundai", "компания Microsoft"
        if role or run[0].key in self.honorifics or len(run) > 1:
            if all(t.acronym for t in run):
                return Mention(start, stop, surface, "ORG")
            if not role and any(self._is_place(t) for t in run):
                return Mention(start, stop, surface, "ORG")  # "Air France", "Real Madrid"
            long_run = self.cues.organisation_run_length
            if not role and long_run and len(run) >= long_run:
                return Mention(start, stop, surface, "ORG")  # "Ευρωπαϊκού Μηχανισμού Σταθερότητας"
            return Mention(
                start, stop, surface, "PER", role=role, name=self._name(tokens, i, surface)
            )
        word = run[0]
        if word.acronym:
            return Mention(start, stop, surface, "ORG")
        sentence_initial = run[0] is tokens[0]
        if sentence_initial and DATELINE.match(text, stop):
            return Mention(start, stop, surface, "LOC")  # "Mérida, 23 may (EFE)"
        if sentence_initial and end < len(tokens) and tokens[end].key in self.cues.person_verbs:
            return Mention(start, stop, surface, "PER", name=surface)  # "Lebed said"
        if sentence_initial and word.key not in capitalised_inside:
            # Capitalised only because it starts a sentence: a name only if it is the surname of
            # someone named in full ("Лавров заявил" after "Сергеем Лавровым"); see resolve_surnames.
            return Mention(start, stop, surface, "MISC", role=TENTATIVE)
        if self._after_preposition(tokens, i) or self._place_like(word):
            return Mention(start, stop, surface, "LOC")
        if i > 0 and tokens[i - 1].key in self.pack.person_articles or self._said(tokens, i, end):
            name = self._name(tokens, i, surface)
            return Mention(start, stop, surface, "PER", name=name)  # "ο Τσίπρας"
        return Mention(start, stop, surface, "MISC")

    def _place_like(self, word: Token) -> bool:
        """A word with a place-name ending ("Ravensburg", "Pfaffenhofen")."""
        suffixes = self.cues.place_suffixes
        return bool(suffixes) and len(word.key) > 5 and word.key.endswith(suffixes)

    def _said(self, tokens: list[Token], i: int, end: int) -> bool:
        """A pack's person verb next to the name: "Lebed said", "said Clinton", "dijo Aznar"."""
        verbs = self.cues.person_verbs
        return (end < len(tokens) and tokens[end].key in verbs) or (
            i > 0 and tokens[i - 1].key in verbs
        )

    def _name(self, tokens: list[Token], i: int, surface: str) -> str:
        """A person's name in the nominative, for ids and display ("Сергеем Лавровым" -> Сергей
        Лавров, "του Κυριάκου Μητσοτάκη" -> Κυριάκος Μητσοτάκης)."""
        context = [t.key for t in tokens[max(0, i - ROLE_LOOKBACK) : i]]
        return self.pack.nominative(surface, context)

    def _compound_head(self, token: Token) -> str | None:
        """LOC or ORG if `token` is a compound ending in a location or organisation word."""
        for words, kind in (
            (self.cues.location_words, "LOC"),
            (self.cues.organisation_words, "ORG"),
        ):
            for cut in range(MIN_COMPOUND_MODIFIER, len(token.key) - MIN_COMPOUND_HEAD + 1):
                if token.key[cut:] in words:
                    return kind
        return None

    def _is_noun(self, token: Token) -> bool:
        """A common noun, in a language that capitalises them (German "Regierung", "Millionen")."""
        return bool(self.nouns.words) and (
            token.text in self.nouns
            or token.key.endswith(self.cues.noun_suffixes)
            or len(token.text) == 1
        )

    def _is_place(self, token: Token) -> bool:
        """A well-known place: a country, region, capital or big city, not a first name that
        some town also bears ("George", "Nico")."""
        return any(
            e.type == "LOC"
            and not e.standalone  # "Kanye West"
            and (e.kind != "city" or e.stands_for or e.population >= BIG_CITY)
            for form in (token.text, *self._base_forms(token.text)[1:])  # Μαδρίτης: Μαδρίτη
            for e in self.gazetteer.lookup(form)
        )

    def _after_preposition(self, tokens: list[Token], i: int) -> bool:
        for length in range(1, min(MAX_PREPOSITION_WORDS, i) + 1):
            if " ".join(t.key for t in tokens[i - length : i]) in self.cues.location_prepositions:
                return True
        return False

    def _role_at(self, run: list[Token]) -> tuple[str, int] | None:
        if run[0].key not in self.role_starts:
            return None
        for length in range(min(self.max_role_words, len(run) - 1), 0, -1):
            label = self.roles.get(tuple(t.key for t in run[:length]))
            if label:
                return label, length
        return None

    def _role_before(self, tokens: list[Token], i: int) -> str | None:
        """A role phrase just before a name ("ο υπουργός Εξωτερικών της Ρωσίας Σεργκέι Λαβρόφ").

        Only small words and place or organisation names may stand between role and name,
        so a role word earlier in the sentence does not make any later capitalised word a person.
        """
        window = tokens[max(0, i - ROLE_LOOKBACK) : i]
        for end in range(len(window), 0, -1):
            for length in range(min(self.max_role_words, end), 0, -1):
                label = self.roles.get(tuple(t.key for t in window[end - length : end]))
                if label:
                    return label
            gap = window[end - 1]
            if not (
                gap.key in CONNECTORS
                or gap.key in self.cues.not_names
                or gap.key in self.cues.role_complements
                or gap.key in self.gazetteer.first_words
            ):
                return None
        return None


def _capitalised_inside(tokenized: list[list[Token]]) -> set[str]:
    """Words capitalised somewhere other than a sentence start: likely names."""
    return {token.key for tokens in tokenized for token in tokens[1:] if token.capitalised}


def title_case_lines(text: str, sentences: list[tuple[int, int]], language: str) -> list[bool]:
    """For each sentence, whether the line it stands on is a Title Case headline or caption
    ("Lavrov Hails Trump's Remarks on Ukraine"), where a capital says nothing about a name.

    Every longer word of such a line is capitalised but the pack's minor words ("with",
    "from"); a line with digits, brackets or several commas is a list or a results table
    ("Mike Hulbert , Brian Henninger , Tiger Woods", "Bury 4 Bristol City 0"), whose capitals
    are names. Only a language whose pack says its headlines are so written has such lines
    (English; not Greek, whose sentence "Κάρεν Σέυμουρ από το Πανεπιστήμιο Πατρών" capitalises
    every longer word, nor German, which capitalises its nouns).
    """
    cues = load_entity_cues(language)
    if not cues.title_case_headlines:
        return [False] * len(sentences)
    verdicts: dict[int, bool] = {}
    flags = []
    for start, _ in sentences:
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in verdicts:
            line_end = text.find("\n", start)
            line = text[line_start : None if line_end < 0 else line_end]
            verdicts[line_start] = _is_title_case(line, cues.title_case_minor_words)
        flags.append(verdicts[line_start])
    return flags


def _is_title_case(line: str, minor_words: frozenset[str]) -> bool:
    capitals = 0
    for match in TOKEN.finditer(line):
        word = match.group()
        if word[0].lower() == word[0].upper():
            continue
        if word[0].isupper():
            capitals += len(word) >= TITLE_CASE_MIN_LETTERS
        elif fold(word) not in minor_words:
            return False  # prose: most lines stop here, at their first lower-case word
    return (
        capitals >= TITLE_CASE_MIN_WORDS
        and not TITLE_CASE_LIST.search(line)
        and line.count(",") <= 1
    )


def _is_all_caps(tokens: list[Token]) -> bool:
    cased = [t for t in tokens if t.cased and len(t.text) > 1]
    return len(cased) >= 3 and all(t.text.isupper() for t in cased)


def _from_entry(entry: Entry, start: int, end: int, surface: str) -> Mention:
    return Mention(start, end, surface, entry.type, entity_id=entry.id, country=entry.country,
                   stands_for=entry.stands_for)  # fmt: skip


def resolve_surnames(mentions: list[Mention], pack: LanguagePack) -> list[Mention]:
    """A lone word that is the surname of a person named in full is that person ("Lavrov said"),
    whatever type it was given, unless the gazetteer knows it.

    Case endings are compared too: "Лавров заявил" is the "Сергеем Лавровым" met before.
    """
    by_surname: dict[str, Mention] = {}
    for mention in mentions:
        if mention.type == "PER" and mention.name and " " in mention.name:
            for form in pack.base_forms(mention.name.split()[-1]):
                by_surname.setdefault(form, mention)
    for mention in mentions:
        unknown = mention.type in ("PER", "MISC") or not mention.entity_id  # not a known place
        if unknown and not mention.anonymous and " " not in mention.text:
            forms = pack.base_forms(mention.text)
            head = next((by_surname[f] for f in forms if f in by_surname), None)
            if head:
                mention.type, mention.name = "PER", head.name
                mention.role = head.role if mention.role in (None, TENTATIVE) else mention.role
    return [m for m in mentions if m.role != TENTATIVE]


@cache
def recogniser(language: str) -> Recogniser:
    return Recogniser(language)


def find_mentions(
    text: str, sentences: list[tuple[int, int]], language: str, trained: bool = True
) -> list[Mention]:
    """Every mention in `text`: the rules' and, where newsloom ships a model for the language
    and `trained` is set, the trained tagger's names merged with them (see tagger.merge).
    On Title Case lines (headlines, captions) names come from the rules alone."""
    rules = recogniser(language)
    model = tagger(language) if trained else None
    if model is None:
        return typed_by_context(rules.find(text, sentences), text, rules.cues)
    tokenized = [tokenize(text[start:end], start) for start, end in sentences]
    headlines = rules.headlines(text, sentences, tokenized)
    found = rules.find_in_tokens(text, tokenized, headlines)
    reading = Reading()
    for i, words in enumerate(tagger_words(rules, tokenized, found)):
        if i not in headlines:
            model.read(words, text, reading)
    lines = [(t[0].start, t[-1].end) for i, t in enumerate(tokenized) if i in headlines and t]
    in_headline = [any(start <= m.start < end for start, end in lines) for m in found]
    named = [
        Mention(start, end, text[start:end], kind,
                name=rules.pack.nominative(text[start:end], []) if kind == "PER" else None)
        for start, end, kind in map(partial(without_time, text, language),
                                    one_type_per_name(reading.spans, text))
        if not MEASURE.fullmatch(text, start, end)
    ]  # fmt: skip
    elsewhere = [m for m, headline in zip(found, in_headline, strict=True) if not headline]
    merged = [rules.identified(m, text) for m in merge(named, elsewhere, reading)]
    merged += [m for m, headline in zip(found, in_headline, strict=True) if headline]
    mentions = sorted(merged, key=lambda m: (m.start, -m.end))
    return resolve_surnames(typed_by_context(mentions, text, rules.cues), rules.pack)


LOWER_WORD = re.compile(r"\s(\w+)\s")  # a lower-case word inside a name ("Bank of England")


def without_time(text: str, language: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """A tagged name without the date the tagger ran it into: "Group of Seven on Saturday"
    is the Group of Seven."""
    start, end, kind = span
    for word in LOWER_WORD.finditer(text, start, end):
        if word.group(1).islower():
            rest = word.end()
            found = find_timexes(text[rest:end], language)
            if found and found[0].start == 0 and found[-1].end == end - rest:
                return start, word.start(), kind
    return span


def typed_by_context(mentions: list[Mention], text: str, cues: EntityCues) -> list[Mention]:
    """Types the words around a name settle, whatever the name looked like."""
    return organisations_after_descriptors(places_read_as_people(mentions, text, cues), cues)


def organisations_after_descriptors(mentions: list[Mention], cues: EntityCues) -> list[Mention]:
    """ "la ONG Foro Penal", "the NGO Memorial": a descriptor written in capitals is no part of
    the name ("Banco Santander", "Partido Popular" keep theirs). A name the article uses for
    an organisation is one wherever it stands ("el director de Foro Penal" is no person)."""
    for mention in mentions:
        first, _, rest = mention.text.partition(" ")
        descriptor = first.isupper() and fold(first) in cues.organisation_descriptors
        if rest and not mention.entity_id and descriptor:
            mention.start += len(first) + 1
            mention.text, mention.type, mention.name, mention.role = rest, "ORG", None, None
    organisations = {m.text for m in mentions if m.type == "ORG"}
    for mention in mentions:
        if mention.text in organisations and not mention.entity_id:
            mention.type, mention.name, mention.role = "ORG", None, None
    return mentions


WORD_BEFORE = re.compile(r"(\w+)\s+$")
WORD_AFTER = re.compile(r"\s+(\w+)")


def places_read_as_people(mentions: list[Mention], text: str, cues: EntityCues) -> list[Mention]:
    """A person's name beside a lower-case place noun names the place: "the Al-Mak Nimir
    bridge", "τη γέφυρα Αλ-Μακ Νιμίρ". The tagger sees words, not what the noun beside a new
    name makes of it."""
    for mention in mentions:
        if mention.type != "PER" or mention.role or mention.entity_id:
            continue
        before = WORD_BEFORE.search(text, max(0, mention.start - 40), mention.start)
        after = WORD_AFTER.match(text, mention.end)
        beside = [m.group(1) for m in (before, after) if m and m.group(1).islower()]
        if any(fold(word) in cues.location_words for word in beside):
            mention.type, mention.name = "LOC", None
    return mentions


def tagger_words(
    rules: Recogniser, tokenized: list[list[Token]], found: list[Mention]
) -> list[list[Word]]:
    """The tokens of each sentence as the tagger reads them (a list for each sentence): with the
    gazetteer's and the pack's cues for each word and the rules' verdict where it stands
    ("r=B-PER", "r=anon", "r=id")."""
    starts = [token.start for tokens in tokenized for token in tokens]
    verdicts: dict[int, tuple[str, ...]] = {}
    for mention in found:
        if mention.anonymous:
            verdict = ("r=anon",)
        elif mention.role == "demonym":
            verdict = ("r=dem",)
        else:
            verdict = (f"r={mention.type}", "r=id") if mention.entity_id else (f"r={mention.type}",)
        first = bisect_left(starts, mention.start)
        for index in range(first, bisect_left(starts, mention.end)):
            opening = (f"r=B-{mention.type}",) if index == first and not mention.anonymous else ()
            verdicts[starts[index]] = (*verdict, *opening)
    return [
        [
            Word(t.start, t.end, t.text, rules.word_cues(t.text), verdicts.get(t.start, ()))
            for t in tokens
        ]
        for tokens in tokenized
    ]


def recognise(text: str, language: str, trained: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, type) of every named mention in `text`; for evaluation and quick use."""
    sentences = []
    offset = 0
    for line in text.split("\n"):
        sentences += [(offset + s, offset + e) for s, e in split_sentences(line, language)]
        offset += len(line) + 1
    found = find_mentions(text, sentences, language, trained)
    return [(m.start, m.end, m.type) for m in found if not m.anonymous]


@component("entities", requires=("text", "sentences", "language"), assigns=("mentions",))
class EntityRecogniser:
    """Pipeline component: names from the shipped tagger and the rules, unnamed sources and
    demonyms from the rules; or, when `Settings.entity_model` names a local spaCy model, names
    from that model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = ModelRecogniser(settings.entity_model) if settings.entity_model else None

    def __call__(self, doc: Document) -> Document:
        spans = [(s.start, s.end) for s in doc.sentences]
        trained = self.settings.trained_entities and not self.model
        doc.mentions = find_mentions(doc.text, spans, doc.language, trained)
        if self.model:
            doc.mentions = combine(self.model.find(doc.text), doc.mentions)
        return doc
