"""Claim status against event factuality in MEANTIME (English Wikinews, NewsReader 2015).

MEANTIME annotates every event mention with certainty (CERTAIN, PROBABLE, POSSIBLE,
UNDERSPECIFIED), polarity (POS, NEG, UNDERSPECIFIED) and time (FUTURE, NON_FUTURE). newsloom
does not tag events one by one: it gives each claim (a quote's content or one of the outlet's
sentences) a status. This script reads the corpus where it lies (``../shared/data/factuality/
meantime-en``, never copied), rebuilds each article's text from its tokens (title, then the body
as one paragraph), analyses it, and for every gold event mention inside a claim compares the
claim's status with the event's factuality:

    status        certainty  polarity  time
    reported      CERTAIN    POS       NON_FUTURE
    confirmed     CERTAIN    POS       NON_FUTURE
    denied        CERTAIN    NEG       NON_FUTURE
    negated       CERTAIN    NEG       NON_FUTURE
    expected      PROBABLE   POS       FUTURE
    planned       CERTAIN    POS       FUTURE
    hypothetical  POSSIBLE   POS       FUTURE

It prints the share of events inside a claim, agreement on each dimension over those events
(only where the gold value is specified), and a confusion table of claim status against the
gold class: negative (polarity NEG), uncertain (PROBABLE or POSSIBLE), future (certain, positive,
FUTURE) and asserted (certain, positive, not future).

    python benchmarks/factuality_eval.py [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from newsloom import Pipeline, Settings
from newsloom.ingest import read_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "factuality" / "meantime-en"
EXPECTED = {
    "reported": ("CERTAIN", "POS", "NON_FUTURE"),
    "confirmed": ("CERTAIN", "POS", "NON_FUTURE"),
    "denied": ("CERTAIN", "NEG", "NON_FUTURE"),
    "negated": ("CERTAIN", "NEG", "NON_FUTURE"),
    "expected": ("PROBABLE", "POS", "FUTURE"),
    "planned": ("CERTAIN", "POS", "FUTURE"),
    "hypothetical": ("POSSIBLE", "POS", "FUTURE"),
}
DIMENSIONS = ("certainty", "polarity", "time")
CLASSES = ("asserted", "future", "uncertain", "negative")
NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "'s", "%", "''", "n't"}


def gold_class(certainty: str, polarity: str, time: str) -> str:
    if polarity == "NEG":
        return "negative"
    if certainty in ("PROBABLE", "POSSIBLE"):
        return "uncertain"
    return "future" if time == "FUTURE" else "asserted"


def read_article(path: Path) -> tuple[str, str, list[tuple[int, tuple[str, str, str]]]]:
    """Title, body and the gold events as (offset in the body, (certainty, polarity, time))."""
    root = ET.parse(path).getroot()
    sentences: dict[int, list[tuple[str, str]]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence")), []).append((token.get("t_id"), token.text))
    title = " ".join(text for _, text in sentences.pop(0))
    sentences.pop(1, None)  # the date line
    body, offsets = "", {}
    for number in sorted(sentences):
        for t_id, text in sentences[number]:
            if body and text not in NO_SPACE_BEFORE:
                body += " "
            offsets[t_id] = len(body)
            body += text
    events = []
    for mention in root.iter("EVENT_MENTION"):
        anchor = mention.find("token_anchor")
        if anchor is not None and anchor.get("t_id") in offsets:
            value = tuple(mention.get(d, "") for d in DIMENSIONS)
            events.append((offsets[anchor.get("t_id")], value))
    return title, body, events


def evaluate(data: Path) -> dict:
    pipeline = Pipeline.from_settings(Settings())
    tally: Counter = Counter()
    confusion: Counter = Counter()
    for path in sorted((data / "intra_cross-doc_annotation").glob("*/*.xml")):
        title, body, events = read_article(path)
        doc = pipeline(read_text(body, title=title, language="en", outlet="Wikinews"))
        body_start = doc.text.find(body[:40])
        for offset, (certainty, polarity, time) in events:
            tally["events"] += 1
            position = body_start + offset
            claim = next((c for c in doc.claims if c.start <= position < c.end), None)
            if claim is None:
                continue
            tally["covered"] += 1
            expected = dict(zip(DIMENSIONS, EXPECTED[claim.status], strict=True))
            for dimension, gold in zip(DIMENSIONS, (certainty, polarity, time), strict=True):
                if gold and gold != "UNDERSPECIFIED":
                    tally[f"{dimension} total"] += 1
                    tally[f"{dimension} agree"] += expected[dimension] == gold
            confusion[(claim.status, gold_class(certainty, polarity, time))] += 1
    return {
        "events": tally["events"],
        "covered": round(tally["covered"] / tally["events"], 3),
        "agreement": {d: round(tally[f"{d} agree"] / tally[f"{d} total"], 3) for d in DIMENSIONS},
        "confusion": {status: {c: confusion[(status, c)] for c in CLASSES} for status in EXPECTED},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"MEANTIME not found at {args.data}")
    result = evaluate(args.data)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"MEANTIME: {result['events']} gold event mentions, {result['covered']:.1%} inside a claim"
    )
    for dimension, value in result["agreement"].items():
        print(f"  {dimension:9} agreement {value:.3f}")
    print(f"\n  {'claim status':13}" + "".join(f"{c:>11}" for c in CLASSES))
    for status, row in result["confusion"].items():
        print(f"  {status:13}" + "".join(f"{row[c]:11}" for c in CLASSES))


if __name__ == "__main__":
    main()
