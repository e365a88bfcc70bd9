"""The web pages in a real browser, over the library's own stories and briefs.

Assertions rest on the planted facts of the sample corpus (the "$4.7 million" figure of the
Valley Courier, the Meridian Wire reprints, the mayor's paraphrased quote), not on the wording
or number of the claims the library finds.
"""

from __future__ import annotations

import re
import time
from typing import Any

import httpx

from ..test_server_corpus import PLANTED, STRIKE, Corpus
from .conftest import LiveServer, screenshot

HOSTILE = '<script>alert("pwned")</script><img src=x onerror="alert(2)">'
FIGURE = "$4.7 million"


def brief_of(server: LiveServer, story_id: str) -> dict[str, Any]:
    """The story's brief as the API serves it."""
    data: dict[str, Any] = httpx.get(f"{server.url}/api/stories/{story_id}", timeout=30).json()
    return data


def test_story_list_shows_stories_charts_and_filters(
    page: Any, site: tuple[LiveServer, Corpus]
) -> None:
    server, corpus = site
    page.goto(f"{server.url}/stories")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 3
    assert page.locator("table.stories svg.sparkline").count() == 3
    first = rows.first
    assert first.locator(f"a[href='/stories/{corpus.stories[STRIKE]}']").count() == 1
    assert "Meridian Wire" in first.inner_text()
    screenshot(page, "stories", for_readme=True)
    page.fill("input[name=q]", "fertilizer")  # a word of one story's text
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=fertilizer"))
    assert page.locator("table.stories tbody tr").count() == 1
    assert "Millbrook" in page.locator("table.stories tbody").inner_text()


def test_story_page_matrix_discrepancy_and_passage_link(
    page: Any, site: tuple[LiveServer, Corpus]
) -> None:
    server, corpus = site
    brief = brief_of(server, corpus.richest)
    page.goto(f"{server.url}/stories/{corpus.richest}")
    assert page.locator("h1").inner_text() == brief["story"]["title"]

    matrix = page.locator("#claim-matrix")
    outlets = [t.strip() for t in matrix.locator("thead th.outlet-col").all_inner_texts()]
    expected = [a["outlet"] or "unnamed source" for a in brief["articles"]]
    assert outlets == list(dict.fromkeys(expected))
    assert matrix.locator("tbody tr").count() == len(brief["claims"])
    courier = outlets.index("Valley Courier")
    contradicted = [
        row
        for row in matrix.locator("tbody tr").all()
        if row.locator("td.cell").nth(courier).get_attribute("data-status") == "contradicts"
    ]
    assert contradicted, "no claim that the Valley Courier's figure contradicts"
    cell = contradicted[0].locator("td.cell").nth(courier)
    assert FIGURE in (cell.get_attribute("title") or "")
    assert cell.inner_text().strip() == "✗"
    assert matrix.locator("td.cell[data-status=states]").count() > 0

    discrepancy = page.locator("#discrepancies .discrepancy", has_text=FIGURE).first
    values = [v.strip() for v in discrepancy.locator(".version .value").all_inner_texts()]
    assert set(values) == set(PLANTED["figure_discrepancy"]["values"])
    version = discrepancy.locator(".version").nth(values.index(FIGURE))
    assert "Valley Courier" in version.inner_text()
    assert page.locator("#quotes del").count() > 0 and page.locator("#quotes ins").count() > 0
    assert page.locator("#coverage svg.coverage circle").count() > 0
    screenshot(page, "story", for_readme=True)

    version.locator("a.evidence").first.click()
    article_id = corpus.ids["html/valley-courier-riverside-vote.html"]
    page.wait_for_url(re.compile(rf"/articles/{article_id}#disc-[\w-]+$"))
    mark = page.locator("mark.hl:target")
    assert mark.count() == 1
    assert "hl-discrepancy" in (mark.get_attribute("class") or "")
    assert FIGURE in mark.inner_text()
    assert mark.locator("strong.hl-value").inner_text() == FIGURE
    assert mark.is_visible()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"]
    screenshot(page, "article")


def test_story_page_reads_with_javascript_off(page: Any, site: tuple[LiveServer, Corpus]) -> None:
    server, corpus = site
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(f"{server.url}/stories/{corpus.richest}")
    claims = brief_of(server, corpus.richest)["claims"]
    assert page.locator("#claim-matrix tbody tr").count() == len(claims)
    page.locator("#claim-matrix td.cell[data-status=states] a").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+#claim-"))
    assert page.locator("mark.hl:target").count() == 1
    page.goto(f"{server.url}/docs")
    assert page.locator("section.operation").count() >= 5
    screenshot(page, "docs")


def test_hostile_article_is_ingested_grouped_and_shown_as_text(
    page: Any, site: tuple[LiveServer, Corpus]
) -> None:
    server, _ = site
    body = {
        "text": (
            "The Harbourside ferry service will stop running on Sundays from January, the "
            f"operator Tidewater Lines said on Monday. {HOSTILE} Passenger groups said they "
            'would appeal. "We were not asked," said Mira Solberg of the Harbourside Riders.'
        ),
        "title": HOSTILE,
        "outlet": "Hostile <b>Times</b>",
        "url": "https://hostile.example/ferry?<script>",
    }
    posted = httpx.post(f"{server.url}/api/articles", json=body, timeout=30)
    assert posted.status_code == 201, posted.text
    article_id = posted.json()["articles"][0]["id"]
    deadline = time.monotonic() + 90  # the story refresh runs in a worker process
    while (story := httpx.get(f"{server.url}/api/articles/{article_id}").json()["story"]) is None:
        assert time.monotonic() < deadline, "the ingested article was not put into a story"
        time.sleep(0.25)

    page.goto(f"{server.url}/articles/{article_id}")
    assert page.locator("h1").inner_text() == HOSTILE
    assert HOSTILE in page.locator(".article-text").inner_text()
    assert page.locator(".article-text script, .article-text img, main b").count() == 0
    assert page.evaluate("() => document.scripts.length") == 0
    screenshot(page, "hostile-article")
    page.goto(f"{server.url}/stories/{story}")
    assert page.locator("main script, main img, main b").count() == 0
    assert "Hostile <b>Times</b>" in page.locator("#coverage").inner_text()
    screenshot(page, "hostile-story")


def test_article_view_highlights_what_matters_and_lists_each_point_once(
    page: Any, site: tuple[LiveServer, Corpus]
) -> None:
    server, corpus = site
    article_id = corpus.ids["html/valley-courier-riverside-vote.html"]
    page.goto(f"{server.url}/articles/{article_id}")
    text = page.locator(".article-text").inner_text()
    coloured = page.evaluate(
        """() => {
            const painted = (m) => {
                const s = getComputedStyle(m);
                return !['rgba(0, 0, 0, 0)', 'transparent'].includes(s.backgroundColor)
                    || s.borderBottomStyle !== 'none';
            };
            let chars = 0;
            for (const m of document.querySelectorAll('.article-text mark.hl')) {
                if (painted(m) && !(m.parentElement.closest('mark.hl') &&
                                    painted(m.parentElement.closest('mark.hl')))) {
                    chars += m.innerText.length;
                }
            }
            return chars;
        }"""
    )
    assert 0 < coloured < 0.6 * len(text), (coloured, len(text))
    # Uncontested claims are not painted (but keep their marks for links).
    quiet = page.locator(".article-text mark.hl-single_source, .article-text mark.hl-corroborated")
    for i in range(quiet.count()):
        style = quiet.nth(i).evaluate("m => getComputedStyle(m).borderBottomStyle")
        assert style == "none"
    entries = page.locator(".passages li")
    assert entries.count() > 0
    in_story = [
        entries.nth(i).locator("a").last.get_attribute("href") for i in range(entries.count())
    ]
    assert len(in_story) == len(set(in_story)), "a point is listed more than once"
    flat = " ".join(text.split())
    for said in page.locator(".passages li").all_text_contents():
        quoted = said.split("“", 1)[1].rsplit("”", 1)[0].rstrip("…")
        assert quoted in flat, quoted  # the outlet's own words


def test_articles_over_time_bars_are_labelled(page: Any, site: tuple[LiveServer, Corpus]) -> None:
    server, _ = site
    page.goto(f"{server.url}/stories")
    charts = page.locator("table.stories svg.sparkline:not(.empty)")  # undated: no bars
    assert charts.count() >= 3
    for i in range(charts.count()):
        chart = charts.nth(i)
        days = chart.locator("text.day").all_text_contents()
        assert days and all(re.fullmatch(r"\d\d-\d\d", d) for d in days)
        counts = [int(c) for c in chart.locator("text.count").all_text_contents()]
        bars = chart.locator("rect.bar title").all_text_contents()
        assert sum(counts) == sum(int(t.split(": ")[1].split()[0]) for t in bars) > 0
