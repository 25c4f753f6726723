"""WARC and WARC.gz (e.g. Common Crawl's CC-NEWS): HTML responses become articles."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsloom.ingest.base import InputError, Problem, RawArticle
from newsloom.ingest.encoding import DecodeError, decode
from newsloom.ingest.html import read_html

# Longest run without a line break: warcio reads header lines by joining 16 KB blocks, which takes
# quadratic time, and a page's HTML rarely has a longer line.
LINE_LIMIT = 8 * 2**20


class TruncatedStream(OSError):
    """The compressed stream ended mid-member. warcio takes EOFError for a clean end of the
    archive, so a cut .warc.gz must raise something else to be reported."""


class LineBoundedReader(io.RawIOBase):
    """Passes a stream through, failing once `limit` bytes go by without a line break: warcio
    reads header lines whole, so a gigabyte of zeros would otherwise land in memory at once."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.since_break = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:  # read1: a short read keeps what came before a cut, where read() would lose it
            data = self.stream.read1(len(buffer))
        except EOFError as error:
            raise TruncatedStream(str(error)) from error
        last_break = data.rfind(b"\n")
        self.since_break = (
            len(data) - last_break - 1 if last_break >= 0 else self.since_break + len(data)
        )
        if self.since_break > self.limit:
            raise OSError(f"over {self.limit // 2**20} MB without a line break: not a WARC")
        buffer[: len(data)] = data
        return len(data)


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawArticle | Problem]:
    """Articles from the HTML responses of an uncompressed WARC stream; a record or line over
    `max_bytes` is reported, not read into memory."""
    skipped: dict[str, int] = {}
    done = 0  # records read to their end
    try:
        for record in ArchiveIterator(LineBoundedReader(stream, min(max_bytes, LINE_LIMIT))):
            kind = _html_response(record)
            if kind:
                skipped[kind] = skipped.get(kind, 0) + 1
            else:
                yield _article(record, source, max_bytes)
            done += 1
    except TruncatedStream:
        yield Problem(source, f"truncated WARC: record {done + 1} is cut short")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
        yield Problem(source, f"truncated or corrupt WARC after {done} records ({error})")
    if skipped:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        yield Problem(source, f"skipped non-article records: {counts}", fatal=False)


def _article(record, source: str, max_bytes: int) -> RawArticle | Problem:
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source} ({url})"
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Problem(where, f"response over the {max_bytes // 2**20} MB limit, skipped")
    if getattr(record.raw_stream, "limit", 0):  # bytes promised by Content-Length never came
        raise TruncatedStream
    try:
        article = read_html(decode(payload).text, where, url=url)
    except (InputError, DecodeError) as error:
        return Problem(where, str(error))
    article.meta["crawled"] = record.rec_headers.get_header("WARC-Date")
    return article


def _html_response(record) -> str | None:
    """None for an HTML response; otherwise a short name for what the record is."""
    if record.rec_type != "response":
        return f"{record.rec_type} records"
    content_type = (
        (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    )
    if "html" not in content_type.lower():
        return "non-HTML responses"
    return None
