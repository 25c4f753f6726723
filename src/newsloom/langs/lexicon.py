"""Common nouns of a language that capitalises them (German), to tell them from names.

German writes "Regierung", "Millionen" and "Merkel" alike, so capitals say little. The nouns come
from simplemma's dictionary of the installed package, never from the network: a capitalised
lemma is a common noun when the dictionary lists a form of it other than the genitive -s that
names take ("Jahr": Jahre, Jahren; "Kunst": Künste; "Sprecherin": Sprecherinnen; but "Merkel":
only Merkels), or when it is a verb written as a noun ("Unternehmen": unternehmen). Surnames
that are also nouns ("Müller", "Fischer") are nouns here: a first name before them still makes
a name.

Reading that dictionary costs seconds and hundreds of megabytes, so the nouns are derived once,
in a child process, and kept in a small file in the user's cache folder (`NEWSLOOM_CACHE`, else
`$XDG_CACHE_HOME/newsloom` or `~/.cache/newsloom`), one per simplemma version and version
of these rules. Without simplemma, or where nothing can be written, the set is empty and
recognition falls back to its other cues.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import defaultdict
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from newsloom.cache import cache_folder, write_whole

# Endings stripped when looking a word up: its lemma may be listed instead of the form.
# Not "er": it makes nouns of nouns (Müll, Müller; Fisch, Fischer) and so of surnames.
LOOKUP_ENDINGS = ("nen", "ern", "en", "es", "ns", "e", "n", "s")
MIN_HEAD = 5  # letters of the last part of a compound looked up as a noun ("Bundes|regierung")
MIN_MODIFIER = 3  # letters before the head of a compound


class NounLexicon:
    """Membership test for common nouns that also knows their forms and compounds.

    Only lemmas and forms that cannot be derived from them are stored (a third of the forms);
    `Regierungen` is `Regierung` + "en", and `Bundesregierung` is a compound of `Regierung`.
    """

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words

    @lru_cache(maxsize=100_000)  # noqa: B019 - one lexicon per language lives for the process
    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self.words or self.derived(word))

    def derived(self, word: str) -> bool:
        """Whether `word` is a form or a compound of a listed word other than itself."""
        if self._form_of_listed(word, exact=False):
            return True
        return any(
            self._form_of_listed(word[cut].upper() + word[cut + 1 :], exact=True)
            for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1)
        )

    def listed(self, word: str) -> bool:
        """Whether `word` is a listed noun or a form of one (not counting compounds)."""
        return self._form_of_listed(word, exact=True)

    def _form_of_listed(self, word: str, exact: bool) -> bool:
        return (exact and word in self.words) or any(
            word.endswith(ending) and word[: -len(ending)] in self.words
            for ending in LOOKUP_ENDINGS
        )


@cache
def common_nouns(language: str) -> NounLexicon:
    """The common nouns of `language`; an empty lexicon if simplemma or the cache is missing."""
    try:
        version = metadata.version("simplemma")
    except metadata.PackageNotFoundError:
        return NounLexicon(frozenset())
    rules = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]  # how it was derived
    path = cache_folder() / f"nouns-{language}-simplemma-{version}-{rules}.txt"
    if not path.is_file():
        try:
            command = [sys.executable, "-m", "newsloom.langs.lexicon", language, str(path)]
            subprocess.run(command, check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError):
            return NounLexicon(frozenset())
        for stale in path.parent.glob(f"nouns-{language}-*.txt"):  # older versions or rules
            if stale != path:
                stale.unlink(missing_ok=True)
    return NounLexicon(frozenset(path.read_text(encoding="utf-8").split()))


def derive_nouns(language: str) -> list[str]:
    """Common-noun forms from simplemma's dictionary for `language` (see the module docstring)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(language)
    forms: dict[str, list[str]] = defaultdict(list)
    for form, lemma in dictionary.items():
        if not (form[:1].isupper() and lemma[:1].isupper()):
            continue
        forms[lemma].append(form)
    nouns = set()
    for lemma, inflected in forms.items():
        if any(form != lemma and form not in _genitives(lemma) for form in inflected):
            nouns.update(inflected)
            nouns.add(lemma)
    for form in dictionary:  # "Unternehmen", "Leben": infinitives written as nouns
        # Only a form whose lower case is a lemma itself: "Deutsche" (deutsch) begins names.
        if form[:1].isupper() and dictionary.get(form.lower()) == form.lower():
            nouns.add(form)
    return sorted(_irreducible({noun for noun in nouns if " " not in noun}))


def _genitives(lemma: str) -> tuple[str, ...]:
    """The only forms a name takes: "Merkels", "Scholz'"."""
    return (lemma + "s", lemma + "'", lemma + "'s", lemma + "’")


def _irreducible(nouns: set[str]) -> set[str]:
    """The fewest words from which `NounLexicon` still finds every noun of `nouns`."""
    full = NounLexicon(frozenset(nouns))
    kept = {noun for noun in nouns if not full.derived(noun)}
    while True:  # a word dropped for a form that was dropped in turn comes back
        lexicon = NounLexicon(frozenset(kept))
        missing = {noun for noun in nouns if not (noun in kept or lexicon.derived(noun))}
        if not missing:
            return kept
        kept |= missing


def main(argv: list[str]) -> int:
    language, target = argv
    write_whole(Path(target), "\n".join(derive_nouns(language)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
