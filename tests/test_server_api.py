"""The REST API and the pages' JSON twins, through FastAPI's in-process client."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from newsprism.export import csv_cell
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.model import Coverage, Story
from newsprism.server import ServerConfig, create_app
from newsprism.store import SQLiteStore, open_store

from .conftest import article_text
from .test_server_corpus import (
    SCHEMA,
    Corpus,
    CorpusBriefs,
    corpus_fixture,  # noqa: F401 (the `corpus` fixture)
    local_client,
)


@pytest.fixture(scope="module")
def reader(corpus: Corpus) -> Iterator[tuple[TestClient, CorpusBriefs]]:
    """A client of a server over the shared corpus (no writes)."""
    briefs = CorpusBriefs(corpus)
    with local_client(create_app(ServerConfig(db=corpus.db), brief_builder=briefs)) as client:
        yield client, briefs


@pytest.fixture
def client(reader: tuple[TestClient, CorpusBriefs]) -> TestClient:
    return reader[0]


@pytest.fixture
def own_db(corpus: Corpus, tmp_path: Path) -> str:
    """A private copy of the corpus database, for tests that write."""
    target = tmp_path / "own.db"
    shutil.copy(corpus.db, target)
    return str(target)


def writer_client(db: str, corpus: Corpus, **config: Any) -> TestClient:
    """A client of a server over ``db`` with these ServerConfig fields.

    Stories are not regrouped after an ingest unless a test asks (``refresh_on_ingest``), so
    the fixture briefs keep matching the stored stories.
    """
    config.setdefault("refresh_on_ingest", False)
    app = create_app(ServerConfig(db=db, **config), brief_builder=CorpusBriefs(corpus))
    return local_client(app)


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """The error body, after checking it has the one error shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) - {"detail"} == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# -- story list ------------------------------------------------------------------------------
def test_story_list_newest_first_with_outlets_and_chart_data(client: TestClient) -> None:
    data = client.get("/api/stories").json()
    assert data["total"] == 3 and data["next"] is None and data["previous"] is None
    last_seen = [s["last_seen"] for s in data["stories"]]
    assert last_seen == sorted(last_seen, reverse=True)
    strike = data["stories"][0]
    assert strike["title"].startswith("Port Alden")
    assert strike["coverage"] == {
        "articles": 5,
        "outlets": 5,
        "independent_reports": 3,
        "reprints": 2,
    }
    assert "Meridian Wire" in strike["outlets"]
    assert sum(day["articles"] for day in strike["articles_per_day"]) == 5


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("q=depot", ["Fire at Calloway"]),
        ("q=COUNCIL+riverside", ["Riverton council"]),
        ("q=nothing-like-this", []),
        ("outlet=meridian+wire", ["Port Alden"]),
        ("since=2023-11-19", ["Port Alden"]),
        ("until=2023-11-14", ["Riverton council"]),
        ("since=2023-11-15&until=2023-11-20", ["Fire at Calloway"]),
        ("min_outlets=5", ["Port Alden", "Fire at Calloway"]),
        ("q=&outlet=&since=&until=&min_outlets=", ["Port Alden", "Fire at", "Riverton"]),
    ],
)
def test_story_search_and_filters(client: TestClient, query: str, titles: list[str]) -> None:
    data = client.get(f"/api/stories?{query}").json()
    assert len(data["stories"]) == len(titles)
    for story, start in zip(data["stories"], titles, strict=True):
        assert story["title"].startswith(start)


def test_story_list_pages(client: TestClient) -> None:
    first = client.get("/api/stories?limit=2").json()
    assert len(first["stories"]) == 2 and first["total"] == 3
    second = client.get(first["next"]).json()
    assert len(second["stories"]) == 1 and second["next"] is None
    assert client.get(second["previous"]).json()["stories"] == first["stories"]


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "offset=-1", "since=yesterday", "min_outlets=0", "q=" + "x" * 201],
)
def test_bad_list_parameters_get_the_error_shape(client: TestClient, query: str) -> None:
    error = assert_error(client.get(f"/api/stories?{query}"), 422, "invalid_request")
    assert error["detail"] and error["detail"][0]["field"].startswith("query.")


# -- one story -------------------------------------------------------------------------------
def test_story_brief_follows_the_contract(client: TestClient, corpus: Corpus) -> None:
    response = client.get(f"/api/stories/{corpus.richest}")
    assert response.status_code == 200
    brief = response.json()
    jsonschema.validate(brief, SCHEMA)
    assert brief == corpus.briefs[corpus.richest]
    assert response.content == json.dumps(brief, sort_keys=True, ensure_ascii=False).encode()


def test_story_by_prefix_and_json_twins_are_the_same(
    client: TestClient,
    corpus: Corpus,
) -> None:
    api = client.get(f"/api/stories/{corpus.richest}").content
    assert client.get(f"/api/stories/{corpus.richest[:6]}").content == api
    assert client.get(f"/stories/{corpus.richest}.json").content == api
    assert client.get(f"/stories/{corpus.richest}?format=json").content == api
    negotiated = client.get(f"/stories/{corpus.richest}", headers={"Accept": "application/json"})
    assert negotiated.content == api
    page = client.get(f"/stories/{corpus.richest}")
    assert page.headers["content-type"].startswith("text/html")
    assert f'href="/stories/{corpus.richest}.json"' in page.text
    assert client.get("/stories.json").json() == client.get("/api/stories").json()


def test_cached_answers_are_the_views_answers(own_db: str, corpus: Corpus) -> None:
    briefs = CorpusBriefs(corpus)
    with local_client(create_app(ServerConfig(db=own_db), brief_builder=briefs)) as client:
        built = client.get(f"/api/stories/{corpus.richest}")  # the view builds it
        cached = client.get(f"/api/stories/{corpus.richest}")  # the shortcut answers
        assert briefs.calls == 1
        assert cached.content == built.content
        for header in ("content-type", "etag", "content-security-policy", "content-length"):
            assert cached.headers[header] == built.headers[header]
        stats = client.get("/api/health").json()["cache"]
        assert stats == {"entries": 1, "hits": 1, "misses": 1}


def test_brief_is_cached_until_the_story_changes(own_db: str, corpus: Corpus) -> None:
    briefs = CorpusBriefs(corpus)
    app = create_app(ServerConfig(db=own_db), brief_builder=briefs)
    with local_client(app) as client:
        first = client.get(f"/api/stories/{corpus.richest}")
        etag = first.headers["etag"]
        for _ in range(5):
            assert client.get(f"/api/stories/{corpus.richest}").status_code == 200
        assert briefs.calls == 1
        assert (
            client.get(
                f"/api/stories/{corpus.richest}", headers={"If-None-Match": etag}
            ).status_code
            == 304
        )
        with open_store(own_db) as store:  # a story loses an article: its brief is rebuilt
            stories = [
                s
                if s.id != corpus.richest
                else Story(s.id, s.title, s.article_ids[:-1], s.first_seen, s.last_seen, s.coverage)
                for s in store.list_stories()
            ]
            store.replace_stories(stories, list(store.load_reprints().values()))
        again = client.get(f"/api/stories/{corpus.richest}")
        assert again.status_code == 200 and again.headers["etag"] != etag
        assert briefs.calls == 2


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/0000000000000000",
        "/api/stories/not-hex",
        "/api/stories/..%2F..%2Fetc",
        "/stories/ffffffff.json",
        "/api/articles/zz",
        "/api/articles/0123456789abcdef",
        "/api/nothing",
        "/api/articles/" + "a" * 65,
        "/articles/" + "a" * 65 + ".json",
    ],
)
def test_unknown_ids_and_paths_are_404_in_the_error_shape(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "not_found")


def test_briefs_unavailable_until_the_library_builds_them(
    own_db: str,
    monkeypatch: pytest.MonkeyPatch,
    corpus: Corpus,
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "newsprism.stories", None)
    with local_client(create_app(ServerConfig(db=own_db))) as client:
        assert_error(client.get(f"/api/stories/{corpus.richest}"), 503, "brief_unavailable")
        article_id = corpus.ids["text/harbor-daily-riverside-budget.txt"]
        article = client.get(f"/api/articles/{article_id}")
        assert article.status_code == 200 and article.json()["highlights"] == []


# -- articles --------------------------------------------------------------------------------
def test_article_has_its_story_and_highlights_at_real_offsets(
    client: TestClient,
    corpus: Corpus,
) -> None:
    article_id = corpus.ids["html/valley-courier-riverside-vote.html"]
    data = client.get(f"/api/articles/{article_id}").json()
    assert data["id"] == article_id and data["story"] == corpus.richest
    assert data["outlet"] == "Valley Courier"
    kinds = {h["kind"] for h in data["highlights"]}
    assert kinds == {"claim", "quote", "discrepancy"}
    for highlight in data["highlights"]:
        assert data["text"][highlight["start"] : highlight["end"]] == highlight["text"]
    assert any(h["text"] == "$4.7 million" for h in data["highlights"])
    assert client.get(f"/articles/{article_id}.json").json() == data
    assert client.get(f"/api/articles/{article_id[:8]}").json() == data


def test_every_passage_link_of_the_story_page_reaches_its_highlight(
    client: TestClient,
    corpus: Corpus,
) -> None:
    page = client.get(f"/stories/{corpus.richest}").text
    links = set(re.findall(r'href="/articles/([0-9a-f]+)#([\w-]+)"', page))
    assert len(links) > 10
    pages: dict[str, str] = {}
    for article_id, anchor in links:
        if article_id not in pages:
            pages[article_id] = client.get(f"/articles/{article_id}").text
        assert f'id="{anchor}"' in pages[article_id], (article_id, anchor)
    assert 'data-status="contradicts"' in page and 'data-status="silent"' in page


# -- export ----------------------------------------------------------------------------------
def test_export_jsonl_streams_every_article_with_its_story(
    client: TestClient,
    corpus: Corpus,
) -> None:
    response = client.get("/api/export?format=jsonl")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in response.headers["content-disposition"]
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert len(rows) == 15
    assert [r["id"] for r in rows] == sorted(corpus.ids.values())
    assert all(r["story"] for r in rows)
    assert sum(1 for r in rows if r["reprint_of"]) == 2


def test_export_csv(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 15 and all(r["text"] for r in rows)
    assert_error(client.get("/api/export?format=parquet"), 422)


def test_csv_cells_never_start_a_formula() -> None:
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("+1+1") == "'+1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-cmd") == "'-cmd"
    assert csv_cell("-4.5") == "-4.5" and csv_cell("- a list") == "- a list"
    assert csv_cell(None) == "" and csv_cell("plain") == "plain"


# -- ingest ----------------------------------------------------------------------------------
def test_post_article_json_then_again(own_db: str, corpus: Corpus) -> None:
    body = {
        "text": article_text("Lowfield"),
        "title": "Lowfield votes",
        "outlet": "Test Post",
        "url": "https://test-post.example/lowfield",
        "published": "2023-12-01",
    }
    with writer_client(own_db, corpus) as client:
        first = client.post("/api/articles", json=body)
        assert first.status_code == 201, first.text
        assert first.json()["stored"] == 1
        article_id = first.json()["articles"][0]["id"]
        again = client.post("/api/articles", json=body)
        assert again.status_code == 200 and again.json()["already"] == 1
        stored = client.get(f"/api/articles/{article_id}").json()
        assert stored["title"] == "Lowfield votes" and stored["published"] == "2023-12-01"
        assert stored["story"] is None and stored["highlights"] == []
        assert client.get("/api/health").json()["articles"] == 16


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_request"),
        ({"text": "   "}, "invalid_request"),
        ({"url": "ftp://files.example/a"}, "invalid_request"),
        ({"text": "x", "surprise": 1}, "invalid_request"),
        ({"text": 5}, "invalid_request"),
    ],
)
def test_post_article_rejects_bad_bodies(
    own_db: str,
    corpus: Corpus,
    body: dict,
    code: str,
) -> None:
    with writer_client(own_db, corpus) as client:
        assert_error(client.post("/api/articles", json=body), 422, code)
        response = client.post(
            "/api/articles", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert_error(response, 422)


def _fetcher(pages: dict[str, tuple[int, str, str]]) -> Fetcher:
    def answer(request: httpx.Request) -> httpx.Response:
        status, kind, text = pages.get(str(request.url), (404, "text/plain", "gone"))
        return httpx.Response(status, headers={"content-type": kind}, text=text)

    return Fetcher(
        FetchOptions(),
        transport=httpx.MockTransport(answer),
        resolve=lambda host, port: ["93.184.215.14"],
    )


def test_post_url_fetches_through_the_safe_fetcher(own_db: str, corpus: Corpus) -> None:
    page = (
        "<html><head><title>Ferry fares rise</title></head><body><article><h1>Ferry "
        f"fares rise</h1><p>{article_text('Port Alden')}</p></article></body></html>"
    )
    pages = {"https://news.example/ferry": (200, "text/html; charset=utf-8", page)}
    app = create_app(
        ServerConfig(db=own_db),
        brief_builder=CorpusBriefs(corpus),
        fetcher_factory=lambda: _fetcher(pages),
    )
    with local_client(app) as client:
        stored = client.post("/api/articles", json={"url": "https://news.example/ferry"})
        assert stored.status_code == 201, stored.text
        article_id = stored.json()["articles"][0]["id"]
        assert client.get(f"/api/articles/{article_id}").json()["url"] == (
            "https://news.example/ferry"
        )
        missing = client.post("/api/articles", json={"url": "https://news.example/missing"})
        assert "404" in assert_error(missing, 502, "fetch_failed")["message"]


def test_post_url_to_a_private_address_is_refused(own_db: str, corpus: Corpus) -> None:
    with writer_client(own_db, corpus) as client:
        response = client.post("/api/articles", json={"url": "http://127.0.0.1:9/admin"})
        assert "loopback" in assert_error(response, 422, "blocked_address")["message"]


def test_concurrent_posts_all_go_through_the_one_writer(
    own_db: str,
    corpus: Corpus,
) -> None:
    threads_seen: set[str] = set()

    def refresher(store: SQLiteStore) -> None:
        threads_seen.add(threading.current_thread().name)

    app = create_app(
        ServerConfig(db=own_db), brief_builder=CorpusBriefs(corpus), refresher=refresher
    )
    statuses: list[int] = []
    with local_client(app) as client:

        def post(n: int) -> None:
            body = {"text": article_text(f"Town{n:03d}"), "url": f"https://t.example/{n}"}
            statuses.append(client.post("/api/articles", json=body).status_code)

        workers = [threading.Thread(target=post, args=(n,)) for n in range(24)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert statuses == [201] * 24
        assert client.get("/api/health").json()["articles"] == 15 + 24
    assert threads_seen == {"newsprism-writer-0"}


def test_story_refreshes_are_spaced_and_run_on_the_writer(
    own_db: str,
    corpus: Corpus,
) -> None:
    calls: list[str] = []
    app = create_app(
        ServerConfig(db=own_db, refresh_interval=600),
        brief_builder=CorpusBriefs(corpus),
        refresher=lambda store: calls.append(threading.current_thread().name),
    )
    with local_client(app) as client:
        for n in range(5):
            body = {"text": article_text(f"Refreshton{n}")}
            assert client.post("/api/articles", json=body).status_code == 201
        assert client.post("/api/articles", json=body).status_code == 200  # nothing new
    assert calls == ["newsprism-writer-0"]  # the first at once; the rest wait (cancelled)


def test_new_story_made_by_another_process_is_served(own_db: str, corpus: Corpus) -> None:
    with writer_client(own_db, corpus) as client:
        posted = client.post("/api/articles", json={"text": article_text("Eastfold")}).json()
        article_id = posted["articles"][0]["id"]
        with open_store(own_db) as store:
            extra = Story(
                "abcdef0123456789", "Eastfold", (article_id,), None, None, Coverage(1, 0, 1, 0)
            )
            stories = [*store.list_stories(), extra]
            store.replace_stories(stories, list(store.load_reprints().values()))
        assert client.get("/api/stories").json()["total"] == 4
        brief = client.get("/api/stories/abcdef0123456789").json()
        jsonschema.validate(brief, SCHEMA)
        assert client.get(f"/api/articles/{article_id}").json()["story"] == "abcdef0123456789"
