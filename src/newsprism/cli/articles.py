"""Commands about articles: ingest, articles, article, settings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsprism.annotate.records import AnnotateOptions
from newsprism.cli.context import (
    CliContext,
    allow_private_option,
    err_console,
    field_map,
    field_option,
)
from newsprism.config import SETTINGS
from newsprism.errors import NewsprismError
from newsprism.pipeline import (
    IngestOptions,
    annotations_of,
    ingest,
    needs_update,
    update_stories,
)
from newsprism.serialize import annotations_to_dict, article_to_dict, dumps, summary_to_dict
from newsprism.titles import article_label
from newsprism.wording import clip, count


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@allow_private_option
@click.option(
    "--full-pages",
    is_flag=True,
    default=None,
    help="For feed items, fetch each item's page for its full text.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest input read, in bytes [default: 20 MB].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds to wait for a server [default: 10].",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Processes reading files in parallel; 0 = one per core.",
)
@field_option
@click.option(
    "--no-update",
    is_flag=True,
    help="Only store; annotate and regroup stories later with `newsprism update` "
    "(faster for bulk loads).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary line.")
@click.pass_obj
def ingest_command(
    obj: CliContext,
    inputs: tuple[str, ...],
    allow_private: bool | None,
    full_pages: bool | None,
    max_bytes: int | None,
    timeout: float | None,
    workers: int | None,
    fields: tuple[str, ...],
    no_update: bool,
    quiet: bool,
) -> None:
    """Store the articles in files, folders (recursively), feeds, OPML lists and URLs.

    Give - to read one input from standard input. Each article is stored once: the same
    URL, or the same text where there is no URL, is recognised as already there.
    """
    fields_read = field_map(fields)
    settings = obj.settings.replace(
        allow_private=allow_private,
        fetch_full_pages=full_pages,
        max_input_bytes=max_bytes,
        fetch_timeout=timeout,
        workers=workers,
    )
    options = IngestOptions.from_settings(settings, fields=fields_read)
    with obj.open_store() as store, _progress(enabled=not quiet) as bar:
        report = ingest(list(inputs), store, options, progress=bar.reading if bar else None)
        if not no_update and needs_update(store, report):
            # new ids known: no scan for unplaced articles (``update`` finds any left over)
            update_stories(
                store,
                annotate=AnnotateOptions(model=settings.spacy_model),
                progress=bar.stage if bar else None,
                new_ids=report.article_ids if report.stored else None,
            )
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@click.command("update")
@click.option(
    "--full",
    is_flag=True,
    help="Re-annotate what needs it and recompute every reprint link and story, instead of "
    "placing the new articles into the stored stories.",
)
@click.pass_obj
def update_command(obj: CliContext, full: bool) -> None:
    """Bring the stories up to date: articles in no story yet, when they are fewer than those
    already grouped, are checked for reprints and placed into the stored stories (the cost per
    article does not grow with the store); otherwise, and with --full, every story is
    recomputed."""
    with obj.open_store() as store, _progress(enabled=True) as bar:
        report = update_stories(
            store,
            annotate=AnnotateOptions(model=obj.settings.spacy_model),
            progress=bar.stage if bar else None,
            full=full,
        )
    click.echo(report.summary())


@click.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip the first N.")
@click.pass_obj
def articles_command(obj: CliContext, as_json: bool, limit: int | None, offset: int) -> None:
    """List stored articles, oldest first (undated last)."""
    with obj.open_store() as store:
        summaries = store.list_articles(limit=limit, offset=offset)
        total = store.count_articles()
        # An untitled article is named by the start of its lead, never by its file path.
        leads = {
            s.id: article_label(None, store.get_article(s.id).text)
            for s in summaries
            if not s.title
        }
    if as_json:
        click.echo(dumps([summary_to_dict(s) for s in summaries]))
        return
    table = Table(title=count(total, "article"), title_justify="left")
    for column in ("id", "published", "outlet", "wire"):
        table.add_column(column, no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for s in summaries:
        table.add_row(
            s.id,
            s.published.value[:10] if s.published else "",
            s.outlet or "",
            s.wire or "",
            s.title or leads.get(s.id, ""),
        )
    # Piped output has no terminal width to fit; don't squeeze the table into 80 columns.
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@click.command("article")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def article_command(obj: CliContext, article_id: str, as_json: bool) -> None:
    """Show one article (its id, or a unique prefix of it) with its metadata and text."""
    with obj.open_store() as store:
        try:
            article = store.get_article(article_id)
            annotations = annotations_of(
                store, article, AnnotateOptions(model=obj.settings.spacy_model)
            )
        except NewsprismError as exc:
            raise click.ClickException(str(exc)) from exc
    found = annotations_to_dict(annotations)
    data = article_to_dict(article)
    if as_json:
        click.echo(dumps(data | found))
        return
    for key in (
        "id",
        "title",
        "outlet",
        "published",
        "byline",
        "url",
        "source",
        "format",
        "language",
    ):
        if data.get(key):
            click.echo(f"{key + ':':<11}{data[key]}")
    if article.wire:
        click.echo(
            f"{'wire:':<11}{article.wire.agency} ({article.wire.position}: "
            f"{article.wire.text!r})"
        )
    for embed in article.embeds:
        who = " ".join(p for p in (embed.author, embed.handle, embed.posted) if p)
        click.echo(f"{'embed:':<11}{embed.kind} {who} [{embed.start}:{embed.end}]")
    shown: set[tuple[str, str, str]] = set()
    for entity in found["entities"]:
        seen = (entity["type"], entity["name"], entity["role"] or "")
        if seen not in shown:
            shown.add(seen)
            role = f" ({entity['role']})" if entity["role"] else ""
            click.echo(f"{'entity:':<11}{entity['type']} {entity['name']}{role}")
    for quote in found["quotes"]:
        kind = "quote" if quote["direct"] else "indirect"
        who = quote["speaker_name"] or "?"
        click.echo(f"{kind + ':':<11}{who} {quote['cue'] or ''}: “{clip(quote['text'], 90)}”")
    for date in found["dates"]:
        click.echo(
            f"{'date:':<11}{date['text']!r} = {date['value'] or 'unresolved'} "
            f"({date['granularity']})"
        )
    click.echo("")
    click.echo(article.text)


@click.command("settings")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (for the README).")
@click.pass_obj
def settings_command(obj: CliContext, markdown: bool) -> None:
    """List every setting with its environment variable, current value and meaning."""
    if markdown:
        click.echo("| setting | environment variable | default | meaning |")
        click.echo("|---|---|---|---|")
        for s in SETTINGS:
            click.echo(f"| `{s.name}` | `{s.env_var}` | `{s.default}` | {s.help} |")
        return
    for s in SETTINGS:
        click.echo(f"{s.env_var}={getattr(obj.settings, s.name)}  # {s.help}")


class _Bar:
    """The callbacks one progress bar gives the stages: reading, then annotating and grouping."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, TaskID] = {}

    def _task(self, stage: str) -> TaskID:
        if stage not in self.tasks:  # earlier stages stay shown, complete, above it
            self.tasks[stage] = self.bar.add_task(stage, total=None)
        return self.tasks[stage]

    def reading(self, done: int, total: int) -> None:
        """The ingest's progress: inputs read of all found."""
        self.bar.update(self._task("reading"), completed=done, total=total)

    def stage(self, stage: str, done: int, total: int | None) -> None:
        """A later stage's progress (``newsprism.pipeline.StageProgress``)."""
        self.bar.update(self._task(stage), completed=done, total=total)


@contextmanager
def _progress(*, enabled: bool) -> Iterator[_Bar | None]:
    """A rich progress bar on stderr when it is a terminal, for every stage; None otherwise."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        yield _Bar(bar)
