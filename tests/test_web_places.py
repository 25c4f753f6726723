"""Where and when on the web: a story's and an entity's places and dates, article filters."""

import re

import pytest
from fastapi.testclient import TestClient

from newsloom.web import create_app


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db))


def iran_story(client) -> str:
    stories = client.get("/api/stories", params={"limit": 50}).json()["items"]
    return next(s["id"] for s in stories if "Iran" in s["title"])


def test_story_places_and_dates_api(client):
    story = iran_story(client)
    places = client.get(f"/api/stories/{story}/places").json()["places"]
    by_name = {p["name"]: p for p in places}
    assert {"Iran", "Russia", "Tehran"} <= set(by_name)
    assert "Ιράν" in by_name["Iran"]["written"] and by_name["Iran"]["geonames_id"] == 130758
    dates = client.get(f"/api/stories/{story}/dates").json()["dates"]
    values = [d["value"] for d in dates]
    assert values == sorted(values) and all(re.match(r"\d{4}", v) for v in values)
    assert client.get("/api/stories/snothere/places").status_code == 404


def test_story_and_entity_pages_carry_the_map_without_inline_script(client):
    story = iran_story(client)
    page = client.get(f"/stories/{story}").text
    assert 'id="place-map"' in page and f'data-places="/api/stories/{story}/places"' in page
    assert '<script src="/static/leaflet.js"' in page and "<script>" not in page
    assert "When: dates the articles name" in page
    entity = client.get("/entities/country:IR").text
    assert 'data-places="/api/entities/country%3AIR/places"' in entity
    places = client.get("/api/entities/country:IR/places").json()["places"]
    assert any(p["name"] == "Tehran" for p in places)


def test_static_assets_ship_with_their_licences(client):
    assert client.get("/static/leaflet.js").status_code == 200
    assert "BSD 2-Clause" in client.get("/static/LICENSE-leaflet.txt").text
    assert "public domain" in client.get("/static/NOTICE-countries.txt").text
    countries = client.get("/static/countries.geojson").json()
    assert len(countries["features"]) > 150


def test_article_list_filters_by_place_and_date_range(client):
    everything = client.get("/api/articles", params={"limit": 100}).json()["total"]
    tehran = client.get("/api/articles", params={"place": "Τεχεράνη", "limit": 100}).json()
    assert 0 < tehran["total"] < everything
    by_id = client.get("/api/articles", params={"place": "112931", "limit": 100}).json()
    assert by_id["total"] == tehran["total"]
    window = {"since": "2024-09-04", "until": "2024-09-05", "limit": 100}
    dated = client.get("/api/articles", params=window).json()["items"]
    assert dated and all("2024-09-04" <= a["published"][:10] <= "2024-09-05" for a in dated)
    page = client.get("/articles", params={"place": "Tehran"}).text
    assert 'name="place" value="Tehran"' in page


def test_story_list_filters_by_place_and_date_range(client):
    everything = client.get("/api/stories", params={"limit": 100}).json()["total"]
    tehran = client.get("/api/stories", params={"place": "Tehran", "limit": 100}).json()
    assert 0 < tehran["total"] < everything
    assert any("Iran" in s["title"] for s in tehran["items"])
    early = client.get("/api/stories", params={"until": "2024-09-03", "limit": 100}).json()
    assert all(s["first_seen"] <= "2024-09-03" for s in early["items"])
    assert early["total"] < everything
    page = client.get("/stories", params={"place": "Τεχεράνη"}).text
    assert 'name="place" value="Τεχεράνη"' in page


def test_article_page_lists_its_dates_and_places(client):
    tehran = client.get("/api/articles", params={"place": "112931", "limit": 1}).json()
    page = client.get(f"/articles/{tehran['items'][0]['id']}").text
    assert "Dates and places in this article" in page
    assert '<a href="/articles?place=112931">Tehran</a>' in page


def test_an_inferred_publication_date_is_marked(client, web_db):
    from newsloom.store import Database

    db = Database(web_db)
    inferred = [doc for doc in db.iter_documents()
                if doc.meta.get("published_source") == "inferred"]  # fmt: skip
    assert inferred, "the sample has wire stories dated by their dateline"
    page = client.get(f"/articles/{inferred[0].id}").text
    assert '<span class="badge">inferred from the dateline</span>' in page
