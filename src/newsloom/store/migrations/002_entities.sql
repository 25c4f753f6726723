-- Canonical entities with stable ids: country:IR, city:524901 (GeoNames), org:nato,
-- person:masoud-pezeshkian (a normalised key). `name` is the display name in Latin script.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('PER', 'LOC', 'ORG', 'MISC')),
    name TEXT NOT NULL,
    name_source TEXT,                           -- language the display name was seen in, or 'romanised'
    kind TEXT,                                  -- country, city, outlet, alliance, person ...
    country TEXT,                               -- ISO 3166-1 alpha-2
    geonames_id INTEGER,
    stands_for TEXT                             -- a capital stands for its country
);

-- Every form of every entity's name seen in articles, per language.
CREATE TABLE entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    folded TEXT NOT NULL,                       -- lower case, no accents: for lookups by name
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, language, name)
);
CREATE INDEX entity_names_folded ON entity_names(folded);

-- Phonetic keys of people's surnames, to find the same person named in another script.
CREATE TABLE entity_keys (
    key TEXT NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (key, entity_id)
);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT REFERENCES entities(id),
    role TEXT,
    anonymous INTEGER NOT NULL DEFAULT 0,
    country TEXT,
    stands_for TEXT,
    name TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
