"""One event across articles and languages, and how its status develops.

Two event mentions are the same event when they have the same PLOVER type, compatible actors
and recipients (the same entity, or one side not named), compatible objects (the same kind,
or a generic kind such as "weapon", or none named) and were published within a time window.
Capitals already stand for their countries in the stored ids, so «Μόσχα» meets "Russia".

The developments of a story are then status changes of one event (expected -> confirmed) and
contradictions (confirmed by one source, denied by another), each citing the sentences.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsloom.stories.timeline import ArticleInfo, ClaimView, Development, claim_developments

GENERIC_KINDS = frozenset({"weapon"})  # compatible with any arm
ARMS = frozenset({"missile", "drone", "weapon"})
WINDOW_DAYS = 30  # mentions published further apart are different events
STATUS_OF_FACTUALITY = {"asserted": "reported"}  # claim statuses, as timelines name them


@dataclass(frozen=True)
class EventMention:
    """What identity needs of a stored event."""

    id: str
    article_id: str
    type: str
    actor_ids: frozenset[str]
    recipient_ids: frozenset[str]
    object_kind: str | None
    factuality: str
    published: str | None
    start: int  # the sentence, for citations
    end: int
    text: str
    source: str | None  # the speaker at the end of the chain, None for the outlet itself


def compatible_ids(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def compatible_objects(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return (a in GENERIC_KINDS and b in ARMS) or (b in GENERIC_KINDS and a in ARMS)


def within_window(a: str | None, b: str | None, days: int = WINDOW_DAYS) -> bool:
    if not a or not b:
        return True
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= days
    except ValueError:
        return True


def same_event(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions report one event (see the module docstring)."""
    named = (a.actor_ids or a.recipient_ids) and (b.actor_ids or b.recipient_ids)
    return bool(
        named
        and a.type == b.type
        and compatible_ids(a.actor_ids, b.actor_ids)
        and compatible_ids(a.recipient_ids, b.recipient_ids)
        and compatible_objects(a.object_kind, b.object_kind)
        and within_window(a.published, b.published)
    )


def group_events(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    """Mentions of one event together, in the order given. Only mentions of one type are
    compared, and each joins the first group it matches a member of."""
    groups: list[list[EventMention]] = []
    by_type: dict[str, list[list[EventMention]]] = {}
    for mention in mentions:
        home = next((g for g in by_type.get(mention.type, [])
                     if any(same_event(mention, other) for other in g)), None)  # fmt: skip
        if home is None:
            home = []
            groups.append(home)
            by_type.setdefault(mention.type, []).append(home)
        home.append(mention)
    return groups


def load_event_mentions(conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[EventMention]:
    """Stored events of these articles, oldest article first."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    rows = conn.execute(
        f"""SELECT e.id, e.article_id, e.type, e.actor_ids, e.recipient_ids, e.object_kind,
                   e.factuality, a.published, e.sentence_start, e.sentence_end, a.text,
                   e.chain
            FROM events e JOIN articles a ON a.id = e.article_id
            WHERE e.article_id IN ({marks})
            ORDER BY a.published, a.rowid, e.trigger_start""",
        list(article_ids),
    ).fetchall()
    return [_mention(row) for row in rows]


def _mention(row: sqlite3.Row) -> EventMention:
    start, end, text, chain = row[8], row[9], row[10], json.loads(row[11])
    return EventMention(row[0], row[1], row[2], frozenset(json.loads(row[3])),
                        frozenset(json.loads(row[4])), row[5], row[6], row[7], start, end,
                        text[start:end], chain[-1].get("text") if len(chain) > 1 else None)  # fmt: skip


def event_developments(
    mentions: list[EventMention],
    articles: dict[str, ArticleInfo],
    names: dict[str, str] | None = None,
) -> list[Development]:
    """Status changes and contradictions of each event the story's articles report; `names`
    gives entities' display names for the summaries (ids are shown otherwise)."""
    developments = []
    for group in group_events(mentions):
        views = [_as_claim(m) for m in group]
        for development in claim_developments(views, articles, grouped=True):
            development.summary = f"{describe(group, names or {})}: {development.summary}"
            developments.append(development)
    return developments


def describe(group: list[EventMention], names: dict[str, str]) -> str:
    """ "AID Iran → Russia (missile)": the event's type, who, to whom and what, from the first
    mention that names each."""
    actors = next((m.actor_ids for m in group if m.actor_ids), frozenset())
    recipients = next((m.recipient_ids for m in group if m.recipient_ids), frozenset())
    kind = next((m.object_kind for m in group if m.object_kind), None)

    def named(ids: frozenset[str]) -> str:
        return ", ".join(sorted(names.get(i, i) for i in ids))

    text = f"{group[0].type} {named(actors) or '?'}"
    text += f" → {named(recipients)}" if recipients else ""
    return text + (f" ({kind})" if kind else "")


def entity_ids_of(mentions: list[EventMention]) -> set[str]:
    return {i for m in mentions for i in m.actor_ids | m.recipient_ids}


def _as_claim(mention: EventMention) -> ClaimView:
    status = STATUS_OF_FACTUALITY.get(mention.factuality, mention.factuality)
    return ClaimView(mention.id, mention.article_id, mention.start, mention.end, mention.text,
                     status, tuple(sorted(mention.actor_ids | mention.recipient_ids)),
                     mention.source)  # fmt: skip
