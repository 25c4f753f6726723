"""Bad input gets one clear line naming the file and the reason; the rest of the batch goes on."""

import gzip

from newsloom import Settings, ingest

from .conftest import FIXTURES


def messages(report) -> dict[str, str]:
    return {p.source.rsplit("/", 1)[-1]: p.message for p in report.problems}


def test_bad_files_are_reported_and_good_ones_ingested(db, tmp_path):
    good = FIXTURES / "caption_agency_fr.txt"
    truncated = tmp_path / "cut.txt.gz"
    truncated.write_bytes(gzip.compress(good.read_bytes() * 20)[:300])
    report = ingest(
        db,
        [
            str(FIXTURES / "empty.txt"),
            str(FIXTURES / "binary.txt"),
            str(truncated),
            str(good),
            str(tmp_path / "missing.txt"),
        ],
    )
    found = messages(report)
    assert found["empty.txt"] == "empty file"
    assert found["binary.txt"] == "binary content, not text"
    assert found["cut.txt.gz"].startswith("truncated or corrupt gzip stream")
    assert found["missing.txt"] == "no such file or folder"
    assert report.added == 1 and report.failed


def test_oversized_whole_document_is_refused_with_the_limit_named(db, tmp_path):
    big = tmp_path / "huge.txt"
    big.write_bytes(b"A long line of news text that repeats.\n" * 30_000)  # ~1.2 MB
    report = ingest(db, [str(big)], Settings(max_file_bytes=1024 * 1024))
    (problem,) = report.problems
    assert "larger than the 1 MB limit" in problem.message


def test_unsupported_files_in_folders_are_skipped_silently(db, tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "notes.md").write_text("# notes")
    (tmp_path / "story.txt").write_bytes((FIXTURES / "caption_agency_fr.txt").read_bytes())
    report = ingest(db, [str(tmp_path)])
    assert report.inputs == 1 and report.added == 1 and not report.problems


def test_glob_without_matches(db, tmp_path):
    report = ingest(db, [str(tmp_path / "*.warc.gz")])
    assert messages(report) == {"*.warc.gz": "no files match this pattern"}


def test_a_thousand_bad_lines_are_summarised(db, tmp_path):
    lines = tmp_path / "broken.jsonl"
    lines.write_text("{not json\n" * 1000)
    report = ingest(db, [str(lines)])
    assert len(report.problems) == 21
    assert report.problems[-1].message == "980 more problems not shown"


def test_an_article_that_breaks_a_component_is_reported_and_the_batch_goes_on(
    db, tmp_path, monkeypatch
):
    from newsloom.analyze import sentences

    calls = {"n": 0}
    original = sentences.split_sentences

    def flaky(text, language):
        calls["n"] += 1
        if "Barnier" in text:
            raise RuntimeError("boom")
        return original(text, language)

    monkeypatch.setattr(sentences, "split_sentences", flaky)
    report = ingest(
        db, [str(FIXTURES / "caption_agency_fr.txt"), str(FIXTURES / "wire_original_en.txt")]
    )
    assert report.added == 1
    assert "could not process article (RuntimeError: boom)" in report.problems[0].message


def test_a_folder_with_many_files(db, tmp_path):
    template = (FIXTURES / "wire_original_en.txt").read_text(encoding="utf-8")
    for i in range(300):
        folder = tmp_path / f"day{i % 7}"
        folder.mkdir(exist_ok=True)
        (folder / f"{i:05}.txt").write_text(
            f"Bulletin number {i} from the newsroom\n\n{template} Item {i}.\n"
        )
    report = ingest(db, [str(tmp_path)], Settings(batch_size=50))
    assert report.inputs == 300 and report.added == 300
    assert report.duplicates == 299  # the same wire story: one original, the rest linked
