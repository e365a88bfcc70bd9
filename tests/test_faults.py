"""Faults from outside: SIGKILL at random points, two writers at once, Ctrl-C, a full disk and a
read-only database. Each runs the real ``newsprism`` script in its own session, so every
process it starts (forkserver, workers) can be found and checked for orphans.

The full disk is a 1 MiB tmpfs when this process may mount one (root with CAP_SYS_ADMIN), else
the write-size limit RLIMIT_FSIZE with SIGXFSZ ignored (writes past it fail with EFBIG); the
read-only database sits on a tmpfs remounted read-only, else in a folder without write
permission (which binds only a user other than root).
"""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.store import open_store

from .conftest import article_text

NEWSPRISM = str(Path(sys.executable).parent / "newsprism")
SEED = 14  # kill points are random but the same on every run


def corpus(folder: Path, numbers: range) -> Path:
    """One small article file per number, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"{i:05d}.txt").write_text(
            f"title Report {i}\noutlet Outlet {i % 5}\ndate 2024-02-{i % 28 + 1:02d}\n\n"
            + article_text(f"Tolvern {i}")
        )
    return folder


def start(*args: str, quiet: bool = False, **kwargs: object) -> subprocess.Popen[str]:
    """``newsprism ARGS`` started in a new session (its own process group).

    ``quiet`` sends its output nowhere, for a process that will be killed: a pipe would keep
    the reader waiting for as long as any worker holds it.
    """
    sink = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [NEWSPRISM, *args],
        stdout=sink,
        stderr=sink,
        text=True,
        start_new_session=True,
        **kwargs,
    )


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSPRISM, *args], capture_output=True, text=True, timeout=timeout)


def session_members(session: int) -> list[int]:
    """Process ids still alive (not zombies) in this session."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            members.append(int(entry.name))
    return members


def wait_for_no_orphans(session: int, seconds: float = 5.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = session_members(session)
        if not left:
            return []
        time.sleep(0.1)
    return session_members(session)


def count(db: Path, table: str = "articles") -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def kill_session(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)  # reaps it and closes its pipes


def assert_complete(db: Path, expected: int) -> None:
    with open_store(db) as store:
        assert store.check_integrity() == []
        assert store.count_articles() == expected
        identities = store._db.execute("SELECT count(DISTINCT identity) FROM articles").fetchone()
        assert identities[0] == expected


# -- SIGKILL -----------------------------------------------------------------------------------
def test_sigkill_at_random_points_of_a_parallel_ingest_then_the_same_command_finishes(
    tmp_path: Path,
) -> None:
    folder = corpus(tmp_path / "in", range(600))
    db = tmp_path / "k.db"
    command = ("--db", str(db), "ingest", "--quiet", "--no-update", "--workers", "2", str(folder))
    rng = random.Random(SEED)
    for _kill in range(3):
        process = start(*command, quiet=True)
        time.sleep(rng.uniform(1.0, 4.0))
        # Only the parent: its workers must notice and die with it.
        process.kill()
        process.wait(timeout=10)
        assert wait_for_no_orphans(process.pid, 15) == [], "workers outlived their parent"
    done = run(*command)
    assert done.returncode == 0, done.stderr
    assert_complete(db, 600)


def _kill_once_annotating(command: tuple[str, ...], db: Path, rng: random.Random) -> None:
    """Start ``command`` and SIGKILL it at a random moment after annotations start to appear."""
    before = count(db, "annotations")
    process = start(*command, quiet=True)
    deadline = time.monotonic() + 90
    while count(db, "annotations") <= before and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 0.2))  # the next batch of 256 takes longer than this
    kill_session(process)


def _assert_all_annotated_and_grouped(db: Path) -> None:
    with open_store(db) as store:
        assert store.count_unfinished() == 0
        assert store.check_integrity() == []


def test_sigkill_during_the_update_of_an_ingest_then_the_same_ingest_finishes(
    tmp_path: Path,
) -> None:
    folder = corpus(tmp_path / "in", range(600))
    db = tmp_path / "u.db"
    command = ("--db", str(db), "ingest", "--quiet", str(folder))
    _kill_once_annotating(command, db, random.Random(SEED))
    assert count(db) == 600
    with open_store(db) as store:
        assert store.count_unfinished() > 0, "the update finished before it was killed"
    done = run(*command)
    assert done.returncode == 0, done.stderr
    assert "0 stored, 600 already there" in done.stdout
    _assert_all_annotated_and_grouped(db)


def test_sigkill_during_update_then_update_finishes(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", range(600))
    db = tmp_path / "v.db"
    assert run("--db", str(db), "ingest", "-q", "--no-update", str(folder)).returncode == 0
    _kill_once_annotating(("--db", str(db), "update"), db, random.Random(SEED + 1))
    done = run("--db", str(db), "update")
    assert done.returncode == 0, done.stderr
    _assert_all_annotated_and_grouped(db)


# -- two writers -------------------------------------------------------------------------------
def _ingest_at_once(db: Path, folders: list[Path], flags: tuple[str, ...]) -> None:
    processes = [
        start("--db", str(db), "ingest", "-q", "--workers", "1", *flags, str(folder))
        for folder in folders
    ]
    for process in processes:
        _out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        assert "Traceback" not in err


@pytest.mark.parametrize("update", [False, True], ids=["store-only", "with-update"])
def test_two_ingests_at_once_both_finish_and_store_each_article_once(
    tmp_path: Path, update: bool
) -> None:
    flags = () if update else ("--no-update",)
    db = tmp_path / "both.db"
    # A new database: both create it; 50 articles are in both inputs.
    _ingest_at_once(
        db, [corpus(tmp_path / "a", range(0, 150)), corpus(tmp_path / "b", range(100, 250))], flags
    )
    assert_complete(db, 250)
    # The same database, now existing.
    _ingest_at_once(
        db,
        [corpus(tmp_path / "c", range(250, 330)), corpus(tmp_path / "d", range(300, 400))],
        flags,
    )
    assert_complete(db, 400)
    if update:
        _assert_all_annotated_and_grouped(db)


# -- Ctrl-C ------------------------------------------------------------------------------------
def _wait_for_workers(process: subprocess.Popen[str]) -> None:
    """Return once the ingest reads files in worker processes (Ctrl-C *during* the ingest)."""
    deadline = time.monotonic() + 60
    while len(session_members(process.pid)) < 4 and time.monotonic() < deadline:
        if process.poll() is not None:
            return
        time.sleep(0.02)


def test_ctrl_c_during_a_parallel_ingest_exits_quickly_without_traceback_or_orphans(
    tmp_path: Path,
) -> None:
    folder = corpus(tmp_path / "in", range(6000))
    db = tmp_path / "c.db"
    rng = random.Random(SEED)
    for _press in range(2):
        process = start("--db", str(db), "ingest", "--no-update", "--workers", "2", str(folder))
        _wait_for_workers(process)
        time.sleep(rng.uniform(0.1, 0.6))
        if process.poll() is not None:
            process.communicate()
            pytest.fail("the ingest ended before Ctrl-C could be pressed; give it more files")
        pressed = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        try:
            _out, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            kill_session(process)
            pytest.fail("the ingest did not exit within 5 s of Ctrl-C")
        assert time.monotonic() - pressed < 5
        assert process.returncode != 0
        assert "Traceback" not in err, err
        assert wait_for_no_orphans(process.pid, 2.0) == []
    with open_store(db) as store:
        assert store.check_integrity() == []


def _sigint_blocked_or_ignored(pid: int) -> bool | None:
    """Whether process ``pid`` blocks or ignores SIGINT (None once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    masks = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
    bit = 1 << (signal.SIGINT - 1)
    return bool(int(masks["SigBlk"], 16) & bit or int(masks["SigIgn"], 16) & bit)


def test_every_helper_process_of_a_parallel_ingest_is_deaf_to_ctrl_c(tmp_path: Path) -> None:
    # A forkserver still importing the readers, or a worker not yet in its initializer, once
    # took the terminal's SIGINT and printed a traceback: helpers must start with it held.
    folder = corpus(tmp_path / "in", range(3000))
    process = start(
        "--db",
        str(tmp_path / "h.db"),
        "ingest",
        "--no-update",
        "--workers",
        "2",
        str(folder),
        quiet=True,
    )
    try:
        _wait_for_workers(process)
        helpers = [pid for pid in session_members(process.pid) if pid != process.pid]
        assert len(helpers) >= 3, "the ingest ended before its workers could be looked at"
        deaf = {pid: _sigint_blocked_or_ignored(pid) for pid in helpers}
        assert all(state is not False for state in deaf.values()), deaf
    finally:
        kill_session(process)
        process.wait()


def test_sigterm_stops_an_ingest_cleanly(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", range(3000))
    db = tmp_path / "t.db"
    process = start("--db", str(db), "ingest", "--no-update", "--workers", "2", str(folder))
    _wait_for_workers(process)
    time.sleep(0.5)
    process.terminate()
    _out, err = process.communicate(timeout=5)
    assert process.returncode != 0 and "Traceback" not in err, err
    assert wait_for_no_orphans(process.pid, 2.0) == []


# -- full disk ---------------------------------------------------------------------------------
@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` mounted on ``folder``; yields False when mounting is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield False
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_is_one_clear_error_and_loses_nothing_committed(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", range(3000))  # about 2 MB of text
    disk = tmp_path / "disk"
    with tmpfs(disk, "1m") as mounted:
        db = disk / "full.db"
        extra: dict[str, object] = {}
        if not mounted:
            extra = {"preexec_fn": lambda: _limit_file_size(1024 * 1024)}
        process = start("--db", str(db), "ingest", "-q", "--no-update", str(folder), **extra)
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 1
        assert "Traceback" not in err and "no transaction is active" not in err, err
        (line,) = [e for e in err.splitlines() if "full.db" in e]
        assert line.startswith("error: ") and ("full" in line or "too large" in line), line
        kept = count(db)
        assert kept > 0
        # Nothing committed is lost: the store is whole, and on a disk with room the same
        # ingest finishes the job.
        roomy = tmp_path / "roomy.db"
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{db}{suffix}").exists():
                shutil.copy(f"{db}{suffix}", f"{roomy}{suffix}")
    with open_store(roomy) as store:
        assert store.check_integrity() == []
    done = run("--db", str(roomy), "ingest", "-q", "--no-update", str(folder))
    assert done.returncode == 0, done.stderr
    assert f"{3000 - kept} stored, {kept} already there" in done.stdout
    assert_complete(roomy, 3000)


def test_an_export_to_a_full_disk_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    assert (
        run(
            "--db",
            str(db),
            "ingest",
            "-q",
            "--no-update",
            str(corpus(tmp_path / "in", range(2000))),
        ).returncode
        == 0
    )
    disk = tmp_path / "disk"
    with tmpfs(disk, "256k") as mounted:
        extra: dict[str, object] = {}
        if not mounted:
            extra = {"preexec_fn": lambda: _limit_file_size(256 * 1024)}
        out = disk / "all.csv"
        process = start("--db", str(db), "export", "--format", "csv", "--out", str(out), **extra)
        _out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err


# -- read-only database ------------------------------------------------------------------------
def test_read_commands_work_on_a_read_only_database(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", range(20))
    place = tmp_path / "ro"
    with tmpfs(place, "8m") as mounted:
        db = place / "r.db"
        assert run("--db", str(db), "ingest", "-q", str(folder)).returncode == 0
        if mounted:
            remount = subprocess.run(["mount", "-o", "remount,ro", str(place)], capture_output=True)
            assert remount.returncode == 0, remount.stderr
        elif os.geteuid() == 0:
            pytest.skip("root ignores file permissions and may not mount a tmpfs here")
        else:
            place.chmod(0o555)
            db.chmod(0o444)
        try:
            listed = run("--db", str(db), "articles", "--json")
            assert listed.returncode == 0, listed.stderr
            assert listed.stdout.count('"id"') == 20
            stories = run("--db", str(db), "stories", "--json")
            assert stories.returncode == 0, stories.stderr
            (tmp_path / "new.txt").write_text(article_text("Sarnow"))
            written = run("--db", str(db), "ingest", "-q", str(tmp_path / "new.txt"))
            assert written.returncode == 1
            assert written.stderr.startswith("error: ") and "Traceback" not in written.stderr
        finally:
            if not mounted:
                place.chmod(0o755)
