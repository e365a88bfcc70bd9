"""The ``serve`` command: the web pages and the REST API."""

from __future__ import annotations

import contextlib

import click

from newsprism.cli import feeds
from newsprism.cli.context import CliContext
from newsprism.errors import ConfigError


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any but loopback needs --token.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="TCP port to listen on.",
)
@click.option(
    "--token",
    envvar="NEWSPRISM_TOKEN",
    default=None,
    metavar="TOKEN",
    help="Bearer token required to ingest through POST /api/articles "
    "[env: NEWSPRISM_TOKEN; prefer the variable to the option].",
)
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Let POST /api/articles fetch URLs on loopback, private or link-local addresses "
    "[env: NEWSPRISM_ALLOW_PRIVATE].",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    help="How much uvicorn logs.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Worker processes answering requests; more than one needs a PostgreSQL --db.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Also poll the followed feeds (`newsprism feeds`) in the background, as `watch` does.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=900.0,
    show_default=True,
    metavar="S",
    help="With --watch: seconds between polls of a feed.",
)
@click.pass_obj
def serve_command(
    obj: CliContext,
    host: str,
    port: int,
    token: str | None,
    allow_private: bool | None,
    log_level: str,
    workers: int,
    watch: bool,
    interval: float,
) -> None:
    """Serve the web pages and the REST API (http://HOST:PORT/, API reference at /docs).

    With --watch the followed feeds are polled beside it, their new items stored and grouped.
    """
    from newsprism.server import (  # imported here: the CLI starts fast
        ServerConfig,
        check_workers,
        serve,
    )

    settings = obj.settings.replace(allow_private=allow_private)
    check_workers(settings.db, workers)  # one line, before anything starts
    watching = feeds.watching(settings, interval) if watch else contextlib.nullcontext()
    try:
        with watching:
            serve(
                ServerConfig.from_settings(settings, token=token),
                host=host,
                port=port,
                log_level=log_level,
                workers=workers,
            )
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
