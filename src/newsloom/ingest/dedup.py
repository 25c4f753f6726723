"""Exact and near-duplicate detection; duplicates are kept and linked, never dropped.

Exact duplicates share the hash of their normalised body. Near duplicates
(the same wire story from two outlets, lightly edited or truncated) are found
with MinHash LSH over word shingles: band keys live in the database, so the
index survives between runs and memory stays flat as the store grows. Each
candidate is then verified by containment: the share of the shorter text's
shingles found in the other, which stays high for truncated copies where
plain Jaccard similarity drops.

An article's signature (the hash and its band keys) needs no database, so with ingest workers
it is computed in the worker beside the analysis; the lookups stay with the writer.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

from newsloom.document import Document
from newsloom.settings import Settings
from newsloom.store import Database

WORD = re.compile(r"\w+")
MAX_CANDIDATES = 5  # near-duplicate candidates verified per article
FULLER = 1.2  # a copy must be this much longer to count as fuller than the current original
SCHEME = "affine32"  # datasketch's 32-bit permutation scheme


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def text_hash(tokens: list[str]) -> str:
    """Hash of a body's words: case, punctuation and spacing normalised away."""
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


@dataclass
class Signature:
    """What the lookups need of an article: the hash of its body and its MinHash band keys."""

    text_hash: str
    band_keys: list[int]  # none for a body too short to compare


@dataclass
class Verdict:
    """What the deduplicator found for one document."""

    text_hash: str
    band_keys: list[int] = field(default_factory=list)
    duplicate_of: str | None = None
    kind: str | None = None  # "exact" or "near"
    replaces: str | None = None  # a group's original that this article supersedes


class Signer:
    """Signatures of articles; one per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.permutations = MinHash(
            num_perm=settings.minhash_perms, seed=1, scheme=SCHEME
        ).permutations

    def sign(self, doc: Document) -> Signature:
        tokens = words(doc.body)
        shingles = self.shingles(tokens)
        enough = len(shingles) >= self.settings.min_shingles
        return Signature(text_hash(tokens), self.band_keys(shingles) if enough else [])

    def shingles(self, tokens: list[str]) -> set[str]:
        n = self.settings.shingle_words
        return {" ".join(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0))}

    def band_keys(self, shingles: set[str]) -> list[int]:
        minhash = MinHash(
            num_perm=self.settings.minhash_perms,
            permutations=self.permutations,
            scheme=SCHEME,
            hashfunc=zlib.crc32,  # stable across runs and much faster than the default SHA-1
        )
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        rows = self.settings.minhash_rows
        values = minhash.hashvalues.astype(np.uint32, copy=False)
        keys = []
        for band in range(self.settings.minhash_bands):
            chunk = values[band * rows : (band + 1) * rows].tobytes() + band.to_bytes(2, "little")
            keys.append(
                int.from_bytes(
                    hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True
                )
            )
        return keys


def better_original(
    published: str | None, words: int, original_published: str | None, original_words: int
) -> bool:
    """Whether an article (its publication date and body words) should replace its group's
    original: published earlier, or as early and fuller."""
    if published and original_published and published != original_published:
        return published < original_published
    return words > original_words * FULLER


class Deduplicator:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.signer = Signer(settings)

    def check(self, doc: Document, signature: Signature | None = None) -> Verdict:
        """Whether a document not yet stored duplicates a stored one."""
        signature = signature or self.signer.sign(doc)
        verdict = Verdict(signature.text_hash, signature.band_keys)
        exact = self.db.conn.execute(
            "SELECT id, duplicate_of FROM articles WHERE text_hash = ? ORDER BY rowid LIMIT 1",
            (verdict.text_hash,),
        ).fetchone()
        if exact:
            verdict.duplicate_of, verdict.kind = exact["duplicate_of"] or exact["id"], "exact"
        elif verdict.band_keys:
            verdict.duplicate_of = self._near_duplicate_of(doc, verdict.band_keys)
            verdict.kind = "near" if verdict.duplicate_of else None
        if verdict.duplicate_of and self._better_original(doc, verdict.duplicate_of):
            verdict.replaces, verdict.duplicate_of, verdict.kind = verdict.duplicate_of, None, None
        return verdict

    def _better_original(self, doc: Document, original_id: str) -> bool:
        """Whether `doc` should be its group's original: published earlier, or as early and fuller.

        This keeps the full wire story as the original even when a truncated copy arrived first.
        """
        original = self.db.conn.execute(
            "SELECT published, words FROM articles WHERE id = ?", (original_id,)
        ).fetchone()
        return better_original(
            doc.published, len(doc.body.split()), original["published"], original["words"]
        )

    def register(self, rowid: int, keys: list[int]) -> None:
        self.db.conn.executemany(
            "INSERT INTO minhash_bands (band_key, article) VALUES (?, ?)",
            [(key, rowid) for key in keys],
        )

    def _near_duplicate_of(self, doc: Document, keys: list[int]) -> str | None:
        # The articles sharing most bands are the likeliest copies; verifying only the top few
        # bounds the cost per article however many chance collisions a large store produces.
        marks = ",".join("?" * len(keys))
        candidates = self.db.conn.execute(
            f"""SELECT article, count(*) AS shared FROM minhash_bands
               WHERE band_key IN ({marks})
               GROUP BY article ORDER BY shared DESC, article LIMIT ?""",
            (*keys, MAX_CANDIDATES),
        ).fetchall()
        best: tuple[float, int] | None = None
        shingles = self.signer.shingles(words(doc.body)) if candidates else set()
        for rowid, _ in candidates:
            text, body_start = self.db.text_and_body_start(rowid)
            other = self.signer.shingles(words(text[body_start:]))
            smaller = min(len(shingles), len(other)) or 1
            containment = len(shingles & other) / smaller
            if containment >= self.settings.near_duplicate_containment and (
                best is None or containment > best[0]
            ):
                best = (containment, rowid)
        if best is None:
            return None
        row = self.db.conn.execute(
            "SELECT id, duplicate_of FROM articles WHERE rowid = ?", (best[1],)
        ).fetchone()
        return row["duplicate_of"] or row["id"]
