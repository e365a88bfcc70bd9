"""Commands for following feeds: ``feeds add|list|remove`` and ``watch``; and the watch loop
that ``serve --watch`` runs beside the web app."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.table import Table

from newsprism.annotate.records import AnnotateOptions
from newsprism.cli.context import CliContext
from newsprism.config import Settings
from newsprism.feeds import SchedulePolicy, WatchOptions, WatchThread, follow, watch
from newsprism.feeds.poller import PollRound
from newsprism.feeds.watch import place_new_articles
from newsprism.ingest.batch import IngestOptions
from newsprism.ingest.fetch import Fetcher
from newsprism.serialize import dumps
from newsprism.store import Store
from newsprism.store.feed_records import FeedState

_ALLOW_PRIVATE = click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Fetch feeds on loopback, private or link-local addresses.",
)
_INTERVAL = click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=900.0,
    show_default=True,
    metavar="S",
    help="Seconds between polls of a feed (longer when the server's Cache-Control or the "
    "feed's TTL asks; failing feeds back off exponentially).",
)


@click.group("feeds")
def feeds_command() -> None:
    """Follow feeds: add (URLs or OPML lists), list with their state, remove."""


@feeds_command.command("add")
@click.argument("inputs", nargs=-1, required=True)
@_ALLOW_PRIVATE
@click.pass_obj
def feeds_add_command(obj: CliContext, inputs: tuple[str, ...], allow_private: bool | None) -> None:
    """Follow feed URLs, and the feeds of OPML files or OPML URLs (.opml); `watch` polls them."""
    settings = obj.settings.replace(allow_private=allow_private)
    with obj.open_store() as store, Fetcher(IngestOptions.from_settings(settings).fetch) as f:
        done = follow(store, list(inputs), fetcher=f, max_bytes=settings.max_input_bytes)
    for url in done.added:
        click.echo(f"following {url}")
    for error in done.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(
        f"{len(done.added)} added, {len(done.already)} already followed, "
        f"{len(done.errors)} failed"
    )
    if done.errors:
        sys.exit(1)


@feeds_command.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def feeds_list_command(obj: CliContext, as_json: bool) -> None:
    """List followed feeds: last fetch, status, items stored, errors, next due time (UTC)."""
    with obj.open_store() as store:
        feeds = store.list_feeds()
    if as_json:
        click.echo(dumps([_feed_to_dict(feed) for feed in feeds]))
        return
    table = Table(title=f"{len(feeds)} feeds", title_justify="left")
    table.add_column("feed", overflow="fold", ratio=1)
    for column in ("last fetch", "status", "items", "errors", "next due"):
        table.add_column(column, no_wrap=column != "errors", overflow="fold")
    for feed in feeds:
        errors = f"{feed.failures} in a row: {feed.last_error}" if feed.failures else ""
        table.add_row(
            feed.url,
            _when(feed.last_fetch) or "never",
            _status(feed),
            f"{feed.items} (+{feed.last_new})",
            errors,
            _when(feed.next_due),
        )
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@feeds_command.command("remove")
@click.argument("urls", nargs=-1, required=True)
@click.pass_obj
def feeds_remove_command(obj: CliContext, urls: tuple[str, ...]) -> None:
    """Stop following these feed URLs (their stored articles stay)."""
    with obj.open_store() as store:
        removed = store.remove_feeds(list(urls))
    missing = [url for url, gone in zip(urls, removed, strict=True) if not gone]
    for url in missing:
        click.echo(f"error: {url}: not followed (`newsprism feeds list` shows them)", err=True)
    click.echo(f"{sum(removed)} removed")
    if missing:
        sys.exit(1)


@click.command("watch")
@_INTERVAL
@click.option("--once", is_flag=True, help="Poll the due feeds once, then exit (for cron).")
@click.option(
    "--no-update", is_flag=True, help="Only store new items; regroup later with `update`."
)
@click.option(
    "--full",
    is_flag=True,
    help="After a round with new items, regroup every story (as `update` does) instead of "
    "placing the new articles into the stored stories.",
)
@_ALLOW_PRIVATE
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds to wait for a server [default: 10].",
)
@click.pass_obj
def watch_command(
    obj: CliContext,
    interval: float,
    once: bool,
    no_update: bool,
    full: bool,
    allow_private: bool | None,
    timeout: float | None,
) -> None:
    """Poll followed feeds as they fall due (conditional GET), store new items, update stories.

    New articles are placed into the stored stories through their candidate stories only, so
    a round costs the same however large the store is; hourly (and on every --once run) the
    stories of the last three days are regrouped in batch. Run `newsprism update` (the full
    regrouping, which also finds reprints) now and then. Runs until interrupted (Ctrl-C), or
    one round with --once.
    """
    settings = obj.settings.replace(allow_private=allow_private, fetch_timeout=timeout)
    annotate = AnnotateOptions(model=settings.spacy_model)

    def regroup(store: Store, result: PollRound) -> None:
        from newsprism.pipeline import update_stories  # the annotator loads only when needed

        update_stories(store, annotate=annotate, full=True)

    update = regroup if full else place_new_articles(annotate)

    def report(result: PollRound) -> None:
        for poll in result.polls:
            if poll.error:
                click.echo(f"error: {poll.url}: {poll.error}", err=True)
        click.echo(result.summary())

    with obj.open_store() as store:
        try:
            watch(
                store,
                _watch_options(settings, interval, once=once, regroup=not full and not no_update),
                update=None if no_update else update,
                on_round=report,
            )
        except KeyboardInterrupt:
            click.echo("stopped")


@contextmanager
def watching(settings: Settings, interval: float) -> Iterator[WatchThread]:
    """The watch loop running in a thread while the block runs (``serve --watch``).

    A round's new articles are placed into the stored stories incrementally (their candidate
    stories only), so the thread's work per round does not grow with the store.
    """
    annotate = AnnotateOptions(model=settings.spacy_model)
    thread = WatchThread(
        settings.db, _watch_options(settings, interval), update=place_new_articles(annotate)
    )
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def _watch_options(
    settings: Settings, interval: float, *, once: bool = False, regroup: bool = True
) -> WatchOptions:
    return WatchOptions(
        policy=SchedulePolicy(interval=interval),
        fetch=IngestOptions.from_settings(settings).fetch,
        once=once,
        regroup_every=3600.0 if regroup else -1.0,
    )


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _status(feed: FeedState) -> str:
    if feed.last_status is None:
        return "not polled yet"
    if feed.http_status is None:
        return feed.last_status
    return f"{feed.last_status} ({feed.http_status})"


def _feed_to_dict(feed: FeedState) -> dict[str, object]:
    return {
        "url": feed.url,
        "title": feed.title,
        "last_fetch": _when(feed.last_fetch) or None,
        "status": feed.last_status,
        "http_status": feed.http_status,
        "items": feed.items,
        "last_new": feed.last_new,
        "failures": feed.failures,
        "last_error": feed.last_error,
        "next_due": _when(feed.next_due),
    }


COMMANDS = (feeds_command, watch_command)
