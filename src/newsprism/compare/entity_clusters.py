"""The clusters entity resolution builds: one local entity per name per article, joined."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsprism.compare.records import Passage


@dataclass
class LocalEntity:
    # Mutable while the clusters form: one canonical name in one article.
    article: str
    name: str
    types: Counter[str]
    mentions: list[int]
    roles: list[tuple[str, Passage]] = field(default_factory=list)
    decided: str | None = None  # the type decided for the local's whole cluster
    forms: set[str] = field(default_factory=set)  # the mentions as printed
    cut: bool = False  # its only mentions end the text mid-word: the excerpt cut the name
    dropped: bool = False  # a cut name that starts no entity's name: no entity

    @property
    def type(self) -> str:
        if self.decided is not None:
            return self.decided
        return self.model_type

    @property
    def model_type(self) -> str:
        kind = sorted(self.types.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return "organization" if kind == "outlet" else kind


class UnionFind:
    # A plain class: the classic structure, mutated in place while clusters form.
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def types_fit(a: str, b: str) -> bool:
    # One word may be a place and a person ("Jordan"); a longer name is one thing however
    # the model labels it, and any other mix of types is the model's mislabel of one name.
    return a == b or {a, b} != {"person", "place"}
