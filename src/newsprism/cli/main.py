"""The ``newsprism`` command group: top-level options, the commands, the script entry point."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from typing import NoReturn

import click

from newsprism.cli import articles, batch, briefs, feeds, serve, stories
from newsprism.cli.context import CliContext
from newsprism.config import load_settings
from newsprism.errors import NewsprismError
from newsprism.store import backend_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite file or PostgreSQL URL (postgresql://user@host/db) to use "
    "[default: ./newsprism.db, or NEWSPRISM_DB].",
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
    batch.batch_command,
    *stories.COMMANDS,
    *briefs.COMMANDS,
    serve.serve_command,
    *feeds.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``newsprism`` script.

    Every failure ends as one unwrapped ``error:`` line on stderr and exit status 1; Ctrl-C
    and SIGTERM end the command cleanly (workers stopped, transactions rolled back).
    """
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            code = cli(standalone_mode=False)
            if isinstance(code, int):  # --help, --version and ctx.exit(N) end here
                sys.exit(code)
        except click.UsageError as exc:
            exc.show()  # the usage line and the hint, as click prints them
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            fail(exc.format_message())
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
    except SystemExit:
        if _received:
            _exit_at_once(128 + _received[0])
        raise
    except NewsprismError as exc:
        fail(str(exc))
    except backend_errors() as exc:
        fail(f"database error ({exc})")
    except OSError as exc:
        fail(describe_os_error(exc))


def fail(message: str) -> NoReturn:
    """Print ``error: message`` as one line (never wrapped, even when piped) and exit 1."""
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(1)


def describe_os_error(exc: OSError) -> str:
    """What an operating-system error means for the user, naming the file involved."""
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"{where}the disk is full; free some space and run the command again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{where}permission denied ({exc.strerror})"
    return f"{where}{exc.strerror or exc}"


_received: list[int] = []  # the signal that interrupted the command, if one did


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C and SIGTERM: the command unwinds (workers stopped, transactions rolled back).

    A signal that lands inside the import machinery (a module imported on first use, or one
    of its lock callbacks) is sent again a moment later: an exception raised there is printed
    by Python as "Exception ignored ... Traceback" instead of unwinding the command.
    """
    code = getattr(frame, "f_code", None)
    if getattr(code, "co_filename", "").startswith("<frozen importlib"):
        threading.Timer(_RETRY_SECONDS, os.kill, (os.getpid(), signum)).start()
        return
    _received.append(signum)
    raise KeyboardInterrupt


_RETRY_SECONDS = 0.02


def _exit_at_once(status: int) -> NoReturn:
    """Exit now that an interrupted command has unwound, without the interpreter's exit hooks.

    Those hooks join the threads of a process pool whose workers were just killed, which can
    wait for ever; everything that matters (the store, the workers) is already closed.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)
