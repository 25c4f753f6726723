"""Each input format yields articles with the metadata its source carries."""

import gzip
import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom import ingest

from .conftest import FIXTURES, ingest_fixtures

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def documents(db):
    return list(db.iter_documents())


def test_html_page_metadata(db):
    ingest_fixtures(db, "page_en.html")
    (doc,) = documents(db)
    expected = EXPECTED["page_en.html"]
    assert doc.published == expected["published"][:10]
    assert doc.author == expected["author"]
    assert doc.outlet == expected["site_name"]
    assert doc.url == expected["canonical_url"]
    assert doc.markup.lstrip().lower().startswith("<!doctype html")


def test_malformed_html_still_gives_its_article_and_dateline_date(db):
    ingest_fixtures(db, "page_malformed.html")
    (doc,) = documents(db)
    assert doc.title == EXPECTED["page_malformed.html"]["titles"][0]
    assert doc.published == "2024-09-12"
    assert doc.meta["published_from"] == "dateline"


def test_rss_entries_keep_link_date_and_outlet(db):
    ingest_fixtures(db, "feed.rss")
    docs = documents(db)
    expected = EXPECTED["feed.rss"]
    assert [d.title for d in docs] == expected["titles"]
    assert [d.url for d in docs] == expected["urls"]
    assert docs[2].published == expected["published"][2][:10]  # converted from +0200 to UTC
    assert len({d.outlet for d in docs}) == 1 and docs[0].outlet


def test_atom_entries_in_greek(db):
    ingest_fixtures(db, "feed.atom")
    docs = documents(db)
    assert [d.title for d in docs] == EXPECTED["feed.atom"]["titles"]
    assert all(d.language == "el" for d in docs)
    assert all(d.published for d in docs)


def test_json_lines_fields_and_bad_line(db):
    report = ingest_fixtures(db, "articles.jsonl")
    docs = documents(db)
    assert len(docs) == 4
    assert [str(p) for p in report.problems if p.fatal] == [
        f"{FIXTURES / 'articles.jsonl'}:3: " + report.problems[0].message
    ]
    assert "invalid JSON" in report.problems[0].message
    assert docs[0].meta["given_id"] == EXPECTED["articles.jsonl"]["ids"][0]
    french = next(d for d in docs if d.title.startswith("Rentrée"))
    assert french.language == "fr" and "language_given" not in french.meta


def test_json_array(db):
    ingest_fixtures(db, "articles.json")
    assert [d.language for d in documents(db)] == ["es", "it"]


def test_gzip_compressed_text(db, tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress((FIXTURES / "caption_agency_fr.txt").read_bytes()))
    report = ingest(db, [str(path)])
    assert report.added == 1 and not report.problems
    assert documents(db)[0].title == EXPECTED["caption_agency_fr.txt"]["titles"][0]


def write_warc(path, pages, extra_records=True):
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
                )
            )
        if extra_records:
            image = StatusAndHeaders(
                "200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    "https://img.example/a.jpg",
                    "response",
                    payload=io.BytesIO(b"\xff\xd8\xff"),
                    http_headers=image,
                )
            )
            writer.write_record(
                writer.create_warc_record(
                    "https://news.example/", "request", payload=io.BytesIO(b"GET /")
                )
            )


def test_warc_html_responses_become_articles_and_other_records_are_counted(db, tmp_path):
    html = (FIXTURES / "page_en.html").read_text(encoding="utf-8")
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://news.example/hottest-summer", html)])
    report = ingest(db, [str(path)])
    (doc,) = documents(db)
    assert doc.title == EXPECTED["page_en.html"]["titles"][0]
    assert doc.meta["crawled"]
    notes = [p.message for p in report.problems if not p.fatal]
    assert notes == ["skipped non-article records: 1 non-HTML responses, 1 request records"]
    assert not report.failed


def test_truncated_warc_keeps_records_before_the_cut(db, tmp_path):
    html = (FIXTURES / "page_en.html").read_text(encoding="utf-8")
    other = (FIXTURES / "page_malformed.html").read_text(encoding="utf-8")
    full = tmp_path / "full.warc.gz"
    write_warc(
        full,
        [("https://news.example/a", html), ("https://news.example/b", other)],
        extra_records=False,
    )
    data = full.read_bytes()
    cut = tmp_path / "truncated.warc.gz"
    cut.write_bytes(data[: len(data) - 300])
    report = ingest(db, [str(cut)])
    assert report.added == 1
    assert report.failed
    assert "truncated WARC: record 2" in report.problems[0].message


def test_manifest_and_flags_attach_metadata(db, tmp_path):
    (tmp_path / "a.txt").write_bytes((FIXTURES / "wire_original_en.txt").read_bytes())
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,published,language,url\na.txt,Reuters,2024-09-12,,https://r.example/a\n"
    )
    ingest(
        db,
        [str(tmp_path)],
        __import__("newsloom").Settings(manifest=str(tmp_path / "manifest.csv")),
    )
    (doc,) = documents(db)
    assert (doc.outlet, doc.published, doc.url) == ("Reuters", "2024-09-12", "https://r.example/a")


def test_feed_url_is_fetched(db):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(FIXTURES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/feed.rss"
        report = ingest(db, [url, f"http://127.0.0.1:{server.server_port}/missing.rss"])
    finally:
        server.shutdown()
    assert report.added == 3
    assert [p.message for p in report.problems] == ["could not fetch (HTTP 404)"]
    assert {d.source.split(" ")[0] for d in documents(db)} == {url}
