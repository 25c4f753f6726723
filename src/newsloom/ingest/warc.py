"""WARC and WARC.gz (e.g. Common Crawl's CC-NEWS): HTML responses become articles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsloom.ingest.base import InputError, Problem, RawArticle
from newsloom.ingest.encoding import DecodeError, decode
from newsloom.ingest.html import read_html


def read_warc(stream: BinaryIO, source: str) -> Iterator[RawArticle | Problem]:
    skipped: dict[str, int] = {}
    records = 0
    try:
        for record in ArchiveIterator(stream):
            records += 1
            kind = _html_response(record)
            if kind:
                skipped[kind] = skipped.get(kind, 0) + 1
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source} ({url})"
            payload = record.content_stream().read()
            if getattr(
                record.raw_stream, "limit", 0
            ):  # bytes promised by Content-Length never came
                yield Problem(source, f"truncated WARC: record {records} ({url}) is cut short")
                return
            try:
                markup = decode(payload).text
                article = read_html(markup, where, url=url)
            except (InputError, DecodeError) as error:
                yield Problem(where, str(error))
                continue
            article.meta["crawled"] = record.rec_headers.get_header("WARC-Date")
            yield article
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
        yield Problem(source, f"truncated or corrupt WARC after {records} records ({error})")
    if skipped:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        yield Problem(source, f"skipped non-article records: {counts}", fatal=False)


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
