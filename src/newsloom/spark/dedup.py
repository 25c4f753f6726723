"""Duplicates across partitions, with the rules of `ingest`'s Deduplicator.

Each article is compared only with articles before it in the input order, as ingest compares
it with what is already stored: an exact copy (same body hash) of an earlier article joins its
group; otherwise the earlier articles sharing most MinHash bands (band key -> groupBy ->
candidate pairs, the top `MAX_CANDIDATES` per article) are verified by shingle containment and
the best one above the threshold is the match. Band keys and verification run on the
executors; only the articles that have a match, or are one, reach the driver, where groups are
settled in input order (an earlier or fuller copy becomes its group's original, as in ingest).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import add

from newsloom.ingest.dedup import MAX_CANDIDATES, Signer, better_original, words
from newsloom.settings import Settings


@dataclass
class Facts:
    """What settling a group needs of one article."""

    id: str
    text_hash: str
    published: str | None
    words: int


@dataclass
class Verdicts:
    """Duplicate links by article position: as ingest saw them when each article arrived
    (`at_arrival`: duplicate_of, kind, replaces) and once every article is in (`final`)."""

    at_arrival: dict[int, tuple[str | None, str | None, str | None]]
    final: dict[str, tuple[str, str]]  # article id -> (original id, "exact" or "near")

    @property
    def duplicates(self) -> int:
        """Articles that joined a group on arrival, as ingest's report counts them."""
        return len(self.at_arrival)


def find_duplicates(articles, settings: Settings) -> Verdicts:
    """Duplicate verdicts for an RDD of (position, Document, Signature)."""
    hashes = articles.map(lambda row: (row[2].text_hash, row[0]))
    firsts = hashes.reduceByKey(min)
    exact = hashes.join(firsts).filter(lambda kv: kv[1][0] != kv[1][1]).values()
    exact_of = dict(exact.collect())
    near_of = dict(_near_matches(articles, exact_of, settings).collect())
    involved = set(exact_of) | set(exact_of.values()) | set(near_of) | set(near_of.values())
    wanted = articles.context.broadcast(involved)
    facts = dict(articles.filter(lambda row: row[0] in wanted.value).map(_facts).collect())
    return settle(facts, exact_of, near_of)


def _facts(row) -> tuple[int, Facts]:
    position, doc, signature = row
    return position, Facts(doc.id, signature.text_hash, doc.published, len(doc.body.split()))


def _near_matches(articles, exact_of: dict[int, int], settings: Settings):
    """(position, earlier position) of each article's best verified near copy."""
    exact = articles.context.broadcast(set(exact_of))
    bands = articles.flatMap(lambda row: [(key, row[0]) for key in row[2].band_keys])
    shared = bands.groupByKey().flatMap(_earlier_pairs).reduceByKey(add)
    candidates = (
        shared.filter(lambda kv: kv[0][0] not in exact.value)
        .map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
        .groupByKey()
        .flatMap(_top_candidates)
    )
    bodies = articles.map(lambda row: (row[0], row[1].body))
    with_later = candidates.join(bodies)  # (later, ((earlier, rank), body))
    by_earlier = with_later.map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1])))
    verified = by_earlier.join(bodies).map(lambda kv: _verify(kv, settings))
    kept = verified.filter(lambda kv: kv[1][0] >= settings.near_duplicate_containment)
    return kept.reduceByKey(_better_match).mapValues(lambda match: match[2])


def _earlier_pairs(bucket):
    """((later, earlier), 1) for every two articles sharing a band key."""
    members = sorted(set(bucket[1]))
    for index, later in enumerate(members):
        for earlier in members[:index]:
            yield (later, earlier), 1


def _top_candidates(item):
    """The earlier articles sharing most bands, ties to the earliest, as ingest's query ranks."""
    later, pairs = item
    ranked = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:MAX_CANDIDATES]
    for rank, (earlier, _) in enumerate(ranked):
        yield later, (earlier, rank)


_signer: tuple[Settings, Signer] | None = None


def _shingles(body: str, settings: Settings) -> set[str]:
    global _signer
    if _signer is None or _signer[0] != settings:
        _signer = (settings, Signer(settings))
    return _signer[1].shingles(words(body))


def _verify(item, settings: Settings):
    """(later, (containment, rank, earlier)): the share of the smaller text's shingles found
    in the other, as ingest verifies a candidate."""
    earlier, ((later, rank, later_body), earlier_body) = item
    mine, other = _shingles(later_body, settings), _shingles(earlier_body, settings)
    smaller = min(len(mine), len(other)) or 1
    return later, (len(mine & other) / smaller, rank, earlier)


def _better_match(a, b):
    """The higher containment; on a tie the better-ranked candidate (ingest takes the first)."""
    return a if (a[0], -a[1]) >= (b[0], -b[1]) else b


def settle(facts: dict[int, Facts], exact_of: dict[int, int], near_of: dict[int, int]) -> Verdicts:
    """Replay ingest's decisions in input order over the articles that have a match."""
    duplicate_of: dict[int, str | None] = {}  # position -> its group's original now
    kinds: dict[int, str | None] = {}
    members: dict[str, list[int]] = {}  # original id -> positions pointing at it
    position_of = {fact.id: position for position, fact in facts.items()}
    at_arrival = {}
    for position in sorted(facts):
        match = exact_of.get(position, near_of.get(position))
        if match is None:
            continue
        fact = facts[position]
        original = duplicate_of.get(match) or facts[match].id
        kind: str | None = "exact" if position in exact_of else "near"
        first = facts[position_of[original]]
        if better_original(fact.published, fact.words, first.published, first.words):
            at_arrival[position] = (None, None, original)
            for member in [position_of[original], *members.pop(original, [])]:
                duplicate_of[member] = fact.id
                same = facts[member].text_hash == fact.text_hash
                kinds[member] = "exact" if same else "near"
                members.setdefault(fact.id, []).append(member)
            continue
        at_arrival[position] = (original, kind, None)
        duplicate_of[position], kinds[position] = original, kind
        members.setdefault(original, []).append(position)
    final = {facts[p].id: (original, kinds[p]) for p, original in duplicate_of.items() if original}
    return Verdicts(at_arrival, final)
