"""Cross-outlet entity resolution: every mechanism on sentences written for it (no model)."""

from __future__ import annotations

from newsprism.compare.acronyms import abbreviation_of, acronym_of, ticker_after
from newsprism.compare.entity_types import decide_type, mention_cues
from newsprism.compare.names import (
    full_names_match,
    name_prefix_of,
    org_key,
    person_name,
    spelling_variants,
    word_order_variant,
)
from newsprism.compare.spelling import SIMILAR_KEYS, jaro_winkler, same_spelled_name, spelling_key
from tests.test_compare_units import article, brief_of, entity_with, notes, person

# --- spelling --------------------------------------------------------------------------------


def test_spelling_key_folds_vowels_doubles_diacritics_hyphens_and_final_h() -> None:
    assert spelling_key("Kavoosi") == spelling_key("Kavusi") == spelling_key("Kaveusi")
    assert spelling_key("Tarek-Zadeh") == spelling_key("Tareq Zade")
    assert spelling_key("Mirzah") == spelling_key("Mirza")
    assert spelling_key("Łódź") == spelling_key("Lodz")


def test_a_body_named_for_its_field_keeps_it_in_its_key() -> None:
    # a title word left at the end of a body's name goes; a field of government stays
    assert org_key("Joint Chiefs of Staff Chair") == "joint chiefs of staff"
    assert org_key("Ministry of Health") != org_key("Ministry of Finance")
    assert org_key("Dunmore State Police") != org_key("Dunmore")


def test_jaro_winkler_is_the_textbook_measure() -> None:
    assert jaro_winkler("martha", "marhta") == __import__("pytest").approx(0.961, abs=0.001)
    assert jaro_winkler("abc", "abc") == 1.0
    assert jaro_winkler("abc", "xyz") == 0.0


def test_transliterations_are_one_name_but_different_names_are_not() -> None:
    assert same_spelled_name("Kavoosi", "Kavusi")
    assert same_spelled_name("Abdelrahamane", "Abdelrahmane")  # a dropped vowel
    assert same_spelled_name("Velasquenco", "Velaquenco")  # a dropped syllable, long name
    assert jaro_winkler(spelling_key("Velasquenco"), spelling_key("Velaquenco")) >= SIMILAR_KEYS
    assert not same_spelled_name("Omar", "Amir")  # short names need the same first letter
    assert not same_spelled_name("Harry", "Hardy")
    assert not same_spelled_name("Tamsin", "Dorota")


# --- acronyms, abbreviations, tickers ---------------------------------------------------------


def test_acronyms_skip_fillers_and_hyphen_connectors_and_read_syllables() -> None:
    assert acronym_of("LBA", "Lakeside Board of Anglers")
    assert acronym_of("PTA", "Pakistan Tanzeem-e-Amal")  # one letter per hyphenated part
    assert acronym_of("Werefob", "Western Region Forestry Board")  # a syllable acronym
    assert not acronym_of("WRFB", "Western Regional Farm")
    assert not acronym_of("Reuters", "Rwanda Economic Union")


def test_us_inside_a_name_is_the_united_states() -> None:
    assert acronym_of("USBL", "U.S. Bureau of Lighthouses")
    assert acronym_of("USBL", "United States Bureau of Lighthouses")
    brief = _orgs(
        ("a1", "The U.S. Bureau of Lighthouses said so.", "U.S. Bureau of Lighthouses"),
        (
            "b1",
            "The United States Bureau of Lighthouses agreed.",
            "United States Bureau of Lighthouses",
        ),
        ("c1", "The US Bureau of Lighthouses (USBL) too.", "US Bureau of Lighthouses"),
    )
    ent = entity_with(brief, "U.S. Bureau of Lighthouses")
    assert {"United States Bureau of Lighthouses", "US Bureau of Lighthouses"} <= set(ent.aliases)


def test_words_kept_and_words_abbreviated() -> None:
    assert abbreviation_of("DR Valoria", "Democratic Republic of Valoria")
    assert abbreviation_of("DR Valoria", "Democratic Republic of the Valoria")
    assert not abbreviation_of("DR Valoria", "Democratic Republic of Ostland")


def test_a_ticker_in_brackets_after_its_company() -> None:
    text = "Quillon (NASDAQ: QLLN) rose; Quillon (QLN 2.5%) fell; Quillon (AP) said; Quillon (BX)."
    ends = [i + len("Quillon") for i in range(len(text)) if text.startswith("Quillon", i)]
    found = [ticker_after(text, end, "Quillon") for end in ends]
    assert found == ["QLLN", "QLN", None, None]


def test_acronym_in_one_article_and_expansion_in_another_are_one_entity() -> None:
    brief = _orgs(
        ("a1", "The Lakeside Board of Anglers met on Monday.", "Lakeside Board of Anglers"),
        ("b1", "LBA members voted on Tuesday.", "LBA"),
    )
    assert "LBA" in entity_with(brief, "Lakeside Board of Anglers").aliases


def test_a_ticker_ties_to_its_company_across_outlets() -> None:
    a = article("a1", "Quillon (NASDAQ: QLLN) beat forecasts.", "Harbor Daily")
    b = article("b1", "QLLN shares jumped after the report.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Quillon", kind="organization")])),
        (b, notes(b, [person(b.text, "QLLN", kind="organization")])),
    )
    assert "QLLN" in entity_with(brief, "Quillon").aliases


# --- spelling variants of bodies and places --------------------------------------------------


def test_spelling_variants_of_places_and_bodies() -> None:
    assert spelling_variants("Pakistan Tanzeem-e-Amal", "Pakistan Tanzeem-i-Amal")
    assert spelling_variants("Marda Kot", "Merda Kot")
    assert spelling_variants("Bhalukpura", "Bhalukpuraa")
    assert spelling_variants("Dhorpatan", "Dhorpatana")  # one vowel more
    assert not spelling_variants("Orbiter-2", "Orbiter-3")
    assert not spelling_variants("Velmaria", "Velmarian")  # a country and its people
    assert word_order_variant("Tarsa West", "West Tarsa")


def test_an_organisation_named_after_a_place_is_no_alias_of_the_place() -> None:
    a = article("a1", "Lakeside Farmers Alliance members marched in Lakeside.", "Harbor Daily")
    b = article("b1", "Rain fell on Lakeside all day.", "Valley Courier")
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "Lakeside Farmers Alliance", kind="organization"),
                    person(a.text, "Lakeside", kind="place", nth=1),
                ],
            ),
        ),
        (b, notes(b, [person(b.text, "Lakeside", kind="place")])),
    )
    alliance = entity_with(brief, "Lakeside Farmers Alliance")
    assert alliance.type == "organization"
    assert "Lakeside" not in alliance.aliases


# --- people ------------------------------------------------------------------------------------


def test_a_given_name_alone_joins_the_one_person_who_has_it() -> None:
    a = article("a1", "Former premier Tavish Orrin was jailed on Monday.", "Harbor Daily")
    b = article("b1", "Supporters of Tavish rallied outside the court.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Tavish Orrin")])),
        (b, notes(b, [person(b.text, "Tavish", kind="organization")])),
    )
    assert "Tavish" in entity_with(brief, "Tavish Orrin").aliases


def test_a_given_name_shared_by_two_people_stays_apart() -> None:
    a = article("a1", "Premier Robin Askew met Robin Delacroix in Tarsa.", "Harbor Daily")
    b = article("b1", "Robin said the talks went well.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Robin Askew"), person(a.text, "Robin Delacroix")])),
        (b, notes(b, [person(b.text, "Robin")])),
    )
    askew = entity_with(brief, "Robin Askew")
    delacroix = entity_with(brief, "Robin Delacroix")
    assert askew.id != delacroix.id
    assert "Robin" not in askew.aliases and "Robin" not in delacroix.aliases


def test_a_name_with_its_last_part_dropped_and_a_surname_printed_in_two_words() -> None:
    assert name_prefix_of("Reza Tavakoli", "Reza Tavakoli Nia")
    assert not name_prefix_of("Reza Tavakoli", "Reza Moradi")
    assert full_names_match(person_name("Hamid Al-e Karimi"), person_name("Hamid Alekarimi"))
    assert full_names_match(person_name("Navid Mir-Sadeghi"), person_name("Naveed Mir Sadeqi"))
    a = article("a1", "Acting minister Reza Tavakoli Nia spoke.", "Harbor Daily")
    b = article("b1", "Negotiator Reza Tavakoli was named acting minister.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Reza Tavakoli Nia")])),
        (b, notes(b, [person(b.text, "Reza Tavakoli")])),
    )
    assert "Reza Tavakoli" in entity_with(brief, "Reza Tavakoli Nia").aliases


def test_a_person_printed_in_both_name_orders() -> None:
    a = article("a1", "Inspector Wasim Qadri led the raid.", "Harbor Daily")
    b = article("b1", "The raid was led by Qadri Wasim.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Wasim Qadri", role="Inspector")])),
        (b, notes(b, [person(b.text, "Qadri Wasim")])),
    )
    assert "Qadri Wasim" in entity_with(brief, "Inspector Wasim Qadri").aliases


def test_also_known_as_and_alias_tie_another_name() -> None:
    a = article(
        "a1",
        "General Idrissa Kone, also known as Moussa Kone, took power. The gang boss Tomas Ferro "
        "was named by his alias \u201cEl Gato\u201d.",
        "Harbor Daily",
    )
    b = article("b1", "Moussa Kone addressed the nation.", "Valley Courier")
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "Idrissa Kone", role="General"),
                    person(a.text, "Moussa Kone"),
                    person(a.text, "Tomas Ferro"),
                ],
            ),
        ),
        (b, notes(b, [person(b.text, "Moussa Kone")])),
    )
    kone = entity_with(brief, "General Idrissa Kone")
    assert "Moussa Kone" in kone.aliases and set(kone.articles) == {"a1", "b1"}
    assert "El Gato" in entity_with(brief, "Tomas Ferro").aliases


# --- types ---------------------------------------------------------------------------------------


def test_context_words_make_a_mislabelled_player_a_person() -> None:
    a = article(
        "a1",
        "Substitute Joel Ardani scored late. Ardani, who came on at half time, celebrated.",
        "Harbor Daily",
    )
    b = article("b1", "Joel Ardani netted the winner for the visitors.", "Valley Courier")
    org = "organization"
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "Joel Ardani", kind=org),
                    person(a.text, "Ardani", kind=org, nth=1),
                ],
            ),
        ),
        (b, notes(b, [person(b.text, "Joel Ardani", kind=org)])),
    )
    ardani = entity_with(brief, "Joel Ardani")
    assert ardani.type == "person"
    assert "Ardani" in ardani.aliases


def test_cues_count_people_places_and_vehicles() -> None:
    text = "Reza Ahmadi scored. The Lakeshore Board met. Floods hit Tarsa district."
    assert mention_cues(text, [(0, 11)]).person == 1
    board = text.index("Lakeshore Board")
    assert mention_cues(text, [(board, board + 15)]).article == 1
    tarsa = text.index("Tarsa")
    assert mention_cues(text, [(tarsa, tarsa + 5)]).place == 1
    votes = __import__("collections").Counter({"organization": 5})
    cues = mention_cues("the six-wheeled Vayu rover", [(16, 20)])
    assert cues.vehicle == 1
    assert decide_type(votes, cues, person_shaped=False, multiword_person=False) == "organization"
    assert (
        decide_type(
            __import__("collections").Counter({"organization": 1}),
            cues,
            person_shaped=False,
            multiword_person=False,
        )
        == "other"
    )


def test_a_train_is_no_organisation() -> None:
    a = article(
        "a1", "The Lakeside Express derailed near Tarsa; six coaches overturned.", "Harbor Daily"
    )
    b = article("b1", "The Lakeside Express train was carrying 900 people.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Lakeside Express", kind="organization")])),
        (b, notes(b, [person(b.text, "Lakeside Express", kind="organization")])),
    )
    assert entity_with(brief, "Lakeside Express").type == "other"


def test_an_untagged_spelling_in_another_article_is_found() -> None:
    a = article("a1", "Most deaths were in Marda Kot district.", "Harbor Daily")
    b = article("b1", "The quake struck 40 km from Mardah Kot on Saturday.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Marda Kot", kind="place")])),
        (b, notes(b, [])),
    )
    place = entity_with(brief, "Marda Kot")
    assert "Mardah Kot" in place.aliases and "b1" in place.articles


def _orgs(*rows: tuple[str, str, str]):
    pairs = []
    for article_id, text, name in rows:
        a = article(article_id, text, f"Outlet {article_id}")
        pairs.append((a, notes(a, [person(a.text, name, kind="organization")])))
    return brief_of(*pairs)


def test_a_name_cut_off_by_the_excerpt_joins_the_name_it_starts_or_is_dropped() -> None:
    a = article("a1", "Chief executive Amara Okonkwo said sales rose.", "Harbor Daily")
    b = article("b1", "Sales rose fast, said chief executive Amara Okon", "Valley Courier")
    c = article("c1", "The plant will open next year near Tarsapo", "Riverton Ledger")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Amara Okonkwo")])),
        (b, notes(b, [person(b.text, "Amara Okon")])),
        (c, notes(c, [person(c.text, "Tarsapo", kind="place")])),
    )
    okonkwo = entity_with(brief, "Amara Okonkwo")
    assert "b1" in okonkwo.articles
    assert not any("Tarsapo" in e.aliases for e in brief.entities)


# --- discrepancies about names and titles ------------------------------------------------------


def _candidate(article_id: str, text: str, outlet: str, name: str, nth: int = 0):
    a = article(article_id, text, outlet)
    return a, notes(a, [person(a.text, name, nth=nth)])


def test_one_outlets_misspelled_surname_is_a_name_discrepancy_and_merges() -> None:
    brief = brief_of(
        _candidate(
            "a1", "Candidate Tomas Vellarubio was shot.", "Harbor Daily", "Tomas Vellarubio"
        ),
        _candidate(
            "b1", "Tomas Vellarubio died in hospital.", "Valley Courier", "Tomas Vellarubio"
        ),
        _candidate(
            "c1", "Tomas Vellaubio had received threats.", "Riverton Ledger", "Tomas Vellaubio"
        ),
    )
    entity = entity_with(brief, "Tomas Vellaubio")
    assert set(entity.articles) == {"a1", "b1", "c1"}
    names = [d for d in brief.discrepancies if d.kind == "name"]
    assert [sorted(v.value for v in d.values) for d in names] == [["Vellarubio", "Vellaubio"]]


def test_a_transliteration_is_no_name_discrepancy() -> None:
    brief = brief_of(
        _candidate("a1", "President Ebrahim Kavoosi died.", "Harbor Daily", "Ebrahim Kavoosi"),
        _candidate("b1", "Ebrahim Kavoosi was buried.", "Valley Courier", "Ebrahim Kavoosi"),
        _candidate("c1", "Ibrahim Kevusi was mourned.", "Riverton Ledger", "Ibrahim Kevusi"),
    )
    assert len(set(entity_with(brief, "Ibrahim Kevusi").articles)) == 3
    assert not [d for d in brief.discrepancies if d.kind == "name"]


def test_police_ranks_given_two_ways_are_a_title_discrepancy() -> None:
    a = article("a1", "SSP Farid Lodhi led the raid.", "Harbor Daily")
    b = article("b1", "DIG Farid Lodhi led the raid.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Farid Lodhi", role="SSP")])),
        (b, notes(b, [person(b.text, "Farid Lodhi", role="DIG")])),
    )
    titles = [d for d in brief.discrepancies if d.kind == "title"]
    assert [sorted(v.value for v in d.values) for d in titles] == [["dig", "ssp"]]


def test_given_names_the_model_left_out_are_part_of_the_name() -> None:
    from newsprism.compare.missed_names import given_names_before

    text = "The local official Devan Kumar Rai said 34 died. Monday Lila Devi spoke."
    start = text.index("Kumar")
    assert given_names_before(text, start, [(start, start + len("Kumar Rai"))]) == (
        text.index("Devan")
    )
    lila = text.index("Lila")
    assert given_names_before(text, lila, [(lila, lila + 9)]) == lila  # a weekday
    a = article("a1", text, "Harbor Daily")
    b = article("b1", "Officials said Devan Kumar Rai counted the dead.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Kumar Rai")])),
        (b, notes(b, [person(b.text, "Devan Kumar Rai")])),
    )
    verma = entity_with(brief, "Devan Kumar Rai")
    assert set(verma.articles) == {"a1", "b1"}


def test_two_people_one_article_names_side_by_side_never_merge() -> None:
    a = article(
        "a1", "Vice presidents Hamid Rahmani and Hamid Rahmany met on Monday.", "Harbor Daily"
    )
    b = article("b1", "Hamid Rahmani chaired the cabinet.", "Valley Courier")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Hamid Rahmani"), person(a.text, "Hamid Rahmany")])),
        (b, notes(b, [person(b.text, "Hamid Rahmani")])),
    )
    assert entity_with(brief, "Hamid Rahmani").id != entity_with(brief, "Hamid Rahmany").id


# --- well-known other names --------------------------------------------------------------------


def _names_of(brief, name: str) -> set[str]:
    (found,) = [e for e in brief.entities if e.name == name or name in e.aliases]
    return {found.name, *found.aliases}


def test_a_national_team_nickname_joins_the_country_no_article_ties_it_to() -> None:
    brief = _orgs(
        ("a1", "Les Bleus held on for a draw in the rain.", "Les Bleus"),
        ("b1", "France drew 1-1 in a wet final.", "France"),
    )
    assert {"France", "Les Bleus"} <= _names_of(brief, "France")


def test_a_country_old_name_joins_its_new_name() -> None:
    brief = _orgs(
        ("a1", "Aid reached Burma by road on Monday.", "Burma"),
        ("b1", "Aid reached Myanmar by road on Monday.", "Myanmar"),
    )
    assert {"Burma", "Myanmar"} <= _names_of(brief, "Myanmar")


def test_a_nickname_of_two_countries_joins_only_the_one_the_story_names() -> None:
    one = _orgs(
        ("a1", "La Roja pressed high all night.", "La Roja"),
        ("b1", "Chile pressed high all night.", "Chile"),
    )
    assert {"Chile", "La Roja"} <= _names_of(one, "Chile")
    both = _orgs(
        ("a1", "La Roja pressed high all night.", "La Roja"),
        ("b1", "Chile met Spain in a friendly.", "Chile"),
        ("c1", "Spain met Chile in a friendly.", "Spain"),
    )
    assert _names_of(both, "La Roja") == {"La Roja"}
