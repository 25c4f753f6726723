"""Quality and speed of events (newsloom.analyze.events) and claims.

* ``suite``: the multilingual event suite written for this project
  (``tests/fixtures/event_suite.jsonl``: el, en, de, fr, es, ru sentences with the gold PLOVER
  type, actor and recipient ids, factuality and source chain, including the negation-scope
  traps: "has no doubt", "promised not to", a negation in a relative clause, a negated modal).
  Each text is analysed as a one-paragraph article from its outlet; the predicted event is the
  first of the gold type, else the first found. Reported per language: found (an event of the
  gold type), actor and recipient (the same set of ids), factuality and chain (the same length,
  every link's text containing the gold's or contained in it), each over all items.
* ``upetrarch``: the UniversalPetrarch validation sets in ``../shared/data/events/`` (never
  copied): English PETR-2 records (CAMEO codes) and Spanish protest records (PLOVER types).
  For each sentence with a gold event, the share where the system finds an event, and over
  those, the share whose CAMEO root code (English) or PLOVER type (Spanish) matches a gold one.
* ``speed``: the events and claims components together over 600-word articles (the sample
  corpus' texts cut or repeated to that length), in CPU time, so other load on the machine
  counts little; articles per CPU-second.

    python benchmarks/events_eval.py [suite|upetrarch|speed|all] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsloom import Pipeline, Settings
from newsloom.ingest import read_text
from newsloom.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "fixtures" / "event_suite.jsonl"
UPETRARCH = ROOT.parent / "shared" / "data" / "events" / "upetrarch-validation"
FIELDS = ("found", "actor", "recipient", "factuality", "chain")
RECORD = re.compile(r"<Sentence\b(.*?)</Text>", re.S)
CODING = re.compile(r'<EventCoding\s+eventcode="([^"]*)"(?:\s+plover="([^"]*)")?')
TEXT = re.compile(r"<Text>(.*)", re.S)
SPEED_WORDS = 600
SPEED_ARTICLES = 300
ANALYSIS = ("events", "claims")  # the components whose speed is reported


def predict_item(pipeline: Pipeline, item: dict) -> dict[str, Any]:
    doc = pipeline(read_text(item["text"], outlet=item["outlet"], language=item["language"]))
    event = next((e for e in doc.events if e.type == item["type"]), None)
    found = event is not None
    event = event or (doc.events[0] if doc.events else None)
    if event is None:
        return {"found": False, "actor": [], "recipient": [], "factuality": None, "chain": []}
    return {
        "found": found,
        "actor": [a.resolved_id for a in event.actors if a.resolved_id],
        "recipient": [a.resolved_id for a in event.recipients if a.resolved_id],
        "factuality": event.factuality,
        "chain": [source.text or "" for source in event.chain],
    }


def same_text(gold: str, predicted: str) -> bool:
    a, b = fold(gold), fold(predicted)
    return bool(a and b) and (a in b or b in a)


def score_item(item: dict, predicted: dict) -> dict[str, bool]:
    chain = predicted["chain"]
    return {
        "found": predicted["found"],
        "actor": set(item["actor"]) == set(predicted["actor"]),
        "recipient": set(item["recipient"]) == set(predicted["recipient"]),
        "factuality": item["factuality"] == predicted["factuality"],
        "chain": len(chain) == len(item["chain"])
        and all(same_text(g, p) for g, p in zip(item["chain"], chain, strict=True)),
    }


def evaluate_suite(path: Path = SUITE, pipeline: Pipeline | None = None) -> dict[str, dict]:
    """Accuracy per language (and "all") of each field over the suite."""
    pipeline = pipeline or Pipeline.from_settings(Settings())
    totals: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        scores = score_item(item, predict_item(pipeline, item))
        for language in (item["language"], "all"):
            counts[language] += 1
            totals[language].update({k: int(v) for k, v in scores.items()})
    return {
        language: {"items": counts[language]}
        | {field: round(totals[language][field] / counts[language], 3) for field in FIELDS}
        for language in sorted(counts, key=lambda lang: (lang == "all", lang))
    }


def read_upetrarch(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(text, [(CAMEO code, PLOVER type)]) of each record with a gold event."""
    records = []
    for match in RECORD.finditer(path.read_text(encoding="utf-8")):
        body = match.group(1)
        codes = [(code, plover or "") for code, plover in CODING.findall(body) if code]
        text = TEXT.search(body)
        if codes and text and text.group(1).strip():
            records.append((" ".join(text.group(1).split()), codes))
    return records


def evaluate_upetrarch(pipeline: Pipeline | None = None) -> dict[str, dict]:
    pipeline = pipeline or Pipeline.from_settings(Settings())
    sets = {"en": ("PETR2_GSR_validation.xml", "cameo"),
            "es": ("spanish_protest_plover_validation.xml", "plover")}  # fmt: skip
    results = {}
    for language, (name, scheme) in sets.items():
        path = UPETRARCH / name
        if not path.is_file():
            continue
        found = right = 0
        records = read_upetrarch(path)
        for text, codes in records:
            doc = pipeline(read_text(text, outlet="AFP", language=language))
            if not doc.events:
                continue
            found += 1
            if scheme == "cameo":
                gold = {code[:2] for code, _ in codes}
                right += any(e.cameo in gold for e in doc.events)
            else:
                gold = {plover for _, plover in codes}
                right += any(e.type in gold for e in doc.events)
        results[language] = {"records": len(records), "scheme": scheme,
                             "found": round(found / max(1, len(records)), 3),
                             "code_when_found": round(right / max(1, found), 3)}  # fmt: skip
    return results


def speed(articles: int = SPEED_ARTICLES) -> dict[str, float]:
    """Articles per CPU-second of the events and claims components on 600-word articles."""
    from newsloom.sample import root

    paths = sorted((root() / "texts").rglob("*.txt"))
    texts = [p.read_bytes().decode("utf-8", "replace") for p in paths]  # a few are not UTF-8
    pipeline = Pipeline.from_settings(Settings())
    before = Pipeline([n for n in pipeline.names if n not in ANALYSIS])
    docs = []
    for i in range(articles):
        words = texts[i % len(texts)].split()
        while len(words) < SPEED_WORDS:
            words += words
        docs.append(before(read_text(" ".join(words[:SPEED_WORDS]), outlet="AFP")))
    components = [run for name, run in pipeline.components if name in ANALYSIS]
    started = time.process_time()
    for doc in docs:
        for run in components:
            run(doc)
    spent = time.process_time() - started
    return {"articles": articles, "cpu_seconds": round(spent, 3),
            "articles_per_cpu_second": round(articles / spent, 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="?", default="all",
                        choices=("suite", "upetrarch", "speed", "all"))  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {}
    if args.what in ("suite", "all"):
        result["suite"] = evaluate_suite()
    if args.what in ("upetrarch", "all"):
        result["upetrarch"] = evaluate_upetrarch()
    if args.what in ("speed", "all"):
        result["speed"] = speed()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, rows in result.items():
        print(f"\n{name}")
        if name == "suite":
            print(f"{'lang':5} {'items':>5} " + " ".join(f"{f:>10}" for f in FIELDS))
            for language, row in rows.items():
                print(f"{language:5} {row['items']:5} "
                      + " ".join(f"{row[f]:10.3f}" for f in FIELDS))  # fmt: skip
        else:
            print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
