"""Article records in JSON Lines, JSON and CSV, under the field names news dumps use."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsprism.errors import InputError, MalformedInputError
from newsprism.model import ArticleDraft

# Field of ArticleDraft -> the names it goes by in common dumps, most specific first.
DEFAULT_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text", "story", "description"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "canonical_url", "uri", "permalink"),
    "published": (
        "published",
        "date",
        "published_at",
        "publish_date",
        "pubdate",
        "date_publish",
        "datetime",
        "timestamp",
        "time",
        "created_at",
    ),
    "outlet": (
        "outlet",
        "source",
        "publisher",
        "site",
        "site_name",
        "source_name",
        "publication",
        "media",
        "domain",
        "feed",
    ),
    "byline": ("byline", "author", "authors", "creator", "writer"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True)
class FieldMap:
    """Which record keys fill which article field; ``overrides`` come first (``text=story``)."""

    overrides: Mapping[str, str] = field(default_factory=dict)

    def names_for(self, target: str) -> tuple[str, ...]:
        """The keys tried, in order, for one article field."""
        own = self.overrides.get(target)
        defaults = DEFAULT_FIELD_NAMES[target]
        return (own, *defaults) if own else defaults

    @classmethod
    def parse(cls, pairs: list[str] | tuple[str, ...]) -> FieldMap:
        """A FieldMap from ``FIELD=KEY`` strings; raises InputError naming a bad pair."""
        overrides: dict[str, str] = {}
        for pair in pairs:
            target, sep, key = pair.partition("=")
            if not sep or target not in DEFAULT_FIELD_NAMES or not key:
                raise InputError(
                    f"--field {pair}",
                    "expected FIELD=KEY with FIELD one of " + ", ".join(DEFAULT_FIELD_NAMES),
                )
            overrides[target] = key
        return cls(overrides)


@dataclass(frozen=True)
class RecordResult:
    """The articles read from a file of records, and the records that could not be read."""

    drafts: tuple[ArticleDraft, ...]
    errors: tuple[InputError, ...]


def read_jsonl(text: str, source: str, fields: FieldMap) -> RecordResult:
    """One draft per JSON line; a bad line is an error naming its line number."""
    drafts: list[ArticleDraft] = []
    errors: list[InputError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = load_json(line, source, line=number)
        except MalformedInputError as exc:
            errors.append(exc)
            continue
        _collect(record, source, number, fields, drafts, errors)
    return RecordResult(tuple(drafts), tuple(errors))


def read_json(text: str, source: str, fields: FieldMap) -> RecordResult:
    """Drafts from one JSON document: an article object, a list of them, or {"articles": [..]}."""
    document = load_json(text, source)
    if isinstance(document, dict):
        for key in ("articles", "items", "data", "results"):
            if isinstance(document.get(key), list):
                document = document[key]
                break
    records = document if isinstance(document, list) else [document]
    drafts: list[ArticleDraft] = []
    errors: list[InputError] = []
    for number, record in enumerate(records, start=1):
        _collect(record, f"{source}[{number - 1}]", None, fields, drafts, errors)
    return RecordResult(tuple(drafts), tuple(errors))


def load_json(text: str, source: str, *, line: int | None = None) -> Any:
    """The JSON value in ``text``; raises MalformedInputError naming the line and column.

    Nesting deeper than Python's recursion limit is refused, and an integer too long for
    Python to convert is kept as its digits.
    """
    try:
        return json.loads(text, parse_int=_int_or_digits)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(
            source,
            f"not valid JSON ({exc.msg}, column {exc.colno})",
            line=exc.lineno if line is None else line,
        ) from exc
    except RecursionError as exc:
        raise MalformedInputError(
            source, "JSON nested too deeply to read (arrays within arrays...)", line=line
        ) from exc
    except ValueError as exc:
        raise MalformedInputError(source, f"not valid JSON ({exc})", line=line) from exc


def _int_or_digits(digits: str) -> int | str:
    """An integer, or its digits when Python refuses to convert so many."""
    try:
        return int(digits)
    except ValueError:
        return digits


def read_csv(text: str, source: str, fields: FieldMap) -> RecordResult:
    """One draft per CSV row (the first row names the columns); bad rows name their line."""
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    drafts: list[ArticleDraft] = []
    errors: list[InputError] = []
    rows: Iterator[dict[str, Any]] = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            raise MalformedInputError(source, f"broken CSV ({exc})", line=reader.line_num) from exc
        if None in row:
            errors.append(
                MalformedInputError(
                    source, "the row has more cells than the header", line=reader.line_num
                )
            )
            continue
        _collect(row, source, reader.line_num, fields, drafts, errors)
    return RecordResult(tuple(drafts), tuple(errors))


def _collect(
    record: Any,
    source: str,
    line: int | None,
    fields: FieldMap,
    drafts: list[ArticleDraft],
    errors: list[InputError],
) -> None:
    try:
        drafts.append(_draft_from_record(record, source, line, fields))
    except InputError as exc:
        errors.append(exc)


def _draft_from_record(
    record: Any, source: str, line: int | None, fields: FieldMap
) -> ArticleDraft:
    if not isinstance(record, dict):
        raise MalformedInputError(
            source,
            f"expected a JSON object for an article, found {type(record).__name__}",
            line=line,
        )
    lowered = {str(k).lower(): v for k, v in record.items()}
    values = {target: _pick(lowered, fields.names_for(target)) for target in DEFAULT_FIELD_NAMES}
    if not values["text"]:
        raise MalformedInputError(
            source,
            "no article text (looked for "
            + ", ".join(fields.names_for("text")[:4])
            + ", ...); name the field with --field text=KEY",
            line=line,
        )
    where = f"{source}:{line}" if line is not None else source
    return ArticleDraft(
        source=where,
        text=values["text"],
        format="record",
        title=values["title"],
        url=values["url"],
        outlet=values["outlet"],
        published=values["published"],
        byline=values["byline"],
        language=values["language"],
    )


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = _as_text(record.get(name.lower()))
        if value:
            return value
    return None


def _as_text(value: Any, depth: int = 0) -> str | None:
    """A record value as text: names of nested objects, lists joined, numbers kept."""
    if value is None or depth > 8 or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "title", "value", "href", "url"):
            if isinstance(value.get(key), str):
                return value[key].strip() or None
        return None
    if isinstance(value, list):
        parts = [p for p in (_as_text(item, depth + 1) for item in value) if p]
        return ", ".join(parts) or None
    return None
