"""Cleaning and analysis of raw articles, in the ingest process or in worker processes.

`Settings.workers` > 1 (`newsloom ingest --workers N`) moves cleaning and the pipeline into
worker processes, each with its own pipeline (language packs, gazetteer, tagger) built once;
they also compute each article's duplicate signature (`dedup.Signer`).
The ingest process stays the only writer: it reads inputs, sends raw articles out in chunks and
stores what comes back in the order it was read, so duplicates, entity ids and stories are those
of a single-process run.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from newsloom.document import Document
from newsloom.ingest.base import Problem, RawArticle
from newsloom.ingest.clean import clean
from newsloom.ingest.dedup import Signature, Signer
from newsloom.pipeline import Pipeline
from newsloom.settings import Settings

Analysed = list[tuple[Document, Signature] | Problem]  # one raw article's documents
Result = Callable[[], list[Analysed]]  # waits for a chunk's analysis when called


class Analyser:
    """Cleans raw articles, runs the pipeline over them and signs them for duplicate lookups."""

    def __init__(self, settings: Settings, debug: bool) -> None:
        self.pipeline = Pipeline.from_settings(settings)
        self.signer = Signer(settings)
        self.debug = debug

    def __call__(self, item: RawArticle | Problem) -> Analysed:
        """The documents of one raw article; a broken one becomes a Problem and the rest go on.
        A Problem met while reading passes through, so problems keep their place."""
        if isinstance(item, Problem):
            return [item]
        try:
            docs = list(clean(item))
        except Exception as error:
            return [failure(item.source, error, self.debug)]
        analysed: Analysed = []
        for doc in docs:
            if item.language:
                doc.meta["language_given"] = item.language
            try:
                doc = self.pipeline(doc)
                analysed.append((doc, self.signer.sign(doc)))
            except Exception as error:
                analysed.append(failure(doc.source, error, self.debug))
        return analysed


def failure(
    source: str, error: Exception, debug: bool, what: str = "could not process article"
) -> Problem:
    detail = traceback.format_exc() if debug else f"{type(error).__name__}: {error}"
    return Problem(source, f"{what} ({detail})")


class InProcess:
    """Analysis in the ingest process, done as soon as a chunk is submitted."""

    def __init__(self, settings: Settings, debug: bool) -> None:
        self.analyse = Analyser(settings, debug)

    def submit(self, items: list[RawArticle | Problem]) -> Result:
        done = [self.analyse(item) for item in items]
        return lambda: done

    def close(self) -> None:
        """Nothing to stop."""


class WorkerPool:
    """Analysis in worker processes; `submit` returns at once and the result waits for it."""

    def __init__(self, settings: Settings, debug: bool, workers: int) -> None:
        self.executor = ProcessPoolExecutor(
            workers, _start_context(), initializer=_start_worker, initargs=(settings, debug)
        )

    def submit(self, items: list[RawArticle | Problem]) -> Result:
        return self.executor.submit(_analyse_chunk, items).result

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def _start_context() -> multiprocessing.context.BaseContext:
    # On Linux a forked worker inherits the imported modules and the packs already loaded, so it
    # starts in a fraction of a second; the pool forks all its workers before it starts any
    # thread of its own, and workers never touch the writer's database connection nor print
    # (the command line's progress bar runs a thread that holds the terminal's lock at times).
    # Elsewhere fork is unsafe or missing, and workers start afresh.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


PARENT_CHECK_SECONDS = 1.0

# The worker process's own analyser, built once by the pool's initializer: functions sent to a
# worker can reach only module-level state.
_worker: Analyser | None = None


def _start_worker(settings: Settings, debug: bool) -> None:
    global _worker
    _worker = Analyser(settings, debug)
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker once the ingest that started it is gone (killed, say): nothing else
    would, as it waits on a queue that its sister workers keep open."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _analyse_chunk(items: list[RawArticle | Problem]) -> list[Analysed]:
    assert _worker is not None, "the pool's initializer builds it"
    return [_worker(item) for item in items]
