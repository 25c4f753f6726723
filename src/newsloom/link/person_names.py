"""First names and surnames of many countries, in their own scripts, as hints for the tagger.

A word that is a known first name ("Steffi", "Κυριάκος", "Сергей") or surname makes a person
likelier, whatever the language of the article: English news names Russians and Greeks too.
The lists are Faker's person providers (MIT licence; 86 locales, about 30,000 first names and
28,500 surnames), read from the installed package in under half a second, never downloaded.
Some surnames are common words ("Young", "King"): a hint, not a verdict.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from newsloom.normalize import fold

FIRST_NAME_LISTS = ("first_names", "first_names_male", "first_names_female")
SURNAME_LISTS = ("last_names", "last_names_male", "last_names_female")


@dataclass(frozen=True)
class PersonNames:
    first: frozenset[str]  # folded
    last: frozenset[str]


@cache
def person_names() -> PersonNames:
    """The folded first names and surnames of every locale Faker knows (empty without Faker)."""
    try:
        import faker.providers.person as providers
    except ImportError:
        return PersonNames(frozenset(), frozenset())
    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        first.update(fold(name) for name in _names(provider, FIRST_NAME_LISTS))
        last.update(fold(name) for name in _names(provider, SURNAME_LISTS))
    return PersonNames(frozenset(first), frozenset(last))


def _names(provider: type, attributes: tuple[str, ...]) -> list[str]:
    """Names in a provider's lists, which are tuples, or dicts of name -> weight."""
    found = []
    for attribute in attributes:
        value = vars(provider).get(attribute)  # some providers define these as properties
        if isinstance(value, dict | list | tuple):
            found += [name for name in value if isinstance(name, str)]
    return found
