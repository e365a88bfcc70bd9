"""Entities: the model's people, organisations, places and groups, completed by rules.

The rules work on one article at a time and use only what the article says:

- honorifics and titles ("Dr.", "Sheikh", "Deputy General Secretary") are cut off the name
  and kept as the mention's ``role``;
- an acronym in brackets after a name ("National Farmers Union (NFU)") is tied to it, and a
  party's short name ("Labour", "Democrats") to the full name the article uses;
- a name recognised once is recognised at every mention, and a surname alone points to the
  most recent full name that ends with it;
- news outlets and wire agencies get the type ``outlet``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from newsprism.annotate.acronym_rules import tie_acronyms as _tie_acronyms
from newsprism.annotate.lexicon import (
    HONORIFIC_PHRASES,
    HONORIFICS,
    NOT_NAMES,
    ORG_GENERIC_SUFFIXES,
    OUTLET_SUFFIXES,
    OUTLETS,
    PAGE_FURNITURE,
    TITLE_HEADS,
    TITLE_WORDS,
)
from newsprism.annotate.name_spans import ACRONYM_FILLERS as _ACRONYM_FILLERS
from newsprism.annotate.name_spans import NameSpan as _Span
from newsprism.annotate.name_spans import bare as _bare
from newsprism.annotate.name_spans import is_titlecase as _is_titlecase
from newsprism.annotate.records import EntityMention, EntityType

LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
_DETERMINERS = frozenset({"the", "a", "an"})
_TRAILING_JUNK = frozenset({"'s", "’s", "'", "’", "-", "—", "–"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NAME_POS = frozenset({"PROPN", "NOUN", "NUM", "X"})
PLACE_ABBREVIATIONS = frozenset(
    {"U.S.", "U.S", "US", "USA", "U.S.A.", "UK", "U.K.", "EU", "UAE", "DRC", "PRC"}
)


def _honorific_phrase(doc: Any, start: int, end: int) -> bool:
    """Return True when a two-word honorific ("Tan Sri") starts at ``start`` before ``end``."""
    if start + 2 >= end:
        return False
    return f"{_bare(doc[start].text)} {_bare(doc[start + 1].text)}" in HONORIFIC_PHRASES


def _is_honorific(word: str) -> bool:
    """Return True for a honorific as printed before a name ("Dr.", "Sheikh", "Smt").

    An all-capital word is an abbreviation of a name, not a honorific ("DR Valoria").
    """
    if len(word.rstrip(".")) > 1 and word.rstrip(".").isupper():
        return False
    return _bare(word) in HONORIFICS


def extract_entities(doc: Any, outlet: str | None = None) -> list[EntityMention]:
    """Return the entity mentions of one parsed article, sorted by position.

    ``outlet`` is the publishing outlet's name from the article's metadata, recognised as an
    outlet wherever the text names it.
    """
    spans = _join_adjacent(doc, _model_spans(doc))
    owner = [-1] * len(doc)
    for index, span in enumerate(spans):
        for i in range(span.start, span.end):
            owner[i] = index
    spans = _add_honorific_names(doc, spans, owner)
    spans = _add_abbreviated_places(doc, spans, owner)
    aliases = _tie_acronyms(doc, spans, owner)
    spans = [span for span in spans if not span.dropped]
    spans = _propagate(doc, spans, owner, aliases)
    spans.sort(key=lambda s: s.start)
    _canonical_names(doc, spans, aliases)
    _harmonise_types(spans)
    _type_outlets(spans, outlet)
    _article_roles(spans)
    text = doc.text
    mentions = []
    for span in spans:
        if _is_page_furniture(doc, span):
            continue
        start = doc[span.start].idx
        last = doc[span.end - 1]
        end = last.idx + len(last.text)
        mentions.append(
            EntityMention(
                text=text[start:end],
                name=span.name or text[start:end],
                type=span.type,
                start=start,
                end=end,
                role=span.role,
                label=span.label,
            )
        )
    return mentions


def _model_spans(doc: Any) -> list[_Span]:
    """Return the model's entities of the kinds we keep, trimmed and with titles cut off."""
    spans: list[_Span] = []
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        if kind is None:
            continue
        start, end = ent.start, ent.end
        for k in range(start + 1, end):
            if doc[k].text == "(":
                end = k  # "Bureau of Lighthouses (USBL": the bracket is no part of the name
                break
        while start < end and doc[start].lower_ in _DETERMINERS:
            start += 1
        while end > start and (doc[end - 1].text in _TRAILING_JUNK or doc[end - 1].is_punct):
            if doc[end - 1].text == "." and end - start > 1 and len(doc[end - 2].text) == 1:
                break  # an initial: "George W."
            end -= 1
        if start >= end:
            continue
        # An entity never runs over a line break ("Pam Butler\nRenee Ratcliff").
        for k in range(start, end):
            if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
                if k + 1 < end:
                    spans.extend(_line_parts(doc, start, end, kind, ent.label_))
                    start = end
                break
        if start >= end:
            continue
        if kind == "person" and end - start > 1 and _glued_verb(doc[start].text):
            start += 1  # "Tatrapressreported Vanek": a source's name run into "reported"
        role_start = start
        while start < end and (
            _is_honorific(doc[start].text)
            or (kind == "person" and _bare(doc[start].text) in TITLE_WORDS)
            or _honorific_phrase(doc, start, end)
        ):
            start += 2 if _honorific_phrase(doc, start, end) else 1
        if start >= end:
            continue
        if role_start < start and kind != "person" and _is_honorific(doc[role_start].text):
            kind = "person"
        if kind == "organization" and _titled_person(doc, start, end):
            kind = "person"  # "Coroner Hargis Epperson": an office, then a person's name
            while start < end and _bare(doc[start].text) in TITLE_WORDS:
                start += 1
        surface = doc[start:end]
        if surface.text.lower() in NOT_NAMES or not any(t.is_alpha for t in surface):
            continue
        if kind != "group" and not any(t.pos_ in _NAME_POS for t in surface):
            continue  # "WONDERFUL", "Worst": words the tagger does not read as names
        span = _Span(start, end, kind, ent.label_)
        if kind == "person":
            span.role = _role_before(doc, start, role_start)
        spans.append(span)
    return spans


def _titled_person(doc: Any, start: int, end: int) -> bool:
    """Return True for an organisation span that is a personal name after an office: a title
    head ("Coroner", "Governor") opening the span or printed just before it, then two or three
    capitalised name words that are no title or body words ("Coroner Hargis Epperson",
    "Governor P Sathasivam"; not "Governor's Office", "President Vance Administration")."""
    inside = _bare(doc[start].text) in TITLE_HEADS and doc[start].text[:1].isupper()
    before = (
        start > 0
        and _bare(doc[start - 1].text) in TITLE_HEADS
        and doc[start - 1].text[:1].isupper()
    )
    if not (inside or before):
        return False
    name = list(doc[start + 1 : end] if inside else doc[start:end])
    while name and _bare(name[0].text) in TITLE_WORDS:
        name = name[1:]
    if not 2 <= len(name) <= 3:
        return False
    return all(
        t.pos_ == "PROPN"
        and t.text[:1].isupper()
        and t.text.replace(".", "").isalpha()
        and not (len(t.text) > 1 and t.text.isupper())  # an acronym: a body's name
        and _bare(t.text) not in TITLE_WORDS
        and _bare(t.text) not in ORG_GENERIC_SUFFIXES
        and _bare(t.text) not in _BODY_WORDS
        for t in name
    )


# Head words of public bodies, never part of a person's name.
_BODY_WORDS = frozenset(
    """
    administration government ministry office department agency court police army navy
    force forces commission board authority bank university college hospital school council
    bureau service services centre center club team
    """.split()
)


# Verb forms that a page's missing space runs into the word before ("Reutersreported").
# ("said" is left out: "Bensaid" is a name.)
_GLUED_VERBS = ("reported", "told", "added", "wrote", "stated", "confirmed")


def _glued_verb(word: str) -> bool:
    """Return True for a capitalised word with a reporting verb run into its end."""
    if not word[:1].isupper() or not word.isalpha():
        return False
    low = word.lower()
    return any(low.endswith(v) and len(low) - len(v) >= 3 for v in _GLUED_VERBS) and not any(
        c.isupper() for c in word[1:]
    )


def _join_adjacent(doc: Any, spans: list[_Span]) -> list[_Span]:
    """Return ``spans`` with names the model cut in two joined into one.

    Two entities one space apart are one name when the first ends open ("Democratic
    Republic of the" "Valoria"), the second is an acronym ("Lakeland" "CFS"), or a person's full
    name runs on by one word ("Rahim Bakhsh" "Lodhi"); the type is the last part's.
    """
    spans = sorted(spans, key=lambda sp: sp.start)
    joined: list[_Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.end == span.start
            and doc[prev.end - 1].whitespace_ == " "
            and not doc[span.start].is_sent_start
            and doc[span.start].is_alpha
            and doc[prev.end - 1].is_alpha
        ):
            kind = span.type
            open_end = doc[prev.end - 1].lower_ in _ACRONYM_FILLERS
            acronym_head = doc[span.start].text.isupper() and span.end - span.start == 1
            # "DR" "Valoria": an abbreviation of the name's first words before the rest.
            acronym_lead = (
                prev.end - prev.start == 1
                and doc[prev.start].text.isupper()
                and prev.type == span.type == "place"
            )
            if "person" not in (prev.type, span.type) and not (
                open_end or acronym_head or acronym_lead
            ):
                # Two names side by side ("Austin TX", "Spain England") stay two.
                joined.append(span)
                continue
            if "person" in (prev.type, span.type):
                # Only a person's full name followed by one more word ("Rahim Bakhsh"
                # "Lodhi"); a word before a name is a title or another name.
                if prev.type != "person" or prev.end - prev.start < 2 or span.end - span.start > 1:
                    joined.append(span)
                    continue
                kind = "person"
            joined[-1] = _Span(prev.start, span.end, kind, span.label, role=prev.role)
            continue
        joined.append(span)
    return joined


def _is_page_furniture(doc: Any, span: _Span) -> bool:
    """Return True for a credit, byline or caption word ("Web Desk", "AFP/File").

    A name cut off by the end of an excerpt is kept here: the compare stage ties it to the
    full name it starts, or leaves it out.
    """
    text = doc[span.start : span.end].text
    key = " ".join(text.lower().split())
    return key in PAGE_FURNITURE or (
        "/" in key and any(part.strip() in PAGE_FURNITURE for part in key.split("/"))
    )


def _line_parts(doc: Any, start: int, end: int, kind: EntityType, label: str) -> list[_Span]:
    """Return the parts of a model entity that a line break cuts, each as its own entity."""
    parts = []
    begin = start
    for k in range(start, end):
        if "\n" in doc[k].text:
            if k > begin:
                parts.append(_Span(begin, k, kind, label))
            begin = k + 1
        elif "\n" in doc[k].whitespace_:
            parts.append(_Span(begin, k + 1, kind, label))
            begin = k + 1
    if begin < end:
        parts.append(_Span(begin, end, kind, label))
    return [p for p in parts if any(t.is_alpha for t in doc[p.start : p.end])]


def _add_abbreviated_places(doc: Any, spans: list[_Span], owner: list[int]) -> list[_Span]:
    """Return ``spans`` with country abbreviations the model missed ("U.S.", "UK", "EU")."""
    for i, token in enumerate(doc):
        if owner[i] < 0 and token.text in PLACE_ABBREVIATIONS:
            owner[i] = len(spans)
            spans.append(_Span(i, i + 1, "place", "RULE"))
    return spans


def _role_before(doc: Any, name_start: int, role_start: int) -> str | None:
    """Return the title printed just before a person's name, or None.

    ``role_start`` is where the model's span began when it swallowed the title; the title is
    extended to the left over title words ("Deputy General Secretary").
    """
    start = role_start
    sent_start = doc[name_start].sent.start
    while start > sent_start:
        word = doc[start - 1]
        bare = _bare(word.text)
        if word.ent_type_ and word.ent_type_ not in ("PERSON", "ORG", "NORP"):
            break
        if _is_honorific(word.text) or bare in TITLE_WORDS:
            start -= 1
            continue
        # A unit's acronym inside a title ("SSP CTD Capt"): kept when a title word precedes.
        if (
            word.is_alpha
            and word.text.isupper()
            and len(word.text) >= 2
            and start - 2 >= sent_start
            and _bare(doc[start - 2].text) in TITLE_WORDS
        ):
            start -= 1
            continue
        break
    if start == name_start:
        return None
    words = [_bare(t.text) for t in doc[start:name_start]]
    # A run of modifiers ("former state") without an office is no title.
    while (
        words
        and words[0] not in TITLE_HEADS
        and words[0] not in HONORIFICS
        and " ".join(words[:2]) not in HONORIFIC_PHRASES
    ):
        if any(w in TITLE_HEADS or w in HONORIFICS for w in words[1:]):
            break
        return None
    role = doc[start:name_start].text
    return role.strip(" ,") or None


def _add_honorific_names(doc: Any, spans: list[_Span], owner: list[int]) -> list[_Span]:
    """Return ``spans`` with names after an honorific that the model missed ("Mr. Okafor")."""
    n = len(doc)
    for i in range(n - 1):
        word = doc[i]
        if owner[i] >= 0 or not _is_honorific(word.text) or not _is_titlecase(word.text):
            continue
        j = i + 1
        while j < n and owner[j] < 0 and _is_titlecase(doc[j].text) and doc[j].is_alpha:
            bare = _bare(doc[j].text)
            if j == i + 1 and (_is_honorific(doc[j].text) or bare in TITLE_WORDS):
                break
            j += 1
        if j == i + 1:
            continue
        span = _Span(i + 1, j, "person", "RULE", role=word.text)
        for k in range(i + 1, j):
            owner[k] = len(spans)
        spans.append(span)
    return spans


def _surname_index(doc: Any, span: _Span) -> int:
    """Return the token index of a person span's surname (before "Jr."-like suffixes)."""
    end = span.end - 1
    while end > span.start and (_bare(doc[end].text) in _NAME_SUFFIXES or doc[end].is_punct):
        end -= 1
    return end


def _propagate(
    doc: Any, spans: list[_Span], owner: list[int], aliases: dict[str, tuple[str, str]]
) -> list[_Span]:
    """Return ``spans`` with every further mention of a known name, surname or acronym.

    Mentions the model typed differently from the person a name belongs to are retyped.
    """
    forms: dict[str, list[tuple[tuple[str, ...], EntityType, str]]] = defaultdict(list)
    persons: set[str] = set()
    for span in spans:
        words = tuple(t.text for t in doc[span.start : span.end])
        if not _is_titlecase(words[0]) and not words[0].isupper():
            continue
        forms[words[0]].append((words, span.type, span.label))
        if span.type == "person" and span.end - span.start >= 2:
            surname = doc[_surname_index(doc, span)].text
            if _is_titlecase(surname) and len(surname) > 1 and surname.lower() not in NOT_NAMES:
                forms[surname].append(((surname,), "person", "RULE"))
                persons.add(surname)
    for acronym, (_, kind) in aliases.items():
        words = tuple(acronym.split())
        forms[words[0]].append((words, kind, "RULE"))  # type: ignore[arg-type]
    for short in _short_forms(doc, spans):
        forms[short[0]].append((short, "organization", "RULE"))
    for candidates in forms.values():
        candidates.sort(key=lambda c: -len(c[0]))
    # Retype single-word mentions of a person's surname ("Okafor's plan" tagged ORG).
    for span in spans:
        if span.end - span.start == 1 and doc[span.start].text in persons:
            span.type = "person"
    n = len(doc)
    i = 0
    while i < n:
        if owner[i] >= 0:
            i += 1
            continue
        word = doc[i]
        candidates = forms.get(word.text, [])
        matched = 0
        if candidates:
            for words, kind, label in candidates:
                length = len(words)
                if i + length > n or any(owner[k] >= 0 for k in range(i, i + length)):
                    continue
                if any(doc[i + k].text != words[k] for k in range(1, length)):
                    continue
                if length == 1 and not (word.pos_ == "PROPN" or word.text.isupper()):
                    continue
                if (
                    i + length < n
                    and _is_titlecase(doc[i + length].text)
                    and (doc[i + length].pos_ == "PROPN" and doc[i + length].ent_type_ == "")
                ):
                    continue  # part of a longer name the article did not use before
                for k in range(i, i + length):
                    owner[k] = len(spans)
                spans.append(_Span(i, i + length, kind, "RULE" if label == "RULE" else label))
                matched = length
                break
        i += matched or 1
    return spans


def _short_forms(doc: Any, spans: list[_Span]) -> list[tuple[str, ...]]:
    """Return the short forms of names with a generic last word, to look for in the text.

    "Labour Party" gives "Labour"; "Democratic Party" gives "Democrats" and "Democrat";
    "Conservative Party" gives "Conservative" and "Conservatives".
    """
    shorts: list[tuple[str, ...]] = []
    for span in spans:
        if span.type != "organization" or span.end - span.start < 2:
            continue
        words = [t.text for t in doc[span.start : span.end]]
        if _bare(words[-1]) not in ORG_GENERIC_SUFFIXES or not _is_titlecase(words[0]):
            continue
        stem = words[:-1]
        shorts.append(tuple(stem))
        if len(stem) == 1 and stem[0].isalpha() and len(stem[0]) > 3:
            word = stem[0]
            shorts.append((word + "s",))
            if word.endswith("ic"):
                shorts.extend([(word[:-2],), (word[:-2] + "s",)])
    return shorts


def _canonical_names(doc: Any, spans: list[_Span], aliases: dict[str, tuple[str, str]]) -> None:
    """Set each span's canonical ``name``: full name for a surname, expansion for an acronym."""
    full_names: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for span in spans:
        if span.type == "person" and span.end - span.start >= 2:
            surname = doc[_surname_index(doc, span)].text
            full_names[surname].append((span.start, doc[span.start : span.end].text))
    short_names = _party_short_names(doc, spans)
    for span in spans:
        text = doc[span.start : span.end].text
        if span.type == "person" and span.end - span.start == 1 and text in full_names:
            earlier = [name for pos, name in full_names[text] if pos < span.start]
            span.name = earlier[-1] if earlier else full_names[text][0][1]
        elif text in aliases:
            span.name = aliases[text][0]
        elif span.type in ("organization", "group"):
            key = text.lower()
            full = short_names.get(key) or short_names.get(key.rstrip("s"))
            if full and full.lower() != key:
                span.name = full
                span.type = "organization"
        if span.name is None:
            span.name = text


_TYPE_PREFERENCE: dict[str, int] = {"person": 0, "organization": 1, "place": 2, "group": 3}


def _harmonise_types(spans: list[_Span]) -> None:
    """Give every mention of one name the type most of its mentions have.

    A small model types the same name differently in different sentences ("Stephenie Meyer"
    a person here, an organisation there); on a tie, person wins, then organisation, place.
    """
    votes: dict[str, dict[EntityType, int]] = defaultdict(lambda: defaultdict(int))
    for span in spans:
        if span.name and span.type in _TYPE_PREFERENCE:
            votes[span.name][span.type] += 1
    for span in spans:
        counts = votes.get(span.name or "")
        if counts and len(counts) > 1 and span.type in _TYPE_PREFERENCE:
            span.type = min(counts, key=lambda t: (-counts[t], _TYPE_PREFERENCE[t]))


def _party_short_names(doc: Any, spans: list[_Span]) -> dict[str, str]:
    """Return short name -> full name for organisations named with a generic last word.

    "the Labour Party" gives "labour"; "the Democratic Party" also gives "democrat", so that
    "Democrats" finds it.
    """
    short: dict[str, str] = {}
    for span in spans:
        if span.type != "organization" or span.end - span.start < 2:
            continue
        words = [t.text for t in doc[span.start : span.end]]
        if _bare(words[-1]) not in ORG_GENERIC_SUFFIXES:
            continue
        full = " ".join(words)
        stem = " ".join(words[:-1]).lower()
        short.setdefault(stem, full)
        if len(words) == 2:
            word = words[0].lower()
            for ending in ("ic", "ist", "ian", "an"):
                if word.endswith(ending) and len(word) > len(ending) + 3:
                    short.setdefault(word[: -len(ending)] if ending == "ic" else word, full)
    return short


def is_outlet_name(name: str, outlet: str | None = None) -> bool:
    """Return True when ``name`` names a news outlet or wire agency."""
    key = name.lower().strip()
    bare = key.removeprefix("the ")
    if key in OUTLETS or bare in OUTLETS:
        return True
    if outlet and bare == outlet.lower().removeprefix("the "):
        return True
    last = bare.rsplit(" ", 1)[-1]
    return " " in bare and last in OUTLET_SUFFIXES


def _type_outlets(spans: list[_Span], outlet: str | None) -> None:
    """Give the type ``outlet`` to organisations (and misread places) that are outlets."""
    for span in spans:
        if span.type in ("organization", "place", "other", "person") and span.name:
            if span.type == "person" and span.label != "ORG":
                continue
            if is_outlet_name(span.name, outlet):
                span.type = "outlet"


def _article_roles(spans: list[_Span]) -> None:
    """Fill a person's missing role with the first role the article gives the same name."""
    roles: dict[str, str] = {}
    for span in spans:
        if span.type == "person" and span.role and span.name:
            roles.setdefault(span.name, span.role)
    for span in spans:
        if span.type == "person" and span.role is None and span.name in roles:
            span.role = roles[span.name]
