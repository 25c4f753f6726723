"""Text keys for matching names and words however they are cased and accented."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lookup key: lower case, accents and dots removed, spaces collapsed.

    "ΣΕΠΤΕΜΒΡΙΟΥ" and "Σεπτεμβρίου" share a key, and so do "U.S." and "us"; callers that
    must tell acronyms from words (the gazetteer) check case themselves.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("’", "'"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace(".", "").split())
