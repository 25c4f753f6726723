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
# An apostrophe joins a word to what follows in lower case ("qu'il", "Russia's") but not to a
# name: "l’Institut", "d’Ormuz" are an elided article and a name.
# Combining marks (Arabic and Persian short vowels, "صرّح") belong to the word they sit on.
_LETTERS = r"(?:[^\W_]|[\u0300-\u036f\u064b-\u065f\u0670])+"
WORD = re.compile(_LETTERS + r"(?:['’](?=[a-zß-ÿα-ωάέήίόύώϊϋΐΰа-яёіїєґ])" + _LETTERS + ")*")

Match = tuple[int, int]  # first word, word after the last


class Word(NamedTuple):
    start: int
    end: int
    key: str  # folded, apostrophes unified


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    return fold(word.replace("’", "'"))


# Quotes and events read the same sentences one after the other: the second gets the first's
# words. Callers share the list, so none may change it.
@lru_cache(maxsize=1024)
def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of text[start:end] with offsets into `text` (a shared list: do not change it)."""
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
        self.starting_with = lru_cache(maxsize=1 << 16)(self._starting_with)

    def find(self, keys: Sequence[str]) -> dict[str, list[Match]]:
        """For each list, its non-overlapping longest matches, left to right."""
        found: dict[str, list[Match]] = {name: [] for name in self.names}
        for i, key in enumerate(keys):
            patterns = self.starting_with(key)
            if not patterns:
                continue
            longest: dict[str, int] = {}
            for name, pattern in patterns:
                if len(pattern) > longest.get(name, 0) and _rest_matches(pattern, keys, i):
                    longest[name] = len(pattern)
            for name, length in longest.items():
                matches = found[name]
                if not matches or matches[-1][1] <= i:
                    matches.append((i, i + length))
        return found

    def _starting_with(self, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The (list, phrase) pairs whose first word matches `key`."""
        found = list(self.by_first.get(key, ()))
        for size in self.stem_sizes:  # stems shorter than STEM_KEY are keyed whole
            for name, pattern in self.by_stem.get(key[:size], ()):
                if key.startswith(pattern[0][:-1]):
                    found.append((name, pattern))
        return tuple(found)


def _rest_matches(pattern: tuple[str, ...], keys: Sequence[str], i: int) -> bool:
    """Whether the words after a phrase's first word follow keys[i] (which matched it)."""
    if i + len(pattern) > len(keys):
        return False
    for word, key in zip(pattern[1:], keys[i + 1 : i + len(pattern)], strict=True):
        if word.endswith("*"):
            if not key.startswith(word[:-1]):
                return False
        elif word != key:
            return False
    return True
