"""Full-text search of the stored articles: an SQLite FTS5 index of titles, texts and names.

``SEARCH_MIGRATION`` is one schema migration (appended to ``sqlite.MIGRATIONS``): it creates
``article_search`` (one row per article, sharing the article's rowid) with the article's
title, its text and the names of the entities annotated in it, fills it from what is already
stored, and adds triggers that keep it current as articles and annotations are written,
replaced or deleted. A story's aliases are the names its articles' annotations give one
entity, so searching every article's names finds a story by any alias.

``match_words`` turns what a person typed into FTS5 queries, one per word, each a quoted
prefix so that punctuation in the input can never be read as FTS5 syntax.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

# The names of the entities annotated in an article, space-separated, from its annotation JSON.
_NAMES = (
    "(SELECT coalesce(group_concat(json_extract(e.value, '$.name') || ' ' ||"
    " json_extract(e.value, '$.text'), ' '), '')"
    " FROM json_each({data}, '$.entities') e)"
)

SEARCH_MIGRATION = f"""
CREATE VIRTUAL TABLE article_search USING fts5(
    title, text, names, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_search (rowid, title, text, names)
    SELECT a.rowid, coalesce(a.title, ''), a.text,
           coalesce({_NAMES.format(data="an.data")}, '')
    FROM articles a LEFT JOIN annotations an ON an.article_id = a.id;
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, title, text, names)
        VALUES (NEW.rowid, coalesce(NEW.title, ''), NEW.text, '');
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, text ON articles BEGIN
    UPDATE article_search SET title = coalesce(NEW.title, ''), text = NEW.text
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_search WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER article_search_names_insert AFTER INSERT ON annotations BEGIN
    UPDATE article_search SET names = {_NAMES.format(data="NEW.data")}
        WHERE rowid = (SELECT rowid FROM articles WHERE id = NEW.article_id);
END;
CREATE TRIGGER article_search_names_update AFTER UPDATE OF data ON annotations BEGIN
    UPDATE article_search SET names = {_NAMES.format(data="NEW.data")}
        WHERE rowid = (SELECT rowid FROM articles WHERE id = NEW.article_id);
END;
CREATE TRIGGER article_search_names_delete AFTER DELETE ON annotations BEGIN
    UPDATE article_search SET names = ''
        WHERE rowid = (SELECT rowid FROM articles WHERE id = OLD.article_id);
END;
"""


def split_statements(script: str) -> Iterator[str]:
    """The complete SQL statements of ``script``, in order (a trigger's body stays whole)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                yield buffer.strip()
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        yield buffer.strip()


def match_words(text: str | None, limit: int) -> list[str]:
    """One FTS5 query per word of ``text`` (at most ``limit``): the word as a quoted prefix."""
    words = [w for w in (text or "").split() if any(c.isalnum() for c in w)][:limit]
    return ['"' + word.replace('"', '""') + '"*' for word in words]
