-- Events (who did what to whom, how certain, according to whom) and the event each claim
-- asserts. Ids are the article id, "e" and the event's position in the article. Actor and
-- recipient ids are JSON lists (coordinated subjects: "Iran and North Korea"); every id is
-- also a row of event_entities for the actor and recipient filters. Time and place columns are
-- filled by the time and places components; they stay NULL until then.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT NOT NULL,
    trigger TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    factuality TEXT NOT NULL CHECK (factuality IN ('asserted', 'confirmed', 'expected',
                                                   'planned', 'hypothetical', 'denied',
                                                   'negated')),
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    actor_ids TEXT NOT NULL,
    recipient_ids TEXT NOT NULL,
    object TEXT,
    object_kind TEXT,
    arguments TEXT NOT NULL,
    quote_id TEXT REFERENCES quotes(id),
    chain TEXT NOT NULL,
    date TEXT,
    date_source TEXT CHECK (date_source IN ('text', 'published')),
    place_id TEXT,
    place_name TEXT,
    lat REAL,
    lon REAL
);
CREATE INDEX events_article ON events(article_id, type, factuality);
CREATE INDEX events_type ON events(type, factuality);

CREATE TABLE event_entities (
    event_id TEXT NOT NULL REFERENCES events(id),
    entity_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    PRIMARY KEY (event_id, entity_id, role)
) WITHOUT ROWID;
CREATE INDEX event_entities_entity ON event_entities(entity_id, event_id);

-- Claims stored before this migration have no event: NULL.
ALTER TABLE claims ADD COLUMN event_id TEXT REFERENCES events(id);
