"""The test session's throwaway PostgreSQL server, started by the project's own script.

``start_postgres`` runs ``scripts/postgres.sh start`` with a private folder (so that two test
sessions on one machine never share or stop each other's server) and answers the server, or
None with the reason the PostgreSQL tests skip: psycopg missing, or PostgreSQL that cannot be
installed or started here.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "scripts" / "postgres.sh"


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``dsn`` names its first database; ``folder`` holds all of it."""

    dsn: str
    folder: str
    _numbers: itertools.count[int] = field(default_factory=itertools.count, compare=False)

    def new_database(self) -> str:
        """The URL of a new, empty database on this server."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.dsn.rsplit("/", 1)[0] + "/" + name

    def drop_database(self, dsn: str) -> None:
        """Drop a database ``new_database`` made (closing what is still connected to it)."""
        name = dsn.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run(
            ["bash", str(SCRIPT), "stop"],
            env={**os.environ, "NEWSPRISM_PG_DIR": self.folder},
            capture_output=True,
            timeout=120,
            check=False,
        )

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as connection:
            connection.execute(statement.encode())


def start_postgres() -> tuple[PostgresServer | None, str]:
    """The started server (and ""), or None and why PostgreSQL cannot be used here."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (pip install -e '.[dev]' or 'newsprism[postgres]')"
    base = "/tmp" if os.path.isdir("/tmp") else None
    folder = tempfile.mkdtemp(prefix="newsprism-pg-test-", dir=base)
    os.chmod(folder, 0o755)
    done = subprocess.run(
        ["bash", str(SCRIPT), "start"],
        env={**os.environ, "NEWSPRISM_PG_DIR": folder},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("postgresql://"):
        why = " ".join(done.stderr.split())[-300:] or f"exit status {done.returncode}"
        PostgresServer("", folder).stop()
        return None, f"PostgreSQL could not be installed or started here: {why}"
    return PostgresServer(lines[-1], folder), ""
