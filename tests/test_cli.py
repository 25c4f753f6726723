"""The command line: a thin layer, with JSON for every listing and no tracebacks."""

import csv
import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsloom.cli import cli

from .conftest import FIXTURES


def run(*args, input=None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


@pytest.fixture
def news_db(tmp_path):
    path = str(tmp_path / "news.db")
    result = run(
        "ingest", str(FIXTURES / "concatenated_three.txt"), str(FIXTURES / "feed.rss"), "--db", path
    )
    assert result.exit_code == 0, result.output
    return path


def test_ingest_reports_and_reingest_says_nothing_new(news_db):
    result = run("ingest", str(FIXTURES / "concatenated_three.txt"), "--db", news_db)
    assert "0 new articles" in result.output
    assert "1 inputs unchanged" in result.output


def test_articles_table_and_json(news_db):
    table = run("articles", "--db", news_db)
    assert "Hurricane Francine" in table.output and "6 of 6 articles" in table.output
    rows = json.loads(run("articles", "--db", news_db, "--json").output)
    assert len(rows) == 6
    assert {"id", "outlet", "published", "language", "title", "words", "duplicate_of"} <= set(
        rows[0]
    )
    greek = json.loads(run("articles", "--db", news_db, "--json", "--language", "el").output)
    assert [r["language"] for r in greek] == ["el"]


def test_show_makes_removed_lines_visible(news_db):
    rows = json.loads(run("articles", "--db", news_db, "--json").output)
    first = rows[0]["id"][:8]
    shown = run("show", first, "--db", news_db).output
    assert "Removed by cleaning" in shown and "repeated headline" in shown and "tag line" in shown
    raw = run("show", first, "--db", news_db, "--raw").output
    assert "← caption" in raw
    record = json.loads(run("show", first, "--db", news_db, "--json").output)
    assert record["id"].startswith(first)


def test_show_unknown_id_is_a_clear_error(news_db):
    result = run("show", "zzzz", "--db", news_db)
    assert result.exit_code == 1
    assert "no article with id 'zzzz'" in result.output


def test_missing_database_is_a_clear_error(tmp_path):
    result = run("articles", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1 and "no database at" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_formats_hold_the_same_records(news_db, tmp_path, fmt):
    out = tmp_path / "out"
    result = run("export", "--db", news_db, "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    path = out / f"articles.{fmt}"
    if fmt == "jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert records[0]["sentences"] and records[0]["text"]
    elif fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
        assert json.loads(records[0]["sentences"])
    else:
        records = pq.read_table(path).to_pylist()
        assert records[0]["sentences"][0]["end"] > 0
    assert len(records) == 6
    assert not list(out.glob(".*partial"))


def test_analyze_json_has_the_same_record_shape_as_export(news_db, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsloom", "analyze", str(FIXTURES / "feed.rss"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    analyzed = json.loads(result.stdout)
    run("export", "--db", news_db, "--out", str(tmp_path / "out"))
    exported = [
        json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text().splitlines()
    ]
    assert set(analyzed) == {
        "articles",
        "entities",
        "mentions",
        "quotes",
        "claims",
        "events",
        "timexes",
        "places",
        "stories",
        "problems",
    }
    assert set(analyzed["articles"][0]) == set(exported[0])
    by_id = {r["id"]: r for r in exported}
    for record in analyzed["articles"]:
        assert by_id[record["id"]]["text"] == record["text"]


def test_stdin_ingest_with_flags(tmp_path):
    path = str(tmp_path / "news.db")
    text = (FIXTURES / "caption_agency_fr.txt").read_bytes()
    result = run(
        "ingest", "-", "--db", path, "--outlet", "Le Monde", "--published", "2024-09-05", input=text
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("articles", "--db", path, "--json").output)
    assert (row["outlet"], row["published"], row["language"]) == ("Le Monde", "2024-09-05", "fr")


def test_failures_set_the_exit_code_without_a_traceback(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsloom",
            "ingest",
            str(FIXTURES / "binary.txt"),
            "--db",
            str(tmp_path / "x.db"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "binary.txt: binary content, not text" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_runs_on_the_bundled_corpus():
    result = subprocess.run(
        [sys.executable, "-m", "newsloom", "demo"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert "languages:" in result.stdout
    assert "(exact)" in result.stdout and "(near)" in result.stdout


def test_bad_dates_in_flags_and_manifests_are_refused(tmp_path):
    path = str(tmp_path / "news.db")
    story = str(FIXTURES / "caption_agency_fr.txt")
    result = run("ingest", story, "--db", path, "--published", "yesterday")
    assert result.exit_code == 2 and "is not a date in the form YYYY-MM-DD" in result.output
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,outlet,published\ncaption_agency_fr.txt,Le Monde,soon\n")
    result = run("ingest", story, "--db", path, "--manifest", str(manifest))
    assert result.exit_code == 1 and f"{manifest}:2: 'soon' is not a date" in result.output


def test_analyze_prints_entities_quotes_and_events_of_each_article():
    wide = {"COLUMNS": "200"}  # cells unwrapped
    result = CliRunner().invoke(cli, ["analyze", str(FIXTURES / "sudan_bridge_en.txt")], env=wide)
    assert result.exit_code == 0
    words = set(result.output.replace("│", " ").split())
    assert {"Rapid", "Support", "Forces", "Nyala", "LOC", "ORG", "PER"} <= words  # entities
    assert {"diplomatic", "sources", "(anonymous)", "direct", "indirect"} <= words  # quotes
    assert {"ASSAULT", "(occupy):", "recaptured", "expected", "denied"} <= words  # events
