"""Browser-test fixtures: Debian's Chromium driven by Playwright, a live server on 127.0.0.1.

Chromium comes from the project's own set-up (``scripts/install-browser.sh``, run by
``make test``); if it is missing, the fixture runs that script once. Tests are skipped, with
the reason, only when Chromium still cannot be had.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism.server import ServerConfig, create_app

from ..test_server_corpus import Corpus, shared_corpus

ROOT = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = ROOT / "scripts" / "install-browser.sh"
CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(os.environ.get("NEWSPRISM_TEST_OUTPUT", ROOT / "build" / "test-output")) / "browser"
README_SHOTS = ROOT / "docs" / "screenshots"
# The README's screenshots are tracked files: only `make screenshots` (which sets this) rewrites
# them, so that a test run leaves `git status` clean.
REFRESH_README_SHOTS = os.environ.get("NEWSPRISM_REFRESH_SCREENSHOTS") == "1"


def _chromium_works() -> bool:
    try:
        result = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of a working Chromium; installs it with the project's script if needed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"browser tests need the playwright package ({exc}); `make dev`")
    if _chromium_works():
        return CHROMIUM
    setup = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, timeout=600, check=False
    )
    if _chromium_works():
        return CHROMIUM
    pytest.skip(
        f"Chromium is not installed at {CHROMIUM} and {INSTALL_SCRIPT.name} could not install "
        f"it (exit {setup.returncode}): {(setup.stderr or setup.stdout).strip()[-400:]}"
    )


class LiveServer:
    """The app served by uvicorn in a thread, on a free port of 127.0.0.1.

    A plain class: it owns the server thread.
    """

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.socket.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Corpus]]:
    """A live server, configured as shipped, over its own copy of the sample corpus.

    Briefs come from the library and ingests are followed by the library's story refresh (in
    its worker process, at once: no interval), so tests may ingest and see the new story.
    """
    shared = shared_corpus(tmp_path_factory)
    db = shared.copy_db(tmp_path_factory.mktemp("browser-corpus") / "corpus.db")
    corpus = Corpus(db=db, ids=shared.ids, stories=shared.stories)
    app = create_app(ServerConfig(db=db, refresh_interval=0))
    with LiveServer(app) as server:
        yield server, corpus


@pytest.fixture(scope="session")
def browser_context(chromium: str) -> Iterator[Any]:
    """A headless Chromium with a fresh profile, closed at the end of the session."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="newsprism-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh tab; console errors (a CSP violation, a failed asset) fail the test."""
    tab = browser_context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("dialog", lambda d: problems.append(f"dialog opened: {d.message}"))
    tab.problems = problems
    yield tab
    tab.close()
    assert problems == []


def screenshot(page: Any, name: str, *, for_readme: bool = False) -> Path:
    """Save a full-page screenshot under the test output; the path written.

    A shot ``for_readme`` is also copied to docs/screenshots, but only when
    NEWSPRISM_REFRESH_SCREENSHOTS=1 (``make screenshots``).
    """
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if for_readme and REFRESH_README_SHOTS:
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, README_SHOTS / path.name)
    return path
