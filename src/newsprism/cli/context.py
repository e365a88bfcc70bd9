"""What every command shares: the settings in force, the store they name, the error console."""

from __future__ import annotations

from rich.console import Console

from newsprism.config import Settings
from newsprism.store import SQLiteStore, open_store

err_console = Console(stderr=True, highlight=False)


class CliContext:
    """What the top-level options decided, passed to every command (a plain holder)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open_store(self) -> SQLiteStore:
        """The store the settings name, opened (and created or migrated if needed)."""
        return open_store(self.settings.db)
