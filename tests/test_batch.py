"""``newsprism batch``: the local and Ray engines store what ``ingest`` stores, bad inputs are
one error line each, and a missing Ray is one clear error naming the extra."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsprism.batch.stages import (
    AnnotateStage,
    Location,
    StageOptions,
    normalize_stage,
    read_stage,
    sign_stage,
)
from newsprism.cli import cli
from newsprism.dedup import ReprintDetector
from newsprism.serialize import annotations_to_dict, article_to_dict
from newsprism.store import open_store

from .conftest import EXAMPLE_INPUTS, FIXTURES, article_text
from .feed_server import FeedSite, Route, rss, serving

SRC = str(Path(__file__).parent.parent / "src")
LAUNCH = "from newsprism.cli import main; main()"
SUMMARY = "15 stored, 0 already there, 0 failed"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_process(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh Python process (Ray starts its workers from it), this tree first."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))
    }
    return subprocess.run(
        [sys.executable, "-c", before + LAUNCH, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def contents(db: Path) -> dict[str, Any]:
    """What a store holds, as JSON types: articles (without the time they were stored), their
    annotations, stories with their members, and reprint links."""
    with open_store(db, create=False) as store:
        articles = {a.id: article_to_dict(a) for a in store.iter_articles()}
        for data in articles.values():
            data.pop("ingested_at")
        annotations = {
            i: annotations_to_dict(a) | {"annotator": a.annotator, "text_hash": a.text_hash}
            for i, a in store.load_annotations(articles).items()
        }
        stories = {s.id: (s.title, s.article_ids) for s in store.list_stories()}
        reprints = {i: (r.reprint_of, r.reason) for i, r in store.load_reprints().items()}
    return {
        "articles": articles,
        "annotations": annotations,
        "stories": stories,
        "reprints": reprints,
    }


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The store ``ingest`` makes of the example corpus."""
    db = tmp_path_factory.mktemp("ingest") / "n.db"
    result = run("--db", str(db), "ingest", "--quiet", *EXAMPLE_INPUTS)
    assert result.output.strip().splitlines()[-1] == SUMMARY
    found = contents(db)
    assert len(found["stories"]) >= 3 and found["reprints"]  # the comparison has teeth
    assert len(found["annotations"]) == len(found["articles"])
    return found


def test_local_engine_stores_what_ingest_stores(tmp_path: Path, ingested: dict[str, Any]) -> None:
    db = tmp_path / "n.db"
    result = run(
        "--db", str(db), "batch", *EXAMPLE_INPUTS, "--engine", "local", "--batch-size", "4"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == SUMMARY
    assert contents(db) == ingested
    again = run("--db", str(db), "batch", *EXAMPLE_INPUTS)
    assert again.output.strip().splitlines()[-1] == "0 stored, 15 already there, 0 failed"
    assert contents(db) == ingested


def test_ray_engine_on_a_local_ray_stores_what_ingest_stores(
    tmp_path: Path, ingested: dict[str, Any]
) -> None:
    db = tmp_path / "n.db"
    started = time.monotonic()
    done = run_process("--db", str(db), "batch", *EXAMPLE_INPUTS, "--engine", "ray")
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == SUMMARY
    assert done.stderr == ""  # Ray's own logs stay out of the user's terminal
    assert contents(db) == ingested
    print(f"batch --engine ray on the examples, Ray started and stopped: {took:.1f} s")


def test_bad_inputs_are_one_line_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    (tmp_path / "b.txt").write_text(article_text("Millbrook"))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    missing = str(tmp_path / "missing.txt")
    result = run("--db", str(tmp_path / "n.db"), "batch", str(tmp_path), missing, "-")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4
    for name in (
        "empty.txt",
        "pic.png",
        "missing.txt",
        "error: -: batch reads files, folders and URLs",
    ):
        assert sum(name in e for e in errors) == 1, name
    assert result.output.strip().splitlines()[-1] == "2 stored, 0 already there, 4 failed"
    with open_store(tmp_path / "n.db", create=False) as store:
        assert store.count_articles() == 2 and store.count_stories() >= 1
        assert len(store.load_annotations(a.id for a in store.iter_articles())) == 2


def test_without_ray_the_ray_engine_is_one_error_naming_the_extra(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    # None in sys.modules makes `import ray` fail as it does where Ray is not installed.
    done = run_process(
        "--db",
        str(tmp_path / "n.db"),
        "batch",
        str(tmp_path / "a.txt"),
        "--engine",
        "ray",
        before="import sys; sys.modules['ray'] = None; ",
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: the ray engine needs Ray Data, which is not installed: "
        "pip install 'newsprism[ray]'"
    ]


def test_address_without_the_ray_engine_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    done = run_process(
        "--db", str(tmp_path / "n.db"), "batch", str(tmp_path / "a.txt"), "--address", "h:1"
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["error: --address is for the ray engine; add --engine ray"]


def test_an_opml_list_is_followed_to_its_feeds(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    result = run("--db", str(db), "batch", str(FIXTURES / "subscriptions.opml"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "3 stored, 0 already there, 0 failed"
    ingest_db = tmp_path / "ingest.db"
    run("--db", str(ingest_db), "ingest", "-q", str(FIXTURES / "subscriptions.opml"))
    assert contents(db) == contents(ingest_db)


def test_urls_are_fetched_and_a_failing_one_is_one_error(tmp_path: Path) -> None:
    site = FeedSite(
        {
            "/feed.rss": Route(
                rss(
                    "Harbor Daily",
                    [
                        ("Ferry fares rise", "http://example.invalid/a", article_text("Ashford")),
                        ("Library opens", "http://example.invalid/b", article_text("Northgate")),
                    ],
                )
            ),
            "/gone": Route(b"", status=404),
        }
    )
    with serving(site):
        urls = [site.base + "/feed.rss", site.base + "/gone"]
        result = run("--db", str(tmp_path / "n.db"), "batch", "--allow-private", *urls)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "/gone" in errors[0]
    assert result.output.strip().splitlines()[-1] == "2 stored, 0 already there, 1 failed"


def test_the_stages_pass_errors_on_and_sign_what_the_reprint_finder_would(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    (tmp_path / "empty.txt").write_text("")
    options = StageOptions()
    rows = read_stage([Location(str(tmp_path / n)) for n in ("a.txt", "empty.txt")], options)
    assert [(r.draft is not None, r.error is not None) for r in rows] == [
        (True, False),
        (False, True),
    ]
    annotate = AnnotateStage(options.annotate)
    try:
        done = sign_stage(annotate(normalize_stage(rows, options)), options)
    finally:
        annotate.close()
    article_row, error_row = done
    assert error_row == rows[1]  # passed on untouched
    assert article_row.article is not None and article_row.annotations is not None
    assert article_row.annotations.article_id == article_row.article.id
    assert any(e.name == "Riverton" for e in article_row.annotations.entities)
    assert article_row.evidence == ReprintDetector(options.dedup).evidence(article_row.article)
