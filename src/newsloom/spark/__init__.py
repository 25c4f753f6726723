"""`newsloom spark`: the ingest pipeline as an Apache Spark job, for archives (CC-NEWS months).

    from newsloom.spark import run_job, session
    report = run_job(session("local[*]"), ["s3a://bucket/cc-news/2024/08/"], "out/")

The inputs (WARC / WARC.gz, JSON Lines, Parquet, and whatever else `ingest` reads) are read
into raw articles keyed by input order (newsloom.spark.inputs), analysed by `mapPartitions`
with one pipeline per executor process, as ingest's worker processes do; duplicates are found
across partitions (newsloom.spark.dedup) and each time window's articles are linked, clustered
into stories and turned into records (newsloom.spark.windows). Every table is written as
Parquet under the output folder, one folder per table, in the shapes of `newsloom export`.
A bad record becomes a row of the `problems` table, never a failed job.

`documents/` keeps the analysed documents (Python pickles) so that `load` can store them into
a newsloom store as ingest would have: same ids, duplicates and stories. Load only output
folders that your own job wrote: a pickle runs code when read.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsloom.ingest import Ingester, IngestReport
from newsloom.ingest.analysis import Analyser
from newsloom.ingest.base import Problem
from newsloom.records import parquet_row, parquet_schema, problem_record
from newsloom.settings import Settings
from newsloom.spark.dedup import Verdicts, find_duplicates
from newsloom.spark.inputs import read_inputs
from newsloom.spark.windows import window_of, window_records
from newsloom.store import Database

DEFAULT_WINDOW_DAYS = 30  # the clusterer never joins articles more than max_gap_days apart
PROBLEMS_SHOWN = 20  # in the report; all of them are in the problems table
PARTITIONS_PER_CORE = 4  # analysis tasks per core: small enough to balance uneven inputs
ARTICLES_PER_TASK = 20_000  # after analysis: ordering, duplicates, windows
RECORD_TABLES = ("articles", "entities", "mentions", "quotes", "claims", "events", "timexes",
                 "places", "stories", "problems")  # fmt: skip


@dataclass
class SparkReport:
    articles: int = 0
    already_stored: int = 0  # the same article (same id) read twice
    duplicates: int = 0
    entities: int = 0
    stories: int = 0
    windows: int = 0
    errors: int = 0  # fatal problems: records or inputs lost
    problems: list[dict[str, Any]] = field(default_factory=list)  # the first fatal ones
    tables: list[str] = field(default_factory=list)  # folders written under the output
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, in the order run

    def summary(self) -> str:
        return (
            f"{self.articles} articles ({self.duplicates} duplicates linked), "
            f"{self.entities} entities, {self.stories} stories in {self.windows} windows, "
            f"{self.errors} errors"
        )


def session(master: str | None = None, app_name: str = "newsloom"):
    """A SparkSession; `master` None leaves it to spark-submit (local[*] without it). Locally
    the executors run this Python, so that they find newsloom and its packs as the driver does."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master is None or master.startswith("local"):
        # PySpark starts its Python workers with $PYSPARK_PYTHON, by default whatever
        # "python3" is on the path, which may lack newsloom's dependencies.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def run_job(
    spark,
    arguments: list[str],
    out: str,
    settings: Settings | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    partitions: int | None = None,
) -> SparkReport:
    """Read, analyse, deduplicate and cluster the inputs; write the tables under `out`."""
    from pyspark import StorageLevel

    settings = settings or Settings()
    sc = spark.sparkContext
    keep = StorageLevel.MEMORY_AND_DISK  # analysed documents are never analysed twice
    report = SparkReport()
    lap = _stopwatch(report.seconds)
    tasks = partitions or sc.defaultParallelism * PARTITIONS_PER_CORE
    raw = read_inputs(spark, arguments, settings).repartition(tasks)
    analysed = raw.mapPartitions(lambda rows: analyse(rows, settings)).persist(keep)
    documents = analysed.filter(lambda row: len(row) == 3)
    read = documents.count()
    lap("analysis")
    # Later stages are cheap per article but cost a Python task each: fewer, larger ones.
    shuffles = max(sc.defaultParallelism, read // ARTICLES_PER_TASK)
    articles = in_input_order(documents, shuffles).persist(keep)
    report.articles = articles.count()
    report.already_stored = read - report.articles
    lap("order")
    verdicts = find_duplicates(articles, settings)
    report.duplicates = verdicts.duplicates
    lap("duplicates")
    at_arrival, final = sc.broadcast(verdicts.at_arrival), sc.broadcast(verdicts.final)
    windows = articles.keyBy(lambda row: window_of(row[1], window_days)).groupByKey(shuffles)
    records = windows.flatMap(
        lambda window: window_records(window[1], settings, at_arrival.value, final.value)
    ).persist(keep)
    report.windows = windows.count()
    records.count()
    lap("windows")
    read_problems = analysed.filter(lambda row: len(row) == 2).map(lambda row: row[1])
    _write_tables(spark, out, records, read_problems.map(problem_record), verdicts, articles)
    report.tables = [*RECORD_TABLES, "duplicates", "documents"]
    _count_outputs(spark, out, report)
    lap("write")
    for rdd in (records, articles, analysed):
        rdd.unpersist()
    return report


def in_input_order(documents, partitions: int):
    """(position, Document, Signature), numbered in input order; an article read twice (the
    same id) keeps its first reading, as ingest stores it once."""
    unique = documents.keyBy(lambda row: row[1].id).reduceByKey(_first_read, partitions)
    ordered = unique.values().sortBy(lambda row: row[0], numPartitions=partitions)
    return ordered.zipWithIndex().map(lambda pair: (pair[1], pair[0][1], pair[0][2]))


def _write_tables(spark, out: str, records, read_problems, verdicts: Verdicts, articles) -> None:
    tables = {table: records.filter(lambda item, t=table: item[0] == t).values()
              for table in RECORD_TABLES}  # fmt: skip
    entities = tables["entities"].keyBy(lambda entity: entity["id"]).reduceByKey(_merge_names)
    tables["entities"] = entities.values()
    tables["problems"] = tables["problems"].union(read_problems)
    for table, rows in tables.items():
        _write(spark, rows, table, out)
    duplicates = [
        {"article_id": article, "duplicate_of": original, "kind": kind}
        for article, (original, kind) in verdicts.final.items()
    ]
    _write(spark, spark.sparkContext.parallelize(duplicates, 1), "duplicates", out)
    stored = articles.map(lambda row: {"position": row[0], "id": row[1].id,
                                       "document": pickle.dumps((row[1], row[2]))})  # fmt: skip
    _write(spark, stored, "documents", out)


def _count_outputs(spark, out: str, report: SparkReport) -> None:
    report.entities = spark.read.parquet(f"{out}/entities").count()
    report.stories = spark.read.parquet(f"{out}/stories").count()
    fatal = spark.read.parquet(f"{out}/problems").where("fatal")
    report.errors = fatal.count()
    report.problems = [problem.asDict() for problem in fatal.limit(PROBLEMS_SHOWN).collect()]


def _stopwatch(seconds: dict[str, float]) -> Callable[[str], None]:
    """Records the seconds since the last call under each name given."""
    last = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        seconds[name] = now - last[0]
        last[0] = now

    return lap


def load(
    spark, out: str, db: Database, settings: Settings | None = None, debug: bool = False
) -> IngestReport:
    """Store a job's documents into `db` in input order, as `ingest` of its inputs would."""
    rows = spark.read.parquet(f"{out}/documents").orderBy("position").select("document")
    analysed = (pickle.loads(row.document) for row in rows.toLocalIterator())
    return Ingester(db, settings or Settings(), debug).store_analysed(analysed)


# The executor process's analyser, built by its first task and kept by the later ones (Spark
# reuses Python workers): the packs, gazetteer and tagger are loaded once per process.
_analyser: tuple[Settings, Analyser] | None = None


def analyse(rows, settings: Settings) -> Iterator[tuple]:
    """(key, Document, Signature) per article and (key, Problem) per problem of a partition;
    an article that cannot be analysed is a problem, and the rest of the partition goes on."""
    global _analyser
    if _analyser is None or _analyser[0] != settings:
        _analyser = (settings, Analyser(settings, debug=False))
    for key, raw in rows:
        for number, entry in enumerate(_analyser[1](raw)):
            if isinstance(entry, Problem):
                yield (*key, number), entry
            else:
                yield (*key, number), *entry


def _first_read(a: tuple, b: tuple) -> tuple:
    return a if a[0] <= b[0] else b


def _merge_names(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One entity found in two windows: its names in each language from both."""
    names = {language: list(forms) for language, forms in a["names"].items()}
    for language, forms in b["names"].items():
        known = names.setdefault(language, [])
        known += [form for form in forms if form not in known]
    return a | {"names": names}


def _schema(table: str):
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema

    extra = {
        "problems": [("source", pa.string()), ("message", pa.string()), ("fatal", pa.bool_())],
        "duplicates": [
            ("article_id", pa.string()),
            ("duplicate_of", pa.string()),
            ("kind", pa.string()),
        ],  # fmt: skip
        "documents": [("position", pa.int64()), ("id", pa.string()), ("document", pa.binary())],
    }
    schema = pa.schema(extra[table]) if table in extra else parquet_schema(pa, table)
    return from_arrow_schema(schema)


def _write(spark, records, table: str, out: str) -> None:
    schema = _schema(table)
    names = schema.names
    rows = records.map(parquet_row).map(lambda record: tuple(record.get(n) for n in names))
    spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(f"{out}/{table}")
