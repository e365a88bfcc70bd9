"""Server security: CSP and headers everywhere, escaping of hostile text, limits, tokens, binds."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.articles import build_article
from newsprism.errors import ConfigError
from newsprism.model import ArticleDraft, Coverage, Story
from newsprism.server import ServerConfig, check_bind, create_app
from newsprism.server.security import CONTENT_SECURITY_POLICY, is_loopback
from newsprism.store import SQLiteStore, open_store

from .conftest import article_text
from .test_server_api import assert_error
from .test_server_corpus import (
    Corpus,
    corpus_fixture,  # noqa: F401 (the `corpus` fixture)
    local_client,
)

HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
TOKEN = "s3cret-token-for-tests-only"


@pytest.fixture
def own_db(corpus: Corpus, tmp_path: Path) -> str:
    """A private copy of the corpus database, for tests that write."""
    return corpus.copy_db(tmp_path / "own.db")


def quiet_config(db: str, **fields: Any) -> ServerConfig:
    """A server configuration without story refreshes after ingests (tests of them are apart)."""
    return ServerConfig(db=db, refresh_on_ingest=False, **fields)


@pytest.fixture
def client(own_db: str) -> Iterator[TestClient]:
    app = create_app(quiet_config(own_db, max_body_bytes=4096))
    with local_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def minimal_brief(story_id: str, title: str | None, article_ids: list[str]) -> dict[str, Any]:
    """A brief with only the story and its articles, for tests of rendering edge cases.

    Hand-made on purpose: the hostile-values test puts markup into every field a page shows
    (ids, names, roles, values), which no brief the library builds would contain.
    """
    return {
        "schema": "newsprism.brief/1",
        "story": {"id": story_id, "title": title, "first_seen": None, "last_seen": None},
        "articles": [
            {
                "id": i,
                "outlet": None,
                "source": "api",
                "url": None,
                "title": None,
                "published": None,
                "wire": None,
                "reprint_of": None,
            }
            for i in article_ids
        ],
        "coverage": {
            "articles": len(article_ids),
            "outlets": 0,
            "independent_reports": len(article_ids),
            "reprints": 0,
        },
        "entities": [],
        "quotes": [],
        "claims": [],
        "discrepancies": [],
        "timeline": [],
        "summary": [],
    }


def assert_guarded(response: Any) -> None:
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_every_kind_of_response_carries_the_csp(client: TestClient, corpus: Corpus) -> None:
    article = corpus.ids["text/harbor-daily-riverside-budget.txt"]
    for method, path in [
        ("GET", "/stories"),
        ("GET", "/stories.json"),
        ("GET", f"/stories/{corpus.richest}"),
        ("GET", f"/api/stories/{corpus.richest}"),
        ("GET", f"/api/stories/{corpus.richest}"),
        ("GET", f"/articles/{article}"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
        ("GET", "/static/style.css"),
        ("GET", "/api/export?format=csv"),
        ("GET", "/api/stories/ffff"),
        ("GET", "/stories/ffff"),
        ("GET", "/nowhere"),
        ("DELETE", "/api/stories"),
        ("GET", "/api/stories?limit=0"),
        ("POST", "/api/articles"),
        ("GET", "/"),
    ]:
        response = client.request(method, path, follow_redirects=False)
        assert_guarded(response)


def test_unexpected_errors_are_500_in_the_shape_with_the_csp(
    own_db: str,
    corpus: Corpus,
) -> None:
    def broken(store: SQLiteStore, story_id: str) -> dict[str, Any]:
        raise RuntimeError("secret internals /etc/passwd")

    app = create_app(quiet_config(own_db), brief_builder=broken)
    with local_client(app, raise_server_exceptions=False) as client:
        response = client.get(f"/api/stories/{corpus.richest}")
        error = assert_error(response, 500, "internal_error")
        assert "secret" not in error["message"]
        assert_guarded(response)
        page = client.get(f"/stories/{corpus.richest}")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "secret" not in page.text
        assert_guarded(page)


def test_browsers_get_error_pages_and_clients_get_json(client: TestClient) -> None:
    page = client.get("/stories/not-an-id")
    assert page.status_code == 404 and "<h1>404 · not found</h1>" in page.text
    assert_error(client.get("/stories/not-an-id", headers={"Accept": "application/json"}), 404)
    assert_error(client.delete("/api/stories"), 405, "method_not_allowed")


def test_hostile_article_text_is_shown_as_text(own_db: str) -> None:
    body = {
        "text": f"{article_text('Hostile')} {HOSTILE}",
        "title": HOSTILE,
        "outlet": HOSTILE,
        "byline": HOSTILE,
        "url": "https://hostile.example/a?q=<script>",
    }
    with local_client(create_app(quiet_config(own_db))) as client:
        posted = client.post("/api/articles", json=body)
        assert posted.status_code == 201, posted.text
        article_id = posted.json()["articles"][0]["id"]
        page = client.get(f"/articles/{article_id}").text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page
        assert client.get(f"/api/articles/{article_id}").json()["title"] == HOSTILE


def test_hostile_brief_values_are_escaped_on_every_page(own_db: str) -> None:
    """Every field of a (hand-made) brief holds markup; no page may let it through."""
    with open_store(own_db) as store:
        article = build_article(
            ArticleDraft(
                source=HOSTILE,
                text=f"Start {HOSTILE} end.",
                format="api",
                title=HOSTILE,
                outlet=HOSTILE,
                url="javascript:alert(1)",
            )
        )
        store.add_articles([article])
        extra = Story(
            "badbadbadbad0000",
            HOSTILE,
            (article.id,),
            "2023-11-30",
            "2023-11-30",
            Coverage(1, 1, 1, 0),
        )
        stories = [*store.list_stories(), extra]
        store.replace_stories(stories, list(store.load_reprints().values()))
    passage = {"article": article.id, "text": HOSTILE, "start": 6, "end": 6 + len(HOSTILE)}
    brief = minimal_brief("badbadbadbad0000", HOSTILE, [article.id])
    brief["articles"][0] |= {"outlet": HOSTILE, "title": HOSTILE, "published": "2023-11-30"}
    brief["summary"] = [{"text": HOSTILE, "articles": [article.id]}]
    brief["claims"] = [
        {"id": HOSTILE, "text": HOSTILE, "status": "single_source", "support": [passage]}
    ]
    brief["quotes"] = [
        {
            "id": "q1",
            "text": HOSTILE,
            "speaker": HOSTILE,
            "speaker_name": HOSTILE,
            "attributions": [passage | {"verbatim": False}],
        }
    ]
    brief["entities"] = [
        {
            "id": HOSTILE,
            "name": HOSTILE,
            "type": "person",
            "aliases": [HOSTILE],
            "roles": [{"text": HOSTILE, "articles": [article.id]}],
            "articles": [article.id],
        }
    ]
    brief["discrepancies"] = [
        {
            "id": "d1",
            "kind": "other",
            "about": HOSTILE,
            "summary": HOSTILE,
            "values": [
                {"value": HOSTILE, "articles": [article.id], "evidence": [passage]},
                {"value": "b", "articles": [], "evidence": []},
            ],
        }
    ]
    brief["timeline"] = [{"date": "2023-11-30", "text": HOSTILE, "articles": [article.id]}]
    app = create_app(quiet_config(own_db), brief_builder=lambda store, story_id: brief)
    with local_client(app) as client:
        for path in [
            "/stories",
            "/stories?q=script",
            "/stories/badbadbadbad0000",
            f"/articles/{article.id}",
        ]:
            page = client.get(path)
            assert page.status_code == 200, path
            assert "<script>alert" not in page.text and "<img src=x" not in page.text, path
            assert "&lt;script&gt;" in page.text, path
        article_page = client.get(f"/articles/{article.id}").text
        assert 'href="javascript:' not in article_page
        for mark in (  # one passage, three roles: nested marks, each with its own id
            '<mark class="hl hl-claim hl-single_source" id="claim-',
            '<mark class="hl hl-quote" id="quote-q1-0"',
            '<mark class="hl hl-discrepancy" id="disc-d1-0-0"',
        ):
            assert mark in article_page


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fstore%2fsqlite.py",
        "/static//etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/templates/../app.py",
    ],
)
def test_static_files_never_leave_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "def " not in response.text and "root:" not in response.text
    assert_guarded(response)


def test_request_bodies_have_a_size_limit(client: TestClient) -> None:
    big = {"text": "word " * 2000}
    error = assert_error(client.post("/api/articles", json=big), 413, "body_too_large")
    assert "4,096-byte limit" in error["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as it arrives
        for _ in range(10):
            yield b"x" * 1000

    response = client.post(
        "/api/articles", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "body_too_large")
    assert_guarded(response)
    small = client.post("/api/articles", json={"text": article_text("Smallton")})
    assert small.status_code == 201


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Host": "evil.example:8000"},
        {"Origin": "http://evil.example"},
        {"Host": "127.0.0.1.evil.example"},
    ],
)
def test_without_a_token_writes_come_only_from_this_machine(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.post("/api/articles", json={"text": article_text("Rebind")}, headers=headers)
    assert "only from this machine" in assert_error(response, 403, "forbidden")["message"]
    ok = client.post(
        "/api/articles",
        json={"text": article_text("Localton")},
        headers={"Host": "localhost:8000", "Origin": "http://localhost:8000"},
    )
    assert ok.status_code == 201


def test_writes_need_the_token_when_one_is_set(own_db: str) -> None:
    app = create_app(quiet_config(own_db, token=TOKEN))
    body = {"text": article_text("Tokenville")}
    with local_client(app) as client:
        missing = client.post("/api/articles", json=body)
        assert_error(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = client.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"})
        assert "wrong" in assert_error(wrong, 401)["message"]
        basic = client.post("/api/articles", json=body, headers={"Authorization": f"Basic {TOKEN}"})
        assert_error(basic, 401)
        good = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert good.status_code == 201
        assert client.get("/api/stories").status_code == 200  # reading needs no token


def test_no_token_means_no_bind_beyond_loopback() -> None:
    for host in ("127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"):
        assert is_loopback(host)
        check_bind(host, None)
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org"):
        assert not is_loopback(host)
        with pytest.raises(ConfigError, match="without a token"):
            check_bind(host, None)
        with pytest.raises(ConfigError, match="too short"):
            check_bind(host, "short")
        check_bind(host, TOKEN)


def test_serve_refuses_an_open_bind_before_starting(
    own_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from newsprism.server import serve

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("uvicorn must not start")

    monkeypatch.setattr(uvicorn, "run", never)
    with pytest.raises(ConfigError):
        serve(ServerConfig(db=own_db), host="0.0.0.0", port=8000)
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw))
    serve(dataclasses.replace(ServerConfig(db=own_db), token=TOKEN), host="0.0.0.0", port=8001)
    assert started[0]["host"] == "0.0.0.0" and started[0]["port"] == 8001
