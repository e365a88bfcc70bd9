"""The ``newsprism`` command group: top-level options, the commands, the script entry point."""

from __future__ import annotations

import sys

import click

from newsprism.cli import articles, briefs, feeds, serve, stories
from newsprism.cli.context import CliContext, err_console
from newsprism.config import load_settings
from newsprism.errors import NewsprismError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite database to use [default: ./newsprism.db, or NEWSPRISM_DB].",
)
@click.version_option(package_name="newsprism")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """newsprism: one story, every outlet, every fact with its sources."""
    try:
        ctx.obj = CliContext(load_settings(db=db))
    except NewsprismError as exc:
        raise click.UsageError(str(exc)) from exc


for command in (
    articles.ingest_command,
    articles.update_command,
    articles.articles_command,
    articles.article_command,
    articles.settings_command,
    *stories.COMMANDS,
    *briefs.COMMANDS,
    serve.serve_command,
    *feeds.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``newsprism`` script."""
    try:
        cli(standalone_mode=True)
    except NewsprismError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(1)
