"""Train newsloom's models from corpora on this machine (never downloads anything).

    python -m newsloom.train ner --lang de --corpus germeval2014=~/data/NER-de-train.tsv \
        --corpus uner-de-pud=~/data/UNER_German-PUD [--out src/newsloom/models]

`python -m newsloom.train.corpora` lists the corpora that may be named, with their licences:
only those whose licence allows shipping a trained model, commercial use included.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsloom.analyze.tagger import MODELS
from newsloom.train.corpora import CORPORA, read_corpus
from newsloom.train.ner import PARAMETERS, Source, train


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m newsloom.train", description=__doc__)
    tasks = parser.add_subparsers(dest="task", required=True)
    ner = tasks.add_parser("ner", help="train the named-entity tagger of one language")
    ner.add_argument("--lang", required=True, help="language code, e.g. en, de, el")
    ner.add_argument(
        "--corpus",
        action="append",
        required=True,
        metavar="NAME=PATH",
        help=f"a training corpus and where it lies; NAME is one of {', '.join(sorted(CORPORA))}",
    )
    ner.add_argument("--out", type=Path, default=MODELS, help="folder for the model and its card")
    ner.add_argument("--c1", type=float, default=PARAMETERS["c1"], help="L1 regularisation")
    ner.add_argument("--c2", type=float, default=PARAMETERS["c2"], help="L2 regularisation")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = []
    for item in args.corpus:
        name, _, path = item.partition("=")
        corpus = CORPORA.get(name)
        if corpus is None or not path:
            sys.exit(f"--corpus {item!r}: give NAME=PATH with NAME one of {', '.join(CORPORA)}")
        if corpus.language != args.lang:
            sys.exit(f"--corpus {name}: a {corpus.language} corpus, not {args.lang}")
        source = Source(corpus.name, corpus.licence, corpus.url)
        corpora.append((source, read_corpus(name, Path(path).expanduser())))
    started = time.perf_counter()
    model = train(args.lang, corpora, args.out, {"c1": args.c1, "c2": args.c2})
    print(f"{model} ({model.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
