"""Entities: recognised in every language, one identity across languages and scripts."""

import json

import pytest
from click.testing import CliRunner

from newsloom import Database, ingest
from newsloom.analyze.entities import recogniser
from newsloom.analyze.sentences import split_sentences
from newsloom.cli import cli
from newsloom.records import analyze

GREEK = (
    "Σύμφωνα με τη Wall Street Journal, το Ιράν παρέδωσε βαλλιστικούς πυραύλους στη Ρωσία. "
    "Αμερικανός αξιωματούχος επιβεβαίωσε ότι «παραδόθηκαν τελικά». Ο Ιρανός πρόεδρος Μασούντ "
    "Πεζεσκιάν δήλωσε ότι η Τεχεράνη δεν στέλνει όπλα, ενώ η Μόσχα αρνήθηκε. Οι G7 και τα "
    "Ηνωμένα Έθνη ανησυχούν για τους ιρανικούς πυραύλους στα χέρια της Ρωσίας και των ΗΠΑ."
)
ENGLISH = (
    "European officials expect Iranian missiles to arrive in Russia soon, Bloomberg reported, "
    "citing people familiar with the matter. Russia's Foreign Minister Sergei Lavrov said the "
    "claims were false. A senior US official said the White House was watching. Lavrov added "
    "that Moscow would respond."
)


def mentions(text: str, language: str):
    return recogniser(language).find(text, split_sentences(text, language))


def by_text(found, text):
    return next(m for m in found if m.text == text)


def test_greek_places_organisations_and_inflected_names():
    found = mentions(GREEK, "el")
    assert by_text(found, "Wall Street Journal").entity_id == "org:wsj"
    assert by_text(found, "Ρωσία").entity_id == "country:RU"
    assert by_text(found, "Ρωσίας").entity_id == "country:RU"  # genitive
    moscow = by_text(found, "Μόσχα")
    assert (moscow.entity_id, moscow.stands_for) == ("city:524901", "country:RU")
    assert by_text(found, "ΗΠΑ").entity_id == "country:US"
    assert by_text(found, "Ηνωμένα Έθνη").entity_id == "org:un"
    assert by_text(found, "G7").entity_id == "org:g7"
    assert by_text(found, "ιρανικούς").entity_id == "country:IR"  # a demonym
    person = by_text(found, "Μασούντ Πεζεσκιάν")
    assert (person.type, person.role) == ("PER", "president")
    source = next(m for m in found if m.anonymous)
    assert (source.text, source.country) == ("Αμερικανός αξιωματούχος", "US")


def test_english_possessives_roles_surnames_and_anonymous_sources():
    found = mentions(ENGLISH, "en")
    assert by_text(found, "Russia").entity_id == "country:RU"  # "Russia's"
    lavrov = by_text(found, "Sergei Lavrov")
    assert (lavrov.type, lavrov.role) == ("PER", "foreign minister")
    surname = [m for m in found if m.text == "Lavrov"]
    assert surname and surname[0].name == "Sergei Lavrov"
    anonymous = {m.text: m.country for m in found if m.anonymous}
    assert anonymous["senior US official"] == "US"
    assert "people familiar with the matter" in anonymous
    assert by_text(found, "White House").type == "ORG"
    assert by_text(found, "Bloomberg").entity_id == "org:bloomberg"


def test_sentence_openers_and_common_words_are_not_names():
    found = mentions(
        "The talks ended. However, Monday brought news. Split decisions are rare.", "en"
    )
    assert [m.text for m in found] == []


def write_jsonl(path, articles):
    path.write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n", encoding="utf-8"
    )
    return str(path)


ACROSS_SCRIPTS = [
    {"language": "el", "outlet": "Kathimerini", "title": "Ο Πεζεσκιάν στη Νέα Υόρκη",
     "text": "Ο πρόεδρος του Ιράν Μασούντ Πεζεσκιάν συναντήθηκε με τον Σεργκέι Λαβρόφ. "
             "Ο Λαβρόφ είπε ότι η Μόσχα στηρίζει την Τεχεράνη. Ο Πεζεσκιάν ευχαρίστησε."},
    {"language": "en", "outlet": "Reuters", "title": "Pezeshkian meets Lavrov",
     "text": "Iranian President Masoud Pezeshkian met Russian Foreign Minister Sergei Lavrov. "
             "Lavrov said Moscow supported Tehran. Pezeshkian thanked him."},
    {"language": "ru", "outlet": "TASS", "title": "Пезешкиан встретился с Лавровым",
     "text": "Президент Ирана Масуд Пезешкиан встретился с министром иностранных дел России "
             "Сергеем Лавровым. Лавров заявил, что Москва поддерживает Тегеран."},
]  # fmt: skip


@pytest.fixture(scope="module")
def across_scripts(tmp_path_factory):
    path = write_jsonl(tmp_path_factory.mktemp("across") / "wire.jsonl", ACROSS_SCRIPTS)
    return analyze([path])


def entity_of(result, text):
    ids = {m["entity_id"] for m in result["mentions"] if m["text"] == text}
    assert len(ids) == 1, (text, ids)
    return ids.pop()


def test_one_identity_across_scripts(across_scripts):
    pezeshkian = entity_of(across_scripts, "Masoud Pezeshkian")
    assert entity_of(across_scripts, "Μασούντ Πεζεσκιάν") == pezeshkian
    assert entity_of(across_scripts, "Масуд Пезешкиан") == pezeshkian
    assert entity_of(across_scripts, "Πεζεσκιάν") == pezeshkian
    lavrov = entity_of(across_scripts, "Sergei Lavrov")
    assert entity_of(across_scripts, "Λαβρόφ") == lavrov
    assert entity_of(across_scripts, "Лавров") == lavrov
    assert (
        entity_of(across_scripts, "Μόσχα") == entity_of(across_scripts, "Moscow") == "city:524901"
    )
    assert entity_of(across_scripts, "Τεχεράνη") == entity_of(across_scripts, "Тегеран")


def test_entity_records_carry_names_per_language(across_scripts):
    pezeshkian = entity_of(across_scripts, "Masoud Pezeshkian")
    record = next(e for e in across_scripts["entities"] if e["id"] == pezeshkian)
    assert record["name"] == "Masoud Pezeshkian" and record["type"] == "PER"
    assert {"el", "en", "ru"} <= set(record["names"])
    moscow = next(e for e in across_scripts["entities"] if e["id"] == "city:524901")
    assert (moscow["geonames_id"], moscow["country"], moscow["stands_for"]) == (
        524901,
        "RU",
        "country:RU",
    )


def test_different_people_with_one_surname_stay_apart(tmp_path):
    articles = [
        {"language": "en", "outlet": "AP", "title": "Trump rally",
         "text": "Donald Trump spoke in Ohio on Monday. Trump promised lower prices."},
        {"language": "en", "outlet": "AP", "title": "Ivanka Trump",
         "text": "Ivanka Trump attended a gala in New York. She did not speak to reporters."},
        {"language": "en", "outlet": "AP", "title": "Korea",
         "text": "Kim Jong-un inspected a missile site, state media said. Kim Jong-il died in 2011."},
    ]  # fmt: skip
    result = analyze([write_jsonl(tmp_path / "people.jsonl", articles)])
    assert entity_of(result, "Donald Trump") != entity_of(result, "Ivanka Trump")
    assert entity_of(result, "Trump") == entity_of(result, "Donald Trump")
    assert entity_of(result, "Kim Jong-un") != entity_of(result, "Kim Jong-il")


def test_entity_command_finds_a_person_by_any_script(tmp_path):
    db_path = tmp_path / "news.db"
    ingest(Database(db_path), [write_jsonl(tmp_path / "wire.jsonl", ACROSS_SCRIPTS)])
    ids = set()
    for name in ("Pezeshkian", "Πεζεσκιάν", "Пезешкиан"):
        result = CliRunner().invoke(cli, ["entity", name, "--db", str(db_path), "--json"])
        assert result.exit_code == 0, result.output
        record = json.loads(result.output)
        ids.add(record["id"])
        assert len(record["articles"]) == 3
    assert len(ids) == 1
    table = CliRunner().invoke(cli, ["entities", "--db", str(db_path)])
    assert "Masoud Pezeshkian" in table.output


def test_german_common_nouns_are_not_names():
    text = (
        "Der Verein zahlte 20 Millionen Euro. Trainer Jürgen Klopp lobte die Mannschaft in Mainz."
    )
    found = {(m.text, m.type) for m in mentions(text, "de")}
    assert not any("Millionen" in t or t == "Euro" or "Mannschaft" in t for t, _ in found)
    assert ("Jürgen Klopp", "PER") in found
    assert ("Mainz", "LOC") in found


def test_a_portfolio_after_a_role_is_no_name():
    found = {(m.text, m.type) for m in mentions("Η υπουργός Πολιτισμού Λίνα Μενδώνη μίλησε.", "el")}
    assert found == {("Λίνα Μενδώνη", "PER")}
    english = {m.text for m in mentions("The Minister of Health said nothing.", "en")}
    assert "Health" not in english


def test_names_in_the_nominative_for_ids_and_display(tmp_path):
    articles = [
        {"language": "ru", "outlet": "ТАСС", "title": "Переговоры",
         "text": "Министр встретился с Сергеем Лавровым и Марией Захаровой в Москве."},
        {"language": "el", "outlet": "ΕΡΤ", "title": "Δηλώσεις",
         "text": "Οι δηλώσεις του πρωθυπουργού Κυριάκου Μητσοτάκη έγιναν στην Αθήνα."},
    ]  # fmt: skip
    result = analyze([write_jsonl(tmp_path / "cases.jsonl", articles)])
    assert entity_of(result, "Сергеем Лавровым") == "person:sergey-lavrov"
    assert entity_of(result, "Марией Захаровой") == "person:mariya-zakharova"
    assert entity_of(result, "Κυριάκου Μητσοτάκη") == "person:kyriakos-mitsotakis"


def test_regions_initials_and_roles_inside_a_run():
    found = {(m.text, m.type) for m in mentions(
        "England beat Scotland in Europe. P. Simmons took 4-38. Cofinec CEO Stephen Frater left.",
        "en",
    )}  # fmt: skip
    assert {("England", "LOC"), ("Scotland", "LOC"), ("Europe", "LOC")} <= found
    assert ("P. Simmons", "PER") in found
    assert ("Stephen Frater", "PER") in found


def test_greek_openers_domains_and_acronyms_that_look_like_words():
    text = "Σύμφωνα με το naftemporiki.gr, το υπουργείο Υγείας και το ΕΣΥ απάντησαν."
    found = {(m.text, m.type) for m in mentions(text, "el")}
    assert {("naftemporiki.gr", "ORG"), ("υπουργείο Υγείας", "ORG"), ("ΕΣΥ", "ORG")} <= found


def test_a_verb_of_saying_makes_a_person():
    found = {(m.text, m.type) for m in mentions("Prices rose, Lebed said on Friday.", "en")}
    assert ("Lebed", "PER") in found
    assert ("World Cup", "PER") not in {
        (m.text, m.type) for m in mentions("He won the World Cup in Paris.", "en")
    }


def test_noun_lexicon_finds_forms_and_compounds_of_listed_nouns():
    from newsloom.langs.lexicon import NounLexicon

    nouns = NounLexicon(frozenset({"Regierung", "Jahr", "Minister"}))
    assert "Regierungen" in nouns and "Jahres" in nouns  # forms
    assert "Bundesregierung" in nouns and "Verteidigungsminister" in nouns  # compounds
    assert "Merkel" not in nouns and "Müller" not in nouns
    assert nouns.listed("Jahre") and not nouns.listed("Bundesregierung")


def test_cache_files_are_written_whole(tmp_path, monkeypatch):
    from newsloom.cache import cache_folder, write_whole

    monkeypatch.setenv("NEWSLOOM_CACHE", str(tmp_path / "cache"))
    target = cache_folder() / "example.txt"
    write_whole(target, "words\n")
    assert target.read_text(encoding="utf-8") == "words\n"
    assert [p.name for p in target.parent.iterdir()] == ["example.txt"]


def test_a_descriptor_before_a_name_makes_it_an_organisation():
    found = {(m.text, m.type) for m in mentions("Shares in carmaker Hyundai rose on Monday.", "en")}
    assert ("Hyundai", "ORG") in found
    russian = {(m.text, m.type) for m in mentions("Об этом сообщила компания Яндекс.", "ru")}
    assert ("Яндекс", "ORG") in russian
