"""The bundled sample corpus ingests cleanly and shows every noise case it was written for."""

import pytest

from newsloom import Database, Settings, ingest, sample


@pytest.fixture(scope="module")
def sample_db():
    db = Database(":memory:")
    report = ingest(db, [str(sample.root())], Settings(manifest=str(sample.manifest())))
    assert not report.problems, report.problems
    return db


def rows(db, name=""):
    """Articles whose source path contains `name` (all articles for "")."""
    query = "SELECT * FROM articles WHERE source LIKE ? ORDER BY rowid"
    return db.conn.execute(query, (f"%{name}%",)).fetchall()


def test_size_and_languages(sample_db):
    languages = {r["language"] for r in rows(sample_db)}
    assert 30 <= len(rows(sample_db)) <= 40
    assert {"el", "en", "de", "fr", "ru", "es"} <= languages


def test_concatenated_file_is_split_into_its_articles(sample_db):
    titles = [r["title"] for r in rows(sample_db, "concatenated_world_desk.txt")]
    assert titles == [
        "Portugal wildfires kill seven as thousands of firefighters battle blazes near Aveiro",
        "G7 foreign ministers condemn Iran's missile transfers to Russia",
        "Λαβρόφ για Τραμπ: «Δεν τρέφουμε αυταπάτες»",
    ]


def test_legacy_encodings_and_missing_titles(sample_db):
    (greek,) = rows(sample_db, "kathimerini_cp1253.txt")
    assert greek["language"] == "el" and "Ιράν" in greek["text"]
    (russian,) = rows(sample_db, "rbc_cp1251.txt")
    assert russian["language"] == "ru"
    for name in ("lefigaro_lavrov_trump_fr.txt", "france24_incendie_attique_fr.txt"):
        (article,) = rows(sample_db, name)
        assert article["title"] is None and article["language"] == "fr"


def test_syndicated_copies_are_linked(sample_db):
    (reuters,) = rows(sample_db, "reuters_ecb_rate_cut_en.txt")
    for name in ("usnews_ecb_rate_cut_en.txt", "investing_ecb_rate_cut_en.txt"):
        (copy,) = rows(sample_db, name)
        assert (copy["duplicate_of"], copy["duplicate_kind"]) == (reuters["id"], "near")
    (original,) = rows(sample_db, "reuters_lavrov_trump_en.txt")
    (yahoo,) = rows(sample_db, "yahoo_lavrov_trump_en.txt")
    assert (yahoo["duplicate_of"], yahoo["duplicate_kind"]) == (original["id"], "exact")
    assert yahoo["outlet"] == "Yahoo News"


def test_dates_from_datelines_and_none_invented(sample_db):
    (tass,) = rows(sample_db, "tass_lavrov_trump.txt")
    assert tass["published"] == "2024-09-10"
    (france24,) = rows(sample_db, "france24_incendie_attique_fr.txt")
    assert france24["published"] is None
