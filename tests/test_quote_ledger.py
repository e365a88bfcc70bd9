"""The quote ledger: which printed quotes are one statement, and who said it (no model)."""

from __future__ import annotations

import re

from newsprism.annotate.records import (
    ArticleAnnotations,
    EntityMention,
    QuoteMention,
    Sentence,
)
from newsprism.brief import build_brief
from newsprism.compare.quote_alignment import (
    SAME_STATEMENT_SHARE,
    align,
    content_sequence,
    same_statement,
    statement_pieces,
    statement_words,
)
from newsprism.compare.records import Brief, StoryInput
from newsprism.model import Article, PublishedDate

OUTLETS = ("Harbor Daily", "Valley Courier", "Lakeshore Post", "Meridian Wire")


def article(n: int, text: str) -> Article:
    """Article ``n`` of the story, from its own outlet."""
    return Article(
        id=f"a{n}",
        source=f"a{n}.txt",
        format="text",
        text=text,
        content_hash="",
        ingested_at="2025-03-30T00:00:00+00:00",
        outlet=OUTLETS[n],
        title=f"{OUTLETS[n]} story",
        published=PublishedDate("2025-03-14", "day"),
    )


def notes(
    a: Article, people: list[tuple[str, str]], quotes: list[tuple[str, int | None]]
) -> ArticleAnnotations:
    """Annotations: ``people`` as (printed, name), ``quotes`` as (words, speaker index)."""
    entities = []
    for printed, name in people:
        start = a.text.index(printed)
        entities.append(
            EntityMention(
                text=printed, name=name, type="person", start=start, end=start + len(printed)
            )
        )
    mentions = []
    for words, speaker in quotes:
        start = a.text.index(words)
        mentions.append(
            QuoteMention(
                text=words,
                start=start,
                end=start + len(words),
                direct=True,
                speaker=speaker,
                speaker_name=None if speaker is None else entities[speaker].name,
            )
        )
    sentences = [
        Sentence(m.start(), m.end()) for m in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", a.text, re.S)
    ]
    return ArticleAnnotations(
        article_id=a.id,
        text_hash="",
        annotator="test",
        sentences=tuple(sentences),
        entities=tuple(entities),
        quotes=tuple(mentions),
    )


def brief_of(*pairs: tuple[Article, ArticleAnnotations]) -> Brief:
    return build_brief(StoryInput("s1", {}), [a for a, _ in pairs], {a.id: n for a, n in pairs})


def alignment_of(a: str, b: str):
    pa, pb = statement_pieces(a), statement_pieces(b)
    ca = content_sequence(tuple(w for p in pa for w in p))
    cb = content_sequence(tuple(w for p in pb for w in p))
    return align(pa, ca, pb, cb)


# --- the alignment ----------------------------------------------------------------------------


def test_contractions_are_spelled_out() -> None:
    assert statement_words("I'm sure we won't stop, it's ours") == statement_words(
        "I am sure we will not stop - it is ours"
    )


def test_contraction_and_punctuation_differences_are_one_excerpt() -> None:
    found = alignment_of("I'm not leaving the village", "We stay. I am not leaving the village!")
    assert found.excerpt


def test_a_quote_cut_by_an_ellipsis_is_an_excerpt_in_pieces() -> None:
    whole = "We will rebuild the school, the clinic and the market before the rains come"
    assert alignment_of("We will rebuild the school … before the rains come", whole).excerpt
    assert not alignment_of("before the rains come … We will rebuild the school", whole).excerpt


def test_an_editors_insertion_in_brackets_or_parentheses_is_no_change() -> None:
    whole = "That figure will grow as the teams reach the valleys, so please be patient"
    assert alignment_of(
        "That figure (of deaths) will grow as the teams reach the valleys", whole
    ).excerpt
    assert alignment_of("That figure will grow as [rescue] teams reach the valleys", whole).excerpt
    assert not alignment_of("That figure will shrink as the teams reach the valleys", whole).excerpt


def test_two_windows_on_one_statement_are_one() -> None:
    a = (
        "The new line is the project the valley has waited for, and ticket sales are far "
        "above every forecast"
    )
    b = "Ticket sales are far above every forecast. The trains are full every single morning"
    found = alignment_of(a, b)
    assert found.overlap and same_statement(found)


def test_a_shared_phrase_does_not_make_two_statements_one() -> None:
    a = (
        "We condemn this attack in the strongest possible terms and we call on the police "
        "to find those responsible without delay"
    )
    b = (
        "The council met tonight and in the strongest possible terms rejected the budget "
        "because it cuts funding for schools and libraries"
    )
    found = alignment_of(a, b)
    assert not found.excerpt and not found.overlap
    assert not same_statement(found)


def test_a_reworded_statement_aligns_above_the_threshold() -> None:
    a = "The troops are mobilised throughout the territory to guarantee the safety of citizens"
    b = "Troops are being mobilized across the territory to guarantee the safety of all citizens"
    found = alignment_of(a, b)
    assert found.short_share >= SAME_STATEMENT_SHARE and same_statement(found)


def test_scattered_words_in_another_order_stay_apart() -> None:
    a = "Safety of citizens comes first, the troops said, and the territory is calm"
    b = "The territory must guarantee troops for citizens in need of safety"
    assert not same_statement(alignment_of(a, b))


# --- the ledger -------------------------------------------------------------------------------


def test_i_am_and_i_m_are_one_quote_and_both_verbatim() -> None:
    a = article(0, '"I am proud of every volunteer," said Rosa Tamm.')
    b = article(1, '"I\'m proud of every volunteer," Rosa Tamm told reporters.')
    brief = brief_of(
        (a, notes(a, [("Rosa Tamm", "Rosa Tamm")], [("I am proud of every volunteer", 0)])),
        (b, notes(b, [("Rosa Tamm", "Rosa Tamm")], [("I'm proud of every volunteer", 0)])),
    )
    (quote,) = brief.quotes
    assert {x.article for x in quote.attributions} == {"a0", "a1"}
    assert all(x.verbatim for x in quote.attributions)


def test_a_truncated_quote_is_verbatim_not_a_paraphrase() -> None:
    words = "The new bridge will carry trains and cars across the river by next summer"
    a = article(0, f'"{words}," said Rosa Tamm.')
    b = article(1, '"The new bridge will carry trains … by next summer," said Rosa Tamm.')
    brief = brief_of(
        (a, notes(a, [("Rosa Tamm", "Rosa Tamm")], [(words, 0)])),
        (
            b,
            notes(
                b,
                [("Rosa Tamm", "Rosa Tamm")],
                [("The new bridge will carry trains … by next summer", 0)],
            ),
        ),
    )
    (quote,) = brief.quotes
    assert all(x.verbatim and x.diff == () for x in quote.attributions)


def test_two_statements_by_one_side_sharing_a_phrase_stay_two() -> None:
    letter = (
        "The ministry will not accept any further delay to the harbour works and expects "
        "the contractor to resume at once"
    )
    spoken = (
        "We were patient for a year, but any further delay to the harbour works now "
        "costs jobs in every fishing town on the coast"
    )
    a = article(0, f'"{letter}," the letter stated, signed by Ivo Brandt.')
    b = article(1, f'"{spoken}," Ivo Brandt said on camera.')
    brief = brief_of(
        (a, notes(a, [("Ivo Brandt", "Ivo Brandt")], [(letter, 0)])),
        (b, notes(b, [("Ivo Brandt", "Ivo Brandt")], [(spoken, 0)])),
    )
    assert len(brief.quotes) == 2


def test_the_speaker_is_named_by_the_fullest_printed_form() -> None:
    words = "We stand with the people of the valley in this dark hour"
    a = article(0, f'"{words}," Marta van der Sloot said.')
    b = article(1, f'"{words}," said Sloot.')
    # The model tagged only "Sloot" as the entity; the annotator printed the full name.
    speaker_a = QuoteMention(
        text=words,
        start=1,
        end=1 + len(words),
        direct=True,
        speaker=0,
        speaker_name="Marta van der Sloot",
    )
    na = notes(a, [("Sloot", "Sloot")], [])
    brief = brief_of(
        (a, ArticleAnnotations(a.id, "", "test", na.sentences, na.entities, (speaker_a,))),
        (b, notes(b, [("Sloot", "Sloot")], [(words, 0)])),
    )
    (quote,) = brief.quotes
    assert quote.speaker_name == "Marta van der Sloot"


def test_two_outlets_printing_different_stretches_of_a_statement_are_both_verbatim() -> None:
    first = "We trained hard all year and the whole squad deserves this cup tonight"
    second = "the whole squad deserves this cup tonight, and the fans deserve it even more"
    a = article(0, f'"{first}," said Rosa Tamm.')
    b = article(1, f'"{second}," said Rosa Tamm.')
    brief = brief_of(
        (a, notes(a, [("Rosa Tamm", "Rosa Tamm")], [(first, 0)])),
        (b, notes(b, [("Rosa Tamm", "Rosa Tamm")], [(second, 0)])),
    )
    (quote,) = brief.quotes
    assert all(x.verbatim for x in quote.attributions)


def test_a_place_that_only_modifies_the_speaker_is_not_the_speaker() -> None:
    text = 'The Riverton court ruled that the fraud had been "proved beyond any doubt" on Monday.'
    a = article(0, text)
    start = text.index("Riverton")
    place = EntityMention(
        text="Riverton", name="Riverton", type="place", start=start, end=start + len("Riverton")
    )
    words = "proved beyond any doubt"
    quote_start = text.index(words)
    speaker_start = text.index("The Riverton court")
    mention = QuoteMention(
        text=words,
        start=quote_start,
        end=quote_start + len(words),
        direct=True,
        speaker_name="The Riverton court",
        speaker_start=speaker_start,
        speaker_end=speaker_start + len("The Riverton court"),
    )
    base = notes(a, [], [])
    annotations = ArticleAnnotations(
        article_id=a.id,
        text_hash="",
        annotator="test",
        sentences=base.sentences,
        entities=(place,),
        quotes=(mention,),
    )
    brief = brief_of((a, annotations))
    (quote,) = [q for q in brief.quotes if "beyond any doubt" in q.text]
    riverton = [e.id for e in brief.entities if e.name == "Riverton"]
    assert quote.speaker not in riverton
    assert "court" in (quote.speaker_name or "").lower()
