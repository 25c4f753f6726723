"""The NER evaluation harness (benchmarks/ner_eval.py) on tiny hand-written examples."""

import json
import sys

import pytest

from newsloom.train.corpora import outer_level

from .conftest import load_benchmark

ner = load_benchmark("ner_eval")


# IOB2 decoding


def test_iob_entities_with_exclusive_ends():
    tags = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"]
    assert ner.spans_from_iob(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (5, 6, "ORG")]


def test_iob_i_after_o_or_at_start_begins_an_entity():
    assert ner.spans_from_iob(["O", "I-ORG", "I-ORG", "O"]) == [(1, 3, "ORG")]
    assert ner.spans_from_iob(["I-PER", "I-PER"]) == [(0, 2, "PER")]


def test_iob_adjacent_entities_stay_apart():
    assert ner.spans_from_iob(["B-PER", "B-PER", "I-PER"]) == [(0, 1, "PER"), (1, 3, "PER")]
    assert ner.spans_from_iob(["B-LOC", "B-ORG"]) == [(0, 1, "LOC"), (1, 2, "ORG")]


def test_iob_i_of_another_type_begins_a_new_entity():
    assert ner.spans_from_iob(["B-PER", "I-LOC", "I-LOC"]) == [(0, 1, "PER"), (1, 3, "LOC")]


def test_iob_without_entities():
    assert ner.spans_from_iob([]) == []
    assert ner.spans_from_iob(["O", "O"]) == []


@pytest.mark.parametrize("tag", ["PER", "X-PER", "B-", "O-PER", ""])
def test_iob_rejects_what_is_not_iob2(tag):
    with pytest.raises(ValueError):
        ner.spans_from_iob(["O", tag])


# Counting


def test_exact_match_is_a_true_positive():
    assert ner.score([(0, 2, "PER")], [(0, 2, "PER")]) == ner.Counts(tp=1)


def test_type_mismatch_is_both_false_positive_and_false_negative():
    assert ner.score([(0, 2, "PER")], [(0, 2, "ORG")]) == ner.Counts(tp=0, fp=1, fn=1)


def test_partial_overlap_is_both_false_positive_and_false_negative():
    assert ner.score([(0, 3, "ORG")], [(0, 2, "ORG")]) == ner.Counts(tp=0, fp=1, fn=1)
    assert ner.score([(1, 2, "ORG")], [(0, 2, "ORG")]) == ner.Counts(tp=0, fp=1, fn=1)


def test_a_repeated_prediction_counts_once():
    assert ner.score([(0, 1, "LOC")], [(0, 1, "LOC"), (0, 1, "LOC")]) == ner.Counts(tp=1)


def test_counts_ratios_and_sum():
    counts = ner.Counts(tp=2, fp=1, fn=3)
    assert (counts.gold, counts.predicted) == (5, 3)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(2 / 5)
    assert counts.f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 3))
    assert counts + ner.Counts(tp=1, fn=1) == ner.Counts(tp=3, fp=1, fn=4)
    empty = ner.Counts()
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_headline_leaves_misc_out_and_untyped_ignores_the_type():
    gold = [(0, 5, "PER"), (6, 10, "MISC"), (11, 15, "LOC")]
    predicted = [(0, 5, "ORG"), (6, 10, "MISC"), (16, 20, "MISC")]
    counts = ner.score_unit(gold, predicted, ner.TYPES)
    assert counts["PER"] == ner.Counts(fn=1)
    assert counts["ORG"] == ner.Counts(fp=1)
    assert counts["LOC"] == ner.Counts(fn=1)
    assert counts["MISC"] == ner.Counts(tp=1, fp=1)
    assert counts[ner.HEADLINE] == ner.Counts(fp=1, fn=2)
    assert counts[ner.UNTYPED] == ner.Counts(tp=2, fp=1, fn=1)


def test_predictions_of_types_the_corpus_lacks_are_left_out():
    counts = ner.score_unit([(0, 5, "PER")], [(0, 5, "PER"), (6, 9, "MISC")], ner.CORE_TYPES)
    assert "MISC" not in counts
    assert counts[ner.HEADLINE] == ner.Counts(tp=1)
    assert counts[ner.UNTYPED] == ner.Counts(tp=1)


def test_check_predictions_enforces_the_contract():
    assert ner.check_predictions([[0, 3, "LOC"]], 3) == [(0, 3, "LOC")]
    for bad in ([(0, 4, "LOC")], [(2, 2, "LOC")], [(-1, 2, "PER")], [(0, 2, "GPE")]):
        with pytest.raises(ValueError):
            ner.check_predictions(bad, 3)


# From tokens to text


def test_detokenised_spans_cover_exactly_their_tokens():
    text, offsets = ner.detokenise(["Angela", "Merkel", "visited", "New", "York", "."])
    assert text == "Angela Merkel visited New York ."
    spans = ner.char_spans([(0, 2, "PER"), (3, 5, "LOC")], offsets)
    assert [text[start:end] for start, end, _ in spans] == ["Angela Merkel", "New York"]


def test_germeval_file_keeps_the_outer_level_and_drops_deriv_and_part(tmp_path):
    path = tmp_path / "NER-de-test.tsv"
    path.write_text(
        "#\thttp://example.org\t[2009-10-23]\n"
        "1\tDie\tO\tO\n2\tdeutsche\tB-LOCderiv\tO\n3\tBahn\tB-ORG\tO\n"
        "4\tin\tO\tO\n5\tBad\tB-LOC\tB-LOC\n6\tEms\tI-LOC\tO\n7\t.\tO\tO\t\n\n"
        "#\thttp://example.org/2\t[2009-10-24]\n1\tEU-weit\tB-ORGpart\tB-ORG\n\n",
        encoding="utf-8",
    )
    first, second = ner.CORPORA["de"].load(path)
    assert first.text == "Die deutsche Bahn in Bad Ems ."
    assert [(first.text[s:e], kind) for s, e, kind in first.gold] == [
        ("Bahn", "ORG"),
        ("Bad Ems", "LOC"),
    ]
    assert first.dropped == ("LOCderiv",)
    assert (second.text, second.gold, second.dropped) == ("EU-weit", (), ("ORGpart",))


def test_conll2003_file_skips_docstart_lines(tmp_path):
    path = tmp_path / "test.txt"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nJapan NNP B-NP B-LOC\nwins VBZ B-VP O\n\n"
        "Nadim NNP B-NP B-PER\nLadki NNP I-NP I-PER\n",
        encoding="utf-8",
    )
    units = ner.CORPORA["en"].load(path)
    assert [unit.text for unit in units] == ["Japan wins", "Nadim Ladki"]
    assert [unit.gold for unit in units] == [((0, 5, "LOC"),), ((0, 11, "PER"),)]


def test_unknown_labels_are_an_error():
    with pytest.raises(ValueError):
        ner.tagged_unit(["Foo"], ["B-GPE"], ner.CONLL_TYPES)


# FactRuEval gold


def test_outer_level_drops_nested_spans_and_prefers_org_on_ties():
    spans = [(0, 10, "ORG"), (4, 10, "LOC"), (20, 25, "LOC"), (20, 25, "ORG"), (22, 30, "PER")]
    assert outer_level(spans) == [(0, 10, "ORG"), (20, 25, "ORG"), (22, 30, "PER")]


def test_factrueval_objects_use_the_union_of_their_name_spans():
    objects = [
        ("Person", [(0, 5, "name"), (6, 11, "surname")]),
        ("Org", [(20, 30, "org_descr"), (31, 39, "org_name")]),
        ("Org", [(40, 48, "org_descr")]),
        ("LocOrg", [(50, 59, "geo_adj")]),
        ("Location", [(60, 66, "loc_name")]),
        ("Project", [(70, 75, "prj_name")]),
    ]
    gold, dropped = ner.factrueval_gold(objects)
    assert gold == [(0, 11, "PER"), (31, 39, "ORG"), (60, 66, "LOC")]
    assert sorted(dropped) == ["LocOrg without a name span", "Org without a name span", "Project"]


def test_factrueval_document_offsets_index_the_raw_text(tmp_path):
    text = "Павел Дуров основал мессенджер Telegram.\n\nОн живёт в Дубае."
    (tmp_path / "book_1.txt").write_text(text, encoding="utf-8")
    words = ["Павел", "Дуров", "основал", "мессенджер", "Telegram", ".", "", "Он", "живёт", "в"]
    words += ["Дубае", "."]
    lines, position = [], 0
    for number, word in enumerate(words):
        if not word:
            lines.append("")
            continue
        position = text.index(word, position)
        lines.append(f"{number} {position} {len(word)} {word}")
        position += len(word)
    (tmp_path / "book_1.tokens").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "book_1.spans").write_text(
        "1 name 0 5 0 1  # 0 Павел\n2 surname 6 5 1 1  # 1 Дуров\n"
        "3 org_descr 20 10 3 1  # 3 мессенджер\n4 org_name 31 8 4 1  # 4 Telegram\n"
        "5 loc_name 53 5 10 1  # 10 Дубае\n",
        encoding="utf-8",
    )
    (tmp_path / "book_1.objects").write_text(
        "10 Person 1 2 # Павел Дуров\n11 Org 3 4 # мессенджер Telegram\n12 Location 5 # Дубае\n",
        encoding="utf-8",
    )
    (unit,) = ner.load_factrueval(tmp_path)
    assert unit.text == text
    assert unit.sentences == 2
    assert [(text[s:e], kind) for s, e, kind in unit.gold] == [
        ("Павел Дуров", "PER"),
        ("Telegram", "ORG"),
        ("Дубае", "LOC"),
    ]
    assert 31 in unit.token_starts and 39 in unit.token_ends


# The reference baseline


def test_capitalised_baseline():
    text = "They say Angela Merkel met Siemens in France . Nadim Ladki said so ."
    found = [(text[s:e], kind) for s, e, kind in ner.recognise_capitalised(text, "en")]
    assert found == [("Angela Merkel", "PER"), ("Siemens", "ORG"), ("France", "LOC")]


def test_capitalised_baseline_drops_a_run_that_begins_a_sentence():
    text = "Yesterday Angela Merkel spoke. «Deutsche Bank» fell."
    assert ner.recognise_capitalised(text, "en") == []


def test_capitalised_baseline_breaks_runs_at_punctuation_and_lines():
    text = "Visits to Spain, Berlin\nRome and the United States ."
    found = [(text[s:e], kind) for s, e, kind in ner.recognise_capitalised(text, "en")]
    assert found == [("Spain", "LOC"), ("Berlin", "ORG"), ("United States", "LOC")]


def test_capitalised_baseline_knows_territory_names_in_the_language():
    text = "Ζει στην Ελλάδα ή στις Ηνωμένες Πολιτείες; Η Γερμανία όχι"  # ";" ends a question
    found = [(text[s:e], kind) for s, e, kind in ner.recognise_capitalised(text, "el")]
    assert found == [("Ελλάδα", "LOC"), ("Ηνωμένες Πολιτείες", "LOC")]


def test_take_sentences_stops_after_the_limit():
    units = [ner.Unit("a", (), frozenset(), frozenset(), sentences=n) for n in (2, 2, 2)]
    assert ner.take_sentences(units, 3) == units[:2]
    assert ner.take_sentences(units, None) == units


# The command


def test_missing_data_is_not_an_error(tmp_path, capsys):
    assert ner.main(["--data", str(tmp_path / "absent"), "--recogniser", "capitalised"]) == 0
    assert "no NER gold data" in capsys.readouterr().out


def conll_data(tmp_path):
    folder = tmp_path / "conll2003-en"
    folder.mkdir()
    (folder / "test.txt").write_text(
        "-DOCSTART- -X- -X- O\n\nThey NN O O\nsaw NN O O\nPeter NNP B-NP B-PER\n"
        "Smith NNP I-NP I-PER\nin IN O O\nFrance NNP B-NP B-LOC\n. . O O\n",
        encoding="utf-8",
    )
    return tmp_path


def test_unavailable_recogniser_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "newsloom.analyze.entities", None)
    assert ner.main(["--data", str(conll_data(tmp_path)), "--languages", "en"]) == 2
    assert "--recogniser capitalised" in capsys.readouterr().out


def test_json_report(tmp_path, capsys):
    argv = ["--data", str(conll_data(tmp_path)), "--recogniser", "capitalised", "--json"]
    assert ner.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    (corpus,) = report["corpora"]
    assert corpus["language"] == "en" and corpus["sentences"] == 1
    assert corpus["scores"][ner.HEADLINE]["f1"] == 1.0
    assert report["overall"][ner.HEADLINE]["tp"] == 2
