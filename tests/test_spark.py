"""`newsloom spark` on the real engine: pyspark local[2] over WARC.gz, JSON Lines and Parquet
written from the fixtures and the sample corpus, compared with `ingest` of the same input.

Spark starts in 10-20 s, so one session serves the module and the job runs once. Outside CI the
tests skip when pyspark or Java is missing; in CI (CI=1, as .ci/run sets) that is a failure.
"""

import csv
import html
import io
import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom import Database, Settings, ingest, sample
from newsloom.cli import cli
from newsloom.ingest.encoding import decode
from newsloom.records import TABLES

from .conftest import FIXTURES, load_benchmark

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
WIRE = ("wire_original_en.txt", "wire_exact_copy_en.txt", "wire_edited_en.txt",
        "wire_truncated_en.txt")  # fmt: skip


@pytest.fixture(scope="module")
def spark():
    missing = None
    try:
        from newsloom.spark import session
    except ImportError:
        missing = "pyspark is not installed (pip install 'newsloom[spark]')"
    if not missing and not shutil.which("java"):
        missing = "java is missing (apt-get install default-jre-headless)"
    if missing:
        if IN_CI:
            pytest.fail(f"Spark tests must run in CI: {missing}")
        pytest.skip(missing)
    spark = session("local[2]", "newsloom-tests")
    yield spark
    spark.stop()


def html_page(title: str, body: str, row: dict[str, str]) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f'<html lang="{row["language"] or "en"}"><head><title>{html.escape(title)}</title>'
        f'<meta property="article:published_time" content="{row["published"]}">'
        f'<meta property="og:site_name" content="{html.escape(row["outlet"])}"></head>'
        f"<body><nav>Home | World | Markets</nav><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><footer>© All rights reserved</footer></body></html>"
    ).encode()


def write_warc(path: Path) -> None:
    """The sample's plain-text articles as a CC-NEWS-like WARC.gz: a request and an HTML
    response per page, and one PDF response that is not an article."""
    with (sample.manifest()).open(encoding="utf-8") as handle:
        rows = [
            row for row in csv.DictReader(handle) if row["file"] != "concatenated_world_desk.txt"
        ]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for row in rows:
            text = decode((sample.root() / "texts" / row["file"]).read_bytes()).text
            title, _, body = text.strip().partition("\n")
            url = row["url"] or f"https://example.org/{row['file']}"
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            page = io.BytesIO(html_page(title, body, row))
            writer.write_record(
                writer.create_warc_record(url, "response", payload=page, http_headers=headers)
            )
        pdf = StatusAndHeaders("200 OK", [("Content-Type", "application/pdf")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/a.pdf", "response", payload=io.BytesIO(b"%PDF-1.4"), http_headers=pdf))  # fmt: skip


def wire_record(name: str, outlet: str) -> dict:
    title, _, body = (FIXTURES / name).read_text(encoding="utf-8").strip().partition("\n")
    return {"title": title, "text": body.strip(), "outlet": outlet, "published": "2024-09-13"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The same articles for both runs: WARC.gz, JSON Lines (with a broken line) and a table,
    which ingest reads as JSON Lines. The wire story's copies are spread over the files."""
    folder = tmp_path_factory.mktemp("spark-corpus")
    write_warc(folder / "cc-news.warc.gz")
    lines = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    lines += (
        (sample.root() / "jsonl" / "agency_wire.jsonl").read_text(encoding="utf-8").splitlines()
    )
    lines += [json.dumps(wire_record(WIRE[0], "Wire Service"), ensure_ascii=False), "{not json"]
    (folder / "feeds.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [
        wire_record(name, outlet)
        for name, outlet in zip(WIRE[1:], ("Daily", "Post", "Times"), strict=True)
    ]
    pq.write_table(pa.Table.from_pylist(rows), folder / "copies.parquet")
    (folder / "copies.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    return {
        "spark": [str(folder / n) for n in ("cc-news.warc.gz", "feeds.jsonl", "copies.parquet")],
        "ingest": [str(folder / n) for n in ("cc-news.warc.gz", "feeds.jsonl", "copies.jsonl")],
    }


@pytest.fixture(scope="module")
def ingested(corpus) -> dict:
    db = Database(":memory:")
    report = ingest(db, corpus["ingest"], Settings())
    tables = {name: list(records(db)) for name, records in TABLES.items()}
    db.close()
    return tables | {"report": report}


@pytest.fixture(scope="module")
def job(spark, corpus, tmp_path_factory) -> dict:
    from newsloom.spark import run_job

    out = tmp_path_factory.mktemp("spark-out")
    report = run_job(spark, corpus["spark"], str(out), partitions=3)
    tables = {path.name: pq.read_table(path).to_pylist() for path in out.iterdir() if path.is_dir()}
    return tables | {"report": report, "out": str(out)}


def test_articles_entities_and_duplicates_match_ingest(job, ingested):
    assert {a["id"] for a in job["articles"]} == {a["id"] for a in ingested["articles"]}
    assert len(job["articles"]) == len(ingested["articles"]) >= 30
    assert {e["id"] for e in job["entities"]} == {e["id"] for e in ingested["entities"]}
    assert len(job["mentions"]) == len(ingested["mentions"])
    assert {a["language"] for a in job["articles"]} >= {"en", "de", "fr", "es", "el", "ru"}
    copies = {a["id"]: a["duplicate_of"] for a in job["articles"] if a["duplicate_of"]}
    assert copies == {a["id"]: a["duplicate_of"] for a in ingested["articles"] if a["duplicate_of"]}
    # the wire story's exact, edited and truncated copies, read from other files and partitions
    assert max(list(copies.values()).count(original) for original in copies.values()) == 3
    assert {d["article_id"]: d["duplicate_of"] for d in job["duplicates"]} == copies
    assert job["report"].duplicates == ingested["report"].duplicates


def test_stories_agree_with_ingest(job, ingested):
    bcubed = load_benchmark("stories_eval").bcubed
    spark_stories = {a: s["id"] for s in job["stories"] for a in s["article_ids"]}
    ingest_stories = {a: s["id"] for s in ingested["stories"] for a in s["article_ids"]}
    assert spark_stories.keys() == ingest_stories.keys()
    assert bcubed(spark_stories, ingest_stories)[2] >= 0.95


def test_bad_records_are_problems_not_failures(job, ingested):
    problems = {Path(p["source"]).name: (p["message"], p["fatal"]) for p in job["problems"]}
    assert problems.keys() == {"cc-news.warc.gz", "feeds.jsonl:3", "feeds.jsonl:11"}
    assert (
        problems["feeds.jsonl:11"][0].startswith("invalid JSON") and problems["feeds.jsonl:11"][1]
    )
    notes = "skipped non-article records: 1 non-HTML responses, 21 request records"
    assert problems["cc-news.warc.gz"] == (notes, False)
    assert len(job["problems"]) == len(ingested["report"].problems)


def test_load_gives_ingest_ids_and_the_cli_reads_them(job, spark, ingested, tmp_path):
    from newsloom.spark import load

    path = str(tmp_path / "news.db")
    report = load(spark, job["out"], Database(path))
    assert (report.added, report.duplicates) == (
        len(ingested["articles"]),
        ingested["report"].duplicates,
    )
    runner = CliRunner()
    shown = json.loads(
        runner.invoke(cli, ["articles", "--db", path, "--json", "--limit", "500"]).output
    )
    assert [a["id"] for a in shown] == [a["id"] for a in ingested["articles"]]
    stories = json.loads(runner.invoke(cli, ["stories", "--db", path, "--json"]).output)
    assert {s["id"] for s in stories} == {s["id"] for s in ingested["stories"]}
    entities = json.loads(
        runner.invoke(cli, ["entities", "--db", path, "--json", "--limit", "1000"]).output
    )
    assert {e["id"] for e in entities} <= {e["id"] for e in ingested["entities"]}
    assert len(entities) > 20


def test_load_into_postgresql_gives_ingest_ids(job, spark, ingested, postgres_url):
    from newsloom.spark import load

    report = load(spark, job["out"], Database(postgres_url))
    assert report.added == len(ingested["articles"])
    arguments = ["articles", "--db", postgres_url, "--json", "--limit", "500"]
    shown = json.loads(CliRunner().invoke(cli, arguments).output)
    assert [a["id"] for a in shown] == [a["id"] for a in ingested["articles"]]


def test_a_fuller_copy_becomes_the_original_as_in_ingest():
    """A truncated wire story arrives first, the full one second, an exact copy of the
    truncated one third: the full story takes over the group, as ingest's Deduplicator does."""
    from newsloom.spark.dedup import Facts, settle

    facts = {
        0: Facts("truncated", "hash-short", "2024-09-13", 120),
        1: Facts("full", "hash-full", "2024-09-13", 200),
        2: Facts("copy", "hash-short", "2024-09-13", 120),
    }
    verdicts = settle(facts, exact_of={2: 0}, near_of={1: 0})
    assert verdicts.at_arrival == {1: (None, None, "truncated"), 2: ("full", "exact", None)}
    assert verdicts.final == {"truncated": ("full", "near"), "copy": ("full", "exact")}
    assert verdicts.duplicates == 2


def test_storage_urls_are_handed_to_spark(spark, corpus, tmp_path):
    """Object storage is read through Spark's file systems: file:// URLs take that path here."""
    from newsloom.spark import run_job

    urls = [Path(path).as_uri() for path in corpus["spark"][1:]]  # JSON Lines and Parquet
    report = run_job(spark, urls, str(tmp_path / "out"), partitions=2)
    db = Database(":memory:")
    ingested = ingest(db, corpus["ingest"][1:], Settings())
    stored = {row["id"] for row in db.article_rows()}
    read = {row["id"] for row in pq.read_table(tmp_path / "out" / "articles").to_pylist()}
    assert read == stored and report.duplicates == ingested.duplicates == 3
