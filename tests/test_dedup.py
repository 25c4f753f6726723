"""Exact and near duplicates are kept and linked to their original, never dropped."""

import shutil

from newsloom import Settings, ingest

from .conftest import FIXTURES

WIRE = [
    "wire_original_en.txt",
    "wire_edited_en.txt",
    "wire_truncated_en.txt",
    "wire_exact_copy_en.txt",
    "unrelated_same_topic_en.txt",
]


def ingest_wire(db, tmp_path, order=WIRE):
    manifest = ["file,outlet,published,language,url"]
    for number, name in enumerate(order):
        shutil.copy(FIXTURES / name, tmp_path / name)
        manifest.append(f"{name},Outlet {number},2024-09-12,,")
    (tmp_path / "manifest.csv").write_text("\n".join(manifest) + "\n")
    paths = [str(tmp_path / name) for name in order]
    report = ingest(db, paths, Settings(manifest=str(tmp_path / "manifest.csv")))
    by_file = {}
    for row in db.conn.execute("SELECT source, id, duplicate_of, duplicate_kind FROM articles"):
        by_file[row["source"].rsplit("/", 1)[-1]] = row
    return report, by_file


def test_duplicates_linked_to_the_original(db, tmp_path):
    report, rows = ingest_wire(db, tmp_path)
    original = rows["wire_original_en.txt"]["id"]
    assert rows["wire_original_en.txt"]["duplicate_of"] is None
    assert (
        rows["wire_exact_copy_en.txt"]["duplicate_of"],
        rows["wire_exact_copy_en.txt"]["duplicate_kind"],
    ) == (original, "exact")
    for name in ("wire_edited_en.txt", "wire_truncated_en.txt"):
        assert (rows[name]["duplicate_of"], rows[name]["duplicate_kind"]) == (original, "near")
    assert rows["unrelated_same_topic_en.txt"]["duplicate_of"] is None
    assert report.added == 5 and report.duplicates == 3


def test_truncated_copy_first_still_makes_the_full_story_the_original(db, tmp_path):
    order = ["wire_truncated_en.txt", "wire_original_en.txt", "wire_edited_en.txt"]
    _, rows = ingest_wire(db, tmp_path, order)
    original = rows["wire_original_en.txt"]["id"]
    assert rows["wire_original_en.txt"]["duplicate_of"] is None
    assert rows["wire_truncated_en.txt"]["duplicate_of"] == original
    assert rows["wire_edited_en.txt"]["duplicate_of"] == original


def test_duplicates_found_across_separate_ingest_runs(db, tmp_path):
    ingest(db, [str(FIXTURES / "wire_original_en.txt")])
    report = ingest(db, [str(FIXTURES / "wire_truncated_en.txt")])
    assert report.duplicates == 1
