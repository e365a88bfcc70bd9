"""SIGKILL in the middle of an ingest leaves a consistent store; a re-run completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsprism.store import open_store

from .conftest import article_text

ARTICLES = 2000


def stored_count(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def test_sigkill_mid_batch_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i in range(ARTICLES):
        folder = corpus / f"{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:04d}.txt").write_text(
            f"title Article {i}\noutlet Outlet {i % 7}\ndate 2024-01-{i % 28 + 1:02d}\n\n"
            + article_text(f"Town {i}")
        )
    db = tmp_path / "k.db"
    command = [
        str(Path(sys.executable).parent / "newsprism"),
        "--db",
        str(db),
        "ingest",
        "--quiet",
        "--no-update",
        "--workers",
        "1",
        str(corpus),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while stored_count(db) < 200 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    killed_at = stored_count(db)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it was killed"
    assert 0 < killed_at < ARTICLES

    with open_store(db) as store:
        assert store.check_integrity() == []

    rerun = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stdout.decode().strip().splitlines()[-1]
    assert summary == f"{ARTICLES - killed_at} stored, {killed_at} already there, 0 failed"
    with open_store(db) as store:
        assert store.check_integrity() == []
        titles = [a.title for a in store.iter_articles()]
    assert sorted(titles) == sorted(f"Article {i}" for i in range(ARTICLES))
