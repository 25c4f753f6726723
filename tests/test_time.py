"""Time expressions: found in six languages and normalised against the publication date."""

import json

import pytest

from newsloom import Pipeline, Settings
from newsloom.analyze.time import find_timexes
from newsloom.document import Document, Paragraph

from .conftest import FIXTURES


def found(text: str, language: str, anchor: str | None = "2025-01-16") -> list[tuple]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, language, anchor)]


def test_scrape_of_issue_12():
    text = (
        "Rescuers search the rubble in Kharkiv, Ukraine, Tuesday, Jan. 14, 2025. (AP Photo)\n"
        "Officials said Tuesday the 2 1/2-year war had entered a new phase earlier this month."
    )
    assert found(text, "en") == [
        ("Tuesday, Jan. 14, 2025", "DATE", "2025-01-14"),
        ("Tuesday", "DATE", "2025-01-14"),
        ("2 1/2-year", "DURATION", "P2.5Y"),
        ("earlier this month", "DATE", "2025-01"),
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("τις τελευταίες δύο ημέρες", "el", ("τις τελευταίες δύο ημέρες", "DURATION", "P2D")),
        ("Τον Μάρτιο θα ψηφιστεί", "el", ("Τον Μάρτιο", "DATE", "2025-03")),
        ("Это случилось в прошлом месяце.", "ru", ("прошлом месяце", "DATE", "2024-12")),
        ("Lo anunció el pasado martes.", "es", ("el pasado martes", "DATE", "2025-01-14")),
        ("Il y a trois jours, il pleuvait.", "fr", ("Il y a trois jours", "DATE", "2025-01-13")),
        ("Anfang März soll es beginnen.", "de", ("Anfang März", "DATE", "2025-03")),
        ("the last two days", "en", ("the last two days", "DURATION", "P2D")),
        ("within days", "en", ("days", "DURATION", "PXD")),
        ("МОСКВА, 16 января 2025 г. — Лавров", "ru", ("16 января 2025 г.", "DATE", "2025-01-16")),
    ],
)
def test_expressions_of_each_language(text, language, expected):
    assert found(text, language) == [expected]


def test_weekdays_and_months_look_back_unless_the_sentence_speaks_of_the_future():
    assert found("The minister resigned on Friday.", "en") == [("Friday", "DATE", "2025-01-10")]
    assert found("The minister will resign on Friday.", "en") == [("Friday", "DATE", "2025-01-17")]
    # A November story of a past November; "Jan. 14" in December is the coming January.
    assert found("It fell in November.", "en")[0][2] == "2024-11"
    assert found("Talks resume Jan. 14", "en", "2024-12-20")[0][2] == "2025-01-14"


def test_relative_expressions_keep_no_value_without_a_publication_date():
    assert found("Yesterday and last week, but on 5 March 2024.", "en", None) == [
        ("Yesterday", "DATE", None),
        ("last week", "DATE", None),
        ("5 March 2024", "DATE", "2024-03-05"),
    ]


def test_words_that_only_look_like_time():
    # A modal "may", a newspaper "Sun", an age, an English "in" before a duration.
    assert found("Prices may fall, the Sun reported.", "en") == []
    assert found("A 6-year-old boy was rescued.", "en") == []
    assert found("the worst in a decade", "en") == [("a decade", "DURATION", "P10Y")]
    assert found("Για τρίτη φορά", "el") == []


def test_component_reads_the_publication_date():
    doc = Document(source="t", raw="", text="Lavrov said on Tuesday that talks would go on.")
    doc.language, doc.published = "en", "2025-01-16"
    doc = Pipeline(["language", "time"], Settings())(doc)
    assert [(t.start, t.end, t.value) for t in doc.timexes] == [(15, 22, "2025-01-14")]
    assert doc.timexes[0].to_record()["type"] == "DATE"


def test_the_multilingual_suite_stays_right():
    """Every expression of tests/fixtures/time_suite.jsonl is found with its value."""
    lines = (FIXTURES / "time_suite.jsonl").read_text(encoding="utf-8").splitlines()
    wrong = []
    for case in map(json.loads, lines):
        system = {(t.text, t.value) for t in find_timexes(case["text"], case["language"],
                                                          case["anchor"])}  # fmt: skip
        wrong += [e for e in case["expected"] if (e["text"], e["value"]) not in system]
    assert len(lines) >= 30 and not wrong


def test_each_paragraph_is_read_with_its_own_language():
    greek = "Ο υπουργός μίλησε χθες στη Βουλή για τον προϋπολογισμό της χώρας."
    english = "The minister said last week that the budget would pass in March."
    text = greek + "\n\n" + english
    paragraphs = [Paragraph(0, len(greek)), Paragraph(len(greek) + 2, len(text))]
    doc = Document(source="t", raw=text, text=text, published="2025-01-16", paragraphs=paragraphs)
    doc = Pipeline(["language", "time"], Settings())(doc)
    assert [p.language for p in doc.paragraphs] == ["el", "en"]
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("χθες", "2025-01-15"),
        ("last week", "2025-W02"),
        ("March", "2025-03"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
