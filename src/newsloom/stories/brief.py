"""Briefings: what is known about a story, who says it, what changed, what is disputed.

Every statement cites the sentences it comes from ([1], [2] ... listed at the end with
outlet, date, language, article id and the sentence itself). One `Briefing` is built from
`story_detail` and rendered as Markdown or HTML; in HTML all article text is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from newsloom.store import Database
from newsloom.stories.store import story_detail

FORMATS = ("md", "html")
MAX_KNOWN = 12  # timeline lines in "What is known"


@dataclass
class Line:
    text: str
    cites: list[int] = field(default_factory=list)


@dataclass
class Briefing:
    title: str
    facts: str
    sections: list[tuple[str, list[Line]]]
    sources: list[dict[str, Any]]


class _Sources:
    """Numbers citations in order of first use; the same sentence keeps its number."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._numbers: dict[tuple, int] = {}

    def cite(self, citation: dict[str, Any]) -> int:
        key = (citation["article_id"], citation["start"], citation["end"])
        if key not in self._numbers:
            self.items.append(citation)
            self._numbers[key] = len(self.items)
        return self._numbers[key]


def build_briefing(db: Database, story_id: str) -> Briefing | None:
    detail = story_detail(db, story_id)
    if detail is None:
        return None
    sources = _Sources()
    known = [
        Line(
            f"{entry['date'] or 'undated'}: {entry['citation']['text']}"
            + (f" (claim, {entry['status']})" if entry["status"] else ""),
            [sources.cite(entry["citation"])],
        )  # fmt: skip
        for entry in detail["timeline"][:MAX_KNOWN]
    ]
    changed = [
        Line(f"{d['date'] or 'undated'}: {d['summary']}", [sources.cite(c) for c in d["citations"]])
        for d in detail["developments"]
        if d["kind"] != "contradiction"
    ]
    disputed = [
        Line(d["summary"], [sources.cite(c) for c in d["citations"]])
        for d in detail["developments"]
        if d["kind"] == "contradiction"
    ]
    if not disputed:
        disputed = [Line("No source contradicts another in the stored claims." if detail["claims"]
                         else "No claims are stored for this story's articles.")]  # fmt: skip
    return Briefing(
        title=detail["title"],
        facts=_facts(detail),
        sections=[
            ("What is known", known),
            ("Who says it", _who(db, story_id, detail)),
            ("What changed", changed or [Line("Nothing yet: one day of coverage.")]),
            ("What is disputed", disputed),
        ],
        sources=sources.items,
    )


def _facts(detail: dict[str, Any]) -> str:
    period = " to ".join(sorted({d for d in (detail["first_seen"], detail["last_seen"]) if d}))
    languages = ", ".join(f"{lang} {n}" for lang, n in detail["languages"].items())
    return (f"{len(detail['articles'])} articles from {len(detail['outlets'])} outlets"
            f" in {languages}" + (f", {period}" if period else "") + f" · story {detail['id']}")  # fmt: skip


def _who(db: Database, story_id: str, detail: dict[str, Any]) -> list[Line]:
    lines = [Line("Outlets: " + ", ".join(f"{o} ({n})" for o, n in detail["outlets"].items()))]
    actors = [e for e in detail["key_entities"] if e["type"] in ("PER", "ORG")]
    if actors:
        lines.append(Line("Named actors: " + ", ".join(
            f"{e['name']} ({e['articles']} articles)" for e in actors[:8])))  # fmt: skip
    anonymous = db.conn.execute(
        """SELECT m.role, m.country, count(*) AS n FROM story_articles sa
           JOIN mentions m ON m.article_id = sa.article_id
           WHERE sa.story_id = ? AND m.anonymous = 1
           GROUP BY m.role, m.country ORDER BY n DESC LIMIT 6""",
        (story_id,),
    ).fetchall()
    if anonymous:
        lines.append(Line("Unnamed sources: " + ", ".join(
            f"{r['role'] or 'source'}{' (' + r['country'] + ')' if r['country'] else ''} ×{r['n']}"
            for r in anonymous)))  # fmt: skip
    return lines


def render(briefing: Briefing, fmt: str) -> str:
    if fmt == "md":
        return _markdown(briefing)
    if fmt == "html":
        return _html(briefing)
    raise ValueError(f"unknown briefing format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _source_label(number: int, source: dict[str, Any]) -> str:
    return (f"[{number}] {source['outlet'] or 'unknown outlet'}, {source['published'] or 'undated'},"
            f" {source['language']}, article {source['article_id'][:10]}"
            f" (chars {source['start']}-{source['end']})")  # fmt: skip


def _markdown(b: Briefing) -> str:
    def md(text: str) -> str:  # keep article text from turning into markup
        return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)

    out = [f"# {md(b.title)}", "", f"_{md(b.facts)}_", ""]
    for heading, lines in b.sections:
        out += [f"## {heading}", ""]
        out += [f"- {md(line.text)}" + "".join(f" [{n}]" for n in line.cites) for line in lines]
        out.append("")
    out += ["## Sources", ""]
    for number, source in enumerate(b.sources, 1):
        out.append(f"{md(_source_label(number, source))}: \u201c{md(source['text'])}\u201d  ")
    return "\n".join(out).rstrip() + "\n"


def _html(b: Briefing) -> str:
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{e(b.title)}</title></head><body>",
        f"<h1>{e(b.title)}</h1>",
        f"<p><em>{e(b.facts)}</em></p>",
    ]
    for heading, lines in b.sections:
        parts.append(f"<h2>{e(heading)}</h2><ul>")
        for line in lines:
            cites = "".join(f' <a href="#src{n}">[{n}]</a>' for n in line.cites)
            parts.append(f"<li>{e(line.text)}{cites}</li>")
        parts.append("</ul>")
    parts.append("<h2>Sources</h2><ol>")
    for number, source in enumerate(b.sources, 1):
        parts.append(f'<li id="src{number}">{e(_source_label(number, source)[len(str(number)) + 3:])}'
                     f": <q>{e(source['text'])}</q></li>")  # fmt: skip
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"
