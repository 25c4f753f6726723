"""The `newsloom` command: a thin layer over the library calls."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from newsloom import sample
from newsloom.analyze.claims import STATUSES
from newsloom.analyze.events import FACTUALITIES, PLOVER_TYPES
from newsloom.ingest import IngestReport, ingest
from newsloom.ingest.base import InputError
from newsloom.ingest.sources import Input, discover
from newsloom.link.registry import find_entity
from newsloom.records import EXPORT_FORMATS, analyze, export
from newsloom.settings import Settings
from newsloom.spark import DEFAULT_WINDOW_DAYS, load, run_job, session
from newsloom.store import Database
from newsloom.store.check import check_store, unclustered
from newsloom.store.postgres import is_postgresql, shown
from newsloom.stories import cluster_pending, find_story_id, story_detail, story_list
from newsloom.stories.brief import FORMATS as BRIEF_FORMATS
from newsloom.stories.brief import build_briefing, render
from newsloom.stories.events import group_events, load_event_mentions
from newsloom.stories.store import member_articles

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one problem, one line
DB_OPTION = click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="SQLite database file, or a PostgreSQL database: postgresql://user@host/dbname.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


class CliError(click.ClickException):
    def show(self, file=None) -> None:
        err.print(f"[red]error:[/red] {escape(self.message)}")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="newsloom")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """newsloom: multilingual news in, clean deduplicated articles out.

    \b
    Examples:
      newsloom ingest ~/news/ --db news.db
      newsloom articles --db news.db --language el
      newsloom show 3f2a9c --db news.db
      newsloom export --db news.db --format parquet --out out/
      newsloom analyze article.html --json
      newsloom stories --db news.db --since 2024-09-01
      newsloom brief s3f2a9c --db news.db --format html > brief.html
    """
    ctx.obj = {"debug": debug}


def iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def open_db(path: str) -> Database:
    if not is_postgresql(path) and not Path(path).exists():
        raise CliError(
            f"no database at {path} (create one with: newsloom ingest FILES --db {path})"
        )
    return Database(path)


SINCE_OPTION = click.option(
    "--since", callback=lambda _c, _p, v: iso_date(v), help="Only from this date (YYYY-MM-DD)."
)
UNTIL_OPTION = click.option(
    "--until", callback=lambda _c, _p, v: iso_date(v), help="Only up to this date (YYYY-MM-DD)."
)
PLACE_OPTION = click.option(
    "--place", help="Only articles naming this place (a name in any language, or a GeoNames id)."
)

ENTITY_MODEL_OPTION = click.option(
    "--entity-model",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of a local spaCy model to take names from (needs newsloom[spacy]).",
)


@cli.command(name="ingest")
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--outlet", help="Outlet name for every article from these inputs.")
@click.option(
    "--published",
    callback=lambda ctx, param, value: iso_date(value),
    help="Publication date (YYYY-MM-DD) for every article from these inputs.",
)
@click.option("--language", help="Language code for every article (skips detection).")
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV: file,outlet,published,language,url.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=Settings.batch_size,
    show_default=True,
    help="Articles per database transaction.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(1),
    default=Settings.max_file_bytes // 2**20,
    show_default=True,
    help="Largest whole-document file in MB (JSON Lines and WARC stream at any size).",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Processes that clean and analyse articles; this one stores them.",
)
@click.option(
    "--file-time-limit",
    type=click.FloatRange(0),
    default=Settings.file_time_limit,
    show_default=True,
    help="Seconds reading one input may take before it is stopped and reported; 0: no limit.",
)
@ENTITY_MODEL_OPTION
@JSON_OPTION
@click.pass_context
def ingest_command(
    ctx, paths, db_path, outlet, published, language, manifest, batch_size, max_file_size,
    workers, file_time_limit, entity_model, as_json,
):  # fmt: skip
    """Ingest files, folders (recursively), globs, feed or page URLs, or - for stdin.

    \b
    Formats: plain text (any encoding), HTML, RSS/Atom, JSON Lines / JSON arrays,
    WARC / WARC.gz; .gz-compressed files too. Re-ingesting the same input adds nothing.
    \b
    Examples:
      newsloom ingest ~/news/ --db news.db
      newsloom ingest 'scrapes/**/*.txt' --manifest scrapes/manifest.csv --db news.db
      cat feed.xml | newsloom ingest - --outlet Reuters --db news.db
    """
    settings = Settings(
        outlet=outlet,
        published=published,
        language=language,
        manifest=manifest,
        batch_size=batch_size,
        workers=workers,
        max_file_bytes=max_file_size * 2**20,
        file_time_limit=file_time_limit or None,
        entity_model=entity_model,
    )
    try:
        report = run_ingest(Database(db_path), paths, settings, ctx.obj["debug"])
    except InputError as error:
        raise CliError(str(error)) from error
    finish_ingest(report, as_json)


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        rate = f"{task.fields['articles'] / task.elapsed:.0f} articles/s" if task.elapsed else ""
        return Text(f"{task.fields['articles']} articles {rate}")


def run_ingest(db: Database, paths, settings: Settings, debug: bool) -> IngestReport:
    """Ingest with a progress bar on a terminal; counting inputs first needs local paths only."""
    local = all(p != "-" and not p.startswith(("http://", "https://")) for p in paths)

    def waiting() -> None:
        err.print(f"waiting for another ingest into {escape(shown(db.path))} to finish")

    if not err.is_terminal or not local:
        return ingest(db, paths, settings, debug=debug, on_wait=waiting)
    total = sum(1 for item in discover(paths, settings) if isinstance(item, Input))
    columns = (
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=total, articles=0)

        def advance(_, report: IngestReport) -> None:
            progress.update(task, advance=1, articles=report.added)

        return ingest(db, paths, settings, on_input=advance, debug=debug, on_wait=waiting)


def finish_ingest(report: IngestReport, as_json: bool) -> None:
    for problem in report.problems:
        label = "[red]error:[/red]" if problem.fatal else "[yellow]note:[/yellow]"
        err.print(f"{label} {escape(str(problem))}")
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "inputs": report.inputs,
                    "added": report.added,
                    "duplicates": report.duplicates,
                    "already_stored": report.already_stored,
                    "inputs_unchanged": report.inputs_unchanged,
                    "problems": [
                        {"source": p.source, "message": p.message, "fatal": p.fatal}
                        for p in report.problems
                    ],
                }
            )
        )
    else:
        err.print(report.summary())
    if report.failed:
        sys.exit(1)


@cli.command()
@DB_OPTION
@click.option("--language", help="Only articles in this language.")
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--no-duplicates", is_flag=True, help="Hide articles that duplicate another.")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@SINCE_OPTION
@UNTIL_OPTION
@PLACE_OPTION
@JSON_OPTION
def articles(db_path, language, outlet, no_duplicates, limit, offset, since, until, place, as_json):
    """List stored articles: id, outlet, date, language, title, words, duplicate-of."""
    db = open_db(db_path)
    rows = db.article_rows(
        language=language, outlet=outlet, duplicates=not no_duplicates, limit=limit,
        offset=offset, since=since, until=until, place=place,
    )  # fmt: skip
    if as_json:
        out.print_json(json.dumps([dict(row) for row in rows], ensure_ascii=False))
        return
    print_articles(rows, db.count_articles())


def print_articles(rows, total: int) -> None:
    table = Table(show_lines=False, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=18, no_wrap=True, overflow="ellipsis")
    table.add_column("date", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", ratio=1, min_width=24, overflow="fold")
    table.add_column("words", justify="right", no_wrap=True)
    table.add_column("duplicate of", no_wrap=True)
    for row in rows:
        duplicate = (
            f"{row['duplicate_of'][:10]} ({row['duplicate_kind']})" if row["duplicate_of"] else ""
        )
        table.add_row(
            row["id"][:10],
            escape(row["outlet"] or ""),
            row["published"] or "",
            row["language"],
            escape((row["title"] or "(no title)")[:90]),
            str(row["words"]),
            duplicate,
        )
    out.print(table)
    out.print(f"{len(rows)} of {total} articles")


@cli.command()
@click.argument("article_id")
@DB_OPTION
@click.option(
    "--raw", "show_raw", is_flag=True, help="Show the raw input with removed lines marked."
)
@JSON_OPTION
def show(article_id, db_path, show_raw, as_json):
    """Show one article's cleaned text and what cleaning removed (id or unique id prefix)."""
    db = open_db(db_path)
    full_id = db.find_article_id(article_id)
    if full_id is None:
        raise CliError(f"no article with id {article_id!r} (or the prefix is ambiguous)")
    doc = db.get_document(full_id)
    if as_json:
        out.print_json(json.dumps(doc.to_record(), ensure_ascii=False))
        return
    out.print(f"[bold]{escape(doc.title or '(no title)')}[/bold]")
    inferred = doc.meta.get("published_source") == "inferred"
    facts = [
        doc.id,
        doc.outlet or "unknown outlet",
        f"{doc.published} (inferred from the {doc.meta['published_from']})"
        if inferred
        else doc.published or "date unknown",
        f"{doc.language} ({doc.language_score:.2f})",
        doc.source,
    ]
    out.print(" · ".join(escape(f) for f in facts), style="dim")
    if doc.duplicate_of:
        out.print(f"duplicate of {doc.duplicate_of}", style="yellow")
    if doc.caption:
        out.print(f"caption: {escape(doc.caption)}", style="dim")
    out.print()
    if show_raw:
        print_raw_with_removals(doc)
    else:
        out.print(escape(doc.body))
        print_when_and_where(db, doc.id)
        if doc.removed:
            out.print(f"\n[bold]Removed by cleaning ({len(doc.removed)})[/bold]")
            for removal in doc.removed:
                out.print(
                    f"  [red]- {escape(removal.text)}[/red]  [dim]{removal.reason}, raw {removal.raw_start}-{removal.raw_end}[/dim]"
                )


def print_when_and_where(db: Database, article_id: str) -> None:
    timexes, places = db.timexes_of(article_id), db.places_of(article_id)
    if timexes:
        out.print(f"\n[bold]When ({len(timexes)})[/bold]")
        for t in timexes:
            out.print(f"  {escape(t.text)}  [dim]{t.type} {t.value or '(no date to anchor)'}[/dim]")
    if places:
        out.print(f"\n[bold]Where ({len(places)})[/bold]")
        for p in places:
            runner = f", else {p.runner_up_id} ({p.runner_up_score})" if p.runner_up_id else ""
            out.print(
                f"  {escape(p.text)}  [dim]{escape(p.name)} {p.country or ''} geonames:{p.geonames_id}"
                f" ({p.lat:.2f}, {p.lon:.2f}) score {p.score}{runner}[/dim]"
            )


def print_raw_with_removals(doc) -> None:
    position = 0
    for removal in sorted(doc.removed, key=lambda r: r.raw_start):
        out.print(escape(doc.raw[position : removal.raw_start]), end="")
        out.print(
            f"[red strike]{escape(doc.raw[removal.raw_start : removal.raw_end])}[/red strike]"
            f"[dim] ← {removal.reason}[/dim]",
            end="",
        )
        position = removal.raw_end
    out.print(escape(doc.raw[position:]))


@cli.command()
@DB_OPTION
@click.option(
    "--type", "type_", type=click.Choice(["PER", "LOC", "ORG", "MISC"]), help="Only this type."
)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@JSON_OPTION
def entities(db_path, type_, limit, as_json):
    """List entities by the number of articles that mention them, with their names per language."""
    db = open_db(db_path)
    records = entity_summaries(db, type_, limit)
    print_records(records, as_json, print_entities)


def print_records(
    records: list[dict], as_json: bool, printer: Callable[[list[dict]], None]
) -> None:
    """Records as JSON, or as the table `printer` draws."""
    if as_json:
        out.print_json(json.dumps(records, ensure_ascii=False))
    else:
        printer(records)


def entity_summaries(db: Database, type_: str | None, limit: int) -> list[dict]:
    rows = db.entity_summaries(type_, limit)
    return [
        dict(row)
        | {
            "languages": ",".join(sorted(row["languages"].split(","))),  # in no order in SQL
            "names": db.entity_names(row["id"]),
        }
        for row in rows
    ]


def print_entities(records: list[dict]) -> None:
    table = Table(pad_edge=False)
    table.add_column("entity", max_width=28, overflow="fold")
    table.add_column("type", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("languages", no_wrap=True)
    table.add_column("names", ratio=1, overflow="fold")
    for record in records:
        names = "; ".join(
            f"{lang}: {', '.join(forms[:3])}" for lang, forms in record["names"].items()
        )
        table.add_row(escape(record["name"]), record["type"], str(record["articles"]),
                      record["languages"] or "", escape(names))  # fmt: skip
    out.print(table)


@cli.command()
@click.argument("name")
@DB_OPTION
@JSON_OPTION
def entity(name, db_path, as_json):
    """Show one entity, named in any language or script (Pezeshkian, Πεζεσκιάν, Пезешкиан)."""
    db = open_db(db_path)
    entity_id = entity_or_fail(db, name, db_path)
    row = db.entity(entity_id)
    record = dict(row) | {
        "names": db.entity_names(entity_id),
        "articles": [dict(a) for a in db.articles_mentioning(entity_id)],
        "co_mentioned": [dict(c) for c in db.co_mentioned(entity_id)],
    }
    if as_json:
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    out.print(f"[bold]{escape(record['name'])}[/bold]  [dim]{record['id']} · {record['type']}"
              f"{' · ' + record['country'] if record['country'] else ''}[/dim]")  # fmt: skip
    if record["stands_for"]:
        out.print(f"stands for: {record['stands_for']}", style="dim")
    for language, forms in record["names"].items():
        out.print(f"  {language}: {escape(', '.join(forms))}")
    out.print(f"\n[bold]Articles ({len(record['articles'])})[/bold]")
    for article in record["articles"]:
        out.print(f"  {article['id'][:10]}  {article['published'] or '':10}  {article['language']}  "
                  f"{escape(article['title'] or '(no title)')}")  # fmt: skip
    if record["co_mentioned"]:
        out.print("\n[bold]Mentioned with[/bold]")
        for other in record["co_mentioned"]:
            out.print(f"  {escape(other['name'])} ({other['type']}, {other['articles']} articles)")


@cli.command()
@DB_OPTION
@click.option("--speaker", help="Only quotes by this entity, named in any language or script.")
@click.option("--anonymous/--named", default=None, help="Only anonymous or only named speakers.")
@click.option("--story", "story_id", help="Only quotes in this story's articles (id or prefix).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@JSON_OPTION
def quotes(db_path, speaker, anonymous, story_id, limit, as_json):
    """Who said what: quotes with their speaker and the chain that relayed them.

    \b
    newsloom quotes --db news.db --speaker Lavrov
    newsloom quotes --db news.db --anonymous --json
    """
    db = open_db(db_path)
    speakers = [entity_or_fail(db, speaker, db_path)] if speaker else None
    articles = story_articles(db, story_id) if story_id else None
    records = db.quotes(speaker_ids=speakers, article_ids=articles, anonymous=anonymous,
                        limit=limit)  # fmt: skip
    print_records(records, as_json, print_quotes)


def story_articles(db: Database, story_id: str) -> list[str]:
    return [article.id for article in member_articles(db, resolve_story(db, story_id))]


def entity_or_fail(db: Database, name: str, db_path: str) -> str:
    entity_id = find_entity(db, name)
    if entity_id is None:
        raise CliError(f"no entity called {name!r} in {shown(db_path)}")
    return entity_id


def chain_text(chain: list[dict]) -> str:
    return " → ".join((s["text"] or "?") + (" (anonymous)" if s["anonymous"] else "")
                      for s in chain)  # fmt: skip


def print_quotes(records: list[dict]) -> None:
    table = Table(pad_edge=False)
    table.add_column("article", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("source chain", max_width=40, overflow="fold")
    table.add_column("content", ratio=1, overflow="fold")
    for record in records:
        table.add_row(record["article_id"][:8], record["kind"], escape(chain_text(record["chain"])),
                      escape(record["content"]))  # fmt: skip
    out.print(table)


@cli.command()
@DB_OPTION
@click.option("--entity", "entity_name", help="Only claims involving this entity (any script).")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status.")
@click.option("--story", "story_id", help="Only claims in this story's articles (id or prefix).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@JSON_OPTION
def claims(db_path, entity_name, status, story_id, limit, as_json):
    """Claims the articles report, with their status and sources.

    \b
    newsloom claims --db news.db --entity Iran --status expected
    """
    db = open_db(db_path)
    entity_ids = [entity_or_fail(db, entity_name, db_path)] if entity_name else None
    articles = story_articles(db, story_id) if story_id else None
    records = db.claims(entity_ids=entity_ids, status=status, article_ids=articles, limit=limit)
    print_records(with_events(db, records), as_json, print_claims)


def print_claims(records: list[dict]) -> None:
    table = Table(pad_edge=False)
    table.add_column("article", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("event", max_width=36, overflow="fold")
    table.add_column("sources", max_width=36, overflow="fold")
    table.add_column("claim", ratio=1, overflow="fold")
    for record in records:
        event = record.get("event")
        table.add_row(record["article_id"][:8], record["status"],
                      escape(event_text(event)) if event else "",
                      escape(chain_text(record["chain"])), escape(record["text"]))  # fmt: skip
    out.print(table)


def with_events(db: Database, records: list[dict]) -> list[dict]:
    """Claims with the event each asserts ("event": None for claims stored before events)."""
    events = db.events_by_id([r["event_id"] for r in records if r.get("event_id")])
    return [r | {"event": events.get(r.get("event_id"))} for r in records]


def event_text(event: dict) -> str:
    """ "AID (military): country:IR → country:RU, missile"."""
    kind = event["type"] + (f" ({event['mode']})" if event["mode"] else "")
    who = ", ".join(event["actor_ids"]) or "?"
    whom = ", ".join(event["recipient_ids"])
    return f"{kind}: {who}" + (f" → {whom}" if whom else "") + (
        f", {event['object_kind']}" if event["object_kind"] else "")  # fmt: skip


@cli.command()
@DB_OPTION
@click.option(
    "--type",
    "event_type",
    type=click.Choice(PLOVER_TYPES, case_sensitive=False),
    help="Only events of this PLOVER type.",
)
@click.option("--actor", "actor_name", help="Only events whose actor is this entity (any script).")
@click.option("--status", type=click.Choice(FACTUALITIES), help="Only events this certain.")
@click.option("--story", "story_id", help="Only events in this story's articles (id or prefix).")
@SINCE_OPTION
@UNTIL_OPTION
@click.option("--place", help="Only events at this place (any language, or a GeoNames id).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@JSON_OPTION
def events(db_path, event_type, actor_name, status, story_id, since, until, place, limit, as_json):
    """What happened: events with actor, recipient, object, factuality, sources, date and place.
    Mentions of one event across articles and languages share an "event" key. An event's date
    is the one its sentence gives, else its article's publication date, marked "published".

    \b
    newsloom events --db news.db --type AID --actor Iran --status expected
    newsloom events --db news.db --since 2024-09-01 --place Russia
    """
    db = open_db(db_path)
    actors = [entity_or_fail(db, actor_name, db_path)] if actor_name else None
    articles = story_articles(db, story_id) if story_id else None
    records = db.events(event_type=event_type.upper() if event_type else None, actor_ids=actors,
                        factuality=status, article_ids=articles, limit=limit, since=since,
                        until=until, place=place)  # fmt: skip
    print_records(with_identity(db, records), as_json, print_events)


def with_identity(db: Database, records: list[dict]) -> list[dict]:
    """Each event with the id of the first mention of the same event among `records`."""
    mentions = load_event_mentions(db.conn, sorted({r["article_id"] for r in records}))
    wanted = {r["id"] for r in records}
    identity = {}
    for group in group_events([m for m in mentions if m.id in wanted]):
        for mention in group:
            identity[mention.id] = group[0].id
    return [r | {"event": identity.get(r["id"], r["id"])} for r in records]


def print_events(records: list[dict]) -> None:
    table = Table(pad_edge=False)
    table.add_column("event", no_wrap=True)
    table.add_column("article", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("what", max_width=40, overflow="fold")
    table.add_column("sources", max_width=36, overflow="fold")
    table.add_column("when, where", min_width=10, max_width=14, overflow="fold")
    table.add_column("trigger", ratio=1, overflow="fold")
    for record in records:
        table.add_row(record["event"][-12:], record["article_id"][:8], record["factuality"],
                      escape(event_text(record)), escape(chain_text(record["chain"])),
                      escape(when_where(record)),
                      escape(record["trigger"]))  # fmt: skip
    out.print(table)


def when_where(event: dict) -> str:
    """The event's date ("(published)" where the text gives none) and place, one a line."""
    lines = [event["date"] or "?"]
    if event["date_source"] == "published":
        lines.append("(published)")
    if event["place_name"]:
        lines.append(event["place_name"])
    return "\n".join(lines)


@cli.command()
@DB_OPTION
@JSON_OPTION
def sources(db_path, as_json):
    """Outlets: articles, quotes, share of anonymous speakers, and whom they cite."""
    db = open_db(db_path)
    print_records(db.source_summary(), as_json, print_sources)


def print_sources(records: list[dict]) -> None:
    table = Table(pad_edge=False)
    table.add_column("outlet", max_width=30, overflow="fold")
    table.add_column("articles", justify="right")
    table.add_column("quotes", justify="right")
    table.add_column("anonymous", justify="right")
    table.add_column("cites", ratio=1, overflow="fold")
    for record in records:
        cited = sorted(record["cites"].items(), key=lambda item: -item[1])
        table.add_row(escape(record["outlet"] or "(unknown)"), str(record["articles"]),
                      str(record["quotes"]), f"{record['anonymous_share']:.0%}",
                      escape(", ".join(f"{name} ({n})" for name, n in cited)))  # fmt: skip
    out.print(table)


@cli.command()
@DB_OPTION
@click.option(
    "--since",
    callback=lambda ctx, param, value: iso_date(value),
    help="Only stories with articles published on or after this date (YYYY-MM-DD).",
)
@UNTIL_OPTION
@click.option("--language", help="Only stories with an article in this language.")
@click.option("--place", help="Only stories naming this place (any language, or a GeoNames id).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@JSON_OPTION
def stories(db_path, since, until, language, place, limit, as_json):
    """List stories: title, articles, languages, outlets, first and last seen.

    Articles stored before clustering existed are clustered first.
    """
    db = open_db(db_path)
    cluster_pending(db)
    print_records(
        story_list(db, since=since, language=language, limit=limit, until=until, place=place),
        as_json,
        print_stories,
    )


def print_stories(records: list[dict]) -> None:
    table = Table(pad_edge=False, show_edge=False)
    table.add_column("story", no_wrap=True)
    table.add_column("title", min_width=24, overflow="fold")
    table.add_column("articles", justify="right")
    table.add_column("languages", max_width=12, overflow="fold")
    table.add_column("outlets", justify="right")
    table.add_column("first seen", min_width=10)
    table.add_column("last seen", min_width=10)
    for record in records:
        table.add_row(record["id"][:9], escape(record["title"][:100]), str(record["articles"]),
                      ",".join(record["languages"]), str(record["outlets"]),
                      record["first_seen"] or "", record["last_seen"] or "")  # fmt: skip
    out.print(table)


def resolve_story(db: Database, story_id: str) -> str:
    cluster_pending(db)
    full_id = find_story_id(db, story_id)
    if full_id is None:
        raise CliError(f"no story with id {story_id!r} (or the prefix is ambiguous)")
    return full_id


@cli.command()
@click.argument("story_id")
@DB_OPTION
@JSON_OPTION
def story(story_id, db_path, as_json):
    """Show one story: timeline, coverage per language and outlet, key entities, developments."""
    db = open_db(db_path)
    detail = story_detail(db, resolve_story(db, story_id))
    if as_json:
        out.print_json(json.dumps(detail, ensure_ascii=False))
        return
    out.print(f"[bold]{escape(detail['title'])}[/bold]  [dim]{detail['id']}[/dim]")
    out.print(f"{detail['first_seen'] or '?'} to {detail['last_seen'] or '?'} · "
              f"{len(detail['articles'])} articles", style="dim")  # fmt: skip
    for language, title in detail["titles"].items():
        out.print(f"  {language}: {escape(title)}")
    out.print("\n[bold]Coverage[/bold]")
    out.print("  languages: " + ", ".join(f"{k} {v}" for k, v in detail["languages"].items()))
    out.print("  outlets: " + escape(", ".join(f"{k} {v}" for k, v in detail["outlets"].items())))
    out.print("  key entities: " + escape(", ".join(
        f"{e['name']} ({e['articles']})" for e in detail["key_entities"])))  # fmt: skip
    out.print("\n[bold]Timeline[/bold]")
    for entry in detail["timeline"]:
        cite = entry["citation"]
        status = f" [yellow]{entry['status']}[/yellow]" if entry["status"] else ""
        out.print(f"  {entry['date'] or 'undated':10}  {entry['kind']:7} {cite['language']} "
                  f"{escape(cite['outlet'] or '?')}{status}: {escape(cite['text'][:160])}")  # fmt: skip
    out.print("\n[bold]Developments[/bold]")
    for development in detail["developments"] or []:
        out.print(f"  {development['date'] or 'undated':10}  {development['kind']}: "
                  f"{escape(development['summary'])}")  # fmt: skip
    if not detail["developments"]:
        out.print("  none yet")


@cli.command()
@click.argument("story_id")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(BRIEF_FORMATS), default="md", show_default=True)
def brief(story_id, db_path, fmt):
    """Write a briefing on one story, citing the sentences it rests on (Markdown or HTML)."""
    db = open_db(db_path)
    briefing = build_briefing(db, resolve_story(db, story_id))
    sys.stdout.write(render(briefing, fmt))


@cli.command(name="export")
@DB_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write into.",
)
def export_command(db_path, fmt, out_dir):
    """Export articles, entities, mentions, quotes, claims, events, time expressions, places and
    stories (as `analyze --json`), or with --format gdelt-csv / gdelt-parquet the events as one
    GDELT-style table (events-gdelt.csv / .parquet; columns in docs/schema.md)."""
    db = open_db(db_path)
    try:
        paths = export(db, out_dir, fmt)
    except RuntimeError as error:
        raise CliError(str(error)) from error
    err.print(f"wrote {db.count_articles()} articles: " + ", ".join(str(p) for p in paths))


@cli.command(name="spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "out_dir", required=True, help="Folder or object storage URL for the Parquet tables."
)
@click.option(
    "--load",
    "load_db",
    type=click.Path(dir_okay=False),
    help="Then store the articles into this store, as `ingest` of the inputs would.",
)
@click.option(
    "--master", help="Spark master, e.g. local[*] (default: spark-submit's, or local[*] alone)."
)
@click.option(
    "--window-days",
    type=click.IntRange(1),
    default=DEFAULT_WINDOW_DAYS,
    show_default=True,
    help="Days of publication per story clustering task; no story spans two windows.",
)
@click.option("--partitions", type=click.IntRange(1), help="Analysis tasks (default: 4 per core).")
@JSON_OPTION
@click.pass_context
def spark_command(ctx, inputs, out_dir, load_db, master, window_days, partitions, as_json):
    """Run the pipeline as an Apache Spark job (needs newsloom[spark] and Java).

    \b
    Inputs: WARC / WARC.gz (CC-NEWS), JSON Lines, Parquet (columns as the JSON Lines fields),
    and every other format `ingest` reads; local paths, or object storage URLs (s3a://...)
    that Spark reads. Writes one Parquet folder per table (articles, entities, mentions,
    quotes, claims, events, timexes, places, stories, duplicates, problems) under --out.
    \b
    Examples:
      newsloom spark ~/cc-news/*.warc.gz --out tables/ --master 'local[*]' --load news.db
      spark-submit --master yarn $(which newsloom) spark s3a://bucket/cc-news/ --out s3a://bucket/out/
    """
    try:
        spark = session(master)
    except ImportError as error:
        raise CliError(
            f"newsloom spark needs pyspark: pip install 'newsloom[spark]' ({error})"
        ) from error
    try:
        report = run_job(spark, list(inputs), out_dir, Settings(), window_days, partitions)
        for problem in report.problems:
            err.print(
                f"[red]error:[/red] {escape(problem['source'])}: {escape(problem['message'])}"
            )
        if report.errors > len(report.problems):
            err.print(f"{report.errors - len(report.problems)} more errors in {out_dir}/problems")
        err.print(report.summary())
        loaded = (
            load(spark, out_dir, Database(load_db), debug=ctx.obj["debug"]) if load_db else None
        )
    finally:
        spark.stop()
    if loaded:
        err.print(
            f"loaded into {load_db}: {loaded.added} new articles "
            f"({loaded.duplicates} duplicates linked, {loaded.already_stored} already stored)"
        )
    if as_json:
        out.print_json(json.dumps(vars(report) | {"loaded": loaded and loaded.added}))


@cli.command(name="check")
@DB_OPTION
@JSON_OPTION
def check_command(db_path, as_json):
    """Check that every table derived from the articles agrees with them (mentions, quotes,
    claims, stories, the search index and their counts); exit 1 when any does not.
    """
    db = open_db(db_path)
    findings = check_store(db)
    pending = unclustered(db)
    if as_json:
        records = [{"table": f.check.table, "problem": f.check.problem, "rows": f.rows,
                    "examples": f.examples} for f in findings]  # fmt: skip
        out.print_json(json.dumps({"checks": records, "unclustered_articles": pending}))
    else:
        for finding in findings:
            (out if finding.ok else err).print(escape(str(finding)))
        if pending:
            out.print(
                f"note: {pending} articles in no story yet (`newsloom stories` clusters them)"
            )
        failed = sum(not f.ok for f in findings)
        out.print(f"{db.count_articles()} articles, {len(findings)} checks, {failed} failed")
    if not all(f.ok for f in findings):
        sys.exit(1)


@cli.command(name="analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option("--language", help="Language code for every article (skips detection).")
@ENTITY_MODEL_OPTION
@JSON_OPTION
def analyze_command(paths, language, entity_model, as_json):
    """Analyse files without a database and print the records.

    \b
    Example:
      newsloom analyze article.html scrape.txt --json > records.json
    """
    result = analyze(paths, Settings(language=language, entity_model=entity_model))
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        for article in result["articles"]:
            print_analysis(article, result)
    for problem in result["problems"]:
        err.print(
            f"{'error' if problem['fatal'] else 'note'}: {escape(problem['source'])}: {escape(problem['message'])}"
        )
    if any(p["fatal"] for p in result["problems"]):
        sys.exit(1)


def print_analysis(article: dict, result: dict) -> None:
    """One analysed article as an analyst reads it: who is named, who said what through whom,
    and what happened, each with the records `--json` gives in full."""
    out.print(
        f"\n[bold]{escape(article['title'] or '(no title)')}[/bold]  "
        f"[dim]{article['id'][:10]} {article['language']} {article['published'] or ''} "
        f"{len(article['sentences'])} sentences[/dim]"
    )
    mine = {kind: [r for r in result[kind] if r["article_id"] == article["id"]]
            for kind in ("mentions", "quotes", "events")}  # fmt: skip
    print_mentioned(mine["mentions"], {e["id"]: e for e in result["entities"]})
    if mine["quotes"]:
        print_quotes(mine["quotes"])
    if mine["events"]:
        print_events([event | {"event": event["id"]} for event in mine["events"]])


def print_mentioned(mentions: list[dict], entities: dict[str, dict]) -> None:
    """The article's entities, the most mentioned first, with the forms it uses."""
    forms: dict[str, list[str]] = {}
    for mention in mentions:
        if mention["entity_id"]:
            forms.setdefault(mention["entity_id"], []).append(mention["text"])
    table = Table(pad_edge=False)
    table.add_column("entity", max_width=30, overflow="fold")
    table.add_column("type", no_wrap=True)
    table.add_column("id", max_width=32, overflow="fold")
    table.add_column("mentions", justify="right", no_wrap=True)
    table.add_column("as written", ratio=1, overflow="fold")
    for entity_id, texts in sorted(forms.items(), key=lambda item: -len(item[1])):
        entity = entities[entity_id]
        table.add_row(escape(entity["name"]), entity["type"], escape(entity_id),
                      str(len(texts)), escape(", ".join(dict.fromkeys(texts))))  # fmt: skip
    out.print(table)


@cli.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="Keep the demo database here (default: a temporary file).",
)
def demo(db_path):
    """Ingest the bundled sample corpus and show what newsloom found."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(db_path or Path(tmp) / "demo.db")
        err.print(f"Ingesting the sample corpus from {sample.root()}")
        report = sample.ingest_into(db)
        for problem in report.problems:
            err.print(f"{'error' if problem.fatal else 'note'}: {escape(str(problem))}")
        print_articles(db.article_rows(), db.count_articles())
        out.print("\n[bold]Entities mentioned most[/bold]")
        print_entities(entity_summaries(db, None, 15))
        out.print("\n[bold]Stories[/bold]")
        print_stories(story_list(db))
        out.print("\n[bold]Quotes[/bold] (speaker, the chain that relayed them)")
        print_quotes(db.quotes(limit=12))
        out.print("\n[bold]Claims that are not plain reports[/bold]")
        print_claims(with_events(db, [c for c in db.claims() if c["status"] != "reported"][:12]))
        languages = db.conn.execute(
            "SELECT language, count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        out.print("languages: " + ", ".join(f"{lang} {n}" for lang, n in languages))
        out.print(report.summary())
        db.close()


@cli.command()
@click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), help="SQLite database file to serve."
)
@click.option(
    "--demo", is_flag=True, help="Serve the bundled sample corpus (a temporary database)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--write-token-env",
    metavar="VAR",
    help="Enable POST /api/articles for requests carrying the token in this environment variable.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (about one per core serves the most requests).",
)
def serve(db_path, demo, host, port, write_token_env, workers):
    """Serve the web pages and the JSON API (read-only unless given a write token).

    \b
    Examples:
      newsloom serve --db news.db                       # http://127.0.0.1:8000
      newsloom serve --demo
      newsloom serve --db news.db --workers 2           # a process per core
      NEWSLOOM_TOKEN=... newsloom serve --db news.db --write-token-env NEWSLOOM_TOKEN
    """
    import uvicorn

    from newsloom.web.app import SERVE_DB_VARIABLE, SERVE_TOKEN_VARIABLE, create_app

    if bool(db_path) == demo:
        raise CliError("give either --db FILE or --demo")
    token = None
    if write_token_env:
        token = os.environ.get(write_token_env, "")
        if not token:
            raise CliError(f"environment variable {write_token_env} is not set or empty")
    with tempfile.TemporaryDirectory() as tmp:
        if demo:
            db_path = str(Path(tmp) / "demo.db")
            err.print("Ingesting the sample corpus into a temporary database")
            demo_db = Database(db_path)
            err.print(sample.ingest_into(demo_db).summary())
            demo_db.close()
        else:
            open_db(db_path).close()
        mode = "writable" if token else "read-only"
        err.print(f"newsloom: http://{host}:{port}/ ({mode}, {workers} worker processes)")
        if workers == 1:
            app = create_app(db_path, write_token=token)
            uvicorn.run(app, host=host, port=port, log_level="warning")
            return
        # Each worker process builds its own app from these variables (uvicorn imports it).
        os.environ[SERVE_DB_VARIABLE] = (
            db_path if is_postgresql(db_path) else str(Path(db_path).resolve())
        )
        os.environ[SERVE_TOKEN_VARIABLE] = write_token_env or ""
        uvicorn.run(
            "newsloom.web.app:create_app_from_environment", factory=True, host=host, port=port,
            log_level="warning", workers=workers,
        )  # fmt: skip


@cli.command()
@JSON_OPTION
def models(as_json):
    """List the named-entity models shipped with newsloom: training data, licences, scores.

    \b
    Example:
      newsloom models
    """
    from newsloom.analyze.tagger import available_languages, model_card

    cards = [model_card(language) or {"language": language} for language in available_languages()]
    print_records(cards, as_json, print_models)


def print_models(cards: list[dict]) -> None:
    table = Table(pad_edge=False)
    for column in ("language", "model (licence)", "training data (licence, sentences)", "F1"):
        table.add_column(column, overflow="fold")
    for card in cards:
        data = "; ".join(
            f"{d['name']} ({d['licence']}, {d['sentences']:,})" for d in card.get("data", [])
        )
        scores = "; ".join(f"{name}: {f1}" for name, f1 in card.get("scores", {}).items())
        model = f"{card.get('kind', '')} ({card.get('licence', '?')})"
        table.add_row(card["language"], model, escape(data), escape(scores))
    out.print(table)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except Exception as error:  # anything unexpected: one clean line unless --debug
        if "--debug" in sys.argv:
            traceback.print_exc()
        else:
            err.print(
                f"[red]error:[/red] {escape(f'{type(error).__name__}: {error}')} (run with --debug for details)"
            )
        sys.exit(2)
