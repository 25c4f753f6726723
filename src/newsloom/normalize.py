"""Text keys for matching names and words however they are cased and accented."""

from __future__ import annotations

import unicodedata

# Arabic and Persian write some letters differently (ي/ی, ك/ک); the zero-width non-joiner
# inside Persian words (رئیس‌جمهور) is where the tokenizer splits, so it becomes a space.
_SCRIPT_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": " "})


def fold(text: str) -> str:
    """Lookup key: lower case, accents and dots removed, spaces collapsed.

    "ΣΕΠΤΕΜΒΡΙΟΥ" and "Σεπτεμβρίου" share a key, and so do "U.S." and "us"; callers that
    must tell acronyms from words (the gazetteer) check case themselves.
    """
    if text.isascii():  # most words of most articles: nothing to decompose or map
        return " ".join(text.lower().replace(".", "").split())
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("’", "'"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_SCRIPT_VARIANTS).replace(".", "").split())
