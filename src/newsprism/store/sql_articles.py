"""Storing and reading articles (with their embeds): SQL both backends run.

A mixin of the stores (``SQLiteStore``, ``PostgresStore``): it needs ``self._db`` (a
``SQLConnection``) and ``self._transaction`` from the store it is mixed into.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from newsprism.identity import article_identity, canonical_url
from newsprism.model import Article, ArticleSummary, Embed, PublishedDate, WireCredit
from newsprism.store.base import AddOutcome
from newsprism.store.lookup import row_by_id_prefix
from newsprism.store.sql import NO_LIMIT, SQLConnection

_PAGE = 256  # articles per read when iterating over all of them

ARTICLE_COLUMNS = (
    "id, identity, url_key, source, format, outlet, url, title, published, published_precision,"
    " byline, language, text, content_hash, wire_agency, wire_text, wire_position, wire_start,"
    " wire_end, ingested_at"
)


class ArticleTables:
    """Adding, finding, listing and checking stored articles.

    A mixin, not a record: it needs ``self._db`` and ``self._transaction`` from the store.
    """

    _db: SQLConnection
    _transaction: Callable[[Callable[[], object], str], None]

    # -- writing ---------------------------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> list[AddOutcome]:
        """One outcome per article, in order; all of them are written in one transaction."""
        outcomes: list[AddOutcome] = []

        def write() -> None:
            outcomes.extend(self._add_one(article) for article in articles)

        self._transaction(write, "could not write articles")
        return outcomes

    def _add_one(self, article: Article) -> AddOutcome:
        existing = self._find_same(article)
        if existing is not None:
            return AddOutcome(article_id=existing, stored=False)
        self._db.execute(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 20)})",
            _article_row(article),
        )
        self._db.executemany(
            'INSERT INTO embeds (article_id, seq, kind, start, "end", author, handle, posted,'
            " link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article.id, seq, e.kind, e.start, e.end, e.author, e.handle, e.posted, e.link)
                for seq, e in enumerate(article.embeds)
            ],
        )
        return AddOutcome(article_id=article.id, stored=True)

    def _find_same(self, article: Article) -> str | None:
        """The id of a stored copy of this article: the same identity, else the same URL, else
        (for an article without URL) the same text."""
        row = self._db.execute("SELECT id FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None and article.url:
            row = self._db.execute(
                "SELECT id FROM articles WHERE url_key = ?", (canonical_url(article.url),)
            ).fetchone()
        elif row is None:
            row = self._db.execute(
                "SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                (article.content_hash,),
            ).fetchone()
        return None if row is None else str(row["id"])

    # -- reading ---------------------------------------------------------------------------
    def get_article(self, article_id: str) -> Article:
        """The article with this id (or unique id prefix); raises NotFoundError."""
        row = row_by_id_prefix(
            self._db,
            "articles",
            ARTICLE_COLUMNS,
            article_id,
            noun="article",
            hint="`newsprism articles` lists them",
        )
        return self._article_from_row(row)

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, ordered by id.

        Read a page at a time, each page its own short read, so a caller may write between
        pages: no read cursor stays open to block its write transaction.
        """
        after = ""
        while True:
            rows = self._db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                (after, _PAGE),
            ).fetchall()
            articles = [self._article_from_row(row) for row in rows]
            yield from articles
            if len(rows) < _PAGE:
                return
            after = rows[-1]["id"]

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """Article summaries ordered by publication date (undated last), then id."""
        rows = self._db.execute(
            "SELECT id, source, outlet, title, published, published_precision, wire_agency,"
            " length(text) AS chars FROM articles"
            " ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (NO_LIMIT if limit is None else limit, offset),
        ).fetchall()
        return [
            ArticleSummary(
                id=row["id"],
                source=row["source"],
                outlet=row["outlet"],
                title=row["title"],
                published=_published(row),
                wire=row["wire_agency"],
                chars=row["chars"],
            )
            for row in rows
        ]

    def count_articles(self) -> int:
        """How many articles are stored."""
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these URLs (compared in canonical form) already stored."""
        known: set[str] = set()
        for url in urls:
            row = self._db.execute(
                "SELECT 1 FROM articles WHERE url_key = ?", (canonical_url(url),)
            ).fetchone()
            if row is not None:
                known.add(url)
        return known

    def _identity_problems(self) -> list[str]:
        """The articles whose stored identity does not match their URL or text, one line each."""
        problems: list[str] = []
        for row in self._db.execute("SELECT id, identity, url, content_hash FROM articles"):
            expected = article_identity(row["url"], row["content_hash"])
            if row["identity"] != expected:
                problems.append(f"article {row['id']}: identity does not match its url or text")
        return problems

    def _article_from_row(self, row: Any) -> Article:
        embeds = tuple(
            Embed(
                kind=e["kind"],
                start=e["start"],
                end=e["end"],
                author=e["author"],
                handle=e["handle"],
                posted=e["posted"],
                link=e["link"],
            )
            for e in self._db.execute(
                'SELECT kind, start, "end", author, handle, posted, link FROM embeds'
                " WHERE article_id = ? ORDER BY seq",
                (row["id"],),
            )
        )
        wire = None
        if row["wire_agency"]:
            wire = WireCredit(
                agency=row["wire_agency"],
                text=row["wire_text"],
                position=row["wire_position"],
                start=row["wire_start"],
                end=row["wire_end"],
            )
        return Article(
            id=row["id"],
            source=row["source"],
            format=row["format"],
            text=row["text"],
            content_hash=row["content_hash"],
            ingested_at=row["ingested_at"],
            outlet=row["outlet"],
            url=row["url"],
            title=row["title"],
            published=_published(row),
            byline=row["byline"],
            language=row["language"],
            wire=wire,
            embeds=embeds,
        )


def _published(row: Any) -> PublishedDate | None:
    if row["published"] is None:
        return None
    return PublishedDate(value=row["published"], precision=row["published_precision"])


def _article_row(article: Article) -> tuple[Any, ...]:
    wire = article.wire
    return (
        article.id,
        article_identity(article.url, article.content_hash),
        canonical_url(article.url) if article.url else None,
        article.source,
        article.format,
        article.outlet,
        article.url,
        article.title,
        article.published.value if article.published else None,
        article.published.precision if article.published else None,
        article.byline,
        article.language,
        article.text,
        article.content_hash,
        wire.agency if wire else None,
        wire.text if wire else None,
        wire.position if wire else None,
        wire.start if wire else None,
        wire.end if wire else None,
        article.ingested_at,
    )
