"""Names an article itself ties together: "X, also known as Y", "by his alias Y", a ticker.

- "General Ana Lopez, also known as Rosa Lopez", "the boss Jon Dee, alias 'Spider'",
  "popularly called Y", "nicknamed Y", "a.k.a. Y": Y is another name of the entity named
  just before (or, when a sentence opens with "Also known as Y, he ...", of the person named
  last);
- "Acme Robotics (NASDAQ: ACMR)": the ticker in brackets right after a company is the
  company's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.compare.acronyms import ticker_after
from newsprism.compare.story import StoryArticles

_ALIAS = re.compile(
    r"(?:\b(?:also|popularly|better|commonly|widely|locally|formerly)\s+)?"
    r"\b(?:known\s+as|called|nicknamed|dubbed|alias|a\.k\.a\.?|aka)\s+"
    r"(?:by\s+)?[“\"‘']?(?P<alias>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})[”\"’']?",
    re.IGNORECASE,
)
_PRONOUN_AFTER = re.compile(r"\s*,\s*(?:he|she)\b")


def _apposed(gap: str) -> bool:
    """Return True when the words between a name and "known as" keep them together."""
    words = gap.strip(" ,(").split()
    return len(words) <= 4 and not any(w[:1].isupper() for w in words) and "." not in gap


@dataclass(frozen=True)
class NameLink:
    """Another name printed for an entity: ``mention`` (index of the entity's mention in the
    article's annotations) is also called ``alias``, printed at ``[start, end)``."""

    article: str
    mention: int
    alias: str
    start: int
    end: int


def alias_links(story: StoryArticles) -> list[NameLink]:
    """Return, for every article, the other names it gives its entities, in text order."""
    links: list[NameLink] = []
    for article_id in sorted(story.articles):
        text = story.articles[article_id].text
        notes = story.annotations[article_id].entities
        for m in _ALIAS.finditer(text):
            alias_start, alias_end = m.start("alias"), m.end("alias")
            if not m.group("alias")[:1].isupper():
                continue
            before = [
                (i, note)
                for i, note in enumerate(notes)
                if note.end <= m.start()
                and m.start() - note.end <= 200
                and not (alias_start <= note.start < alias_end)
            ]
            if _PRONOUN_AFTER.match(text, alias_end):
                # "Also known as Y, he ...": the person named last.
                before = [(i, note) for i, note in before if note.type == "person"]
            else:
                # "X, also known as Y", "X by his alias Y": Y right after the name.
                before = [(i, note) for i, note in before if _apposed(text[note.end : m.start()])]
            if not before:
                continue
            index, _ = max(before, key=lambda pair: pair[1].end)
            links.append(NameLink(article_id, index, m.group("alias"), alias_start, alias_end))
        for i, note in enumerate(notes):
            if note.type not in ("organization", "outlet"):
                continue
            ticker = ticker_after(text, note.end, note.name or note.text)
            if ticker is not None:
                at = text.find(ticker, note.end)
                links.append(NameLink(article_id, i, ticker, at, at + len(ticker)))
    return links
