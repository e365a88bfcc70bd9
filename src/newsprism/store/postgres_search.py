"""Full-text search on PostgreSQL: tsvectors and tsqueries made in Python, as SQLite's FTS5
index (``sqlite_search``) cuts and matches words.

FTS5's ``unicode61 remove_diacritics 2`` tokenizer takes runs of letters and digits, folded to
lower case without diacritics; a query word is a quoted prefix (``"O'Brien"*`` is the phrase
"o brien*"). Here the same runs are cut and folded in Python; a document becomes a tsvector
literal with positions (``'tram':1 'depot':2``) and a query word a tsquery literal
(``'o' <-> 'brien':*``), so PostgreSQL's text-search configurations never reinterpret them.
The index table ``article_search`` holds one row per article: its title, text and entity
names as three tsvectors, each GIN-indexed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from newsprism.annotate.records import ArticleAnnotations
from newsprism.store.sqlite_catalog import like_pattern

_WORD = re.compile(r"[^\W_]+")
_MAX_POSITION = 16383  # PostgreSQL keeps positions up to this; later words share it
_MAX_POSITIONS = 256  # positions kept per word (PostgreSQL's own limit)
_MAX_WORD = 400  # longer runs are not words anyone searches for (lexemes must be < 2 KB)


def words(text: str) -> list[str]:
    """The words of ``text`` as the index has them: runs of letters and digits, lower case,
    without diacritics."""
    if text.isascii():  # nothing to fold but case (most news text)
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return [w for w in _WORD.findall(folded) if len(w) <= _MAX_WORD]


def tsvector_literal(text: str) -> str:
    """A tsvector literal of the words of ``text`` with their positions."""
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(words(text), start=1):
        kept = positions.setdefault(word, [])
        at = min(position, _MAX_POSITION)
        if len(kept) < _MAX_POSITIONS and (not kept or kept[-1] != at):
            kept.append(at)
    return " ".join(f"'{word}':{','.join(map(str, at))}" for word, at in positions.items())


def tsquery_literal(word: str) -> str | None:
    """A tsquery literal matching ``word`` as FTS5 matches ``"word"*``: its parts in a row, the
    last as a prefix; None when it has no letter or digit."""
    parts = words(word)
    if not parts:
        return None
    return " <-> ".join(f"'{part}'" for part in parts) + ":*"


def entity_names(annotations: ArticleAnnotations) -> str:
    """The names and printed forms of the entities annotated in an article, space-separated
    (what SQLite's index takes from the annotation JSON)."""
    return " ".join(f"{e.name} {e.text}" for e in annotations.entities)


INSERT_ARTICLE = (
    "INSERT INTO article_search (article_id, title, body, names)"
    " VALUES (?, CAST(? AS tsvector), CAST(? AS tsvector), CAST('' AS tsvector))"
    " ON CONFLICT (article_id) DO NOTHING"
)
"""Index a new article's title and text (its names come with its annotations)."""

UPDATE_NAMES = "UPDATE article_search SET names = CAST(? AS tsvector) WHERE article_id = ?"
"""Index the entity names of an article's (new) annotations."""


def names_rows(annotations: Iterable[ArticleAnnotations]) -> list[tuple[str, str]]:
    """The parameters of UPDATE_NAMES for these annotations."""
    return [(tsvector_literal(entity_names(a)), a.article_id) for a in annotations]


def word_clause(word: str) -> tuple[str, list[Any]]:
    """SQL true for a story ``s`` whose title has ``word`` (any case), or one of whose articles
    has it as a word or the start of one in its title, text or entity names."""
    title = "s.title ILIKE ? ESCAPE '\\'"
    query = tsquery_literal(word)
    if query is None:
        return f"({title})", [like_pattern(word)]
    return (
        f"({title} OR s.id IN (SELECT m.story_id FROM article_search f"
        " JOIN story_members m ON m.article_id = f.article_id"
        " WHERE f.title @@ CAST(? AS tsquery) OR f.body @@ CAST(? AS tsquery)"
        " OR f.names @@ CAST(? AS tsquery)))",
        [like_pattern(word), query, query, query],
    )
