"""PostgreSQL's schema and its forward-only migrations (the version in ``schema_version``).

The tables are SQLite's (``sqlite.MIGRATIONS``, ``sqlite_feeds``, ``sqlite_incremental``) in
PostgreSQL's types: times and weights as DOUBLE PRECISION (PostgreSQL's REAL is 4 bytes),
the correction number an identity column, ids and dates in the "C" collation (so that id
prefixes and ISO dates compare byte by byte, as in SQLite, whatever the database's locale).
The full-text index is a table of tsvectors written by the store (``postgres_search``), not
triggers: the words are cut and folded in Python, the same way for documents and queries.
"""

from __future__ import annotations

from newsprism.errors import SchemaVersionError
from newsprism.store.postgres_connection import PgConnection

STORIES_CHANNEL = "newsprism_stories"
"""The channel a committed change to stories, members, annotations or reprints notifies."""

# Each entry moves the schema from version N to N+1 (N = its index). Never edit a shipped entry:
# append a new one, so every older database can be brought forward.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT COLLATE "C" PRIMARY KEY,
        identity TEXT NOT NULL UNIQUE,
        url_key TEXT,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        outlet TEXT,
        url TEXT,
        title TEXT,
        published TEXT COLLATE "C",
        published_precision TEXT,
        byline TEXT,
        language TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        wire_agency TEXT,
        wire_text TEXT,
        wire_position TEXT,
        wire_start INTEGER,
        wire_end INTEGER,
        ingested_at TEXT NOT NULL,
        CHECK (length(text) > 0),
        CHECK ((published IS NULL) = (published_precision IS NULL))
    );
    CREATE INDEX articles_content_hash ON articles (content_hash);
    CREATE INDEX articles_url_key ON articles (url_key);
    CREATE INDEX articles_published ON articles (published);
    CREATE TABLE embeds (
        article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        author TEXT,
        handle TEXT,
        posted TEXT,
        link TEXT,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE annotations (
        article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        text_hash TEXT NOT NULL,
        annotator TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE reprints (
        article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        reprint_of TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        similarity DOUBLE PRECISION NOT NULL,
        reason TEXT NOT NULL,
        CHECK (article_id <> reprint_of)
    );
    CREATE TABLE stories (
        id TEXT COLLATE "C" PRIMARY KEY,
        title TEXT,
        first_seen TEXT COLLATE "C",
        last_seen TEXT COLLATE "C",
        articles INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        independent_reports INTEGER NOT NULL,
        reprints INTEGER NOT NULL
    );
    CREATE INDEX stories_last_seen ON stories (last_seen);
    CREATE TABLE story_members (
        article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL
    );
    CREATE INDEX story_members_story ON story_members (story_id, seq);
    CREATE TABLE corrections (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        record TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE article_search (
        article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        title tsvector NOT NULL,
        body tsvector NOT NULL,
        names tsvector NOT NULL
    );
    CREATE INDEX article_search_title ON article_search USING gin (title);
    CREATE INDEX article_search_body ON article_search USING gin (body);
    CREATE INDEX article_search_names ON article_search USING gin (names);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        added_at DOUBLE PRECISION NOT NULL,
        last_fetch DOUBLE PRECISION,
        last_status TEXT,
        http_status INTEGER,
        items INTEGER NOT NULL DEFAULT 0,
        last_new INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_due DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX feeds_next_due ON feeds (next_due);
    CREATE TABLE term_stats (
        kind TEXT NOT NULL,
        term TEXT COLLATE "C" NOT NULL,
        df BIGINT NOT NULL,
        PRIMARY KEY (kind, term)
    );
    CREATE TABLE story_features (
        story_id TEXT COLLATE "C" PRIMARY KEY,
        size INTEGER NOT NULL,
        named INTEGER NOT NULL,
        first_day DOUBLE PRECISION,
        last_day DOUBLE PRECISION,
        vectors TEXT NOT NULL
    );
    CREATE TABLE story_terms (
        term TEXT COLLATE "C" NOT NULL,
        story_id TEXT COLLATE "C" NOT NULL,
        last_day DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (term, story_id)
    );
    CREATE INDEX story_terms_recent ON story_terms (term, last_day);
    CREATE INDEX story_terms_story ON story_terms (story_id)
    """,
    # A notification on STORIES_CHANNEL when a transaction changes what a story's fingerprint
    # covers, so that a server process can keep fingerprints until then (postgres.py).
    f"""
    CREATE FUNCTION newsprism_stories_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{STORIES_CHANNEL}', '');
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER stories_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stories
        FOR EACH STATEMENT EXECUTE FUNCTION newsprism_stories_changed();
    CREATE TRIGGER story_members_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON story_members
        FOR EACH STATEMENT EXECUTE FUNCTION newsprism_stories_changed();
    CREATE TRIGGER annotations_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON annotations
        FOR EACH STATEMENT EXECUTE FUNCTION newsprism_stories_changed();
    CREATE TRIGGER reprints_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reprints
        FOR EACH STATEMENT EXECUTE FUNCTION newsprism_stories_changed();
    """,
    # Reprint signatures and LSH band keys for the incremental path (sqlite_signatures).
    """
    CREATE TABLE article_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        params TEXT NOT NULL,
        evidence BYTEA NOT NULL
    );
    CREATE TABLE signature_bands (
        band_key BIGINT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band_key, article_id)
    );
    CREATE INDEX reprints_original ON reprints (reprint_of)
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

# The advisory lock keys of this schema: migrating, and writing (one writer at a time, as in
# SQLite; readers never wait). Any 64-bit numbers no other application on the database uses.
MIGRATE_LOCK = 0x6E65_7773_0001
WRITE_LOCK = 0x6E65_7773_0002


def schema_version(db: PgConnection) -> int:
    """The version the database's schema is at (0 for a database newsprism never opened)."""
    row = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    version = db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    return int(version or 0)


def migrate(db: PgConnection, where: str) -> None:
    """Bring the schema to SCHEMA_VERSION, every step in one transaction.

    An advisory lock makes a second process that opens a new database at the same time wait,
    then find the schema done. Raises SchemaVersionError for a schema newer than this code.
    """
    if _checked(schema_version(db), where) == SCHEMA_VERSION:
        return
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = _checked(schema_version(db), where)
        for step in MIGRATIONS[current:]:
            for statement in statements(step):
                db.raw.execute(statement.encode())
        if current < SCHEMA_VERSION:
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))


def statements(script: str) -> list[str]:
    """The statements of ``script``, split at semicolons outside $$-quoted bodies."""
    found: list[str] = []
    current = ""
    for number, piece in enumerate(script.split("$$")):
        if number % 2:  # inside a $$ body: kept whole
            current += "$$" + piece + "$$"
            continue
        parts = piece.split(";")
        current += parts[0]
        for part in parts[1:]:
            found.append(current)
            current = part
    found.append(current)
    return [statement.strip() for statement in found if statement.strip()]


def _checked(current: int, where: str) -> int:
    if current > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{where}: the database is at schema version {current} but this newsprism "
            f"knows only up to {SCHEMA_VERSION}; upgrade newsprism"
        )
    return current
