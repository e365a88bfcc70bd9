"""Property-based fuzzing (hypothesis) of every reader, the URL canonicaliser and the store.

The property for a reader: whatever the bytes, it gives drafts (each of which builds into an
article, or is refused with an InputError) or raises an InputError whose message is one line
naming the input; never another exception, never a hang. Runs are derandomized (the same
cases every time). ``make test`` runs a small budget; ``make fuzz`` sets
NEWSPRISM_FUZZ_EXAMPLES=10000 for each reader family.
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.articles import build_article
from newsprism.errors import InputError
from newsprism.identity import canonical_url, is_web_url, split_url
from newsprism.ingest.batch import _build_file
from newsprism.ingest.reader import read_bytes
from newsprism.ingest.tabular import FieldMap
from newsprism.store import open_store

EXAMPLES = int(os.environ.get("NEWSPRISM_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SOURCE = "fuzzed-input"

# Text that news inputs and attackers use: words, markup characters, controls, astral
# characters and (where the format can carry them) lone surrogates.
_ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))
words = st.text(_ANY_CHAR, max_size=40)
plain_words = st.text(string.ascii_letters + " .,", min_size=1, max_size=60)
tricky_urls = st.one_of(
    st.just("http://e.example:99999/"),
    st.just("http://[::1"),
    st.just("http://[zz]/"),
    st.just("javascript:alert(1)"),
    st.just("http:\\\\host/"),
    st.builds(lambda host, path: f"https://{host}/{path}", words, words),
    words,
)
_HUGE = "__huge_integer__"  # becomes a 5,000-digit integer literal in the JSON text
numbers = st.one_of(st.integers(), st.floats(allow_nan=True), st.just(_HUGE))


def _check_error(error: InputError) -> None:
    assert isinstance(error, InputError)
    message = str(error)
    assert "\n" not in message and "\r" not in message
    assert error.source.startswith(SOURCE) or SOURCE in message


def _read_and_build(data: bytes, name: str = SOURCE, **kwargs: Any) -> None:
    """The reader property: drafts that build or refuse cleanly, or one clean InputError."""
    try:
        result = read_bytes(data, name, **kwargs)
    except InputError as error:
        _check_error(error)
        return
    for error in result.errors:
        _check_error(error)
    for draft in result.drafts:
        try:
            article = build_article(draft)
        except InputError as error:
            _check_error(error)
            continue
        article.text.encode("utf-8")  # storable: no lone surrogates left
        if article.url:
            canonical_url(article.url).encode("utf-8")


def _mutations(base: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Documents of a family as generated, cut short, with bytes flipped, or spliced."""

    def mutate(data: bytes, position: int, junk: bytes, kind: int) -> bytes:
        at = position % (len(data) + 1)
        if kind == 0:
            return data[:at]
        if kind == 1:
            return data[:at] + junk + data[at + len(junk) :]
        return data[:at] + junk + data[at:]

    return st.one_of(
        base,
        st.builds(mutate, base, st.integers(0, 1 << 16), st.binary(max_size=16), st.integers(0, 2)),
    )


# -- documents of each family -----------------------------------------------------------------
def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 3))):
        title = _xml_text(draw(words))
        link = _xml_text(draw(tricky_urls))
        body = draw(st.one_of(words, st.just("&#xD800; &#0; &#x110000; &bogus;")))
        items.append(
            f"<item><title>{title}</title><link>{link}</link>"
            f"<description>{_xml_text(body)} {draw(plain_words)}</description>"
            f"<pubDate>{_xml_text(draw(words))}</pubDate></item>"
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "x-bogus", "idna", "utf-7"]))
    document = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>{_xml_text(draw(words))}</title>{''.join(items)}</channel></rss>"
    )
    codec = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-be", "utf-32"]))
    return document.encode(codec, "surrogatepass")


@st.composite
def atom_feeds(draw: st.DrawFn) -> bytes:
    entries = "".join(
        f"<entry><title>{_xml_text(draw(words))}</title>"
        f'<link href="{_xml_text(draw(tricky_urls))}"/>'
        f'<content type="html">{_xml_text(draw(words))} {draw(plain_words)}</content></entry>'
        for _ in range(draw(st.integers(0, 3)))
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


@st.composite
def opml_lists(draw: st.DrawFn) -> bytes:
    outlines = "".join(
        f'<outline text="x" xmlUrl="{_xml_text(draw(st.one_of(tricky_urls, words)))}"/>'
        for _ in range(draw(st.integers(0, 4)))
    )
    doctype = draw(st.sampled_from(["", "<!DOCTYPE opml>", '<!DOCTYPE opml [<!ENTITY a "b">]>']))
    document = f'<?xml version="1.0"?>{doctype}<opml version="2.0"><body>{outlines}</body></opml>'
    return document.encode(draw(st.sampled_from(["utf-8", "utf-16-be", "utf-16"])))


def _record(draw: st.DrawFn) -> dict[str, Any]:
    keys = ["text", "title", "url", "published", "outlet", "byline", "language", "body", "link"]
    values = st.one_of(words, tricky_urls, numbers, st.none(), st.booleans(), st.lists(words))
    record = {key: draw(values) for key in draw(st.lists(st.sampled_from(keys), max_size=6))}
    if draw(st.booleans()):
        record["text"] = draw(plain_words) + draw(words)
    return record


def _dumps(value: Any) -> str:
    return json.dumps(value, default=str).replace(f'"{_HUGE}"', "9" * 5000)


@st.composite
def json_lines(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            lines.append(_dumps(_record(draw)))
        elif kind == 1:
            lines.append('{"text": "\\ud800 ' + draw(plain_words) + '"}')
        elif kind == 2:
            depth = draw(st.integers(1, 3000))
            lines.append('{"text": ' + "[" * depth + "]" * depth + "}")
        elif kind == 3:
            lines.append('{"text": "x", "n": ' + "9" * draw(st.integers(1, 6000)) + "}")
        else:
            lines.append(draw(words))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def json_documents(draw: st.DrawFn) -> bytes:
    records = [_record(draw) for _ in range(draw(st.integers(0, 3)))]
    shape = draw(st.integers(0, 2))
    document: Any = (
        records
        if shape == 0
        else {"articles": records}
        if shape == 1
        else (records[0] if records else {})
    )
    return _dumps(document).encode()


@st.composite
def csv_documents(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(["title", "text", "url", "date", "outlet"]), min_size=2))
    rows = [",".join(header)]
    for _ in range(draw(st.integers(0, 4))):
        cells = [draw(st.one_of(words, tricky_urls)) for _ in header]
        rows.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    return "\n".join(rows).encode("utf-8", "surrogatepass")


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    attributes = " ".join(f'a{i}="v"' for i in range(draw(st.integers(0, 3000))))
    canonical = _xml_text(draw(tricky_urls))
    paragraphs = "".join(
        f"<p {attributes if i == 0 else ''}>{_xml_text(draw(words))} {draw(plain_words)}</p>"
        for i in range(draw(st.integers(0, 4)))
    )
    charset = draw(st.sampled_from(["utf-8", "latin-1", "bogus", "utf-16", "idna"]))
    page = (
        f'<html><head><meta charset="{charset}"><link rel="canonical" href="{canonical}">'
        f"<title>{_xml_text(draw(words))}</title></head><body><article>{paragraphs}"
        "</article></body></html>"
    )
    return page.encode("utf-8", "surrogatepass")


@st.composite
def plain_texts(draw: st.DrawFn) -> bytes:
    header = "".join(
        f"{draw(st.sampled_from(['title', 'url', 'date', 'outlet', 'lang']))} {draw(words)}\n"
        for _ in range(draw(st.integers(0, 4)))
    )
    body = draw(st.one_of(words, plain_words, st.just("{" * 3000)))
    codec = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-16-le"]))
    return (header + "\n" + body).encode(codec, "replace")


FAMILIES = {
    "feed": (feeds(), "feed.rss"),
    "atom": (atom_feeds(), "feed.atom"),
    "opml": (opml_lists(), "subs.opml"),
    "jsonl": (json_lines(), "records.jsonl"),
    "json": (json_documents(), "records.json"),
    "csv": (csv_documents(), "records.csv"),
    "html": (html_pages(), "page.html"),
    "text": (plain_texts(), "note.txt"),
    "bytes": (st.binary(max_size=4096), "unknown"),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_reader_gives_articles_or_one_line_input_errors(family: str) -> None:
    strategy, name = FAMILIES[family]

    @FUZZ
    @given(_mutations(strategy))
    def check(data: bytes) -> None:
        _read_and_build(data, f"{SOURCE}/{name}")

    check()


@pytest.mark.parametrize("family", ["jsonl", "feed", "html"])
def test_a_fuzzed_file_never_costs_a_good_one(family: str, tmp_path: Path) -> None:
    strategy, name = FAMILIES[family]
    good = tmp_path / "good.txt"
    good.write_text("Officials in Tarrow said on Monday that the new bridge would open in May.")
    bad = tmp_path / name

    @settings(FUZZ, max_examples=max(EXAMPLES // 10, 10))
    @given(_mutations(strategy))
    def check(data: bytes) -> None:
        bad.write_bytes(data)
        built = _build_file(str(bad), 1 << 20, FieldMap())
        for error in built.errors:
            assert "\n" not in str(error) and str(bad) in str(error)
        assert len(_build_file(str(good), 1 << 20, FieldMap()).articles) == 1

    check()


# -- URLs and the store -----------------------------------------------------------------------
url_texts = st.one_of(
    tricky_urls,
    st.builds(
        lambda scheme, host, port, path, query: f"{scheme}://{host}{port}/{path}?{query}",
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.one_of(words, st.just("[::1]"), st.just("[::1"), st.just("Example.COM")),
        st.one_of(st.just(""), st.builds(lambda n: f":{n}", st.integers(-5, 10**6))),
        words,
        st.one_of(words, st.just("utm_source=x&a=1&fbclid=2")),
    ),
)


@FUZZ
@given(url_texts)
def test_the_url_parser_and_canonicaliser_never_raise(url: str) -> None:
    parts = split_url(url)
    canonical = canonical_url(url)
    assert isinstance(canonical, str)
    if parts is None:
        assert canonical == url.strip() and not is_web_url(url)
    elif is_web_url(url):
        assert split_url(canonical) is not None
        assert canonical_url(canonical) == canonical_url(canonical_url(canonical))


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(st.lists(json_lines(), min_size=1, max_size=3))
def test_the_store_keeps_every_built_article_once(documents: list[bytes]) -> None:
    import tempfile

    articles = []
    for number, data in enumerate(documents):
        try:
            result = read_bytes(data, f"{SOURCE}-{number}.jsonl")
        except InputError:
            continue
        for draft in result.drafts:
            try:
                articles.append(build_article(draft))
            except InputError:
                continue
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "f.db") as store:
        first = store.add_articles(articles)
        again = store.add_articles(articles)
        assert all(not outcome.stored for outcome in again)
        assert [o.article_id for o in again] == [o.article_id for o in first]
        stored_ids = {a.id for a in store.iter_articles()}
        assert stored_ids == {o.article_id for o in first}
        assert store.check_integrity() == []
        for article_id in stored_ids:
            assert store.get_article(article_id).text
