"""Read the project's own annotated sentences (training/ner/<lang>.txt) as tokens and IOB2 tags.

One sentence a line, tokens separated by spaces, each name in brackets with its type:

    Ο [PER Κυριάκος Μητσοτάκης] συναντήθηκε στην [LOC Άγκυρα] .

A bracket is opened by "[" plus a type straight after it and closed by "]"; brackets do not
nest. Anything else (an unknown type, an empty name, a bracket left open or closed twice) is
an error naming the file and line, so a slip while writing never becomes a silent wrong tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

TYPES = ("PER", "LOC", "ORG", "MISC")

# "[TYPE " opens a name, "]" closes it; spaces around them are optional in the file.
_MARKER = re.compile(r"\[([A-Z]+) |\]|\[")


class WrittenFormatError(ValueError):
    """A line of a written training file that does not follow the bracket format."""


def parse_line(line: str) -> list[tuple[str, str]]:
    """Tokens and IOB2 tags of one annotated line; raises ValueError on malformed brackets."""
    tagged: list[tuple[str, str]] = []
    open_type: str | None = None
    position = 0
    for marker in _MARKER.finditer(line):
        _tag_words(line[position : marker.start()], open_type, tagged)
        position = marker.end()
        if marker.group() == "]":
            if open_type is None:
                raise ValueError(f"']' at column {marker.start() + 1} closes no name")
            if tagged[-1] == _placeholder(open_type):
                raise ValueError(f"empty {open_type} name before column {marker.start() + 1}")
            open_type = None
            continue
        if open_type is not None:
            raise ValueError(f"'[' at column {marker.start() + 1} opens a name inside a name")
        if marker.group(1) not in TYPES:
            found = marker.group(1) or "nothing"
            raise ValueError(f"'[' at column {marker.start() + 1} has type {found}, not one of "
                             f"{', '.join(TYPES)}")  # fmt: skip
        open_type = marker.group(1)
        tagged.append(_placeholder(open_type))  # the name's first word takes its place
    if open_type is not None:
        raise ValueError(f"{open_type} name is never closed")
    _tag_words(line[position:], None, tagged)
    return tagged


def _tag_words(text: str, open_type: str | None, tagged: list[tuple[str, str]]) -> None:
    for word in text.split():
        if open_type is not None and tagged[-1] == _placeholder(open_type):
            tagged[-1] = (word, f"B-{open_type}")
        elif open_type is not None:
            tagged.append((word, f"I-{open_type}"))
        else:
            tagged.append((word, "O"))


def _placeholder(open_type: str) -> tuple[str, str]:
    return ("", f"B-{open_type}")


def read_written(path: str | Path) -> Iterator[list[tuple[str, str]]]:
    """Each non-blank line of `path` as (token, IOB2 tag) pairs, in file order."""
    path = Path(path)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield parse_line(line)
            except ValueError as error:
                raise WrittenFormatError(f"{path}:{number}: {error}") from None
