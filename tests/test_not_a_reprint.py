"""The correction ``newsprism not-a-reprint ARTICLE``: stored, and honoured by every refresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import cli
from newsprism.dedup import find_reprints
from newsprism.errors import CorrectionError, NotFoundError
from newsprism.store.sqlite import SQLiteStore
from newsprism.stories import (
    independent_articles,
    not_a_reprint,
    refresh_stories,
    stored_corrections,
)

from .test_dedup import OTHER_REPORT, WIRE_STORY, article


def _write(folder: Path, name: str, outlet: str, day: str, paragraphs: list[str]) -> Path:
    path = folder / name
    body = "\n\n".join(paragraphs)
    path.write_text(f"title Bridge to close\noutlet {outlet}\ndate {day}\n\n{body}\n")
    return path


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_detector_keeps_an_independent_article_out_of_every_family() -> None:
    wire = article("wire", WIRE_STORY)
    copy = article("copy", WIRE_STORY[1:], "2024-02-21")
    twin = article("twin", WIRE_STORY, "2024-02-22")
    assert find_reprints([wire, copy, twin]).origin("copy") == "wire"
    result = find_reprints([wire, copy, twin], independent=["copy", "twin"])
    assert result.links == ()
    assert result.count_reports(["wire", "copy", "twin"]).independent_reports == 3


def test_cli_not_a_reprint_is_stored_and_survives_later_refreshes(tmp_path: Path) -> None:
    texts = tmp_path / "in"
    texts.mkdir()
    _write(texts, "wire.txt", "Meridian Wire", "2024-02-20", WIRE_STORY)
    _write(texts, "copy.txt", "Daily Courier", "2024-02-21", WIRE_STORY[1:])
    db = str(tmp_path / "n.db")
    code, output = _invoke("--db", db, "ingest", "-q", str(texts))
    assert code == 0, output
    with SQLiteStore(db) as store:
        (link,) = store.load_reprints().values()
    copy_id = link.article_id

    code, output = _invoke("--db", db, "not-a-reprint", copy_id[:10])
    assert code == 0, output
    assert f"article {copy_id} is an independent report; 0 reprints now" in output
    assert "has 2 independent reports" in output

    # A later ingest (a refresh with one more article) keeps the correction.
    _write(texts, "other.txt", "Harbor Herald", "2024-02-21", OTHER_REPORT)
    code, output = _invoke("--db", db, "ingest", "-q", str(texts))
    assert code == 0, output
    listed = json.loads(_invoke("--db", db, "stories", "--json")[1])
    assert sum(s["coverage"]["reprints"] for s in listed) == 0
    with SQLiteStore(db) as store:
        assert store.load_reprints() == {}
        assert independent_articles(store) == {copy_id}
        assert stored_corrections(store).records == ()  # not a grouping correction

    code, output = _invoke("--db", db, "not-a-reprint", copy_id)
    assert code == 1 and "already recorded" in output
    code, output = _invoke("--db", db, "not-a-reprint", "ffffffff")
    assert code == 1 and "no article" in output.lower()


def test_not_a_reprint_refuses_an_article_linked_to_nothing(tmp_path: Path) -> None:
    texts = tmp_path / "in"
    texts.mkdir()
    _write(texts, "wire.txt", "Meridian Wire", "2024-02-20", WIRE_STORY)
    _write(texts, "other.txt", "Harbor Herald", "2024-02-21", OTHER_REPORT)
    db = str(tmp_path / "n.db")
    assert _invoke("--db", db, "ingest", "-q", "--no-update", str(texts))[0] == 0
    with SQLiteStore(db) as store:
        refresh_stories(store)
        assert store.load_reprints() == {}
        first = next(store.iter_articles()).id
        with pytest.raises(CorrectionError, match="nothing to correct"):
            not_a_reprint(store, first, now="2024-03-01T00:00:00+00:00")
        with pytest.raises(NotFoundError):
            not_a_reprint(store, "0000000000", now="2024-03-01T00:00:00+00:00")
