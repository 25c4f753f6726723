"""Article text as a tree of marked spans: paragraphs, quotes inside them, mentions and event
triggers inside those.

Spans of different layers overlap freely (a quote spans two paragraphs, a mention starts
just before a quote), but HTML elements must nest. So the layers are merged in order of
precedence (paragraphs, then quotes, then mentions, then triggers): each span is cut at every boundary of
the spans already placed that falls strictly inside it, which leaves pieces that each lie
within one placed span or between them, never across. Nothing a lower layer marks is lost:
a mention crossing a quote's edge becomes two linked pieces, one inside the quote. Within
the mention layer, a mention overlapping one already placed is left out, as before quotes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

PARAGRAPH, QUOTE, MENTION, TRIGGER = "paragraph", "quote", "mention", "trigger"
OPENING_MARKS = "\"'“‘«„‚‹"
CLOSING_MARKS = "\"'”’»“‘›"


@dataclass
class Node:
    """A marked span (or, with `layer` None, plain text) and what nests inside it."""

    start: int
    end: int
    layer: str | None = None
    mark: Any = None  # the Mention, the quote record or the event record
    first_piece: bool = True  # for a quote cut in pieces: whether this piece begins it
    last_piece: bool = True  # and whether it ends it (the speaker is shown after it)
    text: str = ""
    children: list[Node] = field(default_factory=list)


@dataclass
class _Span:
    start: int
    end: int
    layer: str
    mark: Any


def highlight(
    text: str,
    paragraphs: list[tuple[int, int]],
    quotes: list[dict[str, Any]],
    mentions: list[Any],
    events: list[dict[str, Any]] = (),
) -> list[Node]:
    """One Node per paragraph, with quote, mention and trigger nodes nested in it and plain-text
    leaves. A trigger is placed unless it overlaps a mention ("Iran's delivery" keeps both)."""
    placed: list[_Span] = []
    boundaries: list[int] = []
    layers = (
        (PARAGRAPH, [(s, e, None) for s, e in paragraphs]),
        (QUOTE, sorted((_with_marks(text, q) for q in quotes), key=_outer_first)),
        (MENTION, sorted(((m.start, m.end, m) for m in mentions), key=_outer_first)),
        (TRIGGER, sorted(((e["trigger_start"], e["trigger_end"], e) for e in events),
                         key=_outer_first)),
    )  # fmt: skip
    words_placed: list[tuple[int, int]] = []  # mentions and triggers never overlap each other
    for layer, spans in layers:
        for start, end, mark in spans:
            if not 0 <= start < end <= len(text):
                continue
            if layer in (MENTION, TRIGGER):
                if any(s < end and start < e for s, e in words_placed):
                    continue
                words_placed.append((start, end))
            for piece_start, piece_end in _cut(start, end, boundaries):
                if layer == PARAGRAPH or _in_paragraph(piece_start, piece_end, paragraphs):
                    placed.append(_Span(piece_start, piece_end, layer, mark))
                    bisect.insort(boundaries, piece_start)
                    bisect.insort(boundaries, piece_end)
    return _tree(text, placed)


def _with_marks(text: str, quote: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    """The quote's span with the quotation marks around its content, when it has both, so
    the speaker shown after it comes after the closing mark: «…» — Lavrov."""
    start, end = quote["start"], quote["end"]
    opened = start > 0 and text[start - 1] in OPENING_MARKS
    if opened and end < len(text) and text[end] in CLOSING_MARKS:
        return start - 1, end + 1, quote
    return start, end, quote


def _outer_first(span: tuple[int, int, Any]) -> tuple[int, int]:
    return span[0], -span[1]


def _cut(start: int, end: int, boundaries: list[int]) -> list[tuple[int, int]]:
    """[start, end) split at every placed boundary strictly inside it."""
    inner = boundaries[bisect.bisect_right(boundaries, start) : bisect.bisect_left(boundaries, end)]
    points = [start, *sorted(set(inner)), end]
    return list(zip(points, points[1:], strict=False))


def _in_paragraph(start: int, end: int, paragraphs: list[tuple[int, int]]) -> bool:
    """Only what lies in a paragraph is shown (not the title, not the gaps between them)."""
    return any(p_start <= start and end <= p_end for p_start, p_end in paragraphs)


def _tree(text: str, spans: list[_Span]) -> list[Node]:
    order = {PARAGRAPH: 0, QUOTE: 1, MENTION: 2, TRIGGER: 3}
    spans.sort(key=lambda s: (s.start, -s.end, order[s.layer]))
    first_start: dict[int, int] = {}  # id of a quote record -> where its first piece starts
    last_end: dict[int, int] = {}  # and where its last piece ends
    for span in spans:
        if span.layer == QUOTE:
            first_start.setdefault(id(span.mark), span.start)
            last_end[id(span.mark)] = max(last_end.get(id(span.mark), 0), span.end)
    root = Node(0, len(text))
    stack = [root]
    for span in spans:
        while not (stack[-1].start <= span.start and span.end <= stack[-1].end):
            stack.pop()
        node = Node(span.start, span.end, span.layer, span.mark)
        if span.layer == QUOTE:
            node.first_piece = span.start == first_start[id(span.mark)]
            node.last_piece = span.end == last_end[id(span.mark)]
        stack[-1].children.append(node)
        stack.append(node)
    for paragraph in root.children:
        _fill_text(text, paragraph)
    return root.children


def _fill_text(text: str, node: Node) -> None:
    """Plain-text leaves for the stretches of `node` its children do not cover."""
    filled, position = [], node.start
    for child in node.children:
        if child.start > position:
            filled.append(Node(position, child.start, text=text[position : child.start]))
        _fill_text(text, child)
        filled.append(child)
        position = child.end
    if position < node.end:
        filled.append(Node(position, node.end, text=text[position : node.end]))
    node.children = filled
