"""Ingest: inputs in, clean deduplicated articles stored.

    from newsloom import Database, Settings, ingest
    report = ingest(Database("news.db"), ["~/news/"], Settings())

Each input is read, cleaned (split into articles, noise removed), run through
the analysis pipeline, checked for duplicates and stored, one transaction per
`Settings.batch_size` articles. A bad input becomes a `Problem` in the report
and the rest of the batch goes on.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsloom.document import Document
from newsloom.ingest.base import InputError, Problem, RawArticle, structured_raw
from newsloom.ingest.clean import clean
from newsloom.ingest.deadline import Deadline, TimeLimitExceeded
from newsloom.ingest.dedup import Deduplicator
from newsloom.ingest.sources import Input, Manifest, apply_metadata, discover, read_input
from newsloom.link.registry import EntityLinker
from newsloom.pipeline import Pipeline
from newsloom.settings import Settings
from newsloom.store import Database
from newsloom.store.lock import writer_lock
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


class Ingester:
    """Reads, cleans, analyses, deduplicates and stores; one instance per ingest run."""

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
        self.pipeline = Pipeline.from_settings(settings)
        self.dedup = Deduplicator(db, settings)
        self.linker = EntityLinker(db) if "entities" in self.pipeline.names else None
        self.manifest = Manifest(settings.manifest) if settings.manifest else None
        self.stories: StoryClusterer | None = None
        self.report = IngestReport()
        self._pending = 0
        self._deadline = Deadline(None)

    def run(
        self, arguments: Iterable[str], on_input: ProgressCallback | None = None
    ) -> IngestReport:
        return self.run_inputs(discover(arguments, self.settings), on_input)

    def run_inputs(
        self, items: Iterable[Input | Problem], on_input: ProgressCallback | None = None
    ) -> IngestReport:
        with writer_lock(self.db.path, self.on_wait):
            # The clusterer reads its state from the store: read it once this run is the writer.
            if self.settings.stories:
                self.stories = StoryClusterer(self.db.conn, self.settings.stories)
            self.db.conn.execute("BEGIN IMMEDIATE")
            try:
                for item in items:
                    if isinstance(item, Problem):
                        self.report.problems.append(item)
                        continue
                    self.ingest_input(item)
                    if on_input:
                        on_input(item, self.report)
            except BaseException:
                self.db.conn.execute("ROLLBACK")
                raise
            self.db.conn.execute("COMMIT")
        return self.report

    def ingest_input(self, item: Input) -> None:
        self.report.inputs += 1
        metadata = self._given_metadata(item)
        try:
            fingerprint = item.fingerprint(metadata)
        except OSError as error:
            self.report.problems.append(
                Problem(item.name, f"cannot read ({error.strerror or error})")
            )
            return
        if self.db.source_seen(fingerprint):
            self.report.inputs_unchanged += 1
            return
        added_before = self.report.added
        problems: list[Problem] = []
        timed_out = False
        try:
            with Deadline(self.settings.file_time_limit) as self._deadline:
                for raw in read_input(item, self.settings):
                    if isinstance(raw, Problem):
                        problems.append(raw)
                    else:
                        problems += self._ingest_raw(raw, metadata)
                    self._deadline.check()
        except InputError as error:
            problems.append(Problem(item.name, str(error)))
        except OSError as error:
            problems.append(Problem(item.name, f"cannot read ({error})"))
        except TimeLimitExceeded:
            timed_out = True
            stored = self.report.added - added_before
            problems.append(Problem(item.name, self._time_limit_message(stored)))
        except Exception as error:  # a reader's bug must not end the batch
            problems.append(self._failure(item.name, error, "could not read the input"))
        self._report_problems(item, problems)
        if not timed_out:  # a file cut short is tried again next time (its stored articles kept)
            self.db.add_source(
                item.name, fingerprint, item.size, self.report.added - added_before, len(problems)
            )

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

    def _ingest_raw(self, raw: RawArticle, metadata: dict[str, str | None]) -> list[Problem]:
        """Clean, analyse and store one raw article; one broken article never stops the batch."""
        apply_metadata(raw, metadata)
        try:
            docs = list(clean(raw))
        except Exception as error:
            return [self._failure(raw.source, error)]
        problems = []
        for doc in docs:
            if raw.language:
                doc.meta["language_given"] = raw.language
            try:
                analysed = self.pipeline(doc)
                with self._deadline.shielded():  # an article is stored whole or not at all
                    self._store(analysed)
            except Exception as error:
                problems.append(self._failure(doc.source, error))
        return problems

    def _failure(
        self, source: str, error: Exception, what: str = "could not process article"
    ) -> Problem:
        detail = traceback.format_exc() if self.debug else f"{type(error).__name__}: {error}"
        return Problem(source, f"{what} ({detail})")

    def _given_metadata(self, item: Input) -> dict[str, str | None]:
        metadata: dict[str, str | None] = self.manifest.metadata_for(item) if self.manifest else {}
        for key in ("outlet", "published", "language"):
            value = getattr(self.settings, key)
            if value:
                metadata[key] = value
        return metadata

    def _store(self, doc: Document) -> None:
        if self.db.has_article(doc.id):
            self.report.already_stored += 1
            return
        verdict = self.dedup.check(doc)
        doc.duplicate_of = verdict.duplicate_of
        rowid = self.db.add_article(doc, verdict.text_hash, verdict.kind)
        self.dedup.register(rowid, verdict.band_keys)
        if verdict.replaces:
            self.db.relink_duplicates(verdict.replaces, doc.id, verdict.text_hash)
        if self.linker:
            self.linker.link(doc)
            self.db.add_mentions(doc.id, doc.mentions)
        if doc.quotes or doc.claims:
            self.db.add_attribution(doc.id, doc.quotes, doc.claims)
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
