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
  Records at even positions of each file are the dev half (read while tuning), odd ones the
  test half that is reported (``--split``).
* ``meantime``: per-event factuality against MEANTIME (English Wikinews, ``../shared/data/
  factuality/meantime-en``): each gold event mention is read as an event at its anchor word
  with the events component's cue scopes; agreement on certainty and polarity where the gold
  value is specified. Topics airbus and apple are dev, gm and stock test.
* ``case``: CASE-2021 task 2 ACLED-style English snippets (test set only; not tuned on): type
  accuracy and macro-F1 after mapping ACLED subtypes to PLOVER (ACLED_TO_PLOVER).
* ``speed``: the events and claims components together over 600-word articles (the sample
  corpus' texts cut or repeated to that length), in CPU time, so other load on the machine
  counts little; articles per CPU-second.

    python benchmarks/events_eval.py [suite|upetrarch|speed|all] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.core import get_global

from newsloom import Pipeline, Settings
from newsloom.analyze.events import EventFinder
from newsloom.ingest import read_text
from newsloom.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "fixtures" / "event_suite.jsonl"
UPETRARCH = ROOT.parent / "shared" / "data" / "events" / "upetrarch-validation"
FIELDS = ("found", "actor", "recipient", "factuality", "chain")
RECORD = re.compile(r"<Sentence\b(.*?)</Text>", re.S)
CODING = re.compile(r"<EventCoding\b([^>]*)>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
EVENT_TEXT = re.compile(r"<EventText\b([^>]*)>")
UPETRARCH_SETS = {
    "en": ("PETR2_GSR_validation.xml",),
    "es": ("spanish_protest_plover_validation.xml", "spanish_validation_1018_noaccent.xml"),
    "ar": ("arabic_protest_gsr_validation.xml", "arabic_assault_gsr_validation.xml"),
}
MEANTIME_VALUES = {  # factuality -> (certainty, polarity) in MEANTIME's terms
    "asserted": ("CERTAIN", "POS"),
    "confirmed": ("CERTAIN", "POS"),
    "planned": ("CERTAIN", "POS"),
    "expected": ("PROBABLE", "POS"),
    "hypothetical": ("POSSIBLE", "POS"),
    "denied": ("CERTAIN", "NEG"),
    "negated": ("CERTAIN", "NEG"),
}
CASE = ROOT.parent / "shared" / "data" / "events" / "case2021-acled-en" / (
    "test_set_final_release_with_labels.tsv")  # fmt: skip
# ACLED sub-event types by the PLOVER type they report; the disasters, crime, attributions and
# OTHER have none.
ACLED_TO_PLOVER = {
    "AIR_STRIKE": "ASSAULT", "ARMED_CLASH": "ASSAULT", "ART_MISS_ATTACK": "ASSAULT",
    "ATTACK": "ASSAULT", "CHEM_WEAP": "ASSAULT", "GRENADE": "ASSAULT", "SUIC_BOMB": "ASSAULT",
    "REM_EXPLOS": "ASSAULT", "SEX_VIOL": "ASSAULT", "ABDUCT_DISSAP": "ASSAULT",
    "MOB_VIOL": "ASSAULT", "PROPERTY_DISTRUCT": "ASSAULT", "GOV_REGAINS_TERIT": "ASSAULT",
    "NON_STATE_ACTOR_OVERTAKES_TER": "ASSAULT", "PEACE_PROTEST": "PROTEST",
    "PROTEST_WITH_INTER": "PROTEST", "VIOL_DEMONSTR": "PROTEST",
    "FORCE_AGAINST_PROTEST": "COERCE", "ARREST": "COERCE", "DISR_WEAP": "COERCE",
    "AGREEMENT": "AGREE", "DIPLO": "CONSULT", "CHANGE_TO_GROUP_ACT": "MOBILIZE",
    "HQ_ESTABLISHED": "MOBILIZE", "NON_VIOL_TERRIT_TRANSFER": "RETREAT",
}  # fmt: skip
UPETRARCH_FIELDS = ("found", "type", "cameo", "actor", "target")
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


@dataclass
class GoldEvent:
    code: str  # CAMEO code ("042"), may be empty
    plover: str  # PLOVER type, may be empty
    source_code: str  # "USAGOV", "RUS", "---" ...
    target_code: str
    source_text: str  # as written, where the file gives it
    target_text: str


def read_upetrarch(path: Path) -> list[tuple[str, list[GoldEvent]]]:
    """(text, gold events) of each record with a gold event."""
    records = []
    for match in RECORD.finditer(path.read_text(encoding="utf-8")):
        body = match.group(1)
        texts = {
            t.get("eid"): t for t in (dict(ATTRIBUTE.findall(x)) for x in EVENT_TEXT.findall(body))
        }
        events = []
        for coding in (dict(ATTRIBUTE.findall(c)) for c in CODING.findall(body)):
            words = texts.get(coding.get("eid"), {})
            events.append(
                GoldEvent(
                    coding.get("eventcode", ""),
                    coding.get("plover", ""),
                    coding.get("sourcecode", ""),
                    coding.get("targetcode", ""),
                    words.get("sourcetext", ""),
                    words.get("targettext", ""),
                )
            )
        events = [e for e in events if e.code or e.plover]
        text = TEXT.search(body)
        if events and text and text.group(1).strip():
            records.append((" ".join(text.group(1).split()).lstrip(")"), events))
    return records


def country_of(code: str) -> str | None:
    """ISO 3166 alpha-2 of a PETRARCH actor code that starts with a country ("USAGOV")."""
    aliases = get_global("territory_aliases").get(code[:3])
    return aliases[0] if aliases and len(aliases[0]) == 2 else None


def argument_countries(arguments) -> set[str]:
    found = set()
    for argument in arguments:
        entity_id = argument.resolved_id or ""
        if entity_id.startswith("country:"):
            found.add(entity_id.split(":", 1)[1])
        elif argument.mention is not None and argument.mention.country:
            found.add(argument.mention.country)
    return found


def same_words(gold: str, arguments) -> bool:
    """A gold actor text and a predicted argument share a word of four letters or more."""
    gold_words = {w for w in fold(gold).split() if len(w) >= 4}
    return any(gold_words & {w for w in fold(a.text).split() if len(w) >= 4} for a in arguments)


def score_record(events, gold: list[GoldEvent]) -> dict[str, bool | None]:
    plovers = {g.plover for g in gold if g.plover}
    roots = {g.code[:2] for g in gold if g.code}
    right = [e for e in events if e.type in plovers or (not plovers and e.cameo in roots)]
    event = (right or events or [None])[0]
    first = next(
        (g for g in gold if (event and (g.plover == event.type or g.code[:2] == event.cameo))),
        gold[0],
    )
    scores: dict[str, bool | None] = {
        "found": bool(events),
        "type": bool(right),
        "cameo": bool(event and event.cameo in roots) if roots else None,
    }
    for role, code, text, arguments in (
        ("actor", first.source_code, first.source_text, event.actors if event else []),
        ("target", first.target_code, first.target_text, event.recipients if event else []),
    ):
        if text:
            scores[role] = same_words(text, arguments)
        elif country_of(code):
            scores[role] = country_of(code) in argument_countries(arguments)
        else:
            scores[role] = None  # no country and no words to compare with
    return scores


def evaluate_upetrarch(pipeline: Pipeline | None = None, split: str = "test") -> dict[str, dict]:
    """Per language: records, and the share with an event found, with the gold type (PLOVER,
    else CAMEO root), with the gold CAMEO root, and with the gold actor and target (over the
    records whose gold names one). The sets have no split of their own: records at even
    positions of each file are `dev` (read while tuning the packs), odd ones `test`."""
    pipeline = pipeline or Pipeline.from_settings(Settings())
    results = {}
    for language, names in UPETRARCH_SETS.items():
        totals: Counter = Counter()
        counts: Counter = Counter()
        for name in names:
            path = UPETRARCH / name
            if not path.is_file():
                continue
            for position, (text, gold) in enumerate(read_upetrarch(path)):
                if split != "all" and position % 2 != (split == "test"):
                    continue
                doc = pipeline(read_text(text, outlet="AFP", language=language))
                counts["records"] += 1
                for key, value in score_record(doc.events, gold).items():
                    if value is not None:
                        counts[key] += 1
                        totals[key] += int(value)
        if counts["records"]:
            results[language] = {"records": counts["records"]} | {
                key: round(totals[key] / counts[key], 3) if counts[key] else None
                for key in UPETRARCH_FIELDS
            }
    return results


def evaluate_meantime(pipeline: Pipeline | None = None, split: str = "test") -> dict[str, Any]:
    """Per-event factuality against MEANTIME: every gold event mention is read as an event at
    its anchor word, with the cue scopes of the events component, and its factuality compared
    with the gold certainty and polarity (where specified). Topics airbus and apple are dev,
    gm and stock test."""
    from factuality_eval import DATA, read_article

    pipeline = pipeline or Pipeline.from_settings(Settings())
    finder = EventFinder("en")
    topics = {"dev": ("airbus", "apple"), "test": ("gm", "stock")}.get(split)
    tally: Counter = Counter()
    confusion: Counter = Counter()
    for path in sorted((DATA / "intra_cross-doc_annotation").glob("*/*.xml")):
        if topics and not any(topic in path.parent.name.lower() for topic in topics):
            continue
        title, body, events = read_article(path)
        doc = pipeline(read_text(body, title=title, language="en", outlet="Wikinews"))
        body_start = doc.text.find(body[:40])
        sentences = [(s.start, s.end) for s in doc.sentences]
        for offset, (certainty, polarity, _time) in events:
            position = body_start + offset
            sentence = next((s for s in sentences if s[0] <= position < s[1]), None)
            if sentence is None:
                continue
            factuality = finder.factuality_at(doc.text, sentence, position)
            predicted = MEANTIME_VALUES[factuality]
            tally["events"] += 1
            for name, gold, value in (("certainty", certainty, predicted[0]),
                                      ("polarity", polarity, predicted[1])):  # fmt: skip
                if gold and gold != "UNDERSPECIFIED":
                    tally[f"{name} total"] += 1
                    tally[f"{name} agree"] += value == gold
                    tally[f"{name} baseline"] += gold == ("CERTAIN", "POS")[name == "polarity"]
            confusion[(factuality, certainty, polarity)] += 1
    return {
        "events": tally["events"],
        "certainty": round(tally["certainty agree"] / max(1, tally["certainty total"]), 3),
        "polarity": round(tally["polarity agree"] / max(1, tally["polarity total"]), 3),
        "baseline": {  # every event read as asserted: CERTAIN and POS
            name: round(tally[f"{name} baseline"] / max(1, tally[f"{name} total"]), 3)
            for name in ("certainty", "polarity")
        },
        "confusion": {f"{f} / {c} {p}": n for (f, c, p), n in sorted(confusion.items())},
    }


def evaluate_case(pipeline: Pipeline | None = None) -> dict[str, Any]:
    """CASE-2021 task 2 (ACLED-style English snippets, test set only, never tuned on): the type
    of the first event found ("none" without one) against the gold subtype mapped to PLOVER
    (ACLED_TO_PLOVER); accuracy and macro-F1 over the PLOVER classes and "none"."""
    pipeline = pipeline or Pipeline.from_settings(Settings())
    pairs = []
    with CASE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gold = ACLED_TO_PLOVER.get(row["SubType"].strip(), "none")
            doc = pipeline(read_text(row["EventSnippet"], outlet="ACLED", language="en"))
            pairs.append((gold, doc.events[0].type if doc.events else "none"))
    classes = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    f1s = {}
    for name in classes:
        tp = sum(g == p == name for g, p in pairs)
        fp = sum(p == name != g for g, p in pairs)
        fn = sum(g == name != p for g, p in pairs)
        f1s[name] = round(2 * tp / max(1, 2 * tp + fp + fn), 3)
    gold_classes = {g for g, _ in pairs}
    return {"snippets": len(pairs),
            "accuracy": round(sum(g == p for g, p in pairs) / max(1, len(pairs)), 3),
            "macro_f1": round(sum(f1s[c] for c in gold_classes) / max(1, len(gold_classes)), 3),
            "f1": f1s}  # fmt: skip


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
                        choices=("suite", "upetrarch", "meantime", "case", "speed",
                                 "all"))  # fmt: skip
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="test",
        help="UniversalPetrarch and MEANTIME records to read (default: test)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {}
    if args.what in ("suite", "all"):
        result["suite"] = evaluate_suite()
    if args.what in ("upetrarch", "all"):
        result["upetrarch"] = evaluate_upetrarch(split=args.split)
    if args.what in ("meantime", "all"):
        result["meantime"] = evaluate_meantime(split=args.split)
    if args.what in ("case", "all"):
        result["case"] = evaluate_case()
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
