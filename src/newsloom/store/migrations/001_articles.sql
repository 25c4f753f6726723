-- Inputs already ingested, recognised by content so re-ingesting adds nothing.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,              -- stable: derived from outlet, url and cleaned text
    source TEXT NOT NULL,                 -- path or URL, with "(article N)" for split files
    outlet TEXT,
    url TEXT,
    title TEXT,
    author TEXT,
    caption TEXT,
    language TEXT NOT NULL,
    language_score REAL NOT NULL,
    published TEXT,                       -- ISO date or NULL, never guessed
    text TEXT NOT NULL,                   -- cleaned text: title paragraph, then body paragraphs
    body_start INTEGER NOT NULL,          -- offset in text where the body begins
    words INTEGER NOT NULL,
    raw TEXT NOT NULL,                    -- decoded input the article was cleaned from
    markup TEXT,                          -- the HTML page, for HTML and WARC input
    offset_map TEXT NOT NULL,             -- JSON [[text_start, raw_start, length], ...]
    paragraphs TEXT NOT NULL,             -- JSON [{start, end, language, language_score}, ...]
    sentences TEXT NOT NULL,              -- JSON [{start, end}, ...]
    removed TEXT NOT NULL,                -- JSON [{raw_start, raw_end, reason, text}, ...]
    meta TEXT NOT NULL,                   -- JSON object: page metadata, encoding, feed data
    text_hash TEXT NOT NULL,              -- hash of the normalised body, for exact duplicates
    duplicate_of TEXT REFERENCES articles(id),
    duplicate_kind TEXT CHECK (duplicate_kind IN ('exact', 'near')),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_language ON articles(language);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

-- MinHash LSH bands: articles sharing a band key are near-duplicate candidates.
CREATE TABLE minhash_bands (
    band_key INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles(rowid)
);
CREATE INDEX minhash_bands_key ON minhash_bands(band_key);
