"""Inputs of the Spark job as raw articles, each keyed by its place in the input order.

Local files are found as `newsloom ingest` finds them (folders walked, globs expanded, in the
same order) and each is read by an executor with newsloom's own readers, streaming. Object
storage URLs (s3a://, gs://, hdfs://) are handed to Spark as they are: a folder or glob is
listed by Spark and its files taken in name order. Parquet (a file or a folder of part
files) is read by Spark, one row per article with the JSON Lines fields.

An article's order key is (input, file, record, document): what `ingest` would have stored
first sorts first, which is what duplicate detection and story clustering depend on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsloom.ingest.analysis import failure
from newsloom.ingest.base import InputError, Problem, RawArticle
from newsloom.ingest.jsonl import article_from_record
from newsloom.ingest.sources import Input, apply_metadata, discover, format_for_name, read_input
from newsloom.settings import Settings

OrderKey = tuple  # (input number, file, record number[, document number])
Keyed = tuple[OrderKey, RawArticle | Problem]
FILE_TASKS_PER_CORE = 4  # local files are read this many tasks per core at most


def is_url(argument: str) -> bool:
    return "://" in argument


def is_parquet(argument: str) -> bool:
    return argument.rstrip("/").lower().endswith(".parquet")


def read_inputs(spark, arguments: list[str], settings: Settings):
    """An RDD of (order key, RawArticle or Problem) for every article of the inputs."""
    sc = spark.sparkContext
    parts = []
    local: list[tuple[int, int, str, str]] = []  # (input number, file number, name, path)
    not_found: list[Keyed] = []  # what `ingest` would report for a path: missing, unreadable
    for number, argument in enumerate(arguments):
        if is_parquet(argument):
            parts.append(_parquet_rows(spark, number, argument, settings))
        elif is_url(argument):
            parts.append(_stored_files(sc, number, argument, settings))
        else:
            for file_number, item in enumerate(discover([argument], settings)):
                if isinstance(item, Problem):
                    not_found.append(((number, file_number, 0), item))
                else:
                    local.append((number, file_number, item.name, str(item.path)))
    if local:
        files = sc.parallelize(local, min(len(local), sc.defaultParallelism * FILE_TASKS_PER_CORE))
        parts.append(files.flatMap(lambda file: _read_local(file, settings)))
    if not_found:
        parts.append(sc.parallelize(not_found, 1))
    return sc.union(parts) if parts else sc.emptyRDD()


def _read_local(file: tuple[int, int, str, str], settings: Settings):
    number, file_number, name, path = file
    yield from read_keyed(Input(name, path=Path(path)), (number, file_number), settings)


def _stored_files(sc, number: int, argument: str, settings: Settings):
    """Files in object storage, read whole by Spark (a WARC from CC-NEWS is about 1 GB)."""
    named = sc.binaryFiles(argument).sortByKey()
    return named.zipWithIndex().flatMap(
        lambda pair: read_keyed(
            Input(pair[0][0], data=bytes(pair[0][1])),
            (number, pair[1]),
            settings,
            format_for_name(pair[0][0]),
        )
    )


def read_keyed(item: Input, file_key: tuple[int, int], settings: Settings, kind: str | None = None):
    """One input's raw articles and problems with their order keys; a broken input becomes
    a Problem, as in `ingest`."""
    record = 0
    try:
        for record, raw in enumerate(read_input(item, settings, kind)):
            if not isinstance(raw, Problem):
                apply_metadata(raw, _given_metadata(settings))
            yield (*file_key, record), raw
    except InputError as error:
        yield (*file_key, record + 1), Problem(item.name, str(error))
    except OSError as error:
        yield (*file_key, record + 1), Problem(item.name, f"cannot read ({error})")
    except Exception as error:  # a reader's bug must not end the job
        yield (*file_key, record + 1), failure(item.name, error, False, "could not read the input")


def _given_metadata(settings: Settings) -> dict[str, str | None]:
    return {key: getattr(settings, key) for key in ("outlet", "published", "language")}


def _parquet_rows(spark, number: int, argument: str, settings: Settings):
    rows = spark.read.parquet(argument).rdd.zipWithIndex()
    return rows.map(
        lambda pair: (
            (number, 0, pair[1]),
            _row_article(pair[0].asDict(True), argument, pair[1], settings),
        )
    )


def _row_article(
    row: dict[str, Any], argument: str, index: int, settings: Settings
) -> RawArticle | Problem:
    article = article_from_record(row, f"{argument}:{index + 1}")
    if isinstance(article, RawArticle):
        apply_metadata(article, _given_metadata(settings))
    return article
