"""Quotes, attribution chains and claim status, in Greek, English and four more languages."""

import json

import pytest
from click.testing import CliRunner

from newsloom import Database, Pipeline, Settings, ingest
from newsloom.analyze.quotes import find_quoted
from newsloom.cli import cli
from newsloom.ingest import read_text

from .conftest import FIXTURES, load_benchmark

PIPELINE = Pipeline.from_settings(Settings())


def quotes_of(text: str, language: str, outlet: str = "AFP"):
    doc = PIPELINE(read_text(text, outlet=outlet, language=language))
    return doc, doc.quotes


def chain(quote) -> list[str]:
    return [source.text for source in quote.chain]


def only(quotes, kind=None):
    found = [q for q in quotes if kind is None or q.kind == kind]
    assert len(found) == 1, [(q.kind, q.content) for q in quotes]
    return found[0]


def test_according_to_an_outlet_then_an_anonymous_official():
    doc, quotes = quotes_of(
        "According to the Wall Street Journal, a US official confirmed that the missiles were "
        "delivered to Russia last week.",
        "en",
    )
    quote = only(quotes)
    assert chain(quote) == ["AFP", "Wall Street Journal", "US official"]
    assert [s.role for s in quote.chain] == ["publisher", "relay", "speaker"]
    assert quote.speaker.anonymous and quote.speaker.mention.country == "US"
    assert quote.content == "the missiles were delivered to Russia last week"
    assert doc.claims[0].status == "confirmed"


def test_citing_anonymous_sources_and_quoted_as_saying():
    _, quotes = quotes_of(
        "Bloomberg reported, citing people familiar with the matter, that Iran could begin "
        "shipping missiles within days.",
        "en",
    )
    assert chain(only(quotes)) == ["AFP", "Bloomberg", "people familiar with the matter"]
    _, quotes = quotes_of(
        "The Russian news agency Tass quoted Foreign Minister Sergei Lavrov as saying that "
        "Moscow would not discuss its cooperation with Tehran.",
        "en",
    )
    assert chain(only(quotes)) == ["AFP", "Tass", "Sergei Lavrov"]


def test_told_an_outlet_that_published_the_article_is_not_repeated():
    text = "Ukrainian President Volodymyr Zelensky told Reuters that Kyiv needed more air defence."
    _, quotes = quotes_of(text, "en", outlet="Reuters")
    assert chain(only(quotes)) == ["Reuters", "Volodymyr Zelensky"]
    _, quotes = quotes_of(text, "en", outlet="AP")
    assert chain(only(quotes)) == ["AP", "Reuters", "Volodymyr Zelensky"]


def test_direct_quotes_in_every_style_and_across_sentences():
    _, quotes = quotes_of(
        "“We will respond to any provocation. This is unacceptable,” Russian Foreign Minister "
        "Sergei Lavrov said on Tuesday.",
        "en",
    )
    quote = only(quotes, "direct")
    assert quote.content == "We will respond to any provocation. This is unacceptable"
    assert chain(quote)[-1] == "Sergei Lavrov" and quote.cue == "said"
    _, quotes = quotes_of(
        "«Δεν θα υποχωρήσουμε», δήλωσε ο Ρώσος υπουργός Εξωτερικών Σεργκέι Λαβρόφ. "
        "«Η Δύση παίζει με τη φωτιά», πρόσθεσε.",
        "el",
        outlet="ΕΡΤ",
    )
    assert [(q.content, chain(q)[-1]) for q in quotes] == [
        ("Δεν θα υποχωρήσουμε", "Σεργκέι Λαβρόφ"),
        ("Η Δύση παίζει με τη φωτιά", "Σεργκέι Λαβρόφ"),  # Greek drops the subject
    ]
    assert find_quoted("Er sagte: „Wir liefern.“ Dann: »Nie.«", 0, 40) == [(11, 23), (32, 36)]
    _, quotes = quotes_of("– No vamos a retroceder – dijo el ministro Albares.", "es")
    assert only(quotes).content == "No vamos a retroceder" and chain(quotes[0])[-1] == "Albares"


def test_partial_quote_inside_indirect_speech():
    _, quotes = quotes_of(
        "Sergei Lavrov said it was 'unrealistic' to expect talks before the winter.", "en"
    )
    kinds = {q.kind: q for q in quotes}
    assert kinds["direct"].content == "unrealistic"
    assert kinds["indirect"].content == "it was 'unrealistic' to expect talks before the winter"
    assert chain(kinds["direct"])[-1] == chain(kinds["indirect"])[-1] == "Sergei Lavrov"


def test_pronouns_and_datelines():
    _, quotes = quotes_of(
        "MOSCOW (Reuters) - Kremlin spokesman Dmitry Peskov spoke to reporters on Monday.\n\n"
        "He said the talks with Washington had stalled and would not resume this year.",
        "en",
    )
    quote = only(quotes)
    assert quote.speaker.text == "Dmitry Peskov" and quote.speaker.span != quote.speaker.mention
    assert quote.content.startswith("the talks") and "MOSCOW" not in quote.content


def test_quoted_as_saying_makes_the_outlet_a_relay_of_the_person():
    _, quotes = quotes_of(
        "ANKARA (Reuters) - Russian Foreign Minister Sergei Lavrov arrived in Ankara on Monday "
        "for talks on grain exports.\n\nThe state news agency Tass quoted Lavrov as saying "
        "Moscow expected no breakthrough.\n\nAdvertisement",
        "en",
        outlet="Reuters",
    )
    quote = only(quotes)
    assert chain(quote) == ["Reuters", "Tass", "Lavrov"]
    assert [s.role for s in quote.chain] == ["publisher", "relay", "speaker"]
    assert quote.content == "Moscow expected no breakthrough"


def test_a_definite_role_phrase_is_the_person_named_with_that_role():
    _, quotes = quotes_of(
        "Sergei Lavrov met his Turkish counterpart Hakan Fidan on Monday. The Russian minister "
        "said the talks had been useful but difficult.",
        "en",
    )
    speaker = only(quotes).speaker
    assert speaker.text == "Sergei Lavrov" and not speaker.anonymous
    assert speaker.span is not None and speaker.span[0] > speaker.mention.start  # where it said
    _, quotes = quotes_of(
        "Kremlin spokesman Dmitry Peskov arrived in Minsk on Monday. The Kremlin spokesman said "
        "preparations were under way.",
        "en",
    )
    assert only(quotes).speaker.text == "Dmitry Peskov"
    _, quotes = quotes_of("A Russian minister said the talks had been useful.", "en")
    assert only(quotes).speaker.anonymous  # an indefinite role is someone unnamed


def test_a_role_phrase_before_the_name_is_the_person_named_next_not_the_object():
    _, quotes = quotes_of(
        "Russia's top diplomat said on Thursday that Moscow is open for talks with Donald "
        "Trump's envoy. Foreign Minister Sergei Lavrov made the remarks during a visit to Minsk.",
        "en",
    )
    speaker = only(quotes).speaker
    assert speaker.text == "Sergei Lavrov" and not speaker.anonymous


def test_a_relative_clause_is_never_a_speaker():
    _, quotes = quotes_of(
        "The army is preparing a new offensive near Kharkiv, according to the people, who "
        "spoke on condition of anonymity.",
        "en",
    )
    quote = only(quotes)
    assert quote.speaker.text == "the people" and quote.speaker.anonymous
    assert quote.content == "The army is preparing a new offensive near Kharkiv"


def test_the_subject_of_the_verb_speaks_not_the_nearest_name():
    cases = [
        ("Sergei Lavrov, Russia's foreign minister, said the West was playing with fire.",
         "Sergei Lavrov", "the West was playing with fire"),
        ("It was said by Kremlin spokesman Dmitry Peskov that no talks with Kyiv were planned.",
         "Dmitry Peskov", "no talks with Kyiv were planned"),
        ("Lavrov and Peskov said the sanctions would fail.", "Lavrov and Peskov",
         "the sanctions would fail"),
        ("Several cast members said Trump had asked them to wear shorter dresses.",
         "Several cast members", "Trump had asked them to wear shorter dresses"),
        ("Clinton, 35, the daughter of former President Bill Clinton, said on Twitter that she "
         "was expecting a second child.", "Clinton", "she was expecting a second child"),
        ("Among the voters was Joe Smith, a retired teacher from Ohio, who said he typically "
         "votes Democratic.", "Joe Smith", "he typically votes Democratic"),
    ]  # fmt: skip
    for text, speaker, content in cases:
        _, quotes = quotes_of(text, "en")
        assert (only(quotes).speaker.text, only(quotes).content) == (speaker, content), text


def test_role_phrases_and_dropped_subjects_in_other_languages():
    cases = [
        ("el", "Ο Ρώσος υπουργός Εξωτερικών Σεργκέι Λαβρόφ έφτασε χθες στην Άγκυρα. Ο Ρώσος "
               "υπουργός δήλωσε ότι οι συνομιλίες ήταν χρήσιμες.", "Σεργκέι Λαβρόφ"),
        ("el", "Ο Πεζεσκιάν συναντήθηκε με τον Πούτιν στο Ασγκαμπάτ. Υποστήριξε ότι οι δυτικές "
               "κυρώσεις έχουν αποτύχει.", "Πεζεσκιάν"),
        ("de", "Der russische Außenminister Sergej Lawrow traf am Montag in Ankara ein. Der "
               "russische Minister sagte, die Gespräche seien nützlich gewesen.", "Sergej Lawrow"),
        ("es", "El ministro ruso de Exteriores, Serguéi Lavrov, llegó el lunes a Ankara. El jefe "
               "de la diplomacia rusa afirmó que las conversaciones fueron útiles.",
         "Serguéi Lavrov"),
        ("ru", "Министр иностранных дел России Сергей Лавров прибыл в Анкару. ТАСС цитирует "
               "Лаврова: «Мы открыты для переговоров».", "Лаврова"),
        ("es", "Lavrov se reunió con su homólogo turco en Antalya. Dijo que Rusia podría aceptar "
               "observadores internacionales.", "Lavrov"),  # a name the recogniser missed
    ]  # fmt: skip
    for language, text, speaker in cases:
        _, quotes = quotes_of(text, language)
        assert only(quotes).speaker.text == speaker, (language, chain(only(quotes)))


def test_headlines_and_scare_quotes_are_not_speech():
    doc = PIPELINE(
        read_text(
            "The so-called 'peace plan' was rejected in Kyiv on Monday.",
            title="Lavrov: 'The West is playing with fire'",
            outlet="AFP",
            language="en",
        )
    )
    assert doc.quotes == []


def test_other_languages_follow_their_packs():
    cases = [
        ("de", "„Wir erwarten eine Einigung noch vor dem Gipfel“, sagte die EU-Außenbeauftragte "
               "Kaja Kallas in Brüssel.", "Kaja Kallas", "expected"),
        ("fr", "Selon le Wall Street Journal, qui cite des responsables américains, l’Iran a "
               "livré des centaines de missiles à la Russie.", "responsables", "reported"),
        ("es", "El ministro iraní de Exteriores, Abbas Araqchi, negó que Teherán haya "
               "suministrado misiles a Moscú.", "Abbas Araqchi", "denied"),
        ("ru", "Министр иностранных дел России Сергей Лавров заявил, что Москва не будет "
               "обсуждать военное сотрудничество с Ираном.", "Сергей Лавров", "negated"),
    ]  # fmt: skip
    for language, text, speaker, status in cases:
        doc, quotes = quotes_of(text, language)
        assert quotes, (language, text)
        assert speaker in quotes[0].speaker.text, (language, chain(quotes[0]))
        claim = next(c for c in doc.claims if c.quote == 0)
        assert claim.status == status, (language, claim.text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("European officials expect the missiles to arrive in Russia soon, Bloomberg reported.",
         "expected"),
        ("Iran denied sending any missiles to Russia, the foreign ministry said.", "denied"),
        ("A Kremlin spokesman did not confirm that the missiles had arrived, Tass said.",
         "negated"),
        ("Russia could fire the missiles at Ukraine.", "hypothetical"),
        ("Russia could begin firing the missiles at Kyiv within days, analysts said.", "expected"),
        ("Tehran plans to send more drones to Russia this year.", "planned"),
        ("Iran reportedly sent two hundred missiles to Russia.", "reported"),
        ("Iran has sent missiles to Russia, according to the Wall Street Journal.", "reported"),
    ],
)  # fmt: skip
def test_claim_status(text, status):
    doc = PIPELINE(read_text(text, outlet="AFP", language="en"))
    assert [c.status for c in doc.claims] == [status], [c.text for c in doc.claims]


def test_worked_case_end_to_end_in_greek_and_english(tmp_path):
    """Expected in early September (Bloomberg, anonymous), confirmed later (WSJ, US official),
    in both languages, stored, listed and exported."""
    db_path = tmp_path / "news.db"
    db = Database(db_path)
    ingest(db, [str(FIXTURES / "missiles.jsonl")])
    claims = db.claims(entity_ids=["country:RU"])
    by_outlet: dict[str, set[str]] = {}
    for claim in claims:
        by_outlet.setdefault(claim["chain"][0]["text"], set()).add(claim["status"])
    assert {"expected"} <= by_outlet["Bloomberg"] and {"expected"} <= by_outlet["Καθημερινή"]
    assert {"confirmed"} <= by_outlet["Reuters"] and {"confirmed"} <= by_outlet["ΕΡΤ"]
    confirmed = db.claims(status="confirmed")
    assert {tuple(s["entity_id"] for s in c["chain"][:2]) for c in confirmed} == {
        ("org:reuters", "org:wsj"),
        ("org:ert", "org:wsj"),
    }
    assert all(c["chain"][-1]["anonymous"] for c in confirmed)

    lavrov = db.quotes(speaker_ids=["person:sergei-lavrov"])
    assert {q["article_id"] for q in lavrov} and all(not q["anonymous"] for q in lavrov)
    assert any(q["chain"][1]["entity_id"] == "org:tass" for q in lavrov)

    runner = CliRunner()
    result = runner.invoke(cli, ["quotes", "--db", str(db_path), "--speaker", "Λαβρόφ", "--json"])
    assert result.exit_code == 0, result.output
    assert {q["speaker_entity_id"] for q in json.loads(result.output)} == {"person:sergei-lavrov"}
    result = runner.invoke(
        cli, ["claims", "--db", str(db_path), "--entity", "Ρωσία", "--status", "expected"]
    )
    assert result.exit_code == 0 and "Bloomberg" in result.output
    result = runner.invoke(cli, ["sources", "--db", str(db_path), "--json"])
    sources = {s["outlet"]: s for s in json.loads(result.output)}
    assert sources["Reuters"]["cites"]["Wall Street Journal"] >= 1
    assert 0 < sources["ΕΡΤ"]["anonymous_share"] < 1
    story = json.loads(runner.invoke(cli, ["stories", "--db", str(db_path), "--json"]).output)[0]
    result = runner.invoke(cli, ["quotes", "--db", str(db_path), "--story", story["id"][:6],
                                 "--json"])  # fmt: skip
    found = json.loads(result.output)
    assert story["articles"] == 4 and len({q["article_id"] for q in found}) == 4
    result = runner.invoke(cli, ["claims", "--db", str(db_path), "--entity", "Atlantis"])
    assert result.exit_code == 1 and "no entity called 'Atlantis'" in result.output


def test_attribution_suite_scores_hold():
    """The multilingual suite (tests/fixtures/attribution_suite.jsonl) is scored by the
    benchmark; these floors sit a little under the figures in docs/quality.md."""
    scores = load_benchmark("attribution_eval").evaluate_suite(pipeline=PIPELINE)
    assert scores["all"]["items"] >= 150
    for language in ("el", "en"):
        assert scores[language]["status"] >= 0.9
    for language in ("el", "en", "de", "fr", "es", "ru"):
        assert scores[language]["speaker"] >= 0.95 and scores[language]["chain"] >= 0.95
    assert scores["all"]["anonymous"] >= 0.95


def test_polnear_relations_are_read_from_brat(tmp_path):
    ann = tmp_path / "a.ann"
    ann.write_text(
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T1\tSource 0 6\tLavrov\nT2\tCue 7 11\tsaid\nT3\tContent 12 20;25 30\ttalks ar over\n"
        "T4\tAttribution 7 11\tsaid\n",
        encoding="utf-8",
    )
    (relation,) = load_benchmark("attribution_eval").read_relations(ann)
    assert relation == {"Source": [(0, 6)], "Cue": [(7, 11)], "Content": [(12, 20), (25, 30)]}


def test_a_scrape_without_full_stops_is_read_in_pieces():
    chunk = 'Sergei Lavrov said that the talks would resume and officials said "we will see", '
    text = chunk * 80  # 6,000 characters, one "sentence"
    doc, quotes = quotes_of(text, "en")
    assert len(doc.sentences) == 1 and len(text) > 3 * 2000
    assert {q.content for q in quotes if q.kind == "direct"} == {"we will see"}
    assert quotes[-1].start > len(text) - len(chunk)  # the last piece is read too


@pytest.mark.parametrize(
    ("text", "language", "speaker", "content"),
    [
        (
            "Senator Maria Keller has said she would cut the defence budget if elected, "
            "without saying how.",
            "en",
            "Maria Keller",
            "she would cut the defence budget if elected",
        ),
        (
            "El presidente Gustavo Petro afirmó que cerraría la mina antes de fin de año, "
            "sin precisar cómo.",
            "es",
            "Gustavo Petro",
            "cerraría la mina antes de fin de año",
        ),
        (
            "Ο υπουργός Οικονομικών Κωστής Χατζηδάκης είπε ότι οι φόροι θα μειωθούν το 2025, "
            "χωρίς να πει πότε.",
            "el",
            "Κωστής Χατζηδάκης",
            "οι φόροι θα μειωθούν το 2025",
        ),
    ],
)
def test_a_participle_clause_has_the_sentences_speaker_and_no_relay(
    text, language, speaker, content
):
    _, quotes = quotes_of(text, language)
    quote = only(quotes)
    assert chain(quote) == ["AFP", speaker]
    assert quote.content == content


@pytest.mark.parametrize(
    ("text", "language", "relay", "speaker"),
    [
        (
            "Foreign Minister Sergei Lavrov told a news conference that Trump's comments showed "
            '"a sober reading" of the conflict, the state news agency Tass reported.',
            "en",
            "Tass",
            "Sergei Lavrov",
        ),
        (
            "Ο κυβερνητικός εκπρόσωπος Παύλος Μαρινάκης δήλωσε σε δημοσιογράφους ότι η πρόταση "
            "της Άγκυρας δείχνει «θετική διάθεση» για διάλογο, μετέδωσε το ΑΠΕ-ΜΠΕ.",
            "el",
            "ΑΠΕ-ΜΠΕ",
            "Παύλος Μαρινάκης",
        ),
    ],
)
def test_quoted_words_inside_reported_speech_are_the_reporters(text, language, relay, speaker):
    _, quotes = quotes_of(text, language)
    direct, indirect = only(quotes, "direct"), only(quotes, "indirect")
    assert chain(direct) == chain(indirect) == ["AFP", relay, speaker]
    assert [s.role for s in direct.chain] == ["publisher", "relay", "speaker"]
    assert direct.cue == indirect.cue
