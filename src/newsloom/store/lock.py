"""One writer at a time per store, across processes: a lock file beside the database.

SQLite already serialises single transactions, but an ingest keeps state between its
transactions (the story clusterer's arrival counter, the people the entity linker has named in
this run), so two ingests interleaving their batches could give two people one id or two
articles one position. The second ingest waits for the first instead. Readers (the web pages)
never take this lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; SQLite's own locking still applies
    fcntl = None


@contextmanager
def writer_lock(db_path: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock; `on_wait` is called once if another writer holds it."""
    if fcntl is None or db_path == ":memory:":
        yield
        return
    with open(f"{db_path}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
