"""``newsprism serve --workers N``: several worker processes on PostgreSQL; refused on SQLite."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from newsprism.store import open_store

from .conftest import article_text
from .postgres_server import PostgresServer

SRC = str(Path(__file__).parent.parent / "src")
ENV = {"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"}
MAIN = [sys.executable, "-c", "from newsprism.cli.main import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _request(url: str, body: dict[str, object] | None = None) -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, json.loads(answer.read())


def test_serve_with_two_workers_on_postgres_answers(postgres_server: PostgresServer) -> None:
    dsn = postgres_server.new_database()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            *MAIN,
            "--db",
            dsn,
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                status, listed = _request(f"{base}/api/stories")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert status == 200 and isinstance(listed, dict) and listed["stories"] == []
        assert len(_children(process.pid)) >= 2  # the worker processes
        # Writes go through whichever worker takes the connection; all see them.
        posted = [
            _request(f"{base}/api/articles", {"text": article_text(place), "title": place})
            for place in ("Quarrytown", "Millbrook", "Quarrytown")
        ]
        assert [status for status, _ in posted] == [201, 201, 200]
        first = posted[0][1]
        assert isinstance(first, dict)
        article_id = first["articles"][0]["id"]
        for _ in range(6):
            status, shown = _request(f"{base}/api/articles/{article_id}")
            assert status == 200 and isinstance(shown, dict) and shown["title"] == "Quarrytown"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    with open_store(dsn) as store:
        assert store.count_articles() == 2
    postgres_server.drop_database(dsn)


def test_serve_refuses_several_workers_on_sqlite_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    done = subprocess.run(
        [*MAIN, "--db", str(db), "serve", "--workers", "2", "--port", str(_free_port())],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("error: --workers 2 needs a PostgreSQL database")
    assert not db.exists()


@pytest.mark.parametrize("workers", ["0", "two"])
def test_a_bad_worker_count_is_a_usage_error(workers: str) -> None:
    from click.testing import CliRunner

    from newsprism.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--workers", workers])
    assert result.exit_code == 2 and "--workers" in result.output
