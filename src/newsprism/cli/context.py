"""What every command shares: the settings in force, the store they name, the error console."""

from __future__ import annotations

import click
from rich.console import Console

from newsprism.config import Settings
from newsprism.errors import InputError
from newsprism.ingest.tabular import FieldMap
from newsprism.store import Store, open_store

err_console = Console(stderr=True, highlight=False)


class CliContext:
    """What the top-level options decided, passed to every command (a plain holder)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open_store(self) -> Store:
        """The store the settings name, opened (and migrated if needed).

        Only the commands that bring articles or feeds in (``ingest``, ``batch``, ``feeds add``,
        ``watch``) create a missing database; every other command fails with "no database
        at PATH" rather than leave an empty file behind.
        """
        context = click.get_current_context(silent=True)
        # "newsprism feeds add" -> "feeds add": the command as typed after the program name.
        command = " ".join(context.command_path.split()[1:]) if context is not None else ""
        return open_store(self.settings.db, create=command in _CREATING_COMMANDS)


# The commands that may start a new database; the others need one that exists.
_CREATING_COMMANDS = frozenset({"ingest", "batch", "feeds add", "watch"})


# Input options that ``ingest`` and ``batch`` share.
allow_private_option = click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Fetch URLs on loopback, private or link-local addresses.",
)
field_option = click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="FIELD=KEY",
    help="Read FIELD (text, title, url, published, outlet, byline, language) "
    "from KEY in JSONL/CSV records; repeatable.",
)


def field_map(fields: tuple[str, ...]) -> FieldMap:
    """The ``--field`` options as a FieldMap; a bad one is click's usage error."""
    try:
        return FieldMap.parse(list(fields))
    except InputError as exc:
        raise click.BadParameter(exc.reason, param_hint="--field") from exc
