"""The corpus as data: every article with its story and reprint link, as JSONL, CSV or Parquet.

``what`` other than ``articles`` exports what the briefs found instead (entities, quotes,
claims, discrepancies; rows defined in ``newsprism.export_items``).

One row format for the command line (``newsprism export``) and the REST API
(``GET /api/export``), so the two cannot drift apart. Rows are produced one at a time in
article-id order, so memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from newsprism.annotate.records import AnnotateOptions
from newsprism.errors import ConfigError
from newsprism.export_items import ITEM_COLUMNS, ITEM_KINDS, csv_value, item_rows
from newsprism.model import Article
from newsprism.serialize import article_to_dict
from newsprism.store import Store

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
EXPORT_KINDS = ("articles", *ITEM_KINDS)

CSV_COLUMNS = (
    "id",
    "story",
    "reprint_of",
    "outlet",
    "title",
    "url",
    "published",
    "published_precision",
    "byline",
    "language",
    "wire",
    "source",
    "format",
    "ingested_at",
    "text",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A signed plain number ("-1", "+2.5") is data; anything else after a sign may be a formula
# ("-1+cmd|' /C calc'!A0").
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_PARQUET_BATCH = 2000


def csv_cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula (hostile text is quoted with ')."""
    text = "" if value is None else str(value)
    risky = text.lstrip(" ").startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)
    return "'" + text if risky else text


def article_row(article: Article, story: str | None, reprint_of: str | None) -> dict[str, Any]:
    """One export row: the article's flat fields with its story and reprint link."""
    published = article.published
    return {
        "id": article.id,
        "story": story,
        "reprint_of": reprint_of,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "byline": article.byline,
        "language": article.language,
        "wire": article.wire.agency if article.wire else None,
        "source": article.source,
        "format": article.format,
        "ingested_at": article.ingested_at,
        "text": article.text,
    }


def export_lines(
    store: Store,
    kind: str,
    what: str = "articles",
    annotate: AnnotateOptions | None = None,
) -> Iterator[str]:
    """Every article (or ``what`` item) as one JSONL line, or one CSV row after a header row."""
    if what != "articles":
        yield from _item_lines(store, kind, what, annotate)
        return
    stories = store.story_assignments()
    reprints = {key: r.reprint_of for key, r in store.load_reprints().items()}
    if kind == "csv":
        yield _csv_line(CSV_COLUMNS)
    elif kind != "jsonl":
        raise ConfigError(f"export format {kind!r} is not a text format; use jsonl or csv")
    for article in store.iter_articles():
        story, reprint_of = stories.get(article.id), reprints.get(article.id)
        if kind == "csv":
            row = article_row(article, story, reprint_of)
            yield _csv_line([csv_cell(row[column]) for column in CSV_COLUMNS])
        else:
            data = article_to_dict(article) | {"story": story, "reprint_of": reprint_of}
            yield json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n"


def _item_lines(
    store: Store, kind: str, what: str, annotate: AnnotateOptions | None
) -> Iterator[str]:
    if kind not in ("csv", "jsonl"):
        raise ConfigError(f"export format {kind!r} is not a text format; use jsonl or csv")
    columns = [c.name for c in ITEM_COLUMNS.get(what, ())]
    rows = item_rows(store, what, annotate)
    if kind == "csv":
        yield _csv_line(columns)
    for row in rows:
        if kind == "csv":
            yield _csv_line([csv_cell(csv_value(row[column])) for column in columns])
        else:
            yield json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n"


def export_articles(
    store: Store,
    kind: str,
    out: BinaryIO,
    what: str = "articles",
    annotate: AnnotateOptions | None = None,
) -> int:
    """Write every article (or every ``what`` item of every story) to ``out`` as JSONL, CSV or
    Parquet; how many rows were written."""
    if what not in EXPORT_KINDS:
        raise ConfigError(f"cannot export {what!r}; choose one of {', '.join(EXPORT_KINDS)}")
    if kind == "parquet":
        if what != "articles":
            return _write_item_parquet(store, what, annotate, out)
        return _write_parquet(store, out)
    count = -1 if kind == "csv" else 0  # the CSV header is no row
    for line in export_lines(store, kind, what, annotate):
        out.write(line.encode("utf-8"))
        count += 1
    return count


def _csv_line(cells: Any) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError(
            "Parquet export needs pyarrow: pip install 'newsprism[parquet]' (or pyarrow)"
        ) from exc
    return pa, pq


def _write_item_parquet(
    store: Store, what: str, annotate: AnnotateOptions | None, out: BinaryIO
) -> int:
    pa, _pq = _pyarrow()
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    schema = pa.schema([(c.name, types[c.type]) for c in ITEM_COLUMNS[what]])
    return _write_rows_parquet(out, schema, item_rows(store, what, annotate))


def _write_parquet(store: Store, out: BinaryIO) -> int:
    pa, _pq = _pyarrow()
    schema = pa.schema([(column, pa.string()) for column in CSV_COLUMNS])
    stories = store.story_assignments()
    reprints = {key: r.reprint_of for key, r in store.load_reprints().items()}
    rows = (
        article_row(article, stories.get(article.id), reprints.get(article.id))
        for article in store.iter_articles()
    )
    return _write_rows_parquet(out, schema, rows)


def _write_rows_parquet(out: BinaryIO, schema: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` to ``out`` as Parquet with ``schema``, a batch at a time; returns how
    many (an empty export still writes the schema)."""
    pa, pq = _pyarrow()
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
