"""Names across scripts: a phonetic key and a similarity for people's and places' names.

"Πεζεσκιάν", "Пезешкиан", "پزشکیان" and "Pezeshkian" are one man; "Scholz" and "Schulz" are two.
Romanisation (`romanize`) brings every name into one alphabet, but the spellings still disagree
in ways no single transliteration fixes: English writes "kh" where German writes "ch", Greek has
no "sh" or "w", Arabic and Persian leave short vowels unwritten, and the English "u" of "Trump"
is the vowel every other script writes "a". So a name becomes a *key* in which those
disagreements are normalised away (each rule below says which one it removes), and two keys are
compared token by token with rapidfuzz edit operations, at the resolution of the least precise
script involved: a Greek spelling cannot tell "s" from "sh" and an Arabic one cannot tell "e"
from "i", so neither difference is held against a match with them.

What is left after normalising is weighed by kind. Transliterations disagree on close vowels,
glides, h and voiced/unvoiced pairs; different names differ by a letter: Lavrov/Lavrenov,
Putin/Pupin, Raisi/Rais, Scholz/Schulz. So an unexplained letter costs a full edit and one full
edit is never enough for a match (`DEFAULT_THRESHOLD`), while the differences transliteration
explains cost half or less.

`name_similarity` compares like with like (full name with full name, surname with surname);
whether "Lavrov" in one article is the "Sergei Lavrov" of another is a question for the entity
registry, which can use `surname`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

from rapidfuzz.distance import Editop, LCSseq, Levenshtein

from newsloom.link.romanize import (
    any_variant,
    endings,
    exonyms,
    origin_variants,
    romanize,
    script_of,
    variants,
)

# Just above what one unexplained letter in a one-word name scores (1 - 1/_LENGTH_CAP = 0.857),
# so Putin/Pupin-like pairs never match. On the train split of tests/fixtures/name_pairs.tsv it
# gives precision 0.996, recall 0.940, F1 0.967; the best train F1 (0.967 as well) is at 0.835,
# where train precision is 0.991 (benchmarks/name_matching.py --tune).
DEFAULT_THRESHOLD = 0.86

# Spelling normalisations, in order. After them every sound is one letter: "x" is the "sh" sound,
# "c" the "ch" of "Chavez", "q" the "ts" of "Tsipras", "j" the English j and "h" both h and kh.
_RULES: tuple[tuple[str, str], ...] = (
    # Latin x is "ks" (Alexei = Алексей); Greek ξ is romanised x.
    (r"x", "ks"),
    # Chr- is Greek "Χρ" (Christodoulides = Χριστοδουλίδης), never the "ch" of "Chavez".
    (r"^chr", "khr"),
    # A final -ic after v, k, c, d, j, s, z is the Slavic ending ć written without its accent
    # (Djokovic = Джокович, Dokic, Mladic); after r, n it is English (Eric = Эрик, Dominic).
    (r"(?<=[vkcdjsz])ic$", "ich"),
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
    # zh (ж, ژ) is j: French and English spell it j (Prigojine, Ahmadinejad = احمدی‌نژاد).
    (r"zh", "j"),
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
    # Double letters are single in other scripts (Lennon = Λένον, Abbas = Αμπάς, Rutte = Ρούτε).
    (r"(.)\1+", r"\1"),
    # The apostrophe only kept letters apart (تهران = t'hran); it has done its work.
    (r"'", ""),
)
_COMPILED = tuple((re.compile(pattern), repl) for pattern, repl in _RULES)

# How English says what it spells, tried as another reading of each word of an English-language
# Latin-script name, because other scripts write the sound: the German "ei" English keeps is
# "ai" (von der Leyen = Λάιεν); the "u" of Trump, Musk and Hunter is Трамп, Μασκ, Хантер; the "i"
# of Biden and Rice is Байден, Райс, the "a" of Jake is Джейк; the h of Johnson and Kohl is
# silent; "ea" is the "i" of Chelsea = Челси.
_ENGLISH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"ei", "ai"),
        (r"u(?=[^aeiou]{2}|[^aeiou]$)", "a"),
        (r"i(?=[^aeiou]e)", "ai"),
        (r"a(?=[^aeiou]e)", "ei"),
        (r"(?<=[ae]i[^aeiou])e(?=s?$)", ""),
        (r"(?<=[aeiou])h(?=[^aeiou])", ""),
        (r"ea", "i"),
    )
)

# Arabic article forms that news prefixes with a hyphen (al-Assad, el-Sisi, as-Sisi, ash-Sharaa,
# Er-Riyad) and that other spellings omit (Асад, Σίσι). The standalone "al"/"el" of Greek and
# Spanish spellings (Μπασάρ αλ Άσαντ, Muamar el Gadafi) goes too.
_ARTICLE = re.compile(r"[ae](?:l|[nrstdz]h?)")
_STANDALONE_ARTICLES = frozenset({"al", "el"})

_VOWELS = frozenset("aeiou")

# What an edit costs, by kind (see _weighted_similarity). A full edit is an unexplained letter.
_FULL = 1.0
_CLOSE_VOWELS = 0.25  # e for i (Irpin = Ирпень) and the ё and -iv cases in _vowel_cost
_FINAL_VOWEL = 0.5  # a final a/e/o: Ukraine = Украина, Lukashenko = Лукашэнка
_SIMILAR = 0.75  # a consonant for its voiced/unvoiced or fricative twin (see _SIMILAR_PAIRS)
_VOWEL_OR_H = 0.5  # a vowel or h inside a word, present in one spelling only: Teheran, Умєров
_SILENT_H = 0.25  # a final h after a vowel: Jeddah = Джидда, Akleh = Акле
_FIRST_LETTER = 1.25  # the first letter weighs more: Minsk/Pinsk, Omsk/Tomsk, Zarif/Sharif
_SIMILAR_PAIRS = frozenset(
    frozenset(pair)
    for pair in (
        "bp", "dt", "gk", "vf", "sz",  # voicing: Λαβρόφ = Lavrov
        "gh", "kh",  # г is h in Ukrainian (Луганськ), γ, g, h for the Arabic غ and ح
        "qz", "qs", "qc", "xs", "jz",  # ts, ch, sh, zh, s and z: sibilants swap across scripts
        "vu", "bv",  # w is u in Arabic and ου in Greek; β is b in old Greek place names
    )
)  # fmt: skip
# Edits count against at most this many letters, so a long name, like a short one, is no match
# with one unexplained letter (Sulaymaniyah/Soleimani: Сулеймания/Сулеймани).
_LENGTH_CAP = 7
# A token pair less alike than this costs the full name its shortfall: Mohammed bin Salman and
# Mohammed bin Zayed share two of three words and are still two men.
_TOKEN_FLOOR = 0.7


def name_key(name: str, language: str | None = None) -> str:
    """The phonetic key of `name`: romanised, with spelling variants normalised away.

    Tokens are separated by one space; hyphenated parts are joined ("Kim Jong-un" ->
    "kim jongun") and Arabic articles dropped ("al-Assad" -> "asad"). Two spellings of a name
    in one script usually share a key; across scripts `name_similarity` is the better test.
    """
    return " ".join(_key_tokens(romanize(name, language)))


# Letters that news romanisations swap (sh/s/x, v/f/w, c/k/q/g, b/p, d/t) share a class;
# vowels are dropped.
SKELETON = str.maketrans("xzsfwvqcgkbd", "sssvvvkkkkpt", "aeiouyh")
# Greek writes a foreign b, d and g as μπ, ντ and γκ ("Αμπντάλα" = Abdallah, "Νταγκάλο" =
# Dagalo, "Άγκυρα" = Ankara): a nasal before its stop is dropped, so both spellings meet.
NASAL_BEFORE_STOP = re.compile(r"m(?=p)|n(?=[tk])")


def sound_key(name: str, language: str | None = None) -> str:
    """The consonant skeleton of a name: the bucket it is looked up in before comparing names.

    Coarser than the phonetic key on purpose, so that spellings which romanise differently
    (Greek writes Pezeshkian as Πεζεσκιάν, "sk") still meet; `same_name` then decides.
    """
    key = name_key(name, language).replace(" ", "")
    skeleton = "".join(ch for ch in key.translate(SKELETON) if ch.isalpha()) or key
    skeleton = NASAL_BEFORE_STOP.sub("", skeleton) or skeleton
    return "".join(ch for i, ch in enumerate(skeleton) if i == 0 or ch != skeleton[i - 1])


def surname(name: str) -> str:
    """The last word of `name`, the part news repeats after the first mention ("Lavrov")."""
    words = name.split()
    return words[-1] if words else ""


def name_similarity(
    a: str, b: str, language_a: str | None = None, language_b: str | None = None
) -> float:
    """How alike two names are, in [0, 1], whatever their scripts.

    Each name is read under its language's rules and, for Cyrillic and Arabic script, under the
    script's other language variants too, because names cross languages: a Russian article
    spells Ukrainian places as Ukrainians do ("Луганск" = Luhansk) and old Russian spellings
    write h as г ("Тегеран"). Tokens are compared in order; where the counts differ, neighbouring
    tokens are joined ("Jong Un" = "Jong-un"). The best pair of readings wins; both directions
    are compared (an edit script is not unique), so the result does not depend on the order.
    """
    pairs = product(_readings(a, language_a), _readings(b, language_b))
    return max((max(_compare(x, y), _compare(y, x)) for x, y in pairs), default=0.0)


def same_name(
    a: str,
    b: str,
    language_a: str | None = None,
    language_b: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> bool:
    """Whether `a` and `b` name the same person or place, as far as spelling can tell."""
    return name_similarity(a, b, language_a, language_b) >= threshold


# A word of a reading: its key first, then for an English-language Latin-script name its English
# and origin-language readings (see _ENGLISH and `origin_variants` in romanization.toml).
_Token = tuple[str, ...]


@dataclass(frozen=True)
class _Reading:
    """One way to read a name: its words and the distinctions its spelling cannot make."""

    tokens: tuple[_Token, ...]
    blind: frozenset[str]  # "greek", "abjad", "german": see _token_similarity


@lru_cache(maxsize=65536)  # a registry compares one name with many: read each once, boundedly
def _readings(name: str, language: str | None) -> tuple[_Reading, ...]:
    scripts = frozenset(s for s in map(script_of, name) if s is not None)
    others = (v for s in sorted(scripts) if any_variant(s) for v in variants(s))
    languages = list(dict.fromkeys([language, *others]))
    texts = [name, *_without_ending(name, scripts)]
    keys = dict.fromkeys(tuple(_key_tokens(romanize(t, lang))) for t in texts for lang in languages)
    english = scripts == {"latin"} and (language or "en").startswith("en")
    origins = [_key_tokens(romanize(name, v)) for v in origin_variants("latin")] if english else []
    blind = {"greek"} & scripts | ({"abjad"} if "arabic" in scripts else set())
    if "latin" in scripts and (language or "").startswith("de"):
        blind.add("german")
    readings = []
    for key in filter(None, keys):
        tokens = tuple(
            _alternatives(token, english, [o[i] if len(o) == len(key) else token for o in origins])
            for i, token in enumerate(key)
        )
        readings.append(_Reading(tokens, frozenset(blind)))
    return tuple(readings)


def _alternatives(token: str, english: bool, origins: list[str]) -> _Token:
    if not english:
        return (token,)
    spoken = token
    for pattern, repl in _ENGLISH:
        spoken = pattern.sub(repl, spoken)
    return (token, spoken, *origins)


def _without_ending(name: str, scripts: frozenset[str]) -> list[str]:
    """`name` without a declension ending its script's language adds (Τεχεράνη -> Τεχεράν)."""
    name = name.rstrip()
    words = name.split()
    if not words or len(words[-1]) < 4:
        return []
    last = unicodedata.normalize("NFD", name[-1])[0].lower()
    return [name[:-1]] if any(last in endings(script) for script in scripts) else []


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


def _compare(a: _Reading, b: _Reading) -> float:
    blind = a.blind | b.blind
    written = ("abjad" in a.blind, "abjad" in b.blind)
    best = 0.0
    for left, right in _alignments(list(a.tokens), list(b.tokens)):
        scores = [_best(p, q, blind, written) for p, q in zip(left, right, strict=True)]
        # Longer words say more: "Li" or "bin" agreeing is weak evidence (Li Qiang/Li Keqiang).
        weights = [max(len(p[0]), len(q[0])) for p, q in zip(left, right, strict=True)]
        mean = sum(w * x for w, x in zip(weights, scores, strict=True)) / sum(weights)
        best = max(best, mean - max(0.0, _TOKEN_FLOOR - min(scores)))
    return best


def _best(p: _Token, q: _Token, blind: frozenset[str], written: tuple[bool, bool]) -> float:
    """The best similarity of two words over their readings, one of them the plain key.

    Two alternative readings are never compared with each other: each forgives a difference,
    and forgiving on both sides makes different names alike (Biden and Bidel, read the English
    way, are "baiden" and "baidel").
    """
    pairs = product(enumerate(dict.fromkeys(p)), enumerate(dict.fromkeys(q)))
    return max(_token_similarity(x, y, blind, written) for (i, x), (j, y) in pairs if not i * j)


def _token_similarity(a: str, b: str, blind: frozenset[str], written: tuple[bool, bool]) -> float:
    if "german" in blind:
        # German spells s and z alike ("s": Selenskyj, Sergej) and ж as "sch" (Prigoschin).
        a, b = re.sub("[xzj]", "s", a), re.sub("[xzj]", "s", b)
    if "greek" in blind:
        a, b = _greek(a), _greek(b)
    if "abjad" in blind:
        return _abjad_similarity(a, b, written)
    return _weighted_similarity(a.replace("w", "v"), b.replace("w", "v"))


def _weighted_similarity(a: str, b: str) -> float:
    """1 - the cost of the edits from `a` to `b`, weighed by kind, over their length (capped)."""
    cost = sum(_edit_cost(op, a, b) for op in Levenshtein.editops(a, b))
    return max(0.0, 1 - cost / min(max(len(a), len(b), 1), _LENGTH_CAP))


def _edit_cost(op: Editop, a: str, b: str) -> float:
    """What one edit says about two spellings being one name (see the costs above)."""
    if op.tag == "replace":
        x, y = a[op.src_pos], b[op.dest_pos]
        if x in _VOWELS and y in _VOWELS:
            weight = _vowel_cost(x, y, a[: op.src_pos], a[op.src_pos + 1 :], b[op.dest_pos + 1 :])
        else:
            weight = _SIMILAR if frozenset((x, y)) in _SIMILAR_PAIRS else _FULL
    else:
        word, pos = (a, op.src_pos) if op.tag == "delete" else (b, op.dest_pos)
        letter, final = word[pos], pos == len(word) - 1
        if letter == "h" and final and pos > 0 and word[pos - 1] in _VOWELS:
            weight = _SILENT_H
        elif letter == "h" or (letter in _VOWELS and not final):
            weight = _VOWEL_OR_H  # spelling; a final vowel is grammar (Attal/Attali)
        else:
            weight = _FULL
    return weight * (_FIRST_LETTER if op.src_pos == op.dest_pos == 0 else 1.0)


def _vowel_cost(x: str, y: str, before: str, rest_a: str, rest_b: str) -> float:
    """The cost of vowel `x` in one spelling standing for `y` in the other."""
    if {x, y} == {"e", "i"}:
        return _CLOSE_VOWELS
    # e/o after ch, sh, zh is the Russian ё: Gorbachev = Горбачёв = Gorbatschow.
    if {x, y} == {"e", "o"} and before[-1:] in ("c", "x", "j"):
        return _CLOSE_VOWELS
    # Ukrainian -iv is Russian -ov/-ev: Kharkiv = Харьков, Lviv = Львов (Greek devoices v to f).
    if "i" in {x, y} and rest_a in ("v", "f") and rest_b in ("v", "f"):
        return _CLOSE_VOWELS
    return _FINAL_VOWEL if not rest_a and not rest_b and {x, y} <= set("aeo") else _FULL


def _greek(token: str) -> str:
    """`token` with only the distinctions Greek spelling makes.

    Greek has no sh, ch, w or j (σ, τσ, ου, τζ stand in: Σολτς, Τσερνόμπιλ, Ουάσιγκτον, Τζο) and
    writes щ as σ (Γιούσενκο = Yushchenko); ντ, μπ, γκ are d/nd/nt, b/mb/mp, g/ng; β is both v
    and, in old place names, b (Σερβία); αυ, ευ are av, ev (Αυστρία = Austria); v before a
    voiceless consonant or at the end is f (Λαβρόφ = Lavrov, Ποκρόφσκ); the Latin ending -us is
    Greek -ος (Δαμασκός = Damascus).
    """
    token = token.replace("x", "s").replace("c", "ts").replace("q", "ts").replace("w", "v")
    token = re.sub(r"(?<=[ae])u(?=[^aeiou])", "v", token.replace("j", "z")).replace("sts", "s")
    token = re.sub(r"m[bp]", "b", re.sub(r"n[dt]", "d", token))
    token = re.sub(r"us$", "os", token.replace("ng", "g").replace("b", "v"))
    return re.sub(r"v(?=[fkpqst]|$)", "f", token)


def _abjad_similarity(a: str, b: str, written: tuple[bool, bool]) -> float:
    """Similarity where one side (or both) is in Arabic script, which leaves vowels unwritten.

    Foreign names are written with every vowel (Zelensky = زيلينسكي), native ones without their
    short vowels (Khamenei = خامنه‌ای, Khomeini = خمینی), so both readings are tried: all vowels
    written, compared letter for letter; or short vowels dropped, where every letter of the
    Arabic-script side must appear in the other and their consonants must agree. A final h after
    a vowel in the other spelling may be the silent ة of Jeddah (جدة) or the sounded ح of Rafah
    (رفح): both are tried.
    """
    scores = []
    readings_a = {a} if written[0] else {a, _FINAL_H.sub("", a)}
    readings_b = {b} if written[1] else {b, _FINAL_H.sub("", b)}
    for x, y in product(readings_a, readings_b):
        scores.append(Levenshtein.normalized_similarity(_abjad_full(x), _abjad_full(y)))
        if written[0]:
            scores.append(_coverage(_abjad_short(x), _abjad_short(y)))
        if written[1]:
            scores.append(_coverage(_abjad_short(y), _abjad_short(x)))
    return max(scores)


_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_ABJAD = str.maketrans({"e": "i", "o": "u", "p": "b", "v": "f", "w": "u", "g": "k"})


def _abjad_full(token: str) -> str:
    """`token` as Arabic script writes foreign names, every vowel written (زيلينسكي).

    Arabic has three vowel letters (e is i, o is u), writes p as b (ترامب), v as f (لافروف) and
    ch as تش (كراتشي = Karachi); و and ي are both consonants and vowels (w is u); g is spelled
    غ, ك or ق (Guterres = غوتيريش; Persian ق and غ are one sound: Ghalibaf = Qalibaf); ng is ن.
    A final e is the a of a final ة or ه (غزه = Gaza, هنية = Haniyeh). A first vowel only sits on
    an alef, whatever its sound (Isfahan = اصفهان), so it is dropped.
    """
    token = re.sub(r"e$", "a", token).replace("tx", "c").replace("ng", "n")
    token = re.sub(r"(.)\1+", r"\1", token.translate(_ABJAD))
    return token.lstrip("aiu") or token


def _abjad_short(token: str) -> str:
    """`token` as Arabic script writes native names: e and o (short vowels) unwritten."""
    return _abjad_full(re.sub(r"[eo](?=.)", "", token.replace("ei", "i")))


def _coverage(written: str, other: str) -> float:
    """How fully `other` spells out `written`: its letters in order, and the same consonants."""
    found = LCSseq.similarity(written, other) / len(written)
    return min(found, Levenshtein.normalized_similarity(_consonants(written), _consonants(other)))


def _consonants(token: str) -> str:
    """The consonants of `token` and its last letter (a final vowel is written in Arabic)."""
    return "".join(c for c in token[:-1] if c not in _VOWELS) + token[-1:]


def _alignments(
    left: list[_Token], right: list[_Token]
) -> Iterator[tuple[list[_Token], list[_Token]]]:
    """Ways to pair the tokens: in order, joining neighbours on the side that has more."""
    if len(left) == len(right):
        yield left, right
    elif len(left) > len(right):
        for merged in _merges(left, len(right)):
            yield merged, right
    else:
        for merged in _merges(right, len(left)):
            yield left, merged


def _merges(tokens: list[_Token], count: int) -> Iterator[list[_Token]]:
    """`tokens` joined into `count` groups of neighbours; initials are never joined."""
    if count == 0:
        return
    for cuts in combinations(range(1, len(tokens)), count - 1):
        bounds = (0, *cuts, len(tokens))
        groups = [tokens[i:j] for i, j in zip(bounds, bounds[1:], strict=False)]
        if all(len(g) == 1 or all(len(t[0]) > 1 for t in g) for g in groups):
            yield [_join(g) for g in groups]


def _join(group: list[_Token]) -> _Token:
    """Neighbouring tokens as one, each reading joined with the same reading."""
    return tuple("".join(readings) for readings in zip(*group, strict=True))
