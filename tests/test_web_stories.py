"""Stories in the web app: the list and its filters and cursors, one story with its titles,
timeline, developments and articles, the briefing, the home page and the article's story."""

import re

import pytest
from fastapi.testclient import TestClient

from newsloom import Database, ingest
from newsloom.web import create_app

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def sample(web_db):
    """The sample corpus (five stories) and the hostile articles (a story each)."""
    return TestClient(create_app(web_db))


@pytest.fixture(scope="module")
def missiles(tmp_path_factory):
    """The worked case: four articles in Greek and English, one story whose claim moves
    from expected to confirmed."""
    path = tmp_path_factory.mktemp("stories") / "news.db"
    db = Database(path)
    ingest(db, [str(FIXTURES / "missiles.jsonl")])
    db.close()
    return TestClient(create_app(path))


def all_stories(client, **params):
    items, cursor = [], None
    while True:
        page = client.get("/api/stories", params={**params, "cursor": cursor} if cursor else params)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next"]
        if cursor is None:
            return items, page.json()["total"]


def iran_story(client):
    items, _ = all_stories(client)
    return next(s for s in items if "Iran" in s["title"])


def test_sample_clusters_into_five_stories_newest_first(sample):
    items, total = all_stories(sample)
    assert total == len(items) == 7  # five of the sample, one per hostile article
    assert sum(s["articles"] > 1 for s in items) == 5
    last_seen = [s["last_seen"] or "" for s in items]
    assert last_seen == sorted(last_seen, reverse=True)
    assert set(items[0]) == {"id", "title", "articles", "languages", "outlets",
                             "first_seen", "last_seen"}  # fmt: skip
    for story in items:
        assert (
            sum(story["languages"].values()) == sum(story["outlets"].values()) == story["articles"]
        )


def test_cursor_pages_cover_every_story_once(sample):
    whole = sample.get("/api/stories", params={"limit": 100}).json()["items"]
    paged, total = all_stories(sample, limit=2)
    assert [s["id"] for s in paged] == [s["id"] for s in whole] and total == len(whole)
    assert sample.get("/api/stories", params={"cursor": "bad"}).status_code == 400
    assert sample.get("/api/stories", params={"limit": 101}).status_code == 422
    assert sample.get("/api/stories", params={"since": "yesterday"}).status_code == 422


def test_language_and_since_filters(sample):
    greek, total = all_stories(sample, language="el")
    assert total == len(greek) >= 3 and all("el" in s["languages"] for s in greek)
    assert any(s["title"].startswith("Iran") for s in greek)
    everything, _ = all_stories(sample)
    latest = max(s["last_seen"] for s in everything if s["last_seen"])
    recent, _ = all_stories(sample, since=latest)
    assert recent and all(s["last_seen"] >= latest for s in recent)
    assert len(recent) < len(everything)
    assert all_stories(sample, language="xx") == ([], 0)


def test_iran_story_has_greek_and_english_articles(sample):
    story = iran_story(sample)
    assert {"el", "en"} <= set(story["languages"])
    detail = sample.get(f"/api/stories/{story['id']}").json()
    assert {"el", "en"} <= set(detail["titles"]) and detail["title"] == story["title"]
    assert {a["language"] for a in detail["articles"]} >= {"el", "en"}
    assert len(detail["articles"]) == story["articles"]
    page = sample.get(f"/stories/{story['id']}").text
    for article in detail["articles"]:
        assert f'href="/articles/{article["id"]}"' in page
    assert detail["titles"]["el"] in page  # the Greek title, not only the English one
    assert "<svg" in page and "Articles per day" in page
    assert sample.get(f"/api/stories/{story['id'][:8]}").json()["id"] == story["id"]


def test_unknown_story_is_404(sample):
    assert sample.get("/api/stories/snothere").status_code == 404
    assert sample.get("/stories/snothere").status_code == 404
    assert sample.get("/stories/" + "s" * 200).status_code == 404
    assert sample.get("/stories/snothere/brief.md").status_code == 404


def test_story_page_shows_expected_to_confirmed_with_its_sources(missiles):
    (story,) = missiles.get("/api/stories").json()["items"]
    assert story["articles"] == 4 and story["languages"] == {"el": 2, "en": 2}
    detail = missiles.get(f"/api/stories/{story['id']}").json()
    change = next(d for d in detail["developments"] if d["statuses"] == ["expected", "confirmed"])
    page = missiles.get(f"/stories/{story['id']}").text
    assert "expected → confirmed" in page
    for citation in change["citations"]:  # before and after, each with its article
        assert f'href="/articles/{citation["article_id"]}"' in page
    assert "contradiction" in page and "new actor" in page
    assert re.search(r'<a href="/entities/[^"]+" class="entity', page)  # key entities linked
    assert "Καθημερινή" in page and "Reuters" in page


def test_briefing_in_the_site_layout_and_as_markdown(missiles):
    (story,) = missiles.get("/api/stories").json()["items"]
    page = missiles.get(f"/stories/{story['id']}/brief")
    assert page.status_code == 200 and 'class="site"' in page.text
    assert "What is known" in page.text and "What is disputed" in page.text
    assert re.search(r'<li id="src1"><a href="/articles/[0-9a-f]{16}">', page.text)
    markdown = missiles.get(f"/stories/{story['id']}/brief.md")
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert markdown.text.startswith("# Iran") and "## Sources" in markdown.text
    assert f'href="/stories/{story["id"]}/brief"' in missiles.get(f"/stories/{story['id']}").text


def test_home_lists_latest_and_growing_stories(missiles, sample):
    home = missiles.get("/").text
    assert "Latest stories" in home and "Fastest-growing stories" in home
    assert "4 in the last two days" not in home  # two of its articles are older
    assert re.search(r"2 in the last two days", home)
    assert "Greek</span> 2" in home and "Καθημερινή" in home
    sample_home = sample.get("/").text
    assert sample_home.count('<li class="story">') >= 6


def test_article_page_links_to_its_story(missiles):
    (story,) = missiles.get("/api/stories").json()["items"]
    detail = missiles.get(f"/api/stories/{story['id']}").json()
    page = missiles.get(f"/articles/{detail['articles'][-1]['id']}").text
    assert f'<a href="/stories/{story["id"]}">{story["title"]}</a>' in page


def test_hostile_story_title_is_escaped(sample):
    items, _ = all_stories(sample)
    hostile = next(s for s in items if "__pwned" in s["title"])
    for path in ("/", "/stories", f"/stories/{hostile['id']}", f"/stories/{hostile['id']}/brief"):
        page = sample.get(path).text
        assert "<script>window.__pwned" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;window.__pwned" in page, path
    assert "javascript:" not in sample.get(f"/stories/{hostile['id']}").text


def test_story_page_follows_articles_that_join_later(tmp_path):
    """Details are kept per story, but a new member (a new `seq`) builds them again."""
    lines = (FIXTURES / "missiles.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "first.jsonl").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    (tmp_path / "last.jsonl").write_text(lines[-1] + "\n", encoding="utf-8")
    db = Database(tmp_path / "news.db")
    ingest(db, [str(tmp_path / "first.jsonl")])
    client = TestClient(create_app(tmp_path / "news.db"))
    (story,) = client.get("/api/stories").json()["items"]
    assert len(client.get(f"/api/stories/{story['id']}").json()["articles"]) == 3
    ingest(db, [str(tmp_path / "last.jsonl")])
    db.close()
    assert len(client.get(f"/api/stories/{story['id']}").json()["articles"]) == 4
