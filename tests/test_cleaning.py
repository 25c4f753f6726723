"""Splitting and cleaning on scraped fixtures: expectations live in fixtures/expected.json."""

import json

import pytest

from newsloom.ingest.base import RawArticle
from newsloom.ingest.clean import clean
from newsloom.records import analyze

from .conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
ARTICLE_FILES = sorted(name for name in EXPECTED if name != "dedup")


def articles_of(name: str) -> list[dict]:
    result = analyze([str(FIXTURES / name)])
    malformed = EXPECTED[name].get("malformed_lines", [])
    fatal = [p["source"] for p in result["problems"] if p["fatal"]]
    assert fatal == [f"{FIXTURES / name}:{line}" for line in malformed], result["problems"]
    return result["articles"]


def body_of(article: dict) -> str:
    paragraphs = article["paragraphs"][1:] if article["title"] else article["paragraphs"]
    return "\n\n".join(article["text"][p["start"] : p["end"]] for p in paragraphs)


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_articles_titles_and_bodies(name):
    expected = EXPECTED[name]
    articles = articles_of(name)
    assert len(articles) == expected["articles"]
    assert [a["title"] for a in articles] == expected["titles"]
    assert [body_of(a).split()[:5] for a in articles] == expected["first_body_words"]
    assert [len(a["paragraphs"]) - bool(a["title"]) for a in articles] == expected[
        "paragraph_counts"
    ]


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_noise_lines_removed_and_recorded(name):
    expected = EXPECTED[name]
    for article, noise in zip(articles_of(name), expected["removed_lines"], strict=True):
        body = body_of(article)
        for line in noise:
            assert line not in body
        if name.endswith(".txt"):  # plain text: every removed line is recorded
            assert [r["text"] for r in article["removed"]] == noise
        for phrase in expected.get("must_not_contain", []):
            assert phrase not in article["text"]


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_languages(name):
    articles = articles_of(name)
    assert [a["language"] for a in articles] == EXPECTED[name]["languages"]
    for article in articles:
        assert article["language_score"] >= 0.5


def test_paragraph_languages_in_mixed_article():
    (article,) = articles_of("mixed_language_el_en.txt")
    body_paragraphs = article["paragraphs"][1:]
    assert [p["language"] for p in body_paragraphs] == EXPECTED["mixed_language_el_en.txt"][
        "paragraph_languages"
    ][0]


def test_one_caption_kept_as_metadata():
    (article,) = articles_of("scrape_repeated_headline_en.txt")
    assert article["caption"].endswith("(AFP)")
    reasons = [r["reason"] for r in article["removed"]]
    assert reasons.count("caption") == 1
    assert "repeated headline" in reasons and "tag line" in reasons


def test_html_figure_caption_kept_as_metadata_not_text():
    (article,) = articles_of("page_en.html")
    assert article["caption"] == EXPECTED["page_en.html"]["removed_lines"][0][0]


def test_offset_map_points_back_to_raw_input():
    raw = "Headline here\nA caption. (AP)\nA caption. (AP)\nX\nHeadline here\nFirst paragraph of the body.\n"
    (doc,) = clean(RawArticle("t.txt", raw, splittable=True))
    for paragraph in doc.paragraphs:
        start = doc.offset_map.to_raw(paragraph.start)
        assert (
            raw[start : start + paragraph.end - paragraph.start]
            == doc.text[paragraph.start : paragraph.end]
        )
    for removal in doc.removed:
        assert raw[removal.raw_start : removal.raw_end] == removal.text


def test_lone_short_heading_inside_body_is_a_crosshead_not_a_new_article():
    raw = (
        "Ministers meet in Brussels over energy prices\n\n"
        "Energy ministers gathered on Monday to discuss a price cap, officials said.\n\n"
        "Next steps\n\n"
        "A decision is expected before the end of the month, diplomats said.\n"
    )
    (doc,) = clean(RawArticle("t.txt", raw, splittable=True))
    assert "Next steps" in doc.text


def test_article_without_headline_starts_with_its_lede():
    raw = "The central bank kept rates unchanged on Thursday, citing sticky inflation.\nMore text follows here.\n"
    (doc,) = clean(RawArticle("t.txt", raw, splittable=True))
    assert doc.title is None
    assert doc.text.startswith("The central bank kept rates")


def test_hard_wrapped_wire_copy_is_reflowed_into_paragraphs():
    import textwrap

    paragraphs = [
        "The European Central Bank cut its deposit rate by a quarter point on Thursday, "
        "its second reduction this year, as inflation in the euro zone eased towards target.",
        "President Christine Lagarde said the path ahead was not predetermined and that "
        "decisions would be taken meeting by meeting, depending on incoming data.",
        "Economists polled before the meeting had expected the move, and markets barely "
        "reacted, with the euro little changed against the dollar in afternoon trading.",
    ]
    body = "\n\n".join(textwrap.fill(p, width=60) for p in paragraphs)
    raw = f"ECB cuts rates again as inflation eases\n\n{body}\n"
    articles = list(clean(RawArticle("wire.txt", raw, splittable=True)))
    assert len(articles) == 1
    (doc,) = articles
    assert doc.title == "ECB cuts rates again as inflation eases"
    assert len(doc.paragraphs) == 4
    assert (
        " ".join(doc.text[doc.paragraphs[1].start : doc.paragraphs[1].end].split()) == paragraphs[0]
    )
