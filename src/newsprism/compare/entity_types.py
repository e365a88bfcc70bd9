"""An entity's type from all its mentions: the model's labels weighed with the words around.

A small model labels a footballer an organisation in one article and a person in the next,
and a train or a railway zone a place. The type is decided once per entity of the story:

- words only a person fits ("X scored", "X, who", "striker X", a "he"/"his" right after the
  name before any "it"/"its") count for a person; "X, which" and "its" count for an
  organisation (lists in ``annotate/data/person_context.txt``);
- a name ending in a vehicle word ("... Express", "... rover") in an article that speaks of
  such vehicles is the vehicle's (type ``other``);
- a name ending in a body's generic word ("... High Court", "... Railway") is an
  organisation, never a place.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from newsprism.annotate.lexicon import PERSON_AFTER, PERSON_BEFORE, VEHICLE_CUES, VEHICLE_HEADS
from newsprism.compare.acronyms import is_acronym
from newsprism.compare.entity_clusters import LocalEntity as _Local
from newsprism.compare.entity_clusters import UnionFind as _UnionFind
from newsprism.compare.names import GENERIC_ORG_WORDS, clean_words
from newsprism.compare.story import StoryArticles

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_PERSONAL = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
_IMPERSONAL = frozenset({"it", "its", "itself"})
_ORG_AFTER = frozenset({"which", "its", "shares", "stock", "inc", "ltd", "plc", "corp"})
# Words before a name that no person's name follows ("in Lagos", "near Mosul").
_PLACE_BEFORE = frozenset({"in", "near", "across", "throughout", "outside"})
# Words after a name that make it a place's ("Tarsa district", "Marda province").
PLACE_AFTER = frozenset(
    """
    district districts province provinces county region village villages town city state
    valley municipality governorate prefecture oblast
    """.split()
)

# Last words of bodies' names: such a name is an organisation, whatever the model said.
ORG_HEADS = frozenset(
    """
    court courts commission committee council ministry department agency authority board
    bureau railway railways airline airlines airways bank party union university college
    institute institution organisation organization corporation company police force army
    navy tribunal parliament assembly senate secretariat office service services survey
    centre center association federation league foundation fund
    """.split()
)


@dataclass(frozen=True)
class MentionCues:
    """How many mentions of a name have words around them that only a person, or only an
    organisation, fits (``pronoun`` counts the weaker personal-pronoun cue apart)."""

    person: int
    organization: int
    pronoun: int = 0  # mentions followed, within the sentence, first by "he"/"his"/"she"/"her"
    article: int = 0  # mentions printed after "the" or "in": no person's
    place: int = 0  # mentions followed by "district", "province" ...
    vehicle: int = 0  # mentions followed by "rover", "express" ...


def mention_cues(text: str, spans: list[tuple[int, int]]) -> MentionCues:
    """Return the person and organisation cues of a name's mentions ``(start, end)`` in ``text``."""
    person = organization = pronoun = article = place = vehicle = 0
    for start, end in spans:
        after = [w.lower() for w in _WORD.findall(text[end : end + 80])]
        before = [w.lower() for w in _WORD.findall(text[max(0, start - 30) : start])]
        tail = text[end : end + 5]
        if before and before[-1] == "the":
            article += 1
        if before and before[-1] in _PLACE_BEFORE:
            article += 1  # "in X": a place or a body, hardly a person
        if after and after[0] in PLACE_AFTER:
            place += 1
            continue
        named = before[-2:-1] if before[-1:] in (["named"], ["called"]) else before[-1:]
        if (
            (after and after[0] in VEHICLE_HEADS) or (named and named[0] in VEHICLE_HEADS)
        ) and not text[start:end].isupper():
            vehicle += 1
            continue
        if (after and after[0] in PERSON_AFTER) or (before and before[-1] in PERSON_BEFORE):
            person += 1
            continue
        if tail.startswith(", who") or tail.startswith(" who"):
            person += 1
            continue
        if after and after[0] in _ORG_AFTER:
            organization += 1
            continue
        # The first pronoun after the name, within its sentence and before any other name:
        # weak, and "it" may be anything.
        sentence = re.split(r"[.!?\n]", text[end : end + 120], maxsplit=1)[0]
        for word in _WORD.findall(sentence):
            low = word.lower()
            if word[:1].isupper():
                break
            if low in _PERSONAL:
                pronoun += 1
                break
            if low in _IMPERSONAL:
                break
    return MentionCues(person, organization, pronoun, article, place, vehicle)


def is_vehicle_name(name: str, text: str) -> bool:
    """Return True for a train's, ship's or spacecraft's name in a text about such vehicles."""
    words = _WORD.findall(name.lower())
    if len(words) < 2 or words[-1] not in VEHICLE_HEADS:
        return False
    return any(w.lower() in VEHICLE_CUES for w in _WORD.findall(text))


def is_body_name(name: str) -> bool:
    """Return True for a name ending in a body's generic word ("Lakeside High Court")."""
    words = _WORD.findall(name.lower())
    return len(words) >= 2 and words[-1] in ORG_HEADS


def decide_type(
    votes: Counter[str],
    cues: MentionCues,
    *,
    person_shaped: bool,
    multiword_person: bool,
    name_like: bool = False,
) -> str:
    """Return the type of an entity from the model's ``votes`` (type -> mentions) and cues.

    ``person_shaped``: the entity is printed as a two-word name and as its last word alone,
    as people are ("Ana Lopez" / "Lopez"). ``multiword_person``: the model read one of its
    full names as a person's. ``name_like``: two or three capitalised words, none a body's
    or vehicle's generic word.
    """
    if cues.vehicle * 2 >= max(1, sum(votes.values())) and cues.person == 0:
        return "other"
    if cues.place and cues.place * 2 >= cues.person + cues.pronoun:
        return "place"
    scores: Counter[str] = Counter(votes)
    scores["person"] += 3 * cues.person
    scores["organization"] += 3 * cues.organization
    if multiword_person:
        scores["person"] *= 2
    personal = cues.person + cues.pronoun
    if (
        (person_shaped or (name_like and votes["place"] * 2 < sum(votes.values())))
        and personal >= 1
        and cues.organization == 0
        and cues.article == 0
    ):
        return "person"
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def retype_clusters(story: StoryArticles, locals_: list[_Local], uf: _UnionFind) -> None:
    """Decide each cluster's type from all its mentions and the words around them."""
    one_word = {
        " ".join(clean_words(local.name)) for local in locals_ if len(clean_words(local.name)) == 1
    }
    for members in uf.groups().values():
        votes: Counter[str] = Counter()
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        person_shaped = multiword_person = name_like = False
        acronyms_only = all(is_acronym(locals_[m].name) for m in members)
        for m in members:
            local = locals_[m]
            if acronyms_only or not is_acronym(local.name):
                # The model types a bare acronym ("DRC") poorly: the full names decide.
                votes[local.model_type] += sum(local.types.values())
            notes = story.annotations[local.article].entities
            spans[local.article].extend((notes[i].start, notes[i].end) for i in local.mentions)
            words = clean_words(local.name)
            if len(words) >= 2:
                person_shaped |= words[-1] in one_word
                multiword_person |= local.model_type == "person"
                name_like |= _name_like(local.name)
        totals = [0, 0, 0, 0, 0, 0]
        for article_id, article_spans in spans.items():
            cues = mention_cues(story.articles[article_id].text, article_spans)
            found = (
                cues.person,
                cues.organization,
                cues.pronoun,
                cues.article,
                cues.place,
                cues.vehicle,
            )
            for k, value in enumerate(found):
                totals[k] += value
        kind = decide_type(
            votes,
            MentionCues(*totals),
            person_shaped=person_shaped,
            multiword_person=multiword_person,
            name_like=name_like,
        )
        names_ = sorted({locals_[m].name for m in members})
        texts = [story.articles[article_id].text for article_id in sorted(spans)]
        if any(is_vehicle_name(name, text) for name in names_ for text in texts):
            kind = "other"
        elif kind in ("place", "person") and any(is_body_name(name) for name in names_):
            kind = "organization"
        for m in members:
            locals_[m].decided = kind


def _name_like(name: str) -> bool:
    """Return True for two or three capitalised words that no generic word ends."""
    printed = name.split()
    return (
        2 <= len(printed) <= 3
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in printed)
        and not is_body_name(name)
        and clean_words(name)[-1] not in GENERIC_ORG_WORDS
    )
