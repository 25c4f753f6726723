"""Events: types, actors and recipients by clause, factuality with cue scope, source chains,
claims as event mentions, storage, the `events` command and developments across languages."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from newsloom import Database, Pipeline, Settings, ingest
from newsloom.cli import cli
from newsloom.ingest import read_text
from newsloom.stories import story_detail, story_list

from .conftest import FIXTURES, load_benchmark

PIPELINE = Pipeline.from_settings(Settings())


def events_of(text: str, language: str = "en", outlet: str = "AFP"):
    return PIPELINE(read_text(text, outlet=outlet, language=language)).events


def only(text: str, language: str = "en"):
    found = events_of(text, language)
    assert len(found) == 1, [(e.type, e.trigger) for e in found]
    return found[0]


def ids(arguments) -> list[str | None]:
    return [a.resolved_id for a in arguments]


@pytest.mark.parametrize(
    ("text", "language", "actors", "recipients", "kind"),
    [
        ("Iran has delivered short-range ballistic missiles to Russia.", "en",
         ["country:IR"], ["country:RU"], "missile"),
        ("Iran's delivery of drones to Russia was confirmed on Monday.", "en",
         ["country:IR"], ["country:RU"], "drone"),
        ("The missiles were finally delivered to Russia by Iran.", "en",
         ["country:IR"], ["country:RU"], "missile"),
        ("Iran and North Korea sent weapons to Russia.", "en",
         ["country:IR", "country:KP"], ["country:RU"], "weapon"),
        ("Iran, which sent drones to Russia, faces new sanctions from the EU.", "en",
         ["country:IR"], ["country:RU"], "drone"),
        ("Russia received hundreds of drones from Iran last year.", "en",
         ["country:IR"], ["country:RU"], "drone"),
        ("Η Τεχεράνη διέψευσε ότι έχει στείλει όπλα στη Μόσχα.", "el",
         ["country:IR"], ["country:RU"], "weapon"),
        ("Οι ιρανικοί πύραυλοι παραδόθηκαν στη Ρωσία.", "el",
         ["country:IR"], ["country:RU"], "missile"),
    ],
)  # fmt: skip
def test_actors_and_recipients_by_clause_structure(text, language, actors, recipients, kind):
    event = next(e for e in events_of(text, language) if e.type == "AID")
    assert ids(event.actors) == actors and ids(event.recipients) == recipients
    assert event.object_kind == kind and event.cameo == "07" and event.mode == "military"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Western officials say the first Iranian drones could reach Russia by March.", "en"),
        ("Iranian artillery shells arrived in Russia on Sunday, port data showed.", "en"),
        ("The rockets will be delivered to Russia by Iran before winter.", "en"),
        ("Οι ιρανικοί πύραυλοι θα φτάσουν στη Ρωσία μέσα σε λίγες εβδομάδες, λένε διπλωμάτες.",
         "el"),
        ("Τα ιρανικά drones έφτασαν τη Ρωσία μέσω Κασπίας.", "el"),
        ("Según fuentes europeas, los drones iraníes podrían llegar a Rusia en marzo.", "es"),
    ],
)  # fmt: skip
def test_an_arrival_takes_its_recipient_after_a_preposition_or_as_its_object(text, language):
    event = next(e for e in events_of(text, language) if e.type == "AID")
    assert ids(event.actors) == ["country:IR"] and ids(event.recipients) == ["country:RU"]


@pytest.mark.parametrize(
    ("text", "language", "noun"),
    [
        ("Iran sent more drones to Russia in May. The shipment was carried by sea, two "
         "officials said.", "en", "shipment"),
        ("Το Ιράν έστειλε πυρομαχικά στη Ρωσία τον Μάιο. Η αποστολή έγινε δια θαλάσσης, "
         "σύμφωνα με αξιωματούχους.", "el", "αποστολή"),
        ("Irán envió drones a Rusia en mayo. El envío se realizó por mar, según dos "
         "funcionarios.", "es", "envío"),
    ],
)  # fmt: skip
def test_a_definite_nominalisation_tells_the_event_of_the_sentence_before(text, language, noun):
    told, retold = events_of(text, language)
    assert retold.trigger == noun and retold.type == told.type == "AID"
    assert ids(retold.actors) == ["country:IR"] and ids(retold.recipients) == ["country:RU"]
    assert retold.object == told.object and retold.object_kind == told.object_kind


@pytest.mark.parametrize(
    "text",
    [
        "Iran sent drones to Russia in May. A shipment of rifles left Minsk on Monday.",
        "Iran sent drones to Russia in May. The shipment of rifles was stopped at the border.",
        "Iran sent drones to Russia in May. Prices rose in Tehran. The shipment was late.",
    ],
)
def test_only_a_bare_definite_noun_right_after_its_event_refers_back(text):
    retold = [e for e in events_of(text) if e.trigger == "shipment"]
    assert retold and not retold[0].actors and not retold[0].recipients


def test_capitals_stand_for_countries_and_passive_targets():
    event = only("Kyiv was struck by Russian missiles overnight.")
    assert (event.type, ids(event.actors), ids(event.recipients)) == (
        "ASSAULT", ["country:RU"], ["country:UA"])  # fmt: skip
    event = only("Η Ρωσία επιτέθηκε στο Κίεβο τη Δευτέρα.", "el")
    assert ids(event.actors) == ["country:RU"] and ids(event.recipients) == ["country:UA"]


@pytest.mark.parametrize(
    ("text", "language", "factuality"),
    [
        ("Moscow has no doubt that Iran delivered the drones.", "en", "asserted"),
        ("Iran promised not to send missiles to Russia.", "en", "negated"),
        ("The missiles, which Tehran did not declare, arrived in Russia.", "en", "asserted"),
        ("Iran sent missiles to Russia, officials confirmed.", "en", "confirmed"),
        ("A Kremlin spokesman did not confirm that the missiles had arrived.", "en", "negated"),
        ("Iran denied that it had sent drones to Russia.", "en", "denied"),
        ("European officials expect Iranian missiles to arrive in Russia soon.", "en",
         "expected"),
        ("Tehran plans to send more drones to Russia this year.", "en", "planned"),
        ("If Iran sends missiles, the EU could respond.", "en", "hypothetical"),
        ("Η Μόσχα δεν έχει καμία αμφιβολία ότι το Ιράν έστειλε τα drones.", "el", "asserted"),
        ("Η κίνηση αναμένεται να δώσει στη Μόσχα νέα όπλα.", "el", "expected"),
        ("«Δεν έχουμε παραδώσει κανέναν πύραυλο στη Ρωσία», δήλωσε ο υπουργός.", "el",
         "negated"),
    ],
)  # fmt: skip
def test_factuality_follows_cue_scope(text, language, factuality):
    event = events_of(text, language)[0]
    assert event.factuality == factuality, (event.trigger, event.cue)


def test_negated_modal_negates_only_its_own_verb():
    found = events_of("Moscow would not discuss its military cooperation with Tehran.")
    assert [(e.type, e.factuality) for e in found] == [
        ("CONSULT", "negated"), ("COOPERATE", "asserted")]  # fmt: skip


def test_first_person_in_a_quote_is_the_speakers_country():
    event = only("“We have never sent missiles to Russia,” Iranian Foreign Minister Abbas "
                 "Araghchi said.")  # fmt: skip
    assert ids(event.actors) == ["country:IR"] and event.factuality == "negated"
    assert [s.text for s in event.chain] == ["AFP", "Abbas Araghchi"] and event.quote == 0


def test_offsets_point_into_the_text():
    doc = PIPELINE(read_text("Officials expect that Iran will deliver drones to Russia.",
                             outlet="AFP", language="en"))  # fmt: skip
    (event,) = doc.events
    assert doc.text[slice(*event.trigger_span)] == event.trigger == "deliver"
    assert doc.text[slice(*event.cue_span)] == event.cue == "expect"
    for argument in (*event.actors, *event.recipients, event.object):
        assert doc.text[argument.start : argument.end] == argument.text


def test_a_sentence_without_an_event_is_no_claim():
    doc = PIPELINE(read_text("Sergei Lavrov spoke to reporters in Moscow on Monday. Iran sent "
                             "drones to Russia, officials said.", outlet="AFP",
                             language="en"))  # fmt: skip
    (claim,) = doc.claims
    assert claim.text.startswith("Iran sent drones to Russia") and claim.status == "reported"
    assert claim.event == 0 and doc.events[0].quote == claim.quote


@pytest.fixture
def worked_db(tmp_path):
    path = tmp_path / "worked.db"
    db = Database(path)
    ingest(db, [str(FIXTURES / "worked_case_events.jsonl")])
    return db, str(path)


def test_worked_case_one_event_two_languages_expected_then_confirmed(worked_db):
    db, _ = worked_db
    aid = [e for e in db.events(event_type="AID")]
    delivered = [e for e in aid if e["actor_ids"] == ["country:IR"]
                 and e["recipient_ids"] == ["country:RU"]]  # fmt: skip
    assert {e["factuality"] for e in delivered} == {"expected", "confirmed", "denied"}
    confirmed = next(e for e in delivered if e["factuality"] == "confirmed")
    assert [s["text"] for s in confirmed["chain"]] == [
        "Καθημερινή", "Wall Street Journal", "Αμερικανός αξιωματούχος"]  # fmt: skip
    expected = next(e for e in delivered if e["factuality"] == "expected")
    assert expected["chain"][-1]["anonymous"] and expected["object_kind"] == "missile"
    story = next(s for s in story_list(db) if s["articles"] >= 2)
    detail = story_detail(db, story["id"])
    changes = {tuple(d["statuses"]): d for d in detail["developments"]
               if d["kind"] == "status_change"}  # fmt: skip
    move = changes[("expected", "confirmed")]
    assert [c["language"] for c in move["citations"]] == ["en", "el"]
    assert "arrive in Russia" in move["citations"][0]["text"]
    assert "παρέδωσε" in move["citations"][1]["text"]
    disputes = [d for d in detail["developments"] if d["kind"] == "contradiction"]
    assert disputes and {"confirmed", "denied"} <= set(disputes[0]["statuses"])


def test_events_command_filters_and_claims_show_their_event(worked_db):
    db, path = worked_db
    runner = CliRunner()
    result = runner.invoke(cli, ["events", "--db", path, "--type", "AID", "--actor", "Ιράν",
                                 "--status", "confirmed", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.output)
    assert event["trigger"] == "παρέδωσε" and event["lat"] is None  # στη Ρωσία: the recipient
    assert (event["date"], event["date_source"]) == ("2024-09-11", "published")
    result = runner.invoke(cli, ["events", "--db", path, "--type", "AID", "--json"])
    keys = {e["event"] for e in json.loads(result.output)
            if e["actor_ids"] == ["country:IR"]}  # fmt: skip
    assert len(keys) == 1  # one event, mentioned in English and in Greek
    result = runner.invoke(cli, ["claims", "--db", path, "--status", "expected", "--json"])
    claim = json.loads(result.output)[0]
    assert claim["event"]["type"] == "AID" and claim["event_id"] == claim["event"]["id"]
    result = runner.invoke(cli, ["events", "--db", path, "--actor", "Atlantis"])
    assert result.exit_code == 1


def test_stores_from_before_events_stay_readable(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    ingest(db, [str(FIXTURES / "missiles.jsonl")])
    db.close()
    conn = sqlite3.connect(path)  # as version 6 left it: no events, times or places
    conn.executescript("DROP TABLE event_entities; DROP TABLE events; DROP TABLE timexes; "
                       "DROP TABLE places; ALTER TABLE claims DROP COLUMN event_id; "
                       "PRAGMA user_version = 6;")  # fmt: skip
    conn.close()
    db = Database(path)
    assert db.schema_version >= 7 and db.events() == []
    assert all(c["event_id"] is None for c in db.claims())
    story = story_list(db)[0]
    assert story_detail(db, story["id"])["developments"] is not None


def test_web_article_highlights_triggers_and_lists_events(worked_db):
    from fastapi.testclient import TestClient

    from newsloom.web import create_app

    db, path = worked_db
    client = TestClient(create_app(path))
    greek = next(e for e in db.events() if e["trigger"] == "παρέδωσε")
    page = client.get(f"/articles/{greek['article_id']}").text
    assert f'<a class="trigger" href="#event-{greek["id"]}"' in page and ">παρέδωσε</a>" in page
    assert f'id="event-{greek["id"]}"' in page and "CAMEO 07" in page
    record = client.get(f"/api/articles/{greek['article_id']}").json()
    assert [e["id"] for e in record["events"]] == [greek["id"]]
    story = next(s for s in story_list(db) if s["articles"] >= 2)
    page = client.get(f"/stories/{story['id']}").text
    assert "AID Iran → Russia (missile): expected → confirmed" in page


def test_hostile_text_around_a_trigger_is_escaped(tmp_path):
    from fastapi.testclient import TestClient

    from newsloom.web import create_app

    path = tmp_path / "hostile.db"
    db = Database(path)
    text = "Iran delivered <script>alert(1)</script> drones to Russia on Monday."
    ingest(db, [str(_jsonl(tmp_path, text))])
    (event,) = db.events()
    page = TestClient(create_app(path)).get(f"/articles/{event['article_id']}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def _jsonl(folder, text: str):
    path = folder / "hostile.jsonl"
    record = {"outlet": "AFP", "language": "en", "published": "2024-09-01", "text": text}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_event_suite_scores_hold():
    """The multilingual event suite (tests/fixtures/event_suite.jsonl) as the benchmark scores
    it; these floors sit a little under the figures in docs/quality.md."""
    scores = load_benchmark("events_eval").evaluate_suite(pipeline=PIPELINE)
    assert scores["all"]["items"] >= 150
    assert {language for language in scores} >= {"el", "en", "de", "fr", "es", "ru"}
    for language in ("el", "en"):
        assert scores[language]["found"] >= 0.95 and scores[language]["factuality"] >= 0.95
    assert scores["all"]["actor"] >= 0.85 and scores["all"]["recipient"] >= 0.85
    assert scores["all"]["factuality"] >= 0.95 and scores["all"]["chain"] >= 0.9


def test_upetrarch_records_are_read_whatever_the_attribute_order(tmp_path):
    path = tmp_path / "v.xml"
    path.write_text(
        '<Sentences>\n<Sentence id="a" date="20180101">\n'
        '<EventText eid="E1" eventtext="atacaron" sourcetext="Los rebeldes" targettext="" />\n'
        '<EventCoding eid="E1" eventcode="19" plover="ASSAULT" sourcecode="---REB" '
        'targetcode="---" />\n<Text>\nLos rebeldes atacaron.\n</Text>\n<Parse>x</Parse>\n'
        '<Sentence id="b"/>\n<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />\n'
        "<Text>\nThe US leader went to Beijing.\n</Text>\n</Sentences>\n",
        encoding="utf-8",
    )
    module = load_benchmark("events_eval")
    (first, gold), (second, codes) = module.read_upetrarch(path)
    assert first == "Los rebeldes atacaron." and gold[0].plover == "ASSAULT"
    assert gold[0].source_text == "Los rebeldes" and codes[0].code == "042"
    assert module.country_of("USAGOV") == "US" and module.country_of("---REB") is None
