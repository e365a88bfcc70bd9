"""Page furniture found in article texts: every kind on lines written for it, and running text
left alone."""

from __future__ import annotations

import pytest

from newsprism.compare.furniture import furniture_spans, in_furniture, narration


def marked(text: str) -> list[str]:
    """Return the furniture of ``text`` as the strings it covers."""
    return [text[s:e] for s, e in furniture_spans(text)]


@pytest.mark.parametrize(
    "line",
    [
        "By Marta Oyelaran",
        "By HENRIK VALSTAD and Jo Amari",
        "Reported by Lin Qiao | Harbour Desk",
        "By: Ilse Varga",
        "Story by: Ana Brisco",
        "Ilse Varga, Reuters",
        "Tomas Brell | AFP",
        "File Photo",
        "Web Desk | Published: June 4, 2023",
        "Last Updated: Jun 04, 2023, 10:12 IST",
        "Sun 4 Jun 2023 10.12 BST",
        "Related Articles",
        "Image source, Harbour Wire",
        "This is a developing story... Check back for updates.",
        "This article was first published by the Lakeside Courier.",
        "Copyright 2025 Harbour Media. All rights reserved.",
        "Staff Reporter",
        "Web Desk",
        "Tobias Renn, Senior Correspondent",
        "Meridian Wire Service",
        "Courtesy: Lakeside Chronicle",
        "Source: Radio Velmont",
        "Photo credit: Ana Brisco",
        "--XNA",
        "krd/pmt",
        "(With inputs from agencies)",
        "Related: Velmont council rejects the harbour plan",
        "Read also: Five things to know about the Orrin dam",
        "Published May 20, 2024 | 03:10 PM",
        "Faiza Noor Last Updated: 4 June 2023, 10:42 IST",
        "Monday, March 3, 2025",
        "Rescuers search the ruins of a school in Velmont on Friday. — AFP/File",
        "Villagers wait for aid near the river. File Photo: NEWSWIRE/Jorun Talb",
        "Supporters gather outside the court in Orrin. (AP Photo/Dela Muir)",
        "Firefighters at the depot after the blast. Photo: Harbour Wire",
    ],
)
def test_a_furniture_line_is_marked_whole(line: str) -> None:
    text = f"The bridge over the Orrin reopened after repairs.\n{line}\nTraffic returned by noon."
    assert marked(text) == [line]


def test_a_line_of_a_few_capitalised_words_is_a_name_or_label() -> None:
    text = "Ama Kessel\nThe harbour authority closed two piers on Monday.\nBackground"
    assert marked(text) == ["Ama Kessel", "Background"]


def test_a_title_case_subheading_is_furniture_but_a_score_line_is_not() -> None:
    text = "Outlook for the Second Half of the Year\nValdoria 2-1 Ostrel\nSales rose."
    assert marked(text) == ["Outlook for the Second Half of the Year"]


@pytest.mark.parametrize(
    "line",
    [
        "The council thanked the staff.",
        "Officials said the bridge is safe.",
        "According to officials, he said:",
        "The report was published on May 3 by the ministry.",
        "Prices rose 4.2% in March, the statistics office said.",
        "Three people were hurt, police said — two of them seriously.",
        "Prices fell, Reuters",
        "By late Wednesday night, the account had been suspended.",
        "Most voters back the plan, according to a new Harbour News/Velmont Post poll.",
        "The toll was updated to 157 on Saturday by the ministry, which said 30",
        "Sources, who spoke on condition of anonymity, said the army had",
        "The minister told Reuters",
    ],
)
def test_running_text_is_no_furniture(line: str) -> None:
    assert marked(f"{line}\nThe ferry runs again from Tuesday.") == []


def test_an_agency_sign_off_is_cut_from_its_paragraph() -> None:
    wire = "The vote is expected next week. — Reuters"
    assert marked(wire) == ["— Reuters"]
    assert narration(wire, 0, len(wire), furniture_spans(wire)) == (0, len(wire) - 10)


def test_a_pasted_post_is_furniture_whole_or_inside_a_paragraph() -> None:
    post = (
        "Thoughts with everyone in Velmont tonight. https://t.co/AbC123xyz — Dana Koll "
        "(@danakoll) March 3, 2025"
    )
    assert marked(f"The quake struck at night.\n{post}") == [post]
    inline = (
        "The quake struck at night. Stay safe pic.twitter.com/Zx81Qw— Velmont News (@velnews) "
        "March 3, 2025 Rescue teams reached the village by dawn."
    )
    (span,) = marked(inline)
    assert span.startswith("Stay safe") and span.endswith("March 3, 2025")


def test_a_dateline_with_a_date_or_an_agency_is_cut_off_the_sentence() -> None:
    text = "VELMONT, Mar 3: The death toll rose to 41, officials said."
    assert marked(text) == ["VELMONT, Mar 3: "]
    agency = "Orrin, (XNA - Harbour News - 3rd March, 2025) Rescuers reached the valley."
    assert marked(agency) == ["Orrin, (XNA - Harbour News - 3rd March, 2025) "]
    wire = "VELMONT, Ostria (AP) — Rescuers reached the valley."
    assert marked(wire) == ["VELMONT, Ostria (AP) — "]
    mixed = "Velmont, Mar 3 (XNA) Rescuers reached the valley."
    assert marked(mixed) == ["Velmont, Mar 3 (XNA) "]
    party = "Ostrian People's Front (OPF) leaders met on Monday."
    assert marked(party) == []


def test_narration_trims_furniture_off_a_sentence() -> None:
    text = "By Marta Oyelaran\nThe council voted on Monday to close the pier."
    spans = furniture_spans(text)
    start, end = narration(text, 0, len(text), spans) or (0, 0)
    assert text[start:end] == "The council voted on Monday to close the pier."
    assert narration(text, 0, len("By Marta Oyelaran"), spans) is None
    assert in_furniture(3, spans) and not in_furniture(len(text) - 3, spans)
