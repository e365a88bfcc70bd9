"""The server tests' corpus: the sample articles ingested and grouped by the library itself.

``build_corpus`` does what ``newsprism ingest`` does (``pipeline.ingest``, then
``update_stories``: spaCy annotation, reprints, stories); the server builds every brief with the
library (``create_app``'s default). Building takes a few seconds, so it happens once per test
session (``shared_corpus``); the database is read-only for tests, and a test that writes works
on a copy (``Corpus.copy_db``). Tests rest on the planted facts of ``examples/planted.json``
(which article is in which story, the "$4.7 million" figure, the two reprints), never on the
exact wording or number of the claims, which the library may improve.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

import newsprism
from newsprism.pipeline import IngestOptions, ingest, update_stories
from newsprism.server import ServerConfig, create_app
from newsprism.server.briefs import library_brief
from newsprism.store import SQLiteStore, open_store

from .conftest import EXAMPLE_INPUTS, EXAMPLES, example_ref

SCHEMA = json.loads((Path(newsprism.__file__).parent / "schemas" / "brief.schema.json").read_text())
PLANTED = json.loads((EXAMPLES / "planted.json").read_text())
BUDGET = PLANTED["figure_discrepancy"]["story"]
FIRE = PLANTED["organization_discrepancy"]["story"]
STRIKE = next(name for name in PLANTED["independent_reports"])


@dataclass(frozen=True)
class Corpus:
    """The sample corpus in a store: article ids by answer-key ref, story ids by planted name."""

    db: str
    ids: dict[str, str]
    stories: dict[str, str]

    @property
    def richest(self) -> str:
        """The story with the most to show: the planted figure discrepancy, the mayor's aliases
        and the paraphrased quote (it has as many independent reports as any other story)."""
        return self.stories[BUDGET]

    def copy_db(self, target: Path) -> str:
        """A private copy of the corpus database at ``target``, for a test that writes."""
        shutil.copy(self.db, target)
        return str(target)


def build_corpus(folder: Path) -> Corpus:
    """Ingest the sample corpus into ``folder``/corpus.db and let the library make its stories.

    Closing the store checkpoints its write-ahead log, so a plain copy of the file is the
    whole corpus.
    """
    db = str(folder / "corpus.db")
    with open_store(db) as store:
        report = ingest(EXAMPLE_INPUTS, store, IngestOptions(workers=1))
        assert report.failed == 0, report.summary()
        update_stories(store)
        ids = {example_ref(a.source): a.id for a in store.iter_articles()}
        stories = {}
        for spec in PLANTED["stories"]:
            found = {store.story_of(ids[ref]) for ref in spec["files"]}
            assert len(found) == 1, f"{spec['name']}: its articles are in stories {found}"
            stories[spec["name"]] = found.pop()
    return Corpus(db=db, ids=ids, stories=stories)


_BUILT: dict[str, Corpus] = {}


def shared_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The session's corpus, built on first use (every test module shares this one build)."""
    if "corpus" not in _BUILT:
        _BUILT["corpus"] = build_corpus(tmp_path_factory.mktemp("corpus"))
    return _BUILT["corpus"]


@pytest.fixture(scope="session", name="corpus")
def corpus_fixture(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The sample corpus in a store (read-only: copy it with ``Corpus.copy_db`` to write)."""
    return shared_corpus(tmp_path_factory)


def local_client(app: Any, **options: Any) -> TestClient:
    """An in-process client whose requests come from this machine (Host: 127.0.0.1)."""
    return TestClient(app, base_url="http://127.0.0.1", **options)


class CountingBriefs:
    """The library's brief builder, counting its calls (so tests can see the cache at work).

    A plain class: it counts calls.
    """

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, store: SQLiteStore, story_id: str) -> dict[str, Any]:
        self.calls += 1
        return library_brief(store, story_id)


@pytest.fixture(scope="module")
def served(corpus: Corpus) -> Iterator[TestClient]:
    """A client of a server over the corpus with the default (library) brief builder."""
    with local_client(create_app(ServerConfig(db=corpus.db))) as client:
        yield client


def test_every_story_brief_follows_the_json_schema(served: TestClient, corpus: Corpus) -> None:
    listed = served.get("/api/stories").json()
    assert listed["total"] == 3
    assert {s["id"] for s in listed["stories"]} == set(corpus.stories.values())
    for story_id in corpus.stories.values():
        brief = served.get(f"/api/stories/{story_id}").json()
        jsonschema.validate(brief, SCHEMA)
        assert brief["story"]["id"] == story_id


def test_the_briefs_hold_the_planted_facts(served: TestClient, corpus: Corpus) -> None:
    budget = served.get(f"/api/stories/{corpus.richest}").json()
    values = {v["value"] for d in budget["discrepancies"] for v in d["values"]}
    assert {"$4.2 million", "$4.7 million"} <= values
    okafor = [e for e in budget["entities"] if "Mayor Okafor" in e["aliases"] + [e["name"]]]
    assert len(okafor) == 1 and "Dr. Amara Okafor" in okafor[0]["aliases"] + [okafor[0]["name"]]
    attributions = [a for q in budget["quotes"] for a in q["attributions"]]
    assert any(not a["verbatim"] for a in attributions)
    fire = served.get(f"/api/stories/{corpus.stories[FIRE]}").json()
    names = {v["value"] for d in fire["discrepancies"] for v in d["values"]}
    assert {"Northern Farmers Union", "Northern Growers Union"} <= names
    strike = served.get(f"/api/stories/{corpus.stories[STRIKE]}").json()
    assert strike["coverage"]["reprints"] == 2
    original = corpus.ids[PLANTED["reprints"][0]["original"]]
    assert sorted(a["id"] for a in strike["articles"] if a["reprint_of"] == original) == sorted(
        corpus.ids[r["reprint"]] for r in PLANTED["reprints"]
    )


def test_the_richest_story_has_the_most_independent_reports(
    served: TestClient, corpus: Corpus
) -> None:
    stories = served.get("/api/stories").json()["stories"]
    most = max(s["coverage"]["independent_reports"] for s in stories)
    richest = next(s for s in stories if s["id"] == corpus.richest)
    assert richest["coverage"]["independent_reports"] == most
