"""Manual corrections to story clustering, as plain records that every later run respects.

A correction names articles, never story ids: story ids are derived from membership and may
change when a correction changes membership, while article ids do not. Records are applied in
order; a later record overrides an earlier one for the articles it names. Together they resolve
to must-link groups (articles that must share a story) and cannot-link pairs of groups::

    Merge(a, b)            a + b -> one group
    Split(part, rest)      part -> one group, rest -> another, and the two may never meet
    Move(article, to, src) article + to -> one group; that group may never meet src

The JSON form is stable: sorted keys, article ids sorted inside each record, records in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsprism.errors import MalformedInputError

SCHEMA = "newsprism.corrections/1"


@dataclass(frozen=True)
class Merge:
    """The stories holding ``first`` and ``second`` (their members when merged) are one story."""

    first: tuple[str, ...]
    second: tuple[str, ...]


@dataclass(frozen=True)
class Split:
    """The articles ``part`` leave the story whose other members were ``rest``."""

    part: tuple[str, ...]
    rest: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    """Article ``article_id`` belongs with the articles ``to`` and never with ``source``."""

    article_id: str
    to: tuple[str, ...]
    source: tuple[str, ...] = ()


Correction = Merge | Split | Move


@dataclass(frozen=True)
class Constraints:
    """Corrections resolved: which group each named article is in, and which groups never meet.

    ``group_of`` maps an article id to a group number; ``cannot_link`` holds pairs
    ``(low, high)`` of group numbers. Group numbers are positions in resolution order, so they
    are the same for the same corrections on every run.
    """

    group_of: Mapping[str, int] = field(default_factory=dict)
    cannot_link: frozenset[tuple[int, int]] = frozenset()

    def apart(self, first: int, second: int) -> bool:
        """True when the two groups may never share a story."""
        pair = (first, second) if first < second else (second, first)
        return pair in self.cannot_link

    def members(self) -> dict[int, tuple[str, ...]]:
        """The article ids of each group, sorted."""
        groups: dict[int, list[str]] = {}
        for article_id, group in self.group_of.items():
            groups.setdefault(group, []).append(article_id)
        return {group: tuple(sorted(ids)) for group, ids in sorted(groups.items())}


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


@dataclass(frozen=True)
class Corrections:
    """An ordered list of correction records; methods return a new value with one more record."""

    records: tuple[Correction, ...] = ()

    def merge(self, first: Iterable[str], second: Iterable[str]) -> Corrections:
        """These corrections plus: the stories with these members are one story.

        Pass the ``article_ids`` of the two stories (or the ``Story`` values' ids lists).
        """
        return Corrections((*self.records, Merge(_ids(first), _ids(second))))

    def split(self, story_members: Iterable[str], part: Iterable[str]) -> Corrections:
        """These corrections plus: ``part`` leaves the story with members ``story_members``."""
        part_ids = _ids(part)
        rest = _ids(set(story_members) - set(part_ids))
        return Corrections((*self.records, Split(part_ids, rest)))

    def move(
        self, article_id: str, to_members: Iterable[str], from_members: Iterable[str] = ()
    ) -> Corrections:
        """These corrections plus: the article joins the story ``to_members`` and leaves its own."""
        source = _ids(set(from_members) - {article_id})
        to = _ids(set(to_members) - {article_id})
        return Corrections((*self.records, Move(article_id, to, source)))

    def resolve(self) -> Constraints:
        """The must-link groups and cannot-link pairs these records add up to."""
        label: dict[str, int] = {}
        cannot: set[tuple[int, int]] = set()
        next_group = 0

        def relabel(ids: Iterable[str]) -> int:
            nonlocal next_group
            group = next_group
            next_group += 1
            for article_id in ids:
                label[article_id] = group
            return group

        for record in self.records:
            if isinstance(record, Merge):
                relabel((*record.first, *record.second))
            elif isinstance(record, Split):
                kept = relabel(record.rest) if record.rest else None
                split_off = relabel(record.part)
                if kept is not None:
                    cannot.add((kept, split_off))
            else:
                source = relabel(record.source) if record.source else None
                target = relabel((*record.to, record.article_id))
                if source is not None:
                    cannot.add((source, target))
        # Drop pairs whose groups lost all their members to later records.
        live = set(label.values())
        pairs = frozenset(pair for pair in cannot if pair[0] in live and pair[1] in live)
        return Constraints(group_of=dict(sorted(label.items())), cannot_link=pairs)

    def to_json(self) -> str:
        """The stable JSON text of these corrections."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the schema name and the records in order."""
        out: list[dict[str, Any]] = []
        for record in self.records:
            if isinstance(record, Merge):
                out.append(
                    {"op": "merge", "first": list(record.first), "second": list(record.second)}
                )
            elif isinstance(record, Split):
                out.append({"op": "split", "part": list(record.part), "rest": list(record.rest)})
            else:
                out.append(
                    {
                        "op": "move",
                        "article": record.article_id,
                        "to": list(record.to),
                        "source": list(record.source),
                    }
                )
        return {"schema": SCHEMA, "records": out}

    @classmethod
    def from_json(cls, text: str, source: str = "corrections") -> Corrections:
        """Corrections read back from ``to_json`` text; MalformedInputError names what is wrong."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedInputError(source, f"not JSON: {exc.msg}", line=exc.lineno) from exc
        return cls.from_dict(data, source)

    @classmethod
    def from_dict(cls, data: Any, source: str = "corrections") -> Corrections:
        """Corrections from a ``to_dict`` value; MalformedInputError names the bad record."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise MalformedInputError(source, f'expected an object with "schema": "{SCHEMA}"')
        records: list[Correction] = []
        for number, raw in enumerate(data.get("records", []), start=1):
            try:
                op = raw["op"]
                if op == "merge":
                    records.append(Merge(_ids(raw["first"]), _ids(raw["second"])))
                elif op == "split":
                    records.append(Split(_ids(raw["part"]), _ids(raw["rest"])))
                elif op == "move":
                    records.append(
                        Move(str(raw["article"]), _ids(raw["to"]), _ids(raw.get("source", ())))
                    )
                else:
                    raise KeyError(f"op {op!r}")
            except (KeyError, TypeError) as exc:
                raise MalformedInputError(
                    source, f"record {number} is not a merge, split or move record: {exc}"
                ) from exc
        return cls(tuple(records))
