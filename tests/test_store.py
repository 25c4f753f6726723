"""The SQLite store: migrations, idempotent re-ingest, crash safety."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from newsloom import Database, Settings, ingest

from .conftest import FIXTURES


def test_schema_is_versioned_and_migrations_are_idempotent(tmp_path):
    path = tmp_path / "news.db"
    db = Database(path)
    version = db.schema_version
    assert version >= 1
    db.close()
    again = Database(path)
    assert again.schema_version == version
    assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reingesting_the_same_input_adds_nothing_and_says_so(tmp_path):
    db = Database(tmp_path / "news.db")
    first = ingest(db, [str(FIXTURES)])
    second = ingest(db, [str(FIXTURES)])
    assert first.added > 0
    assert second.added == 0
    assert second.inputs_unchanged == second.inputs
    assert "0 new articles" in second.summary()
    assert db.count_articles() == first.added


def test_same_bytes_with_different_metadata_is_a_different_input(db):
    path = str(FIXTURES / "caption_agency_fr.txt")
    ingest(db, [path], Settings(outlet="Le Monde"))
    report = ingest(db, [path], Settings(outlet="Libération"))
    assert report.added == 1
    assert (
        report.duplicates == 1
    )  # same text from another outlet: an exact duplicate, kept and linked


def test_raw_text_cleaned_text_and_offsets_round_trip(db):
    ingest(db, [str(FIXTURES / "concatenated_three.txt")])
    for doc in db.iter_documents():
        for sentence in doc.sentences:
            raw_start = doc.offset_map.to_raw(sentence.start)
            assert (
                doc.raw[raw_start : raw_start + sentence.end - sentence.start]
                == doc.text[sentence.start : sentence.end]
            )


WRITER = """
import sys
from newsloom import Database, Settings, ingest
ingest(Database(sys.argv[1]), [sys.argv[2]], Settings(batch_size=20))
"""


def test_kill_during_ingest_loses_only_the_open_batch_and_the_next_run_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    template = (FIXTURES / "wire_original_en.txt").read_text(encoding="utf-8")
    for i in range(400):
        (corpus / f"{i:04}.txt").write_text(
            f"Bulletin {i}: markets and central banks\n\nStory {i}. {template}\n"
        )
    path = tmp_path / "news.db"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(corpus)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if path.exists() and _count(path) >= 40:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _count(path)
    assert 0 < partial < 400, "the ingest should have been killed part-way"
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    report = ingest(Database(path), [str(corpus)])
    assert report.added == 400 - partial
    assert Database(path).count_articles() == 400


def _count(path) -> int:
    try:
        with sqlite3.connect(path, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
