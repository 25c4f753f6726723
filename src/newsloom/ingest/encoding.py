"""Bytes to text: BOMs, UTF-8, and the legacy code pages news archives still use.

UTF-8 is tried first and wins whenever it decodes. Otherwise each legacy
candidate is decoded and judged by the language identifier together with the
share of lower-case letters: text decoded with the wrong Cyrillic code page
(cp1251 vs koi8-r) comes out mostly in capitals, and text decoded with the
wrong script is not recognised as a language at all.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from newsloom.analyze.language import identify

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Candidate code pages with the languages they are expected to carry.
LEGACY = (
    ("cp1253", {"el"}),
    ("iso-8859-7", {"el"}),
    ("cp1251", {"ru", "uk", "bg", "sr", "mk", "be"}),
    ("koi8-r", {"ru", "uk", "bg", "be"}),
    ("cp1252", None),  # western European: any Latin-script language
)
SAMPLE_BYTES = 20_000


class DecodeError(ValueError):
    """The bytes are not text in any encoding newsloom knows."""


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # undecodable bytes replaced by U+FFFD


def looks_binary(data: bytes) -> bool:
    sample = data[:SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode(data: bytes) -> Decoded:
    """Decode `data`, normalising newlines to "\\n"."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return Decoded(_newlines(data.decode(encoding, errors="replace")), encoding)
    if looks_binary(data):
        raise DecodeError("binary content, not text")
    try:
        return Decoded(_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid_non_ascii = sum(1 for ch in text if ord(ch) > 127) - bad
    if valid_non_ascii and bad <= max(3, valid_non_ascii // 20):
        return Decoded(_newlines(text), "utf-8", replaced=bad)  # UTF-8 with a few stray bytes
    legacy = _best_legacy(data)
    if bad <= 3 and not _reads_as_letters(legacy.text):
        return Decoded(
            _newlines(text), "utf-8", replaced=bad
        )  # ASCII with stray bytes no code page explains
    return legacy


def _reads_as_letters(text: str) -> bool:
    """True when every non-ASCII character of a legacy decoding is a letter (é, α, ж), none garbage."""
    return all(ch.isalpha() for ch in text if ord(ch) > 127)


def _best_legacy(data: bytes) -> Decoded:
    sample = data[:SAMPLE_BYTES]
    best: tuple[float, str] | None = None
    for encoding, languages in LEGACY:
        text = sample.decode(encoding, errors="replace")
        language, score = identify(text)
        if languages is not None and language not in languages:
            score *= 0.1
        score *= _lowercase_share(text) / (1 + _mojibake_marks(text))
        if best is None or score > best[0]:
            best = (score, encoding)
    assert best is not None
    return Decoded(_newlines(data.decode(best[1], errors="replace")), best[1])


# A word that starts with a symbol and goes on in lower case ("¶νοδος", "’νοδος") is a
# letter decoded with the wrong code page.
_MOJIBAKE = re.compile(r"(?:^|\s)[^\w\s«“\"'(\[‘„¿¡—–-](?=[^\W\d_])")


def _mojibake_marks(text: str) -> int:
    return sum(1 for m in _MOJIBAKE.finditer(text) if text[m.end()].islower())


def _lowercase_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ch.islower()) / len(letters)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
