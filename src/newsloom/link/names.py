"""Names across scripts: a phonetic key and a similarity for people's and places' names.

"Πεζεσκιάν", "Пезешкиан", "پزشکیان" and "Pezeshkian" are one man; "Scholz" and "Schulz" are two.
Romanisation (`romanize`) brings every name into one alphabet, but the spellings still disagree
in ways no single transliteration fixes: English writes "kh" where German writes "ch", Greek has
no "sh" or "w", Arabic and Persian leave short vowels unwritten, and English "u" in "Trump" is
the vowel every other script writes "a". So a name becomes a *key* in which those disagreements
are normalised away (each rule below says which disagreement it removes), and two keys are
compared with rapidfuzz, token by token, at the resolution the scripts involved can express:
a Greek spelling cannot tell "s" from "sh", an Arabic one cannot tell "e" from "i", so neither
is held against a match with them.

`name_similarity` compares like with like (full name with full name, surname with surname);
whether "Lavrov" in one article is the "Sergei Lavrov" of another is a question for the entity
registry, which can use `surname`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import combinations, product

from rapidfuzz.distance import Indel, Levenshtein

from newsloom.link.romanize import exonyms, romanize, script_of, variants

# Chosen on the train split of tests/fixtures/name_pairs.tsv (benchmarks/name_matching.py).
DEFAULT_THRESHOLD = 0.88

# Arabic article forms that news prefixes with a hyphen (al-Assad, el-Sisi, as-Sisi, ash-Sharaa,
# Er-Riyad) and that other spellings omit (Асад, Σίσι): dropped, like the standalone "al"/"el"
# of Greek and Spanish spellings (Μπασάρ αλ Άσαντ, Muamar el Gadafi).
_ARTICLE = re.compile(r"(?:a|e)(?:l|[nrstdz]h?)")
_STANDALONE_ARTICLES = frozenset({"al", "el"})

# Spelling normalisations, in order; each removes a disagreement between news romanisations.
# Symbols: "x" stands for the "sh" sound and "c" for the "ch" sound once the Latin letters x and c
# have been spelled out, so every sound is one letter and one edit.
_RULES: tuple[tuple[str, str], ...] = (
    # Latin x is "ks" (Alexei = Алексей, Greek ξ is romanised x); frees "x" for the sh sound.
    (r"x", "ks"),
    # Chr- is Greek "Χρ" (Christodoulides = Χριστοδουλίδης), never the "ch" of "Chavez".
    (r"^chr", "khr"),
    # Latin c: "ck" and hard c are k, soft c (before e, i, y) is s: Macron = Макрон, Cecil.
    (r"ck", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c(?!h)", "k"),
    # Q is k (Qasem = Касем, Qatar = Катар).
    (r"q", "k"),
    # The Russian "дж" is English j (Джонсон = Johnson, Джокович = Djokovic); so is French "dj".
    (r"dzh|dj", "j"),
    # shch (щ), sch (German spelling of ш in English text: Schulz), sh are all one "sh" sound.
    (r"shch", "xc"),
    (r"tsch|tch", "c"),
    (r"sch|sh", "x"),
    # ch is the "ch" sound (Medvedchuk, Chavez), kh the German/Greek/Russian ch (Khamenei).
    (r"ch", "c"),
    (r"kh", "h"),
    # zh (ж) and z: Greek, Arabic and German spellings cannot tell them apart (Ζιτόμιρ = Zhytomyr).
    (r"zh", "z"),
    # ts/tz/ц are one sound that English spells z in German names (Scholz = Шольц = Σολτς).
    (r"ts|tz", "z"),
    # gh (غ) is g in other scripts (Baghdad = Багдад); ph, th, dh lose their h (Thani = Тани).
    (r"gh", "g"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"dh", "d"),
    # w is v outside English (Lawrow, Netanjahu), and English w is written в/β in Russian/Greek.
    (r"w", "v"),
    # y and i: one letter in most romanisations (Zelenskyy/Zelensky/Zelenskiy, Yermak = Єрмак).
    (r"y", "i"),
    # ou, oo are u (Netanyahou, Rouhani = Ruhani); ee is i; German oe, ue are o, u (Schroeder).
    (r"ou|oo", "u"),
    (r"ee", "i"),
    (r"oe", "o"),
    (r"ue", "u"),
    # Double letters are single in other scripts (Lennon = Λένον, Abbas = Αμπάς, Rutte = Ρούτε).
    (r"(.)\1+", r"\1"),
)
_COMPILED = tuple((re.compile(pattern), repl) for pattern, repl in _RULES)

_VOWELS = "aeiou"


def name_key(name: str, language: str | None = None) -> str:
    """The phonetic key of `name`: romanised, with spelling variants normalised away.

    Tokens are separated by one space; hyphenated parts are joined ("Kim Jong-un" ->
    "kim jongun") and Arabic articles dropped ("al-Assad" -> "asad"). Two spellings of a name
    in one script usually share a key; across scripts `name_similarity` is the better test.
    """
    return " ".join(_key_tokens(romanize(name, language)))


def surname(name: str) -> str:
    """The last word of `name`, the part news repeats after the first mention ("Lavrov")."""
    words = name.split()
    return words[-1] if words else ""


def name_similarity(
    a: str, b: str, language_a: str | None = None, language_b: str | None = None
) -> float:
    """How alike two names are in [0, 1], whatever their scripts.

    Each name is read under its language's rules and, for scripts with language variants, the
    other variants too (a Russian article spells Ukrainian places as Ukrainians do, "Луганск" =
    Luhansk, and old Russian spellings use г for h, "Тегеран"). Tokens are compared in order;
    when the counts differ, neighbouring tokens are joined ("Jong Un" = "Jong-un").
    """
    return max(
        (_compare(x, y) for x, y in product(_readings(a, language_a), _readings(b, language_b))),
        default=0.0,
    )


def same_name(
    a: str,
    b: str,
    language_a: str | None = None,
    language_b: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> bool:
    """Whether `a` and `b` name the same person or place, as far as spelling can tell."""
    return name_similarity(a, b, language_a, language_b) >= threshold


@dataclass(frozen=True)
class _Reading:
    """One way to read a name: its key tokens and the scripts the name was written in."""

    tokens: tuple[str, ...]
    scripts: frozenset[str]


@cache
def _readings(name: str, language: str | None) -> tuple[_Reading, ...]:
    scripts = frozenset(s for s in map(script_of, name) if s is not None)
    languages = [language]
    for script in scripts:
        languages += [v for v in variants(script) if v != language]
    keys = dict.fromkeys(tuple(_key_tokens(romanize(name, lang))) for lang in languages)
    return tuple(_Reading(tokens, scripts) for tokens in keys if tokens)


def _key_tokens(romanized: str) -> list[str]:
    words = re.sub(r"[^a-z0-9\s-]", "", romanized).split()
    tokens: list[str] = []
    for position, word in enumerate(words):
        parts = [part for part in word.split("-") if part]
        if len(parts) > 1 and _ARTICLE.fullmatch(parts[0]):
            parts = parts[1:]
        if parts == [word] and word in _STANDALONE_ARTICLES and position < len(words) - 1:
            continue
        if parts:
            tokens.append(_normalise("".join(parts)))
    return tokens


def _normalise(token: str) -> str:
    token = exonyms().get(token, token)
    for pattern, repl in _COMPILED:
        token = pattern.sub(repl, token)
    return token


def _compare(a: _Reading, b: _Reading) -> float:
    mode = _mode(a.scripts | b.scripts)
    left = [_reduce(t, mode) for t in a.tokens]
    right = [_reduce(t, mode) for t in b.tokens]
    abjad_side = 0 if "arabic" in a.scripts else 1 if "arabic" in b.scripts else None
    best = 0.0
    for x, y in _alignments(left, right):
        scores = [_token_similarity(p, q, abjad_side) for p, q in zip(x, y, strict=True)]
        best = max(best, (sum(scores) / len(scores) + min(scores)) / 2)
    return best


def _mode(scripts: frozenset[str]) -> str:
    if "arabic" in scripts:
        return "arabic"
    return "greek" if "greek" in scripts else "plain"


def _reduce(token: str, mode: str) -> str:
    """`token` at the resolution of the least precise script in the comparison."""
    if mode == "greek":
        # Greek has no sh, ch or w letters (σ, τσ, ου stand in) and its digraphs ντ, μπ, γκ are
        # d/nd/nt, b/mb/mp, g/ng: both sides are brought to the Greek distinctions.
        token = token.replace("x", "s").replace("c", "z")
        token = re.sub(r"n[dt]", "d", token)
        token = re.sub(r"m[bp]", "b", token)
        token = re.sub(r"ng", "g", token)
    elif mode == "arabic":
        # Arabic script has three vowels (e is i, o is u), writes p as b (ترامب) and v as f
        # (لافروف), and w, y are the letters of u, i.
        token = token.translate(_ABJAD)
        token = re.sub(r"(.)\1+", r"\1", token)
    return token


_ABJAD = str.maketrans({"e": "i", "o": "u", "p": "b", "v": "f"})


def _token_similarity(a: str, b: str, abjad_side: int | None) -> float:
    if abjad_side is None:
        return (
            Levenshtein.normalized_similarity(a, b)
            + Levenshtein.normalized_similarity(_skeleton(a), _skeleton(b))
        ) / 2
    written, other = (a, b) if abjad_side == 0 else (b, a)
    return Indel.normalized_similarity(_skeleton(written), _skeleton(other))


def _skeleton(token: str) -> str:
    return token[:1] + "".join(c for c in token[1:] if c not in _VOWELS)


def _alignments(left: list[str], right: list[str]) -> Iterator[tuple[list[str], list[str]]]:
    """Ways to pair the tokens: in order, joining neighbours on the side that has more."""
    if len(left) == len(right):
        yield left, right
    elif len(left) > len(right):
        for merged in _merges(left, len(right)):
            yield merged, right
    else:
        for merged in _merges(right, len(left)):
            yield left, merged


def _merges(tokens: list[str], count: int) -> Iterator[list[str]]:
    """`tokens` joined into `count` groups of neighbours; initials are never joined."""
    if count == 0:
        return
    for cuts in combinations(range(1, len(tokens)), count - 1):
        bounds = (0, *cuts, len(tokens))
        groups = [tokens[i:j] for i, j in zip(bounds, bounds[1:], strict=False)]
        if all(len(g) == 1 or all(len(t) > 1 for t in g) for g in groups):
            yield ["".join(g) for g in groups]
