"""What readers produce: raw articles, and problems that name where they occurred."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

# JSON ("\ud800") and character references can carry lone surrogates: not text, and SQLite and
# the language identifier refuse them.
LONE_SURROGATES = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """A whole input could not be read; the message says why, without the name."""


@dataclass
class RawArticle:
    """One unit of input before cleaning.

    `raw` is text: for plain-text files the decoded file (which may hold several
    articles, hence `splittable`), for structured formats the title line
    followed by the body paragraphs, one per line.
    """

    source: str
    raw: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    caption: str | None = None
    markup: str | None = None
    splittable: bool = False
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in (f.name for f in fields(self)):
            value = getattr(self, name)
            if isinstance(value, str) and LONE_SURROGATES.search(value):
                setattr(self, name, LONE_SURROGATES.sub("\ufffd", value))


@dataclass
class Problem:
    """Something wrong with an input: `fatal` problems lose data, others are notes."""

    source: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def structured_raw(title: str | None, paragraphs: list[str]) -> str:
    """The raw text of a structured article: title line, then one paragraph per line."""
    lines = [" ".join(title.split())] if title else []
    lines += [p.strip() for p in paragraphs if p.strip()]
    return "\n\n".join(lines)
