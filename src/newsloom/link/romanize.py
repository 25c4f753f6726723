"""Romanisation: names in any script to the lower-case ASCII spelling English-language news uses.

Matching "Πεζεσκιάν", "Пезешкиан" and "پزشکیان" to "Pezeshkian" starts by bringing them into
one alphabet. Generic transliterators (anyascii, ISO 9) aim at reversibility, not at the way a
newsroom spells a name, so the scripts news is written in most often have their own rules in
`data/romanization.toml`: contextual rules (Greek γκ is "g" at the start of a word and "ng"
inside it), language variants of one script (Ukrainian г is "h", Russian г is "g"), and the
conventions of other Latin-script languages (German "Selenskyj", French "Poutine"). Everything
else goes through anyascii. The rules are data: a new script or language is a new table.

A word here is a run of letters of one script: spaces, hyphens, digits and the Persian
zero-width non-joiner end a word, so "start" and "end" rules see the same boundaries a reader
does.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from anyascii import anyascii


@dataclass(frozen=True)
class _Rule:
    """One replacement and the context it needs (None: any context)."""

    target: str
    at: str | None = None  # "start" or "end" of a word
    before: str | None = None  # the next character is one of these
    after: str | None = None  # the previous character is one of these

    def fits(self, word: str, start: int, end: int) -> bool:
        if self.at == "start" and start != 0:
            return False
        if self.at == "end" and end != len(word):
            return False
        if self.before is not None and (end == len(word) or word[end] not in self.before):
            return False
        return self.after is None or (start > 0 and word[start - 1] in self.after)


@dataclass(frozen=True)
class _Table:
    """The rules of one script in one language variant, ready for longest-match lookup."""

    marks: frozenset[str]
    prepare: tuple[tuple[str, str], ...]
    rules: dict[str, tuple[_Rule, ...]]  # source -> rules to try in order
    longest: int

    def apply(self, word: str) -> str:
        for source, target in self.prepare:
            word = word.replace(source, target)
        decomposed = unicodedata.normalize("NFD", word)
        word = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in self.marks))
        out: list[str] = []
        i = 0
        while i < len(word):
            length, target = self._match(word, i)
            out.append(target)
            i += length
        return "".join(out)

    def _match(self, word: str, i: int) -> tuple[int, str]:
        """The longest rule that fits at `i`, or anyascii for a letter no rule covers."""
        for length in range(min(self.longest, len(word) - i), 0, -1):
            for rule in self.rules.get(word[i : i + length], ()):
                if rule.fits(word, i, i + length):
                    return length, rule.target
        return 1, anyascii(word[i])


@cache
def _config() -> dict[str, Any]:
    path = resources.files("newsloom.link") / "data" / "romanization.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _scripts() -> dict[str, Any]:
    return _config()["scripts"]


@cache
def script_of(char: str) -> str | None:
    """The name of the script table that covers `char` ("greek", "cyrillic", ...), if any."""
    point = ord(char)
    for name, spec in _scripts().items():
        if any(first <= point <= last for first, last in spec["ranges"]):
            return name
    return None


def variants(script: str) -> tuple[str, ...]:
    """The language variants a script's rules know, its default first (("ru", "uk", "be"))."""
    spec = _scripts()[script]
    return (spec["default"], *spec.get("variants", {}))


def any_variant(script: str) -> bool:
    """Whether a name in `script` may follow any variant's rules, whatever the text's language."""
    return bool(_scripts()[script].get("any_variant", False))


def _variant(script: str, language: str | None) -> str:
    code = (language or "").replace("_", "-").split("-")[0].lower()
    return code if code in variants(script) else _scripts()[script]["default"]


@cache
def _table(script: str, variant: str) -> _Table:
    return _build(_scripts()[script], variant)


@cache
def _standard_table(script: str, variant: str) -> _Table:
    return _build(_config()["standards"][script], variant)


def _build(spec: dict[str, Any], variant: str) -> _Table:
    override = spec.get("variants", {}).get(variant, {})
    rules: dict[str, list[_Rule]] = {}
    # Variant rules come first, then the base rules; a plain letter is a rule without context.
    for raw in (*override.get("rules", ()), *spec.get("rules", ())):
        context = {k: raw[k] for k in ("at", "before", "after") if k in raw}
        rules.setdefault(raw["match"], []).append(_Rule(raw["to"], **context))
    for source, target in {**spec.get("letters", {}), **override.get("letters", {})}.items():
        rules.setdefault(source, []).append(_Rule(target))
    return _Table(
        marks=frozenset(spec.get("marks", ())),
        prepare=tuple(spec.get("prepare", {}).items()),
        rules={source: tuple(found) for source, found in rules.items()},
        longest=max(map(len, rules), default=1),
    )


def origin_variants(script: str) -> tuple[str, ...]:
    """Variants whose spelling names in `script` keep in English text (German "Herzog")."""
    return tuple(_scripts()[script].get("origin_variants", ()))


def endings(script: str) -> tuple[str, ...]:
    """Endings the script's language adds to foreign names (Greek Τεχεράνη for Tehran)."""
    return tuple(_scripts()[script].get("endings", ()))


def exonyms() -> dict[str, str]:
    """Romanised spellings of places whose names differ by language, mapped to one spelling."""
    return _config().get("exonyms", {})


def romanize(text: str, language: str | None = None) -> str:
    """`text` in lower-case ASCII, spelled the way English-language news spells names.

    The script is detected per character; `language` (an ISO 639-1 code such as "uk" or "de")
    picks that language's variant of the rules where the script has one, so Ukrainian "Харків"
    gives "kharkiv" while Russian "Харьков" gives "kharkov". Unknown scripts fall back to
    anyascii, so the result is always ASCII.
    """
    return "".join(
        _table(script, _variant(script, language)).apply(word) if script else anyascii(word)
        for word, script in _words(unicodedata.normalize("NFC", text).lower())
    ).lower()


def standard_romanization(text: str, language: str | None = None) -> str:
    """`text` in the Latin script by its script's national or international standard, for
    display: ELOT 743 for Greek ("Μασούντ Πεζεσκιάν" -> "Masount Pezeskian"), BGN/PCGN for
    Russian and the Ukrainian national system for Ukrainian ("Сергей Лавров" -> "Sergey
    Lavrov", "Володимир Зеленський" -> "Volodymyr Zelenskyi"); the news spelling of
    `romanize` for scripts without one (Arabic, Persian). Latin-script words stay as written;
    others are capitalised as in `text` (always, in a script without capitals).
    """
    return "".join(
        _standard_word(word, script, language)
        for word, script in _words(unicodedata.normalize("NFC", text))
    )


def _standard_word(word: str, script: str | None, language: str | None) -> str:
    if script == "latin":
        return word
    if script is None:
        return anyascii(word)
    if script in _config()["standards"]:
        table = _standard_table(script, _standard_variant(script, language))
    else:
        table = _table(script, _variant(script, language))
    spelled = table.apply(word.lower())
    capital = word[:1].isupper() or word[:1].lower() == word[:1].upper()
    return spelled[:1].upper() + spelled[1:] if capital else spelled


def _standard_variant(script: str, language: str | None) -> str:
    code = (language or "").replace("_", "-").split("-")[0].lower()
    return code if code in _config()["standards"][script].get("variants", {}) else ""


def _words(text: str) -> list[tuple[str, str | None]]:
    """`text` cut into words of one known script each (and the characters between them)."""
    words = []
    i = 0
    while i < len(text):
        script = script_of(text[i]) if text[i].isalpha() else None
        j = i + 1
        while j < len(text) and script is not None and _same_word(text[j], script):
            j += 1
        words.append((text[i:j], script))
        i = j
    return words


def _same_word(char: str, script: str) -> bool:
    """Whether `char` continues a word in `script` (combining marks belong to their letter)."""
    if unicodedata.category(char) == "Mn":
        return True
    return char.isalpha() and script_of(char) == script
