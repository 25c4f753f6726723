"""Words and cue phrases: a light word tokenizer and matching of language-pack phrase lists.

Cue lists in language packs are lower-case words or phrases; a word ending in "*" matches any
word that starts with it ("confirm*" matches "confirmed"). Matching ignores case and accents.
A `PhraseTable` holds several named lists and finds all of them in one pass over a sentence,
so the cost of a sentence does not grow with the number of lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from newsloom.normalize import fold

STEM_KEY = 3  # letters of a "*" stem used to find it
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

Match = tuple[int, int]  # first word, word after the last


class Word(NamedTuple):
    start: int
    end: int
    key: str  # folded, apostrophes unified


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    return fold(word.replace("’", "'"))


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of text[start:end] with offsets into `text`."""
    stop = len(text) if end is None else end
    return [
        Word(m.start(), m.end(), word_key(m.group(0))) for m in WORD.finditer(text, start, stop)
    ]


def keys(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Just the folded words of text[start:end], for matching cues."""
    stop = len(text) if end is None else end
    return [word_key(m.group(0)) for m in WORD.finditer(text, start, stop)]


class PhraseTable:
    """Named lists of cue phrases, matched together against a sequence of folded words."""

    def __init__(self, lists: Mapping[str, Sequence[str]]) -> None:
        self.names = tuple(lists)
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.by_stem: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # by first letters
        for name, phrases in lists.items():
            for phrase in phrases:
                pattern = tuple(word_key(w) for w in phrase.split())
                if not pattern:
                    continue
                if pattern[0].endswith("*"):
                    stem_key = pattern[0].rstrip("*")[:STEM_KEY]
                    self.by_stem.setdefault(stem_key, []).append((name, pattern))
                else:
                    self.by_first.setdefault(pattern[0], []).append((name, pattern))
        self.stem_sizes = sorted({len(key) for key in self.by_stem})

    def find(self, keys: Sequence[str]) -> dict[str, list[Match]]:
        """For each list, its non-overlapping longest matches, left to right."""
        found: dict[str, list[Match]] = {name: [] for name in self.names}
        for i, key in enumerate(keys):
            longest: dict[str, int] = {}
            for name, pattern in self._candidates(key):
                if len(pattern) > longest.get(name, 0) and _matches(pattern, keys, i):
                    longest[name] = len(pattern)
            for name, length in longest.items():
                matches = found[name]
                if not matches or matches[-1][1] <= i:
                    matches.append((i, i + length))
        return found

    def _candidates(self, key: str) -> list[tuple[str, tuple[str, ...]]]:
        candidates = self.by_first.get(key, [])
        for size in self.stem_sizes:  # stems shorter than STEM_KEY are keyed whole
            stems = self.by_stem.get(key[:size])
            if stems:
                candidates = candidates + stems
        return candidates


def _matches(pattern: tuple[str, ...], keys: Sequence[str], i: int) -> bool:
    if i + len(pattern) > len(keys):
        return False
    for word, key in zip(pattern, keys[i : i + len(pattern)], strict=False):
        if word.endswith("*"):
            if not key.startswith(word[:-1]):
                return False
        elif word != key:
            return False
    return True
