"""Organisations and places merged across articles: spellings, acronyms, short forms.

"Pakistan Tanzeem-e-Amal" / "Pakistan Tanzeem-i-Amal" / "PTA", "Lakeland CFS" / "Lakelands CFS",
"DR Valoria" / "Democratic Republic of Valoria"; a place's name starting a longer name of
something else stays that place; a name the excerpt cut off joins the name it starts.
"""

from __future__ import annotations

from newsprism.compare.acronyms import abbreviation_of, acronym_of
from newsprism.compare.entity_clusters import LocalEntity as _Local
from newsprism.compare.entity_clusters import UnionFind as _UnionFind
from newsprism.compare.entity_clusters import types_fit as _types_fit
from newsprism.compare.names import (
    clean_words,
    org_key,
    short_form_of,
    spelling_variants,
    word_order_variant,
)


def attach_short_forms(locals_: list[_Local], uf: _UnionFind) -> None:
    """Attach spellings, acronyms and short forms of organisations and places to one long form.

    A place's name at the start of a longer name is no short form of it ("Lakeside" /
    "Lakeside High Court"). Two long forms that one acronym abbreviates alike and that
    differ in one word are one body misnamed ("North Frontier Railway" / "Northeast Frontier
    Railway", both "NFR").
    """
    others = [i for i, local in enumerate(locals_) if local.type != "person"]
    for x, i in enumerate(others):
        for j in others[x + 1 :]:
            a, b = locals_[i], locals_[j]
            if not _types_fit(a.type, b.type) or {a.type, b.type} == {"place", "group"}:
                continue  # "Velmaria" / "Velmarian": a country and its people
            if spelling_variants(a.name, b.name) or word_order_variant(a.name, b.name):
                uf.union(i, j)
            elif any(
                spelling_variants(x, y)
                for x in sorted(a.forms - {a.name})
                for y in sorted(b.forms)
                if len(x.split()) == len(y.split())
            ) or any(
                spelling_variants(x, y)
                for x in sorted(a.forms)
                for y in sorted(b.forms - {b.name})
                if len(x.split()) == len(y.split())
            ):
                uf.union(i, j)  # printed short forms spelled two ways ("Lakeland CFS")
    longs: dict[int, str] = {}
    for i in others:
        root = uf.find(i)
        if len(locals_[i].name) > len(longs.get(root, "")):
            longs[root] = locals_[i].name
    for i in others:
        local = locals_[i]
        own = uf.find(i)
        candidates = sorted(
            root
            for root, long in longs.items()
            if root != own and _short_of(local, long, locals_[root].type)
        )
        if len(candidates) > 1 and _one_body(local.name, [longs[r] for r in candidates]):
            for root in candidates:
                uf.union(root, i)
        elif len(candidates) == 1:
            uf.union(candidates[0], i)


def resolve_cut_names(locals_: list[_Local], uf: _UnionFind) -> None:
    """Tie a name the excerpt cut off ("... said Chief Executive Amara Oka") to the one
    entity whose name it starts; with none or several, it is no entity (page furniture)."""
    for i, local in enumerate(locals_):
        if not local.cut:
            continue
        words = clean_words(local.name)
        own = uf.find(i)
        if any(uf.find(j) == own and not other.cut for j, other in enumerate(locals_)):
            continue  # already tied to a full name
        roots = {
            uf.find(j)
            for j, other in enumerate(locals_)
            if not other.cut and uf.find(j) != own and _starts_name(words, clean_words(other.name))
        }
        if len(roots) == 1:
            uf.union(next(iter(roots)), i)
        else:
            local.dropped = True


def _starts_name(cut: list[str], full: list[str]) -> bool:
    # All words but the last equal, the last one the start of the full name's word.
    n = len(cut)
    return (
        n >= 1
        and len(full) >= n
        and full[: n - 1] == cut[:-1]
        and full[n - 1].startswith(cut[-1])
        and len(full[n - 1]) > len(cut[-1])
    )


def _short_of(local: _Local, long: str, long_type: str) -> bool:
    """Return True when ``local`` names ``long`` by an acronym, an abbreviation or a short form."""
    name = local.name
    if acronym_of(name, long) or abbreviation_of(name, long):
        return True
    if not short_form_of(name, long):
        return False
    # "Lakeside" is not "Lakeside High Court": a place's name that starts a longer name of
    # something else is that place.
    short_words, long_words = clean_words(name), clean_words(long)
    return not (
        local.type in ("place", "group")
        and long_type != local.type
        and short_words[-1:] != long_words[-1:]
    )


def _one_body(short: str, longs: list[str]) -> bool:
    """Return True when every long form is the acronym's expansion and they differ in a word."""
    if not all(acronym_of(short, long) for long in longs):
        return False
    keys = [org_key(long).split() for long in longs]
    first = keys[0]
    return all(
        len(k) == len(first)
        and k[-1] == first[-1]
        and sum(x != y for x, y in zip(k, first, strict=True)) <= 1
        for k in keys[1:]
    )
