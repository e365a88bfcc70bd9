"""Benchmark helpers for PostgreSQL: a fresh database on a server, and a SQLite store copied
into it table by table (so that the SQLite and PostgreSQL runs serve the very same store).

The copy is a benchmark's shortcut, not a migration tool: it assumes an empty PostgreSQL
database at the current schema, and that both schemas have the same tables and columns (they
do: ``store/postgres_schema.py`` is SQLite's schema in PostgreSQL's types), plus the
full-text index that PostgreSQL keeps as tsvectors.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from pathlib import Path

import psycopg

from newsprism.annotate.records import ArticleAnnotations
from newsprism.store import open_store
from newsprism.store.postgres_search import entity_names, tsvector_literal

# In an order that satisfies the foreign keys.
TABLES = (
    "articles",
    "embeds",
    "annotations",
    "stories",
    "story_members",
    "reprints",
    "corrections",
    "feeds",
    "term_stats",
    "story_features",
    "story_terms",
)


def fresh_database(dsn: str, name: str) -> str:
    """The URL of database ``name`` on the server of the URL ``dsn``, dropped and created
    anew."""
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    return urllib.parse.urlsplit(dsn)._replace(path=f"/{name}").geturl()


def drop_database(server: str, dsn: str) -> None:
    """Drop the database of ``dsn`` (made by ``fresh_database`` on the server of ``server``)."""
    name = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def copy_sqlite_store(sqlite_path: Path, dsn: str) -> dict[str, int]:
    """Copy every row of the SQLite store into the (empty) PostgreSQL database at ``dsn``,
    and index it for search; rows copied, by table."""
    open_store(dsn).close()  # the schema
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    copied: dict[str, int] = {}
    with psycopg.connect(dsn) as target:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            quoted = ", ".join(f'"{c}"' for c in columns)
            select = f"SELECT {quoted} FROM {table}"
            count = 0
            statement = f"COPY {table} ({quoted}) FROM STDIN".encode()
            with target.cursor() as cursor, cursor.copy(statement) as copy:
                for row in source.execute(select):
                    copy.write_row(row)
                    count += 1
            copied[table] = count
        copied["article_search"] = _index(source, target)
        target.execute(
            b"SELECT setval(pg_get_serial_sequence('corrections', 'seq'),"
            b" coalesce((SELECT max(seq) FROM corrections), 0) + 1, false)"
        )
        target.commit()
    source.close()
    return copied


def _index(source: sqlite3.Connection, target: psycopg.Connection[object]) -> int:
    """Fill PostgreSQL's full-text index from the copied articles and annotations."""
    rows = source.execute(
        "SELECT a.id, a.title, a.text, an.data FROM articles a"
        " LEFT JOIN annotations an ON an.article_id = a.id"
    )
    count = 0
    statement = b"COPY article_search (article_id, title, body, names) FROM STDIN"
    with target.cursor() as cursor, cursor.copy(statement) as copy:
        for article_id, title, text, data in rows:
            names = entity_names(ArticleAnnotations.from_dict(json.loads(data))) if data else ""
            copy.write_row(
                (
                    article_id,
                    tsvector_literal(title or ""),
                    tsvector_literal(text),
                    tsvector_literal(names),
                )
            )
            count += 1
    return count
