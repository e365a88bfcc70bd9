"""Who is speaking: a speaker's words resolved to an entity of the article.

A name is the entity it is part of, with the given names and particles printed before it
("Ursula von der Leyen", never "Leyen"); "he"/"she" the person it most likely refers to,
or the person named by role who spoke just before ("the suspect's son said …. “…,” he
said"), and in a reply to a question the one asked ("the court asked him …, to which he
replied"); "it" and "they" the latest organisation or group; a document ("the letter") its
author where the article says who wrote it; any other noun phrase ("a spokesman for the
ministry", "the court") stays as printed.
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
    SPEECH_VERBS,
)
from newsprism.annotate.records import EntityMention

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Verbs of answering, and of asking: who replies to a question is the one it was put to.
REPLY_VERBS = frozenset({"reply", "answer", "respond", "retort"})
ASK_VERBS = frozenset({"ask", "question", "query", "quiz"})
# Lower-case words inside a name that belong to the surname ("von der Leyen", "bin Salman").
NAME_PARTICLES = frozenset(
    """
    von van der den de da di del della du des la le ter ten al el bin ibn bint ben abu dos das
    """.split()
)


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
            first, name = self._full_name(mention.start, mention.name)
            return first, mention.end, entity, name
        lower = token.lower_
        if token.pos_ == "PRON":
            asked = self._asked(token)
            if asked is not None:
                return start, end, *asked
            resolved = self._resolve_pronoun(lower, start)
            role = self._role_speaker_before(token, resolved)
            if role is not None:
                _, _, found, role_name = self._speaker(role)
                return start, end, found, role_name
            if resolved is not None:
                mention = self.entities[resolved]
                return start, end, resolved, self._full_name(mention.start, mention.name)[1]
            return start, end, None, token.text
        # A role with the name beside it: "said navy spokesman, D.K. Sharma" is Sharma.
        for child in token.children:
            if child.dep_ == "appos" and child.i > token.i:
                named = self.entity_at(child.idx, child.idx + len(child.text))
                if named is not None and self.entities[named].type == "person":
                    mention = self.entities[named]
                    first, name = self._full_name(mention.start, mention.name)
                    return first, mention.end, named, name
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

    def _full_name(self, start: int, name: str) -> tuple[int, str]:
        """Return (start, name) with the given name and particles printed before a surname.

        A model may tag "Ursula von der" and "Leyen" apart: a name that follows particles
        ("von der") takes them and the name before them (the mention ending there, or one
        capitalised word); a name that ends with a particle takes the word after it.
        """
        doc = self.doc
        i = self.token_at(start) - 1
        particles = 0
        while i >= 0 and doc[i].lower_ in NAME_PARTICLES and doc[i].text.islower():
            if doc[i].whitespace_ != " ":
                return start, name
            particles += 1
            i -= 1
        if particles and i >= 0 and doc[i].whitespace_ == " ":
            before = self.entity_at(doc[i].idx, doc[i].idx + len(doc[i].text))
            if before is not None:
                mention = self.entities[before]
                if mention.type != "person" or mention.end > start:
                    return start, name  # "Ministry of Energy de Souza": not one name
                first = mention.start
            elif (
                doc[i].pos_ == "PROPN"
                and doc[i].text[:1].isupper()
                and doc[i].is_alpha
                and doc[i].ent_type_ in ("", "PERSON")
            ):
                first = doc[i].idx
            else:
                return start, name
            return first, self.text[first:start] + name
        words = name.split()
        if len(words) > 1 and words[-1] in NAME_PARTICLES:
            end = self.token_at(start + len(name) - 1)
            while end + 1 < len(doc) and doc[end + 1].idx < start + len(name):
                end += 1
            if end + 1 < len(doc) and doc[end].whitespace_ == " ":
                nxt = doc[end + 1]
                if nxt.text[:1].isupper() and nxt.is_alpha:
                    return start, f"{name} {nxt.text}"
        return start, name

    def _asked(self, pronoun: Any) -> tuple[int | None, str | None] | None:
        """Return (entity, name) of the one asked, for a pronoun replying to a question.

        "The court asked him where it was, to which he replied: …": the one who replies is
        the one asked, not the one who asked.
        """
        verb = pronoun.head
        if pronoun.dep_ not in SUBJECTS or verb.lemma_.lower() not in REPLY_VERBS:
            return None
        sentence = pronoun.sent
        for token in sentence:
            if token.i >= pronoun.i:
                break
            if token.lemma_.lower() not in ASK_VERBS or token.pos_ != "VERB":
                continue
            askers = [c for c in token.children if c.dep_ in SUBJECTS]
            for child in token.children:
                if child.dep_ not in ("dobj", "dative") or child in askers:
                    continue
                if child.pos_ == "PRON":
                    found = self._resolve_pronoun(
                        child.lower_, child.idx, self._who_asks(askers, child.idx)
                    )
                    if found is None:
                        return None
                    return found, self.entities[found].name
                _, _, found, name = self._speaker(int(self._phrase_head(child).i))
                return found, name
        return None

    def _who_asks(self, askers: list[Any], position: int) -> frozenset[int]:
        """Return the entities the one asking may be: its own name, or people with its role.

        "The judge asked him": "him" is not the person the article calls judge.
        """
        found: set[int] = set()
        for asker in askers:
            head = self._phrase_head(asker)
            entity = self.entity_at(head.idx, head.idx + len(head.text))
            if entity is not None:
                found.add(entity)
                continue
            word = head.lemma_.lower()
            for i, mention in enumerate(self.entities):
                if mention.start >= position:
                    break
                if mention.role and word in mention.role.lower().split():
                    found.add(i)
        return frozenset(found)

    def _role_speaker_before(self, pronoun: Any, resolved: int | None) -> int | None:
        """Return the head of a person named by role who spoke just before ``pronoun``.

        "The suspect's son admitted that he knew nothing. “…,” he said": "he" is the son,
        not the minister named two sentences before. Only a singular common noun that is the
        subject of a speech verb (not of "asked": who asks is not who answers) whose clause
        already calls the person "he"/"she", after the entity the pronoun would otherwise go
        to, in the pronoun's sentence or the one before; a name in apposition is taken.
        """
        if pronoun.lower_ not in MALE_PRONOUNS | FEMALE_PRONOUNS:
            return None
        same_gender = MALE_PRONOUNS if pronoun.lower_ in MALE_PRONOUNS else FEMALE_PRONOUNS
        doc = self.doc
        sentence = pronoun.sent
        floor = doc[sentence.start - 1].sent.start if sentence.start > 0 else 0
        if resolved is not None:
            floor = max(floor, self.token_at(self.entities[resolved].end))
        for i in range(pronoun.i - 1, floor - 1, -1):
            token = doc[i]
            if token.dep_ not in SUBJECTS or token.tag_ != "NN" or token.pos_ != "NOUN":
                continue
            verb = token.head.lemma_.lower()
            if verb not in SPEECH_VERBS or verb in ASK_VERBS:
                continue  # who asks is not who answers
            if token.lemma_.lower() in DOCUMENT_NOUNS:
                continue
            if self.entity_at(token.idx, token.idx + len(token.text)) is not None:
                continue
            if not any(t.lower_ in same_gender for t in token.head.subtree if t.i > token.i):
                continue  # the article has not called this person "he"/"she" yet
            for child in token.children:
                if child.dep_ == "appos":  # "the minister, Mr. Ruiz, argues …"
                    head = self._phrase_head(child)
                    if self.entity_at(head.idx, head.idx + len(head.text)) is not None:
                        return int(head.i)
            return int(token.i)
        return None

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

    def _resolve_pronoun(
        self, pronoun: str, position: int, exclude: frozenset[int] = frozenset()
    ) -> int | None:
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
            if personal and entity.type != "person" and not self._acts_as_person(entity, wanted):
                continue
            if i + 1 in exclude or any(self.entities[x].name == entity.name for x in exclude):
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

    def _acts_as_person(self, entity: EntityMention, wanted: str | None) -> bool:
        """Return True when a mention not typed a person acts as one of the wanted gender.

        "After Imra recorded his statement": the subject of a clause whose object is "his"
        or "her" something is a person, whatever type the model gave the name.
        """
        if wanted is None or entity.type not in ("organization", "place", "other"):
            return False
        head = self._phrase_head(self.doc[self.token_at(entity.start)])
        if head.dep_ not in SUBJECTS:
            return False
        pronouns = MALE_PRONOUNS if wanted == "male" else FEMALE_PRONOUNS
        for child in head.head.children:
            if child.dep_ in ("dobj", "attr") and any(
                c.dep_ == "poss" and c.lower_ in pronouns for c in child.children
            ):
                return True
        return False

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
