"""Readers of the NER training corpora (newsloom.train.corpora) on small hand-written files.

The files under tests/fixtures/corpora imitate each corpus's format with invented sentences;
no corpus data is needed.
"""

import shutil
from pathlib import Path

import pytest

from newsloom.train.corpora import (
    CORPORA,
    CorpusFormatError,
    count,
    factrueval_gold,
    read_corpus,
    retag,
)

from .conftest import load_benchmark

CORPUS_FIXTURES = Path(__file__).parent / "fixtures" / "corpora"


def tagged(sentence):
    """A sentence as "token/TAG" words, O tags left out, for compact assertions."""
    return " ".join(token if tag == "O" else f"{token}/{tag}" for token, tag in sentence)


def read(name, fixture):
    return [tagged(sentence) for sentence in read_corpus(name, CORPUS_FIXTURES / fixture)]


def test_universal_ner_keeps_types_and_marks_documents():
    assert read("uner-en-pud", "uner_sample.iob2") == [
        "Sarah/B-PER Lindqvist/I-PER told The/B-ORG Harbour/I-ORG Post/I-ORG that"
        " Rotterdam/B-LOC will reopen .",
        "Read more >>",
        "",
        "The Eurovision/B-MISC final drew crowds to Basel/B-LOC .",
    ]


def test_wikigold_iob1_becomes_iob2_with_article_breaks():
    assert read("wikigold", "wikigold_sample.conll.txt") == [
        "The Rheinblick/B-ORG Online/I-ORG profile of Angela/B-PER Merkel/I-PER ran in"
        " German/B-MISC .",
        "Paris/B-LOC Berlin/B-LOC and Warsaw/B-LOC signed .",
        "",
        "Laura/B-PER Whitfield/I-PER wrote it .",
    ]


def test_broad_twitter_corpus_one_tweet_a_sentence():
    assert read("btc", "btc_sample.conll") == [
        "@HarbourPost Storm closes port of Rotterdam/B-LOC http://t.example/x1",
        "RT Emmanuel/B-PER Macron/I-PER meets NATO/B-ORG chiefs #news",
    ]


def test_germeval_outer_level_with_deriv_and_part_as_o():
    assert read("germeval2014", "germeval_sample.tsv") == [
        "Die deutsche Delegation des FC/B-ORG Kickers/I-ORG Darmstadt/I-ORG reiste nach"
        " Wien/B-LOC .",
        "Olaf/B-PER Scholz/I-PER sah den Tatort/B-MISC und lobte EU-weite Regeln # .",
    ]


def test_factrueval_name_spans_outer_level_and_document_breaks():
    assert read("factrueval2016", "factrueval") == [
        "В понедельник глава МИД/B-ORG России/I-ORG Сергей/B-PER Лавров/I-PER встретился в"
        " Женеве/B-LOC с представителями компании « Газпром/B-ORG » .",
        "По словам источника , переговоры о проекте « Северный поток » продолжатся в среду .",
        "",
        "Алексей/B-PER Мордашов/I-PER посетил Череповец/B-LOC , где « Северсталь/B-ORG » открыла"
        " новый цех .",
    ]


def test_factrueval_one_layer_file_reads_its_document():
    assert read("factrueval2016", "factrueval/news_2.tokens") == [
        "Алексей/B-PER Мордашов/I-PER посетил Череповец/B-LOC , где « Северсталь/B-ORG » открыла"
        " новый цех .",
    ]


def test_factrueval_gold_is_what_ner_eval_scores():
    ner_eval = load_benchmark("ner_eval")
    folder = CORPUS_FIXTURES / "factrueval"
    for unit, objects in zip(
        ner_eval.load_factrueval(folder), sorted(folder.glob("*.objects")), strict=True
    ):
        with objects.with_suffix(".tokens").open(encoding="utf-8") as file:
            offsets = [line.split()[1:3] for line in file if line.strip()]
        sentences = read_corpus("factrueval2016", objects.with_suffix(".tokens"))
        tags = [tag for sentence in sentences for _, tag in sentence]
        spans = {
            (int(offsets[first][0]), int(offsets[end - 1][0]) + int(offsets[end - 1][1]), kind)
            for first, end, kind in ner_eval.spans_from_iob(tags)
        }
        assert spans == set(unit.gold)


def test_factrueval_same_extent_prefers_org_then_loc():
    city = [(0, 6, "loc_name")]
    assert factrueval_gold([("LocOrg", city), ("Org", city)])[0] == [(0, 6, "ORG")]
    assert factrueval_gold([("Person", [(0, 6, "surname")]), ("Location", city)])[0] == [
        (0, 6, "LOC")
    ]


def test_hipe_sentences_end_at_their_flag_and_titles_are_not_names():
    assert read("newseye-de", "hipe_sample.tsv") == [
        "Wien/B-LOC , 3 . März .",
        "Die Neue Zeitung meldet , daß Graf Berchtold/B-PER die Südbahn/B-ORG besuchte .",
        "",
        "Aus Triest/B-LOC nichts Neues .",
    ]


def test_europeana_detaches_punctuation_and_cuts_sentences():
    assert read("europeana-nl-kb", "europeana_sample.bio") == [
        "De heer J./B-PER Smit/I-PER vertrok gisteren naar Londen/B-LOC .",
        "Zijne reis duurde lang , zegt het Handelsblad/B-ORG .",
        "Men meldt uit Parijs/B-LOC , enz . dat alles rustig is .",
    ]


def test_a_folder_reads_every_file_with_a_document_break_between(tmp_path):
    for name in ("a.iob2", "b.iob2"):
        shutil.copy(CORPUS_FIXTURES / "uner_sample.iob2", tmp_path / name)
    sentences = list(read_corpus("uner-de-pud", tmp_path))
    assert [len(sentence) for sentence in sentences] == [11, 3, 0, 8, 0, 11, 3, 0, 8]


def test_evaluation_splits_are_refused(tmp_path):
    testset = tmp_path / "testset"
    shutil.copytree(CORPUS_FIXTURES / "factrueval", testset)
    with pytest.raises(ValueError, match="evaluation split"):
        read_corpus("factrueval2016", testset)
    (tmp_path / "NER-de-test.tsv").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="evaluation split"):
        read_corpus("germeval2014", tmp_path / "NER-de-test.tsv")


def test_unknown_corpus_and_unexpected_tag_are_errors(tmp_path):
    with pytest.raises(KeyError, match="conll2003"):
        read_corpus("conll2003", CORPUS_FIXTURES / "btc_sample.conll")
    odd = tmp_path / "odd.conll"
    odd.write_text("Reuters\tB-CORP\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="B-CORP"):
        list(read_corpus("btc", odd))
    with pytest.raises(FileNotFoundError):
        list(read_corpus("btc", tmp_path / "missing"))


def test_retag_starts_entities_where_iob1_or_dropped_labels_leave_them_open():
    labels = {"PER": "PER", "PERderiv": None}
    assert retag(["I-PER", "I-PER", "B-PER", "O", "I-PER"], labels, "x") == [
        "B-PER",
        "I-PER",
        "B-PER",
        "O",
        "B-PER",
    ]
    assert retag(["B-PERderiv", "I-PER"], labels, "x") == ["O", "B-PER"]


def test_counts_of_a_read_corpus():
    counts = count(read_corpus("wikigold", CORPUS_FIXTURES / "wikigold_sample.conll.txt"))
    assert (counts.documents, counts.sentences, counts.tokens) == (2, 3, 22)
    assert counts.entities == {"ORG": 1, "PER": 2, "MISC": 1, "LOC": 3}


def test_registry_lists_only_licences_that_allow_shipping_a_model():
    permissive = ("CC0 1.0", "CC BY 4.0", "CC BY-SA 3.0", "CC BY-SA 4.0", "MIT", "Apache-2.0")
    assert {corpus.licence for corpus in CORPORA.values()} <= set(permissive)
    assert all(name == corpus.name for name, corpus in CORPORA.items())
    assert {corpus.language for corpus in CORPORA.values()} >= {"en", "de", "ru"}
