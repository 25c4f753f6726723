"""The reader of the project's hand-annotated NER sentences, and the shipped files themselves."""

from pathlib import Path

import pytest

from newsloom.train.written import TYPES, WrittenFormatError, parse_line, read_written

TRAINING = Path(__file__).resolve().parents[1] / "training" / "ner"
SHIPPED = sorted(TRAINING.glob("*.txt"))


def test_names_become_iob2_tags():
    line = "Ο [PER Κυριάκος Μητσοτάκης] συναντήθηκε στην [LOC Άγκυρα] με τον [PER Ρετζέπ Ταγίπ Ερντογάν] ."
    assert parse_line(line) == [
        ("Ο", "O"), ("Κυριάκος", "B-PER"), ("Μητσοτάκης", "I-PER"), ("συναντήθηκε", "O"),
        ("στην", "O"), ("Άγκυρα", "B-LOC"), ("με", "O"), ("τον", "O"), ("Ρετζέπ", "B-PER"),
        ("Ταγίπ", "I-PER"), ("Ερντογάν", "I-PER"), (".", "O"),
    ]  # fmt: skip


def test_adjacent_names_stay_apart_and_sentence_may_start_with_one():
    line = "[ORG ΝΔ] [ORG ΠΑΣΟΚ] και [MISC Euro 2024] στο [ORG Reuters]"
    tags = [tag for _, tag in parse_line(line)]
    assert tags == ["B-ORG", "B-ORG", "O", "B-MISC", "I-MISC", "O", "B-ORG"]


def test_line_without_names_is_all_outside():
    line = "Αμερικανός αξιωματούχος είπε ότι οι ιρανικοί πύραυλοι « δεν πέρασαν » ."
    assert {tag for _, tag in parse_line(line)} == {"O"}


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("ο [PER Κώστας Σημίτης είπε .", "never closed"),
        ("ο Κώστας] είπε .", "closes no name"),
        ("στην [LOC Αθήνα [ORG Βουλή]] .", "inside a name"),
        ("στην [PLACE Αθήνα] .", "type PLACE"),
        ("στην [Αθήνα] .", "type nothing"),
        ("στην [LOC ] .", "empty LOC"),
    ],
)
def test_malformed_brackets_are_refused(line, complaint):
    with pytest.raises(ValueError, match=complaint):
        parse_line(line)


def test_error_names_file_and_line(tmp_path):
    path = tmp_path / "el.txt"
    path.write_text("Η [LOC Κρήτη] .\n\nΗ [ORG ΕΕ αποφάσισε .\n", encoding="utf-8")
    sentences = read_written(path)
    assert next(sentences)[1] == ("Κρήτη", "B-LOC")
    with pytest.raises(WrittenFormatError, match=r"el\.txt:3: ORG name is never closed"):
        next(sentences)


@pytest.mark.skipif(not SHIPPED, reason="no written training files in this checkout")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_line_parses_with_names_of_every_type(path):
    sentences = list(read_written(path))
    assert len(sentences) == sum(1 for line in path.open(encoding="utf-8") if line.strip())
    found = {tag[2:] for sentence in sentences for _, tag in sentence if tag != "O"}
    assert {"PER", "LOC", "ORG"} <= found <= set(TYPES)  # Russian follows FactRuEval: no MISC
    assert all(token for sentence in sentences for token, _ in sentence)
