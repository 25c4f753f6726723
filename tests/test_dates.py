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
