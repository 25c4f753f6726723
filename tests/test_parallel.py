"""Ingest with worker processes stores exactly what a single process stores."""

import json
import shutil
import sqlite3
import sys
import time
from dataclasses import replace

import pytest
from click.testing import CliRunner

from newsloom import Database, Settings, sample
from newsloom.analyze.claims import Claims
from newsloom.cli import cli
from newsloom.ingest import Ingester
from newsloom.ingest.analysis import InProcess, WorkerPool

from .conftest import FIXTURES

# Wire copies (duplicates to link), a file of three articles, encodings, a feed, an empty
# file and a binary one (problems), hostile markup: every path through the writer.
FIXTURE_INPUTS = ("wire_original_en.txt", "wire_edited_en.txt", "wire_exact_copy_en.txt",
                  "wire_truncated_en.txt", "concatenated_three.txt", "greek_cp1253_crlf.txt",
                  "russian_koi8r.txt", "feed.rss", "empty.txt", "binary.txt", "hostile.jsonl",
                  "missiles.jsonl")  # fmt: skip
NOT_COMPARED = {"ingested_at"}  # the clock, not the content


def inputs(tmp_path) -> list[str]:
    """The sample corpus, the fixtures, and one fixture again under another name."""
    again = tmp_path / "copy_of_wire_original.txt"
    shutil.copy(FIXTURES / "wire_original_en.txt", again)
    return [str(sample.root()), *(str(FIXTURES / name) for name in FIXTURE_INPUTS), str(again)]


def ingest_with(path, arguments: list[str], workers: int) -> tuple[Ingester, Database]:
    db = Database(path)
    ingester = Ingester(db, Settings(manifest=str(sample.manifest()), workers=workers))
    ingester.run(arguments)
    return ingester, db


def table_rows(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table (search index included) in storage order."""
    tables = [row[0] for row in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]  # fmt: skip
    found = {}
    for table in tables:
        columns = [row[1] for row in db.conn.execute(f"PRAGMA table_info({table})")]
        kept = ", ".join(f'"{c}"' for c in columns if c not in NOT_COMPARED)
        try:
            rows = db.conn.execute(f"SELECT {kept} FROM {table} ORDER BY rowid").fetchall()
            found[table] = [tuple(row) for row in rows]
        except sqlite3.OperationalError:  # WITHOUT ROWID tables: by content
            rows = db.conn.execute(f"SELECT {kept} FROM {table}").fetchall()
            found[table] = sorted((tuple(row) for row in rows), key=repr)
    return found


@pytest.fixture
def small_chunks(monkeypatch):
    """Start the pool at the first article and send two articles a chunk, so that chunks mix
    articles of one input and the writer waits on workers all the time."""
    ingest_module = sys.modules[Ingester.__module__]  # `newsloom.ingest` is also a function
    monkeypatch.setattr(ingest_module, "PARALLEL_AFTER", 0)
    monkeypatch.setattr(ingest_module, "CHUNK_ARTICLES", 2)


def test_two_workers_store_what_one_process_stores(tmp_path, small_chunks):
    arguments = inputs(tmp_path)
    single, single_db = ingest_with(tmp_path / "single.db", arguments, workers=1)
    pooled, pooled_db = ingest_with(tmp_path / "pooled.db", arguments, workers=2)
    assert isinstance(single.analysis, InProcess)
    assert isinstance(pooled.analysis, WorkerPool)

    assert pooled.report == single.report
    assert single.report.added > 40 and single.report.duplicates >= 3
    assert single.report.inputs_unchanged >= 1  # the copied file at least
    assert any(p.fatal for p in single.report.problems)  # the empty and the binary file
    single_rows, pooled_rows = table_rows(single_db), table_rows(pooled_db)
    assert single_rows["stories"] and single_rows["mentions"] and single_rows["events"]
    for table, rows in single_rows.items():
        assert pooled_rows[table] == rows, table


def test_a_small_ingest_stays_in_process(db):
    ingester = Ingester(db, Settings(workers=4))
    ingester.run([str(FIXTURES / "concatenated_three.txt")])
    assert ingester.report.added == 3
    assert isinstance(ingester.analysis, InProcess)


def test_a_broken_article_in_a_worker_is_a_problem_and_the_rest_go_on(
    tmp_path, small_chunks, monkeypatch
):
    def fail_on_greek(doc):
        if doc.language == "el":
            raise ValueError("no Greek today")
        return doc

    # workers are forked on Linux, so they run the patched component
    monkeypatch.setattr(Claims, "__call__", lambda self, doc: fail_on_greek(doc))
    ingester, _ = ingest_with(tmp_path / "news.db", [str(sample.root())], workers=2)
    failed = [p for p in ingester.report.problems if "no Greek today" in p.message]
    assert failed and all("ValueError" in p.message for p in failed)
    assert ingester.report.added > 20


def test_the_time_limit_is_on_reading_not_on_analysis_in_workers(
    tmp_path, small_chunks, monkeypatch
):
    analyse_claims = Claims.__call__

    def slow_claims(self, doc):
        time.sleep(0.5)
        return analyse_claims(self, doc)

    monkeypatch.setattr(Claims, "__call__", slow_claims)
    settings = Settings(workers=2, file_time_limit=0.3, stories=None)
    reports = {}
    for workers in (1, 2):
        ingester = Ingester(Database(str(tmp_path / f"news-{workers}.db")),
                            replace(settings, workers=workers))  # fmt: skip
        reports[workers] = ingester.run([str(FIXTURES / "missiles.jsonl")])
    assert [p.message for p in reports[1].problems] == [
        "stopped after the 0.3 s time limit for one input, 0 articles stored from it "
        "(raise --file-time-limit)"
    ]
    assert reports[2].problems == [] and reports[2].added == 4


def test_cli_workers_option_reaches_the_ingest(tmp_path, small_chunks, monkeypatch):
    started = []

    class CountedPool(WorkerPool):
        def __init__(self, settings, debug, workers):
            started.append(workers)
            super().__init__(settings, debug, workers)

    monkeypatch.setattr(sys.modules[Ingester.__module__], "WorkerPool", CountedPool)
    arguments = [str(FIXTURES / "concatenated_three.txt"), str(FIXTURES / "feed.rss")]
    listings = []
    for workers in ("1", "3"):
        path = str(tmp_path / f"news-{workers}.db")
        result = CliRunner().invoke(cli, ["ingest", *arguments, "--db", path, "--workers", workers])
        assert result.exit_code == 0, result.output
        listings.append(
            json.loads(CliRunner().invoke(cli, ["articles", "--db", path, "--json"]).output)
        )
    assert started == [3]
    assert listings[0] == listings[1] and len(listings[0]) == 6
