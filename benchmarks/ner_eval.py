"""Entity-level NER quality on five public gold sets (el, en, de, es, ru).

The system under test is a function ``recognise(text, language)`` that returns character spans
``(start, end, type)`` with type PER, LOC, ORG or MISC. By default it is newsloom's
``newsloom.analyze.entities.recognise`` (the shipped trained tagger merged with the rules);
``--recogniser rules`` measures the rules alone, ``--recogniser spacy=FOLDER`` a spaCy model
stored in a local folder (for side-by-side figures), and ``--recogniser capitalised`` the
transparent reference baseline defined here (maximal runs of capitalised words that do not begin
a sentence; LOC if the run is one of babel's CLDR territory names in that language, else PER if
it has two words, else ORG), the floor any real recogniser must beat.

Gold sets (read where they lie under ``--data``, default ``../shared/data/ner`` beside the
checkout, never copied into the project); the test split is scored unless ``--split dev`` is
given (tune on dev, report test):

* en  CoNLL-2003 ``conll2003-en/test.txt`` (dev ``valid.txt``): "token POS chunk NER", IOB2,
  -DOCSTART- lines skipped.
* el  elNER-4 ``elner-el/elNER4/IOB2/test_elNER4.iob2`` (dev ``dev_elNER4.iob2``): "token TAG",
  IOB2; PERSON is scored as PER.
* de  GermEval-2014 ``germeval2014-de/NER-de-test.tsv`` (dev ``NER-de-dev.tsv``): outer level
  only; OTH is scored as MISC; the -deriv and -part variants (``deutschen``, ``EU-weit``) are
  dropped: they are not entities here, so predicting one is a false positive.
* es  CoNLL-2002 ``conll2002-es-nl/conll2002/esp.testb`` (dev ``esp.testa``): "token POS NER".
* ru  FactRuEval-2016 ``factrueval2016-ru/testset`` (dev ``devset``): the raw ``.txt`` and the
  ``.objects``/``.spans`` layers. Person -> PER, Org -> ORG, Location -> LOC and LocOrg -> LOC;
  Project and Facility are dropped; no MISC. An object's gold span is the union of its *name*
  spans (for PER: name, surname, patronymic, nickname; otherwise org_name, loc_name), as the
  official scorer weighs only those: descriptors ("компания", "города"), job titles and
  geo_adj ("российский") are not part of the name, and objects with no name span at all are
  dropped (the official scorer ignores them too). As in GermEval, only the outer level is kept:
  an object inside another one is dropped; of objects with the same extent, ORG wins (as in the
  official scorer), then LOC.

For the four token corpora each sentence is handed to the recogniser on its own, as its tokens
joined by single spaces (three of the four have no document boundaries); a FactRuEval document
is handed over whole, as its raw text. Gold token spans become character spans in that text, so
a predicted span matches only if it covers exactly the same tokens; one whose edges fall inside
a token or on a space can match nothing, and the report counts these ("not on token edges").

Scores are entity-level precision, recall and F1 with exact span and type: per type, for
"PER+LOC+ORG" (the headline figure: micro over those three types, MISC left out of gold and
predictions) and for "untyped span" (exact span whatever the type). Predictions of a type the
corpus does not annotate (MISC on FactRuEval) are left out. Time is the recogniser's own,
after one warm-up call per language.

    python benchmarks/ner_eval.py [--recogniser rules|capitalised|spacy=FOLDER] [--languages el,en] [--limit N]
                                        [--split dev] [--data DIR] [--json] [--update-cards]
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from newsloom.train.corpora import factrueval_gold  # the shared reading rules

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "ner"

TYPES = ("PER", "LOC", "ORG", "MISC")
CORE_TYPES = ("PER", "LOC", "ORG")
HEADLINE = "PER+LOC+ORG"
UNTYPED = "untyped span"

Span = tuple[int, int, str]  # (start, end exclusive, type): tokens or characters
Recogniser = Callable[[str, str], list[tuple[int, int, str]]]


class RecogniserUnavailable(Exception):
    """The recogniser asked for cannot be imported."""


# --------------------------------------------------------------------------------------------
# Scoring: small pure functions


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    def as_dict(self) -> dict[str, float]:
        """Counts and ratios, for JSON."""
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def spans_from_iob(tags: Sequence[str]) -> list[Span]:
    """Entities of an IOB2 tag sequence as (first token, one past the last token, type).

    As in conlleval, an I- tag that does not continue an entity of its type (after O, at the
    start, or after another type) begins a new entity.
    """
    spans: list[Span] = []
    start, kind = 0, ""
    for index, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I", "O") or (prefix == "O") != (label == ""):
            raise ValueError(f"not an IOB2 tag: {tag!r}")
        continues = prefix == "I" and label == kind
        if kind and not continues:
            spans.append((start, index, kind))
            kind = ""
        if label and not continues:
            start, kind = index, label
    if kind:
        spans.append((start, len(tags), kind))
    return spans


def score(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> Counts:
    """Exact-match counts of two collections of spans (duplicates count once).

    A predicted span that overlaps a gold one without being identical to it, in extent or in
    type, is both a false positive and a false negative.
    """
    gold_set, predicted_set = set(gold), set(predicted)
    tp = len(gold_set & predicted_set)
    return Counts(tp, len(predicted_set) - tp, len(gold_set) - tp)


def score_unit(
    gold: Iterable[Span], predicted: Iterable[Span], types: Sequence[str]
) -> dict[str, Counts]:
    """Counts per type in ``types``, for PER+LOC+ORG together and for untyped spans.

    Predictions of a type outside ``types`` (the corpus's annotated types) are left out.
    """
    gold = list(gold)
    predicted = [span for span in predicted if span[2] in types]

    def of_types(spans: list[Span], wanted: Sequence[str]) -> list[Span]:
        return [span for span in spans if span[2] in wanted]

    counts = {kind: score(of_types(gold, [kind]), of_types(predicted, [kind])) for kind in types}
    counts[HEADLINE] = score(of_types(gold, CORE_TYPES), of_types(predicted, CORE_TYPES))
    counts[UNTYPED] = score({span[:2] for span in gold}, {span[:2] for span in predicted})
    return counts


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined by single spaces, and each token's (start, end) in that text."""
    offsets = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


def char_spans(token_spans: Iterable[Span], offsets: Sequence[tuple[int, int]]) -> list[Span]:
    """Token spans as character spans, given each token's (start, end)."""
    return [(offsets[first][0], offsets[end - 1][1], kind) for first, end, kind in token_spans]


def check_predictions(predicted: Iterable[Sequence[Any]], text_length: int) -> list[Span]:
    """The recogniser's output as spans, or ValueError where it breaks the contract."""
    spans = []
    for item in predicted:
        start, end, kind = item
        if not (
            isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length
        ):
            raise ValueError(f"recogniser returned a bad span {item!r} (text length {text_length})")
        if kind not in TYPES:
            raise ValueError(f"recogniser returned type {kind!r}; expected one of {TYPES}")
        spans.append((start, end, kind))
    return spans


# --------------------------------------------------------------------------------------------
# Reading the gold sets


@dataclass(frozen=True)
class Unit:
    """One text handed to the recogniser, with its gold entities as character spans."""

    text: str
    gold: tuple[Span, ...]
    token_starts: frozenset[int]
    token_ends: frozenset[int]
    sentences: int = 1
    dropped: tuple[str, ...] = ()  # labels of gold entities left out of the score


@dataclass(frozen=True)
class TaggedFormat:
    """A column format with one token a line and blank lines between sentences."""

    token_column: int
    tag_column: int
    type_map: Mapping[str, str | None]  # corpus label -> scored type; None: not an entity
    separator: str | None = None  # None: any whitespace
    skip_prefix: str = "-DOCSTART-"  # lines starting with it are not tokens


def tagged_unit(
    tokens: Sequence[str], tags: Sequence[str], type_map: Mapping[str, str | None]
) -> Unit:
    """A sentence as text with gold character spans; entities mapped to None are dropped."""
    text, offsets = detokenise(tokens)
    kept, dropped = [], []
    for first, end, label in spans_from_iob(tags):
        if label not in type_map:
            raise ValueError(f"unexpected entity label {label!r}")
        kind = type_map[label]
        if kind is None:
            dropped.append(label)
        else:
            kept.append((first, end, kind))
    return Unit(
        text,
        tuple(char_spans(kept, offsets)),
        frozenset(start for start, _ in offsets),
        frozenset(end for _, end in offsets),
        dropped=tuple(dropped),
    )


def load_tagged(path: Path, form: TaggedFormat) -> list[Unit]:
    """The sentences of a column file."""
    units: list[Unit] = []
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for line in [*lines, ""]:
            if line.startswith(form.skip_prefix):
                continue
            fields = line.rstrip("\r\n").split(form.separator)
            if line.strip():
                tokens.append(fields[form.token_column])
                tags.append(fields[form.tag_column])
            elif tokens:
                units.append(tagged_unit(tokens, tags, form.type_map))
                tokens, tags = [], []
    return units


def fields_before_comment(path: Path) -> list[list[str]]:
    """Whitespace-separated fields of each non-empty line, up to its '#' comment."""
    with path.open(encoding="utf-8") as lines:
        rows = [line.split("#", 1)[0].split() for line in lines]
    return [row for row in rows if row]


def load_factrueval(folder: Path) -> list[Unit]:
    """One unit per document, its raw .txt."""
    units = []
    for objects_path in sorted(folder.glob("*.objects")):
        with objects_path.with_suffix(".txt").open(encoding="utf-8", newline="") as file:
            text = file.read()
        with objects_path.with_suffix(".tokens").open(encoding="utf-8") as file:
            blocks = file.read().strip().split("\n\n")
        tokens = [line.split() for block in blocks for line in block.splitlines()]
        spans = {
            row[0]: (int(row[2]), int(row[2]) + int(row[3]), row[1])
            for row in fields_before_comment(objects_path.with_suffix(".spans"))
        }
        objects = [
            (row[1], [spans[span_id] for span_id in row[2:]])
            for row in fields_before_comment(objects_path)
        ]
        gold, dropped = factrueval_gold(objects)
        units.append(
            Unit(
                text,
                tuple(gold),
                frozenset(int(token[1]) for token in tokens),
                frozenset(int(token[1]) + int(token[2]) for token in tokens),
                sentences=len(blocks),
                dropped=tuple(dropped),
            )
        )
    return units


@dataclass(frozen=True)
class CorpusSpec:
    """Where a gold set lies, how to read it and what it annotates."""

    name: str
    files: Mapping[str, str]  # split -> path under the data folder
    load: Callable[[Path], list[Unit]]
    types: tuple[str, ...]
    notes: tuple[str, ...]


CONLL_TYPES = {kind: kind for kind in TYPES}
GERMEVAL_TYPES: dict[str, str | None] = {
    "PER": "PER",
    "LOC": "LOC",
    "ORG": "ORG",
    "OTH": "MISC",
    **{
        f"{kind}{variant}": None
        for kind in ("PER", "LOC", "ORG", "OTH")
        for variant in ("deriv", "part")
    },
}

CORPORA: dict[str, CorpusSpec] = {
    "el": CorpusSpec(
        "elNER-4 (Greek)",
        {
            "test": "elner-el/elNER4/IOB2/test_elNER4.iob2",
            "dev": "elner-el/elNER4/IOB2/dev_elNER4.iob2",
        },
        functools.partial(load_tagged, form=TaggedFormat(0, 1, {**CONLL_TYPES, "PERSON": "PER"})),
        TYPES,
        ("'token TAG' IOB2, one sentence a call; PERSON scored as PER",),
    ),
    "en": CorpusSpec(
        "CoNLL-2003 (English)",
        {"test": "conll2003-en/test.txt", "dev": "conll2003-en/valid.txt"},
        functools.partial(load_tagged, form=TaggedFormat(0, 3, CONLL_TYPES)),
        TYPES,
        ("'token POS chunk NER' IOB2, -DOCSTART- skipped, one sentence a call",),
    ),
    "de": CorpusSpec(
        "GermEval-2014 (German)",
        {"test": "germeval2014-de/NER-de-test.tsv", "dev": "germeval2014-de/NER-de-dev.tsv"},
        functools.partial(
            load_tagged, form=TaggedFormat(1, 2, GERMEVAL_TYPES, separator="\t", skip_prefix="#\t")
        ),
        TYPES,
        (
            "outer level only, one sentence a call; OTH scored as MISC",
            "-deriv/-part variants dropped (not entities: predicting one is a false positive)",
        ),
    ),
    "es": CorpusSpec(
        "CoNLL-2002 (Spanish)",
        {
            "test": "conll2002-es-nl/conll2002/esp.testb",
            "dev": "conll2002-es-nl/conll2002/esp.testa",
        },
        functools.partial(load_tagged, form=TaggedFormat(0, 2, CONLL_TYPES)),
        TYPES,
        ("'token POS NER' IOB2, one sentence a call",),
    ),
    "ru": CorpusSpec(
        "FactRuEval-2016 (Russian)",
        {"test": "factrueval2016-ru/testset", "dev": "factrueval2016-ru/devset"},
        load_factrueval,
        CORE_TYPES,
        (
            "raw .txt, one document a call; Person->PER, Org->ORG, Location->LOC, LocOrg->LOC",
            "span = union of the object's name spans (descriptors, jobs, geo_adj left out);"
            " outer level only, ORG wins ties; no MISC",
        ),
    ),
}


@dataclass
class Corpus:
    """A gold set read for one split."""

    language: str
    spec: CorpusSpec
    path: Path
    units: list[Unit]

    @property
    def dropped(self) -> Counter[str]:
        """Gold entities left out of the score, by label or reason."""
        return Counter(label for unit in self.units for label in unit.dropped)


def take_sentences(units: list[Unit], limit: int | None) -> list[Unit]:
    """The first units holding ``limit`` sentences (a whole document may take it past)."""
    if limit is None:
        return units
    taken, sentences = [], 0
    for unit in units:
        if sentences >= limit:
            break
        taken.append(unit)
        sentences += unit.sentences
    return taken


# --------------------------------------------------------------------------------------------
# The reference baseline

TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’.]\w+)*|[^\w\s]")
SENTENCE_ENDS = frozenset(".!?…")
GREEK_QUESTION_MARKS = frozenset(";\u037e")


@functools.cache
def territory_names(language: str) -> frozenset[str]:
    """Casefolded CLDR territory names (countries, regions) in ``language``, from babel."""
    return frozenset(name.casefold() for name in Locale.parse(language).territories.values())


def sentence_starts(text: str, tokens: Sequence[re.Match[str]], ends: frozenset[str]) -> set[int]:
    """Indices of the first word of each sentence: the first word of the text, after a
    sentence-final mark or after a line break."""
    starts = set()
    at_start = True
    previous_end = 0
    for index, token in enumerate(tokens):
        if "\n" in text[previous_end : token.start()]:
            at_start = True
        previous_end = token.end()
        if token.group()[0].isalnum():
            if at_start:
                starts.add(index)
            at_start = False
        elif token.group() in ends:
            at_start = True
    return starts


def recognise_capitalised(text: str, language: str) -> list[tuple[int, int, str]]:
    """Reference baseline: maximal runs of capitalised words (unbroken by punctuation or line
    breaks) that do not begin a sentence; LOC if the run is a CLDR territory name in
    ``language``, else PER if it has two words, else ORG."""
    ends = SENTENCE_ENDS | GREEK_QUESTION_MARKS if language == "el" else SENTENCE_ENDS
    tokens = list(TOKEN.finditer(text))
    starts = sentence_starts(text, tokens, ends)
    entities = []
    index = 0
    while index < len(tokens):
        if not tokens[index].group()[0].isupper():
            index += 1
            continue
        last = index
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].group()[0].isupper()
            and "\n" not in text[tokens[last].end() : tokens[last + 1].start()]
        ):
            last += 1
        if index not in starts:
            start, end = tokens[index].start(), tokens[last].end()
            if " ".join(text[start:end].split()).casefold() in territory_names(language):
                kind = "LOC"
            else:
                kind = "PER" if last - index == 1 else "ORG"
            entities.append((start, end, kind))
        index = last + 1
    return entities


def load_recogniser(name: str) -> Recogniser:
    """The recogniser to measure: ``capitalised``, ``rules`` (newsloom without its trained
    tagger) or ``newsloom`` (imported only when asked)."""
    if name == "capitalised":
        return recognise_capitalised
    if name.startswith("spacy="):
        from newsloom.analyze.model_entities import ModelRecogniser

        model = ModelRecogniser(name.removeprefix("spacy="))
        return lambda text, language: [(m.start, m.end, m.type) for m in model.find(text)]
    try:
        from newsloom.analyze.entities import recognise
    except ImportError as error:
        raise RecogniserUnavailable(
            f"newsloom's recogniser (newsloom.analyze.entities.recognise) cannot be imported"
            f" ({error}); measure the reference baseline with --recogniser capitalised"
        ) from error
    return functools.partial(recognise, trained=False) if name == "rules" else recognise


# --------------------------------------------------------------------------------------------
# Running and reporting


@dataclass
class Result:
    """Scores of one corpus."""

    corpus: Corpus
    counts: dict[str, Counts] = field(default_factory=dict)
    seconds: float = 0.0
    off_token_edges: int = 0

    @property
    def sentences(self) -> int:
        return sum(unit.sentences for unit in self.corpus.units)

    def as_dict(self) -> dict[str, Any]:
        """Everything measured, for JSON."""
        spec = self.corpus.spec
        return {
            "language": self.corpus.language,
            "corpus": spec.name,
            "path": str(self.corpus.path),
            "units": len(self.corpus.units),
            "sentences": self.sentences,
            "seconds": round(self.seconds, 3),
            "sentences_per_second": round(rate(self.sentences, self.seconds), 1),
            "off_token_edges": self.off_token_edges,
            "dropped_gold": dict(self.corpus.dropped),
            "notes": list(spec.notes),
            "scores": {key: counts.as_dict() for key, counts in self.counts.items()},
        }


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds else 0.0


def evaluate(corpus: Corpus, recognise: Recogniser) -> Result:
    """Run the recogniser on every unit of a corpus and add up the counts."""
    result = Result(corpus, {key: Counts() for key in (*corpus.spec.types, HEADLINE, UNTYPED)})
    recognise("Warm-up.", corpus.language)
    for unit in corpus.units:
        started = time.perf_counter()
        output = recognise(unit.text, corpus.language)
        result.seconds += time.perf_counter() - started
        predicted = check_predictions(output, len(unit.text))
        result.off_token_edges += sum(
            start not in unit.token_starts or end not in unit.token_ends
            for start, end, _ in predicted
        )
        for key, counts in score_unit(unit.gold, predicted, corpus.spec.types).items():
            result.counts[key] += counts
    return result


def overall(results: Sequence[Result]) -> dict[str, Counts]:
    """Micro totals over corpora (MISC over the corpora that annotate it)."""
    totals: dict[str, Counts] = {}
    for result in results:
        for key, counts in result.counts.items():
            totals[key] = totals.get(key, Counts()) + counts
    order = (*TYPES, HEADLINE, UNTYPED)
    return {key: totals[key] for key in order if key in totals}


def format_table(counts: Mapping[str, Counts]) -> list[str]:
    lines = [f"  {'':14}{'gold':>7}{'pred':>7}{'tp':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for key, item in counts.items():
        lines.append(
            f"  {key:14}{item.gold:7d}{item.predicted:7d}{item.tp:7d}"
            f"{100 * item.precision:8.1f}{100 * item.recall:8.1f}{100 * item.f1:8.1f}"
        )
    return lines


def print_report(results: Sequence[Result], recogniser: str, split: str, wall: float) -> None:
    print(f"NER evaluation: recogniser {recogniser}, {split} split; P/R/F1 in %, exact span")
    for result in results:
        corpus = result.corpus
        print()
        print(f"{corpus.language}  {corpus.spec.name}  {corpus.path}")
        print("\n".join(format_table(result.counts)))
        print(
            f"  {result.sentences} sentences in {len(corpus.units)} calls,"
            f" {result.seconds:.2f} s, {rate(result.sentences, result.seconds):,.0f} sentences/s;"
            f" {result.off_token_edges} predicted spans not on token edges"
        )
        for note in corpus.spec.notes:
            print(f"  note: {note}")
        if corpus.dropped:
            listed = ", ".join(f"{label} {count}" for label, count in corpus.dropped.most_common())
            print(f"  dropped gold: {listed}")
    totals = overall(results)
    sentences = sum(result.sentences for result in results)
    seconds = sum(result.seconds for result in results)
    print()
    print(f"overall (micro over {', '.join(result.corpus.language for result in results)})")
    print("\n".join(format_table(totals)))
    macro = sum(result.counts[HEADLINE].f1 for result in results) / len(results)
    print(f"  {HEADLINE} F1, macro over languages: {100 * macro:.1f}")
    print(
        f"  {sentences} sentences, recogniser {seconds:.2f} s"
        f" ({rate(sentences, seconds):,.0f} sentences/s); whole run {wall:.1f} s"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the gold sets")
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument(
        "--languages", default=",".join(CORPORA), help=f"comma-separated, of {','.join(CORPORA)}"
    )
    parser.add_argument("--limit", type=int, help="sentences per corpus (whole documents for ru)")
    parser.add_argument(
        "--recogniser",
        default="newsloom",
        help="newsloom (default), rules, capitalised, or spacy=FOLDER (a local spaCy model)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--update-cards",
        action="store_true",
        help="write the F1 into the shipped models' cards (what `newsloom models` shows)",
    )
    args = parser.parse_args(argv)
    args.languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    unknown = [code for code in args.languages if code not in CORPORA]
    if unknown or not args.languages:
        parser.error(f"--languages takes some of {','.join(CORPORA)}; got {unknown or 'none'}")
    if args.recogniser not in ("newsloom", "rules", "capitalised") and not (
        args.recogniser.startswith("spacy=")
    ):
        parser.error(f"unknown --recogniser {args.recogniser!r}")
    if args.update_cards and (args.recogniser != "newsloom" or args.limit):
        parser.error("--update-cards records the shipped models' scores on whole gold sets only")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    if not args.data.is_dir():
        print(f"ner_eval: no NER gold data at {args.data}; pass --data DIR. Nothing measured.")
        return 0
    try:
        recognise = load_recogniser(args.recogniser)
    except RecogniserUnavailable as error:
        print(f"ner_eval: {error}")
        return 2
    corpora = []
    for language in args.languages:
        spec = CORPORA[language]
        path = args.data / spec.files[args.split]
        if not path.exists():
            print(f"ner_eval: {language}: {path} not found; skipped", file=sys.stderr)
            continue
        corpora.append(Corpus(language, spec, path, take_sentences(spec.load(path), args.limit)))
    if not corpora:
        print(f"ner_eval: none of the selected gold sets is under {args.data}. Nothing measured.")
        return 0
    results = [evaluate(corpus, recognise) for corpus in corpora]
    wall = time.perf_counter() - started
    if args.json:
        report = {
            "recogniser": args.recogniser,
            "split": args.split,
            "corpora": [result.as_dict() for result in results],
            "overall": {key: counts.as_dict() for key, counts in overall(results).items()},
            "macro_headline_f1": round(
                sum(result.counts[HEADLINE].f1 for result in results) / len(results), 4
            ),
            "seconds": round(wall, 3),
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(results, args.recogniser, args.split, wall)
    if args.update_cards:
        record_scores(results, args.split)
    return 0


def record_scores(results: Sequence[Result], split: str) -> None:
    """Write each corpus's PER+LOC+ORG F1 into the card of the language's shipped model, which
    `newsloom models` shows."""
    from newsloom.analyze.tagger import model_path

    for result in results:
        card_path = model_path(result.corpus.language).with_suffix(".json")
        if not card_path.is_file():
            continue
        card = json.loads(card_path.read_text(encoding="utf-8"))
        key = f"{result.corpus.spec.name}, {split}, PER+LOC+ORG"
        card.setdefault("scores", {})[key] = round(100 * result.counts[HEADLINE].f1, 1)
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n")
        print(f"recorded in {card_path}: {key} {card['scores'][key]}")


if __name__ == "__main__":
    sys.exit(main())
