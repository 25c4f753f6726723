-- Browsing quotes and claims: the /quotes, /claims and /sources pages and their API.
--
-- Lists walk articles newest first (migration 004's indexes) and read each article's quotes or
-- claims from an index that carries the columns their filters test, so filtering and counting
-- never read the rows themselves (content and chain JSON).
CREATE INDEX quotes_article_browse ON quotes(article_id, anonymous, kind, speaker_entity_id);
-- A speaker's quotes with their articles (the speaker filter, "quotes by" on entity pages).
CREATE INDEX quotes_speaker_article ON quotes(speaker_entity_id, article_id);
CREATE INDEX claims_article_status ON claims(article_id, status);
-- An entity's claims with their articles and status, without reading the claim rows.
CREATE INDEX claims_id_browse ON claims(id, article_id, status);
-- The claims about an entity without reading claim_entities rows.
CREATE INDEX claim_entities_entity_claim ON claim_entities(entity_id, claim_id);
-- The indexes above begin with these columns and serve the same lookups.
DROP INDEX quotes_article;
DROP INDEX quotes_speaker;
DROP INDEX claims_article;
DROP INDEX claim_entities_entity;

-- Who cites whom: per publishing outlet ('' when unknown), its quotes, how many have an
-- anonymous speaker, and the relays of its chains (chain[1:-1]: "according to the WSJ",
-- "citing", "told Reuters") counted by entity when linked, else by the text as written. Kept
-- by a trigger, so the sources page never parses every chain.
CREATE TABLE outlet_quote_stats (
    outlet TEXT PRIMARY KEY,
    quotes INTEGER NOT NULL,
    anonymous INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE outlet_relays (
    outlet TEXT NOT NULL,
    relay TEXT NOT NULL,                        -- the relay's entity id, else its text
    name TEXT NOT NULL,                         -- how the first quote counted names it
    entity_id TEXT,
    quotes INTEGER NOT NULL,
    PRIMARY KEY (outlet, relay)
) WITHOUT ROWID;

-- sqlite:
INSERT INTO outlet_quote_stats (outlet, quotes, anonymous)
    SELECT coalesce(a.outlet, ''), count(*), sum(q.anonymous)
    FROM quotes q JOIN articles a ON a.id = q.article_id GROUP BY 1;
INSERT INTO outlet_relays (outlet, relay, name, entity_id, quotes)
    SELECT coalesce(a.outlet, ''), coalesce(r.value ->> 'entity_id', r.value ->> 'text'),
           min(coalesce(r.value ->> 'text', r.value ->> 'entity_id')), r.value ->> 'entity_id',
           count(*)
    FROM quotes q JOIN articles a ON a.id = q.article_id, json_each(q.chain) r
    WHERE r.key > 0 AND r.key < json_array_length(q.chain) - 1
      AND coalesce(r.value ->> 'entity_id', r.value ->> 'text') IS NOT NULL
    GROUP BY 1, 2;

CREATE TRIGGER quotes_outlet_stats AFTER INSERT ON quotes BEGIN
    INSERT INTO outlet_quote_stats (outlet, quotes, anonymous)
        SELECT coalesce(outlet, ''), 1, new.anonymous FROM articles WHERE id = new.article_id
        ON CONFLICT (outlet) DO UPDATE SET
            quotes = quotes + 1, anonymous = anonymous + excluded.anonymous;
    INSERT INTO outlet_relays (outlet, relay, name, entity_id, quotes)
        SELECT coalesce(a.outlet, ''), coalesce(r.value ->> 'entity_id', r.value ->> 'text'),
               coalesce(r.value ->> 'text', r.value ->> 'entity_id'), r.value ->> 'entity_id', 1
        FROM articles a, json_each(new.chain) r
        WHERE a.id = new.article_id
          AND r.key > 0 AND r.key < json_array_length(new.chain) - 1
          AND coalesce(r.value ->> 'entity_id', r.value ->> 'text') IS NOT NULL
        ON CONFLICT (outlet, relay) DO UPDATE SET quotes = quotes + 1;
END;
-- postgresql:
-- (A new PostgreSQL store has no quotes yet: nothing to fill in.) One quote's chain may name a
-- relay twice: counted in one row, as one upsert may not touch a row twice.
CREATE FUNCTION quotes_outlet_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outlet_quote_stats (outlet, quotes, anonymous)
        SELECT coalesce(outlet, ''), 1, new.anonymous FROM articles WHERE id = new.article_id
        ON CONFLICT (outlet) DO UPDATE SET quotes = outlet_quote_stats.quotes + 1,
            anonymous = outlet_quote_stats.anonymous + excluded.anonymous;
    INSERT INTO outlet_relays (outlet, relay, name, entity_id, quotes)
        SELECT coalesce(a.outlet, ''), coalesce(r.value ->> 'entity_id', r.value ->> 'text'),
               (array_agg(coalesce(r.value ->> 'text', r.value ->> 'entity_id') ORDER BY r.n))[1],
               min(r.value ->> 'entity_id'), count(*)
        FROM articles a, jsonb_array_elements(new.chain::jsonb) WITH ORDINALITY r(value, n)
        WHERE a.id = new.article_id
          AND r.n > 1 AND r.n < jsonb_array_length(new.chain::jsonb)
          AND coalesce(r.value ->> 'entity_id', r.value ->> 'text') IS NOT NULL
        GROUP BY 1, 2
        ON CONFLICT (outlet, relay) DO UPDATE SET quotes = outlet_relays.quotes + excluded.quotes;
    RETURN NULL;
END $$;
CREATE TRIGGER quotes_outlet_stats AFTER INSERT ON quotes
    FOR EACH ROW EXECUTE FUNCTION quotes_outlet_stats();
-- end
