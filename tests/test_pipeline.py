"""Components are registered by name, checked for what they need, and replaceable."""

import pytest

from newsloom import Database, Pipeline, Settings, component, ingest
from newsloom.pipeline import registered

from .conftest import FIXTURES


def test_default_pipeline_components():
    names = ["language", "sentences", "dates", "time", "entities", "places", "quotes", "events",
             "claims"]  # fmt: skip
    assert Pipeline.from_settings(Settings()).names == names
    assert set(names) <= set(registered())


def test_unknown_component_is_named():
    with pytest.raises(ValueError, match="unknown pipeline component 'ner'"):
        Pipeline(["language", "ner"])


def test_component_order_is_checked():
    with pytest.raises(ValueError, match="'dates' needs language"):
        Pipeline(["dates", "language"])


def test_custom_component_runs_in_the_pipeline():
    @component("shout_count", requires=("text",), assigns=("meta.exclamations",))
    class ExclamationCounter:
        def __init__(self, settings):
            pass

        def __call__(self, doc):
            doc.meta["exclamations"] = doc.text.count("!")
            return doc

    db = Database(":memory:")
    settings = Settings(pipeline=("language", "sentences", "shout_count"))
    ingest(db, [str(FIXTURES / "caption_agency_fr.txt")], settings)
    (doc,) = db.iter_documents()
    assert doc.meta["exclamations"] == doc.text.count("!")
