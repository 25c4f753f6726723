"""Training the named-entity tagger of one language (see newsloom.analyze.tagger).

    python -m newsloom.train ner --lang de --corpus germeval2014=~/data/NER-de-train.tsv \
        [--corpus written=training/ner/de.txt] [--out src/newsloom/models]

Each sentence of the training corpora is joined into text, split and tokenized as newsloom
splits and tokenizes articles, and read by the rules first, so that the model learns from the
same words and hints it will be given at run time.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycrfsuite

from newsloom.analyze.entities import recogniser, tagger_words, tokenize
from newsloom.analyze.sentences import split_sentences
from newsloom.analyze.tagger import MODELS, sentence_features, tags_from_spans

PARAMETERS = {
    "c1": 0.2,  # L1: keeps the model small
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}

Sentence = list[tuple[str, str]]  # (token, IOB2 tag)


@dataclass
class Source:
    """One training corpus as the model card names it."""

    name: str
    licence: str
    url: str
    sentences: int = 0
    entities: Counter[str] = field(default_factory=Counter)


def gold_text(sentence: Sentence) -> tuple[str, list[tuple[int, int, str]]]:
    """The tokens joined by spaces, with the gold entities as character spans."""
    text, spans, position, previous = [], [], 0, "O"
    for token, tag in sentence:
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and previous.partition("-")[2] == kind:
            spans[-1] = (spans[-1][0], position + len(token), kind)
        elif prefix in ("B", "I"):
            spans.append((position, position + len(token), kind))
        previous = tag
        text.append(token)
        position += len(token) + 1
    return " ".join(text), spans


def examples(
    text: str, gold: list[tuple[int, int, str]], language: str
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Features and gold tags of each sentence of `text` as the tagger will see them; headlines
    are left out, as the tagger never reads them (see entities.find_mentions)."""
    rules = recogniser(language)
    sentences = split_sentences(text, language)
    tokenized = [tokenize(text[start:end], start) for start, end in sentences]
    headlines = rules.headlines(text, sentences, tokenized)
    found = rules.find_in_tokens(text, tokenized, headlines)
    for i, words in enumerate(tagger_words(rules, tokenized, found)):
        if words and i not in headlines:
            yield sentence_features(words, text), tags_from_spans(words, gold)


def model_licence(licences: list[str]) -> str:
    """The licence a model trained on corpora under `licences` is shipped under: a share-alike
    corpus makes the model share-alike (CC BY-SA 4.0, which also covers CC BY-SA 3.0 works'
    adaptations), an attribution corpus makes it CC BY 4.0, otherwise the project's own."""
    if any("BY-SA" in licence for licence in licences):
        return "CC BY-SA 4.0"
    if any(licence.startswith("CC BY") for licence in licences):
        return "CC BY 4.0"
    return "Apache-2.0"


def train(
    language: str,
    corpora: Iterable[tuple[Source, Iterable[Sentence]]],
    out: Path = MODELS,
    parameters: dict | None = None,
) -> Path:
    """Train the tagger of `language` on the corpora; write the model and its card to `out`.
    `parameters` are crfsuite's, over PARAMETERS."""
    parameters = PARAMETERS | (parameters or {})
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(parameters)
    sources = []
    for source, sentences in corpora:
        for sentence in sentences:
            if not sentence:
                continue  # a document boundary
            text, gold = gold_text(sentence)
            source.sentences += 1
            source.entities.update(kind for *_, kind in gold)
            for features, tags in examples(text, gold, language):
                trainer.append(features, tags)
        sources.append(source)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ner-{language}.crfsuite"
    started = time.process_time()
    trainer.train(str(path))
    card = {
        "language": language,
        "kind": "linear-chain CRF (python-crfsuite)",
        "trained": date.today().isoformat(),
        "training_seconds": round(time.process_time() - started),
        "parameters": parameters,
        "licence": model_licence([s.licence for s in sources]),
        "data": [
            {
                "name": s.name,
                "licence": s.licence,
                "url": s.url,
                "sentences": s.sentences,
                "entities": dict(s.entities),
            }  # fmt: skip
            for s in sources
        ],
        "scores": {},
    }
    path.with_suffix(".json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n")
    return path
