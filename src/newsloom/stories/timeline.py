"""Timelines and developments of one story.

A timeline is a list of dated entries, each tied to the sentence that reports it:

* `article`: an article's publication, with its lede sentence;
* `dated`: a sentence of a member article naming a full date other than the publication
  date ("on 3 September 2024"), dated by that date;
* `claim`: a claim (when the claims table exists), with its status, dated by the event it
  asserts where the text dates that event ("on Tuesday"), else by its article.

Where articles were analysed with events, developments are those of events (one event across
articles and languages: newsloom.stories.events); older stores fall back to claims grouped as
below.

Developments are what changed over the story's life:

* `new_actor`: a person or organisation first mentioned after the story's first day;
* `status_change`: a claim whose status moves across articles (expected -> confirmed,
  reported -> denied; see DEVELOPMENTS). Claims are "the same" when they share an entity
  and a concept from the language packs' `stories.toml` (missile, delivery: so a Greek and
  an English claim can match), or read alike in one language;
* `contradiction`: sources that report a claim as true while others deny it.

Claims plug in through one small interface, so the claims component (issue 4) can be wired
in without touching the rest: `load_claims(db, article_ids)` returns `ClaimView`s. The
default reads a `claims` table when one exists (columns `id, article_id, start, end, text,
status, entity_ids` with `entity_ids` a JSON list; a `quote_id` column pointing to `quotes`
gives the source's name). Another store can pass its own loader to `story_timeline`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz

from newsloom.analyze.claims import STATUSES  # in order: a development starts from the first
from newsloom.analyze.dates import find_date
from newsloom.stories.features import concepts

ANTICIPATED = frozenset({"expected", "planned", "hypothetical"})
ASSERTED = frozenset({"reported", "confirmed"})
REJECTED = frozenset({"denied", "negated"})
CLAIM_STATUSES = ANTICIPATED | ASSERTED | REJECTED
YEAR = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)")
SIMILAR_WORDING = 70  # rapidfuzz token-set ratio of two claims in one language
WORDING_WINDOW = 50  # earlier claims about an entity, in that language, compared by wording
# Status moves worth an analyst's attention: what was expected or planned is settled
# (confirmed, reported as done by a named or anonymous source, denied), what was reported is
# confirmed or denied, or a settled claim is overturned. Moves between two anticipations, from
# a mere possibility, or into a negation of some other detail are not developments.
DEVELOPMENTS = frozenset(
    {(before, after) for before in ("expected", "planned")
     for after in ("reported", "confirmed", "denied")}
    | {("reported", "confirmed"), ("reported", "denied"), ("confirmed", "denied"),
       ("denied", "confirmed")}
)  # fmt: skip


@dataclass(frozen=True)
class ClaimView:
    """What the timeline needs of a claim; offsets index the article's text."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    status: str  # one of CLAIM_STATUSES
    entity_ids: tuple[str, ...] = ()
    source: str | None = None  # who makes it: a speaker's name, else None (the outlet)
    date: str | None = None  # when the event it asserts happened, where the text says


ClaimLoader = Callable[[sqlite3.Connection, Sequence[str]], list[ClaimView]]


@dataclass
class ArticleInfo:
    """A member article as the timeline sees it (ordered by `seq`, arrival)."""

    id: str
    seq: int
    published: str | None
    language: str
    outlet: str | None
    title: str | None
    text: str
    sentences: list[tuple[int, int]]
    body_start: int
    duplicate_of: str | None

    def sentence_at(self, offset: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return offset, offset

    def lede(self) -> tuple[int, int] | None:
        body = [s for s in self.sentences if s[0] >= self.body_start]
        return (body or self.sentences or [None])[0]


@dataclass
class Citation:
    article_id: str
    start: int
    end: int
    text: str
    outlet: str | None
    language: str
    published: str | None


@dataclass
class TimelineEntry:
    date: str | None
    kind: str  # article, dated, claim
    citation: Citation
    title: str | None = None
    status: str | None = None
    claim_id: str | None = None


@dataclass
class Development:
    kind: str  # new_actor, status_change, contradiction
    date: str | None
    summary: str  # English, one line
    citations: list[Citation] = field(default_factory=list)
    entity_id: str | None = None
    statuses: list[str] = field(default_factory=list)


def load_claims(conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[ClaimView]:
    """Claims of these articles from a `claims` table; none when the table does not exist."""
    columns = _columns(conn, "claims")
    if not columns or not article_ids:
        return []
    speaker = "quote_id" in columns and "speaker" in _columns(conn, "quotes")
    source = "(SELECT q.speaker FROM quotes q WHERE q.id = c.quote_id)" if speaker else "NULL"
    dated = "event_id" in columns and "date_source" in _columns(conn, "events")
    date = ("(SELECT e.date FROM events e WHERE e.id = c.event_id AND e.date_source = 'text')"
            if dated else "NULL")  # fmt: skip
    marks = ",".join("?" * len(article_ids))
    rows = conn.execute(
        f"""SELECT c.id, c.article_id, c.start, c."end", c.text, c.status, c.entity_ids,
                   {source} AS source, {date} AS date
            FROM claims c WHERE c.article_id IN ({marks})
            ORDER BY c.article_id, c.start, c.rowid""",
        list(article_ids),
    ).fetchall()
    return [
        ClaimView(str(r[0]), r[1], r[2], r[3], r[4], r[5], _id_list(r[6]), r[7], r[8])
        for r in rows
        if r[5] in CLAIM_STATUSES
    ]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}


def _id_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = json.loads(value) if value.startswith("[") else value.split(",")
    return tuple(str(v) for v in value if v)


# --- timeline ---------------------------------------------------------------------------


def citation(article: ArticleInfo, span: tuple[int, int]) -> Citation:
    start, end = span
    return Citation(article.id, start, end, article.text[start:end].strip(), article.outlet,
                    article.language, article.published)  # fmt: skip


def build_timeline(articles: list[ArticleInfo], claims: list[ClaimView]) -> list[TimelineEntry]:
    """Dated entries, oldest first; undated ones after, in arrival order."""
    entries = []
    by_id = {a.id: a for a in articles}
    for article in articles:
        if article.duplicate_of:
            continue  # a copy reports nothing new; coverage counts it elsewhere
        lede = article.lede()
        if lede:
            entries.append(TimelineEntry(article.published, "article", citation(article, lede),
                                         title=article.title))  # fmt: skip
        entries += _dated_sentences(article)
    cited: set[tuple] = set()  # a sentence with three events of one status is one entry
    for claim in claims:
        article = by_id.get(claim.article_id)
        if article is None:
            continue
        span = article.sentence_at(claim.start)
        date = claim.date or article.published
        if (article.id, span, date, claim.status) in cited:
            continue
        cited.add((article.id, span, date, claim.status))
        entries.append(TimelineEntry(date, "claim", citation(article, span),
                                     status=claim.status, claim_id=claim.id))  # fmt: skip
    order = {a.id: a.seq for a in articles}
    entries.sort(key=lambda e: (e.date is None, e.date or "", order[e.citation.article_id]))
    return entries


def _dated_sentences(article: ArticleInfo) -> list[TimelineEntry]:
    """Sentences naming a full date other than the publication date (datelines excluded)."""
    entries = []
    for start, end in article.sentences:
        if start < article.body_start or not YEAR.search(article.text, start, end):
            continue  # a full date names its year: most sentences need no closer look
        found = find_date(article.text[start:end], article.language)
        if found and found != article.published:
            entries.append(TimelineEntry(found, "dated", citation(article, (start, end))))
    return entries


# --- developments -----------------------------------------------------------------------


def new_actors(
    articles: list[ArticleInfo], mentions: list[sqlite3.Row], names: dict[str, str]
) -> list[Development]:
    """People and organisations that enter the story after its first day.

    `mentions` rows have article_id, entity_id, start; `names` maps entity ids of actors
    worth reporting (see `story_detail`) to display names.
    """
    dated = sorted((a for a in articles if a.published and not a.duplicate_of),
                   key=lambda a: (a.published, a.seq))  # fmt: skip
    if not dated:
        return []
    first_day = dated[0].published
    first_seen: dict[str, tuple[ArticleInfo, int]] = {}
    by_id = {a.id: a for a in dated}
    for row in sorted(mentions, key=lambda r: (by_id[r["article_id"]].published,
                                               by_id[r["article_id"]].seq, r["start"])
                      if r["article_id"] in by_id else ("9999", 0, 0)):  # fmt: skip
        article = by_id.get(row["article_id"])
        if article and row["entity_id"] in names and row["entity_id"] not in first_seen:
            first_seen[row["entity_id"]] = (article, row["start"])
    developments = []
    for entity_id, (article, offset) in first_seen.items():
        if article.published > first_day:
            developments.append(Development(
                "new_actor", article.published,
                f"{names[entity_id]} enters the story ({article.outlet or 'unknown outlet'})",
                [citation(article, article.sentence_at(offset))], entity_id=entity_id,
            ))  # fmt: skip
    return developments


def group_claims(
    claims: list[ClaimView], articles: dict[str, ArticleInfo]
) -> list[list[ClaimView]]:
    """Claims about the same thing: they share an entity and a concept (in any languages), or
    an entity and similar wording (in one language). Claims meet through those keys, so a
    story with thousands of claims is not compared pair by pair."""
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}  # (entity, concept) -> first claim
    by_wording: dict[tuple[str, str], list[int]] = {}  # (entity, language) -> claims
    for i, claim in enumerate(claims):
        article = articles.get(claim.article_id)
        if article is None:
            continue
        named = concepts(claim.text, article.language)
        for entity in claim.entity_ids:
            for concept in named:
                j = first_with.setdefault((entity, concept), i)
                parent[root(i)] = root(j)
            block = by_wording.setdefault((entity, article.language), [])
            for j in block[-WORDING_WINDOW:]:
                if fuzz.token_set_ratio(claims[j].text, claim.text) >= SIMILAR_WORDING:
                    parent[root(i)] = root(j)
            block.append(i)
    groups: dict[int, list[ClaimView]] = {}
    for i, claim in enumerate(claims):
        groups.setdefault(root(i), []).append(claim)
    return list(groups.values())


def claim_developments(
    claims: list[ClaimView], articles: dict[str, ArticleInfo], grouped: bool = False
) -> list[Development]:
    """Status changes and contradictions within each group of claims; `grouped`: the claims
    are already one group (the mentions of one event, newsloom.stories.events)."""
    developments = []
    for group in [claims] if grouped else group_claims(claims, articles):
        group = [c for c in group if c.article_id in articles]
        group.sort(key=lambda c: (articles[c.article_id].published or "9999",
                                  articles[c.article_id].seq, c.start))  # fmt: skip
        developments += _status_changes(group, articles)
        contradiction = _contradiction(group, articles)
        if contradiction:
            developments.append(contradiction)
    return developments


def _cite(claim: ClaimView, articles: dict[str, ArticleInfo]) -> Citation:
    article = articles[claim.article_id]
    return citation(article, article.sentence_at(claim.start))


def _status_changes(group: list[ClaimView], articles: dict[str, ArticleInfo]) -> list[Development]:
    """Moves in DEVELOPMENTS, from the first claim with the earlier status to the first one,
    published on a later day, with the new status."""
    changes: list[Development] = []
    first_with: dict[str, ClaimView] = {}
    for claim in group:
        day = articles[claim.article_id].published
        for before, earlier in sorted(first_with.items(), key=lambda i: STATUSES.index(i[0])):
            earlier_day = articles[earlier.article_id].published
            move = (before, claim.status)
            sourced = claim.status != "reported" or claim.source is not None
            if move in DEVELOPMENTS and sourced and earlier_day and day and earlier_day < day:
                changes.append(Development(
                    "status_change", day, f"{before} → {claim.status}: {_short(claim.text)}",
                    [_cite(earlier, articles), _cite(claim, articles)], statuses=list(move),
                ))  # fmt: skip
                first_with[claim.status] = claim  # reported once, from the first claim
        first_with.setdefault(claim.status, claim)
    return _first_of_each(changes)


def _first_of_each(changes: list[Development]) -> list[Development]:
    """One development per new status: the move from the earliest anticipation."""
    seen: set[str] = set()
    kept = []
    for change in changes:
        if change.statuses[-1] not in seen:
            seen.add(change.statuses[-1])
            kept.append(change)
    return kept


def _contradiction(group: list[ClaimView], articles: dict[str, ArticleInfo]) -> Development | None:
    asserted = [c for c in group if c.status in ASSERTED]
    rejected = [c for c in group if c.status in REJECTED]
    if not asserted or not rejected:
        return None
    sources = {_source(c, articles) for c in asserted} - {_source(c, articles) for c in rejected}
    if not sources:
        return None  # one source changing its mind is a status change, not a dispute
    last = max(asserted + rejected, key=lambda c: articles[c.article_id].published or "")
    return Development(
        "contradiction", articles[last.article_id].published,
        f"disputed: {_short(asserted[0].text)} ({len(asserted)} report it, {len(rejected)} deny it)",
        [_cite(c, articles) for c in asserted[:3] + rejected[:3]],
        statuses=sorted({c.status for c in asserted + rejected}),
    )  # fmt: skip


def _source(claim: ClaimView, articles: dict[str, ArticleInfo]) -> str:
    return claim.source or articles[claim.article_id].outlet or claim.article_id


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_record(item: TimelineEntry | Development) -> dict:
    return asdict(item)
