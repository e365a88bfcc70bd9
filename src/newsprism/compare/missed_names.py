"""Names the annotator missed in some articles, found again in their text.

- A person's full name, or a surname no other entity shares, in an article where the model
  missed it ("For Okafor, the vote ...").
- A spelling of an entity's name that the model did not tag ("Mardah Kot" where other
  articles print "Marda Kot", "Devkumar Rai" for "Dev Kumar Rai", "West Tarsa" for
  "Tarsa West"): capitalised words whose spelling key equals the name's, spaces
  and hyphens ignored, or in the other word order; for one word of six letters or more, one
  letter apart ("Dhorpatana").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from itertools import pairwise

from newsprism.compare.names import HONORIFICS, TITLES, clean_words
from newsprism.compare.records import Entity, Passage
from newsprism.compare.spelling import spelling_key
from newsprism.compare.story import StoryArticles

_CAPITALISED = re.compile(r"[A-Z\u00c0-\u00de][\w’'\-]*")


def find_missed_names(story: StoryArticles, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """Return the entities with the people's names the annotator missed in some articles.

    One article's model may miss "For Okafor, the vote ..." where the other articles name
    Amara Okafor. A person's full name, or a surname no other entity of the story shares, is
    looked up in the articles that do not mention the person yet, as a whole capitalised name
    that no other capitalised word runs on from.
    """
    people = [e for e in entities if e.type == "person" and len(e.name.split()) >= 2]
    surnames: dict[str, int] = defaultdict(int)
    for e in entities:
        words = e.name.split()
        if e.type == "person":
            surnames[words[-1]] += 1
        else:
            for word in words:
                surnames[word] += 2  # a word of a place's or organisation's name is no surname
    out = []
    for entity in entities:
        if entity not in people:
            out.append(entity)
            continue
        surname = entity.name.split()[-1]
        forms = [re.escape(entity.name)]
        if surnames[surname] == 1 and len(surname) > 2:
            forms.append(re.escape(surname))
        pattern = re.compile(
            rf"(?<![\w’'-])(?<![A-Z][a-z]\s)(?:{'|'.join(forms)})(?![\w-])(?!\s+[A-Z][a-z])"
        )
        extra: list[Passage] = []
        for article_id in sorted(story.articles):
            if article_id in entity.articles:
                continue
            m = pattern.search(story.articles[article_id].text)
            if m:
                extra.append(story.passage(article_id, m.start(), m.end()))
        if not extra:
            out.append(entity)
            continue
        out.append(_with_mentions(entity, extra))
    return tuple(out)


def find_missed_variants(story: StoryArticles, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """Return the entities with untagged spellings of their names added as aliases.

    A run of capitalised words in an article is another spelling of an entity's name when
    its spelling key (spaces and hyphens ignored) is the name's, or the name's two words in
    the other order; one word of six letters or more may also be one letter longer
    ("Dhorpatan" / "Dhorpatana"). A run that holds an annotated mention, or whose key is
    another entity's, is left alone.
    """
    keys: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for form in (entity.name, *entity.aliases):
            words = clean_words(form)
            if not words or sum(len(w) for w in words) < 6:
                continue
            keys[spelling_key(" ".join(words))].add(entity.id)
            if len(words) == 2:
                keys[spelling_key(" ".join(reversed(words)))].add(entity.id)
    own = {k: next(iter(ids)) for k, ids in keys.items() if len(ids) == 1}
    found: dict[str, list[Passage]] = defaultdict(list)
    for article_id in sorted(story.articles):
        text = story.articles[article_id].text
        tagged = [(e.start, e.end) for e in story.annotations[article_id].entities]
        capitalised = list(_CAPITALISED.finditer(text))
        for i in range(len(capitalised)):
            for n in (1, 2, 3):
                run = capitalised[i : i + n]
                if len(run) < n or any(
                    text[a.end() : b.start()] not in (" ", "-") for a, b in pairwise(run)
                ):
                    break
                start, end = run[0].start(), run[-1].end()
                if any(
                    s < end and start < e and (s < start or e > end or (s, e) == (start, end))
                    for s, e in tagged
                ):
                    continue  # a tagged name runs over the run's edge, or is the run
                key = spelling_key(text[start:end])
                entity_id = own.get(key)
                if entity_id is None and n == 1 and len(key) >= 6:
                    entity_id = own.get(key[:-1]) if key.endswith("a") else None
                if entity_id is not None:
                    found[entity_id].append(story.passage(article_id, start, end))
    out = []
    for entity in entities:
        extra = found.get(entity.id)
        if not extra:
            out.append(entity)
            continue
        out.append(_with_mentions(entity, extra))
    return tuple(out)


# Capitalised words before a name that are no given names.
_NOT_GIVEN = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december the a an and but or if when
    while as at in on by for from with of to
    """.split()
)
_WORD_BEFORE = re.compile(r"([A-Z][a-z\u00e0-\u024f'’-]+) $")


def given_names_before(text: str, start: int, tagged: list[tuple[int, int]]) -> int:
    """Return where a person's name really starts: before up to three capitalised words the
    model left out ("local official Devan [Kumar Rai]").

    A word that is a title, a honorific, a weekday or month, part of another name, or the
    first word of a sentence is no given name.
    """
    begin = start
    for _ in range(3):
        m = _WORD_BEFORE.search(text, max(0, begin - 40), begin)
        if m is None:
            break
        word = m.group(1)
        low = word.lower().rstrip("’'s")
        if low in TITLES or low in HONORIFICS or low in _NOT_GIVEN:
            break
        if any(s < begin and m.start(1) < e for s, e in tagged):
            break
        before = text[max(0, m.start(1) - 3) : m.start(1)]
        if not before or not re.search(r"[a-z,]\s$", before):
            break  # a sentence's first word, or after a line break or a quote
        begin = m.start(1)
    return begin


def _with_mentions(entity: Entity, extra: list[Passage]) -> Entity:
    """Return ``entity`` with ``extra`` passages added to its mentions, their printed forms
    to its aliases and their articles to its articles."""
    return replace(
        entity,
        aliases=tuple(sorted({*entity.aliases, *(p.text for p in extra)})),
        articles=tuple(sorted({*entity.articles, *(p.article for p in extra)})),
        mentions=tuple(sorted((*entity.mentions, *extra), key=lambda p: (p.article, p.start))),
    )
