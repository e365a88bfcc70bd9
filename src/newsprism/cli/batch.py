"""The ``batch`` command: ingest, annotate and group on an engine (this process, or Ray)."""

from __future__ import annotations

import sys

import click

from newsprism.annotate.records import AnnotateOptions
from newsprism.batch import ENGINES, StageOptions, make_engine, run_batch
from newsprism.cli.context import CliContext, allow_private_option, field_map, field_option
from newsprism.ingest.batch import IngestOptions
from newsprism.wording import count


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where the stages run: in this process, or on Ray (pip install 'newsprism[ray]').",
)
@click.option(
    "--address",
    default=None,
    metavar="ADDR",
    help="Ray cluster to join (host:port, as `ray start --head` prints); "
    "without it a local Ray instance is started and stopped.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Articles per annotate and sign step (and per read step of the local engine).",
)
@allow_private_option
@field_option
@click.pass_obj
def batch_command(
    obj: CliContext,
    inputs: tuple[str, ...],
    engine: str,
    address: str | None,
    batch_size: int,
    allow_private: bool | None,
    fields: tuple[str, ...],
) -> None:
    """Read, normalize, annotate and sign files, folders and URLs on an engine, store them,
    then regroup the stories: what ingest does, for corpora that outgrow one process.

    With --engine ray the stages run as Ray Data steps (annotators as actors holding the
    spaCy model), on a local Ray instance or on the cluster named by --address; only this
    process writes to the store (on a cluster, a PostgreSQL --db that the web app shares).
    """
    fields_read = field_map(fields)
    settings = obj.settings.replace(allow_private=allow_private)
    options = StageOptions(
        reading=IngestOptions.from_settings(settings, fields=fields_read),
        annotate=AnnotateOptions(model=settings.spacy_model),
    )
    runner = make_engine(engine, address=address, batch_size=batch_size)
    try:
        with obj.open_store() as store:
            report = run_batch(list(inputs), store, runner, options)
    finally:
        runner.close()
    for error in report.ingest.errors:
        click.echo(f"error: {error}", err=True)
    if report.update is not None:
        stories = report.update.stories
        click.echo(f"{count(stories.stories, 'story')}, {count(stories.reprints, 'reprint')}")
    click.echo(report.ingest.summary())
    if report.ingest.failed:
        sys.exit(1)
