"""The entity errors of issue 10, reproduced on fixtures of the same shapes (tests/fixtures/issue10).

Title Case headlines read as names, one person split in two, a fighter jet typed as a person,
the West as a person or an unknown word, and Greek names displayed in a news-matching spelling.
"""

import json
from pathlib import Path

import pytest

from newsloom import Database, Settings, ingest
from newsloom.analyze.entities import recogniser, title_case_lines
from newsloom.analyze.sentences import split_sentences
from newsloom.records import analyze

CASES = Path(__file__).parent / "fixtures" / "issue10"


def analysed(name: str) -> dict:
    return analyze([str(CASES / name)])


def headline_mentions(result: dict) -> list[dict]:
    title = result["articles"][0]["title"]
    return [m for m in result["mentions"] if m["end"] <= len(title)]


def display_names(db: Database) -> dict[str, str]:
    return {row["id"]: row["name"] for row in db.conn.execute("SELECT id, name FROM entities")}


@pytest.fixture(scope="module")
def lavrov() -> dict:
    return analysed("headline_lavrov_en.txt")


def test_title_case_lines_are_told_from_prose_and_lists():
    text = (
        "Lavrov Hails Trump's Remarks on Ukraine, Says Moscow Ready for Dialogue\n"
        "Russia's top diplomat welcomed remarks by Donald Trump on Tuesday.\n"
        "Talks with Iran Resume in Vienna After Long Pause\n"
        "Mike Hulbert, Brian Henninger, Tiger Woods, Steve Jurgenson\n"
        "Bury 4 Bristol City 0"
    )
    sentences = []
    offset = 0
    for line in text.split("\n"):
        sentences.append((offset, offset + len(line)))
        offset += len(line) + 1
    assert title_case_lines(text, sentences, "en") == [True, False, True, False, False]
    # German capitalises its nouns: no line of it is Title Case.
    german = "Neue Sanktionen Gegen Russland Beschlossen"
    assert title_case_lines(german, [(0, len(german))], "de") == [False]


def test_a_title_case_headline_names_only_what_the_prose_names(lavrov):
    found = {(m["text"], m["type"], m["entity_id"]) for m in headline_mentions(lavrov)}
    assert found == {
        ("Lavrov", "PER", "person:sergei-lavrov"),
        ("Trump", "PER", "person:donald-trump"),
        ("Ukraine", "LOC", "country:UA"),
        ("Moscow", "LOC", "city:524901"),
    }


def test_headline_verbs_and_nouns_are_no_names():
    result = analysed("headline_missiles_en.txt")
    texts = {m["text"] for m in result["mentions"]}
    assert not texts & {"Expect Iranian Rockets", "Arrive", "Soon", "Rockets"}
    assert {m["text"] for m in headline_mentions(result) if not m["anonymous"]} == {
        "European",
        "Iranian",
        "Russia",
    }


def test_one_person_whether_named_in_the_headline_or_the_body(lavrov):
    trump = {m["entity_id"] for m in lavrov["mentions"] if "Trump" in m["text"]}
    assert trump == {"person:donald-trump"}
    names = {e["id"]: e["name"] for e in lavrov["entities"]}
    assert names["person:donald-trump"] == "Donald Trump"
    assert not any("Hails" in name or "Praises" in name for name in names.values())


def test_an_all_caps_headline_takes_names_from_the_prose_too():
    text = (
        "LAVROV HAILS TRUMP REMARKS, SAYS MOSCOW READY\n"
        "Foreign Minister Sergei Lavrov welcomed remarks by Donald Trump on Tuesday."
    )
    found = recogniser("en").find(text, [(0, 45), (46, len(text))])
    headline = {(m.text, m.type, m.name) for m in found if m.end <= 45}
    assert headline == {
        ("LAVROV", "PER", "Sergei Lavrov"),
        ("TRUMP", "PER", "Donald Trump"),
        ("MOSCOW", "LOC", None),
    }


def test_a_role_in_a_headline_still_makes_a_name():
    text = "President Pezeshkian Says Iran Wants Talks"
    found = {(m.text, m.type, m.role) for m in recogniser("en").find(text, [(0, len(text))])}
    assert found == {("Pezeshkian", "PER", "president"), ("Iran", "LOC", None)}


def test_a_fighter_jet_is_a_product_not_a_person(lavrov):
    jet = [m for m in lavrov["mentions"] if "Su-35" in m["text"]]
    assert [(m["text"], m["type"]) for m in jet] == [("Sukhoi Su-35", "MISC")]
    text = "Kyiv asked for more F-16 jets, and a Russian S-400 battery was hit in Crimea."
    found = {(m.text, m.type) for m in recogniser("en").find(text, split_sentences(text, "en"))}
    assert {("F-16", "MISC"), ("S-400", "MISC"), ("Kyiv", "LOC"), ("Crimea", "LOC")} <= found
    assert not any(kind == "PER" for _, kind in found)


def test_the_west_is_one_region_in_every_language(lavrov):
    english = {m["entity_id"] for m in lavrov["mentions"] if m["text"] == "West"}
    greek = {
        m["entity_id"] for m in analysed("pezeshkian_el.txt")["mentions"] if "Δύσ" in m["text"]
    }
    russian = {
        (m["text"], m["type"], m["entity_id"])
        for m in analysed("zapad_ru.txt")["mentions"]
        if m["text"].startswith("Запад")
    }
    assert english == greek == {"region:west"}
    assert {(t, kind) for t, kind, _ in russian} == {("Запад", "LOC"), ("Западом", "LOC")}
    assert {entity for _, _, entity in russian} == {"region:west"}
    assert {e["name"] for e in lavrov["entities"] if e["id"] == "region:west"} == {"the West"}


def test_west_opening_a_longer_name_is_not_the_west():
    text = "Kanye West toured West Africa before West Ham played the West Bank side."
    found = {(m.text, m.entity_id) for m in recogniser("en").find(text, [(0, len(text))])}
    assert not any(entity == "region:west" for _, entity in found)
    assert ("West Bank", "region:west_bank") in found


def test_a_greek_only_name_displays_in_elot_743():
    result = analysed("pezeshkian_el.txt")
    people = {e["id"]: e["name"] for e in result["entities"] if e["type"] == "PER"}
    assert people == {"person:masount-pezeskian": "Masount Pezeskian"}


@pytest.mark.parametrize("order", [("el", "en"), ("en", "el")])
def test_an_english_mention_gives_the_display_name_in_either_order(order):
    db = Database(":memory:")
    for language in order:
        ingest(db, [str(CASES / f"pezeshkian_{language}.txt")], Settings())
    people = {k: v for k, v in display_names(db).items() if k.startswith("person:")}
    assert list(people.values()) == ["Masoud Pezeshkian"]
    names = db.entity_names(next(iter(people)))
    assert "Μασούντ Πεζεσκιάν" in names["el"] and "Masoud Pezeshkian" in names["en"]
    db.close()


def test_the_display_name_improves_with_each_better_attested_form(tmp_path):
    steps = [
        ("el", "Ο Ιρανός πρόεδρος Πεζεσκιάν μίλησε στη Νέα Υόρκη.", "Pezeskian"),
        ("el", "Ο Ιρανός πρόεδρος Μασούντ Πεζεσκιάν μίλησε στη Νέα Υόρκη.", "Masount Pezeskian"),
        (
            "de",
            "Der iranische Präsident Massud Peseschkian sprach in New York.",
            "Massud Peseschkian",
        ),
        ("en", "Iranian President Masoud Pezeshkian spoke in New York.", "Masoud Pezeshkian"),
        ("de", "Der iranische Präsident Massud Peseschkian sprach erneut.", "Masoud Pezeshkian"),
        ("en", "Pezeshkian spoke again on Friday.", "Masoud Pezeshkian"),
    ]
    db = Database(":memory:")
    for number, (language, text, shown) in enumerate(steps):
        article = {"language": language, "title": f"Bericht {number}", "text": text}
        path = tmp_path / f"{number}.jsonl"
        path.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
        ingest(db, [str(path)], Settings())
        people = [v for k, v in display_names(db).items() if k.startswith("person:")]
        assert people == [shown], (language, text)
    db.close()
