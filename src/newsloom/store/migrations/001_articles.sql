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

-- What the shared queries use of SQLite that PostgreSQL has by other names: json_each over a
-- JSON list in a text (the `IN (SELECT value FROM json_each(?))` filters), group_concat, and
-- the NOCASE collation (case-insensitive, like SQLite's but for every script).
-- postgresql:
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE FUNCTION json_each(list TEXT) RETURNS TABLE (key BIGINT, value TEXT)
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT n - 1, v FROM jsonb_array_elements_text(list::jsonb) WITH ORDINALITY e(v, n) $$;
CREATE FUNCTION newsloom_concat(list TEXT, item TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN list IS NULL THEN item WHEN item IS NULL THEN list
                      ELSE list || ',' || item END $$;
CREATE AGGREGATE group_concat(TEXT) (SFUNC = newsloom_concat, STYPE = TEXT);
-- A table's columns, as SQLite's table-valued pragma lists them (cid, name, type).
CREATE FUNCTION pragma_table_info(TEXT) RETURNS TABLE (cid BIGINT, name TEXT, type TEXT)
    LANGUAGE sql STABLE
    AS $$ SELECT ordinal_position - 1, column_name::TEXT, data_type::TEXT
          FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position $$;
-- end
