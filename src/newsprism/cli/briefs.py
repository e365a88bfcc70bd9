"""Commands that write what the store knows: a story's brief, and the whole corpus as data."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from newsprism.annotate.records import AnnotateOptions
from newsprism.cli.context import CliContext
from newsprism.compare.records import Brief
from newsprism.errors import NewsprismError
from newsprism.export import EXPORT_FORMATS, EXPORT_KINDS, export_articles
from newsprism.render import render_html, render_json, render_markdown
from newsprism.stories import story_brief
from newsprism.wording import count

_RENDERERS: dict[str, Callable[[Brief], str]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
}
# The format a brief written to a file gets from the file's extension when --format is not given.
_EXTENSION_FORMATS = {
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
# What one exported row is, for the closing count ("3 claims exported").
_ROW_NOUNS = {
    "articles": "article",
    "entities": "entity",
    "quotes": "printed quote",
    "claims": "claim",
    "discrepancies": "discrepancy",
}


def format_for(fmt: str | None, out: Path | None) -> str:
    """The brief format: ``fmt`` if given, else the one ``out``'s extension names, else md."""
    if fmt is not None:
        return fmt
    if out is not None:
        return _EXTENSION_FORMATS.get(out.suffix.lower(), "md")
    return "md"


def check_writable(out: Path) -> None:
    """Raise a one-line ClickException if ``out`` cannot be written (before any work is done)."""
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.exists():
        raise click.ClickException(f"cannot write {out}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise click.ClickException(f"cannot write {out}: {parent} is not a directory")
    if out.is_dir():
        raise click.ClickException(f"cannot write {out}: it is a directory")


def write_file(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out``; an OSError becomes one ClickException line naming the file."""
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from exc


@click.command("brief")
@click.argument("story_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(_RENDERERS)),
    default=None,
    help="JSON (the contract), Markdown, or one HTML page [default: from the --out "
    "extension (.json, .md, .html), else md].",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.pass_obj
def brief_command(obj: CliContext, story_id: str, fmt: str | None, out: Path | None) -> None:
    """Print a story's brief: agreed facts, single-source facts, discrepancies, quotes."""
    if out is not None:
        check_writable(out)
    fmt = format_for(fmt, out)
    with obj.open_store() as store:
        try:
            brief = story_brief(
                store, story_id, annotate=AnnotateOptions(model=obj.settings.spacy_model)
            )
        except NewsprismError as exc:
            raise click.ClickException(str(exc)) from exc
    text = _RENDERERS[fmt](brief)
    if not text.endswith("\n"):
        text += "\n"
    if out is None and fmt == "md" and sys.stdout.isatty():
        # On a terminal the Markdown is rendered (headings, lists, no backslash escapes);
        # piped or written to a file it stays Markdown.
        from rich.console import Console
        from rich.markdown import Markdown

        Console(highlight=False).print(Markdown(text, hyperlinks=False))
    elif out is None:
        click.echo(text, nl=False)
    else:
        write_file(out, text.encode("utf-8"))
        click.echo(f"wrote {out}", err=True)


@click.command("export")
@click.option(
    "--what",
    type=click.Choice(EXPORT_KINDS),
    default="articles",
    show_default=True,
    help="Articles, or what the stories' briefs found (one row per item, with its story id).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="JSON Lines, CSV, or Parquet (Parquet needs pyarrow installed).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file [default: standard output; required for parquet].",
)
@click.pass_obj
def export_command(obj: CliContext, what: str, fmt: str, out: Path | None) -> None:
    """Write every article with its story and reprint link, or every entity, quote, claim or
    discrepancy of every story, for analysis elsewhere."""
    if out is None and fmt == "parquet" and sys.stdout.isatty():
        raise click.ClickException(
            "Parquet is binary and standard output is a terminal: give --out FILE.parquet "
            "(or redirect the output to a file)"
        )
    if out is not None:
        check_writable(out)
    annotate = AnnotateOptions(model=obj.settings.spacy_model)
    with obj.open_store() as store:
        try:
            if out is None:
                written = export_articles(store, fmt, sys.stdout.buffer, what, annotate)
            else:
                with out.open("wb") as handle:
                    written = export_articles(store, fmt, handle, what, annotate)
        except NewsprismError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            where = out or "standard output"
            raise click.ClickException(f"cannot write {where}: {exc.strerror or exc}") from exc
    click.echo(f"{count(written, _ROW_NOUNS[what])} exported", err=True)


COMMANDS = (brief_command, export_command)
