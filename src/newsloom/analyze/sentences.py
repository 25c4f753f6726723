"""Language-aware sentence segmentation.

Rules, in order of precedence:
* a paragraph boundary always ends a sentence (so a headline is its own sentence);
* a terminator (. ! ? … and the pack's extras, e.g. Greek ";") followed by
  closing quotes/brackets, whitespace and a sentence opener ends a sentence;
* a period after an abbreviation from the language pack ("Dr.", "κ.", "U.S."),
  after a single initial ("J. D. Vance"), or after an ordinal day before a month
  name ("12. September") does not.
"""

from __future__ import annotations

import re

from newsloom.document import Document, Span
from newsloom.langs import LanguagePack, load_pack
from newsloom.pipeline import component
from newsloom.settings import Settings

CLOSERS = "\"'»”’)]"
OPENERS = "\"'«“‘„([—–-¿¡"
BASE_TERMINATORS = ".!?…"


def _boundary_pattern(pack: LanguagePack) -> re.Pattern[str]:
    terminators = re.escape(BASE_TERMINATORS + pack.extra_terminators)
    # Closing quotes may follow the terminator, French « » with a space before the closer.
    return re.compile(rf"[{terminators}]+(?:[{re.escape(CLOSERS)}]|\s»)*(?=\s+(\S))")


_PATTERNS: dict[str, re.Pattern[str]] = {}


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph, whitespace trimmed."""
    pack = load_pack(language)
    pattern = _PATTERNS.get(pack.code) or _PATTERNS.setdefault(pack.code, _boundary_pattern(pack))
    spans: list[tuple[int, int]] = []
    start = 0
    for match in pattern.finditer(text):
        if _is_boundary(text, match, pack):
            _append_trimmed(spans, text, start, match.end())
            start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _is_boundary(text: str, match: re.Match[str], pack: LanguagePack) -> bool:
    following = match.group(1)
    if not (following.isupper() or following.isdigit() or following in OPENERS):
        return False
    if match.group(0)[0] != ".":
        return True
    word = _word_before(text, match.start())
    if not word:
        return True
    bare = word.lower()
    if bare in pack.abbreviations:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. D. Vance"
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        return False  # a dotted acronym: "U.S.", "Ε.Ε.", "EE.UU."
    return not (word.isdigit() and _next_word(text, match.end()).lower().rstrip(".") in pack.months)


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in OPENERS:
        start -= 1
    return text[start:end]


def _next_word(text: str, start: int) -> str:
    match = re.match(r"\s*(\w+)", text[start:])
    return match.group(1) if match else ""


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


@component("sentences", requires=("text", "paragraphs"), assigns=("sentences",))
class SentenceSplitter:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        doc.sentences = []
        for paragraph in doc.paragraphs:
            language = paragraph.language if paragraph.language != "und" else doc.language
            chunk = doc.text[paragraph.start : paragraph.end]
            for start, end in split_sentences(chunk, language):
                doc.sentences.append(Span(paragraph.start + start, paragraph.start + end))
        return doc
