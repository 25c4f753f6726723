-- Time expressions (component `time`) and resolved places (component `places`), per article.
-- Offsets are into the article's cleaned text. `value` is TIMEX3 (ISO dates, 2025-W03, P2D,
-- PRESENT_REF), NULL where the expression is relative and the article has no date.
CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('DATE', 'TIME', 'DURATION', 'SET')),
    value TEXT
);
CREATE INDEX timexes_article ON timexes(article_id);
CREATE INDEX timexes_value ON timexes(value);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    geonames_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('country', 'region', 'city')),
    country TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    score REAL NOT NULL,
    runner_up_id INTEGER,
    runner_up_score REAL
);
CREATE INDEX places_article ON places(article_id);
CREATE INDEX places_geonames ON places(geonames_id);
CREATE INDEX places_name ON places(name COLLATE NOCASE);
