"""Persistence: the SQLite store (default) with versioned schema migrations."""

from newsloom.store.db import Database

__all__ = ["Database"]
