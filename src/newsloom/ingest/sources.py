"""Discovery: turn command-line arguments into inputs, and inputs into raw articles.

Discovery is kept apart from extraction: `discover` only finds inputs (files,
folders walked recursively, globs, "-" for stdin) and `read_input` only reads
one input, choosing the reader by extension and, failing that, by content.
"""

from __future__ import annotations

import csv
import glob
import gzip
import hashlib
import io
import json
import os
import sys
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsloom.analyze.dates import normalise_published
from newsloom.ingest.base import InputError, Problem, RawArticle
from newsloom.ingest.encoding import DecodeError, decode
from newsloom.ingest.feeds import read_feed
from newsloom.ingest.html import read_html
from newsloom.ingest.jsonl import bounded_lines, read_json_document, read_json_lines
from newsloom.ingest.warc import read_warc
from newsloom.settings import Settings

FORMATS_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".arc": "warc",
}
MANIFEST_NAME = "manifest.csv"
USER_AGENT = "newsloom (+https://pypi.org/project/newsloom/)"
MANIFEST_FIELDS = ("outlet", "published", "language", "url")


@dataclass
class Input:
    """One file (or stdin) to ingest."""

    name: str
    path: Path | None = None
    data: bytes | None = None  # stdin's content

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")

    def fingerprint(self, metadata: dict[str, str | None]) -> str:
        """SHA-256 of the bytes and the metadata given for them, to recognise an input already ingested."""
        digest = hashlib.sha256(json.dumps(metadata, sort_keys=True).encode("utf-8"))
        with self.open() as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def discover(arguments: Iterable[str], settings: Settings) -> Iterator[Input | Problem]:
    """Inputs named by paths, folders (recursive), globs, URLs and "-" (stdin), in a stable order."""
    for argument in arguments:
        if argument == "-":
            yield Input("<stdin>", data=sys.stdin.buffer.read())
            continue
        if argument.startswith(("http://", "https://")):
            yield fetch(argument, settings)
            continue
        path = Path(argument).expanduser()
        if path.is_dir():
            yield from _walk(path, settings, set())
        elif path.is_file():
            yield Input(display_name(str(path)), path=path)
        elif glob.has_magic(argument):
            matches = sorted(glob.glob(os.path.expanduser(argument), recursive=True))
            if not matches:
                yield Problem(display_name(argument), "no files match this pattern")
            for match in matches:
                yield from discover([match], settings)
        elif path.is_symlink():
            yield Problem(display_name(argument), "broken or looping symbolic link")
        elif path.exists():
            yield Problem(display_name(argument), "not a regular file (a device, pipe or socket)")
        else:
            yield Problem(display_name(argument), "no such file or folder")


def display_name(path: str) -> str:
    """The path as one printable line: undecodable bytes replaced, control characters (a
    newline in a file name) escaped, so that every problem stays on one line."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def fetch(url: str, settings: Settings) -> Input | Problem:
    """Download a feed or page named on the command line (never a link found inside an article)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=settings.fetch_timeout) as response:
            data = response.read(settings.max_file_bytes + 1)
    except urllib.error.HTTPError as error:
        return Problem(url, f"could not fetch (HTTP {error.code})")
    except (OSError, ValueError) as error:
        return Problem(url, f"could not fetch ({getattr(error, 'reason', error)})")
    if len(data) > settings.max_file_bytes:
        return Problem(url, f"larger than the {settings.max_file_bytes // 2**20} MB download limit")
    return Input(url, data=data)


def _walk(
    folder: Path, settings: Settings, seen: set[tuple[int, int]]
) -> Iterator[Input | Problem]:
    """Supported files under `folder`, depth first, sorted, without listing everything up front.
    `seen` holds the folders entered, so that symbolic links followed never loop."""
    try:
        info = folder.stat()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as error:
        yield Problem(display_name(str(folder)), f"cannot list folder ({error.strerror or error})")
        return
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=settings.follow_symlinks)
            is_file = entry.is_file(follow_symlinks=settings.follow_symlinks)
        except OSError as error:
            yield Problem(display_name(entry.path), f"cannot read ({error.strerror or error})")
            continue
        if is_dir:
            yield from _walk(Path(entry.path), settings, seen)
        elif is_file and _supported(entry.name):
            yield Input(display_name(entry.path), path=Path(entry.path))


def _supported(name: str) -> bool:
    return name != MANIFEST_NAME and format_for_name(name) is not None


def format_for_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return FORMATS_BY_SUFFIX.get(Path(lower).suffix)


def sniff_format(head: bytes) -> str:
    """Guess a format from the first bytes of content."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"{", b"[")):
        return "json"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed"
    if start.startswith(b"<") and (
        b"<html" in start or b"<!doctype html" in start or b"<body" in start
    ):
        return "html"
    return "text"


def read_input(
    item: Input, settings: Settings, kind: str | None = None
) -> Iterator[RawArticle | Problem]:
    """Raw articles (and problems) from one input; raises InputError if nothing can be read.
    The format is `kind` if given, else a file's by its name, else sniffed from the content."""
    if item.size == 0:
        raise InputError("empty file")
    compressed = item.name.lower().endswith(".gz")
    kind = kind or (format_for_name(item.name) if item.path else None)
    with item.open() as stream:
        if compressed:
            stream = gzip.GzipFile(fileobj=stream)
        head = _peek(stream)
        if kind is None or (kind == "text" and not Path(item.name).suffix):
            kind = sniff_format(head)
        if kind == "warc":
            yield from read_warc(stream, item.name, settings.max_file_bytes)
        elif kind == "jsonl":
            yield from read_json_lines(bounded_lines(stream, settings.max_file_bytes), item.name)
        else:
            data = _read_limited(stream, settings.max_file_bytes)
            yield from _read_document(kind, data, item.name)


def _peek(stream: BinaryIO) -> bytes:
    try:
        head = stream.read(2048)
        stream.seek(0)
    except (EOFError, OSError, zlib.error) as error:
        raise InputError(f"truncated or corrupt gzip stream ({error})") from error
    return head


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    try:
        data = stream.read(limit + 1)
    except (EOFError, OSError, zlib.error) as error:
        raise InputError(f"truncated or corrupt gzip stream ({error})") from error
    if len(data) > limit:
        raise InputError(
            f"larger than the {limit // (1024 * 1024)} MB limit for a single document "
            "(split it, use JSON Lines, or raise --max-file-size)"
        )
    if not data.strip():
        raise InputError("empty file")
    return data


def _read_document(kind: str, data: bytes, name: str) -> Iterator[RawArticle | Problem]:
    if kind == "json":
        yield from read_json_document(data, name)
        return
    if kind == "feed":
        yield from read_feed(data, name)
        return
    try:
        decoded = decode(data)
    except DecodeError as error:
        raise InputError(str(error)) from error
    if decoded.replaced:
        yield Problem(name, f"{decoded.replaced} undecodable bytes replaced", fatal=False)
    if kind == "html":
        article = read_html(decoded.text, name)
    else:
        article = RawArticle(source=name, raw=decoded.text, splittable=True)
    article.meta["encoding"] = decoded.encoding
    yield article


class Manifest:
    """Metadata for plain-text files from a CSV with columns file,outlet,published,language,url.

    Paths in the `file` column are relative to the manifest's folder.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.rows: dict[Path, dict[str, str]] = {}
        with self.path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise InputError(f"{self.path}: a manifest needs a 'file' column")
            for line, row in enumerate(reader, 2):
                target = (self.path.parent / (row["file"] or "")).resolve()
                values = {k: (row.get(k) or "").strip() for k in MANIFEST_FIELDS}
                if values["published"] and normalise_published(values["published"]) is None:
                    raise InputError(f"{self.path}:{line}: {values['published']!r} is not a date")
                self.rows[target] = {k: v for k, v in values.items() if v}

    def metadata_for(self, item: Input) -> dict[str, str]:
        return self.rows.get(item.path.resolve(), {}) if item.path else {}


def apply_metadata(article: RawArticle, metadata: dict[str, str | None]) -> None:
    """Fill an article's metadata; given values win over what the file says."""
    for key in MANIFEST_FIELDS:
        if metadata.get(key):
            setattr(article, key, metadata[key])
    article.published = normalise_published(article.published)
