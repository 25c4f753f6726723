"""The web app treats everything stored or sent as hostile: headers on every response, hostile
text in every field shown as text, cursors, ids and limits checked, oversized bodies refused
before they are read, writes only with the token, and no URL from an article ever fetched."""

import asyncio
import base64
import json
import os
import re
import shutil
import socket
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from newsloom import Database, ingest
from newsloom.web import create_app
from newsloom.web.articles import MAX_INGEST_BYTES

# Each payload names the field it was put in, so a failure says which field leaked.
PAYLOAD = "<script>window.__pwned='{0}'</script><img src=x onerror=\"window.__pwned='{0}'\">"
RAW_MARKUP = re.compile(r"<script>window|<img src=x|<svg onload|<iframe|<b onmouseover|<style>")
LIST_ROUTES = ("articles", "entities", "quotes", "claims", "stories", "search")
TOKEN = "correct horse battery staple"


def hostile(field: str) -> str:
    return " " + PAYLOAD.format(field)


@pytest.fixture(scope="module")
def hostile_db(web_db, tmp_path_factory) -> str:
    """The web store (sample corpus and hostile.jsonl) plus a file with a hostile name, with
    markup added to every displayed text column the ingest itself cannot fill with markup
    (entity names, speakers, roles, chain links, story titles, relays)."""
    folder = tmp_path_factory.mktemp("hostile")
    path = str(folder / "news.db")
    shutil.copy(web_db, path)
    named = folder / "<svg onload=alert(1)>.txt"
    named.write_text(
        "Storm closes the port of Piraeus\n\nThe coast guard closed the port of Piraeus on "
        "Monday as winds reached nine Beaufort, the ministry said in a statement.\n",
        encoding="utf-8",
    )
    db = Database(path)
    ingest(db, [str(named)])
    with db.transaction():
        db.conn.execute("UPDATE entities SET name = name || ?", (hostile("entity"),))
        db.conn.execute("UPDATE entity_names SET name = name || ?", (hostile("name-form"),))
        db.conn.execute("UPDATE story_titles SET title = title || ?", (hostile("story"),))
        db.conn.execute("UPDATE outlet_relays SET name = name || ?", (hostile("relay"),))
        db.conn.execute(
            "UPDATE articles SET author = ifnull(author, '') || ?, caption = ?",
            (hostile("author"), hostile("caption")),
        )
        db.conn.execute(
            """UPDATE quotes SET speaker = ifnull(speaker, '') || ?1,
                   speaker_role = ifnull(speaker_role, '') || ?2, cue = cue || ?3,
                   chain = (SELECT json_group_array(json_set(value, '$.text',
                                ifnull(value ->> 'text', '') || ?4)) FROM json_each(chain))""",
            (hostile("speaker"), hostile("role"), hostile("cue"), hostile("chain")),
        )
        db.conn.execute("UPDATE claims SET text = text || ?", (hostile("claim"),))
    db.close()
    return path


@pytest.fixture(scope="module")
def client(hostile_db):
    return TestClient(create_app(hostile_db), raise_server_exceptions=False)


OWN_SCRIPT = re.compile(r"/static/[a-z]+\.js")  # the app's script and the map's (Leaflet)


class ActiveContent(HTMLParser):
    """Everything in a parsed page that a browser would run or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("iframe", "object", "embed", "style", "base"):  # (charts are inline svg)
            self.found.append(tag)
        if tag == "script" and not OWN_SCRIPT.fullmatch(values.get("src") or ""):
            self.found.append(f"script {values}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name == "src" and not (value or "").startswith("/"):
                self.found.append(f"{tag} loads {value}")  # nothing is loaded from elsewhere
            # Links to other sites (an article's own URL) are fine; other schemes are not.
            scheme = urlsplit(value or "").scheme.lower()
            if name in ("href", "action") and scheme not in ("", "http", "https"):
                self.found.append(f"{tag} {name}={value}")


def assert_shown_as_text(response, where: str) -> None:
    assert response.status_code < 500, where
    kind = response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff", where
    if not kind.startswith("text/html"):
        assert kind.startswith(("text/markdown", "application/json")), where  # never HTML
        return
    assert not RAW_MARKUP.search(response.text), (where, RAW_MARKUP.search(response.text))
    parser = ActiveContent()
    parser.feed(response.text)
    assert parser.found == [], where


def page_shape(path: str) -> str:
    """/entities/org:eu and /entities/country:GR are the same kind of page."""
    parts = urlsplit(path).path.split("/")
    return "/".join(parts[:2] + ["*"] * len(parts[2:]))


def test_every_reachable_page_shows_hostile_fields_as_text(client):
    """Crawl from the home page, following links and pagination, a few pages of each kind."""
    queue, seen, per_shape = deque(["/"]), {"/"}, {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        assert_shown_as_text(response, path)
        for href in re.findall(r'href="(/[^"]*)"', response.text):
            href = href.replace("&amp;", "&")
            shape = page_shape(href)
            if href in seen or href.startswith("/static/") or per_shape.get(shape, 0) >= 4:
                continue
            seen.add(href)
            per_shape[shape] = per_shape.get(shape, 0) + 1
            queue.append(href)
    visited = {page_shape(p) for p in seen}
    for shape in ("/articles/*", "/entities/*", "/stories/*", "/stories/*/*", "/quotes", "/claims"):
        assert shape in visited, shape
    assert len(seen) > 30


def test_the_payloads_are_there_as_text(client):
    """The crawl above proves nothing if the payloads never reached a page: they did."""
    story = client.get("/api/stories").json()["items"][0]["id"]
    pages = [client.get(p).text for p in ("/quotes", "/claims", "/entities", f"/stories/{story}")]
    pages += [client.get("/sources").text, client.get("/search", params={"q": "Piraeus"}).text]
    shown = "".join(pages)
    for field in ("speaker", "chain", "claim", "entity", "story", "relay", "cue", "role"):
        assert f"&lt;script&gt;window.__pwned=&#39;{field}&#39;" in shown, field
    (hit,) = client.get("/api/search", params={"q": "Piraeus Beaufort"}).json()["items"]
    article = client.get(f"/articles/{hit['id']}").text
    for field in ("author", "caption"):
        assert f"__pwned=&#39;{field}&#39;" in article, field
    assert "&lt;svg onload=alert(1)&gt;.txt" in article  # the file name, as text


@pytest.mark.parametrize("route", (*LIST_ROUTES, "sources"))
def test_query_parameters_reflected_in_pages_are_text(client, route):
    nasty = "\"'><script>window.__pwned='param'</script><img src=x onerror=alert(1)>"
    for name in ("q", "outlet", "language", "since", "speaker", "entity", "status", "cursor"):
        response = client.get(
            f"/{route}", params={"q": "a", name: nasty[: 16 if name == "language" else None]}
        )
        assert_shown_as_text(response, f"/{route}?{name}=")


@pytest.mark.parametrize("kind", ["articles", "entities", "stories", "stories/{}/brief"])
def test_hostile_ids_in_paths_are_a_404_shown_as_text(client, kind):
    for bad in ("<script>window.__pwned='id'</script>", "%00", "x" * 5000, "-1", "9" * 40):
        path = "/" + kind.format(bad) if "{}" in kind else f"/{kind}/{bad}"
        response = client.get(path)
        assert response.status_code == 404, path
        assert_shown_as_text(response, path[:60])


def cursor_of(*key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


MADE_UP_CURSORS = [
    "not-a-cursor",
    "=" * 10,
    "x" * 3000,
    cursor_of(10**30),
    cursor_of("2024-01-01", 2**63),
    cursor_of(-(2**63) - 1, "a"),
    cursor_of(True, 1),
    cursor_of(1.5),
    cursor_of(None),
    cursor_of({"a": 1}),
    base64.urlsafe_b64encode(b"[" * 1400).decode(),  # nested past the JSON parser's depth
    base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
]


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_made_up_cursors_are_refused_with_400(client, route):
    for api in (True, False):
        for cursor in MADE_UP_CURSORS:
            path = f"/api/{route}" if api else f"/{route}"
            response = client.get(path, params={"q": "athens", "cursor": cursor})
            assert response.status_code == 400, (path, cursor[:40], response.status_code)
            assert_shown_as_text(response, path)


def test_search_cursor_cannot_reach_past_the_deepest_result(client):
    for offset in (-5, 10_000, 2**62):
        response = client.get("/api/search", params={"q": "athens", "cursor": cursor_of(offset)})
        assert response.status_code == 400


@pytest.mark.parametrize("route", ["articles", "entities", "quotes", "claims", "stories"])
def test_page_sizes_are_capped(client, route):
    for limit in (0, -1, 101, 10**30, "ten"):
        assert client.get(f"/api/{route}", params={"limit": limit}).status_code == 422
    assert client.get(f"/api/{route}", params={"limit": 100}).status_code == 200


def test_security_headers_on_every_kind_of_response(hostile_db):
    client = TestClient(create_app(hostile_db, write_token=TOKEN), raise_server_exceptions=False)
    responses = {
        "page": client.get("/"),
        "json": client.get("/api/articles"),
        "static": client.get("/static/app.js"),
        "not found": client.get("/nowhere"),
        "invalid": client.get("/api/articles", params={"limit": 0}),
        "bad cursor": client.get("/articles", params={"cursor": "zz"}),
        "forbidden": client.post("/api/articles", json={}),
        "too large": client.post("/api/articles", content=b"x" * (MAX_INGEST_BYTES + 1)),
        "openapi": client.get("/openapi.json"),
        "markdown": client.get("/stories/nowhere/brief.md"),
    }
    for what, response in responses.items():
        headers = response.headers
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, what
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, what
        assert headers["x-content-type-options"] == "nosniff", what
        assert headers["referrer-policy"] == "no-referrer", what
        assert headers["x-frame-options"] == "DENY", what
    assert responses["too large"].status_code == 413


def call_asgi(app, method: str, path: str, headers: dict, chunks: list[bytes]) -> tuple[int, int]:
    """Drive the ASGI app by hand: (status, how many body chunks the app asked for)."""
    asked = 0
    status = {}

    async def receive():
        nonlocal asked
        asked += 1
        if asked > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[asked - 1], "more_body": asked < len(chunks)}

    async def send(message):
        if message["type"] == "http.response.start":
            status["code"] = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    return status["code"], asked


def test_oversized_body_is_refused_before_a_byte_is_read(hostile_db):
    app = create_app(hostile_db, write_token=TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}"}
    declared = auth | {"content-length": str(MAX_INGEST_BYTES + 1)}
    assert call_asgi(app, "POST", "/api/articles", declared, [b"{}"]) == (413, 0)


def test_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit(hostile_db):
    app = create_app(hostile_db, write_token=TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}", "transfer-encoding": "chunked"}
    megabyte = b" " * 2**20
    chunks = [megabyte] * (MAX_INGEST_BYTES // 2**20 + 50)
    status, asked = call_asgi(app, "POST", "/api/articles", auth, chunks)
    assert status == 413 and asked == MAX_INGEST_BYTES // 2**20 + 1


def test_writes_need_the_exact_token(hostile_db):
    client = TestClient(create_app(hostile_db, write_token=TOKEN))
    article = {"text": "The council met on Tuesday and approved the budget for the new year."}
    for header in (None, "", "Bearer", "Bearer ", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x",
                   f"Basic {TOKEN}", TOKEN.upper(), f"Bearer {TOKEN}\u00e9"):  # fmt: skip
        headers = {} if header is None else {"Authorization": header.encode()}
        response = client.post("/api/articles", json=article, headers=headers)
        assert response.status_code == 401, header
    read_only = TestClient(create_app(hostile_db))
    assert read_only.post("/api/articles", json=article).status_code == 403


def test_nothing_fetches_a_url_found_in_an_article(hostile_db, tmp_path, monkeypatch):
    """Ingest and browse articles full of links and images: no connection is ever opened."""
    opened = []

    def refuse(self, address):
        opened.append(address)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    page = tmp_path / "linked.html"
    page.write_text(
        "<html><head><title>Links everywhere</title><link rel=stylesheet href=http://evil.test/s.css>"
        "<meta property='og:image' content='http://evil.test/og.png'></head><body><article>"
        "<h1>Links everywhere</h1><p>The port authority published <a href='http://evil.test/a'>"
        "the report</a> and <img src='https://evil.test/pixel.gif'> on Friday morning, its "
        "spokesman said in Athens.</p><iframe src='http://evil.test/frame'></iframe>"
        "</article></body></html>",
        encoding="utf-8",
    )
    path = str(tmp_path / "news.db")
    shutil.copy(hostile_db, path)
    db = Database(path)
    report = ingest(db, [str(page)])
    db.close()
    assert report.added == 1
    client = TestClient(create_app(path))
    (hit,) = client.get("/api/search", params={"q": "port authority report"}).json()["items"]
    html = client.get(f"/articles/{hit['id']}").text
    assert not re.search(r"""(src|href)=["']?https?://evil""", html)
    assert opened == []


def test_worker_processes_get_the_store_and_the_token_through_the_environment(
    hostile_db, monkeypatch
):
    import uvicorn
    from click.testing import CliRunner

    from newsloom.cli import cli
    from newsloom.web.app import create_app_from_environment

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    monkeypatch.setenv("NEWSLOOM_TEST_TOKEN", TOKEN)
    for variable in ("NEWSLOOM_SERVE_DB", "NEWSLOOM_SERVE_TOKEN_ENV"):
        monkeypatch.setenv(variable, "")  # the command sets them: undone after the test
    arguments = ["serve", "--db", hostile_db, "--workers", "3"]
    result = CliRunner().invoke(cli, [*arguments, "--write-token-env", "NEWSLOOM_TEST_TOKEN"])
    assert result.exit_code == 0, result.output
    assert served["workers"] == 3 and served["factory"] and served["host"] == "127.0.0.1"
    assert served["app"] == "newsloom.web.app:create_app_from_environment"
    client = TestClient(create_app_from_environment())  # what each worker process builds
    article = {"text": "The harbour council approved the ferry terminal on Tuesday evening."}
    assert client.post("/api/articles", json=article).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/articles", json=article, headers=auth).status_code == 201
    assert TOKEN not in repr(dict(os.environ)).replace(TOKEN, "", 1)  # only in its own variable
