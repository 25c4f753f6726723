"""Per-document pipeline components: language, sentences, dates (and later entities, quotes...)."""
