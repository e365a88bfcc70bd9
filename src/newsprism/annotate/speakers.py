"""Who is speaking: a speaker's words resolved to an entity of the article.

A name is the entity it is part of; "he"/"she" the person it most likely refers to; "it" and
"they" the latest organisation or group; a document ("the letter") its author where the
article says who wrote it; any other noun phrase ("a spokesman for the ministry") stays as
printed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from newsprism.annotate.dates import token_starts
from newsprism.annotate.lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    GROUP_PRONOUNS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
)
from newsprism.annotate.records import EntityMention

SUBJECTS = frozenset({"nsubj", "nsubjpass"})


class SpeakerResolver:
    # A plain class: the token and entity lookups of one parsed article, shared by the rules
    # that find quotes (``QuoteFinder``) and those that name their speakers.
    """Resolves the words that name a speaker to an entity of one parsed article."""

    def __init__(self, doc: Any, entities: list[EntityMention]) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.entities = entities
        self.token_starts = token_starts(doc)
        self.entity_starts = [e.start for e in entities]
        self.speakers: list[tuple[int, int | None, str | None]] = []  # (pos, entity, name)

    # -- lookups ------------------------------------------------------------------------
    def token_at(self, char: int) -> int:
        """Return the index of the token that covers (or starts after) offset ``char``."""
        i = bisect_right(self.token_starts, char) - 1
        return max(i, 0)

    def entity_at(self, start: int, end: int) -> int | None:
        """Return the index of the entity mention overlapping ``start``..``end``, or None."""
        i = bisect_right(self.entity_starts, end - 1) - 1
        while i >= 0:
            entity = self.entities[i]
            if entity.end > start:
                return i
            if entity.end <= start and start - entity.end > 200:
                break
            i -= 1
        return None

    def _phrase_head(self, token: Any) -> Any:
        """Return the head word of the name or noun phrase ``token`` belongs to."""
        while token.dep_ in ("compound", "flat", "amod", "det") and token.head.i != token.i:
            if abs(token.head.i - token.i) > 4:
                break
            token = token.head
        return token

    # -- speakers -----------------------------------------------------------------------
    def _speaker(self, head: int) -> tuple[int, int, int | None, str | None]:
        """Return (start, end, entity index, name) of the speaker whose head word is ``head``."""
        doc = self.doc
        token = doc[head]
        start, end = token.idx, token.idx + len(token.text)
        entity = self.entity_at(start, end)
        if entity is not None:
            mention = self.entities[entity]
            return mention.start, mention.end, entity, mention.name
        lower = token.lower_
        if token.pos_ == "PRON":
            resolved = self._resolve_pronoun(lower, start)
            if resolved is not None:
                return start, end, resolved, self.entities[resolved].name
            return start, end, None, token.text
        # A noun phrase: "the letter", "a spokesman for the ministry".
        left = token.left_edge
        phrase_start = left.idx if token.i - left.i < 6 else start
        phrase = self.text[phrase_start:end]
        for child in token.children:
            if child.dep_ in ("poss", "compound") or (
                child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "at")
            ):
                owner = self._owner(child)
                if owner is not None and token.lemma_.lower() not in DOCUMENT_NOUNS:
                    phrase_end = max(end, child.right_edge.idx + len(child.right_edge.text))
                    return phrase_start, end, None, self.text[phrase_start:phrase_end]
        if token.lemma_.lower() in DOCUMENT_NOUNS:
            author = self._document_author(token)
            if author is not None:
                return phrase_start, end, author, self.entities[author].name
        return phrase_start, end, None, phrase

    def _owner(self, token: Any) -> int | None:
        """Return the entity a possessive, compound or "of/for/from" phrase names, if any."""
        candidates = [token] + [c for c in token.children if c.dep_ == "pobj"]
        for candidate in candidates:
            entity = self.entity_at(candidate.idx, candidate.idx + len(candidate.text))
            if entity is not None:
                return entity
        return None

    def _document_author(self, noun: Any) -> int | None:
        """Return the entity that wrote the document ``noun`` names ("the letter"), or None.

        Looks at the noun itself ("Okafor's letter", "a letter from the union", "the letter,
        signed by Okafor") and then back through the article for the same kind of document
        ("Okafor wrote a letter", "in a letter, the union said").
        """
        lemma = noun.lemma_.lower()
        found = self._author_of(noun)
        if found is not None:
            return found
        for token in reversed(self.doc[: noun.i]):
            if token.lemma_.lower() == lemma and token.pos_ == "NOUN":
                found = self._author_of(token)
                if found is not None:
                    return found
        return None

    def _author_of(self, noun: Any) -> int | None:
        for child in noun.children:
            if child.dep_ == "poss":
                owner = self._owner(child)
                if owner is not None:
                    return owner
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                owner = self._owner(child)
                if owner is not None:
                    return owner
            if child.dep_ in ("acl", "relcl"):
                for grandchild in child.children:
                    if grandchild.dep_ == "agent" or grandchild.lower_ == "by":
                        owner = self._owner(grandchild)
                        if owner is not None:
                            return owner
                    if grandchild.dep_ in SUBJECTS:
                        owner = self._owner(grandchild)
                        if owner is not None:
                            return owner
        verb = noun.head
        if noun.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "ADP"):
            if verb.pos_ == "ADP":  # "in a letter, the union said"
                verb = verb.head
            for child in verb.children:
                if child.dep_ in SUBJECTS:
                    owner = self._owner(child)
                    if owner is not None:
                        return owner
                    if child.pos_ == "PRON":
                        return self._resolve_pronoun(child.lower_, child.idx)
        return None

    def _resolve_pronoun(self, pronoun: str, position: int) -> int | None:
        """Return the entity a pronoun at ``position`` most likely refers to, or None.

        "he"/"she" go to the latest person before it who is a sentence's subject or an earlier
        quote's speaker (skipping one of the other gender where the article shows it);
        "it"/"they" to the latest organisation, outlet or group.
        """
        personal = pronoun not in GROUP_PRONOUNS or pronoun == "we"
        if pronoun == "they":
            personal = False
        wanted = (
            "male" if pronoun in MALE_PRONOUNS else "female" if pronoun in FEMALE_PRONOUNS else None
        )
        i = bisect_left(self.entity_starts, position) - 1
        fallback = None
        recent_speakers = {entity for _, entity, _ in self.speakers[-3:] if entity is not None}
        steps = 0
        while i >= 0 and steps < 60:
            steps += 1
            entity = self.entities[i]
            i -= 1
            if personal and entity.type != "person":
                continue
            if not personal and entity.type not in ("organization", "outlet", "group"):
                continue
            if wanted is not None and _gender(entity) not in (None, wanted):
                continue
            if fallback is None:
                fallback = i + 1
            token = self.doc[self.token_at(entity.start)]
            head = self._phrase_head(token)
            if head.dep_ in SUBJECTS or (i + 1) in recent_speakers:
                return i + 1
        if fallback is None and personal:
            fallback = self._named_subject_before(position)
        return fallback

    def _named_subject_before(self, position: int) -> int | None:
        """Return the latest multi-word name before ``position`` that is a sentence's subject.

        For "he"/"she" when the model typed no one as a person (a name misread as a place
        at the start of a sentence happens with small models).
        """
        i = bisect_left(self.entity_starts, position) - 1
        while i >= 0 and position - self.entities[i].start < 1500:
            entity = self.entities[i]
            if entity.type != "group" and " " in entity.text:
                head = self._phrase_head(self.doc[self.token_at(entity.start)])
                if head.dep_ in SUBJECTS:
                    return i
            i -= 1
        return None


def _gender(entity: EntityMention) -> str | None:
    """Return "male"/"female" where the mention's honorific or title says so, else None."""
    if not entity.role:
        return None
    first = entity.role.split()[0].lower().rstrip(".")
    if first in MALE_HONORIFICS:
        return "male"
    if first in FEMALE_HONORIFICS:
        return "female"
    return None
