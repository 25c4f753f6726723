"""The bundled sample corpus (see README.md in this folder)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def root() -> Path:
    """Folder holding the sample corpus."""
    return Path(str(resources.files(__package__)))


def manifest() -> Path:
    """Metadata for the sample's plain-text files."""
    return root() / "texts" / "manifest.csv"
