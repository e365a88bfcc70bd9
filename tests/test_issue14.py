"""Regression tests for issue 14 ("nothing is lost"): each numbered defect's reproducer."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import pickle
import socketserver
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsprism.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
)
from newsprism.identity import canonical_url, split_url
from newsprism.ingest.batch import IngestOptions, ingest
from newsprism.ingest.fetch import Fetcher, FetchOptions, _blocked_reason, is_url
from newsprism.ingest.reader import read_bytes
from newsprism.pipeline import needs_update, update_stories
from newsprism.store import SQLiteStore

from .conftest import article_text


# -- 1: errors cross process boundaries ------------------------------------------------------
@pytest.mark.parametrize(
    "error",
    [
        InputError("a.txt", "bad"),
        MalformedInputError("b.jsonl", "not valid JSON", line=3),
        HTTPStatusError("http://example.com/", "the server answered HTTP 404", status=404),
    ],
)
def test_input_errors_pickle_with_every_field(error: InputError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert (copy.source, copy.reason, copy.line) == (error.source, error.reason, error.line)
    assert getattr(copy, "status", None) == getattr(error, "status", None)


def test_64_good_files_and_one_bad_in_worker_processes(tmp_path: Path, store: SQLiteStore) -> None:
    for i in range(64):
        (tmp_path / f"{i:03d}.txt").write_text(article_text(f"Vellmar {i}"))
    (tmp_path / "050-empty.txt").write_text("")
    report = ingest([str(tmp_path)], store, IngestOptions(workers=2))
    assert report.stored == 64
    assert [e.source for e in report.errors] == [str(tmp_path / "050-empty.txt")]


# -- 2: inputs that crashed the whole ingest ---------------------------------------------------
_BODY = "Officials in Vellmar said on Tuesday that the plan would go ahead after the vote."

CRASH_INPUTS = {
    "bad-port.jsonl": json.dumps({"text": _BODY, "url": "http://e.example:99999/"}),
    "broken-ipv6.jsonl": json.dumps({"text": _BODY, "url": "http://[::1"}),
    "surrogate.json": '{"text": "' + _BODY + ' \\ud800", "title": "x\\udfff"}',
    "deep.json": '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep-note.txt": "{" * 50_000,
    "huge-int.json": '{"text": "' + _BODY + '", "id": ' + "7" * 5000 + "}",
    "surrogate-feed.rss": (
        '<?xml version="1.0"?><rss><channel><title>T&#xD800;</title><item><title>a&#xDFFF;</title>'
        "<link>http://e.example:99999/a</link><description>"
        + _BODY
        + " &#xD800;</description></item></channel></rss>"
    ),
    "canonical.html": (
        '<html><head><link rel="canonical" href="http://[::1"><title>x</title></head>'
        f"<body><article><p>{_BODY}</p></article></body></html>"
    ),
}


@pytest.mark.parametrize("name", sorted(CRASH_INPUTS))
def test_crash_inputs_cost_only_themselves(name: str, tmp_path: Path, store: SQLiteStore) -> None:
    (tmp_path / name).write_text(CRASH_INPUTS[name], encoding="utf-8")
    (tmp_path / "good.txt").write_text(article_text("Kessing"))
    report = ingest([str(tmp_path)], store, IngestOptions(workers=1))
    assert report.stored >= 1
    assert all(e.source.startswith(str(tmp_path / name)) for e in report.errors)
    for article in store.iter_articles():
        assert "\ud800" not in article.text and "\udfff" not in (article.title or "")


@pytest.mark.parametrize(
    "encoding",
    ["idna", "punycode", "utf-7", "x\x80", "utf-32", "undefined", "uu_codec", "mbcs", "a" * 300],
)
@pytest.mark.parametrize("kind", ["rss", "opml"])
def test_corrupt_xml_encoding_names_are_input_errors(encoding: str, kind: str) -> None:
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>'.encode("latin-1")
    if kind == "rss":
        body = b"<rss><channel><item><title>x</title><description>Fees \xe9 rise"
        body += b"</description></item></channel></rss>"
    else:
        body = b'<opml><body><outline xmlUrl="http://e.example/f"/></body></opml>\xe9'
    with contextlib.suppress(InputError):
        read_bytes(prolog + body, f"in.{kind}")


def test_utf16_opml_with_entities_is_refused() -> None:
    document = (
        '<?xml version="1.0" encoding="UTF-16BE"?><!DOCTYPE opml [<!ENTITY a "b">]>'
        '<opml><body><outline xmlUrl="http://e.example/f"/></body></opml>'
    ).encode("utf-16-be")
    with pytest.raises(MalformedInputError, match="entities"):
        read_bytes(document, "list.opml")


@pytest.mark.parametrize(
    "url", ["http://e.example:99999/", "http://[::1", "http://e.example:-1/", "http://[zz]/"]
)
def test_url_helpers_never_raise(url: str) -> None:
    assert split_url(url) is None
    assert canonical_url(url) == url
    assert not is_url(url)


# -- 3, 4, 5: hostile servers ------------------------------------------------------------------
class _Chunks(httpx.SyncByteStream):
    """A response body streamed in pieces, as from a socket (not read in advance)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces


def _fetcher(answer: Callable[[httpx.Request], httpx.Response], **options: Any) -> Fetcher:
    return Fetcher(
        FetchOptions(**options),
        transport=httpx.MockTransport(answer),
        resolve=lambda host, port: ["93.184.216.34"],
    )


def _double_gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzipped twice, made without holding either layer whole."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    pieces = [outer.compress(inner.compress(block)) for _ in range(size >> 20)]
    pieces.append(outer.compress(inner.flush()))
    pieces.append(outer.flush())
    return b"".join(pieces)


def test_double_gzip_bomb_is_refused_at_the_limit_in_little_memory() -> None:
    bomb = _double_gzip_bomb(1 << 28)  # 256 MiB decoded, 12 times the limit
    assert len(bomb) < 5_000

    def answer(request: httpx.Request) -> httpx.Response:
        pieces = iter([bomb[i : i + 512] for i in range(0, len(bomb), 512)])
        return httpx.Response(
            200, headers={"content-encoding": "gzip, gzip"}, stream=_Chunks(pieces)
        )

    tracemalloc.start()
    try:
        with pytest.raises(InputTooLargeError, match="once decoded"):
            _fetcher(answer, max_bytes=20 * 1024 * 1024).fetch("http://bomb.example/")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 60 * 1024 * 1024


def test_gzip_layers_decode_in_order() -> None:
    body = b"Officials said the plan would go ahead."
    twice = gzip.compress(zlib.compress(body))

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept-encoding"] == "gzip, deflate"
        return httpx.Response(
            200,
            headers={"content-encoding": "deflate, gzip", "content-type": "text/plain"},
            stream=_Chunks(iter([twice[:5], twice[5:]])),
        )

    assert _fetcher(answer).fetch("http://news.example/").body == body


@pytest.mark.parametrize("coding", ["br", "gzip, gzip, gzip, gzip", "compress"])
def test_unknown_or_stacked_codings_are_fetch_errors(coding: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-encoding": coding}, stream=_Chunks(iter([b"x"]))
        )

    with pytest.raises(FetchError, match="encoding"):
        _fetcher(answer).fetch("http://news.example/")


@pytest.mark.parametrize(
    "location", ["javascript:alert(1)", "http:\\\\host/", "http://[::1", "http://e.example:99999/"]
)
def test_a_bad_redirect_is_a_redirect_error(location: str, store: SQLiteStore) -> None:
    fetcher = _fetcher(lambda request: httpx.Response(302, headers={"location": location}))
    report = ingest(["http://news.example/a"], store, fetcher=fetcher)
    (error,) = report.errors
    assert isinstance(error, FetchError) and error.source == "http://news.example/a"
    assert "redirect" in str(error) or "location" in str(error)


@contextlib.contextmanager
def _trickling_server(*, headers_first: bool) -> Iterator[str]:
    """A local HTTP server that sends one byte every 0.2 s, for ever (until the test ends)."""
    stop = threading.Event()

    class Trickle(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            if headers_first:
                self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                payload = b"x"
            else:
                payload = b"H"
            while not stop.wait(0.2):
                try:
                    self.request.sendall(payload)
                except OSError:
                    return

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize("headers_first", [True, False])
def test_the_timeout_bounds_the_whole_fetch(headers_first: bool) -> None:
    with _trickling_server(headers_first=headers_first) as url:
        started = time.monotonic()
        with (
            Fetcher(FetchOptions(timeout=1.0, allow_private=True)) as fetcher,
            pytest.raises(FetchTimeoutError, match="within 1 s"),
        ):
            fetcher.fetch(url)
        assert time.monotonic() - started < 2.0


# -- 6: a local OPML pulls in only feed files beside it ----------------------------------------
def test_local_opml_follows_only_feed_files_in_its_folder(
    tmp_path: Path, fixtures: Path, store: SQLiteStore
) -> None:
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "feed.rss").write_bytes((fixtures / "feed.rss").read_bytes())
    (lists / "notes.txt").write_text(article_text("Ostrava Nova"))
    (tmp_path / "private.txt").write_text(article_text("Harmsby"))
    entries = [
        "feed.rss",
        "notes.txt",
        "../private.txt",
        str(tmp_path / "private.txt"),
        "/etc/os-release",
        "file:///etc/os-release",
        ".",
    ]
    outlines = "".join(f'<outline xmlUrl="{e}"/>' for e in entries)
    (lists / "subs.opml").write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    report = ingest([str(lists / "subs.opml")], store)
    stored = list(store.iter_articles())
    assert stored and all(a.format == "feed" for a in stored)
    assert report.stored == len(stored)
    refused = " ".join(str(e) for e in report.errors)
    for entry in entries[1:6]:
        assert entry in refused


# -- 7: an interrupted update is finished by the next ingest -----------------------------------
def test_ingest_again_finishes_an_interrupted_update(tmp_path: Path, store: SQLiteStore) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(article_text(f"Quenby {i}"))
    first = ingest([str(tmp_path)], store)
    assert needs_update(store, first)
    update_stories(store)
    again = ingest([str(tmp_path)], store)
    assert again.stored == 0 and not needs_update(store, again)
    # An update killed half-way: annotations and story links of one article are gone.
    victim = next(iter(store.iter_articles())).id
    store._db.execute("DELETE FROM annotations WHERE article_id = ?", (victim,))
    assert store.count_unfinished() == 1
    rerun = ingest([str(tmp_path)], store)
    assert rerun.stored == 0 and needs_update(store, rerun)
    update_stories(store)
    assert store.count_unfinished() == 0


# -- 8: concurrent writers ---------------------------------------------------------------------
def test_stores_opened_at_once_on_a_new_file_all_open(tmp_path: Path) -> None:
    for attempt in range(10):
        path = tmp_path / f"new-{attempt}.db"
        start = threading.Barrier(4)
        errors: list[BaseException] = []

        def open_it(
            path: Path = path,
            start: threading.Barrier = start,
            errors: list[BaseException] = errors,
        ) -> None:
            start.wait()
            try:
                SQLiteStore(path).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []


def test_a_write_between_pages_of_iter_articles_is_not_blocked(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    with SQLiteStore(path) as first, SQLiteStore(path) as second:
        for i in range(600):
            (tmp_path / f"{i}.txt").write_text(article_text(f"Brannock {i}"))
        ingest([str(tmp_path)], first, IngestOptions(workers=1))
        first._db.execute("PRAGMA busy_timeout = 200")
        seen = 0
        for _article in first.iter_articles():
            seen += 1
            if seen % 100 == 0:
                # another process writes, then this one writes while still iterating
                second.add_articles([])
                second._db.execute("UPDATE articles SET title = 't' WHERE rowid = 1")
                first._db.execute("BEGIN IMMEDIATE")
                first._db.execute("COMMIT")
        assert seen == 600


# -- read commands never create a database; read-only databases can be read --------------------
NEWSPRISM = str(Path(sys.executable).parent / "newsprism")


@pytest.mark.parametrize("command", [["articles"], ["stories"], ["update"], ["story", "abc"]])
def test_a_read_command_on_a_missing_database_fails_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "missing.db"
    done = subprocess.run(
        [NEWSPRISM, "--db", str(db), *command], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(f"error: no database at {db}")
    assert list(tmp_path.iterdir()) == []


def test_error_lines_are_not_wrapped_when_piped(tmp_path: Path) -> None:
    db = tmp_path / ("a-rather-long-folder-name-" * 4) / "missing.db"
    db.parent.mkdir()
    done = subprocess.run(
        [NEWSPRISM, "--db", str(db), "articles"], capture_output=True, text=True, timeout=60
    )
    assert len(done.stderr.strip().splitlines()) == 1 and len(done.stderr) > 120


# -- 10: the smaller ones ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2002:c0a8:101::1",
        "::127.0.0.1",
        "::10.0.0.1",
        "224.0.0.1",
        "ff02::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
    ],
)
def test_addresses_reaching_private_ipv4_or_multicast_are_refused(
    address: str, store: SQLiteStore
) -> None:
    fetcher = Fetcher(FetchOptions(), resolve=lambda host, port: [address])
    with pytest.raises(BlockedAddressError):
        fetcher.fetch("http://tricky.example/")


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "93.184.216.34"])
def test_public_addresses_through_nat64_or_6to4_are_allowed(address: str) -> None:
    assert _blocked_reason(address) is None


def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(
    tmp_path: Path, store: SQLiteStore
) -> None:
    (tmp_path / "a.txt").write_text(article_text("Pellworm"))
    os.mkfifo(tmp_path / "pipe.txt")
    started = time.monotonic()
    report = ingest([str(tmp_path)], store)
    assert report.stored == 1 and time.monotonic() - started < 10
    direct = ingest([str(tmp_path / "pipe.txt")], store)
    (error,) = direct.errors
    assert "not a regular file" in str(error)


def test_a_paragraph_with_50k_attributes_is_read_quickly() -> None:
    attributes = " ".join(f'a{i}="v"' for i in range(50_000))
    page = f"<html><body><article><p {attributes}>{_BODY}</p><p>{_BODY}</p></article></body></html>"
    started = time.monotonic()
    with contextlib.suppress(InputError):
        read_bytes(page.encode(), "attrs.html")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be"])
def test_entity_bombs_are_refused_in_every_encoding(encoding: str) -> None:
    bomb = (
        f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item>'
        "<description>&b;&b;&b;</description></item></channel></rss>"
    )
    with pytest.raises(MalformedInputError, match="entities"):
        read_bytes(bomb.encode(encoding), "bomb.rss")


def test_a_worker_killed_from_outside_costs_no_file(tmp_path: Path, store: SQLiteStore) -> None:
    import multiprocessing
    import signal

    # Enough files that the pool is still reading when a worker is killed, on a fast machine.
    for i in range(4000):
        (tmp_path / f"{i:04d}.txt").write_text(article_text(f"Wendmark {i}"))
    before = {p.pid for p in multiprocessing.active_children()}
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers = [p for p in multiprocessing.active_children() if p.pid not in before]
            if workers:
                time.sleep(0.05)
                os.kill(workers[0].pid, signal.SIGKILL)
                killed.append(workers[0].pid)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    report = ingest([str(tmp_path)], store, IngestOptions(workers=2))
    killer.join()
    assert killed, "no worker was seen"
    assert report.stored == 4000 and report.errors == ()


# -- found by fuzzing --------------------------------------------------------------------------
def test_a_canonical_ipv6_url_parses_again() -> None:
    assert canonical_url("HTTP://[::1]:8080/a/") == "http://[::1]:8080/a"
    assert split_url(canonical_url("http://[::]")) is not None


def test_adding_the_same_batch_twice_names_the_same_articles(store: SQLiteStore) -> None:
    from newsprism.articles import build_article
    from newsprism.model import ArticleDraft

    text = article_text("Orlen Vale")
    drafts = [
        ArticleDraft(source="a", text=text, format="text"),
        # (the URL article has the smaller id: a lookup by text alone would find it first)
        ArticleDraft(source="b", text=text, format="text", url="https://news.example/vale"),
    ]
    articles = [build_article(d) for d in drafts]
    first = [o.article_id for o in store.add_articles(articles)]
    again = store.add_articles(articles)
    assert [o.article_id for o in again] == first and not any(o.stored for o in again)


def test_a_slow_dns_answer_counts_against_the_timeout() -> None:
    def slow_resolve(host: str, port: int) -> list[str]:
        time.sleep(3)
        return ["93.184.216.34"]

    fetcher = Fetcher(FetchOptions(timeout=0.5), resolve=slow_resolve)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        fetcher.fetch("http://slow-dns.example/")
    assert time.monotonic() - started < 1.5


def test_a_signal_inside_the_import_machinery_is_sent_again_from_ordinary_code() -> None:
    import signal
    import types

    from newsprism.cli.main import _interrupt, _received

    got: list[int] = []
    previous = signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
    try:
        in_import = types.SimpleNamespace(
            f_code=types.SimpleNamespace(co_filename="<frozen importlib._bootstrap>")
        )
        _interrupt(signal.SIGUSR1, in_import)  # no KeyboardInterrupt raised in there
        deadline = time.monotonic() + 2
        while not got and time.monotonic() < deadline:
            time.sleep(0.01)
        assert got == [signal.SIGUSR1]
        ordinary = types.SimpleNamespace(f_code=types.SimpleNamespace(co_filename=__file__))
        with pytest.raises(KeyboardInterrupt):
            _interrupt(signal.SIGUSR1, ordinary)
    finally:
        signal.signal(signal.SIGUSR1, previous)
        _received.clear()
