"""The bundled sample corpus (see README.md in this folder)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsloom.ingest import IngestReport
    from newsloom.store import Database


def root() -> Path:
    """Folder holding the sample corpus."""
    return Path(str(resources.files(__package__)))


def manifest() -> Path:
    """Metadata for the sample's plain-text files."""
    return root() / "texts" / "manifest.csv"


def ingest_into(db: Database) -> IngestReport:
    """Ingest the whole sample corpus into `db` (what `newsloom demo` and `serve --demo` show)."""
    from newsloom.ingest import ingest  # the ingest package imports much; load it when used
    from newsloom.settings import Settings

    return ingest(db, [str(root())], Settings(manifest=str(manifest())))
