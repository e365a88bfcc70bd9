"""What the briefs found, as rows: entities, quotes, claims and discrepancies of every story.

``newsprism export --what KIND`` and ``GET /api/export?what=KIND`` write these rows (the
articles themselves are ``newsprism.export``'s rows). Each row carries its story id; stories
are taken in id order and each story's items in the brief's own (deterministic) order, one
brief at a time, so memory stays bounded by the largest story.

Every column has a type (``str``, ``int``, ``bool`` or ``list``, a list of strings), used for
typed Parquet columns; CSV writes lists as JSON arrays and booleans as ``true``/``false``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsprism.annotate.records import AnnotateOptions
from newsprism.brief import brief_to_dict
from newsprism.errors import ConfigError
from newsprism.store import Store
from newsprism.stories import story_brief


@dataclass(frozen=True)
class Column:
    """One export column: its name and type (``str``, ``int``, ``bool`` or ``list``)."""

    name: str
    type: str


def _columns(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) for item in spec.split())


# The columns of each kind of item, in order.
ITEM_COLUMNS: dict[str, tuple[Column, ...]] = {
    "entities": _columns(
        "story:str id:str type:str name:str aliases:list roles:list articles:list mentions:int"
    ),
    "quotes": _columns(
        "story:str quote:str speaker:str speaker_name:str ledger_text:str article:str "
        "text:str direct:bool verbatim:bool start:int end:int"
    ),
    "claims": _columns(
        "story:str id:str status:str independent_reports:int text:str articles:list"
    ),
    "discrepancies": _columns(
        "story:str id:str kind:str about:str summary:str values:list articles:list"
    ),
}
ITEM_KINDS = tuple(ITEM_COLUMNS)


def item_rows(
    store: Store, what: str, annotate: AnnotateOptions | None = None
) -> Iterator[dict[str, Any]]:
    """Every ``what`` item of every story's brief as one row (a dict keyed by column name)."""
    if what not in ITEM_COLUMNS:
        kinds = ", ".join(("articles", *ITEM_KINDS))
        raise ConfigError(f"cannot export {what!r}; choose one of {kinds}")
    make_rows = _ROW_MAKERS[what]
    for story_id in sorted(set(store.story_assignments().values())):
        brief = brief_to_dict(story_brief(store, story_id, annotate=annotate))
        yield from make_rows(story_id, brief)


def csv_value(value: Any) -> Any:
    """A row value as CSV writes it: lists as JSON arrays, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _entities(story: str, brief: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entity in brief["entities"]:
        yield {
            "story": story,
            "id": entity["id"],
            "type": entity["type"],
            "name": entity["name"],
            "aliases": list(entity["aliases"]),
            "roles": [role["text"] for role in entity["roles"]],
            "articles": list(entity["articles"]),
            "mentions": len(entity["mentions"]),
        }


def _quotes(story: str, brief: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for quote in brief["quotes"]:
        for printed in quote["attributions"]:
            yield {
                "story": story,
                "quote": quote["id"],
                "speaker": quote.get("speaker"),
                "speaker_name": printed.get("speaker_name") or quote.get("speaker_name"),
                "ledger_text": quote["text"],
                "article": printed["article"],
                "text": printed["text"],
                "direct": bool(printed["direct"]),
                "verbatim": bool(printed["verbatim"]),
                "start": printed["start"],
                "end": printed["end"],
            }


def _claims(story: str, brief: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for claim in brief["claims"]:
        yield {
            "story": story,
            "id": claim["id"],
            "status": claim["status"],
            "independent_reports": claim["independent_reports"],
            "text": claim["text"],
            "articles": sorted({p["article"] for p in claim["support"]}),
        }


def _discrepancies(story: str, brief: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for found in brief["discrepancies"]:
        yield {
            "story": story,
            "id": found["id"],
            "kind": found["kind"],
            "about": found["about"],
            "summary": found["summary"],
            "values": [value["value"] for value in found["values"]],
            "articles": sorted({a for value in found["values"] for a in value["articles"]}),
        }


_ROW_MAKERS = {
    "entities": _entities,
    "quotes": _quotes,
    "claims": _claims,
    "discrepancies": _discrepancies,
}
