"""Event dates and places: accuracy on newsloom's event-setting suite.

What is measured
----------------
`tests/fixtures/event_setting_suite.jsonl`: 30 news sentences written for newsloom in en, el,
de, fr, es and ru, each with one event (its trigger as written), the publication date, and the
event's gold date (a day, month or year, from the text or the publication date) and gold place
(a GeoNames id, or none where the sentence places the event nowhere or only names a party to
it: "sent ammunition to Ukraine"). It was written after the rules of
newsloom.analyze.event_setting and measured with no change made after it; one gold place was
corrected on reading ("an attack near Pokrovsk" is set near Pokrovsk). End to end from raw text
with the default pipeline. Per language:

* found: the events component finds an event whose trigger overlaps the gold one;
* date: the event's date and date_source equal the gold ones (over all sentences: a missed
  event is wrong);
* place: the event's place id equals the gold id, or both are none (over all sentences).

Usage:
    python benchmarks/event_setting_eval.py [--json] [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from newsloom import Pipeline, Settings
from newsloom.ingest import read_text

SUITE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "event_setting_suite.jsonl"


def load_suite(path: Path = SUITE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def judge(pipeline: Pipeline, case: dict) -> dict:
    """What the pipeline makes of one suite sentence, and whether it matches the gold."""
    doc = pipeline(read_text(case["text"], outlet="newsloom", language=case["language"],
                             published=case["published"]))  # fmt: skip
    start = case["text"].index(case["trigger"])
    end = start + len(case["trigger"])
    event = next((e for e in doc.events
                  if e.trigger_span[0] < end and start < e.trigger_span[1]), None)  # fmt: skip
    if event is None:
        return {"found": False, "date": False, "place": False, "got": None}
    place = int(event.place_id) if event.place_id else None
    return {
        "found": True,
        "date": (event.date, event.date_source) == (case["date"], case["date_source"]),
        "place": place == case["geonames_id"],
        "got": {"date": event.date, "date_source": event.date_source, "place": event.place_name},
    }


def evaluate(cases: list[dict], pipeline: Pipeline | None = None) -> dict:
    pipeline = pipeline or Pipeline.from_settings(Settings())
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors = []
    for case in cases:
        verdict = judge(pipeline, case)
        for language in (case["language"], "all"):
            tally[language]["sentences"] += 1
            for key in ("found", "date", "place"):
                tally[language][key] += verdict[key]
        if not (verdict["date"] and verdict["place"]):
            errors.append({"text": case["text"], "gold": [case["date"], case["date_source"],
                           case["place"]], "got": verdict["got"]})  # fmt: skip
    scores = {
        language: {"sentences": t["sentences"]}
        | {key: round(t[key] / t["sentences"], 3) for key in ("found", "date", "place")}
        for language, t in sorted(tally.items())
    }
    return {"scores": scores, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="print the sentences it gets wrong")
    args = parser.parse_args()
    result = evaluate(load_suite())
    if args.json:
        print(json.dumps(result if args.errors else result["scores"], ensure_ascii=False))
        return
    print("language  sentences  found  date  place")
    for language, s in result["scores"].items():
        print(
            f"{language:8}  {s['sentences']:9}  {s['found']:.3f}  {s['date']:.3f}  {s['place']:.3f}"
        )
    if args.errors:
        for error in result["errors"]:
            print(json.dumps(error, ensure_ascii=False))


if __name__ == "__main__":
    main()
