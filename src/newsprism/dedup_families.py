"""The reprint detector's index: LSH buckets, exact groups and families of copies.

Nodes are exact groups (articles with the same words); edges join groups that pass the bars
of ``newsprism.dedup_rules``; a family is a connected set of groups (union-find) whose root
article, its original, is recomputed when the family changes. Candidates come from LSH
banding over the whole-text and narration signatures, and over the anchor signatures of
texts with enough anchors, so adding one article costs a fixed number of dictionary look-ups
plus a comparison with the few groups that share a band.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsprism.dedup_evidence import Evidence
from newsprism.dedup_rules import (
    DedupOptions,
    LinkReason,
    PairSimilarity,
    evidence_match,
    evidence_verdict,
)
from newsprism.minhash import band_keys, containment_from_jaccard

OrderKey = tuple[int, int, int, int, str]

_TEXT, _NARRATION, _ANCHORS = 0, 1, 2


class FamilyIndex:
    """LSH buckets, exact groups and near-duplicate families of the articles added so far.

    A plain class, not a record: it is the detector's mutable index.
    """

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self._buckets: dict[int, list[int]] = {}
        self._anchor_buckets: dict[int, list[int]] = {}
        self._group_of_key: dict[bytes, int] = {}
        # registers of the whole text, the narration and the anchors, one row per group
        self._registers = np.empty((3, 64, options.num_perm), dtype=np.uint64)
        self._sizes: list[tuple[int, int, int]] = []
        self._members: list[list[str]] = []
        self._agencies: list[set[str]] = []
        self._own: list[set[str]] = []  # agencies whose own article is in the group
        self._credited: list[set[str]] = []  # agencies credited by another outlet's article
        self._fuller: list[set[int]] = []  # groups of which this group is a truncation
        self._parent: list[int] = []
        self._family: dict[int, list[int]] = {}  # union-find root -> its groups
        self._root: dict[int, str] = {}  # union-find root -> the family's original
        self._group: dict[str, int] = {}
        self._key: dict[str, OrderKey] = {}
        self._agency: dict[str, str | None] = {}
        self._is_own: dict[str, bool] = {}
        self.compared = 0  # candidate groups compared so far (to watch LSH selectivity)

    def add(
        self,
        article_id: str,
        evidence: Evidence,
        key: OrderKey,
        *,
        agency: str | None,
        agency_own: bool,
        independent: bool = False,
    ) -> dict[str, str]:
        """The original of every article in the families the new one joins, before it joins.

        An ``independent`` article (a person said it reprints nothing) gets a group of its own
        that no other article is compared with.
        """
        group = None if independent else self._group_of_key.get(evidence.text.exact_key)
        if group is None:
            group = self._new_group(evidence, indexed=not independent)
            neighbours = [] if independent else self._near(group, agency, agency_own, False)
        elif agency is not None and agency not in (
            self._agencies[group] if agency_own else self._credited[group]
        ):  # the article may pass the wire bar with groups that none of its group passed
            neighbours = self._near(group, agency, agency_own, True)
        else:
            neighbours = []
        touched = {self._find(group)} | {self._find(h) for h in neighbours}
        before = {
            member: self._root[family]
            for family in touched
            if family in self._root
            for g in self._family[family]
            for member in self._members[g]
        }
        self._members[group].append(article_id)
        self._group[article_id] = group
        self._key[article_id] = key
        self._agency[article_id] = agency
        self._is_own[article_id] = agency_own
        if agency is not None:
            self._agencies[group].add(agency)
            (self._own if agency_own else self._credited)[group].add(agency)
        family = self._find(group)
        for h in neighbours:
            family = self._union(family, self._find(h))
        self._root[family] = self._original(family)
        return before

    def root_of(self, article_id: str) -> str:
        """The original of the article's family."""
        return self._root[self._find(self._group[article_id])]

    def family_roots(self, article_id: str) -> dict[str, str]:
        """Each member of the article's family mapped to the family's original."""
        family = self._find(self._group[article_id])
        root = self._root[family]
        return {m: root for g in self._family[family] for m in self._members[g]}

    def roots(self) -> dict[str, str]:
        """Every article mapped to its family's original."""
        return {
            member: self._root[family]
            for family, groups in self._family.items()
            for g in groups
            for member in self._members[g]
        }

    def reason(
        self, article_id: str, root: str, evidence: Evidence, root_evidence: Evidence
    ) -> LinkReason:
        """Why the article links to ``root``: a direct match, or "chained" through copies."""
        if self._group[article_id] == self._group[root]:
            return "exact"
        agency = self._agency[article_id]
        same_agency = (
            agency is not None
            and agency == self._agency[root]
            and not (self._is_own[article_id] and self._is_own[root])
        )
        why = evidence_match(evidence, root_evidence, same_agency=same_agency, options=self.options)
        return "chained" if why == "distinct" else why

    # ------------------------------------------------------------------ groups and edges

    def _new_group(self, evidence: Evidence, *, indexed: bool) -> int:
        group = len(self._sizes)
        if group == self._registers.shape[1]:
            grown = np.empty((3, 2 * group, self.options.num_perm), dtype=np.uint64)
            grown[:, :group] = self._registers
            self._registers = grown
        parts = (evidence.text, evidence.narration, evidence.anchors)
        for row, sig in enumerate(parts):
            self._registers[row, group] = sig.registers
        if indexed:
            self._group_of_key[evidence.text.exact_key] = group
        self._sizes.append((parts[0].shingles, parts[1].shingles, parts[2].shingles))
        self._members.append([])
        self._agencies.append(set())
        self._own.append(set())
        self._credited.append(set())
        self._fuller.append(set())
        self._parent.append(group)
        self._family[group] = [group]
        return group

    def _candidates(self, group: int, wire_only: bool) -> set[int]:
        """Groups sharing an LSH band with ``group`` (which joins the buckets unless wire_only)."""
        opts = self.options
        regs = self._registers[:, group]
        keyed = [(self._buckets, band_keys(regs[_TEXT], opts.bands, opts.rows))]
        keyed[0][1].extend(band_keys(regs[_NARRATION], opts.bands, opts.rows))
        if self._sizes[group][_ANCHORS] >= opts.anchor_runs:
            keyed.append((self._anchor_buckets, band_keys(regs[_ANCHORS], opts.bands, opts.rows)))
        found: set[int] = set()
        for buckets, keys in keyed:
            for key in dict.fromkeys(keys):
                bucket = buckets.get(key)
                if bucket is None:
                    if not wire_only:
                        buckets[key] = [group]
                    continue
                found.update(bucket)
                if not wire_only:
                    bucket.append(group)
        found.discard(group)
        return found

    def _near(self, group: int, agency: str | None, agency_own: bool, wire_only: bool) -> list[int]:
        """The groups that are near duplicates of ``group``; records truncation relations."""
        found = self._candidates(group, wire_only)
        if not found:
            return []
        self.compared += len(found)
        candidates = np.fromiter(sorted(found), dtype=np.intp, count=len(found))
        regs = self._registers
        mine_regs, theirs_regs = regs[:, group], regs[:, candidates]
        agree: npt.NDArray[np.float64] = (
            np.count_nonzero(theirs_regs == mine_regs[:, None, :], axis=2) / self.options.num_perm
        )
        # this group's narration against their whole texts, their narrations against its text
        told_in: npt.NDArray[np.float64] = (
            np.stack(
                (
                    np.count_nonzero(theirs_regs[_TEXT] == mine_regs[_NARRATION], axis=1),
                    np.count_nonzero(theirs_regs[_NARRATION] == mine_regs[_TEXT], axis=1),
                )
            )
            / self.options.num_perm
        )
        opts = self.options
        near = []
        mine = self._sizes[group]
        for n, h in enumerate(candidates.tolist()):
            # The wire bar is for a copy and what it copies: two articles of one agency are
            # its own separate stories unless they pass the ordinary bar.
            same_agency = agency is not None and agency in (
                self._credited[h] if agency_own else self._agencies[h]
            )
            if wire_only and not same_agency:
                continue
            theirs = self._sizes[h]
            j_text, j_told, j_anchors = (float(v) for v in agree[:, n])
            pair = PairSimilarity(
                j_told,
                (mine[_NARRATION], theirs[_NARRATION]),
                j_text,
                (mine[_TEXT], theirs[_TEXT]),
                j_anchors,
                (mine[_ANCHORS], theirs[_ANCHORS]),
                (float(told_in[0, n]), float(told_in[1, n])),
            )
            if evidence_verdict(pair, same_agency, opts) == "distinct":
                continue
            near.append(h)
            bar = opts.wire_containment if same_agency else opts.containment
            n_g, n_h = mine[_NARRATION], theirs[_NARRATION]
            if n_g <= opts.truncation * n_h and containment_from_jaccard(j_told, n_g, n_h) >= bar:
                self._fuller[group].add(h)
            if n_h <= opts.truncation * n_g and containment_from_jaccard(j_told, n_h, n_g) >= bar:
                self._fuller[h].add(group)
        return near

    # ------------------------------------------------------------------ families

    def _find(self, group: int) -> int:
        parent = self._parent
        while parent[group] != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    def _union(self, a: int, b: int) -> int:
        if a == b:
            return a
        if len(self._family[a]) < len(self._family[b]):
            a, b = b, a
        self._parent[b] = a
        self._family[a].extend(self._family.pop(b))
        self._root.pop(b, None)
        return a

    def _original(self, family: int) -> str:
        """The earliest complete article of the family (see the module docstring)."""
        best: tuple[OrderKey, str] | None = None
        for g in self._family[family]:
            for member in self._members[g]:
                if not self._complete(g, member):
                    continue
                ranked = (self._key[member], member)
                if best is None or ranked < best:
                    best = ranked
        if best is None:  # cannot happen: the family's fullest group is never a truncation
            members = (m for g in self._family[family] for m in self._members[g])
            return min(members, key=lambda m: self._key[m])
        return best[1]

    def _complete(self, group: int, member: str) -> bool:
        fuller = self._fuller[group]
        if not fuller:
            return True
        agency = self._agency[member]
        if not self._is_own[member] or agency is None:
            return False
        # An agency's own text is complete unless the agency itself published a fuller one.
        return not any(agency in self._own[h] for h in fuller)
