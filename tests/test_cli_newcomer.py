"""What a newcomer meets on the command line, run through the real ``newsprism`` script.

Clear one-line errors for files that cannot be written, formats taken from the file name,
no binary on a terminal, counted nouns in the right number, exports of what briefs found.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .test_server_corpus import Corpus, corpus_fixture  # noqa: F401 (the `corpus` fixture)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("newsprism")

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason=f"no newsprism script at {SCRIPT}")


def run(db: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``newsprism --db DB ARGS...`` as a user runs it, its output captured (not a terminal)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [str(SCRIPT), "--db", db, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def on_terminal(argv: list[str], stream: str = "stdout") -> tuple[int, bytes, bytes]:
    """Run ``argv`` with ``stream`` (stdout or stderr) on a pseudo-terminal and the other one
    piped: (exit code, what the terminal showed, what the pipe got)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), COLUMNS="100")
    leader, follower = pty.openpty()
    try:
        streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
        process = subprocess.Popen(argv, env=env, **streams)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        out, err = process.communicate(timeout=300)
    finally:
        os.close(leader)
    return process.returncode, shown, out or err


@pytest.fixture(scope="module")
def db(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> str:
    return corpus.copy_db(tmp_path_factory.mktemp("newcomer") / "n.db")


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_brief_and_export_to_a_missing_folder_give_one_clear_line(
    db: str, corpus: Corpus, tmp_path: Path
) -> None:
    missing = tmp_path / "no" / "such"
    line = one_error_line(run(db, "brief", corpus.richest, "--out", str(missing / "x.md")))
    assert "cannot write" in line and "does not exist" in line and str(missing) in line
    line = one_error_line(run(db, "export", "--format", "csv", "--out", str(missing / "x.csv")))
    assert "cannot write" in line and str(missing) in line
    assert not missing.exists()


def test_export_to_a_full_disk_is_one_line(db: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    line = one_error_line(run(db, "export", "--format", "csv", "--out", "/dev/full"))
    assert line.startswith("error: cannot write /dev/full: ")


def test_brief_takes_its_format_from_the_out_extension(
    db: str, corpus: Corpus, tmp_path: Path
) -> None:
    story = corpus.richest
    for name, start in (("b.html", "<!DOCTYPE html>"), ("b.json", "{"), ("b.md", "# ")):
        result = run(db, "brief", story, "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    # An explicit --format still wins over the extension.
    result = run(db, "brief", story, "--format", "md", "--out", str(tmp_path / "x.html"))
    assert (tmp_path / "x.html").read_text(encoding="utf-8").startswith("# ")


def test_markdown_brief_has_plain_references_and_one_date_format(db: str, corpus: Corpus) -> None:
    result = run(db, "brief", corpus.richest)
    assert result.returncode == 0, result.stderr
    assert "\\[1\\]" not in result.stdout and "[1]" in result.stdout
    header = result.stdout.splitlines()[2]
    assert "T" not in header.split("·", 1)[1], header  # dates, not timestamps


def test_parquet_is_never_written_to_a_terminal(db: str) -> None:
    rc, shown, err = on_terminal([str(SCRIPT), "--db", db, "export", "--format", "parquet"])
    assert rc == 1
    assert b"PAR1" not in shown and b"--out" in err and b"Traceback" not in err


def test_export_entities_quotes_claims_discrepancies_with_their_story(
    db: str, corpus: Corpus
) -> None:
    stories = {s["id"] for s in json.loads(run(db, "stories", "--json").stdout)}
    for what in ("entities", "quotes", "claims", "discrepancies"):
        result = run(db, "export", "--what", what, "--format", "jsonl")
        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows, what
        assert all(row["story"] for row in rows), what
        assert {row["story"] for row in rows} <= stories
        assert result.stderr.strip().endswith("exported"), result.stderr
        table = run(db, "export", "--what", what, "--format", "csv")
        parsed = list(csv.DictReader(io.StringIO(table.stdout)))
        assert len(parsed) == len(rows), what
    printed = run(db, "export", "--what", "quotes", "--format", "jsonl").stdout
    quotes = [json.loads(line) for line in printed.splitlines()]
    assert any(not q["verbatim"] for q in quotes)  # the planted paraphrase
    assert all(isinstance(q["direct"], bool) and isinstance(q["start"], int) for q in quotes)


def test_export_parquet_columns_are_typed(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "quotes.parquet"
    result = run(db, "export", "--what", "quotes", "--format", "parquet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    schema = pq.read_schema(out)
    assert str(schema.field("start").type) == "int64"
    assert str(schema.field("verbatim").type) == "bool"


def test_counts_read_in_the_right_number(db: str, corpus: Corpus) -> None:
    result = run(db, "story", corpus.richest)
    assert result.returncode == 0, result.stderr
    second = result.stdout.splitlines()[1]
    for wrong in ("1 stories", "1 articles", "1 outlets", "1 independent reports", "1 reprints"):
        assert wrong not in second
    listed = run(db, "stories")
    assert "stories" in listed.stdout.splitlines()[0]


def test_wording_counts_and_dates() -> None:
    from newsprism.model import Coverage
    from newsprism.wording import count, coverage_line, date_range

    assert count(1, "story") == "1 story" and count(2, "story") == "2 stories"
    assert count(0, "reprint") == "0 reprints" and count(1, "discrepancy") == "1 discrepancy"
    assert coverage_line(Coverage(1, 1, 1, 1)) == (
        "1 article, 1 outlet, 1 independent report, 1 reprint"
    )
    assert date_range("2023-11-17", "2023-11-18T09:00:00-05:00") == "2023-11-17 to 2023-11-18"
    assert date_range("2023-11-17T08:00:00Z", "2023-11-17T09:00:00Z") == "2023-11-17"


def test_update_reports_progress_of_annotating_and_grouping(tmp_path: Path) -> None:
    from newsprism import open_store
    from newsprism.ingest.batch import IngestOptions
    from newsprism.pipeline import ingest, update_stories

    from .conftest import EXAMPLE_INPUTS

    heard: list[tuple[str, int, int | None]] = []
    with open_store(tmp_path / "p.db") as store:
        ingest(EXAMPLE_INPUTS, store, IngestOptions())
        update_stories(store, progress=lambda *event: heard.append(event))
    stages = [stage for stage, _, _ in heard]
    assert stages[0] == "annotating" and stages[-1] == "grouping"
    assert ("annotating", 15, 15) in heard and ("grouping", 1, 1) in heard


def test_ingest_progress_bar_names_every_stage(tmp_path: Path) -> None:
    from .conftest import EXAMPLE_INPUTS

    argv = [str(SCRIPT), "--db", str(tmp_path / "bar.db"), "ingest", *EXAMPLE_INPUTS]
    rc, shown, out = on_terminal(argv, "stderr")
    assert rc == 0
    assert b"15 stored" in out
    assert b"reading" in shown and b"annotating" in shown and b"grouping" in shown


def test_clip_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    from newsprism.wording import clip

    said = "We have to get the design right before the first crane arrives"
    assert clip(said, 100) == said
    assert clip(said, 29) == "We have to get the design…"
    assert clip("Supercalifragilistic", 8) == "Superca…"


def test_article_shows_quotes_cut_at_word_boundaries(db: str, tmp_path: Path) -> None:
    body = (
        'title Harbour works\n\nThe engineer Lotte Brandvik said: "We have to get the '
        "foundations of the northern breakwater exactly right before a single heavy crane "
        'is allowed anywhere near the quay wall this winter," at a briefing on Monday.\n'
    )
    (tmp_path / "q.txt").write_text(body, encoding="utf-8")
    own = str(tmp_path / "q.db")
    assert run(own, "ingest", "-q", str(tmp_path / "q.txt")).returncode == 0
    article = json.loads(run(own, "articles", "--json").stdout)[0]["id"]
    shown = run(own, "article", article).stdout
    quote_lines = [line for line in shown.splitlines() if line.startswith("quote:")]
    assert quote_lines, shown
    for line in quote_lines:
        said = line.split("“", 1)[1].rstrip("”")
        assert said.endswith("…"), line
        assert said[:-1] in body.replace("\n", " "), line
        assert said[:-1].split()[-1] in body.split(), line  # a whole word before the cut


def test_one_title_per_story_in_the_list_the_brief_and_the_markdown(db: str) -> None:
    for story in json.loads(run(db, "stories", "--json").stdout):
        brief = json.loads(run(db, "brief", story["id"], "--format", "json").stdout)
        assert story["title"] and brief["story"]["title"] == story["title"]
        markdown = run(db, "brief", story["id"], "--format", "md").stdout
        assert markdown.splitlines()[0] == f"# {story['title']}"


def _untitled(folder: Path) -> list[str]:
    """Two header-less articles about one invented event, and one with a URL but no outlet."""
    lead = "The Orvala ferry terminal reopened on Friday after three weeks of repairs."
    rest = (
        " Crews replaced the landing ramp and the ticket hall roof. The operator said "
        "crossings to Piesk island would run every forty minutes until the end of the month."
    )
    (folder / "one.txt").write_text(lead + rest + " Passengers welcomed the news.\n")
    (folder / "two.txt").write_text(lead + rest + " Some sailings were fully booked.\n")
    (folder / "site.txt").write_text(
        "title Glass museum extends hours\nurl https://www.kellmark-herald.example/a/1\n\n"
        "The Kellmark glass museum will stay open until nine on Thursdays from next week, "
        "its director told the city council on Monday evening.\n"
    )
    return [str(folder / name) for name in ("one.txt", "two.txt", "site.txt")]


def test_untitled_articles_and_outlets_read_well(tmp_path: Path) -> None:
    own = str(tmp_path / "u.db")
    inputs = _untitled(tmp_path)
    assert run(own, "ingest", "-q", *inputs).returncode == 0
    articles = json.loads(run(own, "articles", "--json").stdout)
    by_source = {Path(a["source"]).name: a for a in articles}
    assert by_source["site.txt"]["outlet"] == "kellmark-herald.example"
    stories = json.loads(run(own, "stories", "--json").stdout)
    ferry = next(s for s in stories if by_source["one.txt"]["id"] in s["articles"])
    assert ferry["title"].startswith("The Orvala ferry terminal reopened")
    for shown in (
        run(own, "articles").stdout,
        run(own, "story", ferry["id"]).stdout,
        run(own, "brief", ferry["id"]).stdout,
        run(own, "brief", ferry["id"], "--format", "html").stdout,
    ):
        assert str(tmp_path) not in shown and "one.txt" not in shown
        assert "Untitled" not in shown
    brief = json.loads(run(own, "brief", ferry["id"], "--format", "json").stdout)
    assert brief["story"]["title"] == ferry["title"]
    # The web pages name them the same way, without the file path.
    from newsprism.server import ServerConfig, create_app

    from .test_server_corpus import local_client

    with local_client(create_app(ServerConfig(db=own))) as client:
        page = client.get(f"/articles/{by_source['one.txt']['id']}").text
        assert "<h1>The Orvala ferry terminal reopened" in page
        story_page = client.get(f"/stories/{ferry['id']}").text
        listing = client.get("/stories").text
        for html in (page, story_page, listing):
            assert "one.txt" not in html and str(tmp_path) not in html
            assert "Untitled" not in html
        assert (
            "kellmark-herald.example" in client.get(f"/articles/{by_source['site.txt']['id']}").text
        )


def test_stories_search_and_filters_on_the_command_line(db: str, corpus: Corpus) -> None:
    def ids(*args: str) -> list[str]:
        result = run(db, "stories", "--json", *args)
        assert result.returncode == 0, result.stderr
        return [s["id"] for s in json.loads(result.stdout)]

    budget = corpus.richest
    assert ids("--q", "Okafor") == [budget]  # a name in the text, in no headline
    assert ids("--q", "okafor riverside") == [budget]
    assert ids("--q", "Okafor", "--since", "2023-11-20") == []
    assert budget in ids("--until", "2023-11-14") and len(ids()) == 3
    assert budget not in ids("--outlet", "meridian wire")
    shown = run(db, "stories", "--q", "Okafor").stdout
    assert shown.splitlines()[0].strip() == "1 story"
    bad = run(db, "stories", "--since", "last week")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_corrections_are_listed_numbered_and_undone(corpus: Corpus, tmp_path: Path) -> None:
    own = corpus.copy_db(tmp_path / "c.db")

    def story_ids() -> list[str]:
        return sorted(s["id"] for s in json.loads(run(own, "stories", "--json").stdout))

    before = story_ids()
    assert run(own, "corrections").stdout.strip() == "no corrections"
    assert run(own, "merge", before[0], before[1]).returncode == 0
    assert len(story_ids()) == len(before) - 1
    listed = run(own, "corrections").stdout.splitlines()
    assert len(listed) == 1 and listed[0].split()[0] == "1" and "merge:" in listed[0]
    numbered = json.loads(run(own, "corrections", "--json").stdout)
    assert [c["number"] for c in numbered] == [1] and numbered[0]["record"]["op"] == "merge"
    undone = run(own, "undo", "1")
    assert undone.returncode == 0 and undone.stdout.startswith("undid correction 1 (merge:")
    assert story_ids() == before
    assert run(own, "corrections").stdout.strip() == "no corrections"
    line = one_error_line(run(own, "undo", "1"))
    assert "no correction number 1" in line


def test_serve_has_the_allow_private_flag_the_refusal_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    import newsprism.server
    from newsprism.cli import cli

    seen: list[object] = []
    monkeypatch.setattr(newsprism.server, "serve", lambda config, **_: seen.append(config))
    db = str(tmp_path / "s.db")
    for args, allowed in (([], False), (["--allow-private"], True)):
        result = CliRunner().invoke(cli, ["--db", db, "serve", *args])
        assert result.exit_code == 0, result.output
        assert seen[-1].ingest.fetch.allow_private is allowed  # type: ignore[attr-defined]


def test_head_is_answered_like_get(corpus: Corpus) -> None:
    from newsprism.server import ServerConfig, create_app

    from .test_server_corpus import local_client

    with local_client(create_app(ServerConfig(db=corpus.db))) as client:
        for path in ("/", "/stories", f"/stories/{corpus.richest}", "/api/stories"):
            got, head = client.get(path), client.head(path)
            assert head.status_code == got.status_code == 200, path
            assert head.content == b"", path
            assert head.headers["content-type"] == got.headers["content-type"], path
        assert client.head("/no/such/page").status_code == 404


def test_outlet_counts_match_the_chart(tmp_path: Path) -> None:
    from newsprism.server.charts import outlet_day_matrix

    body = (
        "The Dunmere lock gates will be replaced over the winter, the canal trust said. "
        "Boats will be diverted through the Hollin cut while the work goes on."
    )
    for n, extra in enumerate(("It starts in November.", "Work begins on 3 November.")):
        (tmp_path / f"lock{n}.txt").write_text(
            f"title Lock gates to be replaced\nurl https://www.dunmere-gazette.example/{n}\n"
            f"date 2024-10-0{n + 1}\n\n{body} {extra}\n"
        )
    own = str(tmp_path / "o.db")
    assert run(own, "ingest", "-q", str(tmp_path)).returncode == 0
    (story,) = json.loads(run(own, "stories", "--json").stdout)
    assert story["coverage"]["outlets"] == 1
    brief = json.loads(run(own, "brief", story["id"], "--format", "json").stdout)
    assert brief["coverage"]["outlets"] == 1
    assert {a["outlet"] for a in brief["articles"]} == {"dunmere-gazette.example"}
    chart = outlet_day_matrix(["2024-10-01"], [("unnamed source", [2]), ("Gazette", [1])])
    assert "3 articles by 1 outlet over 1 day" in chart


def test_markdown_brief_on_a_terminal_is_rendered_without_escapes(db: str, corpus: Corpus) -> None:
    rc, shown, _ = on_terminal([str(SCRIPT), "--db", db, "brief", corpus.richest])
    assert rc == 0
    text = shown.decode("utf-8", "replace")
    assert "Discrepancies" in text and "[1]" in text
    assert "\\(" not in text and "\\[" not in text and "## " not in text


def test_each_discrepancy_passage_is_its_own_paragraph(db: str, corpus: Corpus) -> None:
    from markdown_it import MarkdownIt

    markdown = run(db, "brief", corpus.richest).stdout
    section = markdown.split("## Discrepancies", 1)[1].split("\n## ", 1)[0]
    quoted = [line for line in section.splitlines() if line.startswith("  > ") and line[4:]]
    tokens = MarkdownIt().parse(section)
    in_quotes = [t for t in tokens if t.type == "paragraph_open" and t.level >= 3]
    assert len(quoted) > 1 and len(in_quotes) == len(quoted)
