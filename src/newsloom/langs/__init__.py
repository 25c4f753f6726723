"""Language packs: per-language data files and the loader that reads them.

Each language has a folder named by its ISO 639-1 code holding `pack.toml`.
Code never hard-codes words of a language; it asks the pack. Month names come
from CLDR (via babel) so every locale has them; a pack only adds the informal
forms newsrooms use ("Sept", "Σεπτ.").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

from newsloom.normalize import fold

MIN_NAME_STEM = 3  # letters a case ending leaves of a name at least ("Том" is no "Т" + "ом")


@dataclass(frozen=True)
class LanguagePack:
    code: str
    name: str
    # Lower-cased abbreviations without their final period ("dr", "u.s", "κ").
    abbreviations: frozenset[str] = frozenset()
    # Characters that end a sentence in this language besides . ! ? … (Greek ";").
    extra_terminators: str = ""
    # Lower-cased month name -> month number, from CLDR plus the pack's extras.
    months: dict[str, int] = field(default_factory=dict)
    # Words that may stand between day and month or month and year ("de").
    date_joiners: tuple[str, ...] = ()
    # Line prefixes that mark a photo caption ("Photo:", "Φωτογραφία:").
    caption_prefixes: tuple[str, ...] = ()
    link_and_credit_prefixes: tuple[str, ...] = ()  # "Read more", "Editing by": cleaned away
    # Case endings of names as (inflected, base) pairs: Ρωσίας -> Ρωσία, Москвы -> Москва.
    name_suffixes: tuple[tuple[str, str], ...] = ()
    # German capitalises every noun, so capitals alone do not mark a name.
    capitalises_nouns: bool = False
    # Articles that stand before a person's name in this language (Greek "ο Τσίπρας").
    person_articles: frozenset[str] = frozenset()
    # Case endings of people's names, by the word that shows the case ("του Κυριάκου Μητσοτάκη"
    # -> Κυριάκος Μητσοτάκης); "*" applies wherever no such word stands before the name.
    # Each list holds [inflected, nominative] pairs, the first that fits a word wins.
    person_name_cases: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def nominative(self, name: str, context: list[str]) -> str:
        """`name` in the nominative, given the folded words before it, nearest last."""
        rules = next(
            (self.person_name_cases[w] for w in reversed(context) if w in self.person_name_cases),
            None,
        )
        rules = rules if rules is not None else self.person_name_cases.get("*", ())
        return " ".join(_nominative_word(word, rules) for word in name.split())

    def base_forms(self, word: str) -> list[str]:
        """Folded `word` and every form its case endings could come from (лавровым -> лавров)."""
        return list(_base_forms(self.name_suffixes, word))


def _nominative_word(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    for inflected, base in rules:
        if word.endswith(inflected) and len(word) - len(inflected) >= MIN_NAME_STEM:
            return word[: len(word) - len(inflected)] + base
    return word


@lru_cache(maxsize=200_000)  # names recur article after article
def _base_forms(suffixes: tuple[tuple[str, str], ...], word: str) -> tuple[str, ...]:
    key = fold(word)
    forms = [key]
    for inflected, base in suffixes:
        if key.endswith(inflected) and len(key) - len(inflected) >= 3:
            forms.append(key[: len(key) - len(inflected)] + base)
    return tuple(forms)


@dataclass(frozen=True)
class EntityCues:
    """A language's cues for recognising names (from its `entities.toml`), folded (see fold)."""

    person_roles: dict[str, str] = field(default_factory=dict)  # role phrase -> English label
    honorifics: frozenset[str] = frozenset()
    organisation_words: frozenset[str] = frozenset()
    location_words: frozenset[str] = frozenset()
    location_prepositions: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    demonyms: dict[str, str] = field(default_factory=dict)  # word -> ISO country code
    anonymous_role_nouns: frozenset[str] = frozenset()
    anonymous_seniority: frozenset[str] = frozenset()
    anonymous_phrases: tuple[str, ...] = ()
    # Common nouns as written, for languages that capitalise them (added to the derived lexicon).
    common_nouns: frozenset[str] = frozenset()
    noun_suffixes: tuple[str, ...] = ()  # folded endings only common nouns have (-ung)
    # Words that complete a role after it, capitalised ("υπουργός Πολιτισμού", "Minister of
    # Health"): part of the role, never a name.
    role_complements: frozenset[str] = frozenset()
    # Verbs right next to a lone name that make it a person ("Lebed said", "dijo Aznar").
    person_verbs: frozenset[str] = frozenset()
    # Head words of events, contests and prizes ("World Cup", "US Open"): a run ending in one
    # is MISC, not a person.
    event_words: frozenset[str] = frozenset()
    # Lower-case words that open an organisation's name before capitalised ones
    # ("υπουργείο Υγείας", Ministry of Health).
    organisation_openers: frozenset[str] = frozenset()
    # Runs of this many capitalised words or more, with no role before them, are organisations
    # (Greek people have two names; its institutions more words); 0: no such rule.
    organisation_run_length: int = 0
    # Acronyms that are common nouns, as written ("GDP", "ΦΠΑ", "ВВП"): never names.
    common_acronyms: frozenset[str] = frozenset()
    # Whether a head word alone names an institution ("el Ayuntamiento", "la Generalitat"):
    # Spanish news writes so; elsewhere "the Commission" alone is a generic mention.
    head_word_names: bool = False
    # Lower-case words right before a name that make it an organisation ("carmaker Hyundai",
    # "компания Microsoft", "el diario El País").
    organisation_descriptors: frozenset[str] = frozenset()
    # Endings of place names ("-burg", "-hausen"): a lone unknown word ending so is a place.
    place_suffixes: tuple[str, ...] = ()
    # Type of an unknown name written in Latin letters in a language that is not (Greek and
    # Russian news write brands and companies so: "Facebook", "Oracle"); None: no such rule.
    latin_name_type: str | None = None
    # Whether the language writes headlines and captions in Title Case ("Lavrov Hails Trump's
    # Remarks"), and the longer words that Title Case leaves in lower case ("Talks with Iran").
    title_case_headlines: bool = False
    title_case_minor_words: frozenset[str] = frozenset()


ATTRIBUTION_CUES = (
    "reporting_verbs", "complementizers", "according_to", "citing", "relay_to", "relay_verbs",
    "relay_as", "pronouns", "anonymous_speakers", "institutions",
    "determiners", "relative_pronouns", "conjunctions", "agent_markers",
    "relay_by", "auxiliaries", "noun_markers", "participle_markers", "verb_helpers",
    "not_speech",
)  # fmt: skip
STATUS_CUES = (
    "denied", "confirmed", "expected", "planned", "hypothetical", "reported", "negation", "soon",
)  # fmt: skip


@dataclass(frozen=True)
class QuoteCues:
    """A language's cue phrases for quotes, attribution and claim status (its `quotes.toml`):
    each key of ATTRIBUTION_CUES and STATUS_CUES maps to its list, empty where the language
    has none (see newsloom.analyze.phrases for how they match)."""

    attribution: dict[str, tuple[str, ...]]
    status: dict[str, tuple[str, ...]]
    # Role nouns the entity pack does not list, folded, -> English role label ("top diplomat"
    # -> "foreign minister"), for role noun phrases that refer to a named person.
    roles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TriggerClass:
    """One group of event triggers of a language: what they mean and where their arguments are."""

    type: str  # PLOVER type
    mode: str | None
    cameo: str  # CAMEO root code
    frame: str  # transfer, receive, arrive, act, meet or self (see langs/en/events.toml)
    verbs: tuple[str, ...]
    nouns: tuple[str, ...]


@dataclass(frozen=True)
class EventCues:
    """A language's event triggers, clause words and factuality cues (its `events.toml`)."""

    triggers: tuple[TriggerClass, ...] = ()
    grammar: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrase lists
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded word endings
    factuality: dict[str, tuple[str, ...]] = field(default_factory=dict)
    objects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> words
    pro_drop: bool = False
    verb_final: bool = False  # arguments may stand before the verb (German subordinates)


ENDING_LISTS = (
    "passive_endings", "progressive_endings", "first_person_endings", "future_endings",
)  # fmt: skip


def available() -> list[str]:
    """Codes of the languages that have a pack."""
    root = resources.files(__package__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "pack.toml").is_file())


@cache
def load_pack(code: str) -> LanguagePack:
    """The pack for `code`; languages without a pack get CLDR data only."""
    data = _read_pack_file(code)
    months = _cldr_months(code)
    for name, number in data.get("months", {}).items():
        months[name.lower()] = number
    return LanguagePack(
        code=code,
        name=data.get("name", code),
        abbreviations=frozenset(a.lower().rstrip(".") for a in data.get("abbreviations", [])),
        extra_terminators=data.get("extra_terminators", ""),
        months=months,
        date_joiners=tuple(data.get("date_joiners", [])),
        caption_prefixes=tuple(data.get("caption_prefixes", [])),
        link_and_credit_prefixes=tuple(data.get("link_and_credit_prefixes", [])),
        name_suffixes=tuple(  # folded once here: every new word is tried against them all
            (fold(inflected), fold(base)) for inflected, base in data.get("name_suffixes", [])
        ),
        capitalises_nouns=data.get("capitalises_nouns", False),
        person_articles=frozenset(fold(a) for a in data.get("person_articles", [])),
        person_name_cases={
            fold(word): tuple((inflected, base) for inflected, base in rules)
            for word, rules in data.get("person_name_cases", {}).items()
        },
    )


@cache
def load_entity_cues(code: str) -> EntityCues:
    """Entity cues for `code`; empty for a language without an `entities.toml`."""
    data = _read_pack_file(code, "entities.toml")
    anonymous = data.get("anonymous_sources", {})

    def words(values: list[str]) -> frozenset[str]:
        return frozenset(fold(v) for v in values)

    return EntityCues(
        person_roles={fold(k): v for k, v in data.get("person_roles", {}).items()},
        honorifics=words(data.get("honorifics", [])),
        organisation_words=words(data.get("organisation_words", [])),
        location_words=words(data.get("location_words", [])),
        location_prepositions=words(data.get("location_prepositions", [])),
        not_names=words(data.get("not_names", [])),
        demonyms={fold(k): v for k, v in data.get("demonyms", {}).items()},
        anonymous_role_nouns=words(anonymous.get("role_nouns", [])),
        anonymous_seniority=words(anonymous.get("seniority", [])),
        anonymous_phrases=tuple(fold(p) for p in anonymous.get("phrases", [])),
        common_nouns=frozenset(data.get("common_nouns", [])),
        noun_suffixes=tuple(fold(v) for v in data.get("noun_suffixes", [])),
        role_complements=words(data.get("role_complements", [])),
        person_verbs=words(data.get("person_verbs", [])),
        event_words=words(data.get("event_words", [])),
        organisation_openers=words(data.get("organisation_openers", [])),
        organisation_run_length=data.get("organisation_run_length", 0),
        common_acronyms=frozenset(a.replace(".", "") for a in data.get("common_acronyms", [])),
        head_word_names=data.get("head_word_names", False),
        organisation_descriptors=words(data.get("organisation_descriptors", [])),
        place_suffixes=tuple(fold(v) for v in data.get("place_suffixes", [])),
        latin_name_type=data.get("latin_name_type"),
        title_case_headlines=data.get("title_case_headlines", False),
        title_case_minor_words=words(data.get("title_case_minor_words", [])),
    )


@cache
def load_quote_cues(code: str) -> QuoteCues:
    """Quote and claim cues for `code`; empty for a language without a `quotes.toml`."""
    data = _read_pack_file(code, "quotes.toml")
    attribution, status = data.get("attribution", {}), data.get("status", {})
    return QuoteCues(
        attribution={key: tuple(attribution.get(key, ())) for key in ATTRIBUTION_CUES},
        status={key: tuple(status.get(key, ())) for key in STATUS_CUES},
        roles={fold(k): v for k, v in data.get("roles", {}).items()},
    )


@cache
def load_event_cues(code: str) -> EventCues:
    """Event cues for `code`; empty (no events found) for a language without an `events.toml`."""
    data = _read_pack_file(code, "events.toml")
    grammar = data.get("grammar", {})
    triggers = tuple(
        TriggerClass(t["type"], t.get("mode"), t["cameo"], t["frame"],
                     tuple(t.get("verbs", ())), tuple(t.get("nouns", ())))
        for t in data.get("triggers", [])
    )  # fmt: skip
    return EventCues(
        triggers=triggers,
        grammar={
            k: tuple(v) for k, v in grammar.items() if isinstance(v, list) and k not in ENDING_LISTS
        },  # fmt: skip
        endings={k: tuple(fold(v) for v in grammar.get(k, ())) for k in ENDING_LISTS},
        factuality={k: tuple(v) for k, v in data.get("factuality", {}).items()},
        objects={k: tuple(v) for k, v in data.get("objects", {}).items()},
        pro_drop=grammar.get("pro_drop", False),
        verb_final=grammar.get("verb_final", False),
    )


def _read_pack_file(code: str, name: str = "pack.toml") -> dict:
    path = resources.files(__package__) / code / name
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _cldr_months(code: str) -> dict[str, int]:
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=locale).items():
                months[name.lower().rstrip(".")] = number
    return months
