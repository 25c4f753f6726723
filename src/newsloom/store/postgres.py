"""A PostgreSQL connection that the store's SQLite-dialect queries run on unchanged.

The store writes its queries once, for SQLite. `translate` rewrites the little SQLite-only
syntax they use into PostgreSQL's, in this one place; what is not syntax (functions such as
json_each and group_concat, the NOCASE collation) migration 001 defines on PostgreSQL. Rows
behave like sqlite3.Row: by name, by position, `dict(row)`.

Values are bound client-side (psycopg's ClientCursor, as literals), which types them the way
SQLite does: `? IS NULL` needs no declared type, and one value may be compared with a text
and an integer column alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

try:
    import psycopg
    from psycopg.types.numeric import Int8Dumper, NumericLoader
except ImportError:  # the optional extra newsloom[postgresql]
    psycopg = None
    Int8Dumper = NumericLoader = object

SCHEME = "postgresql://"

# String literals, quoted names and comments pass through untouched; the rest is SQL to rewrite.
_LITERAL = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*""")
_PLACEHOLDER = re.compile(r"(?<!:):(\w+)|\?")
_REWRITES = (
    (re.compile(r"\bifnull\(", re.I), "coalesce("),
    # SQLite planner hints: an index to use, "+column" to keep one unused, and CROSS JOIN
    # (with ON: an inner join in a fixed order).
    (re.compile(r"\s+INDEXED BY \w+", re.I), ""),
    (re.compile(r"\bCROSS JOIN\b", re.I), "JOIN"),
    (re.compile(r"(?<=[\s(,])\+(?=[A-Za-z_])"), ""),
    # SQLite reads a negative LIMIT as none; PostgreSQL reads NULL so.
    (re.compile(r"\bLIMIT\s+(\?|:\w+)", re.I), r"LIMIT nullif(\1, -1)"),
    (re.compile(r"\bBEGIN IMMEDIATE\b", re.I), "BEGIN"),
)
_ORDER_BY = re.compile(r"\bORDER BY\b", re.I)
_CLAUSE_AFTER_ORDER = re.compile(r"\s*\b(LIMIT|OFFSET)\b|;", re.I)
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.I)
_SETTING = re.compile(r"^\s*PRAGMA \w+\s*=", re.I)  # SQLite tuning: nothing to do here


def is_postgresql(target: str) -> bool:
    return str(target).startswith(SCHEME)


def shown(target: str) -> str:
    """A store's path or URL as messages print it: a password in the URL is masked."""
    parts = urlsplit(str(target))
    if not is_postgresql(target) or parts.password is None:
        return str(target)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """One SQLite-dialect statement in PostgreSQL's, with psycopg's placeholders."""
    literals: list[str] = []

    def hide(match: re.Match) -> str:
        literals.append(match[0].replace("%", "%%"))
        return f"\x00{len(literals) - 1}\x00"

    code = _LITERAL.sub(hide, sql).replace("%", "%%")
    for pattern, replacement in _REWRITES:
        code = pattern.sub(replacement, code)
    code = _sqlite_order(code)
    code = _PLACEHOLDER.sub(_placeholder, code)
    if _INSERT_OR_IGNORE.match(code):
        code = _INSERT_OR_IGNORE.sub("INSERT INTO", code) + " ON CONFLICT DO NOTHING"
    return re.sub("\x00(\\d+)\x00", lambda m: literals[int(m[1])], code)


def _sqlite_order(code: str) -> str:
    """NULLs sort first in SQLite and last in PostgreSQL: each ORDER BY term says which."""
    out, position = [], 0
    for match in _ORDER_BY.finditer(code):
        end = _clause_end(code, match.end())
        out.append(code[position : match.end()])
        out.append(",".join(_with_nulls(term) for term in top_level_terms(code[match.end() : end])))
        position = end
    return "".join(out) + code[position:]


def _clause_end(code: str, start: int) -> int:
    depth = 0
    for i in range(start, len(code)):
        char = code[i]
        depth += char == "("
        depth -= char == ")"
        if depth < 0 or (depth == 0 and _CLAUSE_AFTER_ORDER.match(code, i)):
            return i
    return len(code)


def top_level_terms(clause: str) -> list[str]:
    """The comma-separated terms of a list, commas inside parentheses left be."""
    terms, depth, start = [], 0, 0
    for i, char in enumerate(clause):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            terms.append(clause[start:i])
            start = i + 1
    return [*terms, clause[start:]]


def _with_nulls(term: str) -> str:
    if re.search(r"\bNULLS\b", term, re.I):
        return term
    stripped = term.rstrip()
    nulls = " NULLS LAST" if re.search(r"\bDESC$", stripped, re.I) else " NULLS FIRST"
    return stripped + nulls + term[len(stripped) :]


def _placeholder(match: re.Match) -> str:
    return f"%({match[1]})s" if match[1] else "%s"


class Row(tuple):
    """A result row like sqlite3.Row: `row["title"]`, `row[0]`, `dict(row)`, unpacking."""

    __slots__ = ()
    names: tuple[str, ...] = ()
    positions: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self.positions[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _row_factory(cursor):
    names = tuple(column.name for column in cursor.description or ())
    row_type = type("Row", (Row,), {"names": names, "positions": _positions(names)})
    return lambda values: row_type(values)


def _positions(names: tuple[str, ...]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for i, name in enumerate(names):
        positions.setdefault(name, i)  # the first of two same-named columns, as sqlite3 does
    return positions


class _NumberLoader(NumericLoader):
    """sum() of integers is NUMERIC on PostgreSQL: read whole numbers as int, like SQLite."""

    def load(self, data) -> int | float:
        value: Decimal = super().load(data)
        return int(value) if value == value.to_integral_value() else float(value)


class _BoolDumper(Int8Dumper):
    """True and False as 1 and 0, as sqlite3 stores them (the INTEGER flag columns)."""

    def dump(self, obj: bool) -> bytes:
        return super().dump(int(obj))


class Connection:
    """What the store uses of sqlite3.Connection, on one PostgreSQL session in autocommit mode:
    `BEGIN` and `COMMIT` are sent as statements, as on SQLite."""

    def __init__(self, url: str) -> None:
        if psycopg is None:
            raise RuntimeError(
                "a PostgreSQL store needs psycopg: pip install 'newsloom[postgresql]'"
            )
        self.raw = psycopg.connect(
            url, autocommit=True, cursor_factory=psycopg.ClientCursor, row_factory=_row_factory
        )
        self.raw.adapters.register_loader("numeric", _NumberLoader)
        self.raw.adapters.register_dumper(bool, _BoolDumper)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()):
        if _SETTING.match(sql):
            return self.raw.execute("SELECT 1 WHERE false")
        return self.raw.execute(translate(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]):
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), list(rows))
        return cursor

    def run_script(self, script: str) -> None:
        """Statements in PostgreSQL's own dialect (a migration), untranslated, in one
        transaction."""
        with self.raw.transaction():
            self.raw.execute(script.encode())

    def close(self) -> None:
        self.raw.close()
