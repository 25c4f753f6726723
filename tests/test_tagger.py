"""The trained tagger: features, tags and spans, merging with the rules, training a small model."""

from __future__ import annotations

import json

import pytest

from newsloom.analyze import tagger as tagger_module
from newsloom.analyze.entities import find_mentions, tokenize
from newsloom.analyze.tagger import (
    Reading,
    Tagger,
    Word,
    merge,
    one_type_per_name,
    sentence_features,
    shape,
    spans_from_tags,
    tags_from_spans,
)
from newsloom.document import Mention
from newsloom.train.ner import Source, gold_text, train


def words_of(text: str) -> list[Word]:
    return [Word(t.start, t.end, t.text) for t in tokenize(text)]


def test_shapes_collapse_runs():
    assert shape("Pezeshkian") == "Xx"
    assert shape("Su-35") == "Xx-d"
    assert shape("G7") == "Xd"
    assert shape("ΗΠΑ") == "X"


def test_tags_and_spans_round_trip():
    text = "Masoud Pezeshkian flew to New York on Monday"
    words = words_of(text)
    gold = [(0, 17, "PER"), (26, 34, "LOC")]
    tags = tags_from_spans(words, gold)
    assert tags == ["B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC", "O", "O"]
    assert spans_from_tags(words, tags, text) == gold


def test_an_inside_tag_after_another_type_starts_a_new_name():
    words = words_of("Reuters Moscow")
    assert spans_from_tags(words, ["B-ORG", "I-LOC"], "Reuters Moscow") == [
        (0, 7, "ORG"),
        (8, 14, "LOC"),
    ]


def test_punctuation_ends_a_name():
    text = "Лавров: Запад"
    assert spans_from_tags(words_of(text), ["B-PER", "I-PER"], text) == [
        (0, 6, "PER"),
        (8, 13, "PER"),
    ]


def test_a_name_neither_starts_nor_ends_with_a_lower_case_word():
    text = "ТАСС цитирует Лаврова, Bank of"
    tags = ["B-ORG", "B-PER", "I-PER", "B-ORG", "I-ORG"]
    assert spans_from_tags(words_of(text), tags, text) == [(0, 4, "ORG"), (14, 21, "PER"),
                                                           (23, 27, "ORG")]  # fmt: skip


def test_an_inside_tag_continues_a_name_across_small_words_only():
    text = "Lavrov met Putin; Πανεπιστήμιο της Θεσσαλίας"
    tags = ["B-PER", "O", "I-PER", "B-ORG", "O", "I-ORG"]
    assert spans_from_tags(words_of(text), tags, text) == [(0, 16, "PER"), (18, 44, "ORG")]
    tags = ["B-PER", "B-LOC", "I-PER", "B-ORG", "O", "I-ORG"]
    assert spans_from_tags(words_of(text), tags, text)[:2] == [(0, 6, "PER"), (11, 16, "PER")]


def test_a_name_keeps_one_type_in_an_article():
    text = "Pezeshkian: Tehran wants no war. Pezeshkian said so. Pezeshkian left."
    spans = [(0, 10, "LOC"), (33, 43, "PER"), (53, 63, "PER"), (12, 18, "LOC")]
    assert one_type_per_name(spans, text) == [
        (0, 10, "PER"),
        (33, 43, "PER"),
        (53, 63, "PER"),
        (12, 18, "LOC"),
    ]


def test_features_see_neighbours_punctuation_and_the_line():
    text = "«Talks are possible», said Lavrov."
    words = [Word(t.start, t.end, t.text, ("c=verb",) if t.text == "said" else ())
             for t in tokenize(text)]  # fmt: skip
    features = sentence_features(words, text)
    assert "gb=«" in features[0] and "first" in features[0]
    assert "ga=»" in features[2] and "-1c=verb" in features[4] and "-1w=said" in features[4]
    assert "ga=." in features[4]


def test_gold_text_turns_token_tags_into_character_spans():
    sentence = [("Sergei", "B-PER"), ("Lavrov", "I-PER"), ("met", "O"), ("EU", "I-ORG"),
                ("envoys", "O"), ("in", "O"), ("Minsk", "B-LOC")]  # fmt: skip
    text, spans = gold_text(sentence)
    assert text == "Sergei Lavrov met EU envoys in Minsk"
    assert [text[s:e] for s, e, _ in spans] == ["Sergei Lavrov", "EU", "Minsk"]
    assert [kind for *_, kind in spans] == ["PER", "ORG", "LOC"]


def test_merge_keeps_rule_ids_unnamed_sources_and_demonyms():
    rules = [
        Mention(0, 6, "Russia", "LOC", entity_id="country:RU"),
        Mention(12, 19, "Iranian", "MISC", entity_id="country:IR", role="demonym"),
        Mention(40, 55, "a US official", "PER", role="official", anonymous=True),
        Mention(60, 66, "Sukhoi", "PER"),
    ]
    tagged = [Mention(0, 6, "Russia", "LOC"), Mention(60, 72, "Sukhoi Su-35", "MISC")]
    merged = merge(tagged, rules, Reading())
    assert [(m.text, m.type) for m in merged] == [
        ("Russia", "LOC"),
        ("Iranian", "MISC"),
        ("a US official", "PER"),
        ("Sukhoi Su-35", "MISC"),
    ]
    assert merged[0].entity_id == "country:RU" and merged[2].anonymous


def test_a_town_the_tagger_reads_as_a_club_is_no_longer_the_town():
    rules = [Mention(0, 5, "Leeds", "LOC", entity_id="city:2644688", country="GB")]
    merged = merge([Mention(0, 5, "Leeds", "ORG")], rules, Reading())
    assert [(m.text, m.type, m.entity_id, m.country) for m in merged] == [
        ("Leeds", "ORG", None, None)
    ]


def test_merge_keeps_an_unnamed_source_around_the_names_in_it():
    rules = [Mention(2, 22, "senior US official", "PER", role="official", anonymous=True),
             Mention(9, 11, "US", "LOC", entity_id="country:US")]  # fmt: skip
    tagged = [Mention(9, 11, "US", "LOC"), Mention(2, 22, "senior US official", "PER")]
    merged = merge(tagged, rules, Reading())
    assert [(m.text, m.anonymous, m.entity_id) for m in merged] == [
        ("senior US official", True, None),
        ("US", False, "country:US"),
    ]


def test_where_the_tagger_is_unsure_the_rules_reading_stands():
    rules = [Mention(5, 20, "Laura Whitfield", "PER"), Mention(40, 47, "Лаврова", "PER")]
    unsure = Reading(sureness={5: 0.59, 11: 0.59, 40: 0.37})
    merged = merge([Mention(5, 20, "Laura Whitfield", "LOC")], rules, unsure)
    assert [(m.text, m.type) for m in merged] == [("Laura Whitfield", "PER"), ("Лаврова", "PER")]
    sure = Reading(sureness={5: 0.95, 11: 0.95, 40: 0.9})
    merged = merge([Mention(5, 20, "Laura Whitfield", "LOC")], rules, sure)
    assert [(m.text, m.type) for m in merged] == [("Laura Whitfield", "LOC")]


def test_merge_prefers_a_known_longer_name():
    rules = [Mention(0, 15, "Bank of England", "ORG", entity_id="org:bank-of-england")]
    merged = merge([Mention(8, 15, "England", "LOC")], rules, Reading())
    assert [m.entity_id for m in merged] == ["org:bank-of-england"]


def test_a_model_trained_here_tags_like_its_data(tmp_path, monkeypatch):
    people = ["Anna Weber", "Jonas Krause", "Lena Vogt", "Paul Richter"]
    cities = ["Leipzig", "Dresden", "Bremen", "Kassel"]
    sentences = []
    for person in people:
        for city in cities:
            first, last = person.split()
            sentences.append(
                [
                    (first, "B-PER"),
                    (last, "I-PER"),
                    ("besuchte", "O"),
                    ("gestern", "O"),
                    (city, "B-LOC"),
                    (".", "O"),
                ]  # fmt: skip
            )
    source = Source("invented", "Apache-2.0", "tests")
    path = train("de", [(source, sentences)], tmp_path)
    card = json.loads(path.with_suffix(".json").read_text())
    assert card["data"][0]["sentences"] == 16 and card["data"][0]["entities"]["PER"] == 16
    model = Tagger(path)
    text = "Lena Krause besuchte gestern Bremen ."
    reading = Reading()
    model.read(words_of(text), text, reading)
    assert reading.spans == [(0, 11, "PER"), (29, 35, "LOC")]


@pytest.mark.skipif(not tagger_module.model_path("en").is_file(), reason="no English model")
def test_the_shipped_english_model_finds_people_the_rules_cannot_type():
    text = "Kwame Mensah-Boateng, who chairs Aurelian Metals, met Ruslan Tkachuk in Kharkiv."
    sentences = [(0, len(text))]
    found = {(m.text, m.type) for m in find_mentions(text, sentences, "en")}
    assert ("Ruslan Tkachuk", "PER") in found and ("Kharkiv", "LOC") in found
