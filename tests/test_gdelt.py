"""The GDELT-style event export: one row per event with GDELT's column names where they mean
the same, ISO3 actor codes, CAMEO root codes, quad class, newsloom's intensity and the place;
read back with pandas from CSV and Parquet."""

import json

import pytest
from click.testing import CliRunner

from newsloom import Database, ingest
from newsloom.cli import cli
from newsloom.gdelt import COLUMNS, INTENSITY, quad_class

from .conftest import FIXTURES

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

CODES = {"EventRootCode": str, "EventCode": str, "EventBaseCode": str}
STRIKE = {
    "id": "strike-en",
    "outlet": "AFP",
    "language": "en",
    "published": "2025-01-16",
    "url": "https://example.com/afp/kharkiv-strike",
    "title": "Drones hit Kharkiv",
    "text": "Drones hit Kharkiv\n\nRussian drones struck an apartment block in Kharkiv on "
    "Tuesday, killing three people, the regional governor said.\n\nAdvertisement",
}
PROTEST = {"id": "protest-el", "outlet": "Καθημερινή", "language": "el",
           "published": "2025-01-13", "url": "https://example.com/kathimerini/poreia",
           "text": "Χιλιάδες διαδηλωτές διαμαρτυρήθηκαν στην Αθήνα το Σάββατο κατά της "
                   "κυβέρνησης.\n\nΔιαβάστε επίσης: Η κίνηση στους δρόμους"}  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gdelt")
    source = folder / "news.jsonl"
    articles = [STRIKE, PROTEST]
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    lines += (FIXTURES / "worked_case_events.jsonl").read_text(encoding="utf-8").splitlines()
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = str(folder / "news.db")
    ingest(Database(path), [str(source)])
    runner = CliRunner()
    for fmt in ("gdelt-csv", "gdelt-parquet"):
        result = runner.invoke(cli, ["export", "--db", path, "--format", fmt,
                                     "--out", str(folder / "out")])  # fmt: skip
        assert result.exit_code == 0, result.output
    return folder / "out"


def test_csv_and_parquet_read_back_with_pandas_alike(exported):
    table = pd.read_csv(exported / "events-gdelt.csv", dtype=CODES)
    parquet = pd.read_parquet(exported / "events-gdelt.parquet")
    assert list(table.columns) == [name for name, _ in COLUMNS] == list(parquet.columns)
    assert len(table) == len(parquet) >= 6
    assert table["SQLDATE"].tolist() == parquet["SQLDATE"].tolist()
    assert parquet["SQLDATE"].dtype == "int64" and parquet["ActionGeo_Lat"].dtype == "float64"


def test_a_dated_placed_attack(exported):
    table = pd.read_parquet(exported / "events-gdelt.parquet")
    strike = table[table["Trigger"] == "struck"].iloc[0]
    assert (strike["SQLDATE"], strike["MonthYear"], strike["DateSource"]) == (
        20250114,
        202501,
        "text",
    )
    assert (strike["Actor1Code"], strike["Actor1Name"]) == ("RUS", "Russia")
    assert (strike["EventRootCode"], strike["EventCode"], strike["QuadClass"]) == ("19", "190", 4)
    assert strike["Intensity"] == -10.0 and strike["PloverType"] == "ASSAULT"
    assert strike["ActionGeo_FullName"] == "Kharkiv, Ukraine" and strike["ActionGeo_ISO"] == "UA"
    assert strike["ActionGeo_CountryCode"] == "UP"  # FIPS 10-4, as GDELT writes countries
    assert strike["ActionGeo_Type"] == 4 and strike["ActionGeo_FeatureID"] == 706483
    assert strike["SOURCEURL"] == STRIKE["url"] and strike["ArticleId"] and strike["SentenceEnd"]


def test_a_greek_protest_and_the_worked_case(exported):
    table = pd.read_csv(exported / "events-gdelt.csv", dtype=CODES)
    protest = table[table["PloverType"] == "PROTEST"].iloc[0]
    assert protest["SQLDATE"] == 20250111 and protest["ActionGeo_FullName"] == "Athens, Greece"
    assert protest["QuadClass"] == 4 and protest["EventRootCode"] == "14"
    greek = table[table["Trigger"] == "παρέδωσε"].iloc[0]
    assert (greek["Actor1Code"], greek["Actor2Code"], greek["EventRootCode"]) == (
        "IRN",
        "RUS",
        "07",
    )
    assert (greek["DateSource"], greek["Factuality"]) == ("published", "confirmed")
    assert pd.isna(greek["ActionGeo_Lat"])  # στη Ρωσία is the recipient, not the setting


def test_quad_classes_and_intensity_cover_every_cameo_root():
    roots = [f"{n:02d}" for n in range(1, 21)]
    assert [quad_class(r) for r in roots] == [1] * 5 + [2] * 3 + [3] * 5 + [4] * 7
    assert set(INTENSITY) == set(roots)
    assert all(INTENSITY[r] >= 0 for r in roots[:8]) and all(INTENSITY[r] < 0 for r in roots[8:])


def test_an_empty_store_exports_a_header(tmp_path):
    path = str(tmp_path / "empty.db")
    Database(path).close()
    CliRunner().invoke(cli, ["export", "--db", path, "--format", "gdelt-csv", "--out",
                             str(tmp_path)])  # fmt: skip
    assert pd.read_csv(tmp_path / "events-gdelt.csv").empty
