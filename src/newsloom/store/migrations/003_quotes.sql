-- Quotes (who said what) and claims (what is asserted, with what certainty), per article.
-- Chains are JSON lists of {text, entity_id, role, anonymous} from the publishing outlet to
-- the speaker. Ids are the article id, "q" or "c", and the position in the article.
CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    content TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'according_to')),
    speaker TEXT,
    speaker_entity_id TEXT,
    anonymous INTEGER NOT NULL DEFAULT 0,
    speaker_role TEXT,
    speaker_affiliation TEXT,
    cue TEXT NOT NULL,
    chain TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('expected', 'planned', 'reported', 'confirmed',
                                           'denied', 'hypothetical', 'negated')),
    quote_id TEXT REFERENCES quotes(id),
    entity_ids TEXT NOT NULL,
    chain TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_status ON claims(status);

-- Which entities each claim involves, for `newsloom claims --entity`.
CREATE TABLE claim_entities (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    entity_id TEXT NOT NULL,
    PRIMARY KEY (claim_id, entity_id)
);
CREATE INDEX claim_entities_entity ON claim_entities(entity_id);
