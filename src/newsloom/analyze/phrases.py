"""Words and cue phrases: a light word tokenizer and matching of language-pack phrase lists.

Cue lists in language packs are lower-case words or phrases; a word ending in "*" matches any
word that starts with it ("confirm*" matches "confirmed"). Matching ignores case and accents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.normalize import fold

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    key: str  # folded, apostrophes unified


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of text[start:end] with offsets into `text`."""
    stop = len(text) if end is None else end
    return [
        Word(m.start(), m.end(), fold(m.group(0).replace("’", "'")))
        for m in WORD.finditer(text, start, stop)
    ]


def _pattern(phrase: str) -> tuple[str, ...]:
    return tuple(fold(w.replace("’", "'")) for w in phrase.split())


class PhraseSet:
    """A list of cue phrases, matched against a sequence of folded words."""

    def __init__(self, phrases: list[str] | tuple[str, ...] = ()) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.by_stem: list[tuple[str, ...]] = []
        for phrase in phrases:
            pattern = _pattern(phrase)
            if not pattern:
                continue
            if pattern[0].endswith("*"):
                self.by_stem.append(pattern)
            else:
                self.by_first.setdefault(pattern[0], []).append(pattern)

    def __bool__(self) -> bool:
        return bool(self.by_first or self.by_stem)

    def match_at(self, keys: list[str], i: int) -> int:
        """Length in words of the longest phrase starting at keys[i]; 0 when none does."""
        best = 0
        for pattern in self.by_first.get(keys[i], ()):
            if len(pattern) > best and _matches(pattern, keys, i):
                best = len(pattern)
        for pattern in self.by_stem:
            if len(pattern) > best and _matches(pattern, keys, i):
                best = len(pattern)
        return best

    def find(
        self, keys: list[str], start: int = 0, end: int | None = None
    ) -> list[tuple[int, int]]:
        """Non-overlapping matches in keys[start:end] as (first word, word after the last)."""
        stop = len(keys) if end is None else end
        found = []
        i = start
        while i < stop:
            length = self.match_at(keys, i)
            if length and i + length <= stop:
                found.append((i, i + length))
                i += length
            else:
                i += 1
        return found


def _matches(pattern: tuple[str, ...], keys: list[str], i: int) -> bool:
    if i + len(pattern) > len(keys):
        return False
    for word, key in zip(pattern, keys[i : i + len(pattern)], strict=False):
        if word.endswith("*"):
            if not key.startswith(word[:-1]):
                return False
        elif word != key:
            return False
    return True
