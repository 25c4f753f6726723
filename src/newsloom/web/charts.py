"""Timeline charts drawn on the server as SVG: no script, nothing to load."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_BARS = 60
CHART_HEIGHT = 120
BAR_WIDTH = 12


@dataclass
class Bar:
    label: str  # first day of the bucket
    total: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    x: int = 0
    stack: list[tuple[str, int, int]] = field(default_factory=list)  # (language, y, height)


@dataclass
class Timeline:
    bars: list[Bar]
    bucket: str  # day, week or month
    languages: list[str]  # colour order, most articles first
    width: int
    height: int = CHART_HEIGHT

    @property
    def display_width(self) -> int:
        """Pixels on screen: bars of a short timeline are drawn wider, a long one fits 720."""
        return min(720, max(320, len(self.bars) * 24))


def timeline(rows) -> Timeline | None:
    """Articles per day, week or month (whichever gives at most MAX_BARS bars), per language.

    `rows` have `day` (ISO date), `language` and `articles`; rows with bad dates are skipped.
    """
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        try:
            day = date.fromisoformat(row["day"][:10])
        except ValueError:
            continue
        counts[day][row["language"]] = counts[day].get(row["language"], 0) + row["articles"]
    if not counts:
        return None
    first, last = min(counts), max(counts)
    bucket, start = _bucket(first, last)
    bars: dict[date, Bar] = {}
    for day in _steps(start(first), last, bucket):
        bars[day] = Bar(day.isoformat())
    totals: dict[str, int] = defaultdict(int)
    for day, languages in counts.items():
        bar = bars[start(day)]
        for language, n in languages.items():
            bar.by_language[language] = bar.by_language.get(language, 0) + n
            bar.total += n
            totals[language] += n
    order = sorted(totals, key=lambda lang: (-totals[lang], lang))
    _layout(list(bars.values()), order)
    return Timeline(list(bars.values()), bucket, order, width=len(bars) * BAR_WIDTH)


def _bucket(first: date, last: date):
    if (last - first).days < MAX_BARS:
        return "day", lambda d: d
    if (last - first).days < MAX_BARS * 7:
        return "week", lambda d: d - timedelta(days=d.weekday())
    return "month", lambda d: d.replace(day=1)


def _steps(day: date, last: date, bucket: str):
    while day <= last:
        yield day
        if bucket == "day":
            day += timedelta(days=1)
        elif bucket == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _layout(bars: list[Bar], order: list[str]) -> None:
    tallest = max(bar.total for bar in bars) or 1
    for index, bar in enumerate(bars):
        bar.x = index * BAR_WIDTH
        y = CHART_HEIGHT
        for language in order:
            n = bar.by_language.get(language, 0)
            if n:
                height = max(1, round(n * CHART_HEIGHT / tallest))
                y = max(0, y - height)
                bar.stack.append((language, y, height))
