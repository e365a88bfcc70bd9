"""Issue 15, ingest leftovers, run through the real ``newsprism`` script where a user meets them.

Symbolic links met while walking a folder are skipped with one line each (a link named on the
command line is read); a web server's directory listing is refused by its URL; a stray line
on standard input is refused as too short, like the same line in a file.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.errors import EmptyInputError, UnsupportedInputError
from newsprism.ingest.batch import ingest
from newsprism.ingest.html import is_directory_listing
from newsprism.ingest.reader import read_bytes
from newsprism.store import SQLiteStore

from .conftest import article_text

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("newsprism")

needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason=f"no newsprism script at {SCRIPT}")


def run(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``newsprism --db DB ARGS...`` as a user runs it, its output captured."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [str(SCRIPT), "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


# 1. Symbolic links inside a folder


@pytest.fixture
def linked_folder(tmp_path: Path) -> Path:
    """A folder with one article, a link to a file outside it and a link to a folder outside."""
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "secret.txt").write_text(article_text("Quillmouth"))
    (outside / "more" / "other.txt").write_text(article_text("Brackenford"))
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(article_text("Tessaly Cove"))
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-folder").symlink_to(outside / "more", target_is_directory=True)
    return folder


@needs_script
def test_symlinks_in_a_folder_are_skipped_one_line_each(
    linked_folder: Path, tmp_path: Path
) -> None:
    result = run(tmp_path / "n.db", "ingest", "--quiet", "--no-update", str(linked_folder))
    lines = error_lines(result)
    assert len(lines) == 2, result.stderr
    assert any(str(linked_folder / "link.txt") in line for line in lines)
    assert any(str(linked_folder / "linked-folder") in line for line in lines)
    assert all("symbolic link" in line and "not followed" in line for line in lines)
    assert result.stdout.strip().startswith("1 stored")


@needs_script
def test_a_symlink_named_on_the_command_line_is_read(linked_folder: Path, tmp_path: Path) -> None:
    result = run(
        tmp_path / "n.db", "ingest", "--quiet", "--no-update", str(linked_folder / "link.txt")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("1 stored")


def test_ingest_never_stores_what_a_folder_link_points_to(
    linked_folder: Path, store: SQLiteStore
) -> None:
    report = ingest([str(linked_folder)], store)
    assert report.stored == 1 and report.failed == 2
    assert all(isinstance(e, UnsupportedInputError) for e in report.errors)


# 2. Directory listings


_APACHE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html><head><title>Index of /files</title></head><body>
<h1>Index of /files</h1>
<table>
<tr><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th>
<th><a href="?C=S;O=A">Size</a></th><th><a href="?C=D;O=A">Description</a></th></tr>
<tr><th colspan="4"><hr></th></tr>
<tr><td><a href="/">Parent Directory</a></td><td>&nbsp;</td><td>-</td><td>&nbsp;</td></tr>
<tr><td><a href="harbour-notes.txt">harbour-notes.txt</a></td><td>2026-11-02 10:14</td>
<td>4.1K</td><td>Notes from the harbour board meeting about the new ferry timetable</td></tr>
<tr><td><a href="minutes.html">minutes.html</a></td><td>2026-11-03 08:40</td><td>12K</td>
<td>&nbsp;</td></tr>
<tr><th colspan="4"><hr></th></tr>
</table>
<address>Apache/2.4.58 (Unix) Server at files.example Port 80</address>
</body></html>
"""

_NGINX = """<html>
<head><title>Index of /archive/</title></head>
<body>
<h1>Index of /archive/</h1><hr><pre><a href="../">../</a>
<a href="2026/">2026/</a>                                              01-Dec-2026 09:12       -
<a href="ferry-report.txt">ferry-report.txt</a>                    30-Nov-2026 17:03    5512
<a href="council.html">council.html</a>                            29-Nov-2026 11:48   20480
</pre><hr></body>
</html>
"""

_ARTICLE_TITLED_INDEX = """<html><head><title>Index of /rivers: a reader's guide</title></head>
<body><article><h1>Index of /rivers: a reader's guide</h1>
<p>The river authority of Tessaly Cove published a new index of its waterways on Monday,
listing every stream and canal that the town maintains.</p>
<p>Officials said the list would help residents report flooding faster, and that a
<a href="https://example.invalid/map">map</a> would follow in the spring.</p>
<p>Residents welcomed the guide, though several said the canal names were confusing.</p>
</article></body></html>
"""


@pytest.mark.parametrize("page", [_APACHE, _NGINX], ids=["apache", "nginx"])
def test_directory_listings_are_recognised_and_refused(page: str) -> None:
    assert is_directory_listing(page)
    with pytest.raises(UnsupportedInputError, match="directory listing"):
        read_bytes(page.encode(), "http://files.example/", content_type="text/html")


def test_an_article_with_a_listing_like_title_is_still_read() -> None:
    assert not is_directory_listing(_ARTICLE_TITLED_INDEX)
    (draft,) = read_bytes(_ARTICLE_TITLED_INDEX.encode(), "guide.html").drafts
    assert "river authority" in draft.text


@pytest.fixture
def listing_server(tmp_path: Path) -> Iterator[str]:
    """Python's own http.server listing a folder of files on 127.0.0.1: its base URL."""
    served = tmp_path / "served"
    served.mkdir()
    for name in ("ferry.txt", "harbour.txt", "council.txt"):
        (served / name).write_text(article_text(name.split(".")[0].title()))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@needs_script
def test_a_fetched_directory_listing_is_one_error_line_naming_the_url(
    listing_server: str, tmp_path: Path
) -> None:
    result = run(
        tmp_path / "n.db", "ingest", "--quiet", "--no-update", "--allow-private", listing_server
    )
    assert result.returncode == 1
    (line,) = error_lines(result)
    assert listing_server in line and "directory listing" in line
    assert result.stdout.strip().startswith("0 stored")


# 3. Too-short input, from a file or from standard input


@needs_script
def test_a_stray_line_on_stdin_is_refused_naming_stdin(tmp_path: Path) -> None:
    result = run(tmp_path / "n.db", "ingest", "--quiet", "--no-update", "-", stdin="hi\n")
    assert result.returncode == 1
    (line,) = error_lines(result)
    assert "<stdin>" in line and "too short" in line


@needs_script
def test_a_real_article_on_stdin_is_stored(tmp_path: Path) -> None:
    text = "title Ferry timetable changes\n\n" + article_text("Tessaly Cove") + "\n"
    result = run(tmp_path / "n.db", "ingest", "--quiet", "--no-update", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("1 stored")


def test_the_same_stray_line_in_a_file_is_refused_too() -> None:
    with pytest.raises(EmptyInputError, match="too short"):
        read_bytes(b"hi\n", "note.txt")
    with pytest.raises(EmptyInputError, match="too short"):
        read_bytes(b"title Harbour\n\nFerry late.\n", "note.txt")


def test_a_short_article_in_a_script_without_spaces_is_kept() -> None:
    # An invented one-line notice in Chinese: one run between spaces, several words.
    text = "渡轮停航。"
    (draft,) = read_bytes(text.encode(), "short-zh.txt").drafts
    assert draft.text == text
