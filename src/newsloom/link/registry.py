"""The entity registry: one stable id per entity, whatever the language or script of its names.

Places and organisations found in the gazetteer already carry their ids (country:IR,
city:524901, org:nato). People get `person:<romanised-name>` the first time they are seen;
a later mention in any script links to them when its surname has the same phonetic key and
the full names match (Πεζεσκιάν, Pezeshkian and Пезешкиан are one person; Donald Trump and
Ivanka Trump are two). Other unknown names get a normalised key of their romanised form.
Every form seen is recorded per language, which is how `newsloom entity Πεζεσκιάν` works.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from newsloom.document import Document, Mention
from newsloom.langs import load_pack
from newsloom.link.gazetteer import gazetteer
from newsloom.link.names import name_key, same_name, sound_key
from newsloom.link.romanize import standard_romanization
from newsloom.normalize import fold
from newsloom.store import Database

ACRONYM_OPENING = re.compile(r"\s*\(\s*")  # between a name and the acronym it defines


def slug(text: str, language: str | None = None) -> str:
    """A stable ASCII key for a name in any script, spelled like its display name:
    "Μασούντ Πεζεσκιάν" -> "masount-pezeskian", "Jürgen Klopp" -> "jurgen-klopp"."""
    spelled = anyascii(standard_romanization(text, language)).lower()
    return re.sub(r"[^a-z0-9]+", "-", spelled).strip("-") or "unnamed"


def is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text if ch.isalpha())


ROMANISED = "romanised"
QUICK_REJECT = 60  # rapidfuzz ratio of phonetic keys below which two names are never the same


class EntityLinker:
    """Assigns entity ids to a document's mentions and records entities in the store."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.gazetteer = gazetteer()
        self.people: dict[tuple[str, str], str] = {}  # (name, language) -> id, for this run
        self.stored: set[str] = set()  # gazetteer entities already written in this run
        # Person id -> how good its display name is (see _name_quality), once read or set.
        self.display_quality: dict[str, tuple[bool, bool, bool]] = {}

    def link(self, doc: Document) -> None:
        expansions = acronym_expansions(doc.text, doc.mentions)
        for mention in doc.mentions:
            if mention.anonymous:
                continue
            named = expansions.get(mention.text, mention)  # "RSF" is what it stands for
            self._identify(named, doc.language)
            mention.entity_id, mention.type = named.entity_id, named.type
            self.db.add_entity_name(
                mention.entity_id, doc.language, mention.text, fold(mention.text)
            )

    def _identify(self, mention: Mention, language: str) -> None:
        """Give a mention its id: the gazetteer's (stored the first time it is met), else a
        person's by name, anything else the id of a name it was given before (an acronym
        defined in another article) or a new one."""
        if mention.entity_id and self._ensure_known(mention.entity_id):
            return
        if mention.type == "PER":
            key = (mention.name or mention.text, language)
            if key not in self.people:
                self.people[key] = self._person(*key, written=mention.text)
            mention.entity_id = self.people[key]
        elif mention.entity_id is None:
            mention.entity_id = self._named(mention, language)

    def _ensure_known(self, entity_id: str) -> bool:
        """Store a gazetteer entity the first time an article mentions it; False if unknown."""
        if entity_id in self.stored:
            return True
        entry = self.gazetteer.entries.get(entity_id)
        if entry is None:
            return False
        self.stored.add(entity_id)
        kind, _, key = entity_id.partition(":")
        self.db.add_entity(
            entry.id, entry.type, entry.name, kind=entry.kind, country=entry.country,
            geonames_id=int(key) if kind == "city" else None, stands_for=entry.stands_for,
        )  # fmt: skip
        return True

    def _person(self, name: str, language: str, written: str) -> str:
        """The person `name` (in the nominative) refers to, or a new one. The name as written
        is tried too: "τον Νταγκάλο" is Dagalo, though its nominative reads "Νταγκάλος"."""
        match = (
            find_person(self.db, name, language)
            or self._person_by_base_forms(name, language)
            or (written != name and find_person(self.db, written, language))
        )
        if match:
            self._prefer_better_name(match, name, language)
            return match
        entity_id = self._new_id(f"person:{slug(name, language)}")
        self.db.add_entity(
            entity_id, "PER", *_display(name, language),
            kind="person",
        )  # fmt: skip
        self.db.add_entity_key(surname_block(name, language), entity_id)
        return entity_id

    def _person_by_base_forms(self, name: str, language: str) -> str | None:
        """Try the surname without its case endings ("Сергеем Лавровым" -> "Лавров")."""
        for surname in load_pack(language).base_forms(name.split()[-1])[1:]:
            match = find_person(self.db, surname, language)
            if match:
                return match
        return None

    def _prefer_better_name(self, entity_id: str, name: str, language: str) -> None:
        """Display the best-attested name: a full name before a surname alone, then an English
        article's spelling, then another Latin-script language's, then a romanisation."""
        if entity_id not in self.display_quality:
            row = self.db.entity(entity_id)
            self.display_quality[entity_id] = _name_quality(row["name"], row["name_source"])
        display, source = _display(name, language)
        quality = _name_quality(display, source)
        if quality > self.display_quality[entity_id]:
            self.db.rename_entity(entity_id, display, source)
            self.display_quality[entity_id] = quality

    def _named(self, mention: Mention, language: str) -> str:
        for known in self.db.entity_ids_named(fold(mention.text)):
            if known.startswith(f"{mention.type.lower()}:"):
                return known
        entity_id = f"{mention.type.lower()}:{slug(mention.text, language)}"
        self.db.add_entity(
            entity_id, mention.type, *_display(mention.text, language),
        )  # fmt: skip
        return entity_id

    def _new_id(self, base: str) -> str:
        entity_id, number = base, 1
        while self.db.entity(entity_id) is not None:
            number += 1
            entity_id = f"{base}-{number}"
        return entity_id


def acronym_expansions(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    """Acronyms an article defines, each with the name it stands for: "Rapid Support Forces
    (RSF)", "Δυνάμεις Ταχείας Υποστήριξης (RSF)". Every "RSF" in that article is that name."""
    expansions: dict[str, Mention] = {}
    for full, short in itertools.pairwise(mentions):
        if (
            full.type == "ORG"
            and short.text.isupper()
            and 2 <= len(short.text) <= 8
            and ACRONYM_OPENING.fullmatch(text, full.end, short.start)
            and text.startswith(")", short.end)
        ):
            expansions.setdefault(short.text, full)
    return expansions


def surname_block(name: str, language: str | None = None) -> str:
    """The bucket a person is looked up in: the sound key of the surname."""
    return sound_key(name.split()[-1], language)


def find_person(db: Database, name: str, language: str | None = None) -> str | None:
    """The known person `name` refers to: same surname, and same full name where both have one.

    A surname alone goes to the person with that surname mentioned most.
    """
    surname = name.split()[-1]
    for candidate in db.entities_with_key(surname_block(name, language)):  # most mentioned first
        forms = {(None, candidate["name"])} | {
            (lang, form)
            for lang, forms in db.entity_names(candidate["id"]).items()
            for form in forms
        }
        surnames = {(lang, form.split()[-1]) for lang, form in forms}
        if not any(_same(surname, other, language, lang) for lang, other in surnames):
            continue
        full_forms = [(lang, form) for lang, form in forms if " " in form]
        if " " not in name or not full_forms:
            return candidate["id"]
        if any(_same(name, form, language, lang) for lang, form in full_forms):
            return candidate["id"]
    return None


@lru_cache(maxsize=200_000)
def _same(a: str, b: str, language_a: str | None, language_b: str | None) -> bool:
    """`same_name`, remembered: the same pairs of names come up article after article.

    Pairs whose phonetic keys are far apart are rejected by a quick C-level ratio first:
    `same_name` weighs every edit in Python and is the costliest step of linking.
    """
    if fuzz.ratio(_key(a, language_a), _key(b, language_b)) < QUICK_REJECT:
        return False
    return same_name(a, b, language_a, language_b)


@lru_cache(maxsize=200_000)
def _key(name: str, language: str | None) -> str:
    return name_key(name, language)


def _name_quality(name: str, source: str | None) -> tuple[bool, bool, bool]:
    return " " in name, source == "en", source != ROMANISED


def _display(name: str, language: str) -> tuple[str, str]:
    """Display name in Latin script and where it came from: the name as written in a
    Latin-script language, else its standard romanisation (ELOT 743, BGN/PCGN), which the
    first Latin-script mention replaces (see `_prefer_better_name`)."""
    if is_latin(name):
        return name, language
    return standard_romanization(name, language), ROMANISED


def find_entity(db: Database, name: str) -> str | None:
    """An entity id for a name in any script: exact id, a recorded name form, or a person's name."""
    if db.entity(name):
        return name
    found = db.entity_ids_named(fold(name))
    if found:
        return found[0]
    for entry in gazetteer().lookup(name):  # a form not seen in any article yet ("ООН")
        if db.entity(entry.id):
            return entry.id
    return find_person(db, name)
