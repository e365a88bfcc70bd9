"""Each reader on fixtures: plain text with metadata, JSONL, JSON, CSV, HTML, RSS, Atom, OPML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.errors import MalformedInputError, UnsupportedInputError
from newsprism.ingest import FieldMap, read_bytes, read_path
from newsprism.ingest.sniff import sniff_format

LIMIT = 20 * 1024 * 1024


def read_one(data: str | bytes, source: str = "input", **kwargs: object):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    result = read_bytes(raw, source, **kwargs)  # type: ignore[arg-type]
    assert not result.errors, result.errors
    assert len(result.drafts) == 1
    return result.drafts[0]


# -- plain text -------------------------------------------------------------------------------
def test_text_with_metadata_header() -> None:
    draft = read_one(
        "title Council approves riverside budget\n"
        "outlet Harbor Daily\n"
        "date 2023-11-14\n"
        "url https://harbordaily.example/news/budget\n"
        "byline By Lena Marsh\n"
        "\n"
        "RIVERTON - The council voted on Tuesday.\n\nSecond paragraph.\n"
    )
    assert draft.title == "Council approves riverside budget"
    assert draft.outlet == "Harbor Daily"
    assert draft.published == "2023-11-14"
    assert draft.url == "https://harbordaily.example/news/budget"
    assert draft.byline == "By Lena Marsh"
    assert draft.text == "RIVERTON - The council voted on Tuesday.\n\nSecond paragraph."


def test_text_metadata_sharing_its_line_with_the_first_sentence() -> None:
    draft = read_one(" date 2023-11-14 The council voted on the budget.\nIt passed 7-2.")
    assert draft.published == "2023-11-14"
    assert draft.text == "The council voted on the budget.\nIt passed 7-2."


def test_text_metadata_with_colons_and_url_run_on() -> None:
    draft = read_one(
        "Title: Floods close the ring road\nSource: Valley Courier\n"
        "URL: https://vc.example/floods Water rose overnight.\n"
    )
    assert draft.title == "Floods close the ring road"
    assert draft.outlet == "Valley Courier"
    assert draft.url == "https://vc.example/floods"
    assert draft.text == "Water rose overnight."


def test_text_without_metadata_keeps_everything_and_knows_nothing() -> None:
    draft = read_one("The council voted on Tuesday.\n\nIt passed.", source="saved/a.txt")
    assert draft.text == "The council voted on Tuesday.\n\nIt passed."
    assert draft.published is None and draft.outlet is None and draft.title is None
    assert draft.source == "saved/a.txt"


def test_text_starting_with_a_key_word_is_not_mistaken_for_metadata() -> None:
    body = "Title IX funding was cut on Monday.\n\nSchools protested."
    assert read_one(body).text == body
    body = "Date night is back at the cinema.\nTickets sold out."
    assert read_one(body).text == body


# -- JSONL, JSON, CSV -------------------------------------------------------------------------
def test_jsonl_usual_field_names() -> None:
    lines = [
        {
            "title": "A",
            "text": "Body A.",
            "url": "https://x.example/a",
            "date": "2024-01-02",
            "source": "Outlet A",
        },
        {
            "headline": "B",
            "body": "Body B.",
            "link": "https://x.example/b",
            "published": "2024-01-03T10:00:00Z",
            "publisher": "Outlet B",
            "author": ["Ann", "Bo"],
        },
        {"title": "C", "content": "Body C.", "source": {"id": "c", "name": "Outlet C"}},
    ]
    result = read_bytes("\n".join(json.dumps(x) for x in lines).encode(), "dump.jsonl")
    assert not result.errors
    a, b, c = result.drafts
    assert (a.title, a.text, a.url, a.published, a.outlet) == (
        "A",
        "Body A.",
        "https://x.example/a",
        "2024-01-02",
        "Outlet A",
    )
    assert (b.title, b.text, b.outlet, b.byline) == ("B", "Body B.", "Outlet B", "Ann, Bo")
    assert b.published == "2024-01-03T10:00:00Z"
    assert c.outlet == "Outlet C"
    assert a.source == "dump.jsonl:1" and c.source == "dump.jsonl:3"


def test_jsonl_field_mapping_option() -> None:
    data = json.dumps({"story_body": "The text.", "paper": "Daily X", "hed": "H"}) + "\n"
    fields = FieldMap.parse(["text=story_body", "outlet=paper", "title=hed"])
    draft = read_one(data, "d.jsonl", fields=fields)
    assert (draft.text, draft.outlet, draft.title) == ("The text.", "Daily X", "H")


def test_field_mapping_rejects_unknown_fields() -> None:
    with pytest.raises(Exception, match="FIELD=KEY"):
        FieldMap.parse(["colour=red"])


def test_jsonl_malformed_line_reports_its_number_and_keeps_the_rest() -> None:
    data = (
        json.dumps({"title": "ok", "text": "First."})
        + "\n"
        + '{"title": "broken", "text": "unterminated\n'
        + json.dumps({"title": "also ok", "text": "Third."})
        + "\n"
        + json.dumps({"title": "no text"})
        + "\n"
    )
    result = read_bytes(data.encode(), "dump.jsonl")
    assert [d.text for d in result.drafts] == ["First.", "Third."]
    assert len(result.errors) == 2
    broken, missing = result.errors
    assert isinstance(broken, MalformedInputError) and broken.line == 2
    assert "dump.jsonl:2" in str(broken)
    assert missing.line == 4 and "--field text=" in str(missing)


def test_json_array_and_wrapped_articles() -> None:
    array = json.dumps([{"title": "A", "text": "Body A."}, {"title": "B", "text": "Body B."}])
    assert [d.title for d in read_bytes(array.encode(), "a.json").drafts] == ["A", "B"]
    wrapped = json.dumps({"status": "ok", "articles": [{"title": "C", "description": "C."}]})
    assert [d.text for d in read_bytes(wrapped.encode(), "w.json").drafts] == ["C."]


def test_csv_usual_names_and_semicolons() -> None:
    data = (
        'title,text,url,date,outlet\n"A, with comma","Body ""A"".",https://x.example/a,'
        "2024-02-01,Out A\nB,Body B.,https://x.example/b,2024-02-02,Out B\n"
    )
    result = read_bytes(data.encode(), "dump.csv")
    assert [d.title for d in result.drafts] == ["A, with comma", "B"]
    assert result.drafts[0].text == 'Body "A".'
    semicolons = "title;body;source\nC;Body C.;Out C\n"
    draft = read_bytes(semicolons.encode(), "dump.csv").drafts[0]
    assert (draft.title, draft.text, draft.outlet) == ("C", "Body C.", "Out C")


def test_csv_row_with_extra_cells_is_reported_with_its_line() -> None:
    data = "title,text\nA,Body A.\nB,Body B.,surplus\n"
    result = read_bytes(data.encode(), "dump.csv")
    assert [d.title for d in result.drafts] == ["A"]
    assert result.errors[0].line == 3


# -- HTML, feeds, OPML ------------------------------------------------------------------------
def test_html_main_text_and_metadata(fixtures: Path) -> None:
    draft = read_one((fixtures / "article.html").read_bytes(), "article.html")
    assert draft.format == "html"
    assert draft.title == "Bridge reopens after repairs"
    assert draft.outlet == "Lakeside Ledger"
    assert draft.byline == "Priya Natarajan"
    assert draft.published and draft.published.startswith("2024-03-05")
    assert draft.url == "https://lakesideledger.example/news/bridge-reopens"
    assert "Elm Street bridge reopened" in draft.text
    assert "county engineer Tomas Reyes" in draft.text
    for chrome in ("Sport", "All rights reserved", "Ferry fares rise"):
        assert chrome not in draft.text
    assert draft.published == "2024-03-05T08:30:00+0000"  # the time is kept, not just the day
    assert not draft.text.startswith("Bridge reopens")  # the headline is the title, not text
    assert "\n\n" in draft.text  # paragraphs stay paragraphs


def test_malformed_html_without_article_text_is_an_error() -> None:
    with pytest.raises(MalformedInputError, match="no article text"):
        read_bytes(b"<html><body><div><a href='/'>Home</a></div></body></html>", "empty.html")


def test_broken_html_still_yields_its_text() -> None:
    html = (
        "<html><head><title>Storm</title><body><p>A storm hit the coast on Sunday, "
        "cutting power to thousands of homes and closing roads across the region.<p>"
        "Crews worked through the night to restore power, the utility said in a statement "
        "on Monday morning.<div><b>unclosed"
    )
    draft = read_one(html, "broken.html")
    assert "A storm hit the coast" in draft.text


def test_rss_items(fixtures: Path) -> None:
    result = read_path(fixtures / "feed.rss", max_bytes=LIMIT)
    assert not result.errors
    first, second = result.drafts
    assert first.outlet == "Lakeside Ledger"
    assert first.url == "https://lakesideledger.example/news/ferry-fares"
    assert first.title == "Ferry fares rise by ten percent"
    assert first.byline == "Ana Ruiz"
    assert first.published == "Mon, 04 Mar 2024 17:00:00 GMT"
    assert first.text == (
        "Fares on the lake ferry will rise by ten percent from April, the transit authority "
        "said on Monday.\n\nThe authority blamed higher fuel prices."
    )
    assert second.text.startswith("The central library will open")
    assert first.source.endswith("feed.rss#item1")


def test_atom_entries(fixtures: Path) -> None:
    (entry,) = read_path(fixtures / "feed.atom", max_bytes=LIMIT).drafts
    assert entry.outlet == "Valley Signal"
    assert entry.url == "https://valleysignal.example/frost"
    assert entry.byline == "Joel Park"
    assert entry.text.startswith("Orchard growers in the valley")


def test_opml_lists_feeds_relative_to_itself(fixtures: Path) -> None:
    result = read_path(fixtures / "subscriptions.opml", max_bytes=LIMIT)
    assert result.follow == (str(fixtures / "feed.rss"), str(fixtures / "feed.atom"))
    assert result.drafts == ()


# -- sniffing ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("<!DOCTYPE html><html><p>x</p></html>", "page.txt", "html"),
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "feed.xml", "feed"),
        ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', "x", "feed"),
        ('<?xml version="1.0"?><opml version="2.0"/>', "subs.xml", "opml"),
        ('{"title": "a", "text": "b"}\n{"title": "c", "text": "d"}\n', "dump.txt", "jsonl"),
        ('{\n  "title": "a",\n  "text": "b"\n}\n', "one.json", "json"),
        ("title,text\nA,B\n", "dump", "csv"),
        ("The council met.\nIt voted.", "article.html", "text"),
        ("date 2023-11-14 The council met.", "a.json", "text"),
    ],
)
def test_sniffing_reads_content_before_the_name(content: str, name: str, expected: str) -> None:
    assert sniff_format(content, name) == expected


def test_xml_that_is_no_feed_is_unsupported() -> None:
    with pytest.raises(UnsupportedInputError, match="neither an RSS/Atom feed nor OPML"):
        read_bytes(b'<?xml version="1.0"?><invoice><total>3</total></invoice>', "inv.xml")
