"""Cross-lingual entity identity: romanisation, name matching, gazetteers and the entity registry."""
