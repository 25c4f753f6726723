"""Time expressions: found with the language pack's words, normalised to TIMEX3 values.

Each word of the text gets a one-letter tag from the pack (M month, W weekday, U unit,
L "last", ...), and a small grammar of regular expressions over the tag string finds the
expressions: "M D , Y" is "Jan. 14, 2025", "a L N U" is "the last two days" and "τις
τελευταίες δύο ημέρες" alike. The grammar is the same for every language; the words come
from CLDR (month and weekday names, "yesterday", "last week", "3 days ago", unit names)
and from the pack's `time.toml` for what CLDR lacks (inflected forms, number words).

Values are TIMEX3 (ISO 8601 dates, weeks 2013-W11, P2D durations, PRESENT_REF) relative
to the publication date; without one, a relative expression keeps the value None.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError

from newsloom.document import Document, Timex
from newsloom.normalize import fold
from newsloom.pipeline import component
from newsloom.settings import Settings

TOKEN = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)"  # numeric date
    r"|\d{1,3}(?:,\d{3})+"  # 2,000: a count, never a date
    r"|\d+:\d{2}"  # clock time
    r"|\d+/\d+"  # fraction
    r"|\d+(?:st|nd|rd|th|s|er|-?е|-?го)?(?![\w])"  # 5th, 1990s, 1er, 5-го
    r"|[ap]\.m\.|[^\W\d_]+|\d+|\S"
)
# News tells of the past: a month ahead of the publication date counts this many times as far
# as one behind when the year is chosen (tuned on TBAQ, the TempEval-3 training set).
AHEAD_WEIGHT = 2.0
FUTURE_WINDOW = 10  # tokens before an expression searched for a future cue
FUTURE_AFTER = 2  # and after it
CLDR_UNITS = {"century": "CE", "decade": "DE", "year": "Y", "quarter": "Q", "month": "M",
              "week": "W", "day": "D", "hour": "H", "minute": "MIN", "second": "S"}  # fmt: skip
CLDR_PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W", "day": "D"}
WEEKDAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIME_UNITS = {"H", "MIN", "S"}
APOSTROPHES = ("'", "’")
MULTIPLES = {"DE": (10, "Y"), "CE": (100, "Y"), "Q": (3, "M"), "HY": (6, "M"), "F": (2, "W")}
ORDINAL_SUFFIX = re.compile(r"\d(?:st|nd|rd|th|e|er|ème|º|ο|ος|ого|-?й|\.)$")


@dataclass(frozen=True)
class Word:
    """One reading of a word: its tag, value and whether only its capitalised form counts."""

    tag: str
    value: object = None
    capitalised: bool = False
    abbreviated: bool = False


@dataclass
class TimeWords:
    """A language's time vocabulary, folded: words and phrases to their readings."""

    words: dict[str, list[Word]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], Word]]] = field(default_factory=dict)
    future_cues: frozenset[str] = frozenset()
    age_words: frozenset[str] = frozenset()  # "6-year-old": a duration before one is an age
    archive_words: frozenset[str] = frozenset()  # "FILE - ...": a caption of an old photo

    def add(self, text: str, reading: Word) -> None:
        keys = tuple(fold(w) for w in _words_of(text))
        if not keys:
            return
        if len(keys) == 1:
            readings = self.words.setdefault(keys[0], [])
            if reading not in readings:
                readings.append(reading)
        else:
            self.phrases.setdefault(keys[0], []).append((keys, reading))


def _words_of(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(text.replace("’", "'"))]


@cache
def time_words(code: str) -> TimeWords:
    """The vocabulary for `code`: the pack's `time.toml` first, then CLDR."""
    data = _read_time_pack(code)
    words = TimeWords(
        future_cues=frozenset(fold(w) for w in data.get("future_cues", [])),
        age_words=frozenset(fold(w) for w in data.get("age_words", [])),
        archive_words=frozenset(fold(w) for w in data.get("archive_words", [])),
    )
    capital = data.get("names_capitalised", False)
    _add_pack_words(words, data, capital)
    _add_cldr_words(words, code, capital, data.get("prepositions", []))
    for ignored in data.get("not_time_words", []):  # CLDR words too ambiguous in running text
        words.words.pop(fold(ignored), None)
    for readings in words.words.values():
        readings.sort(key=_reading_rank)
    for entries in words.phrases.values():
        entries.sort(key=lambda e: -len(e[0]))
    return words


def _reading_rank(reading: Word) -> int:
    """Names first ("Τρίτη" is Tuesday, "τρίτη" third), then days ("mañana" is tomorrow
    unless a neighbour says morning, see _prefer_alternatives), units last ("second")."""
    return {"M": 0, "W": 0, "R": 1, "U": 3, "u": 3}.get(reading.tag, 2)


def _read_time_pack(code: str) -> dict:
    path = resources.files("newsloom.langs") / code / "time.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _add_pack_words(words: TimeWords, data: dict, capital: bool) -> None:
    for tag, key in (("a", "articles"), ("j", "joiners"), ("L", "last"), ("X", "next"),
                     ("T", "this"), ("E", "nearby"), ("m", "modifiers"), ("s", "vague"),
                     ("V", "every"), ("w", "duration_prepositions")):  # fmt: skip
        for text in data.get(key, []):
            words.add(text, Word(tag))
    for tag, key in (("N", "numbers"), ("O", "ordinals"), ("U", "units"), ("u", "plural_units"),
                     ("K", "parts_of_day"),
                     ("S", "seasons"), ("Q", "set_words"), ("P", "phrases"),
                     ("B", "ago_before"), ("A", "ago_after")):  # fmt: skip
        for text, value in data.get(key, {}).items():
            words.add(text, Word(tag, value))
    for text, number in data.get("months", {}).items():
        words.add(text, Word("M", number, capital))
    for text, number in data.get("weekdays", {}).items():
        words.add(text, Word("W", number, capital))


def _add_cldr_words(words: TimeWords, code: str, capital: bool, prepositions: list[str]) -> None:
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            short = width == "abbreviated"
            for number, name in locale.months[context][width].items():
                words.add(name.rstrip("."), Word("M", number, capital, short))
            for number, name in locale.days[context][width].items():
                words.add(name.rstrip("."), Word("W", number, capital, short))
    _add_cldr_relatives(words, locale, {fold(p) for p in prepositions})
    for name, unit in CLDR_UNITS.items():
        for width in ("long", "short"):
            patterns = locale._data["unit_patterns"].get(f"duration-{name}", {}).get(width, {})
            singular = _unit_word(patterns.get("one", ""))
            for plural, pattern in patterns.items():
                word = _unit_word(pattern)
                if plural != "per" and len(word) > 1:  # "a", "M": letters, not words, in text
                    words.add(word, Word("U" if word == singular else "u", unit))


def _unit_word(pattern: str) -> str:
    return pattern.replace("{0}", "").strip(" .")


def _add_cldr_relatives(words: TimeWords, locale: Locale, prepositions: set[str]) -> None:
    """ "yesterday", "last week", "3 days ago", "in 3 days": CLDR's relative date fields."""
    fields = locale._data["date_fields"]
    for name, unit in CLDR_PERIODS.items():
        for offset, text in fields[name].get("relative", {}).items():
            tag = "R" if unit == "D" else "P"  # a day: "yesterday morning" takes a part of day
            shift = f"{unit}{int(offset):+d}"
            words.add(_without_preposition(text, prepositions), Word(tag, shift))
        for direction, tag in (("past", "ago"), ("future", "in")):
            for plural, pattern in fields[name].get(direction, {}).items():
                before, _, after = pattern.partition("{0}")
                marker_before = " ".join(_words_of(before))
                after_words = _words_of(after)
                marker_after = " ".join(after_words[1:])  # after the unit word
                if after_words:  # the unit in the case these phrases want ("vor 3 Tagen")
                    reading = Word("U" if plural == "one" else "u", CLDR_UNITS[name])
                    words.add(after_words[0], reading)
                if marker_before:
                    words.add(marker_before, Word("B" if tag == "ago" else "F"))
                if marker_after and tag == "ago":
                    words.add(marker_after, Word("A"))
    for number, name in enumerate(WEEKDAY_FIELDS):
        for offset, text in fields[name].get("relative", {}).items():
            if int(offset) == 0:
                continue  # "this Tuesday": the grammar reads it with the pack's "this"
            text = _without_preposition(text, prepositions)
            words.add(text, Word("P", f"W{number}{int(offset):+d}"))


def _without_preposition(text: str, prepositions: set[str]) -> str:
    first, _, rest = text.partition(" ")
    return rest if rest and fold(first) in prepositions else text


# The grammar: (name, pattern over tags, type). Longest match wins; ties go to the first.
# Tags: a article, j joiner, p ".", "," comma, "-" hyphen, D day number, N number, Y year,
# C decade, "#" numeric date, H clock time, h a.m./p.m., f fraction, M month, W weekday,
# U unit, O ordinal, K part of day, S season, L last, X next, T this, E earlier/later,
# m early/late, s several, V every, w within, Q daily, P phrase, A ago, B ago-before,
# F in (future), R relative day; "_" a run of other words, "z" a word that speaks of the future.
GRAMMAR = [
    ("dmy", r"(?:a?W,?a?|a?[LX])?a?Dp?j?a?Mp?(?:,?j?a?Y)?", "DATE"),
    ("mdy", r"(?:W,?)?a?Mp?a?Dp?(?:,?Y)?", "DATE"),
    ("my", r"(?:mj?)?a?Mp?,?j?a?Y", "DATE"),
    ("month", r"(?:mj?)?a?Mp?", "DATE"),
    ("month_relative", r"(?:mj?)?a?[LX]a?Mp?|(?:mj?)?a?Mp?[LX]", "DATE"),
    ("year", r"(?:mj?)?a?Y", "DATE"),
    ("numeric", r"(?:W,?)?#", "DATE"),
    ("decade", r"(?:mj?)?a?C", "DATE"),
    ("weekday", r"a?[LXT]?a?W[LX]?", "DATE"),
    ("weekday_time", r"a?[LXT]?a?W[LX]?a?K", "TIME"),
    ("phrase", r"(?:mj?)?E?a?P", "DATE"),
    ("period", r"(?:mj?)?E?a?[LXT]a?U", "DATE"),
    ("period_after", r"(?:mj?)?a?U[LX]", "DATE"),
    ("period_part", r"a?mj?a?U", "DATE"),
    ("quarter", r"a?O-?U(?:j?a?Y)?", "DATE"),
    ("duration", r"(?:a?[LX]s?)?[DNi]f?-?[Uu]|a?[DNi][LX][Uu]", "DURATION"),
    ("vague_duration", r"a?[LX]?N?s+-?[Uu]|a?[LX]a?u|a?u[LX]", "DURATION"),
    ("bare_duration", r"wu", "DURATION"),
    ("ago", r"[DNi]f?[Uu]A", "DATE"),
    ("ago_before", r"B[DNi]f?[Uu]", "DATE"),
    ("in_future", r"F[DNi]f?[Uu]", "DATE"),
    ("vague_ago", r"s*uA|Bs+u", "DATE"),
    ("day_part", r"[RT]a?K|R(?:,?a?W)?", "DATE"),
    ("clock", r"(?:[RW],?)?(?:H|D)h|(?:[RW],?)?H", "TIME"),
    ("season", r"(?:[LXT]|a)a?S(?:j?a?Y)?|Sj?a?Y", "DATE"),
    ("set", r"V[DN]?[Uu]|VW|Q", "SET"),
]
_COMPILED = [(name, re.compile(pattern), kind) for name, pattern, kind in GRAMMAR]
NO_START = "_zp,-hfA"  # tags no pattern begins with
CORE_TAG = re.compile(r"[MWDY#CPRUuHSQK]")  # every expression holds one of these
CORE_REACH = 8  # tags from an expression's start to its first CORE_TAG, at most, plus one


@dataclass(slots=True)
class Unit:
    """A tagged word (or a phrase the pack lists as one) of the text."""

    start: int
    end: int
    key: str
    tag: str
    value: object = None
    alternatives: tuple[Word, ...] = ()
    abbreviated: bool = False  # a short form of a month or weekday name ("Nov")
    words: int = 1  # a run of words that are no time words is one unit


def find_timexes(text: str, language: str, anchor: str | None = None) -> list[Timex]:
    """Time expressions in `text`, with values relative to the ISO date `anchor`."""
    words = time_words(language)
    units = _tag(text, words)
    tags = "".join(u.tag for u in units)
    dct = date.fromisoformat(anchor[:10]) if anchor else None
    found: list[Timex] = []
    i = 0
    while i < len(units):
        best = _longest_match(tags, i) if _may_start(tags, i) else None
        if best is None:
            i += 1
            continue
        name, kind, end = best
        span = units[i:end]
        future = _future(units, i, end, words)
        timex = None if _is_age(units, end, words) else _normalise(name, kind, span, dct, future)
        if timex is not None:
            kind, value, span = timex
            end = _extend_year_unit(units, tags, span, end)
            end = _without_full_stop(units, end)
            start, stop = span[0].start, units[end - 1].end
            found.append(Timex(start, stop, text[start:stop], kind, value))
        i = end
    return found


def _may_start(tags: str, i: int) -> bool:
    """Whether an expression may start here: not at punctuation or an unknown word, and only
    with a word that carries a value (a month, a unit, "yesterday") close enough ahead."""
    return tags[i] not in NO_START and CORE_TAG.search(tags, i, i + CORE_REACH) is not None


def _longest_match(tags: str, i: int) -> tuple[str, str, int] | None:
    best = None
    for name, pattern, kind in _COMPILED:
        match = pattern.match(tags, i)
        if match and match.end() > i and (best is None or match.end() > best[2]):
            best = (name, kind, match.end())
    return best


def _is_age(units: list[Unit], end: int, words: TimeWords) -> bool:
    following = [u.key for u in units[end : end + 2]]
    return (
        bool(following)
        and following[-1] in words.age_words
        and following[0] in ("-", following[-1])
    )


def _without_full_stop(units: list[Unit], end: int) -> int:
    """A final "." belongs to an abbreviation ("Nov."), not to "late November."."""
    if units[end - 1].tag != "p" or end < 2:
        return end
    before, length = units[end - 2], units[end - 2].end - units[end - 2].start
    if before.tag in "MW" and before.abbreviated or before.tag in "Uu" and length <= 2:
        return end
    return end - 1


def _extend_year_unit(units: list[Unit], tags: str, span: list[Unit], end: int) -> int:
    """ "2024 года", "2024 г.": the year word after a year belongs to it."""
    if span[-1].tag == "Y" and end < len(units) and tags[end] in "Uu" and units[end].value == "Y":
        end += 1
        if end < len(units) and tags[end] == "p":
            end += 1
    return end


def _tag(text: str, words: TimeWords) -> list[Unit]:
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        start, end, surface = tokens[i]
        key = _key(surface)
        phrase = _phrase_at(tokens, i, key, words) if key in words.phrases else None
        if phrase:
            length, reading = phrase
            last_end = tokens[i + length - 1][1]
            units.append(Unit(start, last_end, key, reading.tag, reading.value))
            i += length
            continue
        if surface in APOSTROPHES:  # "l'année", "year's": the words either side count
            i += 1
            continue
        if key in words.words or not surface.isalpha():
            units.append(_tag_word(start, end, surface, key, words, tokens, i))
        elif key in words.future_cues:
            units.append(Unit(start, end, key, "z"))
        elif units and units[-1].tag == "_":  # most words are no time words: one unit a run
            units[-1].end = end
            units[-1].words += 1
        else:
            units.append(Unit(start, end, key, "_"))
        i += 1
    _prefer_alternatives(units)
    return units


@lru_cache(maxsize=100_000)
def _key(surface: str) -> str:
    return fold(surface) if surface != "." else "."


def _phrase_at(tokens, i: int, key: str, words: TimeWords) -> tuple[int, Word] | None:
    for keys, reading in words.phrases.get(key, ()):
        if i + len(keys) <= len(tokens) and all(
            _key(tokens[i + k][2]) == keys[k] for k in range(1, len(keys))
        ):
            return len(keys), reading
    return None


def _tag_word(start: int, end: int, surface: str, key: str, words: TimeWords, tokens, i) -> Unit:
    if surface[0].isdigit():
        tag, value = _number_tag(surface)
        return Unit(start, end, key, tag, value)
    punctuation = {".": "p", ",": ",", "-": "-", "–": "-"}
    if surface in punctuation:
        return Unit(start, end, key, punctuation[surface])
    if key in ("am", "pm") and surface.endswith("."):
        return Unit(start, end, key, "h")
    readings = [
        r
        for r in words.words.get(key, ())
        if (not r.capitalised or surface[0].isupper())
        and (not r.abbreviated or len(key) > 3 or _abbreviation_used(r, tokens, i))
    ]
    if not readings:
        return Unit(start, end, key, "_")
    first = readings[0]
    tag = "i" if first.tag == "N" and first.value == 1 and key in ("a", "an") else first.tag
    return Unit(start, end, key, tag, first.value, tuple(readings[1:]), first.abbreviated)


def _abbreviation_used(reading: Word, tokens, i: int) -> bool:
    """A short form counts with its dot ("Sun."), or a month's before a day ("Jan 14"):
    "Sun" alone is a newspaper and "mar" the Spanish sea."""
    following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
    return following == "." or reading.tag == "M" and following[:1].isdigit()


def _number_tag(surface: str) -> tuple[str, object]:
    if re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}", surface):
        found = _numeric_date(surface)
        return ("#", found) if found else ("_", None)
    if ":" in surface:
        hours, minutes = (int(x) for x in surface.split(":"))
        return ("H", f"{hours:02d}:{minutes:02d}") if hours < 24 and minutes < 60 else ("_", None)
    if "/" in surface:
        top, bottom = (int(x) for x in surface.split("/"))
        return ("f", top / bottom) if 0 < top < bottom else ("_", None)
    if "," in surface:
        return "_", None
    digits = re.match(r"\d+", surface).group()
    suffix = surface[len(digits) :]
    number = int(digits)
    if suffix == "s" and len(digits) == 4 and digits.endswith("0"):
        return "C", digits[:3]
    if len(digits) == 4 and not suffix and 1000 <= number <= 2100:
        return "Y", number
    if 1 <= number <= 31 and len(digits) <= 2:
        return "D", number
    return ("N", number) if not suffix else ("_", None)


def _numeric_date(surface: str) -> str | None:
    parts = [int(x) for x in re.split(r"[./-]", surface)]
    if parts[0] > 999:
        year, month, day = parts
    elif parts[2] > 999:
        day, month, year = parts
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _prefer_alternatives(units: list[Unit]) -> None:
    """A word with two readings takes the one its neighbour asks for: Spanish "mañana" is
    "morning" after "esta" or "la", else "tomorrow"; "second" before a unit is a number."""
    for i, unit in enumerate(units):
        if not unit.alternatives:
            continue
        before = units[i - 1].tag if i else ""
        for alternative in unit.alternatives:
            if alternative.tag == "K" and before in ("T", "a", "R", "W"):
                unit.tag, unit.value = "K", alternative.value


def _future(units: list[Unit], i: int, end: int, words: TimeWords) -> bool:
    """Whether a future cue stands in the sentence shortly before the expression or right
    after it (German and Russian put the verb second: "Anfang März soll ...")."""
    before = _within(reversed(units[max(0, i - FUTURE_WINDOW) : i]), FUTURE_WINDOW)
    after = _within(units[end : end + FUTURE_AFTER], FUTURE_AFTER)
    return any(unit.tag == "z" for unit in before) or any(unit.tag == "z" for unit in after)


def _within(units, reach: int) -> list[Unit]:
    """The units up to `reach` words away, in the same sentence."""
    near, words = [], 0
    for unit in units:
        if unit.tag == "p" or unit.key in ("!", "?") or words >= reach:
            break
        near.append(unit)
        words += unit.words
    return near


# Normalisation -----------------------------------------------------------------------------


class NotTime(Exception):
    """A grammar match that is no time expression after all (31 February, a fifth quarter)."""


def _normalise(name: str, kind: str, span: list[Unit], dct: date | None, future: bool):
    """(type, value, span) for a grammar match, or None when it is no time expression; the
    value is None where the expression is relative and there is no publication date."""
    try:
        result = _HANDLERS[name](span, dct, future)
    except NotTime:
        return None
    value, span = result if isinstance(result, tuple) else (result, span)
    if kind == "DATE" and value and re.search(r"\dT", value):
        kind = "TIME"  # "this morning", "yesterday at 10:30"
    return kind, value, span


def _first(span: list[Unit], *tags: str) -> Unit | None:
    tags = tags + ("u",) if "U" in tags else tags  # a unit, singular or plural
    return next((u for u in span if u.tag in tags), None)


def _amount(span: list[Unit]) -> float | None:
    unit = _first(span, "D", "N", "i")
    if unit is None:
        return None
    fraction = _first(span, "f")
    return (1 if unit.tag == "i" else unit.value) + (fraction.value if fraction else 0)


def _year_for(month: int, dct: date | None, future: bool, day: int = 1) -> int | None:
    """The year of a month named without one: the nearest such month to the publication
    date ("Jan. 14" in a December article is next January), the next one when the sentence
    speaks of the future."""
    if dct is None:
        return None
    here = dct.year * 12 + dct.month - 1 + (dct.day - 1) / 31
    candidates = (dct.year - 1, dct.year, dct.year + 1)
    if future:
        return next(y for y in candidates if y * 12 + month - 1 + (day - 1) / 31 >= here)

    def distance(year: int) -> float:
        months = year * 12 + month - 1 + (day - 1) / 31 - here
        return months * AHEAD_WEIGHT if months > 0 else -months

    return min(candidates, key=distance)


def _date(year: int | None, month: int, day: int | None = None) -> str | None:
    shown = f"{year:04d}" if year else "XXXX"
    if day is None:
        return f"{shown}-{month:02d}"
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February stays valid
    except ValueError as error:
        raise NotTime from error
    return f"{shown}-{month:02d}-{day:02d}"


def _explicit_date(span, dct, future):
    month = _first(span, "M").value
    day = _first(span, "D").value
    year_unit = _first(span, "Y")
    year = year_unit.value if year_unit else _year_for(month, dct, future, day)
    return _date(year, month, day)


def _month_year(span, dct, future):
    return _date(_first(span, "Y").value, _first(span, "M").value)


def _month(span, dct, future):
    month = _first(span, "M").value
    return _date(_year_for(month, dct, future), month)


def _month_relative(span, dct, future):
    """ "last June", "junio pasado", "el próximo marzo": the month before or after the
    publication date."""
    month = _first(span, "M").value
    if dct is None:
        return _date(None, month)
    ahead = _first(span, "L", "X").tag == "X"
    year = dct.year + (1 if ahead and month <= dct.month else 0)
    year -= 1 if not ahead and month >= dct.month else 0
    return _date(year, month)


def _year(span, dct, future):
    return f"{_first(span, 'Y').value:04d}"


def _numeric(span, dct, future):
    return _first(span, "#").value


def _decade(span, dct, future):
    return _first(span, "C").value


def _weekday(span, dct, future):
    target = _first(span, "W").value
    if dct is None:
        return f"XXXX-WXX-{target + 1}"
    direction = _first(span, "L", "X", "T")
    back = (dct.weekday() - target) % 7
    if direction is not None and direction.tag == "T":
        return (dct + timedelta(days=target - dct.weekday())).isoformat()
    if direction is not None and direction.tag == "L" or direction is None and not future:
        return (dct - timedelta(days=back or (7 if direction else 0))).isoformat()
    ahead = (target - dct.weekday()) % 7
    return (dct + timedelta(days=ahead or 7)).isoformat()


def _weekday_time(span, dct, future):
    day = _weekday(span, dct, future)
    return f"{day}T{_first(span, 'K').value}" if day else None


def _phrase(span, dct, future):
    return _shift(_first(span, "P").value, dct)


def _period(span, dct, future):
    direction = _first(span, "L", "X", "T")
    unit = _first(span, "U").value
    offset = {"L": -1, "X": 1, "T": 0}[direction.tag]
    return _shift(f"{unit}{offset:+d}", dct)


def _period_part(span, dct, future):
    """ "the end of the year", "αρχές του έτους", "le début de l'année": part of the current one."""
    unit = _first(span, "U").value
    if unit not in CLDR_PERIODS.values():
        raise NotTime
    return _shift(f"{unit}+0", dct)


def _quarter(span, dct, future):
    unit, ordinal = _first(span, "U").value, _first(span, "O").value
    if unit not in ("Q", "HY") or ordinal > (4 if unit == "Q" else 2):
        raise NotTime
    year = _first(span, "Y")
    year = year.value if year else dct.year if dct else None
    return f"{year:04d}-{unit}{ordinal}" if year else f"XXXX-{unit}{ordinal}"


def _duration(span, dct, future):
    amount = _amount(span)
    unit = _first(span, "U").value
    if unit == "CE" and amount and ORDINAL_SUFFIX.search(_first(span, "D", "N").key):
        return f"{int(amount) - 1:02d}"  # "the 20th century": TIMEX3's "19", no duration
    return _duration_value(amount, unit)


def _duration_value(amount: float | None, unit: str) -> str:
    if unit in MULTIPLES and amount is not None:  # TIMEX3 counts no decades: P20Y, P4W
        factor, unit = MULTIPLES[unit]
        amount *= factor
    number = "X" if amount is None else f"{amount:g}"
    time_part = "T" if unit in TIME_UNITS else ""
    return f"P{time_part}{number}{'M' if unit == 'MIN' else unit}"


def _vague_duration(span, dct, future):
    return _duration_value(None, _first(span, "U").value)


def _bare_duration(span, dct, future):
    return _duration_value(None, span[-1].value), span[1:]


def _ago(span, dct, future, sign: int = -1):
    amount = _amount(span)
    unit = _first(span, "U").value
    if unit in TIME_UNITS or amount != int(amount):
        raise NotTime  # "two hours ago", "1.5 years ago": no calendar value
    return _shift(f"{unit}{sign * int(amount):+d}", dct)


def _in_future(span, dct, future):
    return _ago(span, dct, future, sign=1)


def _vague_ago(span, dct, future):
    return "PAST_REF"


def _day_part(span, dct, future):
    relative = _first(span, "R")
    day = _shift(relative.value, dct) if relative else dct.isoformat() if dct else None
    part = _first(span, "K")
    return f"{day}T{part.value}" if part and day else day


def _clock(span, dct, future):
    clock = _first(span, "H")
    hours, minutes = (int(x) for x in clock.value.split(":")) if clock else (_amount(span), 0)
    if hours is None or hours > 23:
        raise NotTime
    meridiem = _first(span, "h")
    if meridiem and meridiem.key == "pm" and hours < 12:
        hours += 12
    day_unit = _first(span, "R", "W")
    if day_unit is None:
        day = dct.isoformat() if dct else None
    else:
        day = _shift(day_unit.value, dct) if day_unit.tag == "R" else _weekday(span, dct, False)
    return f"{day or 'XXXX-XX-XX'}T{int(hours):02d}:{minutes:02d}"


def _season(span, dct, future):
    season = _first(span, "S").value
    year = _first(span, "Y")
    direction = _first(span, "L", "X")
    if year:
        return f"{year.value:04d}-{season}"
    if dct is None:
        return f"XXXX-{season}"
    offset = {"L": -1, "X": 1}.get(direction.tag) if direction else 0
    return f"{dct.year + offset:04d}-{season}"


def _set(span, dct, future):
    fixed = _first(span, "Q")
    if fixed:
        return fixed.value
    weekday = _first(span, "W")
    if weekday:
        return f"XXXX-WXX-{weekday.value + 1}"
    amount = _first(span, "D", "N")
    return _duration_value(amount.value if amount else 1, _first(span, "U").value)


_HANDLERS = {
    "dmy": _explicit_date,
    "mdy": _explicit_date,
    "my": _month_year,
    "month": _month,
    "month_relative": _month_relative,
    "year": _year,
    "numeric": _numeric,
    "decade": _decade,
    "weekday": _weekday,
    "weekday_time": _weekday_time,
    "phrase": _phrase,
    "period": _period,
    "period_after": _period,
    "period_part": _period_part,
    "quarter": _quarter,
    "duration": _duration,
    "vague_duration": _vague_duration,
    "bare_duration": _bare_duration,
    "ago": _ago,
    "ago_before": _ago,
    "in_future": _in_future,
    "vague_ago": _vague_ago,
    "day_part": _day_part,
    "clock": _clock,
    "season": _season,
    "set": _set,
}

_SHIFT = re.compile(r"([A-Z]+?)(\d)?([+-]\d+)(T\w+|WE)?")


def _shift(spec: str, dct: date | None) -> str | None:
    """A value from a shift of the publication date: "D-1" yesterday, "M+0" this month,
    "W2-1" last Wednesday, "D+0TNI" tonight, "W-1WE" last weekend; or a reference value."""
    if spec.endswith("_REF"):
        return spec
    match = _SHIFT.fullmatch(spec)
    if match is None or dct is None:
        return None
    unit, weekday, offset, suffix = (
        match.group(1),
        match.group(2),
        int(match.group(3)),
        match.group(4),
    )
    if weekday is not None:
        back = (dct.weekday() - int(weekday)) % 7 or 7
        ahead = (int(weekday) - dct.weekday()) % 7 or 7
        day = dct - timedelta(days=back) if offset < 0 else dct + timedelta(days=ahead)
        return day.isoformat()
    value = _shift_unit(unit, offset, dct)
    if suffix == "WE":
        return f"{value}-WE"
    return f"{value}{suffix or ''}"


def _shift_unit(unit: str, offset: int, dct: date) -> str:
    if unit == "D":
        return (dct + timedelta(days=offset)).isoformat()
    if unit == "W":
        year, week, _ = (dct + timedelta(weeks=offset)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "M":
        months = dct.year * 12 + dct.month - 1 + offset
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if unit == "Q":
        quarters = dct.year * 4 + (dct.month - 1) // 3 + offset
        return f"{quarters // 4:04d}-Q{quarters % 4 + 1}"
    if unit == "HY":
        halves = dct.year * 2 + (dct.month - 1) // 6 + offset
        return f"{halves // 2:04d}-H{halves % 2 + 1}"
    if unit == "DE":
        return f"{dct.year // 10 + offset:03d}"
    if unit == "CE":
        return f"{dct.year // 100 + offset:02d}"
    return f"{dct.year + offset:04d}"


@component("time", requires=("text", "language"), assigns=("timexes",))
class TimeTagger:
    """Finds and normalises the time expressions of a document against its publication date."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        doc.timexes = []
        for language, start, end in language_runs(doc):
            for timex in find_timexes(doc.text[start:end], language, doc.published):
                timex.start, timex.end = timex.start + start, timex.end + start
                doc.timexes.append(timex)
        return doc


def language_runs(doc: Document) -> list[tuple[str, int, int]]:
    """(language, start, end) of each run of paragraphs in one language: a Greek article
    quoting an English statement reads each part with its own pack."""
    runs: list[tuple[str, int, int]] = []
    for paragraph in doc.paragraphs:
        language = paragraph.language if paragraph.language != "und" else doc.pack_language
        if runs and runs[-1][0] == language:
            runs[-1] = (language, runs[-1][1], paragraph.end)
        else:
            runs.append((language, paragraph.start, paragraph.end))
    return runs or [(doc.pack_language, 0, len(doc.text))]
