"""The web pages in a real browser: story list, story page, article view, hostile text."""

from __future__ import annotations

import re
from typing import Any

import httpx

from ..test_server_corpus import Corpus
from .conftest import LiveServer, screenshot

HOSTILE = '<script>alert("pwned")</script><img src=x onerror="alert(2)">'


def test_story_list_shows_stories_charts_and_filters(
    page: Any, site: tuple[LiveServer, Corpus]
) -> None:
    server, _ = site
    page.goto(f"{server.url}/stories")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 3
    assert page.locator("table.stories svg.sparkline").count() == 3
    first = rows.first.inner_text()
    assert "Port Alden" in first and "Meridian Wire" in first
    screenshot(page, "stories", for_readme=True)
    page.fill("input[name=q]", "depot")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=depot"))
    assert page.locator("table.stories tbody tr").count() == 1
    assert "Millbrook" in page.locator("table.stories tbody").inner_text()


def test_story_page_matrix_discrepancy_and_passage_link(
    page: Any, site: tuple[LiveServer, Corpus]
) -> None:
    server, corpus = site
    brief = corpus.briefs[corpus.richest]
    page.goto(f"{server.url}/stories/{corpus.richest}")
    assert page.locator("h1").inner_text() == brief["story"]["title"]

    matrix = page.locator("#claim-matrix")
    outlets = [t.strip() for t in matrix.locator("thead th.outlet-col").all_inner_texts()]
    assert outlets == [
        "Valley Courier",
        "unnamed source",
        "Harbor Daily",
        "Riverton Ledger",
        "Lakeshore Post",
    ]
    assert matrix.locator("tbody tr").count() == len(brief["claims"])
    conflicting = matrix.locator("tr.claim-conflicting")
    assert conflicting.count() == 1
    cells = conflicting.locator("td.cell")
    statuses = [cells.nth(i).get_attribute("data-status") for i in range(cells.count())]
    assert statuses == ["contradicts", "states", "states", "states", "states"]
    assert cells.first.inner_text().strip() == "✗"
    corroborated = matrix.locator("tr.claim-corroborated td.cell[data-status=states]")
    assert corroborated.count() == 5

    discrepancy = page.locator("#discrepancies .discrepancy").first
    values = [v.strip() for v in discrepancy.locator(".version .value").all_inner_texts()]
    assert values == ["$4.2 million", "$4.7 million"]
    assert "Valley Courier" in discrepancy.locator(".version").nth(1).inner_text()
    assert page.locator("#quotes del").count() > 0 and page.locator("#quotes ins").count() > 0
    assert page.locator("#coverage svg.coverage circle").count() == 5
    screenshot(page, "story", for_readme=True)

    discrepancy.locator(".version").nth(1).locator("a.evidence").first.click()
    article_id = corpus.ids["html/valley-courier-riverside-vote.html"]
    page.wait_for_url(re.compile(rf"/articles/{article_id}#disc-d1-1-0$"))
    mark = page.locator("mark#disc-d1-1-0")
    assert mark.inner_text() == "$4.7 million"
    assert "hl-discrepancy" in (mark.get_attribute("class") or "")
    assert mark.is_visible()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert mark.evaluate("m => m.matches(':target')")
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"]
    screenshot(page, "article")


def test_story_page_reads_with_javascript_off(page: Any, site: tuple[LiveServer, Corpus]) -> None:
    server, corpus = site
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(f"{server.url}/stories/{corpus.richest}")
    claims = corpus.briefs[corpus.richest]["claims"]
    assert page.locator("#claim-matrix tbody tr").count() == len(claims)
    page.locator("#claims a").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+#claim-"))
    assert page.locator("mark.hl:target").count() == 1
    page.goto(f"{server.url}/docs")
    assert page.locator("section.operation").count() >= 5
    screenshot(page, "docs")


def test_hostile_article_text_is_shown_as_text(page: Any, site: tuple[LiveServer, Corpus]) -> None:
    server, _ = site
    body = {
        "text": f"Officials said the plan would go ahead. {HOSTILE} The end.",
        "title": HOSTILE,
        "outlet": "Hostile <b>Times</b>",
    }
    posted = httpx.post(f"{server.url}/api/articles", json=body, timeout=30)
    assert posted.status_code == 201, posted.text
    article_id = posted.json()["articles"][0]["id"]
    page.goto(f"{server.url}/articles/{article_id}")
    assert page.locator("h1").inner_text() == HOSTILE
    assert HOSTILE in page.locator(".article-text").inner_text()
    assert page.locator(".article-text script, .article-text img, main b").count() == 0
    assert page.evaluate("() => document.scripts.length") == 0
    screenshot(page, "hostile-article")
