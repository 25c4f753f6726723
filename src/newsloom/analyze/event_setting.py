"""When and where an event happened: its date and place slots, from the time expressions and
resolved places of its own sentence (read by newsloom.analyze.events, which runs after the
`time` and `places` components).

* Date: the calendar value of the time expression nearest the trigger in its own clause, else
  in its sentence ("Iran delivered the missiles on Tuesday" -> the Tuesday before publication),
  marked `text`; else the publication date, marked `published`. Only values that name a day,
  a month or a year count: a week ("last week" = 2025-W02), a quarter or a season would not
  sort among days, and a duration ("for two years") dates nothing.
* Place: a resolved place after a locative preposition of the language ("in Tehran", "στην
  Ουκρανία", "под Харьковом") in the trigger's clause, nearest first, or fronting the sentence
  ("In Kharkiv, a drone strike ..."). A place that is a party to the event is not its setting:
  never an actor ("Tehran sent ..."), and a recipient only where the recipient is a site, the
  target of an attack or where something arrived ("struck targets in Kharkiv", "arrived in
  Russia"); not one that is given, met or sanctioned ("sent weapons to Ukraine", Greek
  "έστειλε όπλα στην Ουκρανία", French "sanctions imposées à Moscou"). A place that is the
  target of an attack is its setting with or without a preposition ("атаковали Харьков").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsloom.document import Event, Place, Timex

CALENDAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # YYYY, YYYY-MM, YYYY-MM-DD
DATED_TYPES = ("DATE", "TIME")
SITE_FRAMES = ("arrive",)  # frames and types whose recipient is where the event happened
SITE_TYPES = ("ASSAULT",)

Span = tuple[int, int]


def calendar_date(timex: Timex) -> str | None:
    """The day, month or year a time expression names; None for any other value."""
    if timex.type not in DATED_TYPES or not timex.value:
        return None
    found = CALENDAR.match(timex.value)
    if found is None or (found.end() < len(timex.value) and timex.value[found.end()] != "T"):
        return None  # 2025-W03, 2025-Q1, 2025-SU: not a calendar day, month or year
    return found.group()


def set_date(event: Event, clause: Span, timexes: Sequence[Timex], published: str | None) -> None:
    """Fill `event.date` and `event.date_source` (see the module docstring)."""
    dated = [(t, day) for t in timexes if (day := calendar_date(t))
             and event.sentence[0] <= t.start and t.end <= event.sentence[1]]  # fmt: skip
    if dated:
        nearest = min(dated, key=lambda pair: (not _inside(pair[0], clause),
                                               _distance(pair[0], event.trigger_span)))  # fmt: skip
        event.date, event.date_source = nearest[1], "text"
    elif published:
        event.date, event.date_source = published[:10], "published"


def set_place(
    event: Event,
    frame: str,
    clause: Span,
    places: Sequence[Place],
    located: Callable[[Place], Span | None],
) -> None:
    """Fill the place slots from `places`; `located(place)` gives the span of the clause a
    place stands in when a locative preposition comes before it, else None."""
    sites = frame in SITE_FRAMES or event.type in SITE_TYPES
    parties = list(event.actors) + ([] if sites else event.recipients)
    settings = []
    for place in places:
        if not event.sentence[0] <= place.start < event.sentence[1]:
            continue
        if any(a.start <= place.start < a.end for a in parties):
            continue
        where = located(place)
        in_clause = where is not None and (where == clause or _fronted(where, place, event))
        target = sites and any(a.start <= place.start < a.end for a in event.recipients)
        if in_clause or target:
            settings.append(place)
    if settings:
        place = min(settings, key=lambda p: _distance(p, event.trigger_span))
        event.place_id, event.place_name = str(place.geonames_id), place.name
        event.lat, event.lon = place.lat, place.lon


def _fronted(where: Span, place: Place, event: Event) -> bool:
    """ "In Kharkiv, ...": a clause that opens the sentence and holds no more than the place."""
    return (
        where[0] == event.sentence[0]
        and where[1] == place.end
        and where[1] <= event.trigger_span[0]
    )


def _inside(timex: Timex, clause: Span) -> bool:
    return clause[0] <= timex.start and timex.end <= clause[1]


def _distance(item: Timex | Place, span: Span) -> int:
    return item.start - span[1] if item.start >= span[1] else max(0, span[0] - item.end)
