"""Commands about stories: stories, story, and the corrections merge, split, move and
not-a-reprint."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable

import click
from rich.console import Console
from rich.table import Table

from newsprism.articles import utc_now
from newsprism.cli.context import CliContext
from newsprism.errors import NewsprismError
from newsprism.serialize import dumps, story_summary_to_dict, story_to_dict
from newsprism.store import StoryFilters
from newsprism.stories import (
    merge_stories,
    move_article,
    not_a_reprint,
    refresh_stories,
    split_story,
)
from newsprism.titles import article_label
from newsprism.wording import UNNAMED_OUTLET, count, coverage_line, display_date


@click.command("stories")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip the first N.")
@click.option(
    "--q",
    "query",
    metavar="TEXT",
    default=None,
    help="Only stories with every word of TEXT (or a word starting so) in an article's "
    "title or text, or in the names and aliases of its people and organisations.",
)
@click.option("--outlet", metavar="NAME", default=None, help="Only stories NAME reported.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only stories with articles on or after this date (YYYY-MM-DD).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only stories with articles on or before this date (YYYY-MM-DD).",
)
@click.pass_obj
def stories_command(
    obj: CliContext,
    as_json: bool,
    limit: int | None,
    offset: int,
    query: str | None,
    outlet: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
) -> None:
    """List stories, most recently updated first, with their coverage; search and filter
    them with --q, --outlet, --since and --until."""
    filters = StoryFilters(
        q=query,
        outlet=outlet,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    with obj.open_store() as store:
        if filters == StoryFilters():
            stories = store.list_stories(limit=limit, offset=offset)
            total = store.count_stories()
        else:
            found = store.search_stories(filters, limit=limit or -1, offset=offset)
            stories = [store.get_story(s.id) for s in found.stories]
            total = found.total
    if as_json:
        click.echo(dumps([story_summary_to_dict(s) for s in stories]))
        return
    table = Table(title=count(total, "story"), title_justify="left")
    for column in (
        "id",
        "first seen",
        "last seen",
        "articles",
        "outlets",
        "independent",
        "reprints",
    ):
        table.add_column(column, no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for s in stories:
        c = s.coverage
        table.add_row(
            s.id,
            (s.first_seen or "")[:10],
            (s.last_seen or "")[:10],
            str(c.articles),
            str(c.outlets),
            str(c.independent_reports),
            str(c.reprints),
            s.title or "",
        )
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@click.command("story")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def story_command(obj: CliContext, story_id: str, as_json: bool) -> None:
    """Show one story (its id, or a unique prefix): its articles and which are reprints."""
    with obj.open_store() as store:
        try:
            story = store.get_story(story_id)
            articles = {i: store.get_article(i) for i in story.article_ids}
        except NewsprismError as exc:
            raise click.ClickException(str(exc)) from exc
        reprints = store.load_reprints()
    data = story_to_dict(story, articles, reprints)
    if as_json:
        click.echo(dumps(data))
        return
    c = story.coverage
    click.echo(story.title or "")
    click.echo(f"story {story.id}: {coverage_line(c)}")
    for article in data["articles"]:
        reprint = f"  reprint of {article['reprint_of']}" if article["reprint_of"] else ""
        wire = f"  [{article['wire']}]" if article["wire"] else ""
        click.echo(
            f"  {article['id']}  {(article['published'] or '')[:10]:<10}  "
            f"{article['outlet'] or UNNAMED_OUTLET:<20}{wire}{reprint}"
        )
        click.echo(f"      {article_label(article['title'], articles[article['id']].text)}")


@click.command("merge")
@click.argument("first")
@click.argument("second")
@click.pass_obj
def merge_command(obj: CliContext, first: str, second: str) -> None:
    """Make two stories one; the correction is kept and every later run respects it."""
    with obj.open_store() as store:
        _correct(lambda: merge_stories(store, first, second, now=utc_now()))
        refreshed = refresh_stories(store)
    click.echo(f"merged; {count(refreshed.stories, 'story')} now")


@click.command("split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@click.pass_obj
def split_command(obj: CliContext, story_id: str, article_ids: tuple[str, ...]) -> None:
    """Take these articles out of a story into a story of their own, for good."""
    with obj.open_store() as store:
        _correct(lambda: split_story(store, story_id, article_ids, now=utc_now()))
        refreshed = refresh_stories(store)
    click.echo(f"split; {count(refreshed.stories, 'story')} now")


@click.command("move")
@click.argument("article_id")
@click.argument("story_id")
@click.pass_obj
def move_command(obj: CliContext, article_id: str, story_id: str) -> None:
    """Move an article into another story, for good."""
    with obj.open_store() as store:
        _correct(lambda: move_article(store, article_id, story_id, now=utc_now()))
        refresh_stories(store)
        target = store.story_of(store.get_article(article_id).id)
    click.echo(f"moved; the article is in story {target}")


@click.command("not-a-reprint")
@click.argument("article_id")
@click.pass_obj
def not_a_reprint_command(obj: CliContext, article_id: str) -> None:
    """Record that an article is an independent report, not a reprint, for good."""
    with obj.open_store() as store:
        recorded: list[str] = []
        _correct(lambda: recorded.append(not_a_reprint(store, article_id, now=utc_now())))
        refreshed = refresh_stories(store)
        story = store.get_story(store.story_of(recorded[0]))
    c = story.coverage
    click.echo(
        f"recorded; article {recorded[0]} is an independent report; {refreshed.reprints} reprints "
        f"now; its story {story.id} has {c.independent_reports} independent reports"
    )


@click.command("corrections")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def corrections_command(obj: CliContext, as_json: bool) -> None:
    """List the merge, split and move corrections, numbered, oldest first (see `undo`)."""
    with obj.open_store() as store:
        stored = store.numbered_corrections()
    if as_json:
        click.echo(
            dumps(
                [
                    {"number": c.number, "created_at": c.created_at, "record": c.record}
                    for c in stored
                ]
            )
        )
        return
    if not stored:
        click.echo("no corrections")
        return
    for correction in stored:
        when = display_date(correction.created_at)
        click.echo(f"{correction.number:>3}  {when}  {describe_correction(correction.record)}")


@click.command("undo")
@click.argument("number", type=click.IntRange(min=1))
@click.pass_obj
def undo_command(obj: CliContext, number: int) -> None:
    """Undo correction NUMBER (as `corrections` lists it) and regroup the stories."""
    with obj.open_store() as store:
        try:
            removed = store.remove_correction(number)
        except NewsprismError as exc:
            raise click.ClickException(str(exc)) from exc
        refreshed = refresh_stories(store)
    click.echo(
        f"undid correction {removed.number} ({describe_correction(removed.record)}); "
        f"{count(refreshed.stories, 'story')} now"
    )


def describe_correction(record: dict[str, object]) -> str:
    """One line saying what a correction record does, naming articles by id prefix."""

    def ids(key: str) -> list[str]:
        value = record.get(key)
        return [str(v) for v in value] if isinstance(value, list) else []

    def named(articles: list[str]) -> str:
        shown = ", ".join(a[:8] for a in articles[:3])
        more = f" and {len(articles) - 3} more" if len(articles) > 3 else ""
        return f"{count(len(articles), 'article')} ({shown}{more})"

    op = record.get("op")
    if op == "merge":
        return f"merge: {named(ids('first'))} with {named(ids('second'))}"
    if op == "split":
        return f"split: {named(ids('part'))} out of a story, apart from {named(ids('rest'))}"
    if op == "move":
        source = ids("source")
        away = f", away from {named(source)}" if source else ""
        return f"move: article {str(record.get('article'))[:8]} to {named(ids('to'))}{away}"
    if op == "not_a_reprint":
        return f"not a reprint: article {str(record.get('article'))[:8]} is an independent report"
    return f"{op}: {record}"


def _correct(apply: Callable[[], None]) -> None:
    try:
        apply()
    except NewsprismError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS = (
    stories_command,
    story_command,
    merge_command,
    split_command,
    move_command,
    not_a_reprint_command,
    corrections_command,
    undo_command,
)
