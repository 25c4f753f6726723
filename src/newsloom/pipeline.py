"""Component registry and the Pipeline that runs components over documents.

A component is a callable that takes a `Document`, adds fields to it and
returns it. It is registered under a name with what it needs and what it
adds, so a pipeline can be assembled from configuration (a list of names)
and checked before it runs:

    @component("language", requires=("text",), assigns=("language", "paragraphs"))
    class LanguageIdentifier:
        def __init__(self, settings): ...
        def __call__(self, doc): ...

Third-party components register through the ``newsloom.components`` entry
point group; a name registered there can be used in `Settings.pipeline`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points

from newsloom.document import Document
from newsloom.settings import Settings

# Fields every document has once cleaning has run.
CLEANED_FIELDS = (
    "text",
    "title",
    "paragraphs",
    "removed",
    "offset_map",
    "published",
    "outlet",
    "url",
)


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    factory: Callable[[Settings], Callable[[Document], Document]]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


_REGISTRY: dict[str, ComponentInfo] = {}


def component(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Class decorator registering a pipeline component under `name`."""

    def register(factory):
        _REGISTRY[name] = ComponentInfo(name, factory, tuple(requires), tuple(assigns))
        return factory

    return register


def registered() -> dict[str, ComponentInfo]:
    """All known components, built-in and from entry points."""
    _load_builtin_components()
    for entry in entry_points(group="newsloom.components"):
        if entry.name not in _REGISTRY:
            entry.load()
    return dict(_REGISTRY)


def _load_builtin_components() -> None:
    # Importing the modules runs their @component decorators.
    from newsloom.analyze import (  # noqa: F401
        claims,
        dates,
        entities,
        events,
        language,
        places,
        quotes,
        sentences,
        time,
    )


class Pipeline:
    """An ordered list of components, checked so each gets what it requires."""

    def __init__(self, names: Iterable[str], settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        known = registered()
        available = set(CLEANED_FIELDS)
        self.components: list[tuple[str, Callable[[Document], Document]]] = []
        for name in names:
            if name not in known:
                raise ValueError(
                    f"unknown pipeline component {name!r}; known: {', '.join(sorted(known))}"
                )
            info = known[name]
            missing = [f for f in info.requires if f not in available]
            if missing:
                raise ValueError(
                    f"component {name!r} needs {', '.join(missing)}, which no earlier component adds"
                )
            available.update(info.assigns)
            self.components.append((name, info.factory(self.settings)))

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        return cls(settings.pipeline, settings)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.components]

    def __call__(self, doc: Document) -> Document:
        for _, run in self.components:
            doc = run(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)
