"""The server tests' corpus: the sample articles in a store, grouped into stories, with briefs.

Until the library builds briefs, the server is tested against briefs written here from the
sample corpus's answer key (``examples/planted.json``): every passage is found in the stored
article text, so offsets are real, and every brief validates against the JSON Schema (tested
below). ``build_corpus`` makes the store; ``CorpusBriefs`` is the brief builder the tests
inject into ``create_app``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

import newsprism
from newsprism.model import Coverage, Reprint, Story
from newsprism.pipeline import IngestOptions, ingest
from newsprism.store import SQLiteStore, open_store

from .conftest import EXAMPLES

SCHEMA = json.loads((Path(newsprism.__file__).parent / "schemas" / "brief.schema.json").read_text())
PLANTED = json.loads((EXAMPLES / "planted.json").read_text())
INPUTS = ["text", "html", "feeds", "jsonl"]
RICHEST = "Riverton council approves Riverside Recovery Plan budget"


def _story_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Corpus:
    """The sample corpus in a store: article ids by answer-key ref, and the stories' briefs."""

    db: str
    ids: dict[str, str]
    briefs: dict[str, dict[str, Any]]

    @property
    def richest(self) -> str:
        """The id of the story with the most to show (discrepancy, aliases, paraphrase)."""
        return _story_id(RICHEST)


def _ref_of(source: str) -> str:
    """The answer key's ref for an article's source ("feeds/x.rss#1", "jsonl/y.jsonl#2")."""
    tail = source.split("examples/", 1)[-1]
    tail = re.sub(r"#item(\d+)$", r"#\1", tail)
    return re.sub(r"\.jsonl:(\d+)$", r".jsonl#\1", tail)


def build_corpus(folder: Path) -> Corpus:
    """Ingest the sample corpus into ``folder``/corpus.db and store its three stories."""
    db = str(folder / "corpus.db")
    with open_store(db) as store:
        ingest([str(EXAMPLES / name) for name in INPUTS], store, IngestOptions(workers=1))
        ids = {_ref_of(a.source): a.id for a in store.iter_articles()}
        articles = {a.id: a for a in store.iter_articles()}
        reprints = [
            Reprint(ids[r["reprint"]], ids[r["original"]], 0.9, "wire credit and near-duplicate")
            for r in PLANTED["reprints"]
        ]
        reprint_of = {r.article_id: r.reprint_of for r in reprints}
        stories = []
        for spec in PLANTED["stories"]:
            members = sorted(
                (ids[f] for f in spec["files"]),
                key=lambda i: (articles[i].published.value if articles[i].published else "", i),
            )
            dates = [articles[i].published.value for i in members if articles[i].published]
            outlets = {articles[i].outlet for i in members if articles[i].outlet}
            copies = sum(1 for i in members if i in reprint_of)
            stories.append(
                Story(
                    id=_story_id(spec["name"]),
                    title=spec["name"],
                    article_ids=tuple(members),
                    first_seen=min(dates),
                    last_seen=max(dates),
                    coverage=Coverage(len(members), len(outlets), len(members) - copies, copies),
                )
            )
        store.replace_stories(stories, reprints)
        briefs = {s.id: _brief(store, s, ids, reprint_of) for s in stories}
    return Corpus(db=db, ids=ids, briefs=briefs)


def _passage(store: SQLiteStore, article_id: str, text: str) -> dict[str, Any]:
    body = store.get_article(article_id).text
    start = body.find(text)
    assert start >= 0, f"{text!r} not in article {article_id}"
    return {"article": article_id, "text": text, "start": start, "end": start + len(text)}


def _brief(
    store: SQLiteStore, story: Story, ids: dict[str, str], reprint_of: dict[str, str]
) -> dict[str, Any]:
    """A brief of one sample story, as the JSON contract describes it."""
    files = next(s["files"] for s in PLANTED["stories"] if s["name"] == story.title)
    refs = {ids[f]: f for f in files}
    members = set(story.article_ids)
    articles = []
    for article_id in story.article_ids:
        a = store.get_article(article_id)
        articles.append(
            {
                "id": a.id,
                "outlet": a.outlet,
                "source": a.source,
                "url": a.url,
                "title": a.title,
                "published": a.published.value if a.published else None,
                "wire": a.wire.agency if a.wire else None,
                "reprint_of": reprint_of.get(a.id),
            }
        )

    entities: list[dict[str, Any]] = []
    entity_ids: dict[str, str] = {}
    for person in PLANTED["person_aliases"]:
        in_story = [ids[f] for f in person["files"] if ids[f] in members]
        if not in_story:
            continue
        entity_ids[person["person"]] = f"e{len(entities) + 1}"
        entities.append(
            {
                "id": entity_ids[person["person"]],
                "name": person["person"],
                "type": "person",
                "aliases": [n for n in person["names"] if n != person["person"]],
                "roles": [{"text": person["role"], "articles": in_story}],
                "articles": in_story,
            }
        )

    quotes: list[dict[str, Any]] = []
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for q in PLANTED["quotes"]:
        if ids[q["file"]] in members:
            grouped.setdefault((q["speaker"], q["text"]), []).append(q)
    paraphrase = PLANTED["quote"]
    for (speaker, text), items in grouped.items():
        if text == paraphrase["paraphrase"]["text"]:
            continue  # shown as a version of the verbatim quote below
        attributions = [
            _passage(store, ids[q["file"]], q["text"]) | {"verbatim": True} for q in items
        ]
        if text == paraphrase["verbatim"]["text"]:
            other = paraphrase["paraphrase"]
            attributions.append(
                _passage(store, ids[other["file"]], other["text"]) | {"verbatim": False}
            )
        if speaker not in entity_ids:
            entity_ids[speaker] = f"e{len(entities) + 1}"
            in_story = sorted({a["article"] for a in attributions})
            entities.append(
                {
                    "id": entity_ids[speaker],
                    "name": speaker,
                    "type": "person",
                    "aliases": [],
                    "roles": [],
                    "articles": in_story,
                }
            )
        quotes.append(
            {
                "id": f"q{len(quotes) + 1}",
                "text": text,
                "speaker": entity_ids[speaker],
                "speaker_name": speaker,
                "attributions": attributions,
            }
        )

    claims: list[dict[str, Any]] = []
    for fact in PLANTED["corroborated_facts"]:
        if fact["story"] == story.title:
            support = [_passage(store, ids[s["file"]], s["text"]) for s in fact["support"]]
            claims.append(
                {
                    "id": f"c{len(claims) + 1}",
                    "text": fact["fact"],
                    "status": "corroborated",
                    "support": support,
                }
            )
    for fact in PLANTED["single_source_facts"]:
        if ids[fact["file"]] in members:
            claims.append(
                {
                    "id": f"c{len(claims) + 1}",
                    "text": fact["text"],
                    "status": "single_source",
                    "support": [_passage(store, ids[fact["file"]], fact["text"])],
                }
            )

    discrepancies: list[dict[str, Any]] = []
    for key, kind in (
        ("figure_discrepancy", "number"),
        ("organization_discrepancy", "organization"),
    ):
        spec = PLANTED[key]
        if spec["story"] != story.title:
            continue
        values = [
            {
                "value": value,
                "articles": [ids[f] for f in found],
                "evidence": [_passage(store, ids[f], value) for f in found],
            }
            for value, found in spec["values"].items()
        ]
        about = spec.get("about") or spec["role"].split(";")[0]
        discrepancy_id = f"d{len(discrepancies) + 1}"
        summary = " vs ".join(f"{v['value']} ({len(v['articles'])})" for v in values)
        discrepancies.append(
            {
                "id": discrepancy_id,
                "kind": kind,
                "about": about,
                "summary": summary,
                "values": values,
            }
        )
        if kind == "number":
            claims.append(
                {
                    "id": f"c{len(claims) + 1}",
                    "text": f"The {about} is {values[0]['value']}",
                    "status": "conflicting",
                    "support": values[0]["evidence"],
                }
            )

    spec = next(s for s in PLANTED["stories"] if s["name"] == story.title)
    timeline = [{"date": spec["event_date"], "text": story.title, "articles": list(members)}]
    timeline += [
        {
            "date": r["resolves_to"],
            "text": f"{r['text']} ({refs[ids[r['file']]]})",
            "articles": [ids[r["file"]]],
        }
        for r in PLANTED["relative_dates"]
        if ids[r["file"]] in members
    ]
    summary = [{"text": f"{story.title}.", "articles": list(story.article_ids)}]
    summary += [
        {
            "text": c["text"][0].upper() + c["text"][1:] + ".",
            "articles": sorted({p["article"] for p in c["support"]}),
        }
        for c in claims[:3]
    ]
    return {
        "schema": "newsprism.brief/1",
        "story": {
            "id": story.id,
            "title": story.title,
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
        },
        "articles": articles,
        "coverage": {
            "articles": story.coverage.articles,
            "outlets": story.coverage.outlets,
            "independent_reports": story.coverage.independent_reports,
            "reprints": story.coverage.reprints,
        },
        "entities": entities,
        "quotes": quotes,
        "claims": claims,
        "discrepancies": discrepancies,
        "timeline": timeline,
        "summary": summary,
    }


def local_client(app: Any, **options: Any) -> TestClient:
    """An in-process client whose requests come from this machine (Host: 127.0.0.1)."""
    return TestClient(app, base_url="http://127.0.0.1", **options)


class CorpusBriefs:
    """A brief builder for ``create_app`` that serves the corpus's briefs and counts builds.

    A plain class: it counts calls, so tests can see the cache at work.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.calls = 0

    def __call__(self, store: SQLiteStore, story_id: str) -> dict[str, Any]:
        self.calls += 1
        brief = self.corpus.briefs.get(story_id)
        if brief is None:  # a story the tests made on the fly: a minimal valid brief
            story = store.get_story(story_id)
            return minimal_brief(story.id, story.title, list(story.article_ids))
        return brief


def minimal_brief(story_id: str, title: str | None, article_ids: list[str]) -> dict[str, Any]:
    """A brief with only the story and its articles (for stories made inside a test)."""
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


@pytest.fixture(scope="session", name="corpus")
def corpus_fixture(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The sample corpus in a store, built once per test session (treat it as read-only)."""
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def test_corpus_briefs_follow_the_json_schema(corpus: Corpus) -> None:
    assert len(corpus.briefs) == 3
    for brief in corpus.briefs.values():
        jsonschema.validate(brief, SCHEMA)
    rich = corpus.briefs[corpus.richest]
    assert {d["kind"] for d in rich["discrepancies"]} == {"number"}
    assert any(not a["verbatim"] for q in rich["quotes"] for a in q["attributions"])
