"""The JSON API and the pages through FastAPI's test client: shapes, paging, search, security."""

import re
import shutil

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsloom import Database, Settings, ingest
from newsloom.cli import cli
from newsloom.store import backends as store_backends
from newsloom.web import create_app

from .conftest import FIXTURES

HOSTILE_MARKERS = ("<script>window", "<img src=x", "<iframe", "<svg onload", "<b onmouseover")


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db))


@pytest.fixture(scope="module")
def hostile_id(client):
    items = client.get("/api/search", params={"q": "Φυλή έσβησε"}).json()["items"]
    (hit,) = [i for i in items if "Hostile" not in (i["title"] or "") and "script" in i["title"]]
    return hit["id"]


def test_article_list_shape_filters_and_cursor_pages(client):
    first = client.get("/api/articles", params={"limit": 5}).json()
    assert set(first) == {"items", "total", "next"} and first["total"] == 37
    assert len(first["items"]) == 5 and first["next"]
    dates = [i["published"] or "" for i in first["items"]]
    assert dates == sorted(dates, reverse=True)
    seen = [i["id"] for i in first["items"]]
    cursor = first["next"]
    while cursor:
        page = client.get("/api/articles", params={"limit": 5, "cursor": cursor}).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next"]
    assert len(seen) == len(set(seen)) == 37
    greek = client.get("/api/articles", params={"language": "el", "limit": 100}).json()
    assert greek["total"] == len(greek["items"]) > 0
    assert {i["language"] for i in greek["items"]} == {"el"}
    originals = client.get("/api/articles", params={"duplicates": "false"}).json()
    assert originals["total"] == 37 - 3
    since = client.get("/api/articles", params={"since": "2024-09-15", "limit": 100}).json()
    assert since["items"] and all(i["published"] >= "2024-09-15" for i in since["items"])


def test_page_sizes_are_bounded_and_bad_input_is_a_clear_4xx(client):
    assert client.get("/api/articles", params={"limit": 1000}).status_code == 422
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422
    bad_cursor = client.get("/api/articles", params={"cursor": "not-a-cursor"})
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json()["detail"]
    bad_date = client.get("/api/articles", params={"since": "yesterday"})
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.json()["detail"]
    assert client.get("/api/articles/0000000000000000").status_code == 404
    assert client.get("/api/entities/person:nobody").status_code == 404
    assert client.get("/articles/0000000000000000").status_code == 404  # an HTML page


def test_article_record_has_text_mentions_and_duplicates(client):
    items = client.get("/api/articles", params={"limit": 100}).json()["items"]
    duplicate = next(i for i in items if i["duplicate_of"])
    record = client.get(f"/api/articles/{duplicate['id']}").json()
    assert record["text"] and record["offset_map"] and "removed" in record
    assert duplicate["duplicate_of"] in {d["id"] for d in record["duplicates"]}
    with_mentions = next(
        r for i in items if (r := client.get(f"/api/articles/{i['id']}").json())["mentions"]
    )
    mention = with_mentions["mentions"][0]
    assert with_mentions["text"][mention["start"] : mention["end"]] == mention["text"]


def test_entities_list_detail_and_articles(client):
    page = client.get("/api/entities", params={"limit": 3}).json()
    assert page["total"] > 3 and len(page["items"]) == 3 and page["next"]
    counts = [e["articles"] for e in page["items"]]
    assert counts == sorted(counts, reverse=True)
    following = client.get("/api/entities", params={"limit": 3, "cursor": page["next"]}).json()
    assert not {e["id"] for e in page["items"]} & {e["id"] for e in following["items"]}
    people = client.get("/api/entities", params={"type": "PER", "limit": 100}).json()
    assert {e["type"] for e in people["items"]} == {"PER"}
    russia = client.get("/api/entities/country:RU").json()
    assert {"el", "en", "ru"} <= set(russia["names"]) and russia["timeline"]
    assert russia["co_mentioned"] and russia["articles"] >= 5
    articles = client.get("/api/entities/country:RU/articles", params={"limit": 2}).json()
    assert articles["total"] == russia["articles"] and len(articles["items"]) == 2
    rest = client.get(
        "/api/entities/country:RU/articles", params={"limit": 100, "cursor": articles["next"]}
    ).json()
    assert len(articles["items"]) + len(rest["items"]) == russia["articles"]


def test_search_ignores_accents_and_case_across_scripts(client):
    unaccented = client.get("/api/search", params={"q": "Πεζεσκιαν"}).json()
    assert unaccented["total"] >= 1
    hit = unaccented["items"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "Πεζεσκιάν"
    assert (
        client.get("/api/search", params={"q": "ΠΕΖΕΣΚΙΑΝ"}).json()["total"] == unaccented["total"]
    )
    russian = client.get("/api/search", params={"q": "лавров", "language": "ru"}).json()
    assert russian["total"] >= 1 and {i["language"] for i in russian["items"]} == {"ru"}
    nothing = client.get("/api/search", params={"q": "Πεζεσκιαν zzzqqq"}).json()
    assert nothing == {"items": [], "total": 0, "next": None, "ranked": True}
    newest = client.get("/api/search", params={"q": "Ρωσία", "sort": "newest"}).json()
    assert newest["ranked"] is False and newest["total"] >= 2
    rowids = [client.app.state.stores.get().conn.execute(
        "SELECT rowid FROM articles WHERE id = ?", (i["id"],)).fetchone()[0]
        for i in newest["items"]]  # fmt: skip
    assert rowids == sorted(rowids, reverse=True)
    assert client.get("/api/search", params={"q": "x", "sort": "random"}).status_code == 422


@pytest.mark.parametrize("query", ['"', "NEAR(a b)", "a OR", "*", "title:x", "-", "'; DROP TABLE"])
def test_search_syntax_in_queries_is_taken_as_words(client, query):
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {"items", "total", "next", "ranked"}


def test_sources_count_outlets_and_languages(client):
    sources = client.get("/api/sources").json()
    assert sum(o["articles"] for o in sources["items"]) == 37
    assert all(sum(o["languages"].values()) == o["articles"] for o in sources["items"])
    anonymous = {o["outlet"]: o["anonymous_sourcing"] for o in sources["items"]}
    assert anonymous["Kathimerini"] >= 1  # "Αμερικανός αξιωματούχος" and the like
    assert all(0 <= o["anonymous_sourcing"] <= o["articles"] for o in sources["items"])


@pytest.mark.parametrize(
    "path", ["/", "/articles", "/entities", "/sources", "/docs", "/search?q=Φυλή"]
)
def test_pages_render_with_security_headers_and_nothing_remote(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)  # no CDN
    assert re.findall(r"<script[^>]*>", response.text) == ['<script src="/static/app.js" defer>']
    assert not re.search(r"<[^>]*\son\w+=", response.text)  # no event handler attribute


def test_hostile_article_is_escaped_everywhere(client, hostile_id):
    for path in (f"/articles/{hostile_id}", "/", "/articles", "/search?q=Αττική", "/sources"):
        html = client.get(path).text
        for marker in HOSTILE_MARKERS:
            assert marker not in html, (path, marker)
        assert 'href="javascript:' not in html
    page = client.get(f"/articles/{hostile_id}").text
    assert "&lt;script&gt;window.__pwned" in page  # shown as text
    assert "&lt;a href=&#34;javascript:" in page
    record = client.get(f"/api/articles/{hostile_id}").json()
    assert record["url"].startswith("javascript:")  # kept as data, never made a link


def test_openapi_document_and_offline_reference(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/search"):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/articles"]
    reference = client.get("/docs").text
    assert "/api/search" in reference and "swagger" not in reference.lower()
    assert client.get("/redoc").status_code == 404


def test_ingest_endpoint_is_off_without_a_token(client):
    response = client.post("/api/articles", json={"text": "Some text here."})
    assert response.status_code == 403


def test_ingest_endpoint_needs_the_right_token_and_indexes_what_it_stores(tmp_path):
    path = tmp_path / "news.db"
    Database(path).close()
    client = TestClient(create_app(path, write_token="s3cret-token"))
    article = {
        "title": "Ο Πεζεσκιάν στη Νέα Υόρκη",
        "text": "Ο Ιρανός πρόεδρος Μασούντ Πεζεσκιάν έφτασε στη Νέα Υόρκη για τη Γενική Συνέλευση.",
        "outlet": "Ελληνικά Νέα",
        "published": "2024-09-22",
    }
    wrong = client.post("/api/articles", json=article, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert client.post("/api/articles", json=article).status_code == 401
    stored = client.post(
        "/api/articles", json=[article], headers={"Authorization": "Bearer s3cret-token"}
    )
    assert stored.status_code == 201 and stored.json()["added"] == 1
    (new_id,) = stored.json()["ids"]
    found = client.get("/api/search", params={"q": "πεζεσκιαν υορκη"}).json()
    assert [i["id"] for i in found["items"]] == [new_id]
    not_json = client.post(
        "/api/articles", content=b"plain", headers={"Authorization": "Bearer s3cret-token"}
    )
    assert not_json.status_code == 422


def test_migration_fills_search_and_entity_counts_of_an_older_store(tmp_path, monkeypatch):
    older = tmp_path / "migrations"
    older.mkdir()
    for script in store_backends.MIGRATIONS.iterdir():
        if script.name.endswith(".sql") and int(script.name.split("_")[0]) < 4:
            shutil.copy(str(script), older / script.name)
    path = tmp_path / "old.db"
    monkeypatch.setattr(store_backends, "MIGRATIONS", older)
    old = Database(path)  # a store from before stories: ingest it without them
    # Only what its tables hold: entities, no attribution, time or places (migrations 7, 8).
    old.add_timexes = old.add_places = lambda *args: None
    store_before = Settings(stories=None, pipeline=("language", "sentences", "dates", "entities"))
    assert ingest(old, [str(FIXTURES / "mixed_language_el_en.txt")], store_before).added == 1
    assert old.schema_version < 4
    old.close()
    monkeypatch.undo()
    db = Database(path)
    assert db.schema_version >= 4
    assert db.search_articles("ΑΘΗΝΑ") or db.search_articles("athens")
    counted = db.conn.execute("SELECT sum(articles) FROM entity_stats").fetchone()[0]
    pairs = db.conn.execute(
        "SELECT count(DISTINCT entity_id || ' ' || article_id) FROM mentions"
        " WHERE entity_id IS NOT NULL"
    ).fetchone()[0]
    assert counted == pairs > 0


def test_serve_demo_ingests_the_sample_and_binds_localhost(monkeypatch):
    served = {}

    def fake_run(app, host, port, log_level):
        served.update(host=host, port=port)
        served["articles"] = TestClient(app).get("/api/articles").json()["total"]
        served["ingest"] = TestClient(app).post("/api/articles", json={"text": "x"}).status_code

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(cli, ["serve", "--demo"])
    assert result.exit_code == 0, result.output
    assert served == {"host": "127.0.0.1", "port": 8000, "articles": 35, "ingest": 403}


def test_serve_needs_one_store_and_a_set_token_variable(monkeypatch, tmp_path):
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    monkeypatch.delenv("NEWSLOOM_TEST_TOKEN", raising=False)
    assert "either --db FILE or --demo" in CliRunner().invoke(cli, ["serve"]).output
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database at" in missing.output
    Database(tmp_path / "news.db").close()
    unset = CliRunner().invoke(
        cli,
        ["serve", "--db", str(tmp_path / "news.db"), "--write-token-env", "NEWSLOOM_TEST_TOKEN"],
    )
    assert unset.exit_code == 1 and "NEWSLOOM_TEST_TOKEN is not set" in unset.output
