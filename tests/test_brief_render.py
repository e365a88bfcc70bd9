"""Renderers: the JSON contract, Markdown and HTML, with hostile article text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from newsprism.brief import brief_to_dict, build_brief
from newsprism.compare.records import BRIEF_SCHEMA, Brief, StoryInput
from newsprism.model import Article, PublishedDate
from newsprism.render import render_html, render_json, render_markdown
from tests.test_compare_units import notes, person, quote

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "src/newsprism/schemas/brief.schema.json").read_text()
)
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> [click](javascript:alert(2))'


def _article(article_id: str, text: str, outlet: str, url: str) -> Article:
    return Article(
        id=article_id,
        source=f"{article_id}.html",
        format="html",
        text=text,
        content_hash="",
        ingested_at="2023-11-30T00:00:00+00:00",
        outlet=outlet,
        url=url,
        title=f"</title><script>steal()</script> {outlet} & co",
        published=PublishedDate("2023-11-14", "day"),
    )


def hostile_story() -> tuple[Brief, dict[str, Article]]:
    """A story whose every text field carries markup, links and quotes, and its articles."""
    said = f"The budget is $4.2 million {EVIL}"
    a_text = f'Mayor Ann Bell approved a $4.2 million budget {EVIL}. "{said}," Bell said.'
    b_text = f'Mayor Ann Bell approved a $4.7 million budget {EVIL}. "{said}," Bell said.'
    a = _article("a1", a_text, '<b onmouseover="x()">Post</b>', "javascript:alert(3)")
    b = _article("b1", b_text, "Courier | *bold* _it_", "https://courier.example/a?x=1&y=<2>")
    pairs = [
        (a, notes(a, [person(a.text, "Ann Bell", role="Mayor")], [quote(a.text, said, 0)])),
        (b, notes(b, [person(b.text, "Ann Bell", role="Mayor")], [quote(b.text, said, 0)])),
    ]
    brief = build_brief(StoryInput("s<1>"), [x for x, _ in pairs], {x.id: n for x, n in pairs})
    return brief, {a.id: a, b.id: b}


def hostile_brief() -> Brief:
    """The hostile story's brief."""
    return hostile_story()[0]


def test_json_follows_the_contract_and_schema() -> None:
    brief = hostile_brief()
    data = json.loads(render_json(brief))
    jsonschema.validate(data, SCHEMA)
    assert data == brief_to_dict(brief)
    assert data["schema"] == BRIEF_SCHEMA
    assert list(data) == sorted(data)
    assert any(d["kind"] == "number" for d in data["discrepancies"])
    quote = data["quotes"][0]
    assert len(quote["attributions"]) == 2 and quote["speaker"] is not None


def test_json_offsets_point_at_the_passages() -> None:
    brief, articles = hostile_story()
    data = brief_to_dict(brief)
    passages = [p for c in data["claims"] for p in c["support"]]
    passages += [a for q in data["quotes"] for a in q["attributions"]]
    passages += [p for d in data["discrepancies"] for v in d["values"] for p in v["evidence"]]
    passages += [m for e in data["entities"] for m in e["mentions"]]
    assert passages
    for p in passages:
        assert articles[p["article"]].text[p["start"] : p["end"]] == p["text"]


def test_two_runs_are_byte_identical() -> None:
    first, second = hostile_brief(), hostile_brief()
    assert render_json(first) == render_json(second)
    assert render_markdown(first) == render_markdown(second)
    assert render_html(first) == render_html(second)


def test_html_escapes_every_value_and_loads_nothing() -> None:
    page = render_html(hostile_brief())
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<script") == 0 and "<img" not in page and "<b " not in page
    assert 'href="javascript' not in page and "javascript:alert(3)" in page  # shown, not linked
    assert "&lt;script&gt;" in page
    assert not re.search(r"<(link|iframe|object|embed)\b|src=\"http|@import|url\(", page)
    assert 'href="https://courier.example/a?x=1&amp;y=&lt;2&gt;"' in page
    assert "<style>" in page and "</html>" in page


def test_markdown_escapes_markup_and_links() -> None:
    text = render_markdown(hostile_brief())
    assert not re.search(r"(?<!\\)<(script|img|b |/title)", text)
    assert "](javascript" not in text and "\\[click\\]\\(javascript" in text
    assert "<javascript:" not in text and "<https://courier.example/a?x=1&y=<2>>" not in text
    assert text.startswith("# ")
    assert "## Discrepancies" in text and "## Quotes" in text and "## Articles" in text
