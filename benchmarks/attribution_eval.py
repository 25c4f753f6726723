"""Quality of quotes, attribution chains and claim status.

Two evaluations:

* ``suite``: the multilingual attribution suite written for this project
  (``tests/fixtures/attribution_suite.jsonl``: el, en, de, fr, es, ru sentences with the gold
  kind, speaker, chain, anonymity and status). Each text is analysed as a one-paragraph article
  from its outlet; the predicted quote is the one whose content overlaps the gold content most
  (for a narrative sentence, kind "none", the claim that covers it). Reported per language:
  found (a quote, or for "none" no quote at all), speaker, chain, anonymity and kind accuracy
  over all items; a claim is an event mention, so status is scored over the items where the
  system found a claim ("claimed" gives their share: quotes that assert no event, "The West is
  playing with fire", make none). A speaker matches when one folded text contains the other; a chain
  when it has the same length and every link matches that way.
* ``polnear``: PolNeAR v1.0 (Newell et al. 2018, English political news), read from
  ``../shared/data/quotes/polnear-en`` (never copied). Each article is cleaned and analysed; the
  spans of predicted quotes (content, cue, and where the speaker is named) are mapped back to
  the raw text and matched with the gold attribution relations (one annotator per article).
  A predicted quote and a gold relation pair up by greatest content overlap. For content,
  source and cue: precision = matched predictions with a correct span / predictions, recall =
  the same / gold relations, both "overlap" (any shared character) and "exact" (same span
  after trimming spaces and punctuation). Gold relations are split into direct (content opens
  with a quotation mark) and indirect (all others) for recall by kind. The speed of the
  quotes and claims components (CPU time, so other load on the machine does not count) is
  printed too: PolNeAR articles are real news of about 850 words.
* ``speed``: the same CPU time of quotes and claims on the ingest benchmark's synthetic
  600-word articles in six languages (``benchmarks/ingest.py``), best of three passes.

    python benchmarks/attribution_eval.py [suite|polnear|speed|all] [--split test] [--limit N]
        [--json] [--data ../shared/data/quotes/polnear-en] [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsloom import Pipeline, Settings
from newsloom.document import Document
from newsloom.ingest import read_text
from newsloom.ingest.base import RawArticle
from newsloom.ingest.clean import clean
from newsloom.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "fixtures" / "attribution_suite.jsonl"
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear-en"
QUOTE_MARKS = "\"'“”«»„‘’‹›"
TRIM = " \t\n,.;:" + QUOTE_MARKS
ATTRIBUTION = ("quotes", "claims")  # the components whose speed is reported
BRAT_SPAN = re.compile(r"T\d+\t")
BRAT_EVENT = re.compile(r"E\d+\t")


# -- the suite ------------------------------------------------------------------------------


def same_text(gold: str | None, predicted: str | None) -> bool:
    """Loose match of two names or phrases: one folded text contains the other."""
    if not gold or not predicted:
        return gold == predicted
    a, b = fold(gold).strip(TRIM), fold(predicted).strip(TRIM)
    return bool(a and b) and (a in b or b in a)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def predict_item(pipeline: Pipeline, item: dict) -> dict[str, Any]:
    """The system's reading of one suite item, in the suite's own terms."""
    doc = pipeline(read_text(item["text"], outlet=item["outlet"], language=item["language"]))
    gold_span = _span_of(doc.text, item["content"]) or (0, len(doc.text))
    best = max(doc.quotes, default=None,  # the quote that covers the gold content most tightly
               key=lambda q: (overlap((q.start, q.end), gold_span), q.start - q.end))  # fmt: skip
    if best is None or overlap((best.start, best.end), gold_span) == 0:
        claim = max(doc.claims, key=lambda c: overlap((c.start, c.end), gold_span), default=None)
        return {"kind": "none", "speaker": None, "anonymous": False,
                "chain": [item["outlet"]], "status": claim.status if claim else None}  # fmt: skip
    index = doc.quotes.index(best)
    claim = next((c for c in doc.claims if c.quote == index), None)
    return {
        "kind": best.kind,
        "speaker": best.speaker.text,
        "anonymous": best.speaker.anonymous,
        "chain": [source.text for source in best.chain],
        "status": claim.status if claim else None,
    }


def _span_of(text: str, content: str | None) -> tuple[int, int] | None:
    if not content:
        return None
    start = text.find(content)
    return None if start < 0 else (start, start + len(content))


def score_item(item: dict, predicted: dict) -> dict[str, bool | None]:
    gold_chain, chain = item["chain"], predicted["chain"]
    return {
        "found": (predicted["kind"] == "none") == (item["kind"] == "none"),
        "speaker": same_text(item["speaker"], predicted["speaker"]),
        "chain": len(gold_chain) == len(chain)
        and all(same_text(g, p) for g, p in zip(gold_chain, chain, strict=True)),
        "anonymous": item["anonymous"] == predicted["anonymous"],
        "status": None if predicted["status"] is None else item["status"] == predicted["status"],
        "claimed": predicted["status"] is not None,
        "kind": item["kind"] == predicted["kind"],
    }


def evaluate_suite(path: Path = SUITE, pipeline: Pipeline | None = None) -> dict[str, dict]:
    """Accuracy per language (and "all") of each scored field over the suite."""
    pipeline = pipeline or Pipeline.from_settings(Settings())
    totals: dict[str, Counter] = defaultdict(Counter)
    counts: dict[str, Counter] = defaultdict(Counter)  # items each field was scored on
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        scores = score_item(item, predict_item(pipeline, item))
        for language in (item["language"], "all"):
            counts[language]["items"] += 1
            for field, value in scores.items():
                if value is not None:
                    counts[language][field] += 1
                    totals[language][field] += int(value)
    return {
        language: {"items": counts[language]["items"]}
        | {field: round(totals[language][field] / max(1, counts[language][field]), 3)
           for field in FIELDS}
        for language in sorted(counts, key=lambda lang: (lang == "all", lang))
    }  # fmt: skip


FIELDS = ("found", "speaker", "chain", "anonymous", "status", "claimed", "kind")


# -- PolNeAR --------------------------------------------------------------------------------


def read_relations(ann: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """Gold attribution relations of a brat file: {"Source"|"Cue"|"Content": [spans]}."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if BRAT_SPAN.match(line):  # not a span text's second line
            ident, info = line.split("\t")[:2]
            offsets = info.split(" ", 1)[1]
            spans[ident] = [tuple(map(int, part.split())) for part in offsets.split(";")]
        elif BRAT_EVENT.match(line):  # may name spans defined further down
            events.append(line.split("\t", 1)[1].split()[1:])
    relations = []
    for arguments in events:
        relation: dict[str, list[tuple[int, int]]] = {}
        for argument in arguments:
            role, ident = argument.split(":")
            relation.setdefault(role.rstrip("0123456789"), []).extend(spans[ident])
        if "Content" in relation:
            relations.append(relation)
    return relations


def outer(pieces: list[tuple[int, int]]) -> tuple[int, int]:
    return min(p[0] for p in pieces), max(p[1] for p in pieces)


def trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def predicted_relations(doc: Document) -> list[dict[str, tuple[int, int] | None]]:
    """Quote spans of a document mapped back to its raw text."""
    found = []
    for quote in doc.quotes:
        content = _raw_span(doc, (quote.start, quote.end))
        if content is None:
            continue
        speaker = quote.speaker.span
        found.append({"Content": content, "Cue": _raw_span(doc, quote.cue_span),
                      "Source": _raw_span(doc, speaker), "kind": quote.kind})  # fmt: skip
    return found


def _raw_span(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    start, end = doc.offset_map.to_raw(span[0]), doc.offset_map.to_raw(span[1])
    return None if start is None or end is None else (start, end)


def evaluate_polnear(
    split: str = "test", limit: int | None = None, data: Path = POLNEAR
) -> dict[str, Any]:
    pipeline = Pipeline.from_settings(Settings())
    folder = data / "data" / split
    tally: Counter = Counter()
    by_kind: Counter = Counter()
    seen: set[str] = set()
    elapsed = 0.0
    articles = 0
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in seen:  # doubly annotated: the first annotator only
            continue
        seen.add(stem)
        raw = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        doc = next(clean(RawArticle(stem, raw, language="en", outlet=None)))
        for name, component in pipeline.components:
            began = time.process_time()
            doc = component(doc)
            if name in ATTRIBUTION:
                elapsed += time.process_time() - began
        articles += 1
        _tally(raw, read_relations(ann), predicted_relations(doc), tally, by_kind)
        if limit and articles >= limit:
            break
    return _polnear_scores(tally, by_kind) | {
        "articles": articles, "attribution_articles_per_cpu_second": round(articles / elapsed)
    }  # fmt: skip


def _tally(raw: str, gold: list[dict], predicted: list[dict], tally: Counter, by_kind: Counter):
    tally["gold"] += len(gold)
    tally["predicted"] += len(predicted)
    gold_kinds = [
        "direct" if raw[outer(g["Content"])[0]] in QUOTE_MARKS else "indirect" for g in gold
    ]
    by_kind.update(f"gold {kind}" for kind in gold_kinds)
    free = set(range(len(gold)))
    for p in predicted:
        best = max(free, key=lambda i: overlap(p["Content"], outer(gold[i]["Content"])),
                   default=None)  # fmt: skip
        if best is None or overlap(p["Content"], outer(gold[best]["Content"])) == 0:
            continue
        free.discard(best)
        g = gold[best]
        for role in ("Content", "Source", "Cue"):
            if role not in g or p[role] is None:
                continue
            gold_span = trimmed(raw, outer(g[role]))
            if overlap(p[role], gold_span):
                tally[f"{role} overlap"] += 1
                if role == "Content":
                    by_kind[f"found {gold_kinds[best]}"] += 1
            if trimmed(raw, p[role]) == gold_span:
                tally[f"{role} exact"] += 1


def _polnear_scores(tally: Counter, by_kind: Counter) -> dict[str, Any]:
    scores: dict[str, Any] = {"gold": tally["gold"], "predicted": tally["predicted"]}
    for role in ("Content", "Source", "Cue"):
        for match in ("overlap", "exact"):
            correct = tally[f"{role} {match}"]
            p = correct / tally["predicted"] if tally["predicted"] else 0.0
            r = correct / tally["gold"] if tally["gold"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            scores[f"{role.lower()} {match}"] = {"p": round(p, 3), "r": round(r, 3),
                                                 "f1": round(f, 3)}  # fmt: skip
    for kind in ("direct", "indirect"):
        gold = by_kind[f"gold {kind}"]
        scores[f"content recall, {kind}"] = round(by_kind[f"found {kind}"] / gold, 3) if gold else 0
    return scores


def evaluate_speed(count: int = 1000, seed: int = 1) -> dict[str, Any]:
    """Articles per CPU-second of quotes and claims on the synthetic ingest corpus."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import body_text, generate  # the ingest benchmark's corpus, not a module

    pipeline = Pipeline.from_settings(Settings())
    docs = []
    for article, _ in generate(seed, count):
        doc = read_text(body_text(seed, article), title=article.title, outlet=article.outlet)
        for name, component in pipeline.components:
            if name in ATTRIBUTION:
                break
            doc = component(doc)
        docs.append(doc)
    attribution = [c for name, c in pipeline.components if name in ATTRIBUTION]
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        for doc in docs:
            for component in attribution:
                component(doc)
        best = min(best, time.process_time() - began)
    return {"articles": count, "attribution_articles_per_cpu_second": round(count / best)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "which", nargs="?", choices=("suite", "polnear", "speed", "all"), default="all"
    )
    parser.add_argument("--articles", type=int, default=1000, help="speed: synthetic articles")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--limit", type=int, help="PolNeAR: only the first N articles")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data", type=Path, default=POLNEAR, help="the PolNeAR folder")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    if args.which in ("suite", "all"):
        results["suite"] = evaluate_suite()
    if args.which in ("polnear", "all"):
        if not args.data.is_dir():
            sys.exit(f"PolNeAR not found at {args.data}")
        results["polnear"] = evaluate_polnear(args.split, args.limit, args.data)
    if args.which in ("speed", "all"):
        results["speed"] = evaluate_speed(args.articles)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    if "suite" in results:
        print("attribution suite: accuracy per language")
        print(f"{'lang':5} {'items':>5} " + " ".join(f"{f:>9}" for f in FIELDS))
        for language, row in results["suite"].items():
            print(f"{language:5} {row['items']:5} " + " ".join(f"{row[f]:9.3f}" for f in FIELDS))
    if "polnear" in results:
        scores = results["polnear"]
        print(f"\nPolNeAR {args.split}: {scores['articles']} articles, {scores['gold']} gold "
              f"relations, {scores['predicted']} predicted; quotes and claims ran at "
              f"{scores['attribution_articles_per_cpu_second']} articles per CPU-second")  # fmt: skip
        for key, value in scores.items():
            if isinstance(value, dict):
                print(f"  {key:18} P {value['p']:.3f}  R {value['r']:.3f}  F1 {value['f1']:.3f}")
            elif key.startswith("content recall"):
                print(f"  {key:27} {value:.3f}")
    if "speed" in results:
        speed = results["speed"]
        print(f"\nsynthetic corpus: {speed['articles']} articles, quotes and claims ran at "
              f"{speed['attribution_articles_per_cpu_second']} articles per CPU-second")  # fmt: skip


if __name__ == "__main__":
    main()
