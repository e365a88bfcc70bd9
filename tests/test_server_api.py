"""The REST API and the pages' JSON twins, through FastAPI's in-process client."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from newsprism.brief import brief_to_dict
from newsprism.export import csv_cell
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.model import Story
from newsprism.server import ServerConfig, create_app
from newsprism.server.article_page import Highlight, Piece, marked_text
from newsprism.store import SQLiteStore, open_store
from newsprism.stories import refresh_stories, split_story, story_brief

from .conftest import article_text
from .test_server_corpus import (
    BUDGET,
    FIRE,
    PLANTED,
    SCHEMA,
    STRIKE,
    Corpus,
    CountingBriefs,
    corpus_fixture,  # noqa: F401 (the `corpus` fixture)
    local_client,
)


@pytest.fixture(scope="module")
def client(corpus: Corpus) -> Iterator[TestClient]:
    """A client of a server over the shared corpus (no writes), building briefs as it ships."""
    with local_client(create_app(ServerConfig(db=corpus.db))) as test_client:
        yield test_client


@pytest.fixture
def own_db(corpus: Corpus, tmp_path: Path) -> str:
    """A private copy of the corpus database, for tests that write."""
    return corpus.copy_db(tmp_path / "own.db")


def writer_client(db: str, **config: Any) -> TestClient:
    """A client of a server over ``db`` with these ServerConfig fields.

    Stories are not refreshed after an ingest unless a test asks (``refresh_on_ingest``): a
    refresh is a worker process loading spaCy, seconds that only the tests of it should pay.
    """
    config.setdefault("refresh_on_ingest", False)
    return local_client(create_app(ServerConfig(db=db, **config)))


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
def test_story_list_newest_first_with_outlets_and_chart_data(
    client: TestClient, corpus: Corpus
) -> None:
    data = client.get("/api/stories").json()
    assert data["total"] == 3 and data["next"] is None and data["previous"] is None
    last_seen = [s["last_seen"] for s in data["stories"]]
    assert last_seen == sorted(last_seen, reverse=True)
    strike = data["stories"][0]
    assert strike["id"] == corpus.stories[STRIKE]
    assert strike["coverage"] == {
        "articles": 5,
        "outlets": 5,
        "independent_reports": 3,
        "reprints": 2,
    }
    assert "Meridian Wire" in strike["outlets"]
    assert sum(day["articles"] for day in strike["articles_per_day"]) == 5


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("q=depot", [STRIKE, FIRE]),  # full text: the picket is outside a bus depot
        ("q=fertilizer", [FIRE]),
        ("q=COUNCIL+riverside", [BUDGET]),
        ("q=nothing-like-this", []),
        ("outlet=meridian+wire", [STRIKE]),
        ("since=2023-11-19", [STRIKE]),
        ("until=2023-11-14", [BUDGET]),
        ("since=2023-11-15&until=2023-11-20", [FIRE]),
        ("min_outlets=5", [STRIKE, FIRE]),  # the budget story has an article of no outlet
        ("q=&outlet=&since=&until=&min_outlets=", [STRIKE, FIRE, BUDGET]),
    ],
)
def test_story_search_and_filters(
    client: TestClient, corpus: Corpus, query: str, names: list[str]
) -> None:
    data = client.get(f"/api/stories?{query}").json()
    assert [s["id"] for s in data["stories"]] == [corpus.stories[name] for name in names]


def test_story_search_finds_words_of_the_text_and_entity_names(
    client: TestClient, corpus: Corpus
) -> None:
    # The mayor is named in the articles' text, never in a headline.
    found = client.get("/api/stories", params={"q": "Okafor"}).json()
    assert [s["id"] for s in found["stories"]] == [corpus.stories[BUDGET]]
    prefix = client.get("/api/stories", params={"q": "okaf"}).json()
    assert [s["id"] for s in prefix["stories"]] == [corpus.stories[BUDGET]]
    # Words that are FTS5 syntax are searched as words, never run as queries.
    assert client.get("/api/stories", params={"q": 'NEAR( "x AND'}).status_code == 200


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
def test_story_brief_is_the_librarys_brief(client: TestClient, corpus: Corpus) -> None:
    response = client.get(f"/api/stories/{corpus.richest}")
    assert response.status_code == 200
    brief = response.json()
    jsonschema.validate(brief, SCHEMA)
    with open_store(corpus.db) as store:
        assert brief == brief_to_dict(story_brief(store, corpus.richest))
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
    briefs = CountingBriefs()
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
    briefs = CountingBriefs()
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
        assert len(again.json()["articles"]) == len(first.json()["articles"]) - 1


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
    figure = [h for h in data["highlights"] if h["kind"] == "discrepancy" and h["detail"]]
    assert any(h["detail"] == "$4.7 million" and "$4.7 million" in h["text"] for h in figure)
    paraphrase = PLANTED["quote"]["paraphrase"]["text"]
    assert any(h["kind"] == "quote" and paraphrase in h["text"] for h in data["highlights"])
    assert client.get(f"/articles/{article_id}.json").json() == data
    assert client.get(f"/api/articles/{article_id[:8]}").json() == data


def test_every_passage_link_of_the_story_page_reaches_its_highlight(
    client: TestClient,
    corpus: Corpus,
) -> None:
    page = client.get(f"/stories/{corpus.richest}").text
    links = set(re.findall(r'href="/articles/([0-9a-f]+)#([\w-]+)"', page))
    assert {anchor.split("-")[0] for _, anchor in links} == {"claim", "quote", "disc"}
    pages: dict[str, str] = {}
    for article_id, anchor in links:
        if article_id not in pages:
            pages[article_id] = client.get(f"/articles/{article_id}").text
        assert f'id="{anchor}"' in pages[article_id], (article_id, anchor)
    assert 'data-status="contradicts"' in page and 'data-status="silent"' in page


def test_article_marks_nest_and_crossing_passages_are_cut_once() -> None:
    """Hand-made highlights (a unit test of the rendering edge cases, not of a brief)."""
    text = "The council approved $4.7 million on Monday, said the mayor."
    at = text.index

    def highlight(kind: Any, anchor: str, start: int, end: int, detail: str = "") -> Highlight:
        return Highlight(anchor, kind, "label", detail, start, end, text[start:end], "x")

    sentence = highlight("claim", "claim-c1-0", 0, len(text))
    same = highlight("discrepancy", "disc-d1-1-0", 0, len(text), "$4.7 million")
    crossing = highlight("quote", "quote-q1-0", at("Monday"), len(text))
    inner = highlight("claim", "claim-c2-0", at("approved"), at(" on Monday"))
    late = highlight("quote", "quote-q2-0", at("said"), len(text))
    early = highlight("claim", "claim-c3-0", at("council"), at("said") + 4)
    pieces = marked_text(text, [sentence, same, crossing, inner, late, early])

    def flat(items: list[Piece]) -> str:
        return "".join(p.text if p.highlight is None else flat(p.children) for p in items)

    assert flat(pieces) == text
    (outer,) = pieces
    assert outer.anchor == "claim-c1-0" and outer.children[0].anchor == "disc-d1-1-0"

    def walk(items: list[Piece]) -> Iterator[Piece]:
        for piece in items:
            yield piece
            yield from walk(piece.children)

    marks = [p for p in walk(pieces) if p.highlight is not None]
    anchors = [p.anchor for p in marks if p.anchor]
    assert sorted(anchors) == sorted(
        h.anchor for h in [sentence, same, crossing, inner, late, early]
    )
    value = [p for p in marks if p.value]
    assert len(value) == 1 and text[value[0].start : value[0].end] == "$4.7 million"
    continued = [p for p in marks if p.continued]
    # Both quotes start inside claim c3 and end after it: each is cut once, at its end.
    assert [p.highlight.anchor for p in continued if p.highlight] == ["quote-q1-0", "quote-q2-0"]


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


def test_export_what_the_briefs_found(client: TestClient) -> None:
    articles = client.get("/api/export").text.splitlines()
    stories = {json.loads(line)["story"] for line in articles}
    for what in ("entities", "quotes", "claims", "discrepancies"):
        response = client.get("/api/export", params={"what": what})
        assert response.status_code == 200, what
        assert f"newsprism-{what}.jsonl" in response.headers["content-disposition"]
        rows = [json.loads(line) for line in response.text.splitlines()]
        assert rows and all(r["story"] in stories for r in rows), what
    claims = client.get("/api/export", params={"what": "claims", "format": "csv"})
    assert "independent_reports" in claims.text.splitlines()[0]
    assert_error(client.get("/api/export?what=people"), 422)


def test_csv_cells_never_start_a_formula() -> None:
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("+1+1") == "'+1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-cmd") == "'-cmd"
    assert csv_cell("-4.5") == "-4.5" and csv_cell("- a list") == "'- a list"
    assert csv_cell("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert csv_cell(" =1+1") == "' =1+1" and csv_cell("\n=1") == "'\n=1"
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
    with writer_client(own_db) as client:
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
    with writer_client(own_db) as client:
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
        ServerConfig(db=own_db, refresh_on_ingest=False), fetcher_factory=lambda: _fetcher(pages)
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
    with writer_client(own_db) as client:
        response = client.post("/api/articles", json={"url": "http://127.0.0.1:9/admin"})
        assert "loopback" in assert_error(response, 422, "blocked_address")["message"]


def test_concurrent_posts_all_go_through_the_one_writer(
    own_db: str,
    corpus: Corpus,
) -> None:
    threads_seen: set[str] = set()

    def refresher(store: SQLiteStore) -> None:
        threads_seen.add(threading.current_thread().name)

    app = create_app(ServerConfig(db=own_db), refresher=refresher)
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
        refresher=lambda store: calls.append(threading.current_thread().name),
    )
    with local_client(app) as client:
        for n in range(5):
            body = {"text": article_text(f"Refreshton{n}")}
            assert client.post("/api/articles", json=body).status_code == 201
        assert client.post("/api/articles", json=body).status_code == 200  # nothing new
    assert calls == ["newsprism-writer-0"]  # the first at once; the rest wait (cancelled)


def test_new_story_made_by_another_process_is_served(own_db: str, corpus: Corpus) -> None:
    moved = corpus.ids["feeds/lakeshore-post.rss#3"]
    with writer_client(own_db) as client:
        assert client.get(f"/api/articles/{moved}").json()["story"] == corpus.stories[STRIKE]
        with open_store(own_db) as store:  # as `newsprism split` would, in another process
            split_story(store, corpus.stories[STRIKE], [moved], now="2023-12-01T00:00:00Z")
            refresh_stories(store)
            new_story = store.story_of(moved)
        assert new_story not in corpus.stories.values()
        assert client.get("/api/stories").json()["total"] == 4
        brief = client.get(f"/api/stories/{new_story}").json()
        jsonschema.validate(brief, SCHEMA)
        assert [a["id"] for a in brief["articles"]] == [moved]
        assert client.get(f"/api/articles/{moved}").json()["story"] == new_story
        strike = client.get(f"/api/stories/{corpus.stories[STRIKE]}").json()
        assert moved not in {a["id"] for a in strike["articles"]}


def test_ingest_refreshes_stories_in_the_worker_process(own_db: str, corpus: Corpus) -> None:
    """The default refresh: the library's update_stories, staged aside, written by the writer."""
    original = corpus.ids[PLANTED["reprints"][0]["original"]]
    with writer_client(own_db, refresh_on_ingest=True) as client:
        wire = client.get(f"/api/articles/{original}").json()
        body = {
            "text": wire["text"],
            "outlet": "Coastline Gazette",
            "title": "Port Alden drivers walk out",
            "url": "https://coastline-gazette.example/port-alden-strike",
            "published": "2023-11-22",
        }
        posted = client.post("/api/articles", json=body)
        assert posted.status_code == 201, posted.text
        copy = posted.json()["articles"][0]["id"]
        deadline = time.monotonic() + 120
        while client.get("/api/health").json()["refresh"]["runs"] == 0:
            assert time.monotonic() < deadline, "no story refresh within two minutes"
            time.sleep(0.2)
        refresh = client.get("/api/health").json()["refresh"]
        assert refresh["failures"] == 0 and refresh["last_articles"] == 16, refresh
        article = client.get(f"/api/articles/{copy}").json()
        assert article["story"] == corpus.stories[STRIKE]
        strike = client.get(f"/api/stories/{corpus.stories[STRIKE]}").json()
        assert strike["coverage"]["reprints"] == 3
        assert {a["id"]: a["reprint_of"] for a in strike["articles"]}[copy] == original


def test_only_a_conflicting_claim_has_contradicting_cells() -> None:
    """The matrix reads the brief's statuses: a corroborated claim one of whose passages also
    gives a disputed detail shows no red cell (the detail is in the discrepancies)."""
    from newsprism.server.story_page import claim_matrix, status_counts

    def passage(article: str) -> dict[str, Any]:
        return {"article": article, "text": "Four men were arrested.", "start": 0, "end": 23}

    def brief(status: str) -> dict[str, Any]:
        return {
            "articles": [
                {"id": a, "outlet": o} for a, o in (("a", "Harbor Daily"), ("b", "Valley Post"))
            ],
            "claims": [
                {
                    "id": "c1",
                    "text": "Four men were arrested.",
                    "status": status,
                    "support": [passage("a")],
                }
            ],
            "discrepancies": [
                {
                    "id": "d1",
                    "kind": "date",
                    "about": "day of the arrests",
                    "values": [
                        {"value": "Friday", "articles": ["a"], "evidence": [passage("a")]},
                        {"value": "Thursday", "articles": ["b"], "evidence": [passage("b")]},
                    ],
                }
            ],
        }

    for status, red in (("corroborated", 0), ("conflicting", 1)):
        rows = claim_matrix(brief(status))
        cells = [c.status for row in rows for c in row.cells]
        assert cells.count("contradicts") == red, status
        assert status_counts(rows)["conflicting"] == red
