"""Pieces of the web layer on their own: timelines, snippets, cursors, URLs."""

import pytest
from fastapi import HTTPException

from newsloom.document import Mention
from newsloom.normalize import fold
from newsloom.store.browse import fold_for_index
from newsloom.web.charts import CHART_HEIGHT, timeline
from newsloom.web.common import decode_cursor, encode_cursor, safe_url
from newsloom.web.highlight import highlight
from newsloom.web.search import snippet

from .conftest import FIXTURES


def rows(*days_languages_counts):
    return [{"day": d, "language": lang, "articles": n} for d, lang, n in days_languages_counts]


def test_timeline_fills_missing_days_and_stacks_languages():
    chart = timeline(
        rows(("2024-09-01", "el", 2), ("2024-09-03", "en", 4), ("2024-09-03", "el", 1))
    )
    assert chart.bucket == "day"
    assert [b.label for b in chart.bars] == ["2024-09-01", "2024-09-02", "2024-09-03"]
    assert [b.total for b in chart.bars] == [2, 0, 5]
    assert chart.languages == ["en", "el"]  # most articles first
    tallest = chart.bars[2]
    assert sum(height for _, _, height in tallest.stack) == CHART_HEIGHT
    assert min(y for _, y, _ in tallest.stack) == 0


def test_long_timelines_use_weeks_then_months():
    weeks = timeline(rows(("2024-01-01", "en", 1), ("2024-04-01", "en", 1)))
    assert weeks.bucket == "week" and weeks.bars[0].label == "2024-01-01"
    months = timeline(rows(("2022-01-15", "en", 1), ("2024-12-30", "de", 3)))
    assert months.bucket == "month" and len(months.bars) == 36
    assert months.bars[-1].label == "2024-12-01" and months.bars[-1].total == 3
    assert timeline([]) is None
    assert timeline(rows(("not a date", "en", 1))) is None


def test_snippet_finds_words_without_accents_and_keeps_original_text():
    text = (
        "Αρχή. " + "λέξη " * 80 + "Ο πρόεδρος Πεζεσκιάν δήλωσε ότι η ΠΕΖΕΣΚΙΆΝ αναφορά ήταν λάθος."
    )
    cut, highlights = snippet(text, ["πεζεσκιαν"])
    assert [cut[s:e] for s, e in highlights] == ["Πεζεσκιάν", "ΠΕΖΕΣΚΙΆΝ"]
    assert not cut.startswith("Αρχή")
    assert snippet("no match here", ["zzz"]) == ("no match here", [])


def test_cursors_round_trip_and_reject_tampering():
    cursor = encode_cursor("2024-09-12", 42)
    assert decode_cursor(cursor, str, int) == ("2024-09-12", 42)
    assert decode_cursor(None, str, int) is None
    for bad in (
        cursor + "x",
        encode_cursor(42, "2024"),
        encode_cursor("a"),
        "%%%",
        encode_cursor(True),
    ):
        with pytest.raises(HTTPException):
            decode_cursor(bad, str, int)


def test_only_http_urls_become_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for url in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//evil", None):
        assert safe_url(url) is None


def test_index_folding_is_fold_exactly():
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in FIXTURES.glob("*.txt")]
    texts += ["U.S. officials", "Straße ΣΕΠΤΕΜΒΡΙΟΥ İstanbul", "e\u0301te\u0301 ’s", " x \t y\n",
              "رئیس‌جمهور ي ك", "ﬁ Ⅻ ǅ ς ΐ", "\u0301alone", "a . . b", "\u00a0nbsp\u2003em"]  # fmt: skip
    every_character = "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000)
    texts += [every_character[i : i + 5] for i in range(0, len(every_character), 5)]
    for text in texts:
        assert fold_for_index(text) == fold(text), text[:40]


def flatten(nodes, depth=()):
    """(layer path, text) of every plain-text leaf, outermost layer first."""
    for node in nodes:
        path = (*depth, node.layer) if node.layer else depth
        if node.children:
            yield from flatten(node.children, path)
        elif node.text:
            yield path, node.text


def quote(start, end, name="q"):
    return {"id": name, "start": start, "end": end}


#                 0         1         2         3         4
#                 0123456789012345678901234567890123456789012345
HIGHLIGHT_TEXT = "Lavrov said: Iran sent missiles to Russia. End"


def test_highlight_nests_mentions_inside_quotes():
    mentions = [Mention(0, 6, "Lavrov", "PER", "p:l"), Mention(13, 17, "Iran", "LOC", "c:ir")]
    (paragraph,) = highlight(HIGHLIGHT_TEXT, [(0, 46)], [quote(13, 41)], mentions)
    assert list(flatten([paragraph])) == [
        (("paragraph", "mention"), "Lavrov"),
        (("paragraph",), " said: "),
        (("paragraph", "quote", "mention"), "Iran"),
        (("paragraph", "quote"), " sent missiles to Russia"),
        (("paragraph",), ". End"),
    ]


def test_highlight_cuts_a_mention_crossing_a_quote_edge_and_keeps_both_pieces_linked():
    crossing = Mention(9, 17, "id: Iran", "LOC", "c:ir")  # starts before the quote, ends in it
    (paragraph,) = highlight(HIGHLIGHT_TEXT, [(0, 46)], [quote(13, 41)], [crossing])
    leaves = list(flatten([paragraph]))
    assert (("paragraph", "mention"), "id: ") in leaves
    assert (("paragraph", "quote", "mention"), "Iran") in leaves
    pieces = [n for n in paragraph.children if n.layer == "mention"]
    assert [p.mark for p in pieces] == [crossing]  # the piece outside the quote
    assert "".join(text for _, text in leaves) == HIGHLIGHT_TEXT


def test_highlight_cuts_quotes_at_paragraphs_and_crossing_quotes():
    paragraphs = [(0, 12), (13, 46)]  # the quote below spans both
    first, second = quote(7, 30, "a"), quote(20, 41, "b")  # and b crosses a
    body = highlight(HIGHLIGHT_TEXT, paragraphs, [first, second], [])
    assert [text for _, text in flatten(body)] == [
        "Lavrov ", "said:", "Iran se", "nt missile", "s to Russia", ". End"]  # fmt: skip
    quotes = [n for p in body for n in p.children if n.layer == "quote"]
    assert [(q.mark["id"], q.first_piece, q.last_piece) for q in quotes] == [
        ("a", True, False), ("a", False, True), ("b", False, True)]  # fmt: skip
    inner = quotes[1].children[1]  # b's first piece lies inside a's last piece
    assert (inner.layer, inner.mark["id"], inner.first_piece) == ("quote", "b", True)


def test_highlight_drops_overlapping_mentions_and_spans_outside_the_text():
    mentions = [Mention(13, 17, "Iran", "LOC", "c:ir"), Mention(15, 22, "an sent", "PER", "x"),
                Mention(40, 99, "?", "PER", "y")]  # fmt: skip
    (paragraph,) = highlight(HIGHLIGHT_TEXT, [(0, 46)], [], mentions)
    assert [n.mark.text for n in paragraph.children if n.layer == "mention"] == ["Iran"]


def test_highlight_takes_the_quotation_marks_into_the_quote():
    text = "«Η Δύση παίζει», πρόσθεσε. He said “no” twice."
    marked = {"id": "a", "start": 1, "end": 14}, {"id": "b", "start": 36, "end": 38}
    (paragraph,) = highlight(text, [(0, len(text))], list(marked), [])
    quoted = [n for n in paragraph.children if n.layer == "quote"]
    assert [text[q.start : q.end] for q in quoted] == ["«Η Δύση παίζει»", "“no”"]
    unmarked = {"id": "c", "start": 3, "end": 7}  # «Η [Δύση] παίζει»: no marks around it
    (paragraph,) = highlight(text, [(0, len(text))], [unmarked], [])
    assert [text[n.start : n.end] for n in paragraph.children if n.layer == "quote"] == ["Δύση"]
