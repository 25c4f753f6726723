"""All tunable options in one place.

Library calls take a `Settings`; the CLI builds one from its flags. Defaults
are chosen so that the sample corpus and ordinary scraped news work as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_PIPELINE = (
    "language", "sentences", "dates", "time", "entities", "places", "quotes", "events", "claims",
)  # fmt: skip


@dataclass
class StorySettings:
    """Story clustering (newsloom.stories.cluster); scores are cosine similarities 0-1."""

    threshold: float = 0.24  # lowest score for joining a story (tuned on ECB+ topics 1-25)
    entity_weight: float = 1.0  # canonical entity ids: who and where, in any language
    concept_weight: float = 0.5  # concepts from the language packs: what kind of event
    lexical_weight: float = 1.0  # lemmas, within one language
    entity_floor: float = 0.2  # an entity cosine below this scales the score down
    dense_weight: float = 1.0  # only with an embedder
    grace_days: int = 2  # no time penalty this close to a story's date range
    decay_days: float = 4.0  # beyond it the score falls by 1/e every decay_days
    max_gap_days: int = 30  # farther than this, never the same story
    postings_limit: int = 64  # stories read per feature (most recently active first)
    lexical_features: int = 30  # strongest lemmas kept per article
    blocking_features: int = 12  # strongest features per space looked up in the index
    candidates: int = 20  # scored exactly after the index pass
    common_share: float = 0.2  # features in more articles than this share do not block


@dataclass
class Settings:
    # Pipeline: ordered component names (see newsloom.pipeline).
    pipeline: tuple[str, ...] = DEFAULT_PIPELINE

    # Ingest
    batch_size: int = 500  # articles per database transaction
    workers: int = 1  # processes that clean and analyse; more than 1 starts a pool of them
    max_file_bytes: int = 50 * 1024 * 1024  # whole-document formats only; JSONL and WARC stream
    follow_symlinks: bool = False
    file_time_limit: float | None = 300.0  # seconds per input; None: no limit
    fetch_timeout: float = 30.0  # seconds, for feeds and pages given as URLs

    # Language identification
    language_min_score: float = 0.5  # below this the language is "und"
    language_min_letters: int = 12  # shorter paragraphs inherit the article's language

    # Duplicate detection (MinHash LSH over word shingles, verified by containment)
    shingle_words: int = 3
    minhash_bands: int = 32
    minhash_rows: int = 3
    near_duplicate_containment: float = (
        0.8  # share of the shorter text's shingles found in the other
    )
    min_shingles: int = 20  # shorter texts are only checked for exact duplicates

    # Entities: the shipped trained tagger finds names with the rules (False: rules alone);
    # a local spaCy model folder gives the names instead of both (optional).
    trained_entities: bool = True
    entity_model: str | None = None

    # Stories: clustering at ingest (newsloom.stories); None leaves articles unclustered.
    stories: StorySettings | None = field(default_factory=StorySettings)

    # Metadata given on the command line for a single source (override file metadata)
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    manifest: str | None = None

    @property
    def minhash_perms(self) -> int:
        return self.minhash_bands * self.minhash_rows
