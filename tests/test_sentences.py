import json

import pytest

from newsloom.analyze.sentences import split_sentences

from .conftest import FIXTURES

CASES = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))


def sentences(text: str, language: str) -> list[str]:
    # Paragraph breaks always end sentences: segment paragraph by paragraph, as the component does.
    found, offset = [], 0
    for paragraph in text.split("\n\n"):
        found += [paragraph[s:e] for s, e in split_sentences(paragraph, language)]
        offset += len(paragraph) + 2
    return found


@pytest.mark.parametrize("case", CASES, ids=[f"{c['language']}-{i}" for i, c in enumerate(CASES)])
def test_sentence_cases(case):
    assert sentences(case["text"], case["language"]) == case["sentences"]


def test_greek_semicolon_is_a_question_mark_but_not_in_english():
    assert len(split_sentences("Τι θα γίνει; Κανείς δεν ξέρει.", "el")) == 2
    assert len(split_sentences("Prices rose; Analysts were surprised.", "en")) == 1


def test_headline_paragraph_is_its_own_sentence(db):
    from newsloom import ingest

    from .conftest import FIXTURES as folder

    ingest(db, [str(folder / "scrape_repeated_headline_en.txt")])
    doc = next(db.iter_documents())
    first = doc.sentences[0]
    assert doc.text[first.start : first.end] == doc.title
