"""Names from a local spaCy model: loaded from a folder, combined with the rules' unnamed
sources and demonyms, linked like any other mention."""

import json

import pytest
from click.testing import CliRunner

from newsloom import Pipeline, Settings
from newsloom.analyze.model_entities import ModelRecogniser
from newsloom.cli import cli
from newsloom.ingest import read_text

spacy = pytest.importorskip("spacy")  # in the test extra; optional for users

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Rosatom would keep working at the "
    "Zaporizhzhia plant, a senior US official told Reuters. Iranian diplomats declined to comment."
)


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory):
    """A small English pipeline whose names come from patterns, saved as a model folder."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Dmitry Peskov"},
        {"label": "ORG", "pattern": "Rosatom"},
        {"label": "FAC", "pattern": "Zaporizhzhia plant"},
        {"label": "ORG", "pattern": "Reuters"},
        {"label": "NORP", "pattern": "Iranian"},
        {"label": "DATE", "pattern": "Monday"},
    ])  # fmt: skip
    folder = tmp_path_factory.mktemp("model") / "en_patterns"
    nlp.to_disk(folder)
    return folder


def test_model_names_replace_the_rules_and_unnamed_sources_stay(model_folder):
    pipeline = Pipeline.from_settings(Settings(entity_model=str(model_folder)))
    doc = pipeline(read_text(TEXT, language="en", outlet="AFP"))
    found = {(m.text, m.type) for m in doc.mentions}
    assert {("Dmitry Peskov", "PER"), ("Rosatom", "ORG"), ("Zaporizhzhia plant", "LOC"),
            ("Reuters", "ORG")} <= found  # fmt: skip
    assert "Monday" not in {m.text for m in doc.mentions}  # dates are not names
    assert any(m.anonymous and m.country == "US" for m in doc.mentions)  # from the rules
    assert any(m.role == "demonym" and m.country == "IR" for m in doc.mentions)
    assert doc.quotes and doc.quotes[0].speaker.text == "Dmitry Peskov"


def test_missing_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="entity model folder not found"):
        ModelRecogniser(tmp_path / "nowhere")


def test_analyze_links_model_names(model_folder, tmp_path):
    article = tmp_path / "peskov.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["analyze", str(article), "--entity-model", str(model_folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    ids = {m["entity_id"] for m in records["mentions"] if m["text"] == "Reuters"}
    assert ids == {"org:reuters"}
