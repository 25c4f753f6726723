"""A time limit per input, so one pathological file cannot stall a batch.

On the main thread (the CLI) a timer signal interrupts whatever is running: a parser stuck on a
huge page, a regular expression on a 50 MB line. Elsewhere (the web app's ingest thread) signals
cannot be used, so the limit is checked between articles. The limit is on reading (and, without
worker processes, analysing) an input: storing articles is never interrupted, and neither it nor
waiting for worker processes counts, since `paused()` stops the clock around the writer's steps.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """Raised when an input runs past its time limit. A BaseException, so that the per-article
    `except Exception` that keeps a batch going does not swallow it."""


class Deadline:
    """`seconds` from now (None: no limit); use as a context manager around one input."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds if seconds else None
        self._shielded = False
        self._fired = False
        self._armed = False

    @property
    def expired(self) -> bool:
        return self._ends is not None and (self._fired or time.monotonic() >= self._ends)

    def check(self) -> None:
        """Raise TimeLimitExceeded if the time is up (the check between articles)."""
        if self.expired:
            raise TimeLimitExceeded

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The clock stops inside (the writer storing articles, waiting for worker processes):
        nothing inside is interrupted, and the time spent there is added to the limit."""
        outer, self._shielded = self._shielded, True
        started = time.monotonic()
        try:
            yield
        finally:
            if self._ends is not None:
                self._ends += time.monotonic() - started
                if self._armed:  # the timer ran on meanwhile: set it to the time left
                    signal.setitimer(signal.ITIMER_REAL, max(self._ends - time.monotonic(), 1e-3))
                self._fired = False
            self._shielded = outer

    def __enter__(self) -> Deadline:
        if self._ends is not None and _can_use_signals():
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self._armed = True
        return self

    def __exit__(self, *exc_info) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False

    def _on_alarm(self, signum, frame) -> None:
        self._fired = True
        if not self._shielded:
            raise TimeLimitExceeded


def _can_use_signals() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
