"""The planted cases of the sample corpus (examples/planted.json) appear in their briefs.

The articles are ingested from the example files and annotated with the annotate package
(the spaCy model loads once per process); story membership comes from planted.json, since
clustering is another stage's job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsprism.annotate import annotate_articles
from newsprism.annotate.records import ArticleAnnotations
from newsprism.articles import build_article
from newsprism.brief import brief_to_dict, build_brief
from newsprism.compare.records import Brief, StoryInput
from newsprism.ingest import read_path
from newsprism.model import Article
from newsprism.render import render_html, render_json, render_markdown

EXAMPLES = Path(__file__).parent.parent / "examples"
PLANTED: dict[str, Any] = json.loads((EXAMPLES / "planted.json").read_text())
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "src/newsprism/schemas/brief.schema.json").read_text()
)


def _load(ref: str) -> Article:
    path, _, item = ref.partition("#")
    result = read_path(EXAMPLES / path, max_bytes=10_000_000)
    draft = result.drafts[int(item) - 1] if item else result.drafts[0]
    return build_article(draft, ingested_at="2023-11-30T00:00:00+00:00")


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, Article], Mapping[str, ArticleAnnotations]]:
    """Every planted story's articles by file ref, and their annotations by article id."""
    refs = [ref for story in PLANTED["stories"] for ref in story["files"]]
    articles = {ref: _load(ref) for ref in refs}
    notes = annotate_articles(list(articles.values()))
    return articles, {n.article_id: n for n in notes}


def _brief(corpus: Any, name: str) -> tuple[Brief, dict[str, str]]:
    articles, notes = corpus
    story = next(s for s in PLANTED["stories"] if s["name"] == name)
    ids = {ref: articles[ref].id for ref in story["files"]}
    reprints = {
        ids[r["reprint"]]: ids[r["original"]] for r in PLANTED["reprints"] if r["reprint"] in ids
    }
    brief = build_brief(
        StoryInput(f"story-{len(name)}", reprints), [articles[ref] for ref in story["files"]], notes
    )
    return brief, ids


COUNCIL = PLANTED["stories"][0]["name"]
FIRE = PLANTED["stories"][1]["name"]
STRIKE = PLANTED["stories"][2]["name"]


def test_honorific_and_title_forms_are_one_person(corpus: Any) -> None:
    brief, ids = _brief(corpus, COUNCIL)
    planted = PLANTED["person_aliases"][0]
    people = [e for e in brief.entities if "Dr. Amara Okafor" in e.aliases]
    assert len(people) == 1
    okafor = people[0]
    assert okafor.name == "Amara Okafor" and okafor.type == "person"
    assert {"Dr. Amara Okafor", "Amara Okafor", "Mayor Okafor", "Mayor Amara Okafor"} <= set(
        okafor.aliases
    )
    assert set(okafor.articles) == {ids[f] for f in planted["files"]}
    assert not any(d.kind in ("name", "title") for d in brief.discrepancies)


def test_organisation_named_two_ways_is_a_discrepancy(corpus: Any) -> None:
    brief, ids = _brief(corpus, FIRE)
    planted = PLANTED["organization_discrepancy"]["values"]
    found = [d for d in brief.discrepancies if d.kind == "organization"]
    assert len(found) == 1
    values = {v.value: set(v.articles) for v in found[0].values}
    assert values == {name: {ids[f] for f in files} for name, files in planted.items()}
    names = {e.name for e in brief.entities}
    assert {"Northern Farmers Union", "Northern Growers Union"} <= names
    calder = next(e for e in brief.entities if e.name == "Ruth Calder")
    assert "Fire Chief Ruth Calder" in calder.aliases


def test_verbatim_and_paraphrased_quote_are_one_ledger_entry(corpus: Any) -> None:
    brief, ids = _brief(corpus, COUNCIL)
    planted = PLANTED["quote"]
    quote = next(q for q in brief.quotes if planted["verbatim"]["text"] in q.text)
    assert quote.speaker_name == "Amara Okafor"
    by_article = {a.article: a for a in quote.attributions}
    verbatim = by_article[ids[planted["verbatim"]["file"]]]
    paraphrase = by_article[ids[planted["paraphrase"]["file"]]]
    assert verbatim.verbatim and verbatim.text == planted["verbatim"]["text"]
    assert not paraphrase.verbatim and paraphrase.text == planted["paraphrase"]["text"]
    assert paraphrase.diff
    okafor = next(e for e in brief.entities if e.name == "Amara Okafor")
    assert quote.speaker == okafor.id


def test_shared_quotes_are_aligned_across_outlets(corpus: Any) -> None:
    for shared in PLANTED["shared_quotes"]:
        story = next(s["name"] for s in PLANTED["stories"] if shared["files"][0] in s["files"])
        brief, ids = _brief(corpus, story)
        quote = next(q for q in brief.quotes if shared["text"] in q.text)
        assert {ids[f] for f in shared["files"]} <= {a.article for a in quote.attributions}
        assert quote.speaker_name == shared["speaker"]


def test_differing_figure_is_a_number_discrepancy(corpus: Any) -> None:
    brief, ids = _brief(corpus, COUNCIL)
    planted = PLANTED["figure_discrepancy"]["values"]
    found = [d for d in brief.discrepancies if d.kind == "number"]
    assert len(found) == 1
    values = {v.value: set(v.articles) for v in found[0].values}
    assert values == {value: {ids[f] for f in files} for value, files in planted.items()}
    contested = [c for c in brief.claims if c.status == "conflicting"]
    assert any("$4.7 million" in p.text for c in contested for p in c.support)


def test_relative_date_is_on_the_timeline(corpus: Any) -> None:
    brief, ids = _brief(corpus, COUNCIL)
    planted = PLANTED["relative_date"]
    events = [e for e in brief.timeline if e.date == planted["resolves_to"]]
    assert any(ids[planted["file"]] in e.articles for e in events)


def test_corroboration_counts_wire_reprints_once(corpus: Any) -> None:
    brief, ids = _brief(corpus, STRIKE)
    assert brief.coverage.reprints == 2 and brief.coverage.independent_reports == 3
    drivers = next(c for c in brief.claims if "1,100 drivers" in c.text)
    assert drivers.status == "corroborated"
    for fact in PLANTED["single_source_facts"]:
        story = next(s["name"] for s in PLANTED["stories"] if fact["file"] in s["files"])
        other, other_ids = _brief(corpus, story)
        claim = next(c for c in other.claims if any(fact["text"] in p.text for p in c.support))
        assert claim.status == "single_source", fact["text"]


def test_summary_is_extractive_and_title_is_a_headline(corpus: Any) -> None:
    articles, _ = corpus
    for story in PLANTED["stories"]:
        brief, ids = _brief(corpus, story["name"])
        texts = [articles[f].text for f in story["files"]]
        assert 3 <= len(brief.summary) <= 6
        for sentence in brief.summary:
            assert any(sentence.text in " ".join(t.split()) for t in texts), sentence.text
            assert sentence.articles
        assert brief.story.title in {articles[f].title for f in story["files"]}


def test_outputs_validate_and_are_byte_identical(corpus: Any) -> None:
    for story in PLANTED["stories"]:
        first, _ = _brief(corpus, story["name"])
        again, _ = _brief(corpus, story["name"])
        jsonschema.validate(brief_to_dict(first), SCHEMA)
        assert render_json(first) == render_json(again)
        assert render_markdown(first) == render_markdown(again)
        assert render_html(first) == render_html(again)
