import pytest

from newsloom.analyze.dates import find_date, normalise_published


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Αθήνα, 5 Σεπτεμβρίου 2024 – Η φωτιά", "el", "2024-09-05"),
        ("ΑΘΗΝΑ, 5 ΣΕΠΤΕΜΒΡΙΟΥ 2024 – Η φωτιά", "el", "2024-09-05"),
        ("МОСКВА, 10 сентября 2024 г. — Лавров", "ru", "2024-09-10"),
        ("BERLIN, 12. September 2024 – Die EZB", "de", "2024-09-12"),
        ("FRÁNCFORT, 12 de septiembre de 2024 - El BCE", "es", "2024-09-12"),
        ("PARIS, 12 septembre 2024 (AFP) - La BCE", "fr", "2024-09-12"),
        ("WASHINGTON, September 6, 2024 (AP) — The", "en", "2024-09-06"),
        ("Published 2024-09-06 09:30", "en", "2024-09-06"),
        ("ROMA, 12/09/2024 - La Bce", "it", "2024-09-12"),
    ],
)
def test_datelines(text, language, expected):
    assert find_date(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("FRANKFURT, Sept 12 (Reuters) - The European Central Bank", "en"),  # no year: not guessed
        ("LONDON, 05/09/2024 - ambiguous day and month", "en"),
        ("The 31 September 2024 deadline", "en"),  # no such day
    ],
)
def test_no_date_is_invented(text, language):
    assert find_date(text, language) is None


def test_metadata_dates_are_normalised():
    assert normalise_published("2024-09-10T08:15:00Z") == "2024-09-10"
    assert normalise_published("Sun, 15 Sep 2024 14:20:00 +0200") == "2024-09-15"
    assert normalise_published("not a date") is None


CAPTIONED_SCRAPE = """Kharkiv rescuers dig through rubble after strike
Rescuers search the rubble in Kharkiv, Ukraine, Tuesday, Jan. 14, 2025. (AP Photo/E. Maloletka)
Rescuers search the rubble in Kharkiv, Ukraine, Tuesday, Jan. 14, 2025. (AP Photo/E. Maloletka)
KYIV, Ukraine (AP) - Ukrainian officials said Tuesday that a Russian missile strike on Kharkiv \
killed four people, the latest of many attacks on the city in the last two days.
"""


def _analysed(tmp_path, text: str) -> dict:
    from newsloom.records import analyze

    path = tmp_path / "scrape.txt"
    path.write_text(text, encoding="utf-8")
    return analyze([str(path)])["articles"][0]


def test_a_dated_caption_gives_an_inferred_date_with_its_evidence(tmp_path):
    article = _analysed(tmp_path, CAPTIONED_SCRAPE)
    assert article["published"] == "2025-01-14"
    evidence = article["meta"]["published_evidence"]
    assert article["meta"]["published_source"] == "inferred"
    assert CAPTIONED_SCRAPE[evidence["raw_start"] : evidence["raw_end"]] == "Jan. 14, 2025"


def test_archive_photos_and_undated_captions_are_no_evidence(tmp_path):
    archive = CAPTIONED_SCRAPE.replace("Rescuers search", "FILE - Rescuers search")
    assert _analysed(tmp_path, archive)["published"] is None
    undated = CAPTIONED_SCRAPE.replace("Tuesday, Jan. 14, 2025", "on Tuesday")
    article = _analysed(tmp_path, undated)
    assert article["published"] is None and "published_source" not in article["meta"]


def test_a_dateline_is_inferred_evidence_in_the_text(tmp_path):
    text = "Σεισμός στην Κρήτη\n\nΑθήνα, 5 Σεπτεμβρίου 2024 – Σεισμός 4,8 Ρίχτερ σημειώθηκε χθες.\n"
    article = _analysed(tmp_path, text)
    evidence = article["meta"]["published_evidence"]
    assert article["published"] == "2024-09-05" and evidence["kind"] == "dateline"
    assert article["text"][evidence["start"] : evidence["end"]] == "5 Σεπτεμβρίου 2024"
