"""Exact and near-duplicate detection: reprint links, originals, wire credits, signatures."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism.dedup import (
    DedupOptions,
    DedupResult,
    ReprintDetector,
    count_reports,
    find_reprints,
)
from newsprism.dedup_evidence import anchor_key, anchors, narration
from newsprism.errors import ConfigError, EmptyInputError, InputError, MalformedInputError
from newsprism.minhash import Signature, text_signature, word_hashes
from newsprism.model import Article, PublishedDate, WireCredit

WIRE_STORY = [
    "HARBOR CITY (Meridian Wire) - The Harbor City council voted 7-2 on Tuesday to close the "
    "Old Mill Bridge for eighteen months of repairs, after engineers found corrosion in two of "
    "its four steel supports.",
    "The closure, which begins on March 4, will send about 21,000 drivers a day onto the "
    "Riverside Road detour, adding up to twenty minutes to commutes from the eastern districts.",
    '"We cannot keep a bridge open when our own inspectors tell us it is failing," Mayor Amara '
    'Okafor said after the vote. "Every week we wait makes the repair longer and more costly."',
    "The repair is expected to cost $48 million, of which the state transport fund will pay "
    "about two thirds. The rest will come from a bond issue approved by voters in 2021.",
    "Council member Daniel Brennan, who voted against the plan, said the city should have kept "
    "one lane open for buses and emergency vehicles while the work went ahead.",
    "Shop owners on Mill Street warned that the detour would cut them off from most of their "
    "customers. A petition asking for a temporary footbridge has gathered 3,400 signatures.",
    "The city said it would run a free shuttle bus every ten minutes between the two banks and "
    "extend the opening hours of the ferry that crosses the harbor near the fish market.",
    "Engineers first raised concerns about the bridge in a 2019 inspection report, which found "
    "cracks in the concrete deck and water damage in the support pillars below the waterline.",
    "Work crews will begin removing the road surface in April, and the bridge is scheduled to "
    "reopen in the autumn of next year if the winter weather does not delay the project.",
]

OTHER_REPORT = [
    "Drivers in Harbor City will lose their quickest route across the river this spring. The "
    "council has decided to shut the Old Mill Bridge while it is rebuilt.",
    "Members argued for nearly four hours before the vote. Opponents asked whether a partial "
    "closure could keep traffic moving, but the city engineer said that would double the cost.",
    '"We cannot keep a bridge open when our own inspectors tell us it is failing," Mayor Amara '
    "Okafor said after the vote.",
    "Residents of the eastern districts, many of whom cross the bridge to reach jobs near the "
    "port, packed the public gallery. Several held signs calling for a footbridge.",
    "Daniel Brennan, one of two members who opposed the closure, said buses should be allowed "
    "across during the first phase of the works. His amendment failed by five votes to four.",
    "Transport researchers at the state university estimate that the detour will add more "
    "than a million vehicle miles a year to local roads, with most of it on Riverside Road.",
    "The ferry operator said it was ready to add sailings at rush hour, but warned that its "
    "two boats could carry no more than a few hundred passengers an hour between them.",
    "Business groups plan to meet the mayor next week to ask for help with parking and signs "
    "pointing shoppers toward Mill Street while the bridge is closed.",
]


def article(
    article_id: str,
    paragraphs: list[str],
    published: str | None = "2024-02-20T10:00:00+00:00",
    *,
    outlet: str = "Daily Courier",
    wire: WireCredit | None = None,
) -> Article:
    """An Article with the given text and metadata."""
    precision = "time" if published and "T" in published else "day"
    return Article(
        id=article_id,
        source=f"test:{article_id}",
        format="text",
        text="\n\n".join(paragraphs),
        content_hash=article_id,
        ingested_at="2024-02-21T00:00:00+00:00",
        outlet=outlet,
        published=PublishedDate(published, precision) if published else None,  # type: ignore[arg-type]
        wire=wire,
    )


def edit_words(paragraphs: list[str], rate: float, seed: int) -> list[str]:
    """The paragraphs with a share ``rate`` of their words replaced by other words."""
    rng = random.Random(seed)
    fillers = "new local major said also reportedly still officials the city plan".split()
    return [
        " ".join(rng.choice(fillers) if rng.random() < rate else w for w in p.split())
        for p in paragraphs
    ]


AP = WireCredit(agency="Meridian Wire", text="Meridian Wire", position="metadata")
AP_CREDIT = WireCredit(agency="Meridian Wire", text="(Meridian Wire)", position="dateline")


def test_exact_duplicate_ignores_case_punctuation_and_spacing() -> None:
    original = article("a", WIRE_STORY)
    shouted = article(
        "b",
        [re.sub(r"[,.\"]", " ", p).upper() for p in WIRE_STORY],
        "2024-02-20T11:00:00+00:00",
    )
    result = find_reprints([original, shouted])
    link = result.link("b")
    assert (link.reprint_of, link.reason, link.similarity) == ("a", "exact", 1.0)
    assert not result.is_reprint("a")


def test_lightly_edited_copy_with_new_lede_and_boilerplate_is_found() -> None:
    copy = edit_words(WIRE_STORY, 0.12, seed=3)
    copy[0] = "A bridge that carries twenty thousand cars a day will shut for repairs next month."
    copy.append("Sign up for our newsletter to get the top stories of the day.")
    result = find_reprints(
        [article("wire", WIRE_STORY), article("copy", copy, "2024-02-20T12:30:00+00:00")]
    )
    assert result.origin("copy") == "wire"
    assert result.link("copy").reason in ("near_duplicate", "contained")
    assert 0.2 <= result.link("copy").similarity < 0.9


def test_copy_with_a_dropped_paragraph_is_found() -> None:
    shorter = WIRE_STORY[:4] + WIRE_STORY[5:]
    result = find_reprints(
        [article("wire", WIRE_STORY), article("copy", shorter, "2024-02-20T15:00:00+00:00")]
    )
    assert result.origin("copy") == "wire"
    assert result.link("copy").containment > 0.9


def test_different_report_of_the_same_story_is_not_linked() -> None:
    result = find_reprints(
        [article("wire", WIRE_STORY), article("own", OTHER_REPORT, "2024-02-20T13:00:00+00:00")]
    )
    assert result.links == ()
    assert result.count_reports(["wire", "own"]).independent_reports == 2


def test_same_story_report_stays_apart_even_with_a_shared_wire_credit() -> None:
    # Both credit the agency, which lowers the bar; sharing a quote still does not make a copy.
    result = find_reprints(
        [
            article("wire", WIRE_STORY, outlet="Meridian Wire", wire=AP),
            article("own", OTHER_REPORT, "2024-02-20T13:00:00+00:00", wire=AP_CREDIT),
        ]
    )
    assert result.links == ()


def test_reprint_links_to_the_earliest_complete_version() -> None:
    teaser = article("teaser", WIRE_STORY[:3], "2024-02-20T08:00:00+00:00")  # earliest, cut short
    full = article("full", WIRE_STORY, "2024-02-20T09:00:00+00:00")
    later = article("later", WIRE_STORY, "2024-02-21T09:00:00+00:00", outlet="Evening Post")
    edited = article("edited", edit_words(WIRE_STORY, 0.05, 1), "2024-02-20T10:00:00+00:00")
    result = find_reprints([later, edited, teaser, full])
    assert {a: result.origin(a) for a in result.articles} == {
        "edited": "full",
        "full": "full",
        "later": "full",
        "teaser": "full",
    }
    assert result.link("teaser").containment > 0.9
    assert result.link("later").reason == "exact"


def test_agency_own_article_is_the_original_on_the_same_day() -> None:
    own = article("agency", WIRE_STORY, "2024-02-20", outlet="Meridian Wire", wire=AP)
    reprint = article("paper", WIRE_STORY, "2024-02-20T06:00:00+00:00", wire=AP_CREDIT)
    # The paper's copy has a time and the agency's only a day; the agency is still the source.
    assert find_reprints([reprint, own]).origin("paper") == "agency"


def test_agency_text_with_a_local_addition_is_not_a_truncation() -> None:
    own = article(
        "agency", WIRE_STORY, "2024-02-20T09:00:00+00:00", outlet="Meridian Wire", wire=AP
    )
    longer = article(
        "paper", WIRE_STORY + OTHER_REPORT[:4], "2024-02-20T11:00:00+00:00", wire=AP_CREDIT
    )
    result = find_reprints([own, longer])
    assert result.origin("paper") == "agency"
    # Without the agency credit, the shorter earlier text is a truncation of the fuller one.
    plain = find_reprints(
        [
            dataclasses.replace(own, wire=None, outlet="Gazette"),
            dataclasses.replace(longer, wire=None),
        ]
    )
    assert plain.origin("agency") == "paper"


def test_shared_wire_credit_lowers_the_bar_except_between_the_agencys_own_stories() -> None:
    strict = DedupOptions(
        jaccard=0.95,
        containment=0.97,
        wire_jaccard=0.3,
        wire_containment=0.5,
        narration_in_text=1.0,
        anchor_runs=10_000,  # the reworded-copy rule would find the edited copy
    )
    edited = edit_words(WIRE_STORY, 0.1, seed=5)
    own = article("agency", WIRE_STORY, outlet="Meridian Wire", wire=AP)
    later = "2024-02-20T12:00:00+00:00"
    credited = article("paper", edited, later, wire=AP_CREDIT)
    uncredited = article("paper", edited, later)
    second_own = article("paper", edited, later, outlet="Meridian Wire", wire=AP)
    assert find_reprints([own, credited], strict).link("paper").reason == "same_wire"
    assert find_reprints([own, uncredited], strict).links == ()
    assert find_reprints([own, second_own], strict).links == ()
    # The order of arrival does not matter, nor does an exact twin added in between.
    twin = dataclasses.replace(own, id="agency-twin", wire=None, outlet="Gazette")
    in_order = ReprintDetector(strict).fit([twin, credited, own]).result_
    assert in_order.origin("paper") == "agency"


def test_online_add_gives_the_same_result_as_fit_in_any_order() -> None:
    articles = [
        article("wire", WIRE_STORY, outlet="Meridian Wire", wire=AP),
        article("teaser", WIRE_STORY[:3], "2024-02-20T08:00:00+00:00"),
        article(
            "copy1", edit_words(WIRE_STORY, 0.1, 2), "2024-02-20T11:00:00+00:00", wire=AP_CREDIT
        ),
        article("copy2", WIRE_STORY[:6], "2024-02-20T12:00:00+00:00"),
        article("dup", WIRE_STORY, "2024-02-21T12:00:00+00:00"),
        article("own", OTHER_REPORT, "2024-02-20T09:30:00+00:00"),
        article("own-copy", OTHER_REPORT[1:], "2024-02-20T14:00:00+00:00"),
    ]
    batch = ReprintDetector().fit(articles).result_
    for seed in range(4):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        online = ReprintDetector()
        updates = [online.add(a) for a in shuffled]
        assert online.result_ == batch
        assert updates[-1].origin == batch.origin(shuffled[-1].id)
    assert batch.count_reports(a.id for a in articles).independent_reports == 2


def test_add_reports_relinked_articles_when_a_fuller_version_arrives() -> None:
    detector = ReprintDetector()
    detector.add(article("teaser", WIRE_STORY[:3], "2024-02-20T08:00:00+00:00"))
    first = detector.add(article("copy", WIRE_STORY[:3], "2024-02-20T08:30:00+00:00"))
    assert first.origin == "teaser" and first.is_reprint
    update = detector.add(article("full", WIRE_STORY, "2024-02-20T09:00:00+00:00"))
    assert update.origin == "full" and not update.is_reprint
    assert {link.article_id: link.reprint_of for link in update.links} == {
        "teaser": "full",
        "copy": "full",
    }
    assert update.unlinked == ()


def test_count_reports_counts_families_once() -> None:
    result = find_reprints(
        [
            article("wire", WIRE_STORY),
            article("copy", WIRE_STORY[1:], "2024-02-20T11:00:00+00:00"),
            article("own", OTHER_REPORT),
        ]
    )
    count = count_reports(result, ["copy", "own", "copy"])
    assert (count.articles, count.independent_reports, count.reprints) == (2, 2, 0)
    count = result.count_reports(["wire", "copy", "own"])
    assert (count.articles, count.independent_reports, count.reprints) == (3, 2, 1)


def test_text_without_words_is_refused_by_add_and_skipped_by_fit() -> None:
    empty = article("empty", [" -- ... ?! "])
    with pytest.raises(EmptyInputError, match="test:empty"):
        ReprintDetector().add(empty)
    result = ReprintDetector().fit([empty, article("wire", WIRE_STORY)]).result_
    assert result.articles == ("wire",)
    assert [skipped[0] for skipped in result.skipped] == ["empty"]


def test_same_id_with_another_text_is_refused() -> None:
    detector = ReprintDetector()
    detector.add(article("a", WIRE_STORY))
    assert detector.add(article("a", WIRE_STORY)).links == ()
    with pytest.raises(InputError, match="already added"):
        detector.add(article("a", OTHER_REPORT))


def test_bad_options_raise_config_error() -> None:
    with pytest.raises(ConfigError, match="jaccard"):
        DedupOptions(jaccard=0.0)
    with pytest.raises(ConfigError, match="rows"):
        DedupOptions(rows=0)


def test_signature_round_trips_through_bytes_and_evidence_is_used_by_fit() -> None:
    detector = ReprintDetector()
    wire, copy = article("wire", WIRE_STORY), article("copy", WIRE_STORY[1:], "2024-02-21")
    stored = [Signature.from_bytes(detector.signature(a).to_bytes()) for a in (wire, copy)]
    assert stored[0] == detector.signature(wire)
    evidence = [detector.evidence(a) for a in (wire, copy)]
    assert detector.fit([wire, copy], evidence).result_.origin("copy") == "wire"
    with pytest.raises(MalformedInputError):
        Signature.from_bytes(b"not a signature")
    with pytest.raises(InputError, match="other options"):
        ReprintDetector(DedupOptions(seed=2)).add(wire, evidence[0])


def test_signatures_are_identical_in_another_process_with_another_hash_seed() -> None:
    text = "\n\n".join(WIRE_STORY) + " Zürich’s “naïve” café — 100%."
    here = text_signature(text).to_bytes().hex()
    code = (
        "import sys; from newsprism.minhash import text_signature; "
        "print(text_signature(sys.stdin.read()).to_bytes().hex())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    there = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        encoding="utf-8",
    ).stdout.strip()
    assert there == here


def test_words_split_on_unicode_punctuation_like_on_ascii() -> None:
    curly = word_hashes("Okafor’s “plan” — approved…\u00a0today")
    plain = word_hashes('okafor\'s "plan" - approved... today')
    assert np.array_equal(curly, plain) and len(plain) == 5


def test_jaccard_estimate_is_close_to_the_true_value() -> None:
    words = [f"w{i % 997}x{i // 997}" for i in range(3000)]
    edited = [w if i % 10 else "changed" + str(i) for i, w in enumerate(words)]

    def grams(ws: list[str]) -> set[tuple[str, ...]]:
        return {tuple(ws[i : i + 3]) for i in range(len(ws) - 2)}

    a, b = grams(words), grams(edited)
    true = len(a & b) / len(a | b)
    estimate = text_signature(" ".join(words)).jaccard(text_signature(" ".join(edited)))
    assert abs(estimate - true) < 0.1
    short = text_signature("one two three four five")
    assert short.num_perm == 128 and short.shingles == 3  # densified: every register is set


def test_result_is_deterministic_and_sorted() -> None:
    articles = [article(f"c{i}", WIRE_STORY[i % 2 :], f"2024-02-2{i}") for i in range(1, 5)]
    first = find_reprints(articles)
    assert first == find_reprints(list(reversed(articles)))
    assert [link.article_id for link in first.links] == sorted(x.article_id for x in first.links)
    assert isinstance(first, DedupResult)


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.skipif(not (EXAMPLES / "planted.json").exists(), reason="no sample corpus")
def test_sample_corpus_has_its_planted_reprints_and_no_others() -> None:
    from newsprism import build_article, read_path

    planted = json.loads((EXAMPLES / "planted.json").read_text(encoding="utf-8"))
    ref_of: dict[str, str] = {}
    articles = []
    for folder in ("text", "html", "feeds", "jsonl"):
        for path in sorted((EXAMPLES / folder).iterdir()):
            drafts = read_path(path, max_bytes=10_000_000).drafts
            for n, draft in enumerate(drafts, 1):
                built = build_article(draft, ingested_at="2024-01-01T00:00:00+00:00")
                several = path.suffix in (".rss", ".jsonl", ".atom", ".xml")
                ref_of[built.id] = f"{folder}/{path.name}" + (f"#{n}" if several else "")
                articles.append(built)
    result = find_reprints(articles)
    found = {(ref_of[link.article_id], ref_of[link.reprint_of]) for link in result.links}
    assert found == {(r["reprint"], r["original"]) for r in planted["reprints"]}


# ------------------------------------------------------------ evidence: narration, anchors

STATEMENT = (
    '"The dam at Kellow Gorge has held through three floods, but the survey shows seepage '
    "under the eastern wall that we cannot ignore any longer. We are lowering the reservoir by "
    "four metres over the coming fortnight, and we ask everyone living below the spillway to "
    "prepare to leave their homes at short notice if the engineers tell us the risk has grown. "
    'Nobody should panic, but nobody should wait for a second warning either,"'
)


def test_a_long_statement_quoted_by_two_independent_reports_is_no_evidence_of_copying() -> None:
    first = [
        "Water officials in the Tessaly valley began draining a reservoir on Monday after an "
        "inspection found water leaking beneath an old dam.",
        STATEMENT + " said Ines Varga, who heads the regional water board.",
        "Farmers downstream said they had been told little about the risks until this week.",
    ]
    second = [
        "Families living below a century-old dam were told on Monday to pack their bags, as "
        "engineers started to release water from the lake behind it.",
        "In a statement read to journalists, board chief Ines Varga said: " + STATEMENT[:-2] + '"',
        "The board plans a public meeting in the town hall on Thursday evening.",
    ]
    one, two = article("one", first), article("two", second, "2024-02-20T12:00:00+00:00")
    detector = ReprintDetector()
    # The whole texts are as alike as a lightly edited copy; their narrations share nothing.
    assert detector.signature(one).jaccard(detector.signature(two)) >= 0.4
    assert find_reprints([one, two]).links == ()


def test_narration_cuts_quoted_statements_but_keeps_scare_quotes() -> None:
    text = (
        'The minister called the plan "reckless" on Monday. "We will not sign a deal that '
        'leaves our fishermen with nothing," she said.\n\n"The talks go on tomorrow'
    )
    told = narration(text)
    assert '"reckless"' in told and "she said." in told
    assert "fishermen" not in told and "talks" not in told  # an unclosed quote ends its paragraph
    assert narration("No quotes here.") == "No quotes here."


def test_anchors_are_numbers_and_names_not_opening_a_sentence() -> None:
    text = "On Friday, 2,300 families left Velmora. The Red Lantern Society sent 400 tents."
    assert anchors(text) == ["frd", "2300", "vlmr", "rd", "lntrn", "sct", "400"]


def test_anchor_keys_agree_across_transliterations_and_number_formats() -> None:
    assert anchor_key("Zorin") == anchor_key("Zoren") == anchor_key("ZORIN")
    assert anchor_key("Tahmasbi") == anchor_key("Tahmasebi") == anchor_key("Tähmäsbi")
    assert anchor_key("2,300") == anchor_key("2.300") == anchor_key("2300") == "2300"
    assert anchor_key("Velmora") != anchor_key("Valdez")


LANDSLIDE = [
    "On Friday, March 8, a landslide buried parts of Velmora district in the northern province "
    "of Castamar after 36 hours of rain.",
    "At least 41 people died and 118 were injured, according to Tomas Reiner, a spokesman for "
    "the Castamar Disaster Office. The villages of Oskar Hill and Brenta were cut off.",
    "Rescue teams from Lindau and Port Ariel reached the area on Saturday with 12 excavators. "
    "Governor Elsa Maruni said 2,300 families had moved to shelters in Velmora and Teska.",
    "The Red Lantern Society sent 400 tents and 9 tonnes of food. Roads to Brenta may stay "
    "closed until April 2, the Castamar Roads Agency said.",
]
LANDSLIDE_REWORDED = [
    "On Friday, March 8, a landslide struck the Velmora district of Castamar province in the "
    "north following 36 hours of rainfall.",
    "The death toll reached at least 41, with 118 more hurt, said Tomas Reiner, who speaks for "
    "the Castamar Disaster Office. Communities including Oskar Hill and Brenta lost all access.",
    "Rescuers coming from Lindau and Port Ariel got there on Saturday bringing 12 excavators. "
    "According to Governor Elsa Maruni, 2,300 families took refuge in shelters across Velmora "
    "and Teska.",
    "Aid from the Red Lantern Society included 400 tents along with 9 tonnes of food. The "
    "Castamar Roads Agency indicated that routes into Brenta could remain shut until April 2.",
]
LANDSLIDE_OTHER = [
    "Governor Elsa Maruni appealed for help on Saturday as crews from Port Ariel and Lindau dug "
    "through mud in Velmora, where a hillside gave way on Friday.",
    "The Castamar Disaster Office put the toll at 41 dead. Its spokesman, Tomas Reiner, said 118 "
    "people were hurt and 2,300 families were sleeping in shelters in Teska and Velmora.",
    "Brenta and Oskar Hill, two hamlets above the river, have had no road link since the slide, "
    "and the Castamar Roads Agency expects the road to reopen on April 2.",
    "Volunteers from the Red Lantern Society handed out 400 tents. Forecasters warned that more "
    "rain was due in Castamar next week, after 36 hours of downpours.",
]


def test_a_reworded_copy_is_found_by_its_names_and_numbers_in_order() -> None:
    original = article("original", LANDSLIDE)
    reworded = article("reworded", LANDSLIDE_REWORDED, "2024-02-20T14:00:00+00:00")
    other = article("other", LANDSLIDE_OTHER, "2024-02-20T12:00:00+00:00")
    detector = ReprintDetector()
    assert detector.signature(original).jaccard(detector.signature(reworded)) < 0.2
    result = find_reprints([original, reworded, other])
    assert result.link("reworded").reprint_of == "original"
    assert result.link("reworded").reason == "reworded"
    # The independent report shares the same names and numbers, in its own order.
    assert not result.is_reprint("other") and result.origin("other") == "other"
    assert find_reprints([original, reworded], DedupOptions(anchor_runs=10_000)).links == ()


def test_a_copy_that_turned_quotes_into_reported_speech_is_contained_in_its_original() -> None:
    original = [
        "Port officials in Selmar closed the northern harbour on Sunday after a cargo ship ran "
        "aground near the breakwater.",
        '"The vessel is stable and none of the eighteen crew members were hurt in the grounding," '
        "the harbour master, Piet Oduya, said.",
        '"Divers will inspect the hull at first light, and we expect the tugs to refloat her on '
        'the evening tide if the weather allows," he said.',
        '"Until then no ship may enter or leave the northern basin, and ferries to the islands '
        'will sail from the southern quay instead," Oduya added.',
        "Fishing crews who use the northern basin said they would lose at least two days of "
        "work. The ship, carrying timber from the eastern coast, had been waiting for a berth "
        "since Friday, and its owner has not commented on the cause of the accident.",
    ]
    copy = [p.replace('"', "") for p in original[:4]]
    wire, paper = article("wire", original), article("paper", copy, "2024-02-21")
    link = find_reprints([wire, paper]).link("paper")
    assert (link.reprint_of, link.reason) == ("wire", "contained")
    assert find_reprints([wire, paper], DedupOptions(narration_in_text=1.0)).links == ()


def test_a_short_item_carrying_only_a_shared_statement_is_not_a_copy_of_a_longer_report() -> None:
    brief = article(
        "brief",
        ["Ines Varga, who heads the regional water board, said on Monday: " + STATEMENT[:-2] + '"'],
    )
    report = article(
        "report",
        [
            "Water officials in the Tessaly valley began draining a reservoir on Monday after an "
            "inspection found water leaking beneath an old dam.",
            STATEMENT + " said Ines Varga.",
            "Farmers downstream said they had been told little about the risks until this week.",
            *LANDSLIDE,
        ],
        "2024-02-20T12:00:00+00:00",
    )
    detector = ReprintDetector()
    whole_share = detector.signature(brief).containment(detector.signature(report))
    assert whole_share >= 0.85  # nearly all of the brief's words are in the report, as a quote
    assert find_reprints([brief, report]).links == ()


def test_a_social_post_embedded_by_two_independent_reports_is_no_evidence_of_copying() -> None:
    post = (
        "Shocked to learn that the old ferry pier at Dunmore collapsed this morning. Crews are on "
        "site and nobody was hurt, but the pier will stay closed until engineers have checked "
        "every pile. Please keep away from the waterfront and follow the instructions of the "
        "harbour police. pic.twitter.com/Ab12Cd34\n— Lena Harwick (@LenaHarwick) March 3, 2024"
    )
    one = article(
        "one",
        [
            "Part of a wooden pier in Dunmore fell into the sea early on Sunday.",
            post,
            "It was built in 1911.",
        ],
    )
    two = article(
        "two",
        [
            "The regional governor said she was shocked by the collapse of a historic pier.",
            post,
            "Ferries will use the new terminal.",
        ],
        "2024-02-20T12:00:00+00:00",
    )
    detector = ReprintDetector()
    assert detector.signature(one).jaccard(detector.signature(two)) >= 0.4
    assert "pier at Dunmore" not in narration(one.text)
    assert find_reprints([one, two]).links == ()


def test_two_items_that_only_attribute_one_shared_statement_are_not_copies() -> None:
    one = article("one", ["Ines Varga said on Monday: " + STATEMENT[:-2] + '"'])
    reworded = STATEMENT[:-2].replace("any longer", "for much longer")
    two = article("two", ["Ines Varga said on Monday: " + reworded + '"'], "2024-02-21")
    detector = ReprintDetector()
    assert detector.evidence(one).narration == detector.evidence(two).narration
    assert find_reprints([one, two]).links == ()
    assert find_reprints([one, two], DedupOptions(narration_min=1)).link("two").reprint_of == "one"
