"""What an article is about, as sparse features the story clusterer can compare.

Two kinds of features, kept in separate spaces because they compare differently:

* language-neutral ('neutral' space): canonical entity ids (`e:country:IR`, `e:city:524901`)
  and concepts from the language packs' `stories.toml` (`c:fire`, `c:missile`). These match
  across languages and scripts, so a Greek and an English article can be compared.
* lexical ('lex:<language>' space): word stems of the headline and body within one language
  (`l:el:πυραυλ`). Sharper than entities, but only within a language.

A stem is the first STEM_LETTERS letters of the folded word: "πύραυλοι", "πυραύλων" and
"πύραυλος" share one, as do "delivered" and "delivery". Lemmas from simplemma cluster no
better here (ECB+ and the cross-lingual set within 0.01 F1) and its dictionaries cost about
480 MB and several seconds to load for seven languages.

Counts are raw here; the clusterer turns them into TF-IDF weights with the document
frequencies it keeps.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from newsloom.document import Document
from newsloom.normalize import fold

NEUTRAL = "neutral"  # entities and concepts: their IDF totals count every article
ENTITY = "entity"
CONCEPT = "concept"
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
MIN_WORD_LETTERS = 3
STEM_LETTERS = 6  # "πύραυλοι", "πυραύλων" -> "πυραυλ"
TITLE_BOOST = 2  # a headline word counts as much as this many body occurrences
# Only the first words of the body: the lede and first paragraphs say what the story is;
# later paragraphs drift into background that other stories share.
BODY_WORDS = 250


@dataclass
class StoryPack:
    """A language's story data: stop words and concept words (as stems)."""

    stopwords: frozenset[str] = frozenset()
    concepts: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    longest_concept: int = 1


@cache
def story_pack(language: str) -> StoryPack:
    """The language's `langs/<code>/stories.toml`, or an empty pack when it has none."""
    path = resources.files("newsloom.langs") / language / "stories.toml"
    if not path.is_file():
        return StoryPack()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    concepts: dict[tuple[str, ...], list[str]] = {}
    for concept, words in data.get("concepts", {}).items():
        for phrase in words:
            key = tuple(stem(w) for w in _WORD.findall(phrase))
            concepts.setdefault(key, []).append(concept)
    return StoryPack(
        stopwords=frozenset(stem(w) for w in data.get("stopwords", [])),
        concepts={key: tuple(names) for key, names in concepts.items()},
        longest_concept=max((len(k) for k in concepts), default=1),
    )


@lru_cache(maxsize=1 << 19)
def stem(word: str) -> str:
    """The folded first letters of a word; cached because news vocabularies repeat."""
    return fold(word)[:STEM_LETTERS]


def stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text)]


@dataclass
class ArticleFeatures:
    """Raw feature counts of one article, plus what the timeline and titles need."""

    article_id: str
    language: str
    day: int | None  # days since 1970-01-01 of the publication date
    title: str | None
    neutral: Counter[str] = field(default_factory=Counter)
    lexical: Counter[str] = field(default_factory=Counter)
    dense_text: str = ""  # headline and lede, for the optional dense vectors

    @property
    def lexical_space(self) -> str:
        return f"lex:{self.language}"


def day_number(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal() - _EPOCH
    except ValueError:
        return None


def day_iso(day: int | None) -> str | None:
    return None if day is None else date.fromordinal(day + _EPOCH).isoformat()


_EPOCH = date(1970, 1, 1).toordinal()


def article_features(doc: Document) -> ArticleFeatures:
    """Features of an analysed document (entities linked, language known)."""
    language = doc.language
    features = ArticleFeatures(doc.id, language, day_number(doc.published), doc.title)
    for mention in doc.mentions:
        if mention.entity_id:
            features.neutral[f"e:{mention.entity_id}"] += 1
    title_words = stems(doc.title) if doc.title else []
    body_words = stems(doc.body)[:BODY_WORDS]
    pack = story_pack(language)
    for words, weight in ((title_words, TITLE_BOOST), (body_words, 1)):
        for word in words:
            if len(word) >= MIN_WORD_LETTERS and word not in pack.stopwords:
                features.lexical[f"l:{language}:{word}"] += weight
        for concept in _concepts(words, pack):
            features.neutral[f"c:{concept}"] += weight
    lede = doc.text[doc.sentences[0].start : doc.sentences[0].end] if doc.sentences else ""
    second = (
        doc.text[doc.sentences[1].start : doc.sentences[1].end] if len(doc.sentences) > 1 else ""
    )
    features.dense_text = " ".join(part for part in (lede, second) if part)[:600]
    return features


def concepts(text: str, language: str) -> set[str]:
    """The language-neutral concepts a text names ("missiles were delivered": missile,
    delivery), for comparing claims across languages."""
    return set(_concepts(stems(text), story_pack(language)))


def _concepts(words: list[str], pack: StoryPack) -> list[str]:
    found = []
    for size in range(1, pack.longest_concept + 1):
        for i in range(len(words) - size + 1):
            found += pack.concepts.get(tuple(words[i : i + size]), ())
    return found


def log_tf(count: float) -> float:
    """Sub-linear term frequency: the tenth mention of Iran says less than the first."""
    return 1.0 + math.log(count) if count > 0 else 0.0
