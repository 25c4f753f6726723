"""A trained named-entity tagger: a linear-chain CRF (python-crfsuite), one model per language.

The models are files inside the package (`newsloom/models/ner-<language>.crfsuite`, with a
`.json` card beside each: training data, licence, scores), trained by `python -m newsloom.train
ner` on data whose licence allows shipping a model (docs/models.md). A model reads each word
through the same tokenizer as the rule-based recogniser and sees, besides the word's own shape,
affixes and neighbours, what the rules know: the gazetteer, the language pack's cues (roles,
organisation and location words, verbs of saying) and the rules' own tag for the word. The
tagger decides where names are and their type; the rules keep what a tagger has no label for
(unnamed sources, nationality words) and give the gazetteer's ids (see `merge`).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pycrfsuite

from newsloom.document import Mention

MODELS = Path(__file__).resolve().parent.parent / "models"
CONTEXT = (-2, -1, 1, 2)  # offsets of the neighbours whose features a word sees
SURE = 0.6  # a tag less likely than this leaves the rules' reading of the word standing
CERTAIN_ROLES = ("demonym", "product")  # rule mentions that are right whatever the tagger says
NAME_BREAKS = frozenset(':;,()[]«»"“”„!?|\n')  # never inside a name
PUNCTUATION_REACH = 2  # characters looked at before a sentence's first word and after its last
SHAPE_RUNS = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Word:
    """A word as the tagger sees it: its span, its text and what the rules say of it."""

    start: int
    end: int
    text: str
    cues: tuple[str, ...] = ()  # the gazetteer's and the pack's word for it ("g=LOC", "c=role")
    verdict: tuple[str, ...] = ()  # the rules' tag for it where it stands ("r=B-PER")


def model_path(language: str) -> Path:
    return MODELS / f"ner-{language}.crfsuite"


def model_card(language: str) -> dict | None:
    """The card stored beside a language's model (training data, licence, scores), if any."""
    path = model_path(language).with_suffix(".json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def available_languages() -> list[str]:
    return sorted(p.stem.removeprefix("ner-") for p in MODELS.glob("ner-*.crfsuite"))


def shape(word: str) -> str:
    """Word shape with runs collapsed: "Pezeshkian" -> "Xx", "Su-35" -> "Xx-d", "G7" -> "Xd"."""
    mapped = "".join(
        "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch for ch in word
    )
    return SHAPE_RUNS.sub(r"\1", mapped)


@lru_cache(maxsize=300_000)
def word_features(word: str) -> tuple[str, ...]:
    """What a word says by itself; news repeats its words, so this is remembered."""
    low = word.casefold()
    found = [f"w={low}", f"sh={shape(word)}", f"s2={low[-2:]}", f"s3={low[-3:]}"]
    if len(low) > 4:
        found.append(f"s4={low[-4:]}")
    if word[0].isupper():
        found.append("cap")
        if word.isupper() and len(word) > 1:
            found.append("caps")
    if len(word) <= 2:
        found.append("short")
    return tuple(found)


def sentence_features(words: Sequence[Word], text: str) -> list[list[str]]:
    """Features of each word of one sentence: its own, its neighbours' and the punctuation
    around it."""
    count = len(words)
    features: list[list[str]] = []
    for i, word in enumerate(words):
        previous_end = words[i - 1].end if i else max(0, word.start - PUNCTUATION_REACH)
        next_start = words[i + 1].start if i + 1 < count else word.end + PUNCTUATION_REACH
        before, after = text[previous_end : word.start].strip(), text[word.end : next_start].strip()
        found = [*_own(word.text, word.cues), f"gb={before[-1:] or '_'}", f"ga={after[:1] or '_'}"]
        if word.verdict:
            found += word.verdict
        if i == 0:
            found.append("first")
        for offset in CONTEXT:
            j = i + offset
            if 0 <= j < count:
                neighbour = words[j]
                found += _context(neighbour.text, neighbour.cues, offset)
                if neighbour.verdict:
                    found += _shifted(neighbour.verdict, offset)
        features.append(found)
    return features


@lru_cache(maxsize=300_000)
def _own(word: str, cues: tuple[str, ...]) -> tuple[str, ...]:
    return (*word_features(word), *cues)


@lru_cache(maxsize=300_000)
def _context(word: str, cues: tuple[str, ...], offset: int) -> tuple[str, ...]:
    """A neighbour's features as seen from `offset` words away: its word and shape, and from
    next door also its cues and last three letters (case endings)."""
    own = word_features(word)
    near = (*own[:2], *cues, own[3]) if abs(offset) == 1 else own[:1]
    return _shifted(near, offset)


@lru_cache(maxsize=10_000)
def _shifted(features: tuple[str, ...], offset: int) -> tuple[str, ...]:
    return tuple(f"{offset}{feature}" for feature in features)


def spans_from_tags(
    words: Sequence[Word], tags: Sequence[str], text: str
) -> list[tuple[int, int, str]]:
    """Character spans (start, end, type) of a BIO tag sequence over `words`. An inside tag
    continues its type's name across lower-case words the tagger left out, not across
    punctuation that no name holds ("Лавров: Запад" is two); a name neither starts nor ends
    with a lower-case word ("цитирует Лаврова" is "Лаврова", "Bank of" is "Bank") unless the
    rules read it as part of one ("υπουργείο Υγείας", "naftemporiki.gr")."""
    runs: list[tuple[str, list[Word]]] = []  # type and words of each name
    between: list[Word] = []  # words outside names since the last name
    for word, tag in zip(words, tags, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "O":
            between.append(word)
            continue
        continues = (
            prefix == "I"
            and runs
            and runs[-1][0] == kind
            and all(w.text[0].islower() for w in between)  # "Πανεπιστήμιο [της] Θεσσαλίας"
            and not NAME_BREAKS.intersection(text[runs[-1][1][-1].end : word.start])
        )
        if continues:
            runs[-1][1].extend([*between, word])
        else:
            runs.append((kind, [word]))
        between = []
    spans = []
    for kind, run in runs:
        named = [w for w in run if not w.text[0].islower() or w.verdict]
        if named:
            first, last = run.index(named[0]), run.index(named[-1])
            spans.append((run[first].start, run[last].end, kind))
    return spans


def one_type_per_name(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Within an article a name keeps one type: the one the tagger gave it most often (first
    seen on a tie), so "Πεζεσκιάν" opening a headline is the person the body names."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for start, end, kind in spans:
        votes[text[start:end]][kind] += 1
    return [(start, end, votes[text[start:end]].most_common(1)[0][0]) for start, end, _ in spans]


def tags_from_spans(words: Sequence[Word], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIO tags of `words` for gold character spans: a word inside a span takes its type."""
    tags = ["O"] * len(words)
    for start, end, kind in spans:
        inside = [i for i, w in enumerate(words) if w.start >= start and w.end <= end]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + kind
    return tags


@dataclass
class Reading:
    """What the tagger read in an article: its names, and how sure it was of each word."""

    spans: list[tuple[int, int, str]] = field(default_factory=list)
    # Probability of each word's tag (in a name or not), by the word's start offset.
    sureness: dict[int, float] = field(default_factory=dict)

    def doubts(self, start: int, end: int) -> bool:
        """Whether the tagger was unsure of any word in text[start:end]."""
        return any(p < SURE for offset, p in self.sureness.items() if start <= offset < end)


class Tagger:
    """A language's CRF model; build once per language (see `tagger`) and reuse."""

    def __init__(self, path: Path) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def read(self, words: Sequence[Word], text: str, into: Reading) -> None:
        """Tag one sentence's words, adding names and sureness to `into`."""
        if not any(
            w.text[0].isupper() and (i or "c=not" not in w.cues) for i, w in enumerate(words)
        ):
            return  # no capital but an opening "The": no name (Arabic and Persian have no model)
        tags = self._tagger.tag(sentence_features(words, text))
        into.spans += spans_from_tags(words, tags, text)
        for i, (word, tag) in enumerate(zip(words, tags, strict=True)):
            if word.verdict:  # only the rules' words are ever weighed (see merge)
                into.sureness[word.start] = self._tagger.marginal(tag, i)


@cache
def tagger(language: str) -> Tagger | None:
    """The shipped tagger for a language, or None where newsloom has no model for it."""
    path = model_path(language)
    return Tagger(path) if path.is_file() else None


def merge(tagged: list[Mention], rules: list[Mention], reading: Reading) -> list[Mention]:
    """The tagger's names, enriched by the rules, plus what only the rules find.

    A rule mention with the tagger's span lends its entity id, role and name, but a town's name
    that the tagger reads as another type is not the town: "Leeds" beating Arsenal is a club (a
    capital stays itself: "Москва готова" is Moscow speaking for Russia). What the rules know for
    certain (a gazetteer name, a nationality word, a product with its model number, the surname
    of a person the article names in full) wins over a tagged name inside it ("Bank of England"
    over "England", "Sukhoi Su-35" over "Sukhoi") and is kept where the tagger saw nothing. Where the tagger was unsure, the rules'
    own reading stands: their type for a name both found ("said Laura Whitfield" is a person),
    their name where the tagger saw none ("цитирует Лаврова"). Unnamed sources ("a senior US
    official") are no names: they are always kept, around the names inside them.
    """
    certain = [r for r in rules if _certain(r)]
    by_span = {(m.start, m.end): m for m in rules}
    merged: list[Mention] = []
    for mention in tagged:
        same = by_span.get((mention.start, mention.end))
        if same:
            town = (same.entity_id or "").startswith("city:") and not same.stands_for
            if town and same.type != mention.type:
                same.entity_id = same.country = None  # Leeds the club
            settled = _certain(same) or same.anonymous
            if not settled and not reading.doubts(same.start, same.end):
                same.type = mention.type
            merged.append(same)
            continue
        wider = (r for r in certain if r.start <= mention.start and mention.end <= r.end)
        merged.append(next(wider, mention))
    kept = [
        r
        for r in rules
        if r.anonymous
        or (
            (_certain(r) or reading.doubts(r.start, r.end))
            and not any(m.start < r.end and r.start < m.end for m in merged)
        )
    ]
    unique = {(m.start, m.end): m for m in merged + kept}
    return sorted(unique.values(), key=lambda m: (m.start, -m.end))


def _certain(mention: Mention) -> bool:
    """A rule mention the tagger cannot overrule: a gazetteer name, a nationality word, a
    product, or a lone surname of a person named in full ("Лаврова" after "Сергей Лавров")."""
    surname = mention.type == "PER" and " " in (mention.name or "") and " " not in mention.text
    return bool(mention.entity_id) or mention.role in CERTAIN_ROLES or surname
