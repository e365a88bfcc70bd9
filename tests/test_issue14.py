"""Regression tests for issue 14 ("nothing is lost"): each numbered defect's reproducer."""

from __future__ import annotations

import contextlib
import json
import pickle
from pathlib import Path

import pytest

from newsprism.errors import (
    HTTPStatusError,
    InputError,
    MalformedInputError,
)
from newsprism.identity import canonical_url, split_url
from newsprism.ingest.batch import IngestOptions, ingest
from newsprism.ingest.fetch import is_url
from newsprism.ingest.reader import read_bytes
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
