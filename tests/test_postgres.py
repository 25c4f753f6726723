"""The PostgreSQL store against a real server (tests/postgres.py): the same records, pages, API
answers, search and CLI output as the SQLite store, and concurrent ingests into one database."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsloom import Database, ingest, sample
from newsloom.cli import cli
from newsloom.records import TABLES
from newsloom.store.backends import dialect_sql, migrations, postgres_schema
from newsloom.store.check import check_store
from newsloom.store.postgres import translate
from newsloom.web import create_app

from .conftest import FIXTURES


def test_translation_of_the_sqlite_dialect():
    assert translate("INSERT OR IGNORE INTO entity_keys VALUES (?, ?)") == (
        "INSERT INTO entity_keys VALUES (%s, %s) ON CONFLICT DO NOTHING"
    )
    # NULLs sort first as in SQLite, inside windows too; literals and comments are left be.
    assert translate(
        "SELECT ifnull(a, 'x?%') FROM t INDEXED BY t_a WHERE +b IS NULL AND c = :c -- why?\n"
        " ORDER BY a DESC, CASE d WHEN 'en' THEN 0 END LIMIT :limit"
    ) == (
        "SELECT coalesce(a, 'x?%%') FROM t WHERE b IS NULL AND c = %(c)s -- why?\n"
        " ORDER BY a DESC NULLS LAST, CASE d WHEN 'en' THEN 0 END NULLS FIRST"
        " LIMIT nullif(%(limit)s, -1)"
    )
    assert translate("SELECT rank() OVER (PARTITION BY o ORDER BY q DESC, n) FROM r") == (
        "SELECT rank() OVER (PARTITION BY o ORDER BY q DESC NULLS LAST, n NULLS FIRST) FROM r"
    )


def test_shared_migration_sql_on_postgresql():
    shared = """-- a comment
CREATE TABLE story_df (feature TEXT PRIMARY KEY, df INTEGER NOT NULL, w REAL) WITHOUT ROWID;
CREATE INDEX latest ON articles(ifnull(published, ''), duplicate_of) WHERE words > 0;"""
    assert postgres_schema(shared) == (
        'CREATE TABLE story_df (feature TEXT COLLATE "C" PRIMARY KEY, df BIGINT NOT NULL,'
        " w DOUBLE PRECISION);\n"
        "CREATE INDEX latest ON articles(coalesce(published, '') NULLS FIRST,"
        " duplicate_of NULLS FIRST) WHERE words > 0"
    )
    script = "CREATE TABLE t (x TEXT);\n-- sqlite:\nSELECT 1;\n-- postgresql:\nSELECT 2;\n-- end\n"
    assert dialect_sql(script, "sqlite") == "CREATE TABLE t (x TEXT);\nSELECT 1"
    assert dialect_sql(script, "postgresql", postgres_schema) == (
        'CREATE TABLE t (x TEXT COLLATE "C");\nSELECT 2'
    )


@pytest.fixture(scope="module")
def pg_store(postgres_server) -> str:
    """The web tests' store (sample corpus and hostile articles) on PostgreSQL."""
    url = postgres_server.new_database()
    db = Database(url)
    sample.ingest_into(db)
    ingest(db, [str(FIXTURES / "hostile.jsonl")])
    db.close()
    return url


def records(target: str) -> dict[str, list]:
    db = Database(target)
    tables = {name: list(rows(db)) for name, rows in TABLES.items()}
    db.close()
    return tables


def test_the_same_records_as_sqlite(web_db, pg_store):
    expected, stored = records(web_db), records(pg_store)
    for table in TABLES:
        assert stored[table] == expected[table], table
    assert len(stored["articles"]) == 37 and stored["stories"]


def test_search_ignores_case_and_accents_in_greek(web_db, pg_store):
    for query in ("Πεζεσκιαν", "ΠΕΖΕΣΚΙΑΝ", "πεζεσκιάν"):
        found = {}
        for target in (web_db, pg_store):
            db = Database(target)
            rows = db.search_articles(query, ranked=False)
            found[target] = ([r["id"] for r in rows], db.count_search(query))
            assert all("Πεζεσκιάν" in r["text"] for r in rows)
            db.close()
        assert found[pg_store] == found[web_db] and found[pg_store][1] > 0


def api_paths(client: TestClient) -> list[str]:
    story = client.get("/api/stories").json()["items"][0]["id"]
    entity = client.get("/api/entities").json()["items"][0]["id"]
    article = client.get("/api/articles").json()["items"][0]["id"]
    return [
        "/api/articles?limit=100", "/api/articles?language=el&duplicates=false",
        f"/api/articles/{article}", "/api/entities?limit=100", f"/api/entities/{entity}",
        f"/api/entities/{entity}/places", "/api/stories", f"/api/stories/{story}",
        f"/api/stories/{story}/places", f"/api/stories/{story}/dates",
        f"/api/stories/{story}/events", "/api/quotes?limit=100", "/api/claims?limit=100",
        "/api/sources", "/api/search?q=Πεζεσκιαν&sort=newest", "/api/search?q=missiles",
    ]  # fmt: skip


def test_the_api_answers_as_on_sqlite(web_db, pg_store):
    on_sqlite, on_postgres = TestClient(create_app(web_db)), TestClient(create_app(pg_store))
    for path in api_paths(on_sqlite):
        expected = on_sqlite.get(path)
        assert expected.status_code == 200, path
        assert on_postgres.get(path).json() == expected.json(), path
    for page in ("/", "/stories", "/articles", "/entities", "/quotes", "/claims", "/sources",
                 "/search?q=Πεζεσκιαν"):  # fmt: skip
        response = on_postgres.get(page)
        assert response.status_code == 200 and "<html" in response.text, page


def cli_output(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_commands_print_the_same_as_on_sqlite(web_db, pg_store, tmp_path):
    story = json.loads(cli_output("stories", "--db", web_db, "--json"))[0]["id"]
    commands = [
        ["articles", "--json"], ["entities", "--json"], ["entity", "Pezeshkian", "--json"],
        ["quotes", "--json"], ["claims", "--json"], ["events", "--json"], ["sources", "--json"],
        ["stories", "--json"], ["story", story, "--json"], ["brief", story],
        ["articles", "--json", "--place", "tehran"], ["stories", "--json", "--place", "Iran"],
        ["events", "--json", "--since", "2024-09-05", "--until", "2024-09-30"],
        ["quotes", "--json", "--anonymous"], ["claims", "--json", "--entity", "Iran"],
    ]  # fmt: skip
    for command in commands:
        expected = cli_output(command[0], "--db", web_db, *command[1:])
        assert cli_output(command[0], "--db", pg_store, *command[1:]) == expected, command
    checks = json.loads(cli_output("check", "--db", pg_store, "--json"))["checks"]
    assert len(checks) > 20 and not any(check["rows"] for check in checks)
    for target, folder in ((web_db, "sqlite"), (pg_store, "postgresql")):
        for fmt in ("jsonl", "gdelt-csv"):
            cli_output("export", "--db", target, "--format", fmt, "--out", str(tmp_path / folder))
    assert len(list((tmp_path / "sqlite").iterdir())) == 10
    for exported in (tmp_path / "sqlite").iterdir():
        assert (tmp_path / "postgresql" / exported.name).read_text() == exported.read_text()


CONCURRENT_INGEST = """
import sys
from newsloom import Database, Settings, ingest
report = ingest(Database(sys.argv[1]), sys.argv[2:], Settings(batch_size=5))
print(report.added)
"""


def test_concurrent_ingests_into_one_database(postgres_url):
    inputs = [["articles.jsonl", "missiles.jsonl"], ["hostile.jsonl", "attribution_suite.jsonl"]]
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CONCURRENT_INGEST,
                postgres_url,
                *(str(FIXTURES / name) for name in names),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for names in inputs
    ]
    added = [int(run.communicate(timeout=300)[0].split()[-1]) for run in runs]
    assert all(run.returncode == 0 for run in runs) and all(added)
    db = Database(postgres_url)
    assert db.count_articles() == sum(added)
    assert all(finding.ok for finding in check_store(db)), [str(f) for f in check_store(db)]
    positions = [row[0] for row in db.conn.execute("SELECT seq FROM story_articles")]
    assert sorted(positions) == list(range(1, len(positions) + 1))  # one writer at a time
    db.conn.execute("DELETE FROM article_search WHERE rowid = (SELECT min(rowid) FROM articles)")
    (unindexed,) = [f for f in check_store(db) if not f.ok]
    assert unindexed.check.table == "article_search" and unindexed.rows == 1
    db.close()


def test_a_store_opened_twice_is_migrated_once(postgres_url):
    first, second = Database(postgres_url), Database(postgres_url)
    assert first.schema_version == second.schema_version == migrations()[-1][0]
    assert second.conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(
        migrations()
    )
    first.close()
    second.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("postgres_url")


def test_an_article_that_fails_to_store_leaves_nothing_and_the_rest_is_stored(store_target):
    db = Database(store_target)
    store_places, calls = db.add_places, []

    def add_places(article_id, places):
        calls.append(article_id)
        if len(calls) == 2:
            raise ValueError("disk full")  # the second article, after its other rows
        store_places(article_id, places)

    db.add_places = add_places
    report = ingest(db, [str(FIXTURES / "articles.jsonl")])
    assert "could not process article (ValueError: disk full)" in [
        p.message for p in report.problems
    ]
    assert db.count_articles() == report.added == len(calls) - 1 > 1
    assert db.get_document(calls[1]) is None
    for table in ("mentions", "quotes", "timexes", "story_articles"):
        rows = f"SELECT count(*) FROM {table} WHERE article_id = ?"
        assert db.conn.execute(rows, (calls[1],)).fetchone()[0] == 0, table
    assert not any(finding.rows for finding in check_store(db))
    db.close()


def test_the_web_app_stores_posted_articles_and_finds_them(postgres_url):
    client = TestClient(create_app(postgres_url, write_token="s3cret-token"))
    article = {
        "title": "Ο Πεζεσκιάν στη Νέα Υόρκη",
        "text": "Ο Ιρανός πρόεδρος Μασούντ Πεζεσκιάν έφτασε στη Νέα Υόρκη για τη Γενική Συνέλευση.",
        "outlet": "Ελληνικά Νέα",
        "published": "2024-09-22",
    }
    stored = client.post(
        "/api/articles", json=[article], headers={"Authorization": "Bearer s3cret-token"}
    )
    assert stored.status_code == 201 and stored.json()["added"] == 1
    found = client.get("/api/search", params={"q": "πεζεσκιαν υορκη"}).json()
    assert [i["id"] for i in found["items"]] == stored.json()["ids"]
    assert client.get("/api/entities").json()["total"] > 0


def test_a_password_in_a_store_url_is_never_printed():
    from newsloom.store.postgres import shown

    url = "postgresql://analyst:s3cret@db.example.org:5432/news"
    assert shown(url) == "postgresql://analyst:***@db.example.org:5432/news"
    assert shown("postgresql://analyst@localhost/news") == "postgresql://analyst@localhost/news"
    assert shown("news.db") == "news.db"
