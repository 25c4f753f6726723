"""Ingest: inputs in, clean deduplicated articles stored.

    from newsloom import Database, Settings, ingest
    report = ingest(Database("news.db"), ["~/news/"], Settings())

Each input is read, cleaned (split into articles, noise removed), run through
the analysis pipeline, checked for duplicates and stored, one transaction per
`Settings.batch_size` articles. A bad input becomes a `Problem` in the report
and the rest of the batch goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from newsloom.document import Document
from newsloom.ingest.analysis import InProcess, Result, WorkerPool, failure
from newsloom.ingest.base import InputError, Problem, RawArticle, structured_raw
from newsloom.ingest.clean import clean
from newsloom.ingest.deadline import Deadline, TimeLimitExceeded
from newsloom.ingest.dedup import Deduplicator, Signature
from newsloom.ingest.sources import Input, Manifest, apply_metadata, discover, read_input
from newsloom.link.registry import EntityLinker
from newsloom.settings import Settings
from newsloom.store import Database
from newsloom.stories.cluster import StoryClusterer


@dataclass
class IngestReport:
    inputs: int = 0
    inputs_unchanged: int = 0  # already ingested, byte for byte
    added: int = 0
    already_stored: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.fatal for p in self.problems)

    def summary(self) -> str:
        parts = [f"{self.added} new articles ({self.duplicates} duplicates linked)"]
        if self.already_stored:
            parts.append(f"{self.already_stored} already stored")
        if self.inputs_unchanged:
            parts.append(f"{self.inputs_unchanged} inputs unchanged since last ingest")
        errors = sum(p.fatal for p in self.problems)
        if errors:
            parts.append(f"{errors} errors")
        return f"{self.inputs} inputs: " + ", ".join(parts)


ProgressCallback = Callable[[Input, IngestReport], None]  # after each input
MAX_PROBLEMS_PER_INPUT = 20
# With workers: articles analysed in this process before the pool starts, so that a feed or a
# page is not worth starting processes for; articles per chunk sent to a worker; and chunks
# read ahead per worker, enough to keep every worker busy while the writer stores.
PARALLEL_AFTER = 64
CHUNK_ARTICLES = 8
CHUNKS_AHEAD = 4


@dataclass
class _InputRun:
    """One input on its way through: what the writer needs when its last article is stored."""

    item: Input
    fingerprint: str
    added_before: int = 0
    problems: list[Problem] = field(default_factory=list)
    timed_out: bool = False


class Ingester:
    """Reads, cleans, analyses, deduplicates and stores; one instance per ingest run.

    Reading and analysis run ahead; everything that changes the report or the database is a
    step run in input order, so a run with workers stores exactly what a single process would.
    Without workers each step runs as soon as it is queued.
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        debug: bool = False,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.debug = debug
        self.on_wait = on_wait  # called if another ingest into the store must finish first
        self.analysis: InProcess | WorkerPool = InProcess(settings, debug)
        self.dedup = Deduplicator(db, settings)
        self.linker = EntityLinker(db) if "entities" in settings.pipeline else None
        self.manifest = Manifest(settings.manifest) if settings.manifest else None
        self.stories: StoryClusterer | None = None
        self.report = IngestReport()
        self._pending = 0
        self._deadline = Deadline(None)  # the input being read's, while it is read
        self._steps: deque[Callable[[], None]] = deque()
        self._read_ahead = 0  # steps that may wait: none until the pool starts
        self._chunk_size = 1
        self._articles_read = 0
        self._fingerprints: set[str] = set()  # inputs read in this run, maybe not yet stored

    def run(
        self, arguments: Iterable[str], on_input: ProgressCallback | None = None
    ) -> IngestReport:
        return self.run_inputs(discover(arguments, self.settings), on_input)

    def run_inputs(
        self, items: Iterable[Input | Problem], on_input: ProgressCallback | None = None
    ) -> IngestReport:
        try:
            with self._writing():
                for item in items:
                    if isinstance(item, Problem):
                        self._then(partial(self.report.problems.append, item))
                        continue
                    self.ingest_input(item)
                    if on_input:
                        self._then(partial(on_input, item, self.report))
                self._run_steps(0)
        finally:
            self.analysis.close()
        return self.report

    def store_analysed(self, analysed: Iterable[tuple[Document, Signature]]) -> IngestReport:
        """Store documents analysed elsewhere (by `newsloom spark`), in their order, exactly as
        an ingest of their inputs would: the same duplicates, entity ids and stories."""
        with self._writing():
            for doc, signature in analysed:
                try:
                    self._store(doc, signature)
                except Exception as error:
                    self.report.problems.append(failure(doc.source, error, self.debug))
        return self.report

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the store's writer lock and a transaction (committed per batch) while storing."""
        with self.db.writer_lock(self.on_wait):
            # The clusterer reads its state from the store: read it once this run is the writer.
            if self.settings.stories:
                self.stories = StoryClusterer(self.db.conn, self.settings.stories)
            self.db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.conn.execute("ROLLBACK")
                raise
            self.db.conn.execute("COMMIT")

    def ingest_input(self, item: Input) -> None:
        """Read one input and queue its articles; the writer steps follow in order."""
        metadata = self._given_metadata(item)
        try:
            fingerprint = item.fingerprint(metadata)
        except OSError as error:
            problem = Problem(item.name, f"cannot read ({error.strerror or error})")
            self._then(partial(self._count_input, None, problem))
            return
        if fingerprint in self._fingerprints or self.db.source_seen(fingerprint):
            self._then(partial(self._count_input, None))
            return
        self._fingerprints.add(fingerprint)
        run = _InputRun(item, fingerprint)
        self._then(partial(self._count_input, run))
        chunk: list[RawArticle | Problem] = []
        try:
            with Deadline(self.settings.file_time_limit) as self._deadline:
                for raw in read_input(item, self.settings):
                    if not isinstance(raw, Problem):
                        apply_metadata(raw, metadata)
                        self._articles_read += 1
                    chunk.append(raw)
                    if len(chunk) >= self._chunk_size:
                        self._submit(run, chunk)
                        chunk = []
                    self._deadline.check()
        except InputError as error:
            chunk.append(Problem(item.name, str(error)))
        except OSError as error:
            chunk.append(Problem(item.name, f"cannot read ({error})"))
        except TimeLimitExceeded:
            # Articles read but not yet analysed are dropped: the input is read again next time.
            chunk = [entry for entry in chunk if isinstance(entry, Problem)]
            run.timed_out = True
        except Exception as error:  # a reader's bug must not end the batch
            chunk.append(failure(item.name, error, self.debug, "could not read the input"))
        finally:
            self._deadline = Deadline(None)
        if chunk:
            self._submit(run, chunk)
        self._then(partial(self._finish_input, run))

    def _count_input(self, run: _InputRun | None, problem: Problem | None = None) -> None:
        self.report.inputs += 1
        if run:
            run.added_before = self.report.added
        elif problem:
            self.report.problems.append(problem)
        else:
            self.report.inputs_unchanged += 1

    def _submit(self, run: _InputRun, chunk: list[RawArticle | Problem]) -> None:
        if (isinstance(self.analysis, InProcess) and self.settings.workers > 1
                and self._articles_read > PARALLEL_AFTER):  # fmt: skip
            self.analysis = WorkerPool(self.settings, self.debug, self.settings.workers)
            self._chunk_size = CHUNK_ARTICLES
            self._read_ahead = self.settings.workers * CHUNKS_AHEAD
        if isinstance(self.analysis, InProcess):
            result = self.analysis.submit(chunk)  # analysis here counts against the time limit
        else:
            with self._deadline.paused():  # the pool forks its workers on the first chunk
                result = self.analysis.submit(chunk)
        self._then(partial(self._store_chunk, run, result))

    def _then(self, step: Callable[[], None]) -> None:
        """Queue a writer step, and run the oldest ones while too many wait."""
        self._steps.append(step)
        self._run_steps(self._read_ahead)

    def _run_steps(self, keep: int) -> None:
        # Storing is never interrupted, and waiting for the workers is not time spent reading.
        with self._deadline.paused():
            while len(self._steps) > keep:
                self._steps.popleft()()

    def _store_chunk(self, run: _InputRun, result: Result) -> None:
        for analysed in result():
            for entry in analysed:
                if isinstance(entry, Problem):
                    run.problems.append(entry)
                    continue
                doc, signature = entry
                try:
                    self._store(doc, signature)
                except Exception as error:
                    run.problems.append(failure(doc.source, error, self.debug))

    def _finish_input(self, run: _InputRun) -> None:
        added = self.report.added - run.added_before
        if run.timed_out:  # a file cut short is tried again next time (its stored articles kept)
            run.problems.append(Problem(run.item.name, self._time_limit_message(added)))
            self._report_problems(run.item, run.problems)
            return
        self._report_problems(run.item, run.problems)
        self.db.add_source(run.item.name, run.fingerprint, run.item.size, added, len(run.problems))

    def _time_limit_message(self, stored: int) -> str:
        return (
            f"stopped after the {self.settings.file_time_limit:g} s time limit for one input, "
            f"{stored} articles stored from it (raise --file-time-limit)"
        )

    def _report_problems(self, item: Input, problems: list[Problem]) -> None:
        """Keep the report readable: one line per problem (a parser's message may quote the
        bad lines), and a file with thousands of bad lines gets a count, not a flood."""
        if not self.debug:
            problems = [Problem(p.source, " ".join(p.message.split()), p.fatal) for p in problems]
        self.report.problems += problems[:MAX_PROBLEMS_PER_INPUT]
        hidden = problems[MAX_PROBLEMS_PER_INPUT:]
        if hidden:
            fatal = any(p.fatal for p in hidden)
            self.report.problems.append(
                Problem(item.name, f"{len(hidden)} more problems not shown", fatal)
            )

    def _given_metadata(self, item: Input) -> dict[str, str | None]:
        metadata: dict[str, str | None] = self.manifest.metadata_for(item) if self.manifest else {}
        for key in ("outlet", "published", "language"):
            value = getattr(self.settings, key)
            if value:
                metadata[key] = value
        return metadata

    def _store(self, doc: Document, signature: Signature) -> None:
        if self.db.has_article(doc.id):
            self.report.already_stored += 1
            return
        # An article that fails to store leaves no rows behind, and the batch goes on (on
        # PostgreSQL a failed statement would otherwise void the whole transaction).
        with self.db.savepoint():
            verdict = self.dedup.check(doc, signature)
            doc.duplicate_of = verdict.duplicate_of
            rowid = self.db.add_article(doc, verdict.text_hash, verdict.kind)
            self.dedup.register(rowid, verdict.band_keys)
            if verdict.replaces:
                self.db.relink_duplicates(verdict.replaces, doc.id, verdict.text_hash)
            if self.linker:
                self.linker.link(doc)
                self.db.add_mentions(doc.id, doc.mentions)
            if doc.quotes or doc.claims or doc.events:
                self.db.add_attribution(doc.id, doc.quotes, doc.claims, doc.events)
            self.db.add_timexes(doc.id, doc.timexes)
            self.db.add_places(doc.id, doc.places)
            if self.stories:
                self.stories.add(doc)
        self.report.added += 1
        self.report.duplicates += verdict.duplicate_of is not None or verdict.replaces is not None
        self._pending += 1
        if self._pending >= self.settings.batch_size:
            self.db.conn.execute("COMMIT")
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._pending = 0


def read_text(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    published: str | None = None,
    source: str = "<text>",
) -> Document:
    """One cleaned Document from a text (paragraphs separated by blank lines), not yet analysed.

    Run a pipeline over it to analyse it: `Pipeline.from_settings(Settings())(read_text(...))`.
    """
    raw = RawArticle(source, structured_raw(title, text.split("\n\n")), title=title, outlet=outlet, language=language,
                     published=published)  # fmt: skip
    return next(clean(raw))


def ingest(
    db: Database,
    arguments: Iterable[str],
    settings: Settings | None = None,
    on_input: ProgressCallback | None = None,
    debug: bool = False,
    on_wait: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest files, folders, globs or "-" (stdin) into `db`. Another ingest into the same store
    is waited for (`on_wait` is called then)."""
    return Ingester(db, settings or Settings(), debug, on_wait).run(arguments, on_input)


def ingest_bytes(
    db: Database, data: bytes, name: str, settings: Settings | None = None
) -> IngestReport:
    """Ingest one input held in memory (a request body, an upload), its format sniffed."""
    return Ingester(db, settings or Settings()).run_inputs([Input(name, data=data)])
