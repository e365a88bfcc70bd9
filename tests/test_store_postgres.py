"""The PostgreSQL store's own behaviour: schema versions, clear errors, writers in several
processes at once, search that answers as SQLite's, fingerprints for the server.

The shared behaviour (round trips, stories, feeds, incremental tables, the CLI) is tested on
both backends by the suites that use the ``store`` and ``new_db`` fixtures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.annotate.records import ArticleAnnotations, EntityMention
from newsprism.articles import build_article
from newsprism.cli import cli
from newsprism.errors import NotFoundError, SchemaVersionError, StoreError
from newsprism.model import Article, ArticleDraft, Coverage, Story
from newsprism.store import (
    FingerprintReader,
    Store,
    StoryFilters,
    backend_errors,
    open_fingerprint_reader,
    open_store,
)

from .conftest import article_text
from .postgres_server import PostgresServer

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed")
from newsprism.store.postgres import PostgresStore  # noqa: E402
from newsprism.store.postgres_schema import SCHEMA_VERSION  # noqa: E402

SRC = str(Path(__file__).parent.parent / "src")
ENV = {"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"}


def newsprism(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-c", "from newsprism.cli.main import main; main()", *args],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def dsn(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


def _article(text: str, title: str, url: str | None = None) -> Article:
    draft = ArticleDraft(source="t.txt", format="text", text=text, title=title, url=url)
    return build_article(draft, ingested_at="2024-01-01T00:00:00+00:00")


def test_a_new_database_gets_the_schema_and_a_newer_one_is_refused(dsn: str) -> None:
    with open_store(dsn) as store:
        assert isinstance(store, PostgresStore)
        assert store.schema_version == SCHEMA_VERSION
    with open_store(dsn) as again:  # opening it again migrates nothing
        assert again.count_articles() == 0
    with psycopg.connect(dsn, autocommit=True) as raw:
        raw.execute("UPDATE schema_version SET version = version + 1")
    with pytest.raises(SchemaVersionError, match="upgrade newsprism"):
        open_store(dsn)


def test_postgres_urls_select_the_backend_and_a_read_needs_a_newsprism_database(
    dsn: str,
) -> None:
    with pytest.raises(StoreError, match="no newsprism database at postgresql://"):
        open_store(dsn, create=False)
    done = newsprism("--db", dsn.replace("postgresql://", "postgres://"), "stories")
    assert done.returncode == 1 and done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("error: no newsprism database at postgresql://")
    open_store(dsn).close()
    listed = CliRunner().invoke(cli, ["--db", dsn, "stories", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.output) == []


def test_an_unreachable_server_is_one_clear_line_without_the_password(tmp_path: Path) -> None:
    url = "postgresql://someone:hunter2@127.0.0.1:9/nowhere?connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect") as raised:
        open_store(url)
    assert "hunter2" not in str(raised.value)
    done = newsprism("--db", url, "stories")
    assert done.returncode == 1 and done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("error: postgresql://someone@") and "hunter2" not in done.stderr
    reader = open_fingerprint_reader(url)
    try:
        assert reader.fingerprint("abc") is None
    finally:
        reader.close()


def test_without_psycopg_a_postgres_url_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from newsprism.store import open_store, backend_errors\n"
        "import sqlite3; assert backend_errors() == (sqlite3.Error,)\n"
        "try:\n    open_store('postgresql://x@127.0.0.1/db')\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.startswith("StoreError ") and "newsprism[postgres]" in done.stdout


def test_the_driver_errors_include_psycopgs_once_it_is_loaded(dsn: str) -> None:
    open_store(dsn).close()
    assert psycopg.Error in backend_errors()


_WRITER = """
import sys
from newsprism.articles import build_article
from newsprism.model import ArticleDraft
from newsprism.store import open_store

dsn, me = sys.argv[1], int(sys.argv[2])
def article(n, url):
    text = f"Crews in district {n} repaired the water main on Tuesday night, officials said."
    return build_article(ArticleDraft(source=f"{me}-{n}.txt", format="text", text=text, url=url),
                         ingested_at="2024-01-01T00:00:00+00:00")
shared = [article(n, f"https://shared.example/{n}") for n in range(30)]
own = [article(1000 * (me + 1) + n, f"https://own{me}.example/{n}") for n in range(10)]
with open_store(dsn) as store:
    for start in range(0, 30, 5):  # small batches, so that the writers take turns
        store.add_articles(shared[start:start + 5] + own[start // 3:start // 3 + 2])
    print(sum(o.stored for o in store.add_articles(shared + own)))
"""


def test_writers_in_several_processes_neither_lose_nor_duplicate_articles(dsn: str) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, dsn, str(me)],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in range(4)
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "0"  # the last pass finds every article already there
    with open_store(dsn) as store:
        assert store.count_articles() == 30 + 4 * 10
        urls = [a.url for a in store.iter_articles()]
        assert len(set(urls)) == len(urls)
        assert store.check_integrity() == []


def _searchable(store: Store) -> dict[str, str]:
    """Three one-article stories to search, by a name of our own."""
    depot = _article(
        "The Velmora tram depot will close for a week while crews replace the overhead wires.",
        "Tram depot to close",
    )
    cafe = _article(
        "The Café Brûlée on Quay Street reopened after the flood; its owner thanked volunteers.",
        "Riverside café reopens",
    )
    irish = _article(
        "Councillor O'Brien said the e-mail vote on the harbour_fees plan would wait until June.",
        "Harbour fees vote delayed",
    )
    store.add_articles([depot, cafe, irish])
    stories = [
        Story(f"{n:016x}", a.title, (a.id,), None, None, Coverage(1, 1, 1, 0))
        for n, a in enumerate([depot, cafe, irish], start=1)
    ]
    store.replace_stories(stories, [])
    mention = EntityMention(
        text="Brandt", name="Isolde Varkonyi-Brandt", type="person", start=0, end=6
    )
    store.save_annotations([ArticleAnnotations(depot.id, "h", "test", entities=(mention,))])
    return {"depot": stories[0].id, "cafe": stories[1].id, "irish": stories[2].id}


QUERIES = [
    "velmora",  # a word of the text
    "TRAM",  # any case
    "overh",  # the start of a word
    "cafe",  # without its diacritics
    "brulee reopened",  # two words, each somewhere in the story
    "Isolde",  # a name only the annotations give
    "Varkonyi-Brandt",  # a hyphenated name, as a phrase
    "O'Brien",  # punctuation inside the word
    "e-mail",
    "harbour_fees",  # the underscore separates words
    "elmora",  # not the start of a word: no match in the text
    'NEAR( "x AND* -y',  # never search syntax
    "depot street",  # no story has both
    "ose",  # matches a title through LIKE (a part of "close")
]


def test_search_answers_as_on_sqlite(dsn: str, tmp_path: Path) -> None:
    answers = []
    for location in (str(tmp_path / "s.db"), dsn):
        with open_store(location) as store:
            names = {story_id: name for name, story_id in _searchable(store).items()}
            answers.append(
                {
                    query: sorted(
                        names[s.id] for s in store.search_stories(StoryFilters(q=query)).stories
                    )
                    for query in QUERIES
                }
            )
    on_sqlite, on_postgres = answers
    assert on_postgres == on_sqlite
    assert on_sqlite["cafe"] == ["cafe"] and on_sqlite["Isolde"] == ["depot"]
    assert on_sqlite["O'Brien"] == ["irish"] and on_sqlite["depot street"] == []


def _next_fingerprint(reader: FingerprintReader, story_id: str, old: str) -> str:
    """The story's next fingerprint digest, once the reader has heard of the change (the
    database's notification arrives just after the writer's commit)."""
    deadline = time.monotonic() + 10
    while True:
        seen = reader.fingerprint(story_id)
        assert seen is not None
        if seen.digest != old or time.monotonic() > deadline:
            return seen.digest
        time.sleep(0.01)


def test_the_fingerprint_reader_keeps_fingerprints_until_a_story_changes(dsn: str) -> None:
    with open_store(dsn) as store:
        names = _searchable(store)
        reader = open_fingerprint_reader(dsn)
        try:
            before = reader.fingerprint(names["cafe"])
            assert before is not None and before == store.story_fingerprint(names["cafe"])
            assert reader.fingerprint(names["cafe"]) == before  # kept
            store.add_articles([_article("A new article about the ferry.", "Ferry")])
            assert reader.fingerprint(names["cafe"]) == before  # no story changed
            cafe = store.get_story(names["cafe"]).article_ids[0]
            store.save_annotations([ArticleAnnotations(cafe, "h2", "test")])
            annotated = _next_fingerprint(reader, names["cafe"], before.digest)
            assert annotated == store.story_fingerprint(names["cafe"]).digest != before.digest
            depot = store.get_story(names["depot"])
            depot_before = reader.fingerprint(depot.id)
            assert depot_before is not None
            store.replace_stories([replace(depot, article_ids=(*depot.article_ids, cafe))], [])
            merged = _next_fingerprint(reader, depot.id, depot_before.digest)
            assert merged == store.story_fingerprint(depot.id).digest != depot_before.digest
            with pytest.raises(NotFoundError):
                reader.fingerprint(names["cafe"])  # gone with the replaced stories
            with pytest.raises(NotFoundError):
                reader.fingerprint("ffffff")
        finally:
            reader.close()


def test_the_whole_cli_flow_runs_on_postgres(dsn: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("title Vote\n\n" + article_text("Riverton"))
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", dsn, "ingest", "-q", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["--db", dsn, "ingest", "-q", str(tmp_path)]).exit_code == 0
    (story,) = json.loads(runner.invoke(cli, ["--db", dsn, "stories", "--json"]).output)
    brief = runner.invoke(cli, ["--db", dsn, "brief", story["id"][:8], "--format", "json"])
    assert brief.exit_code == 0 and json.loads(brief.output)["story"]["id"] == story["id"]
