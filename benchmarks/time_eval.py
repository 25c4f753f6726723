"""Time expressions: extent and value scores on TempEval-3, XTN and newsloom's own suite.

What is measured
----------------
* TempEval-3 English (`../shared/data/time/tempeval3-en`): the TE3 platinum test set (20 news
  articles, 138 expressions) is the figure to report; TBAQ-cleaned (256 articles) is the
  development set the pack words and grammar were tuned on. Each `.tml` file's TEXT becomes
  plain text with the tags removed; the creation time (DCT) is the anchor; the DCT expression
  itself is not scored.
* XTN (`../shared/data/time/xtn-timex-en-es`): MEANTIME and TimeBank test files in English and
  Spanish; tokens are joined with single spaces, the first pseudo-token gives the anchor.
* The suite (`tests/fixtures/time_suite.jsonl`): expressions in el, de, fr, es, ru (and en)
  written for newsloom, each with its text, anchor, type and value; the packs were built
  against it. The holdout (`tests/fixtures/time_suite_holdout.jsonl`) was written afterwards
  and measured once, with no change after it.

Scores (TempEval-3 definitions): strict extent = same start and end; relaxed extent = the
spans overlap (each gold expression matched once); value F1 and type F1 count a relaxed
match whose value (type) is also the gold's, over the system's and the gold's expressions.
"Value accuracy" on XTN and the suite is the share of gold expressions found (relaxed) with
the right value. The official TE3 scorer was not run; these are re-implementations.

Usage:
    python benchmarks/time_eval.py [--data ../shared/data/time] [--json]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsloom.analyze.time import find_timexes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared/data/time"
SUITE = ROOT / "tests/fixtures/time_suite.jsonl"
HOLDOUT = ROOT / "tests/fixtures/time_suite_holdout.jsonl"
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    misses: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    def f1(self, hits: int) -> float:
        return 2 * hits / (self.gold + self.system) if self.gold + self.system else 0.0

    def scores(self) -> dict:
        precision = self.relaxed / self.system if self.system else 0.0
        recall = self.relaxed / self.gold if self.gold else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "strict_f1": round(self.f1(self.strict), 3),
            "relaxed_precision": round(precision, 3),
            "relaxed_recall": round(recall, 3),
            "relaxed_f1": round(self.f1(self.relaxed), 3),
            "value_f1": round(self.f1(self.value), 3),
            "type_f1": round(self.f1(self.type), 3),
            "value_accuracy": round(self.value / self.gold, 3) if self.gold else 0.0,
        }


def score(text: str, gold: list[Gold], language: str, anchor: str | None) -> Counts:
    system = find_timexes(text, language, anchor)
    counts = Counts(gold=len(gold), system=len(system))
    used: set[int] = set()
    for expected in gold:
        match = next(
            (i for i, t in enumerate(system)
             if i not in used and t.start < expected.end and expected.start < t.end),
            None,
        )  # fmt: skip
        if match is None:
            counts.misses.append(("missed", text[expected.start : expected.end], expected.value))
            continue
        used.add(match)
        found = system[match]
        counts.relaxed += 1
        counts.strict += (found.start, found.end) == (expected.start, expected.end)
        counts.type += found.type == expected.type
        if found.value == expected.value:
            counts.value += 1
        else:
            counts.misses.append(("value", found.text, found.value, expected.value))
    for i, found in enumerate(system):
        if i not in used:
            counts.misses.append(("spurious", found.text, found.value))
    return counts


def read_tml(path: Path) -> tuple[str, list[Gold], str]:
    """Plain TEXT of a TimeML file, its TIMEX3 spans and the creation date."""
    source = path.read_text(encoding="utf-8")
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', source)
    if dct is None:
        dct = re.search(r'value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"', source)
    body = source[source.index("<TEXT>") + 6 : source.index("</TEXT>")]
    text, gold, position, opened = [], [], 0, None
    last = 0
    for match in TAG.finditer(body):
        piece = html.unescape(body[last : match.start()])
        text.append(piece)
        position += len(piece)
        last = match.end()
        closing, name, attributes = match.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            opened = (position, dict(ATTRIBUTE.findall(attributes)))
        elif opened:
            start, attrs = opened
            gold.append(Gold(start, position, attrs.get("type", ""), attrs.get("value", "")))
            opened = None
    text.append(html.unescape(body[last:]))
    return "".join(text), gold, dct.group(1)[:10]


def evaluate_tml(folder: Path) -> Counts:
    total = Counts()
    for path in sorted(folder.rglob("*.tml")):
        text, gold, dct = read_tml(path)
        total.add(score(text, gold, "en", dct))
    return total


def read_xtn(path: Path) -> list[tuple[str, list[Gold], str]]:
    """Documents of an XTN file: text (tokens joined by spaces), gold expressions, anchor."""
    documents, tokens, anchor = [], [], None
    for line in path.read_text(encoding="utf-8").splitlines() + ['*!-DCTVALUE="end"-!*\tO\t-']:
        found = re.match(r'\*!-DCTVALUE="([^"]+)"-!\*', line)
        if found:
            if anchor is not None:
                documents.append(_xtn_document(tokens, anchor))
            anchor, tokens = found.group(1), []
        elif line.strip():
            word, tag, value = (line.split("\t") + ["-", "-"])[:3]
            tokens.append((word, tag, value))
    return documents


def _xtn_document(tokens: list[tuple[str, str, str]], anchor: str) -> tuple[str, list[Gold], str]:
    text, gold, position = [], [], 0
    for word, tag, value in tokens:
        if text:
            text.append(" ")
            position += 1
        if tag.startswith("B-"):
            gold.append(Gold(position, position + len(word), tag[2:], value))
        elif tag.startswith("I-") and gold:
            gold[-1].end = position + len(word)
        text.append(word)
        position += len(word)
    return "".join(text), gold, anchor


def evaluate_xtn(path: Path, language: str) -> Counts:
    total = Counts()
    for text, gold, anchor in read_xtn(path):
        total.add(score(text, gold, language, anchor))
    return total


def evaluate_suite(path: Path) -> dict[str, Counts]:
    """Per language: each suite line is one text with its expected expressions."""
    by_language: dict[str, Counts] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        gold, searched = [], 0
        for expected in case["expected"]:  # in text order: a repeated text is the next one
            start = case["text"].index(expected["text"], searched)
            searched = start + len(expected["text"])
            gold.append(Gold(start, start + len(expected["text"]), expected["type"],
                             expected["value"]))  # fmt: skip
        counts = score(case["text"], gold, case["language"], case["anchor"])
        by_language.setdefault(case["language"], Counts()).add(counts)
    return by_language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the shared time folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", type=int, default=0, help="print this many errors per set")
    args = parser.parse_args(argv)
    data = Path(args.data)
    sets: dict[str, Counts] = {}
    began = time.process_time()
    tempeval = data / "tempeval3-en"
    if tempeval.is_dir():
        sets["tempeval3 platinum (test)"] = evaluate_tml(tempeval / "te3-platinum")
        sets["tempeval3 TBAQ (dev)"] = evaluate_tml(tempeval / "TBAQ-cleaned")
    xtn = data / "xtn-timex-en-es"
    for corpus in ("meantime", "timebank"):
        for language in ("en", "es"):
            path = xtn / corpus / language / "test.tsv"
            if path.is_file():
                sets[f"xtn {corpus} {language} (test)"] = evaluate_xtn(path, language)
    for language, counts in sorted(evaluate_suite(SUITE).items()):
        sets[f"suite {language}"] = counts
    for language, counts in sorted(evaluate_suite(HOLDOUT).items()):
        sets[f"holdout {language}"] = counts
    if not sets:
        print(f"no data under {data}", file=sys.stderr)
        return 2
    report = {name: counts.scores() for name, counts in sets.items()}
    report["cpu_seconds"] = round(time.process_time() - began, 2)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    columns = ("gold", "system", "strict_f1", "relaxed_f1", "value_f1", "type_f1",
               "value_accuracy")  # fmt: skip
    print(f"{'set':34}" + "".join(f"{c:>15}" for c in columns))
    for name, counts in sets.items():
        scores = counts.scores()
        print(f"{name:34}" + "".join(f"{scores[c]:>15}" for c in columns))
        for miss in counts.misses[: args.misses]:
            print("    ", miss)
    print(f"CPU seconds, all sets: {report['cpu_seconds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
