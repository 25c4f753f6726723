"""The entity registry: one stable id per entity, whatever the language or script of its names.

Places and organisations found in the gazetteer already carry their ids (country:IR,
city:524901, org:nato). People get `person:<romanised-name>` the first time they are seen;
a later mention in any script links to them when its surname has the same phonetic key and
the full names match (Πεζεσκιάν, Pezeshkian and Пезешкиан are one person; Donald Trump and
Ivanka Trump are two). Other unknown names get a normalised key of their romanised form.
Every form seen is recorded per language, which is how `newsloom entity Πεζεσκιάν` works.
"""

from __future__ import annotations

import re
from itertools import product

from newsloom.document import Document, Mention
from newsloom.langs import load_pack
from newsloom.link.gazetteer import gazetteer
from newsloom.link.names import name_key, same_name
from newsloom.link.romanize import romanize
from newsloom.normalize import fold
from newsloom.store import Database


def slug(text: str, language: str | None = None) -> str:
    """A stable ASCII key for a name in any script: "Μασούντ Πεζεσκιάν" -> "masount-pezeskian"."""
    return re.sub(r"[^a-z0-9]+", "-", romanize(text, language).lower()).strip("-") or "unnamed"


def is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text if ch.isalpha())


ROMANISED = "romanised"
BLOCK_CHARS = 3  # people are looked up by the start of their surname's phonetic key, then compared


class EntityLinker:
    """Assigns entity ids to a document's mentions and records entities in the store."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.gazetteer = gazetteer()

    def link(self, doc: Document) -> None:
        people: dict[str, str] = {}  # full name in this article -> entity id
        for mention in doc.mentions:
            if mention.anonymous:
                continue
            known = mention.entity_id and self._ensure_known(mention.entity_id)
            if not known and mention.type == "PER":
                name = mention.name or mention.text
                if name not in people:
                    people[name] = self._person(name, doc.language)
                mention.entity_id = people[name]
            elif not known:
                mention.entity_id = self._named(mention, doc.language)
            self.db.add_entity_name(
                mention.entity_id, doc.language, mention.text, fold(mention.text)
            )

    def _ensure_known(self, entity_id: str) -> bool:
        """Store a gazetteer entity the first time an article mentions it; False if unknown."""
        entry = self.gazetteer.entries.get(entity_id)
        if entry is None:
            return False
        kind, _, key = entity_id.partition(":")
        self.db.add_entity(
            entry.id, entry.type, entry.name, kind=entry.kind, country=entry.country,
            geonames_id=int(key) if kind == "city" else None, stands_for=entry.stands_for,
        )  # fmt: skip
        return True

    def _person(self, name: str, language: str) -> str:
        match = find_person(self.db, name, language) or self._person_by_base_forms(name, language)
        if match:
            self._prefer_latin_name(match, name, language)
            return match
        entity_id = self._new_id(f"person:{slug(name, language)}")
        self.db.add_entity(
            entity_id, "PER", *_display(name, language),
            kind="person",
        )  # fmt: skip
        self.db.add_entity_key(surname_block(name, language), entity_id)
        return entity_id

    def _person_by_base_forms(self, name: str, language: str) -> str | None:
        """Try the name without its case endings ("Сергеем Лавровым" -> "Сергей Лавров")."""
        pack = load_pack(language)
        for words in product(*(pack.base_forms(word) for word in name.split()[-3:])):
            match = find_person(self.db, " ".join(words), language)
            if match:
                return match
        return None

    def _prefer_latin_name(self, entity_id: str, name: str, language: str) -> None:
        """Display the fullest Latin-script name, English if any English article gives one."""
        row = self.db.entity(entity_id)
        if not (is_latin(name) and " " in name) or row["name_source"] == "en":
            return
        if language == "en" or row["name_source"] == ROMANISED or " " not in row["name"]:
            self.db.rename_entity(entity_id, name, language)

    def _named(self, mention: Mention, language: str) -> str:
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


def surname_block(name: str, language: str | None = None) -> str:
    """People are looked up by the start of their surname's phonetic key, then compared."""
    return name_key(name.split()[-1], language)[:BLOCK_CHARS]


def find_person(db: Database, name: str, language: str | None = None) -> str | None:
    """The known person `name` refers to: same surname, and same full name where both have one.

    A surname alone goes to the person with that surname mentioned most.
    """
    surname = name.split()[-1]
    matches = []
    for candidate in db.entities_with_key(surname_block(name, language)):
        forms = [(None, candidate["name"])] + [
            (lang, form)
            for lang, forms in db.entity_names(candidate["id"]).items()
            for form in forms
        ]
        if not any(same_name(surname, f.split()[-1], language, lang) for lang, f in forms):
            continue
        full_forms = [(lang, f) for lang, f in forms if " " in f]
        if (
            " " not in name
            or not full_forms
            or any(same_name(name, f, language, lang) for lang, f in full_forms)
        ):
            matches.append(candidate)
    return _most_mentioned(matches)


def _display(name: str, language: str) -> tuple[str, str]:
    """Display name in Latin script and where it came from (a language, or romanisation)."""
    if is_latin(name):
        return name, language
    return romanize(name, language).title(), ROMANISED


def _most_mentioned(candidates: list) -> str | None:
    ranked = sorted(candidates, key=lambda c: -c["mentions"])
    return ranked[0]["id"] if ranked else None


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
