"""The timeline scorer (benchmarks/timeline_eval.py) on tiny hand-written timelines."""

import argparse

import pytest

from .conftest import load_benchmark

timeline_eval = load_benchmark("timeline_eval")

GOLD = """Harbour Authority
0\tXXXX-XX-XX\t77-4-planned
1\t2019-03-02\t77-2-closed\t78-3-closure
2\t2019-03-05\t77-5-protested
2\t2019-03-05\t78-6-marched
3\t2019-04-XX\t78-9-reopened
"""


def lines(text: str):
    return timeline_eval.parse_timeline(text)


def test_parse_skips_the_entity_name_and_keeps_coreferent_events_on_one_line():
    parsed = lines(GOLD)
    assert len(parsed) == 5
    assert parsed[1].events == ["77-2-closed", "78-3-closure"]
    assert parsed[0].position == 0 and parsed[4].date == "2019-04-XX"


def test_identical_timelines_score_one():
    assert timeline_eval.timeline_f1(lines(GOLD), lines(GOLD)) == (1.0, 1.0, 1.0)


def test_reduced_gold_graph_has_before_simultaneous_and_date_relations():
    reduced = timeline_eval.timeline_graph(lines(GOLD)).reduced
    assert ("BEFORE", "77-2-closed", "77-5-protested") in reduced
    assert ("SIMULTANEOUS", "77-5-protested", "78-6-marched") in reduced
    assert ("INCLUDES", "2019-04-XX", "78-9-reopened") in reduced
    assert not any("77-4-planned" in r and r[0] != "SIMULTANEOUS" for r in reduced)


def test_closure_makes_before_transitive_across_simultaneous_events():
    graph = timeline_eval.timeline_graph(lines(GOLD))
    assert graph.entails(("BEFORE", "78-3-closure", "78-9-reopened"))
    assert graph.entails(("INCLUDES", "2019-03-02", "78-3-closure"))
    assert not graph.entails(("BEFORE", "78-9-reopened", "77-2-closed"))


def test_a_reversed_pair_scores_lower():
    system = lines(
        GOLD.replace("2\t2019-03-05", "4\t2019-03-05").replace("3\t2019-04", "2\t2019-04")
    )
    precision, recall, f1 = timeline_eval.timeline_f1(system, lines(GOLD))
    assert f1 < 1.0 and precision < 1.0 and recall < 1.0


def test_a_missing_event_lowers_recall_only():
    system = lines("\n".join(row for row in GOLD.splitlines() if "marched" not in row))
    precision, recall, _ = timeline_eval.timeline_f1(system, lines(GOLD))
    assert precision == 1.0
    assert recall < 1.0


def test_an_extra_event_lowers_precision_only():
    system = lines(GOLD + "4\t2019-05-01\t79-2-inspected\n")
    precision, recall, _ = timeline_eval.timeline_f1(system, lines(GOLD))
    assert recall == 1.0
    assert precision < 1.0


def test_an_empty_system_timeline_scores_zero():
    assert timeline_eval.timeline_f1([], lines(GOLD)) == (0.0, 0.0, 0.0)


def test_counts_are_summed_before_dividing():
    total = timeline_eval.Counts(1, 2, 1, 4)
    total += timeline_eval.Counts(3, 3, 0, 4)
    assert total.scores() == pytest.approx((0.8, 0.125, 2 * 0.8 * 0.125 / 0.925))


def test_aliases_are_initials_and_word_runs_that_are_not_other_targets():
    targets = ["Airbus", "Airbus A380", "United States Air Force"]
    air_force = timeline_eval.Target.of("United States Air Force", targets)
    assert {"usaf", "air force", "united states air"} <= air_force.aliases
    assert "airbus" not in timeline_eval.Target.of("Airbus A380", targets).aliases


def test_a_person_is_found_by_surname_only_in_person_mentions():
    target = timeline_eval.Target.of("Frederick Henderson", ["Frederick Henderson"])
    person = timeline_eval.Found("Henderson", "Fritz Henderson", "PER", 0)
    place = timeline_eval.Found("Henderson", None, "LOC", 0)
    assert target.named_in([person], aliases=True)
    assert not target.named_in([person], aliases=False)
    assert not target.named_in([place], aliases=True)


def test_an_event_goes_to_the_nearest_target_named_in_its_sentence():
    words = ["Boeing", "said", "Airbus", "delayed", "the", "jet", "."]
    text, starts = timeline_eval.join_tokens(words)
    assert text == "Boeing said Airbus delayed the jet."
    delayed = timeline_eval.Event("5-2-delayed", 2, 4, starts[3])
    doc = timeline_eval.CatDocument("5", "2021-04-02", {2: text}, {2: starts}, [delayed])
    found = {"5": {2: [timeline_eval.Found(w, None, "ORG", text.index(w)) for w in words[:3:2]]}}
    boeing, airbus = (
        timeline_eval.Target.of(n, ["Boeing", "Airbus"]) for n in ("Boeing", "Airbus")
    )
    nearest = argparse.Namespace(select="mentions", assign="nearest")
    assert timeline_eval.joins(airbus, [boeing], delayed, doc, found, nearest)
    assert not timeline_eval.joins(boeing, [airbus], delayed, doc, found, nearest)
    anywhere = argparse.Namespace(select="mentions", assign="all")
    assert timeline_eval.joins(boeing, [airbus], delayed, doc, found, anywhere)
