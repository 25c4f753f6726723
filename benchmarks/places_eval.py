"""Places: GeoNames resolution accuracy on newsloom's place suite, and the speed of `time` + `places`.

What is measured
----------------
`tests/fixtures/place_suite.jsonl`: news texts written for newsloom in en, el, de, fr, es and
ru (captions, "Lire aussi", ad markers included), each place mention marked with the GeoNames
place meant; the component's errors on it were studied and fixed. The holdout,
`tests/fixtures/place_suite_holdout.jsonl`, was written afterwards and measured once, with no
change made after it. End to end from raw text: the default pipeline's language, sentences and entity
components find the mentions, then `places` resolves them. For each gold mention:
* found: a system place overlaps it;
* exact: that place has the gold GeoNames id;
* within 161 km: its point lies within 161 km (100 miles) of the gold point.
Accuracy is over all gold mentions (a mention the recogniser misses counts as wrong); "exact
of found" divides by the found ones, which isolates the resolver. Countries are drawn at their
capital in the gold and in newsloom, so the distance figure is mostly about cities and regions.
Spurious: system places that overlap no gold mention.

Speed (`--speed`): CPU seconds of the `time` and `places` components alone, after the other
components ran once, over the suite texts and the sample corpus as they are, and over the
sample's articles joined (per language) into articles of at least 3,000 characters; printed
as articles and characters per CPU-second.

Usage:
    python benchmarks/places_eval.py [--speed] [--json] [--errors]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from newsloom import Pipeline
from newsloom.document import Document, Paragraph

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests/fixtures/place_suite.jsonl"
HOLDOUT = ROOT / "tests/fixtures/place_suite_holdout.jsonl"
TIME_SUITE = ROOT / "tests/fixtures/time_suite.jsonl"
EARTH_KM = 6371.0
CLOSE_KM = 161.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def document(text: str, language: str | None = None) -> Document:
    """A cleaned-text document: one paragraph per line, as the cleaner leaves them."""
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(offset, offset + len(line)))
        offset += len(line) + 1
    doc = Document(source="suite", raw=text, text=text, paragraphs=paragraphs)
    if language:
        doc.language = language
    return doc


def evaluate(pipeline: Pipeline, path: Path, show_errors: bool) -> dict:
    by_language: dict[str, dict[str, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        doc = pipeline(document(case["text"]))
        counts = by_language.setdefault(
            case["language"], {"gold": 0, "found": 0, "exact": 0, "close": 0, "spurious": 0}
        )
        matched = set()
        for gold in case["places"]:
            counts["gold"] += 1
            place = next((p for p in doc.places
                          if p.start < gold["end"] and gold["start"] < p.end), None)  # fmt: skip
            if place is None:
                if show_errors:
                    print("missed", case["language"], gold["text"], gold["name"])
                continue
            matched.add(id(place))
            counts["found"] += 1
            counts["exact"] += place.geonames_id == gold["geonames_id"]
            near = distance_km(place.lat, place.lon, gold["lat"], gold["lon"]) <= CLOSE_KM
            counts["close"] += near
            if show_errors and place.geonames_id != gold["geonames_id"]:
                print("wrong", case["language"], gold["text"], gold["name"], "->", place.name,
                      place.country, place.score)  # fmt: skip
        counts["spurious"] += sum(id(p) not in matched for p in doc.places)
    total = {k: sum(c[k] for c in by_language.values()) for k in next(iter(by_language.values()))}
    return {name: _scores(c) for name, c in sorted(by_language.items())} | {"all": _scores(total)}


def _scores(c: dict[str, int]) -> dict:
    return {
        "gold": c["gold"],
        "accuracy": round(c["exact"] / c["gold"], 3),
        "within_161km": round(c["close"] / c["gold"], 3),
        "found": round(c["found"] / c["gold"], 3),
        "exact_of_found": round(c["exact"] / c["found"], 3) if c["found"] else 0.0,
        "spurious": c["spurious"],
    }


def speed(repeats: int) -> dict:
    """Articles per CPU-second of `time` + `places`, the other components run beforehand: on
    the sample corpus and the suites as they are, and on the sample's articles of one language
    joined into articles of at least 3,000 characters (a full news story)."""
    from newsloom import sample
    from newsloom.store import Database

    db = Database(":memory:")
    sample.ingest_into(db)
    stored = [(d.text, d.language, d.published) for d in db.iter_documents()]
    texts = list(stored)
    for path in (SUITE, TIME_SUITE):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            texts.append((case["text"], case["language"], case.get("anchor")))
    return {"as_written": _time_components(texts, repeats),
            "joined_to_3000_chars": _time_components(_joined(stored, 3000), repeats)}  # fmt: skip


def _joined(texts: list[tuple], length: int) -> list[tuple]:
    by_language: dict[str, list[tuple]] = {}
    for text in texts:
        by_language.setdefault(text[1], []).append(text)
    joined = []
    for language, group in by_language.items():
        parts: list[str] = []
        for text, _, published in group:
            parts.append(text)
            if sum(map(len, parts)) >= length:
                joined.append(("\n\n".join(parts), language, published))
                parts = []
    return joined


def _time_components(texts: list[tuple], repeats: int) -> dict:
    before = Pipeline(["language", "sentences", "entities"])
    prepared = []
    for text, language, published in texts:
        doc = before(document(text, language))
        doc.published = published
        prepared.append(doc)
    timed = Pipeline(["language", "sentences", "entities", "time", "places"]).components[3:]
    for _, run in timed:  # load the pack words and GeoNames once, outside the timing
        run(prepared[0])
    began = time.process_time()
    for _ in range(repeats):
        for doc in prepared:
            for _, run in timed:
                run(doc)
    seconds = time.process_time() - began
    articles = repeats * len(prepared)
    chars = sum(len(d.text) for d in prepared) / len(prepared)
    return {"articles": articles, "mean_chars": round(chars), "cpu_seconds": round(seconds, 3),
            "articles_per_cpu_second": round(articles / seconds),
            "chars_per_cpu_second": round(articles * chars / seconds)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", action="store_true", help="also time time + places")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="print every wrong mention")
    args = parser.parse_args(argv)
    pipeline = Pipeline(["language", "sentences", "entities", "places"])
    report = {"suite": evaluate(pipeline, SUITE, args.errors),
              "holdout": evaluate(pipeline, HOLDOUT, args.errors)}  # fmt: skip
    if args.speed:
        report["speed"] = speed(args.repeats)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    columns = ("gold", "accuracy", "within_161km", "found", "exact_of_found", "spurious")
    for suite in ("suite", "holdout"):
        print(f"{suite:10}" + "".join(f"{c:>16}" for c in columns))
        for name, scores in report[suite].items():
            print(f"{name:10}" + "".join(f"{scores[c]:>16}" for c in columns))
    if args.speed:
        for name, figures in report["speed"].items():
            print(f"speed (time + places), {name}:", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
