"""Normalization: Unicode and whitespace, page chrome removed, embeds marked, wire credits found."""

from __future__ import annotations

import pytest

from newsprism.text import content_hash, detect_wire_credit, find_embeds, normalize_text


def test_unicode_is_nfc_and_whitespace_is_tidy() -> None:
    decomposed = "Cafe\u0301  du\u00a0march\u00e9\t ouvert.\r\n\r\n\r\n\r\nSecond\u200b paragraph. "
    assert normalize_text(decomposed).text == "Café du marché ouvert.\n\nSecond paragraph."


def test_control_characters_are_dropped() -> None:
    assert normalize_text("The vote\x00 passed\x07.").text == "The vote passed."


@pytest.mark.parametrize(
    "chrome",
    [
        "Advertisement",
        "Share this article",
        "Share on Facebook | Twitter | Email",
        "Sign up for our daily newsletter to get the top stories in your inbox.",
        "Subscribe to our newsletter",
        "Click here to subscribe",
        "Follow us on Twitter and Instagram",
        "© 2023 Harbor Daily. All rights reserved.",
        "Story continues below advertisement",
        "Read more: Council delays vote on ferry fares",
        "Also Read: Storm closes schools",
    ],
)
def test_boilerplate_lines_are_removed(chrome: str) -> None:
    text = f"The council voted on Tuesday.\n\n{chrome}\n\nThe budget passed 7-2."
    assert normalize_text(text).text == "The council voted on Tuesday.\n\nThe budget passed 7-2."


def test_related_articles_list_is_removed_with_its_headlines() -> None:
    text = (
        "The council voted on Tuesday.\n\nRelated Articles\n"
        "Ferry fares to rise in April\nLibrary extends its hours\n\n"
        "The budget passed 7-2, the clerk said."
    )
    assert normalize_text(text).text == (
        "The council voted on Tuesday.\n\nThe budget passed 7-2, the clerk said."
    )


def test_sentences_that_mention_sharing_are_kept() -> None:
    text = "Residents were asked to share their views on the plan before Friday."
    assert normalize_text(text).text == text


def test_tweet_embed_is_kept_and_marked() -> None:
    text = (
        "The mayor thanked volunteers.\n\n"
        "Thank you, Riverton! We will rebuild together. pic.twitter.com/Ab12Cd\n"
        "— Amara Okafor (@MayorOkafor) November 13, 2023\n\n"
        "Cleanup continued on Tuesday."
    )
    result = normalize_text(text)
    assert result.text == text
    (embed,) = result.embeds
    assert embed.kind == "social_post"
    assert embed.author == "Amara Okafor" and embed.handle == "@MayorOkafor"
    assert embed.posted == "2023-11-13"
    assert embed.link == "pic.twitter.com/Ab12Cd"
    assert result.text[embed.start : embed.end].startswith("Thank you, Riverton!")
    assert result.text[embed.start : embed.end].endswith("November 13, 2023")


def test_tweet_trailer_on_its_own_paragraph_takes_the_paragraph_before() -> None:
    text = (
        "Intro line.\n\nWe are safe. pic.twitter.com/Zz9\n\n"
        "— Port Authority (@PortAuth) March 3, 2023"
    )
    (embed,) = find_embeds(text)
    assert text[embed.start : embed.end].startswith("We are safe.")
    assert embed.author == "Port Authority"


def test_watch_video_caption_is_an_embed() -> None:
    text = (
        "Rescue teams reached the village.\n\n"
        "#WATCH | Uttarakhand: Rescue operation continues at the tunnel site in Uttarkashi.\n\n"
        "Officials said the work would go on overnight."
    )
    (embed,) = normalize_text(text).embeds
    assert embed.kind == "video_caption"
    assert text[embed.start : embed.end].startswith("#WATCH | Uttarakhand")


def test_watch_caption_posted_as_a_tweet_keeps_its_author() -> None:
    text = (
        "#WATCH | Visuals from the tunnel site pic.twitter.com/Qx1\n"
        "— ANI (@ANI) November 20, 2023"
    )
    (embed,) = find_embeds(text)
    assert (embed.kind, embed.author, embed.handle) == ("video_caption", "ANI", "@ANI")


@pytest.mark.parametrize(
    ("text", "agency", "position"),
    [
        ("RIVERTON (Reuters) - The council voted on Tuesday.", "Reuters", "dateline"),
        ("NEW DELHI, Nov 3 (PTI) — The minister said on Friday.", "PTI", "dateline"),
        ("WASHINGTON (AP) — Lawmakers met.", "AP", "dateline"),
        ("(AP) -- Lawmakers met.", "AP", "dateline"),
        ("RIVERTON (Meridian Wire) — The council voted.", "Meridian Wire", "dateline"),
        ("The minister spoke at the event. (ANI)", "ANI", "trailer"),
        ("The minister spoke at the event.\n\n(IANS)", "IANS", "trailer"),
        ("Talks resume on Monday. — AFP", "AFP", "trailer"),
        ("Talks resume on Monday.\n\nWith inputs from PTI", "PTI", "trailer"),
        ("Talks resume.\n\nThe Associated Press contributed to this report.", "AP", "trailer"),
    ],
)
def test_wire_credits(text: str, agency: str, position: str) -> None:
    credit = normalize_text(text).wire
    assert credit is not None
    assert (credit.agency, credit.position) == (agency, position)
    assert credit.start is not None and credit.end is not None
    assert text[credit.start : credit.end] == credit.text


def test_wire_credit_from_the_byline() -> None:
    credit = detect_wire_credit("The council voted.", byline="By Jane Roe, Associated Press")
    assert credit is not None and (credit.agency, credit.position) == ("AP", "byline")


@pytest.mark.parametrize(
    "text",
    [
        "The council (which met on Tuesday) voted to approve the budget.",
        "RIVERTON (Harbor Daily) - The council voted.",
        "The mayor said the plan was final (for now).",
        "Mr Jones (58) - a retired teacher - spoke first.",
    ],
)
def test_no_wire_credit_where_there_is_none(text: str) -> None:
    assert normalize_text(text).wire is None


def test_content_hash_folds_styles_but_not_words() -> None:
    assert content_hash("The “council” voted — on Tuesday.") == content_hash(
        'The "council" voted - on\nTuesday.'
    )
    assert content_hash("The council voted.") != content_hash("The council vetoed.")


def test_unknown_agency_in_the_byline_counts_when_its_name_says_so() -> None:
    credit = detect_wire_credit("The council voted.", byline="By Meridian Wire")
    assert credit is not None and credit.agency == "Meridian Wire"
    assert detect_wire_credit("The council voted.", byline="By Lena Marsh") is None
