"""Names across scripts: a phonetic key and a similarity for people's and places' names.

"Πεζεσκιάν", "Пезешкиан", "پزشکیان" and "Pezeshkian" are one man; "Scholz" and "Schulz" are two.
Romanisation (`romanize`) brings every name into one alphabet, but the spellings still disagree
in ways no single transliteration fixes: English writes "kh" where German writes "ch", Greek has
no "sh" or "w", Arabic and Persian leave short vowels unwritten, and the English "u" of "Trump"
is the vowel every other script writes "a". So a name becomes a *key* in which those
disagreements are normalised away (each rule below says which one it removes), and two keys are
compared with rapidfuzz, token by token, at the resolution of the least precise script involved:
a Greek spelling cannot tell "s" from "sh" and an Arabic one cannot tell "e" from "i", so neither
difference is held against a match with them.

`name_similarity` compares like with like (full name with full name, surname with surname);
whether "Lavrov" in one article is the "Sergei Lavrov" of another is a question for the entity
registry, which can use `surname`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import combinations, product

from rapidfuzz.distance import Levenshtein

from newsloom.link.romanize import any_variant, endings, exonyms, romanize, script_of, variants

# Chosen on the train split of tests/fixtures/name_pairs.tsv (benchmarks/name_matching.py).
DEFAULT_THRESHOLD = 0.88

_VOWELS = frozenset("aeiou")
_MIN_WEIGHT = 0.0
_SKELETON_WEIGHT = 0.75
_END_PENALTY = 0.0

# Arabic article forms that news prefixes with a hyphen (al-Assad, el-Sisi, as-Sisi, ash-Sharaa,
# Er-Riyad) and that other spellings omit (Асад, Σίσι). The standalone "al"/"el" of Greek and
# Spanish spellings (Μπασάρ αλ Άσαντ, Muamar el Gadafi) goes too.
_ARTICLE = re.compile(r"[ae](?:l|[nrstdz]h?)")
_STANDALONE_ARTICLES = frozenset({"al", "el"})

# Spelling normalisations, in order. After them every sound is one letter: "x" is the "sh" sound,
# "c" the "ch" of "Chavez", "q" the "ts" of "Tsipras", "j" the English j and "h" both h and kh.
_RULES: tuple[tuple[str, str], ...] = (
    # Latin x is "ks" (Alexei = Алексей); Greek ξ is romanised x.
    (r"x", "ks"),
    # Chr- is Greek "Χρ" (Christodoulides = Χριστοδουλίδης), never the "ch" of "Chavez".
    (r"^chr", "khr"),
    # A final -ic is the Slavic ending ć written without its accent (Djokovic = Джокович).
    (r"ic$", "ich"),
    # Latin c: "ck" and hard c are k, soft c (before e, i, y) is s: Macron = Макрон, Rice = Райс.
    (r"ck", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c(?!h)", "k"),
    # Q is k (Qasem = Касем, Qatar = Катар).
    (r"q", "k"),
    # The Russian дж is the English j (Джонсон = Johnson), and so is the "dj" of Djokovic.
    (r"dzh|dj", "j"),
    # щ is shch; German "tsch" and French "tch" are ch; German "sch" (Schulz in English text)
    # and sh are one sound.
    (r"shch", "xc"),
    (r"tsch|tch", "c"),
    (r"sch|sh", "x"),
    (r"ch", "c"),
    # kh is the German/Greek/Russian ch (Khamenei = Chamenei = Χαμενεΐ); other scripts write the
    # English h with the same letter (Harris = Харрис = Χάρις), so both are h.
    (r"kh", "h"),
    # ts/tz/ц are one sound, and English keeps the German z for it after l and r (Scholz = Шольц).
    (r"ts|tz", "q"),
    (r"(?<=[lr])z$", "q"),
    # A Spanish final z after a vowel is an s to everyone else (Gutiérrez = Гутьеррес).
    (r"(?<=[aeiou])z$", "s"),
    # zh (ж) is z: Greek writes ж as ζ (Ζιτόμιρ = Zhytomyr) and French as j (Prigojine).
    (r"zh", "z"),
    # gh (غ) is g in other scripts (Baghdad = Багдад); ph, th, dh lose their h (Thani = Тани).
    (r"gh", "g"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"dh", "d"),
    # y and i are one letter in most romanisations (Zelenskyy/Zelensky/Zelenskiy, Єрмак = Yermak).
    (r"y", "i"),
    # ou, oo are u (Netanyahou, Rouhani = Ruhani); ee is i; German oe, ue are o, u (Schroeder).
    (r"ou|oo", "u"),
    (r"ee", "i"),
    (r"oe", "o"),
    (r"ue", "u"),
    # Ta marbuta spelled -eh (Haniyeh = هنية = Хания).
    (r"eh$", "a"),
    # A final h after a vowel is silent in names from Arabic (Haniyeh = Хания, Hezbollah =
    # Хезболла, Akleh = Акле).
    (r"(?<=[aeiou])h$", ""),
    # Double letters are single in other scripts (Lennon = Λένον, Abbas = Αμπάς, Rutte = Ρούτε).
    (r"(.)\1+", r"\1"),
    # The apostrophe only kept letters apart (تهران = t'hran); it has done its work.
    (r"'", ""),
)
_COMPILED = tuple((re.compile(pattern), repl) for pattern, repl in _RULES)

# How English spells sounds that other scripts write as they sound: the "u" of Trump, Musk and
# Hunter is Трамп, Μασκ, Хантер; the "i" of Biden and Rice is Байден, Райс; the h of Johnson
# and Kohl is silent. Tried as a second reading of Latin-script names.
_ENGLISH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"u(?=[^aeiou]{2}|[^aeiou]$)", "a"),
        (r"i(?=[^aeiou]e)", "ai"),
        (r"(?<=[^aeiou])e$", ""),
        (r"(?<=[aeiou])h(?=[^aeiou])", ""),
        (r"ea", "i"),
    )
)


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
    """How alike two names are, in [0, 1], whatever their scripts.

    Each name is read under its language's rules and also under the other language variants of
    its script, because names cross languages: a Russian article spells Ukrainian places as
    Ukrainians do ("Луганск" = Luhansk) and old Russian spellings write h as г ("Тегеран").
    Tokens are compared in order; where the counts differ, neighbouring tokens are joined
    ("Jong Un" = "Jong-un"). The best reading pair wins.
    """
    pairs = product(_readings(a, language_a), _readings(b, language_b))
    return max((_compare(x, y) for x, y in pairs), default=0.0)


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
    """One way to read a name: its key tokens and the distinctions its spelling cannot make."""

    tokens: tuple[str, ...]
    blind: frozenset[str]  # "greek", "abjad", "german": see _token_similarity


@cache
def _readings(name: str, language: str | None) -> tuple[_Reading, ...]:
    scripts = frozenset(s for s in map(script_of, name) if s is not None)
    others = (v for s in sorted(scripts) if any_variant(s) for v in variants(s))
    languages = list(dict.fromkeys([language, *others]))
    texts = [name, *_without_ending(name, scripts)]
    keys = [tuple(_key_tokens(romanize(t, lang))) for t in texts for lang in languages]
    if scripts == {"latin"} and (language or "en").startswith("en"):
        keys.append(tuple(_english(token) for token in keys[0]))
    blind = {"greek": "greek", "arabic": "abjad"}
    spelling = {blind[s] for s in scripts if s in blind}
    if "latin" in scripts and (language or "").startswith("de"):
        spelling.add("german")
    return tuple(_Reading(tokens, frozenset(spelling)) for tokens in dict.fromkeys(keys) if tokens)


def _without_ending(name: str, scripts: frozenset[str]) -> list[str]:
    """`name` without a declension ending its script's language adds (Τεχεράνη -> Τεχεράν)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    for script in scripts:
        for ending in endings(script):
            if bare.lower().endswith(ending) and len(bare.split()[-1]) > len(ending) + 2:
                return [bare[: -len(ending)]]
    return []


def _key_tokens(romanized: str) -> list[str]:
    words = re.sub(r"[^a-z0-9\s'-]", "", romanized).split()
    tokens: list[str] = []
    for position, word in enumerate(words):
        parts = [part for part in word.split("-") if part.strip("'")]
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


def _english(token: str) -> str:
    for pattern, repl in _ENGLISH:
        token = pattern.sub(repl, token)
    return token


def _compare(a: _Reading, b: _Reading) -> float:
    blind = a.blind | b.blind
    best = 0.0
    for left, right in _alignments(list(a.tokens), list(b.tokens)):
        scores = [_token_similarity(x, y, blind, "abjad" in a.blind, "abjad" in b.blind) for x, y in zip(left, right, strict=True)]
        best = max(best, (1 - _MIN_WEIGHT) * sum(scores) / len(scores) + _MIN_WEIGHT * min(scores))
    return best


def _asym(w: str, o: str) -> float:
    from rapidfuzz.distance import LCSseq
    cw = "".join(c for c in w if c not in _VOWELS) or w
    co = "".join(c for c in o if c not in _VOWELS) or o
    cov = LCSseq.similarity(w, o) / len(w)
    cons = Levenshtein.normalized_similarity(cw, co)
    return _ASYM_MIX * min(cov, cons) + (1 - _ASYM_MIX) * Levenshtein.normalized_similarity(w, o)

_ASYM = True
_ASYM_MIX = 1.0

def _token_similarity(a: str, b: str, blind: frozenset[str], a_ab: bool = False, b_ab: bool = False) -> float:
    if "german" in blind:
        # German spells s and z alike ("s": Selenskyj, Sergej) and ж as "sch" (Prigoschin).
        a, b = re.sub("[xz]", "s", a), re.sub("[xz]", "s", b)
    if "greek" in blind:
        a, b = _greek(a), _greek(b)
    if "abjad" in blind:
        if _ASYM and (a_ab or b_ab) and not (a_ab and b_ab):
            w, o = (a, b) if a_ab else (b, a)
            return max(_asym(project(w), project(o)) for project in (_abjad_short, _abjad_full))
        return max(
            Levenshtein.normalized_similarity(project(a), project(b))
            for project in (_abjad_short, _abjad_full)
        )
    a, b = a.replace("w", "v"), b.replace("w", "v")
    exact = Levenshtein.normalized_similarity(a, b)
    close = Levenshtein.normalized_similarity(a.translate(_CLOSE), b.translate(_CLOSE))
    score = (1 - _SKELETON_WEIGHT) * exact + _SKELETON_WEIGHT * close
    if a[-1:] != b[-1:] and (a[-1:] in _VOWELS or b[-1:] in _VOWELS):
        score -= _END_PENALTY
    return score


# e/i and o/u: the vowel pairs romanisations swap most (Mohammed/Muhammad, Irpin = Ирпень).
_CLOSE = str.maketrans("e", "i")


def _skeleton(token: str) -> str:
    """The consonants, with the first and last letter: where vowels differ, spellings do too."""
    return token[:1] + "".join(c for c in token[1:-1] if c not in _VOWELS) + token[1:][-1:]


def _greek(token: str) -> str:
    """`token` with only the distinctions Greek spelling makes.

    Greek has no sh, ch or w (σ, τσ, ου stand in: Σολτς, Τσερνόμπιλ, Ουάσιγκτον); ντ, μπ, γκ are
    d/nd/nt, b/mb/mp, g/ng; β is both v and, in old place names, b (Σερβία); v before a
    voiceless consonant or at the end is f (Λαβρόφ = Lavrov, Ποκρόφσκ).
    """
    token = token.replace("x", "s").replace("c", "ts").replace("q", "ts").replace("w", "v")
    token = re.sub(r"n[dt]", "d", token)
    token = re.sub(r"m[bp]", "b", token)
    token = re.sub(r"ng", "g", token)
    token = token.replace("b", "v")
    return re.sub(r"v(?=[fkpqst]|$)", "f", token)


_ABJAD = str.maketrans({"e": "i", "o": "u", "p": "b", "v": "f", "w": "u", "g": "k"})


def _abjad_full(token: str) -> str:
    """`token` as Arabic script writes foreign names, every vowel written (زيلينسكي).

    Arabic has three vowel letters (e is i, o is u), writes p as b (ترامب) and v as f (لافروف);
    و and ي are both consonants and vowels (w is u); g is spelled غ, ك or ق (Guterres =
    غوتيريش; Persian ق and غ are one sound: Ghalibaf = Qalibaf). A first vowel only sits on an
    alef, whatever its sound (Isfahan = اصفهان), so it is dropped.
    """
    token = re.sub(r"e$", "a", token).replace("tx", "c").replace("ng", "n")
    token = re.sub(r"(.)\1+", r"\1", token.translate(_ABJAD))
    return token.lstrip("aiu") or token


def _abjad_short(token: str) -> str:
    """`token` as Arabic script writes native names: short vowels a, e, o unwritten (خامنه‌ای)."""
    return _abjad_full(re.sub(r"[aeo](?=.)", "", token.replace("ei", "i")))


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
