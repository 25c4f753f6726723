"""Stories: the sample corpus clusters into its five stories, across languages, stably;
timelines, developments (claims plugged in through a `claims` table) and briefings."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from newsloom import Database, Settings, ingest, sample
from newsloom.cli import cli
from newsloom.document import Document, Span
from newsloom.settings import StorySettings
from newsloom.stories import StoryClusterer, find_story_id, story_detail, story_list
from newsloom.stories.brief import build_briefing, render
from newsloom.stories.features import article_features
from newsloom.stories.timeline import ClaimView, load_claims

from .conftest import FIXTURES

# The sample's README lists the five stories; a file name part identifies each article.
GOLD = {
    "iran": ["kathimerini_cp1253", "dw_iran_raketen", "Iran set to send", "ap_iran_missiles",
             "rbc_cp1251", "lemonde_iran", "WSJ: Το Ιράν", "G7 foreign ministers"],
    "lavrov": ["tass_lavrov", "reuters_lavrov", "yahoo_lavrov", "spiegel_lavrov", "elpais_lavrov",
               "lefigaro_lavrov", "Λαβρόφ για Τραμπ"],
    "athens_fire": ["tanea_pyrkagia", "sz_waldbrand", "france24_incendie", "ekathimerini_attica",
                    "Greece calls in EU help", "Πυρκαγιά στη Φυλή", "efe-20240905-0412"],
    "ecb": ["reuters_ecb", "usnews_ecb", "investing_ecb", "handelsblatt_ezb", "lesechos_bce",
            "cincodias_bce", "naftemporiki_ekt", "ansa-20240912-1187"],
    "portugal_fire": ["rtve_incendio_aveiro", "Portugal wildfires kill", "Wildfires sweep northern",
                      "dpa-20240917-0933", "afp-20240916-2251"],
}  # fmt: skip


def ingest_sample(path=":memory:") -> Database:
    db = Database(path)
    report = ingest(db, [str(sample.root())], Settings(manifest=str(sample.manifest())))
    assert not report.problems, report.problems
    return db


@pytest.fixture(scope="module")
def sample_db():
    return ingest_sample()


def gold_story(row) -> str:
    label = " ".join(str(row[k] or "") for k in ("source", "title", "meta"))
    found = [story for story, keys in GOLD.items() if any(key in label for key in keys)]
    assert len(found) == 1, (label[:120], found)
    return found[0]


def clusters(db):
    rows = db.conn.execute(
        """SELECT sa.story_id, a.source, a.title, a.meta, a.language FROM story_articles sa
           JOIN articles a ON a.id = sa.article_id"""
    ).fetchall()
    return rows


def test_sample_clusters_into_its_five_stories(sample_db):
    rows = clusters(sample_db)
    assert len(rows) == 35  # every article, duplicates included
    gold_to_found: dict[str, set[str]] = {}
    for row in rows:
        gold_to_found.setdefault(gold_story(row), set()).add(row["story_id"])
    assert all(len(found) == 1 for found in gold_to_found.values()), gold_to_found
    assert len({next(iter(f)) for f in gold_to_found.values()}) == 5


def test_greek_and_english_reports_of_one_development_share_a_story(sample_db):
    by_story: dict[str, set[str]] = {}
    for row in clusters(sample_db):
        if gold_story(row) == "iran":
            by_story.setdefault(row["story_id"], set()).add(row["language"])
    (languages,) = by_story.values()
    assert {"el", "en", "de", "fr", "ru"} <= languages


def test_same_topic_different_event_stays_apart(sample_db):
    stories = {gold_story(r): r["story_id"] for r in clusters(sample_db)}
    assert stories["athens_fire"] != stories["portugal_fire"]


def test_story_ids_are_stable_across_runs_and_reingest_changes_nothing(sample_db, tmp_path):
    again = ingest_sample()
    assert {r["story_id"] for r in clusters(again)} == {r["story_id"] for r in clusters(sample_db)}
    before = story_list(again)
    ingest(again, [str(sample.root())], Settings(manifest=str(sample.manifest())))
    assert story_list(again) == before


def test_story_titles_in_english_and_per_language(sample_db):
    stories = {s["title"]: s for s in story_list(sample_db)}
    assert any("Lavrov" in title for title in stories)
    iran = next(s for s in story_list(sample_db) if "Iran" in s["title"])
    detail = story_detail(sample_db, iran["id"])
    assert "Ιράν" in detail["titles"]["el"] and detail["titles"]["en"] == iran["title"]
    assert {"el", "en"} <= set(detail["languages"])


def test_a_sentence_asserting_several_events_is_one_timeline_entry_per_status(sample_db):
    iran = next(s for s in story_list(sample_db) if "Iran" in s["title"])
    claims = [e for e in story_detail(sample_db, iran["id"])["timeline"] if e["kind"] == "claim"]
    keys = [(e["citation"]["article_id"], e["citation"]["start"], e["status"]) for e in claims]
    assert len(keys) == len(set(keys))
    condemned = [e for e in claims if "condemned Iran" in e["citation"]["text"]]
    assert len(condemned) == 1  # "condemned … transfer …, calling it … threat": three events


def test_list_filters_by_language_and_date(sample_db):
    italian = story_list(sample_db, language="it")
    assert len(italian) == 1 and "ECB" in italian[0]["title"]
    late = story_list(sample_db, since="2024-09-13")
    assert [s["articles"] for s in late] == [5]  # only the Portugal fires


def test_timeline_is_dated_and_cites_sentences(sample_db):
    iran = next(s for s in story_list(sample_db) if "Iran" in s["title"])
    detail = story_detail(sample_db, iran["id"])
    dates = [e["date"] for e in detail["timeline"] if e["date"]]
    assert dates == sorted(dates)
    published = [e["date"] for e in detail["timeline"] if e["kind"] == "article" and e["date"]]
    assert published[0] == "2024-09-03"
    earlier = [e for e in detail["timeline"] if e["date"] and e["date"] < published[0]]
    # claims dated by the events they assert: "warned in August", "élu en juillet"
    assert {"2024-08", "2024-07"} <= {e["date"] for e in earlier}
    assert all(e["kind"] == "claim" for e in earlier)
    for entry in detail["timeline"]:
        cite = entry["citation"]
        text = sample_db.get_document(cite["article_id"]).text
        assert text[cite["start"] : cite["end"]].strip() == cite["text"]
    actors = [d for d in detail["developments"] if d["kind"] == "new_actor"]
    assert any(d["entity_id"] == "org:wsj" and d["date"] == "2024-09-07" for d in actors)


def test_no_claims_table_means_no_claims(sample_db):
    assert load_claims(sample_db.conn, ["x"]) == []


@pytest.fixture(scope="module")
def claims_db():
    """The worked case as the pipeline stores it: expected in early September (Bloomberg,
    European officials), confirmed days later (WSJ, a US official), in Greek and English."""
    db = Database(":memory:")
    ingest(db, [str(FIXTURES / "missiles.jsonl")])
    (story,) = story_list(db)
    return db, story["id"]


def test_claims_give_status_changes_and_contradictions(claims_db):
    db, story_id = claims_db
    detail = story_detail(db, story_id)
    assert sorted(detail["languages"]) == ["el", "en"]
    changes = {tuple(d["statuses"]): d for d in detail["developments"]
               if d["kind"] == "status_change"}  # fmt: skip
    confirmed = changes[("expected", "confirmed")]
    assert confirmed["date"] == "2024-09-10"
    before, after = confirmed["citations"]
    assert before["published"] == "2024-09-06" and "expect" in before["text"]
    assert "confirmed" in after["text"] and after["outlet"] == "Reuters"
    greek = [(e["date"], e["status"]) for e in detail["timeline"]
             if e["kind"] == "claim" and e["citation"]["language"] == "el"]  # fmt: skip
    assert ("2024-09-07", "expected") in greek and ("2024-09-11", "confirmed") in greek
    disputes = [d for d in detail["developments"] if d["kind"] == "contradiction"]
    assert disputes and {"confirmed", "negated"} <= set(disputes[0]["statuses"])


def test_briefing_cites_sentences_and_escapes_html(claims_db):
    db, story_id = claims_db
    markdown = render(build_briefing(db, story_id), "md")
    assert "## What changed" in markdown and "expected → confirmed" in markdown
    assert "[1]" in markdown and "Sources" in markdown and "Bloomberg" in markdown
    db.conn.execute(
        "UPDATE story_titles SET title = '<script>alert(1)</script>' WHERE story_id = ?",
        (story_id,),
    )
    page = render(build_briefing(db, story_id), "html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('<li id="src') >= 4


def test_cli_stories_story_and_brief(tmp_path):
    path = str(tmp_path / "news.db")
    ingest_sample(path).close()
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["stories", "--db", path, "--json"]).output)
    assert len(listed) == 5
    story_id = listed[0]["id"]
    shown = runner.invoke(cli, ["story", story_id[:8], "--db", path])
    assert shown.exit_code == 0 and "Timeline" in shown.output
    briefing = runner.invoke(cli, ["brief", story_id, "--db", path, "--format", "html"])
    assert briefing.exit_code == 0 and briefing.output.startswith("<!doctype html>")
    missing = runner.invoke(cli, ["story", "nope", "--db", path])
    assert missing.exit_code != 0


def doc(text: str, language: str, published: str, entities: list[str]) -> Document:
    from newsloom.document import Mention

    document = Document(source="t", raw=text, text=text, language=language, published=published)
    document.sentences = [Span(0, len(text))]
    document.mentions = [Mention(0, 1, "x", "LOC", entity_id=e) for e in entities]
    return document


def test_concepts_are_shared_across_languages():
    greek = article_features(doc("Μεγάλη πυρκαγιά κοντά στην πόλη", "el", "2024-09-05", []))
    german = article_features(doc("Großer Waldbrand nahe der Stadt", "de", "2024-09-05", []))
    assert "c:fire" in greek.neutral and "c:fire" in german.neutral
    assert not set(greek.lexical) & set(german.lexical)


def test_time_keeps_apart_the_same_actors_weeks_later():
    conn = Database(":memory:").conn
    clusterer = StoryClusterer(conn, StorySettings())
    places = ["country:TR", "city:323786", "org:afad"]
    first = clusterer.add(doc("Earthquake of magnitude 6 hits Turkey", "en", "2024-03-01", places))
    same = clusterer.add(doc("Earthquake in Turkey: rescuers search", "en", "2024-03-02", places))
    later = clusterer.add(doc("Earthquake of magnitude 5 hits Turkey", "en", "2024-05-20", places))
    assert first.new and same.story_id == first.story_id
    assert later.new and later.story_id != first.story_id


def test_claim_view_is_the_documented_interface():
    view = ClaimView("c1", "a1", 0, 5, "text", "expected", ("country:IR",))
    assert view.source is None


def test_find_story_id_accepts_prefixes(sample_db):
    story_id = story_list(sample_db)[0]["id"]
    assert find_story_id(sample_db, story_id[1:9]) == story_id
    assert find_story_id(sample_db, "zzz") is None


def test_claims_table_from_another_shape_is_read(tmp_path):
    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE TABLE claims (id, article_id, start, "end", text, status, entity_ids)')
    conn.execute("INSERT INTO claims VALUES (1, 'a', 0, 4, 'text', 'planned', 'country:IR,org:un')")
    conn.execute("INSERT INTO claims VALUES (2, 'a', 5, 9, 'text', 'unknown-status', '[]')")
    (claim,) = load_claims(conn, ["a"])
    assert claim.entity_ids == ("country:IR", "org:un") and claim.status == "planned"
