"""One writer at a time per store, across processes: a lock file beside the database.

SQLite already serialises single transactions, but an ingest keeps state between its
transactions (the story clusterer's arrival counter, the people the entity linker has named in
this run), so two ingests interleaving their batches could give two people one id or two
articles one position. The second ingest waits for the first instead. Readers (the web pages)
never take this lock.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; SQLite's own locking still applies
    fcntl = None


_THREADS = threading.Lock()


@contextmanager
def writer_lock(db_path: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock; `on_wait` is called once if another writer holds it."""
    if fcntl is None or db_path == ":memory:":
        yield
        return
    # A POSIX record lock (lockf), not flock: it belongs to this process alone, so the worker
    # processes an ingest forks do not inherit it, and a killed ingest releases it at once.
    # Threads of one process (the web app's ingests) share it, so they take turns first.
    with _THREADS, open(f"{db_path}.lock", "a+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            if on_wait:
                on_wait()
            fcntl.lockf(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)
