"""`newsloom check`: a store whose derived tables agree with its articles passes; each kind of
disagreement is named with examples and makes the command exit 1."""

import json

import pytest
from click.testing import CliRunner

from newsloom import Database, ingest
from newsloom.cli import cli
from newsloom.store.check import CHECKS, check_store, orphans

from .conftest import FIXTURES


@pytest.fixture
def store(tmp_path) -> str:
    path = str(tmp_path / "news.db")
    db = Database(path)
    ingest(db, [str(FIXTURES / "missiles.jsonl"), str(FIXTURES / "articles.jsonl")])
    db.close()
    return path


def run_check(path: str):
    return CliRunner().invoke(cli, ["check", "--db", path])


def damage(path: str, *statements: str) -> None:
    db = Database(path)
    db.conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        db.conn.execute(statement)
    db.close()


def test_a_fresh_store_passes_every_check(store):
    result = run_check(store)
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output and "error" not in result.output
    findings = check_store(Database(store))
    sqlite_checks = [c for c in CHECKS if c.engine in (None, "sqlite")]
    assert len(findings) == len(sqlite_checks) + 1 and all(f.ok for f in findings)


def test_an_article_deleted_under_its_derived_rows_is_found_everywhere(store):
    damage(store, "DELETE FROM articles WHERE rowid = (SELECT min(rowid) FROM articles)")
    result = run_check(store)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    tables = {line.split(":")[1].strip() for line in errors}
    assert {"mentions", "quotes", "claims", "article_search", "minhash_bands"} <= tables
    assert "story_articles" in tables and "rows whose article is missing" in result.output


@pytest.mark.parametrize(
    "statement, expected",
    [
        ("UPDATE entity_stats SET mentions = mentions + 1 WHERE entity_id IN "
         "(SELECT entity_id FROM entity_stats LIMIT 1)", "entity_stats: 1 entities whose article"),
        ("UPDATE stories SET articles = articles + 2 WHERE rowid IN (SELECT rowid FROM stories "
         "LIMIT 1)", "stories: 1 stories whose member count differs"),
        ("UPDATE mentions SET \"end\" = 10000000 WHERE rowid = 1",
         "mentions: 1 rows whose offsets (start, end) are outside"),
        ("INSERT INTO article_search (rowid, title, text) VALUES (987654, 'x', 'y')",
         "article_search: 1 index entries whose article is missing (e.g. 987654)"),
        ("UPDATE claims SET quote_id = 'nowhere' WHERE rowid IN (SELECT rowid FROM claims "
         "LIMIT 1)", "claims: 1 claims pointing at a quote that does not exist"),
        ("UPDATE outlet_quote_stats SET quotes = 0", "outlet_quote_stats: "),
        ("UPDATE events SET quote_id = 'nowhere' WHERE rowid IN (SELECT rowid FROM events "
         "LIMIT 1)", "events: 1 events pointing at a quote that does not exist"),
        ("DELETE FROM events WHERE id IN (SELECT event_id FROM event_entities LIMIT 1)",
         "event_entities: "),
        ("UPDATE claims SET event_id = 'nowhere' WHERE rowid IN (SELECT rowid FROM claims "
         "LIMIT 1)", "claims: 1 claims asserting an event that does not exist"),
        ("UPDATE events SET trigger_end = 10000000 WHERE rowid = 1",
         "events: 1 rows whose offsets (trigger_start, trigger_end) are outside"),
        ("UPDATE timexes SET article_id = 'gone' WHERE rowid = 1",
         "timexes: 1 rows whose article is missing"),
        ("UPDATE places SET \"end\" = 10000000 WHERE rowid = 1",
         "places: 1 rows whose offsets (start, end) are outside"),
    ],
)  # fmt: skip
def test_each_kind_of_disagreement_is_named(store, statement, expected):
    damage(store, statement)
    result = run_check(store)
    assert result.exit_code == 1
    assert expected in result.output, result.output


def test_json_output_and_unclustered_articles_are_a_note(store):
    damage(store, "DELETE FROM story_articles WHERE rowid IN (SELECT rowid FROM story_articles "
                  "LIMIT 1)", "UPDATE stories SET articles = (SELECT count(*) FROM "
                  "story_articles m WHERE m.story_id = stories.id)")  # fmt: skip
    result = CliRunner().invoke(cli, ["check", "--db", store, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["unclustered_articles"] == 1
    assert all(c["rows"] == 0 for c in report["checks"])


def test_a_new_derived_table_is_one_line(store):
    damage(
        store,
        'CREATE TABLE sentiments (id TEXT PRIMARY KEY, article_id TEXT, start INT, "end" INT)',
        "INSERT INTO sentiments VALUES ('s1', 'gone', 0, 5)",
    )
    findings = check_store(Database(store), (*CHECKS, orphans("sentiments")))
    (bad,) = [f for f in findings if not f.ok]
    assert str(bad) == (
        "error: sentiments: 1 rows whose article is missing (article_id not in articles.id) "
        "(e.g. gone)"
    )
