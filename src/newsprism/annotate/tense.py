"""The tense of the clause around a word, read from the parse: what places a weekday or a
month before or after the publication date ("resigned on Monday" is the Monday before, "will
meet on Friday" the Friday after).
"""

from __future__ import annotations

from typing import Any

_SCHEDULING_VERBS = frozenset(
    "postpone delay defer adjourn reschedule schedule set plan expect due slate push move "
    "intend aim".split()
)
_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo", "would", "gon"})
# Dependencies of a noun: a word tagged as a verb in one of them is a misread noun.
_NOMINAL_DEPS = frozenset(
    "nsubj nsubjpass dobj iobj pobj compound amod appos attr poss nmod npadvmod dative".split()
)
# Prepositions that put a date at or before the time of writing ("as of Saturday").
_PAST_PREPOSITIONS = frozenset({"since", "as of"})
# Particles that make a scheduling verb another verb ("set aside", "set up", "put out").
_NOT_SCHEDULING_PARTICLES = frozenset({"aside", "up", "out", "down"})


def _clause_verb(token: Any) -> Any:
    """Return the verb of the clause holding ``token``: the first verb up its heads that is not
    a noun misread as a verb ("the goods train" tagged as a verb but parsed as the subject)."""
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in _NOMINAL_DEPS:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _preposition(token: Any) -> str:
    """Return the preposition that introduces a date token ("on", "until", "as of"), or ""."""
    while token.dep_ in ("compound", "nummod", "amod", "nmod") and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj":
        return ""
    word = token.head.lower_
    if word == "of" and token.head.i > 0 and token.doc[token.head.i - 1].lower_ == "as":
        return "as of"
    return str(word)


def _nonfinite_adjunct(verb: Any) -> bool:
    """Return True for an infinitive or a participle that adds to another verb's clause ("beat
    them 2-1 to reach the final on Wednesday", "sounding the alarm on Friday"): it happens
    when that verb's clause does."""
    if verb.dep_ != "advcl" or verb.head.i == verb.i:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB":
        return bool(auxes) and all(c.tag_ == "TO" for c in auxes)
    return verb.tag_ == "VBG" and not auxes


def _schedules(verb: Any, preposition: str) -> bool:
    """Return True when a scheduling verb looks ahead to the date ("postponed until Monday",
    "was scheduled for Friday"), not when it says when the scheduling happened ("the court on
    Friday postponed the hearing") or is another verb altogether ("set aside")."""
    if any(c.dep_ == "prt" and c.lower_ in _NOT_SCHEDULING_PARTICLES for c in verb.children):
        return False
    if preposition in ("", "on", "at", "in"):
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if verb.tag_ == "VBD" and not passive:
            return False
    return True


def clause_tense(doc: Any, token_index: int) -> str | None:
    """Return "past", "future" or "present" for the clause holding token ``token_index``.

    "as of Saturday" and "since Friday" reach back whatever the verb; an infinitive or a
    participle added to another verb ("... to reach the final on Wednesday") takes that verb's
    tense.
    """
    if doc is None or token_index >= len(doc):
        return None
    date_token = doc[token_index]
    preposition = _preposition(date_token)
    if preposition in _PAST_PREPOSITIONS:
        return "past"
    token = _clause_verb(date_token)
    if token is None:
        return None
    for _ in range(3):
        if not _nonfinite_adjunct(token):
            break
        head = _clause_verb(token.head)
        if head is None:
            break
        token = head
    if token.lemma_.lower() in _SCHEDULING_VERBS and _schedules(token, preposition):
        return "future"  # "postponed until Monday", "scheduled for Friday"
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & _FUTURE_AUX or token.lower_ in _FUTURE_AUX:
        return "future"
    if token.lower_ == "going" and any(c.dep_ == "xcomp" for c in token.children):
        return "future"
    if token.head.lower_ == "going" and token.dep_ == "xcomp":
        return "future"
    tags = {token.tag_} | {c.tag_ for c in auxes}
    if "VBD" in tags or ("VBN" in tags and words & {"has", "have", "had", "'s", "was", "were"}):
        return "past"
    if token.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future"  # "is meeting on Friday": arrangements ahead
    if tags & {"VBZ", "VBP", "VB", "MD"}:
        return "present"
    return None
