"""Well-known other names of one thing that no article of a story ties together itself.

A country's old and new names ("Burma" / "Myanmar") and national teams' nicknames ("Les
Bleus" for France) are world knowledge an editor brings to a story: an outlet writing "Les
Bleus" never adds "that is, France". The list is data (``data/known_names.txt``), general, not
drawn from any one story. A name listed for several things is tied only in a story that names
exactly one of them.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources

from newsprism.compare.entity_clusters import LocalEntity, UnionFind
from newsprism.compare.names import clean_words


def _key(name: str) -> str:
    return " ".join(clean_words(name))


@cache
def known_names() -> tuple[tuple[str, frozenset[str]], ...]:
    """Return the listed things: (first name, every name's cleaned key), in file order."""
    text = resources.files("newsprism.compare").joinpath("data/known_names.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        keys = frozenset(k for k in (_key(n) for n in names) if k)
        if len(keys) >= 2:
            out.append((names[0], keys))
    return tuple(out)


def merge_known_names(locals_: list[LocalEntity], uf: UnionFind) -> None:
    """Merge local entities whose names are listed as names of one thing.

    A nickname shared by several listed things joins only when the story names exactly one
    of them by another of its names.
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, local in enumerate(locals_):
        by_key[_key(local.name)].append(i)
    # For each listed name, the listed things (by their first name) it is a name of.
    owners: dict[str, set[str]] = defaultdict(set)
    keys_of: dict[str, set[str]] = defaultdict(set)
    for first, keys in known_names():
        keys_of[first] |= keys
        for key in keys:
            owners[key].add(first)
    present = set(by_key)
    # For each name present, the listed things it can belong to here: those the story also
    # names by another of their names.
    candidates = {
        key: {first for first in owners[key] if (keys_of[first] - {key}) & present}
        for key in present & set(owners)
    }
    for key in sorted(candidates):
        if len(candidates[key]) != 1:
            continue
        (thing,) = candidates[key]
        for other in sorted((keys_of[thing] - {key}) & present):
            if candidates.get(other) == {thing}:
                uf.union(by_key[key][0], by_key[other][0])
        for j in by_key[key][1:]:
            uf.union(by_key[key][0], j)
