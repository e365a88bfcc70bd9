"""Following feeds: subscriptions, conditional polls, schedules and back-off, the CLI."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import cli
from newsprism.feeds import SchedulePolicy, follow, poll_due
from newsprism.feeds.schedule import (
    feed_ttl,
    parse_max_age,
    parse_retry_after,
    wait_after_failure,
    wait_after_success,
)
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.store import SQLiteStore, open_store

from .conftest import article_text
from .feed_server import FeedSite, Route, rss, serving

NOW = 1_800_000_000.0
EVERY_TIME = SchedulePolicy(interval=0)


def _site() -> FeedSite:
    site = FeedSite()
    site.routes["/north.xml"] = Route(
        body=rss(
            "North Ledger",
            [
                ("Dam opens", "http://north.invalid/dam", article_text("Velmora")),
                ("Bridge shuts", "http://north.invalid/bridge", article_text("Ostrava Nova")),
            ],
        ),
        etag='"north-1"',
    )
    site.routes["/south.xml"] = Route(
        body=rss(
            "South Courier", [("Port grows", "http://south.invalid/port", article_text("Quenby"))]
        ),
        last_modified="Tue, 01 Dec 2026 10:00:00 GMT",
    )
    return site


def _fetcher() -> Fetcher:
    return Fetcher(FetchOptions(allow_private=True, timeout=5))


def test_second_round_sends_validators_and_gets_304s(store: SQLiteStore) -> None:
    with serving(_site()) as site, _fetcher() as fetcher:
        follow(store, [f"{site.base}/north.xml", f"{site.base}/south.xml"], now=NOW)
        first = poll_due(store, fetcher, EVERY_TIME, now=NOW)
        assert first.new == 3 and store.count_articles() == 3
        second = poll_due(store, fetcher, EVERY_TIME, now=NOW + 1)
    assert [p.status for p in second.polls] == ["not modified", "not modified"]
    assert second.new == 0 and store.count_articles() == 3
    north, south = site.requests_to("/north.xml"), site.requests_to("/south.xml")
    assert "if-none-match" not in north[0][0]
    assert north[1] == ({**north[1][0], "if-none-match": '"north-1"'}, 304)
    assert south[1][0]["if-modified-since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert south[1][1] == 304
    states = {f.url.rsplit("/", 1)[1]: f for f in store.list_feeds()}
    assert states["north.xml"].items == 2 and states["north.xml"].last_status == "not modified"
    assert states["north.xml"].title == "North Ledger"


def test_only_new_items_are_stored(store: SQLiteStore) -> None:
    site = _site()
    with serving(site), _fetcher() as fetcher:
        follow(store, [f"{site.base}/north.xml"], now=NOW)
        poll_due(store, fetcher, EVERY_TIME, now=NOW)
        site.routes["/north.xml"] = Route(
            body=rss(
                "North Ledger",
                [
                    ("Ferry returns", "http://north.invalid/ferry", article_text("Brisk Harbour")),
                    ("Dam opens", "http://north.invalid/dam", article_text("Velmora")),
                ],
            ),
            etag='"north-2"',
        )
        again = poll_due(store, fetcher, EVERY_TIME, now=NOW + 1)
    assert again.new == 1 and len(again.polls[0].article_ids) == 1
    assert store.count_articles() == 3
    assert store.list_feeds()[0].items == 3


def test_a_failing_feed_backs_off_and_keeps_its_error(store: SQLiteStore) -> None:
    site = FeedSite(routes={"/down.xml": Route(status=503)})
    policy = SchedulePolicy(interval=100)
    with serving(site), _fetcher() as fetcher:
        follow(store, [f"{site.base}/down.xml"], now=NOW)
        poll_due(store, fetcher, policy, now=NOW)
        first = store.list_feeds()[0]
        assert (first.failures, first.next_due) == (1, NOW + 100)
        assert poll_due(store, fetcher, policy, now=NOW + 50).polls == ()  # not due yet
        poll_due(store, fetcher, policy, now=NOW + 100)
        second = store.list_feeds()[0]
    assert (second.failures, second.next_due) == (2, NOW + 100 + 200)
    assert second.last_status == "error" and "503" in (second.last_error or "")


def test_retry_after_and_cache_control_push_the_next_poll(store: SQLiteStore) -> None:
    site = _site()
    site.routes["/north.xml"].headers["Cache-Control"] = "public, max-age=3600"
    site.routes["/busy.xml"] = Route(status=429, headers={"Retry-After": "7200"})
    with serving(site), _fetcher() as fetcher:
        follow(store, [f"{site.base}/north.xml", f"{site.base}/busy.xml"], now=NOW)
        poll_due(store, fetcher, SchedulePolicy(interval=60), now=NOW)
    due = {f.url.rsplit("/", 1)[1]: f.next_due - NOW for f in store.list_feeds()}
    assert due == {"north.xml": 3600, "busy.xml": 7200}


def test_private_addresses_are_refused_unless_allowed(store: SQLiteStore) -> None:
    with serving(_site()) as site, Fetcher(FetchOptions(timeout=5)) as fetcher:
        follow(store, [f"{site.base}/north.xml"], now=NOW)
        result = poll_due(store, fetcher, EVERY_TIME, now=NOW)
    assert result.failed == 1 and "loopback" in (result.polls[0].error or "")
    assert site.seen == []


def test_schedule_reads_headers_and_feed_ttl() -> None:
    assert parse_max_age("no-transform, max-age=120") == 120
    assert parse_max_age("no-store") == 0
    assert parse_max_age("") is None
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Thu, 15 Jan 2027 08:00:10 GMT", now=1_800_000_000 + 0) is not None
    later = parse_retry_after("Wed, 01 Jan 2025 00:01:00 GMT", now=1_735_689_600.0)
    assert later == 60
    assert parse_retry_after("soon") is None
    assert feed_ttl(b"<rss><channel><ttl>45</ttl></channel></rss>") == 2700
    sy = b"<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>"
    assert feed_ttl(sy) == 21600
    assert feed_ttl(b"<rss/>") is None
    policy = SchedulePolicy(interval=600, max_interval=3600, max_backoff=4000)
    assert wait_after_success(policy, ttl=1800, max_age=60) == 1800
    assert wait_after_success(policy, ttl=99999) == 3600
    assert [wait_after_failure(policy, n) for n in (1, 2, 3, 4)] == [600, 1200, 2400, 4000]


def test_feed_ttl_delays_the_next_poll(store: SQLiteStore) -> None:
    site = FeedSite(
        routes={
            "/slow.xml": Route(
                body=rss(
                    "Weekly Gazette",
                    [("Fair", "http://w.invalid/fair", article_text("Dunmere"))],
                    extra="<ttl>120</ttl>",
                )
            )
        }
    )
    with serving(site), _fetcher() as fetcher:
        follow(store, [f"{site.base}/slow.xml"], now=NOW)
        poll_due(store, fetcher, SchedulePolicy(interval=60), now=NOW)
    assert store.list_feeds()[0].next_due == NOW + 7200


def test_follow_reads_opml_and_reports_bad_inputs(store: SQLiteStore, tmp_path: Path) -> None:
    opml = tmp_path / "list.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="a" xmlUrl="https://a.invalid/feed"/>'
        '<outline text="b" xmlUrl="https://b.invalid/rss"/></body></opml>'
    )
    done = follow(store, [str(opml), "https://a.invalid/feed", str(tmp_path / "nope")], now=NOW)
    assert done.added == ("https://a.invalid/feed", "https://b.invalid/rss")
    assert len(done.errors) == 1 and "nope" in str(done.errors[0])
    again = follow(store, ["https://b.invalid/rss"], now=NOW)
    assert again.already == ("https://b.invalid/rss",)
    assert store.remove_feeds(["https://a.invalid/feed", "https://zzz.invalid/"]) == [True, False]
    assert [f.url for f in store.list_feeds()] == ["https://b.invalid/rss"]


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_cli_watch_once_twice_then_feeds_list(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    site = _site()
    site.routes["/down.xml"] = Route(status=500)
    env = {"NEWSPRISM_ALLOW_PRIVATE": "1"}
    with serving(site):
        urls = [f"{site.base}/{name}" for name in ("north.xml", "south.xml", "down.xml")]
        assert _run("--db", db, "feeds", "add", *urls).exit_code == 0
        first = _run("--db", db, "watch", "--once", "--interval", "0", env=env)
        assert "3 feeds polled, 0 not modified, 1 failed, 3 new articles" in first.output
        second = _run("--db", db, "watch", "--once", "--interval", "0", "--no-update", env=env)
        assert "2 feeds polled, 2 not modified, 0 failed, 0 new articles" in second.output
    assert [status for _, status in site.requests_to("/north.xml")] == [200, 304]
    listing = json.loads(_run("--db", db, "feeds", "list", "--json").output)
    down = next(f for f in listing if f["url"].endswith("down.xml"))
    assert down["status"] == "error" and "500" in down["last_error"] and down["failures"] == 1
    table = _run("--db", db, "feeds", "list").output
    assert "1 in a row" in table and "not modified (304)" in table
    stories = json.loads(_run("--db", db, "stories", "--json").output)
    assert stories, "the first watch round grouped the new articles into stories"
    removed = _run("--db", db, "feeds", "remove", urls[2])
    assert removed.exit_code == 0
    assert _run("--db", db, "feeds", "remove", urls[2]).exit_code == 1


@pytest.mark.parametrize("value", ["0", ""])
def test_cli_watch_refuses_loopback_by_default(tmp_path: Path, value: str) -> None:
    db = str(tmp_path / "n.db")
    with serving(_site()) as site:
        _run("--db", db, "feeds", "add", f"{site.base}/north.xml")
        result = _run("--db", db, "watch", "--once", env={"NEWSPRISM_ALLOW_PRIVATE": value})
    assert "1 failed" in result.output and site.seen == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, timeout: float) -> tuple[float, list[object]]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        data = json.loads(answer.read())
    stories = data["stories"] if isinstance(data, dict) else data
    return time.monotonic() - started, stories


def test_serve_watch_keeps_answering_while_it_polls(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    site = _site()
    site.routes["/north.xml"].delay = 3.0  # a slow server: the poll is under way for 3 s
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).parent.parent / "src"),
        "NEWSPRISM_ALLOW_PRIVATE": "1",
    }
    script = Path(sys.executable).parent / "newsprism"
    with serving(site):
        _run("--db", db, "feeds", "add", f"{site.base}/south.xml", f"{site.base}/north.xml")
        process = subprocess.Popen(
            [
                str(script),
                "--db",
                db,
                "serve",
                "--watch",
                "--interval",
                "0",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            api = f"http://127.0.0.1:{port}/api/stories"
            deadline = time.monotonic() + 60
            while "/north.xml" not in site.started:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.05)
            # The slow feed is being fetched right now: the app must still answer at once.
            timings = []
            while len(timings) < 5:
                try:
                    timings.append(_get(api, timeout=2)[0])
                except urllib.error.URLError:
                    assert time.monotonic() < deadline and process.poll() is None
                    time.sleep(0.05)
            assert site.requests_to("/north.xml") == []  # still waiting on the slow feed
            assert max(timings) < 1.5
            stories: list[object] = []
            while not stories:  # the new items are grouped into stories in the background
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.5)
                stories = _get(api, timeout=5)[1]
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            assert process.stderr is not None
            process.stderr.close()
    with open_store(db) as store:
        assert store.count_articles() == 3
        assert {f.last_status for f in store.list_feeds()} <= {"ok", "not modified"}


def test_a_page_in_place_of_the_feed_is_an_error_not_an_article(store: SQLiteStore) -> None:
    page = b"<html><head><title>Moved</title></head><body><p>" + article_text("Osk").encode()
    site = FeedSite(
        routes={"/gone.xml": Route(body=page + b"</p></body></html>", content_type="text/html")}
    )
    with serving(site), _fetcher() as fetcher:
        follow(store, [f"{site.base}/gone.xml"], now=NOW)
        result = poll_due(store, fetcher, EVERY_TIME, now=NOW)
    assert result.failed == 1 and "not an RSS or Atom feed" in (result.polls[0].error or "")
    assert store.count_articles() == 0
