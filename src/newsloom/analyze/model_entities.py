"""Names from a local spaCy model, for those who have one (optional, never required).

    newsloom ingest news/ --entity-model ~/models/en_core_web_lg --db news.db
    Settings(entity_model="~/models/en_core_web_lg")

The model is loaded from a folder on this machine (`spacy.load(path)`): newsloom never
downloads one. Install spaCy with `pip install 'newsloom[spacy]'`. The model gives the
people, organisations, places and other names; the rule-based recogniser still gives what
models have no label for (unnamed sources such as "a senior US official", nationality words
such as "Iranian"), and linking across languages works the same for both.
"""

from __future__ import annotations

from pathlib import Path

from newsloom.document import Mention

# spaCy (OntoNotes, WikiNER) labels -> newsloom types; NORP ("Iranian") is left to the rules.
LABELS = {
    "PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
}  # fmt: skip


class ModelRecogniser:
    """Named mentions from a spaCy pipeline stored in a local folder."""

    def __init__(self, path: str | Path) -> None:
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise ValueError(f"entity model folder not found: {folder}")
        try:
            import spacy
        except ImportError as error:
            raise RuntimeError(
                "an entity model needs spaCy: pip install 'newsloom[spacy]'"
            ) from error
        self.nlp = spacy.load(folder)

    def find(self, text: str) -> list[Mention]:
        found = []
        for entity in self.nlp(text).ents:
            type_ = LABELS.get(entity.label_)
            if type_:
                name = entity.text if type_ == "PER" else None
                found.append(Mention(entity.start_char, entity.end_char, entity.text, type_,
                                     name=name))  # fmt: skip
        return found


def combine(named: list[Mention], rules: list[Mention]) -> list[Mention]:
    """The model's names, plus the rules' unnamed sources and demonyms outside them."""
    kept = [
        m for m in rules
        if (m.anonymous or m.role == "demonym")
        and not any(n.start < m.end and m.start < n.end for n in named)
    ]  # fmt: skip
    return sorted(named + kept, key=lambda m: (m.start, -m.end))
