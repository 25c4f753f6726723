"""Property-based fuzzing of every reader and of cleaning, plus the odd inputs one at a time.

Whatever the bytes and whatever the file name, an ingest ends normally: no exception escapes,
every problem is one line naming its input, and good files in the same batch are stored. The
example budget is small and fixed here (CI); NEWSLOOM_FUZZ_EXAMPLES raises it for the long run
in benchmarks/fuzz_readers.py.
"""

import gzip
import io
import os
import time
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom import Database, Settings, ingest
from newsloom.ingest.base import RawArticle
from newsloom.ingest.clean import clean

from .conftest import FIXTURES

EXAMPLES = int(os.environ.get("NEWSLOOM_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="NEWSLOOM_FUZZ_EXAMPLES" not in os.environ,  # CI runs the same examples each time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Analysis is not what is fuzzed here: the language step alone reads the text.
READ_ONLY = Settings(pipeline=("language",), stories=None, file_time_limit=20)
GOOD = "caption_agency_fr.txt"
SUFFIXES = [".txt", ".html", ".rss", ".atom", ".xml", ".json", ".jsonl", ".warc", "", ".txt.gz",
            ".jsonl.gz", ".warc.gz", ".html.gz"]  # fmt: skip


def warc_bytes(html: bytes) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://news.example/a", "response", payload=io.BytesIO(html), http_headers=headers
    )
    writer.write_record(record)
    return buffer.getvalue()


SEEDS = {
    ".txt": (FIXTURES / "greek_cp1253_crlf.txt").read_bytes(),
    ".html": (FIXTURES / "page_malformed.html").read_bytes(),
    ".rss": (FIXTURES / "feed.rss").read_bytes(),
    ".atom": (FIXTURES / "feed.atom").read_bytes(),
    ".json": (FIXTURES / "articles.json").read_bytes(),
    ".jsonl": (FIXTURES / "articles.jsonl").read_bytes(),
    ".warc": warc_bytes((FIXTURES / "page_en.html").read_bytes()),
}
SEEDS[".xml"] = SEEDS[".rss"]


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """A seed file with a few byte-level mutations: flips, cuts, insertions, repeats."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 400))] * draw(st.integers(2, 30))
        else:
            del data[at:]
    return bytes(data)


INSERTS = [b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"<", b"]]>", b"{", b'"\\ud800"',
           b"\r", b"\n\n\n", b"<div>" * 300, b"[" * 2000, b"&#xD800;", b"\x1b[31m", "\u2028".encode(),
           b"<!ENTITY a 'aaaa'>", b"Content-Length: 999999\r\n", b"WARC/1.0\r\n"]  # fmt: skip


def any_input():
    """A name ending in any suffix, with content made for it, for another format, or random."""
    seeded = st.sampled_from(sorted(SEEDS)).flatmap(lambda s: mutated(SEEDS[s]))
    return st.tuples(st.sampled_from(SUFFIXES), st.one_of(seeded, st.binary(max_size=3000)))


def check_report(report, names: list[str]) -> None:
    for problem in report.problems:
        assert "\n" not in str(problem) and "Traceback" not in problem.message, problem
        assert any(problem.source.startswith(name) for name in names), problem
    assert report.failed == any(p.fatal for p in report.problems)


def write_input(folder, suffix: str, data: bytes, number: int = 0) -> str:
    if suffix.endswith(".gz"):
        data = gzip.compress(data, 1)
    path = folder / f"fuzz{number}{suffix}"
    path.write_bytes(data)
    return str(path)


@FUZZ
@given(inputs=st.lists(any_input(), min_size=1, max_size=4))
def test_any_bytes_under_any_name_end_in_articles_or_one_line_problems(tmp_path, inputs):
    folder = tmp_path / str(time.monotonic_ns())
    folder.mkdir()
    paths = [write_input(folder, suffix, data, n) for n, (suffix, data) in enumerate(inputs)]
    good = str(FIXTURES / GOOD)
    db = Database(":memory:")
    report = ingest(db, [*paths, good], READ_ONLY)  # no exception escapes
    check_report(report, [*paths, good])
    stored = {row[0] for row in db.conn.execute("SELECT source FROM articles")}
    assert good in stored  # the good file after the bad ones is still stored
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


@FUZZ
@given(
    title=st.none() | st.text(max_size=200),
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=3000),
    splittable=st.booleans(),
)
def test_cleaning_any_text_gives_documents_with_consistent_offsets(title, text, splittable):
    raw = RawArticle(source="fuzz", raw=text, title=title, splittable=splittable)
    for doc in clean(raw):
        assert 0 <= doc.body_start <= len(doc.text)
        for paragraph in doc.paragraphs:
            assert 0 <= paragraph.start <= paragraph.end <= len(doc.text)


@FUZZ
@given(record=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
))  # fmt: skip
def test_json_lines_with_any_values_in_any_field(tmp_path, record):
    import json

    lines = [json.dumps(record), json.dumps({"text": record, "title": record, "id": record})]
    lines.append(json.dumps({"text": "Ο δήμαρχος μίλησε για τη νέα γέφυρα στη Θεσσαλονίκη."}))
    path = tmp_path / f"fuzz{time.monotonic_ns()}.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    db = Database(":memory:")
    report = ingest(db, [str(path)], READ_ONLY)
    check_report(report, [str(path)])
    assert report.added >= 1
    db.close()


# The odd inputs, one at a time, with the message each must give.


def ingest_one(tmp_path, name: str, data: bytes, **options):
    path = tmp_path / name
    path.write_bytes(data)
    good = str(FIXTURES / GOOD)
    db = Database(":memory:")
    report = ingest(db, [str(path), good], Settings(stories=None, **options))
    check_report(report, [str(path), good])
    assert report.added >= 1  # the good file after it
    messages = [p.message for p in report.problems if p.source.startswith(str(path))]
    db.close()
    return messages


def gzip_bomb(size: int, fill: bytes = b"\0") -> bytes:
    compressor = zlib.compressobj(9, wbits=31)  # gzip framing
    block = fill * 2**20
    parts = [compressor.compress(block) for _ in range(size // 2**20)]
    return b"".join(parts) + compressor.flush()


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.warc.gz", "bomb.html.gz"])
def test_gzip_bombs_are_refused_without_inflating_them(tmp_path, name):
    limit = 4 * 2**20
    messages = ingest_one(tmp_path, name, gzip_bomb(64 * 2**20), max_file_bytes=limit)
    assert len(messages) == 1
    assert any(
        words in messages[0]
        for words in ("larger than the 4 MB limit", "line longer than", "without a line break")
    ), messages


def test_billion_laughs_in_a_feed_are_not_expanded(tmp_path):
    entities = "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i else "lol") * 10}">' for i in range(10)
    )
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>Laughs</title><item><title>&lol9;</title><description>The port reopened on "
        "Monday after the storm, officials said. &lol9;</description></item></channel></rss>"
    )
    started = time.monotonic()
    ingest_one(tmp_path, "laughs.rss", feed.encode())
    assert time.monotonic() - started < 10


def warc_with_length(length: bytes) -> bytes:
    body = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>"
        + b"The ferry workers' union called a strike for Monday in Piraeus, officials said. " * 4
        + b"</p></article></body></html>"
    )
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/a\r\n"
        b"WARC-Record-ID: <urn:uuid:6a1f0c3e-0000-4000-8000-000000000001>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
        + length
        + b"\r\n\r\n"
        + body
        + b"\r\n\r\n"
    ) * 2


@pytest.mark.parametrize("length", [b"99999999999", b"12", b"-5", b"many"])
def test_warc_with_a_lying_content_length(tmp_path, length):
    messages = ingest_one(tmp_path, "lying.warc", warc_with_length(length))
    assert any("WARC" in m for m in messages), messages


def test_json_nested_past_the_parser_depth(tmp_path):
    assert ingest_one(tmp_path, "deep.json", b"[" * 100_000) == [
        "invalid JSON (nested deeper than 1000 levels)"
    ]
    deep_line = b'{"text": "a"}\n{"text": ' + b"[" * 100_000 + b"\n"
    assert ingest_one(tmp_path, "deep.jsonl", deep_line) == [
        "invalid JSON (nested deeper than 1000 levels)"
    ]


def test_deeply_nested_html_is_read_or_refused(tmp_path):
    page = b"<html><body>" + b"<div><span>" * 20_000 + b"Storm closes the port." + b"</div>" * 100
    messages = ingest_one(tmp_path, "deep.html", page)
    assert messages in ([], ["no article text found in the HTML page"]), messages


def test_json_lines_with_non_object_lines(tmp_path):
    lines = b'1\n"text"\nnull\n[1, 2]\n{"text": 5}\n{"text": "The port reopened on Monday."}\n'
    messages = ingest_one(tmp_path, "mixed.jsonl", lines)
    assert messages == [
        "expected a JSON object, found int",
        "expected a JSON object, found str",
        "expected a JSON object, found NoneType",
        "expected a JSON object, found list",
        "no 'text' field with article text",
    ]


def test_huge_single_line_is_skipped_with_bounded_memory(tmp_path):
    line = b'{"text": "' + b"a" * (3 * 2**20) + b'"}\n{"text": "The port reopened."}\n'
    messages = ingest_one(tmp_path, "long.jsonl", line, max_file_bytes=2**20)
    assert messages == ["line longer than the file size limit, skipped"]


def test_a_file_past_the_time_limit_is_stopped_and_tried_again_next_time(tmp_path, monkeypatch):
    from newsloom.analyze import sentences

    original = sentences.split_sentences

    def slow(text, language):
        if "Glacier" in text:
            time.sleep(120)
        return original(text, language)

    monkeypatch.setattr(sentences, "split_sentences", slow)
    slow_file = tmp_path / "slow.txt"
    slow_file.write_text("Glacier melt\n\nThe glacier lost a record amount of ice this summer.\n")
    good = str(FIXTURES / GOOD)
    db = Database(":memory:")
    started = time.monotonic()
    report = ingest(db, [str(slow_file), good], Settings(stories=None, file_time_limit=0.5))
    assert time.monotonic() - started < 60  # the sleep was interrupted (loading takes the rest)
    assert [p.message for p in report.problems] == [
        "stopped after the 0.5 s time limit for one input, 0 articles stored from it "
        "(raise --file-time-limit)"
    ]
    assert report.added == 1 and report.failed
    monkeypatch.undo()
    again = ingest(db, [str(slow_file), good], Settings(stories=None))
    assert again.added == 1 and again.inputs_unchanged == 1  # the slow file, this time


def test_storing_an_article_is_never_interrupted_by_the_time_limit():
    from newsloom.ingest.deadline import Deadline, TimeLimitExceeded

    steps = []
    with pytest.raises(TimeLimitExceeded), Deadline(0.2) as deadline:
        with deadline.paused():
            time.sleep(0.5)  # the timer fires here and is set again to the time left
            steps.append("all rows written")
        assert not deadline.expired  # storing did not count against the limit
        steps.append("after the article")
        time.sleep(1)  # reading again: the rest of the limit runs out
        steps.append("never reached")
    assert steps == ["all rows written", "after the article"]


def test_symlink_loops_end(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_bytes((FIXTURES / GOOD).read_bytes())
    (folder / "up").symlink_to("..")
    (folder / "self.txt").symlink_to("self.txt")
    db = Database(":memory:")
    report = ingest(db, [str(folder), str(folder / "self.txt")], Settings(follow_symlinks=True))
    assert report.added == 1
    messages = sorted(p.message for p in report.problems)
    assert messages[0] == "broken or looping symbolic link"
    assert messages[1].startswith("cannot read (Too many levels of symbolic links")


def test_unreadable_files_and_folders(tmp_path, monkeypatch):
    """Permissions do not stop root, so the refusal is simulated where the file is opened."""
    from pathlib import Path

    secret, locked = tmp_path / "secret.txt", tmp_path / "locked"
    secret.write_text("Nothing to see.")
    locked.mkdir()
    (locked / "inside.txt").write_text("Nothing here either.")
    real_open, real_scandir = Path.open, os.scandir

    def refuse_open(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    def refuse_scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(Path, "open", refuse_open)
    monkeypatch.setattr(os, "scandir", refuse_scandir)
    (tmp_path / "story.txt").write_bytes((FIXTURES / GOOD).read_bytes())
    report = ingest(Database(":memory:"), [str(tmp_path)], READ_ONLY)
    found = {p.source.rsplit("/", 1)[-1]: p.message for p in report.problems}
    assert found == {"locked": "cannot list folder (Permission denied)",
                     "secret.txt": "cannot read (Permission denied)"}  # fmt: skip
    assert report.added == 1 and report.failed


def test_odd_file_names_are_stored_and_reported_on_one_line(tmp_path):
    folder = os.fsencode(tmp_path)
    text = (FIXTURES / GOOD).read_bytes()
    names = [b"line\nbreak.txt", b"bad\xff\xfebytes.txt", b"tab\there.txt", b"-dash.txt",
             "Ελληνικά νέα.txt".encode(), b"x" * 200 + b".txt"]  # fmt: skip
    for number, name in enumerate(names):
        with open(folder + b"/" + name, "wb") as handle:
            handle.write(text.replace(b"Barnier", b"Barnier" + str(number).encode()))
    with open(folder + b"/empty\nfile.txt", "wb"):
        pass
    db = Database(str(tmp_path / "news.db"))
    report = ingest(db, [str(tmp_path)], READ_ONLY)
    assert report.added == len(names)
    (problem,) = report.problems
    assert str(problem).endswith("empty\\nfile.txt: empty file")
    sources = [row[0] for row in db.conn.execute("SELECT source FROM articles")]
    assert any("bad\ufffd\ufffdbytes.txt" in s for s in sources)
    assert all("\n" not in s for s in sources)


def test_many_tiny_files_in_one_folder(tmp_path):
    """1,000 here; benchmarks/fuzz_readers.py runs 20,000."""
    for number in range(1000):
        (tmp_path / f"{number:05}.txt").write_text(f"Brief {number}\n\nThe port is open.\n")
    report = ingest(Database(":memory:"), [str(tmp_path)], READ_ONLY)
    assert report.inputs == 1000 and not report.failed
    assert report.added == 1000  # every one stored


def test_lone_surrogates_from_json_become_replacement_characters(tmp_path):
    line = b'{"text": "The union \\ud800 called a strike for Monday.", "title": "Strike \\udfff"}'
    path = tmp_path / "surrogates.jsonl"
    path.write_bytes(line)
    db = Database(":memory:")
    report = ingest(db, [str(path)], Settings(stories=None))
    assert report.added == 1 and not report.problems
    (title,) = db.conn.execute("SELECT title FROM articles").fetchone()
    assert title == "Strike \ufffd"
