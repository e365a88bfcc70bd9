"""Ingesting batches: every bad input named, the rest stored, re-runs change nothing."""

from __future__ import annotations

import json
import resource
import shutil
from pathlib import Path

import httpx
import pytest

from newsprism.errors import (
    BinaryInputError,
    BlockedAddressError,
    EmptyInputError,
    EncodingError,
    FetchTimeoutError,
    HTTPStatusError,
    InputTooLargeError,
    MalformedInputError,
    RedirectError,
)
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.pipeline import IngestOptions, ingest
from newsprism.store import SQLiteStore

from .conftest import article_text

PUBLIC_IP = "93.184.215.14"  # a public address; the resolver below pins every host to it


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def fake_fetcher(
    routes: dict[str, httpx.Response | Exception], options: FetchOptions | None = None
) -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        answer = routes.get(str(request.url))
        if answer is None:
            return httpx.Response(404, text="not here")
        if isinstance(answer, Exception):
            raise answer
        return answer

    return Fetcher(
        options or FetchOptions(),
        transport=httpx.MockTransport(handler),
        resolve=lambda host, port: [PUBLIC_IP],
    )


def test_folder_is_read_recursively_in_every_format(
    tmp_path: Path, store: SQLiteStore, fixtures: Path
) -> None:
    write(tmp_path, "a.txt", "title One\noutlet Out A\n\n" + article_text("Riverton"))
    write(tmp_path, "nested/deeper/b.txt", article_text("Lakeside"))
    write(tmp_path, "dump.jsonl", json.dumps({"title": "J", "text": article_text("Marsh")}))
    shutil.copy(fixtures / "article.html", tmp_path / "nested" / "page.html")
    shutil.copy(fixtures / "feed.rss", tmp_path / "feed.rss")
    write(tmp_path, ".hidden/skip.txt", article_text("Hidden"))
    report = ingest([str(tmp_path)], store)
    assert report.errors == ()
    assert report.stored == 6 == store.count_articles()
    formats = sorted(a.format for a in store.iter_articles())
    assert formats == ["feed", "feed", "html", "record", "text", "text"]


def test_rerun_changes_nothing(tmp_path: Path, store: SQLiteStore, fixtures: Path) -> None:
    write(tmp_path, "a.txt", article_text("Riverton"))
    shutil.copy(fixtures / "feed.rss", tmp_path / "feed.rss")
    first = ingest([str(tmp_path)], store)
    before = [(a.id, a.ingested_at, a.text) for a in store.iter_articles()]
    second = ingest([str(tmp_path)], store)
    assert (first.stored, first.already) == (3, 0)
    assert (second.stored, second.already) == (0, 3)
    assert [(a.id, a.ingested_at, a.text) for a in store.iter_articles()] == before


def test_every_bad_input_is_named_and_the_batch_goes_on(tmp_path: Path, store: SQLiteStore) -> None:
    good = write(tmp_path, "good.txt", article_text("Riverton"))
    ingest([str(good)], store)  # already stored before the bad batch
    bad = {
        "empty.txt": (b"", EmptyInputError),
        "scan.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 100, BinaryInputError),
        "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", BinaryInputError),
        "big.txt": (b"word " * 400, InputTooLargeError),
        "mangled.txt": (bytes([0x41, 0x42, 0x81, 0x8D, 0x8F, 0x90, 0x9D] * 50), EncodingError),
        "broken.json": (b'{"title": "x", "text": ', MalformedInputError),
        "nothing.html": (
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            MalformedInputError,
        ),
    }
    for name, (content, _) in bad.items():
        write(tmp_path, f"bad/{name}", content)
    write(tmp_path, "bad/fine.txt", article_text("Lakeside"))
    options = IngestOptions(max_bytes=1500)
    report = ingest([str(tmp_path / "bad"), str(tmp_path / "missing.txt")], store, options)
    by_source = {Path(e.source).name: e for e in report.errors}
    for name, (_, kind) in bad.items():
        assert isinstance(by_source[name], kind), (name, by_source.get(name))
        assert name in str(by_source[name])
    assert "no such file" in str(by_source["missing.txt"])
    assert report.stored == 1 and report.failed == len(bad) + 1
    assert store.count_articles() == 2  # the earlier article is still there
    assert store.check_integrity() == []


def test_malformed_jsonl_line_is_reported_by_number(tmp_path: Path, store: SQLiteStore) -> None:
    lines = [json.dumps({"text": article_text("A")}), "{not json", json.dumps({"text": "B."})]
    path = write(tmp_path, "dump.jsonl", "\n".join(lines))
    report = ingest([str(path)], store)
    assert report.stored == 2
    (error,) = report.errors
    assert error.line == 2 and f"{path}:2" in str(error)


def test_billion_laughs_feed_is_refused_without_eating_memory(
    tmp_path: Path, store: SQLiteStore
) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
        for i in range(10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        '<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title>'
        "<description>&lol9;</description></item></channel></rss>"
    )
    path = write(tmp_path, "bomb.rss", bomb)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = ingest([str(path)], store)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    (error,) = report.errors
    assert isinstance(error, MalformedInputError) and "entit" in str(error)
    assert grown_kib < 200_000
    assert store.count_articles() == 0


def test_external_entity_opml_is_refused(tmp_path: Path, store: SQLiteStore) -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<opml version="2.0"><body><outline xmlUrl="&x;"/></body></opml>'
    )
    report = ingest([str(write(tmp_path, "x.opml", xxe))], store)
    assert isinstance(report.errors[0], MalformedInputError)


def test_malformed_feed_is_named(tmp_path: Path, store: SQLiteStore) -> None:
    path = write(
        tmp_path,
        "broken.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel>' "<title>x</title><item><title>unclosed",
    )
    report = ingest([str(path)], store)
    assert isinstance(report.errors[0], MalformedInputError)
    assert "broken.rss" in str(report.errors[0])


def test_opml_follows_its_feeds(fixtures: Path, store: SQLiteStore) -> None:
    report = ingest([str(fixtures / "subscriptions.opml")], store)
    assert report.errors == ()
    assert report.stored == 3


def test_stdin(monkeypatch: pytest.MonkeyPatch, store: SQLiteStore) -> None:
    import io
    import sys

    monkeypatch.setattr(
        sys,
        "stdin",
        io.TextIOWrapper(io.BytesIO(("outlet Piped\n\n" + article_text("Stdin")).encode())),
    )
    report = ingest(["-"], store)
    assert report.stored == 1
    (article,) = store.iter_articles()
    assert article.outlet == "Piped" and article.source == "<stdin>"


# -- URLs -------------------------------------------------------------------------------------
def test_url_page_is_fetched_and_stored(fixtures: Path, store: SQLiteStore) -> None:
    url = "https://lakesideledger.example/news/bridge-reopens"
    fetcher = fake_fetcher(
        {
            url: httpx.Response(
                200,
                content=(fixtures / "article.html").read_bytes(),
                headers={"content-type": "text/html; charset=utf-8"},
            )
        }
    )
    report = ingest([url], store, fetcher=fetcher)
    assert report.errors == () and report.stored == 1
    (article,) = store.iter_articles()
    assert article.url == url and article.outlet == "Lakeside Ledger"


def test_feed_url_with_full_pages(fixtures: Path, store: SQLiteStore) -> None:
    feed_url = "https://lakesideledger.example/feed.rss"
    page = (
        (fixtures / "article.html")
        .read_text()
        .replace("Elm Street bridge", "lake ferry full story")
    )
    fetcher = fake_fetcher(
        {
            feed_url: httpx.Response(
                200,
                content=(fixtures / "feed.rss").read_bytes(),
                headers={"content-type": "application/rss+xml"},
            ),
            "https://lakesideledger.example/news/ferry-fares": httpx.Response(
                200, text=page, headers={"content-type": "text/html"}
            ),
            # the second item's page answers 500: the item keeps its summary and the error is told
            "https://lakesideledger.example/news/library-hours": httpx.Response(500),
        }
    )
    options = IngestOptions(fetch_full_pages=True)
    report = ingest([feed_url], store, options, fetcher=fetcher)
    assert report.stored == 2
    assert isinstance(report.errors[0], HTTPStatusError)
    texts = {a.url: a for a in store.iter_articles()}
    ferry = texts["https://lakesideledger.example/news/ferry-fares"]
    assert "lake ferry full story" in ferry.text
    assert ferry.outlet == "Lakeside Ledger" and ferry.published is not None
    assert texts["https://lakesideledger.example/news/library-hours"].text.startswith(
        "The central library"
    )


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (httpx.Response(404), HTTPStatusError),
        (httpx.ReadTimeout("slow"), FetchTimeoutError),
        (httpx.Response(302, headers={"location": "https://news.example/a"}), RedirectError),
    ],
)
def test_url_failures_are_named(
    answer: httpx.Response | Exception, kind: type, store: SQLiteStore
) -> None:
    url = "https://news.example/a"
    report = ingest([url], store, fetcher=fake_fetcher({url: answer}))
    assert isinstance(report.errors[0], kind)
    assert url in str(report.errors[0])


def test_private_addresses_are_refused_unless_allowed(store: SQLiteStore) -> None:
    inputs = ["http://127.0.0.1:9/", "http://localhost:9/x", "http://[::1]/", "ftp://example.com/a"]
    report = ingest(inputs, store)
    errors = {e.source: e for e in report.errors}
    for url in inputs[:3]:
        assert isinstance(errors[url], BlockedAddressError), errors[url]
        assert "--allow-private" in str(errors[url])
    assert "http" in str(errors["ftp://example.com/a"])
