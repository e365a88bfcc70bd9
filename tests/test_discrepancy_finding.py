"""Discrepancies found from slots, without claim groups: numbers, days and times, places.

Every story here is invented; each test holds one mechanism on sentences written for it.
"""

from __future__ import annotations

from newsprism.annotate.records import DateMention
from newsprism.compare.records import Brief
from tests.test_compare_units import article, at, brief_of, notes, person


def values_of(brief: Brief, kind: str) -> list[dict[str, tuple[str, ...]]]:
    """Each discrepancy of ``kind`` as {value: articles}."""
    return [{v.value: v.articles for v in d.values} for d in brief.discrepancies if d.kind == kind]


def place(text: str, phrase: str, nth: int = 0):
    return person(text, phrase, kind="place", nth=nth)


def day(text: str, phrase: str, value: str, sentence: int = 0) -> DateMention:
    start, end = at(text, phrase)
    return DateMention(phrase, value, "day", start, end, sentence)


# --- counts -----------------------------------------------------------------------------------


def test_tolls_differ_and_dead_and_injured_are_two_measures() -> None:
    a = article("a1", "The flood in the valley killed 212 people and injured 40 others.", "Post")
    b = article(
        "b1", "At least 187 people died in the flood and 40 were injured, officials said.", "Wire"
    )
    c = article("c1", "The death toll from the flood has risen to 212, officials said.", "Star")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    (toll,) = values_of(brief, "number")
    assert set(toll) == {"212 people", "At least 187 people"}
    assert set(toll["212 people"]) == {"a1", "c1"} and toll["At least 187 people"] == ("b1",)
    (d,) = brief.discrepancies
    assert "changed between reports" in d.about  # "has risen to": a running count


def test_a_count_of_part_of_the_time_is_not_the_toll() -> None:
    # a day's deaths, a ten-day window and a rate are other measures than the running toll
    a = article("a1", "The storms have killed 240 people across the province.", "Post")
    b = article("b1", "The storms claimed 61 lives on Tuesday alone, officials said.", "Wire")
    c = article("c1", "In the last ten days the storms have killed 150 people.", "Star")
    d = article("d1", "The storms are killing about 20 people a day in the province.", "Mail")
    e = article("e1", "The storms have killed 310 people across the province.", "Herald")
    stories = [(x, notes(x)) for x in (a, b, c, d)]
    assert values_of(brief_of(*stories), "number") == []
    (toll,) = values_of(brief_of(*stories, (e, notes(e))), "number")
    assert set(toll) == {"240 people", "310 people"}
    f = article("f1", "The storms killed 58 people on Tuesday alone, the ministry said.", "Times")
    (day_toll,) = values_of(brief_of((b, notes(b)), (f, notes(f))), "number")
    assert set(day_toll) == {"61 lives", "58 people"}  # one day's count, given two ways


def test_a_count_of_a_list_of_things_is_no_count_of_the_first() -> None:
    a = article("a1", "Nearly 90 bridges, culverts and roads were washed away.", "Post")
    b = article("b1", "The floods washed away 35 bridges in the district.", "Wire")
    assert values_of(brief_of((a, notes(a)), (b, notes(b))), "number") == []
    # a list of sources after the count leaves it a count
    c = article("c1", "The floods killed 40 people, police and witnesses said.", "Star")
    d = article("d1", "The floods killed 65 people in the district.", "Mail")
    (toll,) = values_of(brief_of((c, notes(c)), (d, notes(d))), "number")
    assert set(toll) == {"40 people", "65 people"}


def test_a_count_of_a_group_among_the_dead_is_compared_only_with_that_group() -> None:
    a = article("a1", "The floods killed 40 people, among them five children.", "Post")
    b = article("b1", "The floods killed 40 people, among them three children.", "Wire")
    c = article("c1", "The floods have killed 44 people in the valley.", "Star")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    found = {d.about: {v.value for v in d.values} for d in brief.discrepancies}
    assert found == {
        "death toll": {"40 people", "44 people"},
        "death toll (children)": {"five children", "three children"},
    }
    # a revised figure for the group stays the group's ("rather than five")
    e = article("e1", "The toll of 52 includes three children, rather than five.", "Mail")
    (toll,) = values_of(brief_of((a, notes(a)), (e, notes(e))), "number")
    assert set(toll) == {"40 people", "52"}
    d = article("d1", "Rescuers rescued 120 people from the flooded streets.", "Mail")
    e = article("e1", "Rescuers have rescued 85 people from the flooded streets so far.", "Times")
    assert [x.about for x in brief_of((d, notes(d)), (e, notes(e))).discrepancies] == [
        "number rescued (the figure changed between reports)"
    ]


def test_a_sentence_is_compared_with_sentences_not_with_requests_or_differences() -> None:
    a = article("a1", "The court sentenced the banker to 12 years in prison on Monday.", "Post")
    b = article("b1", "The judge handed down a 10-year prison sentence on Monday.", "Wire")
    c = article("c1", "Prosecutors had sought 18 years in prison for the banker.", "Star")
    d = article("d1", "The prison term falls six years short of what prosecutors sought.", "Mail")
    e = article("e1", "He will probably serve eight years in prison, lawyers said.", "Times")
    brief = brief_of(*[(x, notes(x)) for x in (a, b, c, d, e)])
    (term,) = brief.discrepancies
    assert {v.value for v in term.values} == {"12 years", "10-year"}
    assert term.about.startswith("prison sentence")


def test_demand_for_a_product_does_not_make_a_result_an_expectation() -> None:
    a = article("a1", "Demand for its drills drove revenue of $30 billion in the quarter.", "Post")
    b = article("b1", "Revenue came to $31 billion in the quarter.", "Wire")
    (revenue,) = values_of(brief_of((a, notes(a)), (b, notes(b))), "number")
    assert set(revenue) == {"$30 billion", "$31 billion"}


def test_hedges_of_one_side_with_other_values_are_two_reports() -> None:
    a = article("a1", "More than 900 people were injured in the blast at the port.", "Post")
    b = article("b1", "More than 1,100 people were injured in the blast at the port.", "Wire")
    brief = brief_of((a, notes(a)), (b, notes(b)))
    (injured,) = values_of(brief, "number")
    assert injured == {"More than 900 people": ("a1",), "More than 1,100 people": ("b1",)}
    c = article("c1", "About 1,150 people were injured in the blast at the port.", "Star")
    d = article("d1", "Some 1,180 people were injured in the blast at the port.", "Mail")
    # "more than 1,100" allows 1,150 and 1,180 (within 10 per cent): no disagreement
    assert values_of(brief_of((b, notes(b)), (c, notes(c)), (d, notes(d))), "number") == []


def test_counted_nouns_of_one_family_are_compared_but_parts_are_not() -> None:
    a = article("a1", "The crash derailed two coaches of the night train.", "Post")
    b = article("b1", "The crash derailed four rear carriages of the night train.", "Wire")
    c = article("c1", "Two of the injured passengers were in the last coach.", "Star")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    (cars,) = values_of(brief, "number")
    assert set(cars) == {"two coaches", "four rear carriages"}


def test_a_count_broken_down_by_place_is_compared_place_by_place() -> None:
    a_text = "Sixty people were killed in Arlo and 30 in Bessing."
    b_text = "The quake killed 52 people in Arlo and 30 in Bessing."
    a = article("a1", a_text, "Post")
    b = article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, [place(a_text, "Arlo"), place(a_text, "Bessing")])),
        (b, notes(b, [place(b_text, "Arlo"), place(b_text, "Bessing")])),
    )
    (arlo,) = values_of(brief, "number")
    assert set(arlo) == {"Sixty people", "52 people"}
    assert "Arlo" in brief.discrepancies[0].about


def test_a_sentence_about_an_earlier_event_is_not_compared() -> None:
    a_text = "The earthquake had a magnitude of 6.1, the seismic centre said."
    b_text = "In 2015 a 7.8 magnitude earthquake struck the same region."
    c_text = "The 6.1-magnitude earthquake was felt in the capital."
    a, c = article("a1", a_text, "Post"), article("c1", c_text, "Star")
    b = article("b1", b_text, "Wire")
    b_notes = notes(b, dates=[DateMention("2015", "2015", "year", 3, 7, 0)])
    brief = brief_of((a, notes(a)), (b, b_notes), (c, notes(c)))
    assert values_of(brief, "number") == []


def test_values_said_by_different_named_sources_contest_no_claim() -> None:
    a_text = "Ilse Varo, the housing minister, said about six villages were destroyed."
    b_text = "Dario Fenn, the disaster agency head, told reporters 12 villages were destroyed."
    a, b = article("a1", a_text, "Post"), article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, [person(a_text, "Ilse Varo")])), (b, notes(b, [person(b_text, "Dario Fenn")]))
    )
    (villages,) = values_of(brief, "number")
    assert set(villages) == {"about six villages", "12 villages"}
    assert all(c.status != "conflicting" for c in brief.claims)


def test_the_outlier_value_is_contested_not_the_value_most_outlets_give() -> None:
    wire = "The council approved a $3.5 million budget for the harbour wall."
    a, b = article("a1", wire, "Post"), article("b1", wire.replace("The", "The city"), "Wire")
    c = article("c1", "The council approved a $3.9 million budget for the harbour wall.", "Star")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    (budget,) = values_of(brief, "number")
    assert set(budget) == {"$3.5 million", "$3.9 million"}
    statuses = {p.article: cl.status for cl in brief.claims for p in cl.support}
    assert statuses["c1"] == "conflicting"


# --- money, percentages, ratios, scores, minutes -------------------------------------------


def test_estimates_are_compared_with_estimates_and_results_round() -> None:
    a = article(
        "a1", "Revenue was $12.04 billion, above analysts' estimates of $11.8 billion.", "Post"
    )
    b = article(
        "b1", "Revenue reached $12 billion, against expectations of $11.62 billion.", "Wire"
    )
    brief = brief_of((a, notes(a)), (b, notes(b)))
    (estimate,) = values_of(brief, "number")  # $12.04 billion and $12 billion agree
    assert set(estimate) == {"$11.8 billion", "$11.62 billion"}
    assert brief.discrepancies[0].about.startswith("expected")
    assert all(c.status != "conflicting" for c in brief.claims)  # polls differ, nobody errs


def test_a_company_listing_this_and_last_quarter_is_no_discrepancy() -> None:
    text = "Sales grew 40% in the quarter after growing 25% in the previous quarter."
    a, b = article("a1", text, "Post"), article("b1", text.replace("Sales", "Its sales"), "Wire")
    c = article("c1", "Sales grew 25% in the previous quarter, the report said.", "Star")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    assert values_of(brief, "number") == []


def test_split_ratio_score_and_minute_of_a_goal() -> None:
    a_text = "Norland beat Estavia 2-1 and Tomas Varga scored the winner in the 88th minute."
    b_text = "Norland won 1-0 over Estavia after Tomas Varga's goal three minutes from time."
    a, b = article("a1", a_text, "Post"), article("b1", b_text, "Wire")
    teams = ("Norland", "Estavia")
    brief = brief_of(
        (a, notes(a, [person(a_text, "Tomas Varga")] + [place(a_text, t) for t in teams])),
        (b, notes(b, [person(b_text, "Tomas Varga")] + [place(b_text, t) for t in teams])),
    )
    found = {d.about: {v.value for v in d.values} for d in brief.discrepancies}
    assert found["final score"] == {"2-1", "1-0"}
    assert found["minute of the goal"] == {"88th minute", "three minutes from time"}
    c = article("c1", "The board approved a 10-for-1 stock split on Monday.", "Post")
    d = article("d1", "The board approved a 1-for-10 stock split on Monday.", "Wire")
    (split,) = values_of(brief_of((c, notes(c)), (d, notes(d))), "number")
    assert set(split) == {"10-for-1", "1-for-10"}


def test_distances_convert_units_and_need_one_place_of_reference() -> None:
    a_text = "The epicentre was 11 miles from Tarsk, the agency said."
    b_text = "The epicentre was about 18 kilometres from Tarsk, the agency said."
    c_text = "The epicentre was 30 km from Tarsk, the agency said."
    arts = [article(i, t, o) for i, t, o in (("a1", a_text, "P"), ("b1", b_text, "W"))]
    pairs = [(x, notes(x, [place(x.text, "Tarsk")])) for x in arts]
    assert values_of(brief_of(*pairs), "number") == []  # 11 miles is 17.7 km
    c = article("c1", c_text, "S")
    (distance,) = values_of(brief_of(*pairs, (c, notes(c, [place(c_text, "Tarsk")]))), "number")
    assert "30 km" in distance


# --- days, times, fiscal periods --------------------------------------------------------------


def test_times_of_day_are_paired_one_to_one_and_hedges_allow_round_times() -> None:
    a = article("a1", "The blast at the depot happened at 6.40 pm on the quay.", "Post")
    b = article(
        "b1", "The blast at the depot happened at approximately 7:25 p.m. on the quay.", "W"
    )
    c = article("c1", "The blast at the depot happened at around 6.30 pm on the quay.", "Star")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    (times,) = values_of(brief, "date")
    assert set(times) == {"6.40 pm", "approximately 7:25 p.m."}
    assert set(times["6.40 pm"]) == {"a1", "c1"}  # "around 6.30" allows 6.40
    d = article("d1", "The blast at the depot happened after 6:30 pm on the quay.", "Mail")
    assert values_of(brief_of((a, notes(a)), (d, notes(d))), "date") == []


def test_one_event_given_two_days_is_a_date_discrepancy() -> None:
    a_text = "Police arrested the mayor of Dunmore on Tuesday over the tender."
    b_text = "Police arrested the mayor of Dunmore late Wednesday over the tender."
    c_text = "The council of Dunmore meets on Thursday to choose a new chair."
    a = article("a1", a_text, "Post")
    b = article("b1", b_text, "Wire")
    c = article("c1", c_text, "Star")
    brief = brief_of(
        (a, notes(a, dates=[day(a_text, "Tuesday", "2023-11-14")])),
        (b, notes(b, dates=[day(b_text, "Wednesday", "2023-11-15")])),
        (c, notes(c, dates=[day(c_text, "Thursday", "2023-11-16")])),
    )
    (days,) = values_of(brief, "date")
    assert set(days) == {"on Tuesday (November 14)", "late Wednesday (November 15)"}


def test_two_briefings_giving_different_figures_are_two_statements() -> None:
    a_text = "The governor confirmed on Tuesday that 12 people had died in the storm."
    b_text = "The governor confirmed on Wednesday that 19 people had died in the storm."
    a = article("a1", a_text, "Post")
    b = article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, dates=[day(a_text, "Tuesday", "2023-11-14")])),
        (b, notes(b, dates=[day(b_text, "Wednesday", "2023-11-15")])),
    )
    assert values_of(brief, "date") == []  # the toll differs instead (it rose)
    # the same figure confirmed on two days is one statement misdated
    c_text = "The governor confirmed on Wednesday that 12 people had died in the storm."
    c = article("c1", c_text, "Star")
    brief = brief_of(
        (a, notes(a, dates=[day(a_text, "Tuesday", "2023-11-14")])),
        (c, notes(c, dates=[day(c_text, "Wednesday", "2023-11-15")])),
    )
    (days,) = values_of(brief, "date")
    assert set(days) == {"on Tuesday (November 14)", "on Wednesday (November 15)"}


def test_one_quarter_given_two_fiscal_years() -> None:
    a = article("a1", "Its results for the second quarter of fiscal 2025 beat forecasts.", "P")
    b = article("b1", "Its fiscal 2026 second-quarter results beat forecasts.", "W")
    c = article("c1", "Sales rose from the second quarter of fiscal 2025 to a record.", "S")
    (years,) = values_of(brief_of((a, notes(a)), (b, notes(b))), "date")
    assert len(years) == 2
    assert values_of(brief_of((b, notes(b)), (c, notes(c))), "date") == []  # a comparison


# --- places -----------------------------------------------------------------------------------


def test_a_journey_origin_a_facility_and_a_direction_are_place_slots() -> None:
    a_text = (
        "The ferry travelling from Porto Lenz to Amsel sank at dawn. "
        "Police moved Mara Quist to Delby Prison. "
        "The island lies 80 km northeast of the capital, Velmora."
    )
    b_text = (
        "The ferry, coming from Varden to Amsel, sank at dawn. "
        "Mara Quist was taken to Orrin Prison. "
        "The island lies 80 km northwest of the capital, Velmora."
    )
    a, b = article("a1", a_text, "Post"), article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, [person(a_text, "Mara Quist")])), (b, notes(b, [person(b_text, "Mara Quist")]))
    )
    found = {frozenset(v) for v in values_of(brief, "place")}
    assert frozenset({"from Porto Lenz", "from Varden"}) in found
    assert frozenset({"Delby Prison", "Orrin Prison"}) in found
    assert frozenset({"northeast", "northwest"}) in found
    c = article("c1", "The island lies west of the capital, Velmora, on the coast.", "Star")
    assert values_of(brief_of((b, notes(b)), (c, notes(c))), "place") == []  # west ~ northwest


def test_money_in_currency_words_and_south_asian_scales() -> None:
    a = article("a1", "The new bridge over the canal will cost Rs 1.5 crore, officials said.", "P")
    b = article("b1", "The new bridge over the canal will cost Rs 2 crore, officials said.", "W")
    (cost,) = values_of(brief_of((a, notes(a)), (b, notes(b))), "number")
    assert set(cost) == {"Rs 1.5 crore", "Rs 2 crore"}
    c = article("c1", "The club paid 40 million euros for the striker on Monday.", "P")
    d = article("d1", "The club paid 46 million euros for the striker on Monday.", "W")
    (fee,) = values_of(brief_of((c, notes(c)), (d, notes(d))), "number")
    assert set(fee) == {"40 million euros", "46 million euros"}


def test_the_scene_of_an_attack_is_a_place_slot_and_aftershocks_are_not_compared() -> None:
    a_text = "Leon Marsh was shot as he was leaving a stadium in Corvin after a rally."
    b_text = "Leon Marsh was shot to death outside the same school in Corvin on Friday."
    a, b = article("a1", a_text, "Post"), article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, [person(a_text, "Leon Marsh")])), (b, notes(b, [person(b_text, "Leon Marsh")]))
    )
    assert {frozenset(v) for v in values_of(brief, "place")} == {frozenset({"stadium", "school"})}
    c = article("c1", "One of many aftershocks measured 5.1 magnitude near Corvin.", "Post")
    d = article("d1", "One of many aftershocks measured 4.6 magnitude near Corvin.", "Wire")
    assert values_of(brief_of((c, notes(c)), (d, notes(d))), "number") == []


def test_one_count_given_to_two_kinds_of_weapon_is_an_other_discrepancy() -> None:
    a = article("a1", "In the raid officers found three grenades and four pistols.", "Post")
    b = article("b1", "In the raid officers recovered four shotguns and ammunition.", "Wire")
    (kinds,) = values_of(brief_of((a, notes(a)), (b, notes(b))), "other")
    assert set(kinds) == {"four pistols", "four shotguns"}
    c = article("c1", "The express derailed two coaches near the bridge.", "Post")
    d = article("d1", "The express derailed two carriages near the bridge.", "Wire")
    assert brief_of((c, notes(c)), (d, notes(d))).discrepancies == ()  # one thing, two words


def test_shares_of_two_named_people_are_two_measures() -> None:
    a_text = "Ana Ruiz won 52% of the vote in the runoff for governor, officials said."
    b_text = "Tomas Berg won 48% of the vote in the runoff for governor, officials said."
    a, b = article("a1", a_text, "Post"), article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, [person(a_text, "Ana Ruiz")])), (b, notes(b, [person(b_text, "Tomas Berg")]))
    )
    assert values_of(brief, "number") == []


def test_ages_printed_beside_a_name_are_compared_per_person() -> None:
    a_text = "Police detained Ivo Marek, 71, near the square; Lena Hart, 34, was unhurt."
    b_text = "The 72-year-old writer Ivo Marek was detained near the square."
    a, b = article("a1", a_text, "Post"), article("b1", b_text, "Wire")
    brief = brief_of(
        (a, notes(a, [person(a_text, "Ivo Marek"), person(a_text, "Lena Hart")])),
        (b, notes(b, [person(b_text, "Ivo Marek")])),
    )
    (age,) = values_of(brief, "number")
    assert age == {"71 years old": ("a1",), "72 years old": ("b1",)}
    assert brief.discrepancies[0].about == "age of Ivo Marek"


def test_a_breakdown_place_the_tagger_missed_is_read_from_its_capitals() -> None:
    a = article("a1", "Sixty people were killed in Arlo and 30 in the hill town of Bessing.", "P")
    b = article("b1", "The quake killed 52 people in Arlo and 30 in the hill town of Bessing.", "W")
    (arlo,) = values_of(brief_of((a, notes(a)), (b, notes(b))), "number")  # no place tagged
    assert set(arlo) == {"Sixty people", "52 people"}


def test_a_round_time_is_read_as_rounded_and_a_named_person_far_off_owns_no_figure() -> None:
    a = article("a1", "The first call about the fire came at 3:30 a.m. from a neighbour.", "P")
    b = article("b1", "The first call about the fire came at 3:33 a.m. from a neighbour.", "W")
    assert values_of(brief_of((a, notes(a)), (b, notes(b))), "date") == []
    c_text = "Rosa Lind said lawmakers would vote on a still-forming $1 trillion transport plan."
    d_text = "Otto Brandt pushed lawmakers toward a vote on the $1.2 trillion transport plan."
    c, d = article("c1", c_text, "P"), article("d1", d_text, "W")
    brief = brief_of(
        (c, notes(c, [person(c_text, "Rosa Lind")])), (d, notes(d, [person(d_text, "Otto Brandt")]))
    )
    (plan,) = values_of(brief, "number")
    assert set(plan) == {"$1 trillion", "$1.2 trillion"}


def test_an_opening_in_place_phrase_places_the_count_after_it() -> None:
    a = article(
        "a1", "In Arlo district, a farming area, 60 people died, while 30 died in Bessing.", "P"
    )
    b = article("b1", "The quake killed 52 people in Arlo and 30 people in Bessing.", "W")
    (arlo,) = values_of(brief_of((a, notes(a)), (b, notes(b))), "number")
    assert set(arlo) == {"60 people", "52 people"}


def test_estimates_of_two_periods_are_not_paired_across_articles() -> None:
    a = article("a1", "Sales beat analysts' estimates of $46.1 billion for the quarter.", "P")
    b = article("b1", "Sales for the next quarter beat analysts' estimates of $53.2 billion.", "W")
    assert values_of(brief_of((a, notes(a)), (b, notes(b))), "number") == []
