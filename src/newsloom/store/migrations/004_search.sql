-- Full-text search and the indexes the web pages and API need.
--
-- Articles are indexed folded (lower case, accents removed: newsloom.normalize.fold, registered
-- on every Database connection as newsloom_fold), and queries are folded the same way, so
-- "Πεζεσκιαν" finds "Πεζεσκιάν". The index stores no copy of the text (content=''): snippets
-- are cut from articles.text. Triggers keep it and the entity counts filled on ingest; the
-- INSERTs below fill them for databases created before this migration.
-- sqlite:
CREATE VIRTUAL TABLE article_search USING fts5(
    title, text, content='', tokenize='unicode61 remove_diacritics 0'
);
INSERT INTO article_search (rowid, title, text)
    SELECT rowid, newsloom_fold(coalesce(title, '')), newsloom_fold(text) FROM articles;
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, title, text)
        VALUES (new.rowid, newsloom_fold(coalesce(new.title, '')), newsloom_fold(new.text));
END;
-- postgresql:
-- The store adds each article's folded words (Database.add_article; see store/backends.py).
CREATE TABLE article_search (
    rowid BIGINT PRIMARY KEY REFERENCES articles(rowid),
    terms tsvector NOT NULL
);
CREATE INDEX article_search_terms ON article_search USING gin (terms);
-- end

-- Articles and mentions per entity, so entity lists never count 10^6 mentions per request.
CREATE TABLE entity_stats (
    entity_id TEXT PRIMARY KEY REFERENCES entities(id),
    articles INTEGER NOT NULL,                  -- distinct articles that mention the entity
    mentions INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO entity_stats (entity_id, articles, mentions)
    SELECT entity_id, count(DISTINCT article_id), count(*) FROM mentions
    WHERE entity_id IS NOT NULL GROUP BY entity_id;
CREATE INDEX entity_stats_articles ON entity_stats(articles);
-- sqlite:
CREATE TRIGGER mentions_entity_stats AFTER INSERT ON mentions WHEN new.entity_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO entity_stats (entity_id, articles, mentions) VALUES (new.entity_id, 0, 0);
    UPDATE entity_stats SET
        mentions = mentions + 1,
        articles = articles + NOT EXISTS (
            SELECT 1 FROM mentions WHERE article_id = new.article_id
                AND entity_id = new.entity_id AND rowid != new.rowid)
    WHERE entity_id = new.entity_id;
END;
-- postgresql:
CREATE FUNCTION mentions_entity_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_stats (entity_id, articles, mentions) VALUES (new.entity_id, 0, 0)
        ON CONFLICT DO NOTHING;
    UPDATE entity_stats SET
        mentions = mentions + 1,
        articles = articles + CASE WHEN EXISTS (
            SELECT 1 FROM mentions WHERE article_id = new.article_id
                AND entity_id = new.entity_id AND rowid < new.rowid) THEN 0 ELSE 1 END
    WHERE entity_id = new.entity_id;
    RETURN NULL;
END $$;
CREATE TRIGGER mentions_entity_stats AFTER INSERT ON mentions
    FOR EACH ROW WHEN (new.entity_id IS NOT NULL) EXECUTE FUNCTION mentions_entity_stats();
-- end

-- Newest first (undated articles last), whole lists or per language or outlet; the trailing
-- columns let the duplicate filter and the sources page read the index alone.
CREATE INDEX articles_latest ON articles(ifnull(published, ''), duplicate_of);
CREATE INDEX articles_language_latest ON articles(language, ifnull(published, ''), duplicate_of);
CREATE INDEX articles_outlet_latest ON articles(outlet, ifnull(published, ''), duplicate_of);
CREATE INDEX articles_outlet_language ON articles(outlet, language, duplicate_of);
-- An entity's articles, newest mention first, without reading the mention rows; and their
-- dates, languages and outlets (entity timelines, anonymous sourcing per outlet) without
-- reading the article rows.
CREATE INDEX mentions_entity_article ON mentions(entity_id, article_id);
CREATE INDEX articles_id_day ON articles(id, published, language, outlet);
-- Articles citing anonymous sources, per outlet (the sources page).
CREATE INDEX mentions_anonymous ON mentions(article_id) WHERE anonymous = 1;
-- The indexes above begin with these columns and serve the same lookups.
DROP INDEX articles_language;
DROP INDEX articles_outlet;
DROP INDEX mentions_entity;
