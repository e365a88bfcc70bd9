"""Exact and near-duplicate detection: which articles reprint which, and which are independent.

Every article gets a MinHash signature of its word 3-gram shingles (``newsprism.minhash``).
Articles with the same words in the same order form an exact group; two groups are near
duplicates when their estimated shingle Jaccard similarity, or the share of the shorter text
found in the longer one, passes a bar; the bar is lower when both credit the same wire agency,
except between two of that agency's own articles (its separate stories often share paragraphs).
Near-duplicate groups joined by such links form a family: one original and its reprints.

The original of a family is its earliest complete version: a text that is a truncation of a
fuller one in the family (most of its shingles found in a text with clearly more) is not
complete, unless it is a wire agency's own article and the fuller text is not that agency's;
among complete articles the earliest published wins, an agency's own article first on the same
day, then the fuller text, then the smaller id. Every other member links to it.

Candidates come from LSH banding over the signatures, so adding one article costs a fixed
number of dictionary look-ups plus a comparison with the few articles that share a band; the
outcome does not depend on the order in which articles arrive: ``fit`` and ``add`` agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from newsprism.errors import ConfigError, InputError
from newsprism.minhash import Signature, band_keys, containment_from_jaccard, text_signature
from newsprism.model import Article, PublishedDate

OrderKey = tuple[int, int, int, int, str]
LinkReason = Literal["exact", "near_duplicate", "contained", "same_wire", "chained"]
"""Why an article links to its original: the same words; similar; mostly contained in it;
similar enough given a shared wire credit; or linked through other copies of the original."""


@dataclass(frozen=True)
class DedupOptions:
    """Signature shape, LSH banding and the bars two texts must pass to be near duplicates.

    Two texts are near duplicates when their estimated Jaccard similarity reaches ``jaccard``,
    or the shorter one's estimated share found in the longer reaches ``containment``; when
    both credit one wire agency (and are not both its own articles) the ``wire_`` bars apply
    instead. A text contained in one with clearly more shingles (it has at most ``truncation``
    times as many) is a truncation, never its family's original. LSH: ``bands`` bands of
    ``rows`` registers each; with rows=2 a pair at J=0.2 shares a band with probability ~0.99.

    The defaults were tuned with ``bench/dedup.py`` (seed 1; reported on seed 2): lightly
    edited wire copy (a new lede, a dropped or added paragraph, boilerplate, up to 15% of words
    changed) passes, while different reports of the same story, sharing names and quotes, do not.
    """

    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1
    bands: int = 128  # band i covers registers i .. i+rows-1 (cyclic), so bands may overlap
    rows: int = 2
    jaccard: float = 0.2
    containment: float = 0.55
    wire_jaccard: float = 0.18
    wire_containment: float = 0.5
    containment_confidence: float = 1.5  # standard errors (see ``pair_verdict``)
    truncation: float = 0.85  # a contained text with at most this share of the other's shingles

    def __post_init__(self) -> None:
        checks = (
            (8 <= self.num_perm <= 4096, "num_perm must be between 8 and 4096"),
            (1 <= self.shingle_size <= 16, "shingle_size must be between 1 and 16"),
            (0 <= self.seed < 1 << 63, "seed must be a non-negative 63-bit integer"),
            (1 <= self.rows <= self.num_perm, "rows must be between 1 and num_perm"),
            (1 <= self.bands <= self.num_perm, "bands must be between 1 and num_perm"),
            (
                0 < self.jaccard <= 1 and 0 < self.wire_jaccard <= 1,
                "jaccard and wire_jaccard must be in (0, 1]",
            ),
            (
                0 < self.containment <= 1 and 0 < self.wire_containment <= 1,
                "containment and wire_containment must be in (0, 1]",
            ),
            (0 < self.truncation < 1, "truncation must be in (0, 1)"),
            (0 <= self.containment_confidence <= 5, "containment_confidence must be in [0, 5]"),
        )
        for ok, message in checks:
            if not ok:
                raise ConfigError(f"DedupOptions: {message}")


@dataclass(frozen=True)
class ReprintLink:
    """An article that reprints another: ``reprint_of`` is its family's original.

    ``similarity`` is the estimated Jaccard similarity of the two texts' shingles and
    ``containment`` the estimated share of this article's shingles found in the original.
    """

    article_id: str
    reprint_of: str
    similarity: float
    containment: float
    reason: LinkReason


@dataclass(frozen=True)
class ReportCount:
    """How many of a set of articles are independent reports and how many are reprints."""

    articles: int
    independent_reports: int
    reprints: int


@dataclass(frozen=True)
class DedupResult:
    """The reprint links of every article seen; articles without a link are originals.

    ``links`` is sorted by article id; ``skipped`` lists the ids that ``fit`` could not compare
    (no words in their text), each with the reason.
    """

    articles: tuple[str, ...]
    links: tuple[ReprintLink, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    _by_id: dict[str, ReprintLink] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {link.article_id: link for link in self.links})

    def origin(self, article_id: str) -> str:
        """The id of the article's original: the article itself when it reprints nothing."""
        link = self._by_id.get(article_id)
        return link.reprint_of if link else article_id

    def is_reprint(self, article_id: str) -> bool:
        """True when the article reprints another one."""
        return article_id in self._by_id

    def link(self, article_id: str) -> ReprintLink:
        """The article's reprint link; raises KeyError for an original (see ``is_reprint``)."""
        return self._by_id[article_id]

    def count_reports(self, article_ids: Iterable[str]) -> ReportCount:
        """Independent reports and reprints among the articles (see ``count_reports``)."""
        return count_reports(self, article_ids)


def count_reports(result: DedupResult, article_ids: Iterable[str]) -> ReportCount:
    """The ReportCount of a set of articles, such as one story's.

    Articles that share an original count as one independent report, whether or not the
    original is in the set; every other article of the set is a reprint. An id the result does
    not know counts as an independent report.
    """
    ids = set(article_ids)
    independent = len({result.origin(article_id) for article_id in ids})
    return ReportCount(len(ids), independent, len(ids) - independent)


@dataclass(frozen=True)
class DedupUpdate:
    """What adding one article changed.

    ``origin`` is the new article's original (its own id when it reprints nothing); ``links``
    holds the new or changed links in its family (its own among them when it is a reprint), and
    ``unlinked`` the articles that were reprints and are now their family's original.
    """

    article_id: str
    origin: str
    links: tuple[ReprintLink, ...]
    unlinked: tuple[str, ...]

    @property
    def is_reprint(self) -> bool:
        """True when the new article reprints an earlier-known one."""
        return self.origin != self.article_id


class ReprintDetector:
    """Finds exact and near-duplicate articles and links each reprint to its original.

    An estimator in the scikit-learn style: ``__init__`` only stores the options; ``fit``
    learns from a batch and returns ``self``; ``add`` takes one more article (online use);
    ``result_`` gives the links. Learned state ends in ``_``.
    """

    signatures_: dict[str, Signature]
    _families: FamilyIndex
    _skipped: list[tuple[str, str]]
    _result: DedupResult | None

    def __init__(self, options: DedupOptions | None = None) -> None:
        self.options = options if options is not None else DedupOptions()

    def signature(self, article: Article) -> Signature:
        """The article's Signature; raises EmptyInputError when its text has no words."""
        opts = self.options
        return text_signature(
            article.text,
            num_perm=opts.num_perm,
            shingle_size=opts.shingle_size,
            seed=opts.seed,
            source=article.source or article.id,
        )

    def fit(
        self, articles: Iterable[Article], signatures: Sequence[Signature] | None = None
    ) -> ReprintDetector:
        """This detector, having learned the links among ``articles`` (previous state dropped).

        ``signatures``, when given, are the stored signatures of the articles, in order.
        An article that ``add`` refuses (no words in its text, an id already seen with another
        text, a signature made with other options) is skipped and listed in ``result_.skipped``.
        """
        self._reset()
        items = list(articles)
        if signatures is not None and len(signatures) != len(items):
            raise ValueError("fit: give one signature per article, or none")
        for i, article in enumerate(items):
            try:
                self.add(article, signatures[i] if signatures is not None else None)
            except InputError as exc:  # reported in result_.skipped; the batch goes on
                self._skipped.append((article.id, exc.reason))
        return self

    def add(self, article: Article, signature: Signature | None = None) -> DedupUpdate:
        """The DedupUpdate after adding one article (starts an empty detector if needed).

        Raises EmptyInputError for a text with no words, and InputError for an id already added
        with a different text; adding the same article again changes nothing.
        """
        if not hasattr(self, "signatures_"):
            self._reset()
        sig = signature if signature is not None else self.signature(article)
        self._check_signature(sig, article)
        known = self.signatures_.get(article.id)
        if known is not None:
            if known.exact_key != sig.exact_key:
                raise InputError(
                    article.source or article.id,
                    f"article {article.id} was already added with a different text; "
                    "give the new version its own id",
                )
            return DedupUpdate(article.id, self._origin(article.id), (), ())
        before = self._families.add(
            article.id,
            sig,
            order_key(article, sig),
            agency=_agency(article),
            agency_own=_is_agency_own(article),
        )
        self.signatures_[article.id] = sig
        self._result = None
        return self._update(article.id, before)

    @property
    def result_(self) -> DedupResult:
        """The DedupResult for every article fitted or added so far."""
        if not hasattr(self, "signatures_"):
            raise AttributeError("ReprintDetector has no result_ yet: call fit() or add() first")
        result = self._result
        if result is None:
            links = tuple(
                self._link(article_id, root)
                for article_id, root in sorted(self._families.roots().items())
                if article_id != root
            )
            result = DedupResult(
                tuple(sorted(self.signatures_)), links, tuple(sorted(self._skipped))
            )
            self._result = result
        return result

    # ----------------------------------------------------------------------- internals

    def _reset(self) -> None:
        self.signatures_ = {}
        self._families = FamilyIndex(self.options)
        self._skipped = []
        self._result = None

    def _check_signature(self, sig: Signature, article: Article) -> None:
        opts = self.options
        if (sig.num_perm, sig.shingle_size, sig.seed) != (
            opts.num_perm,
            opts.shingle_size,
            opts.seed,
        ):
            raise InputError(
                article.source or article.id,
                "signature was made with other options (num_perm, shingle_size, seed); "
                "recompute it with ReprintDetector.signature",
            )

    def _origin(self, article_id: str) -> str:
        return self._families.root_of(article_id)

    def _update(self, article_id: str, before: dict[str, str]) -> DedupUpdate:
        after = self._families.family_roots(article_id)
        changed = tuple(
            self._link(member, root)
            for member, root in sorted(after.items())
            if member != root and before.get(member, member) != root
        )
        unlinked = tuple(
            sorted(m for m, root in after.items() if m == root and before.get(m, m) != m)
        )
        return DedupUpdate(article_id, after[article_id], changed, unlinked)

    def _link(self, article_id: str, root: str) -> ReprintLink:
        sig, root_sig = self.signatures_[article_id], self.signatures_[root]
        similarity = sig.jaccard(root_sig)
        contained = containment_from_jaccard(similarity, sig.shingles, root_sig.shingles)
        reason = self._families.reason(article_id, root, sig, root_sig)
        return ReprintLink(article_id, root, round(similarity, 4), round(contained, 4), reason)


def find_reprints(articles: Iterable[Article], options: DedupOptions | None = None) -> DedupResult:
    """The DedupResult of a batch: ``ReprintDetector(options).fit(articles).result_``."""
    return ReprintDetector(options).fit(articles).result_


def order_key(article: Article, sig: Signature) -> OrderKey:
    """The article's rank as a candidate original: earliest, agency's own, fullest, smallest id.

    Articles compare by day first (an unknown date sorts last); on the same day a wire
    agency's own article comes first, then the earlier known time (an unknown time sorts after
    known ones), then the text with more shingles, then the id.
    """
    day, seconds = _when(article.published)
    return (day, 0 if _is_agency_own(article) else 1, seconds, -sig.shingles, article.id)


def _when(published: PublishedDate | None) -> tuple[int, int]:
    """(day ordinal, seconds into that day in UTC); large values where unknown."""
    unknown = (1 << 30, 1 << 20)
    if published is None:
        return unknown
    value = published.value
    try:
        if published.precision == "time":
            stamp = dt.datetime.fromisoformat(value)
            if stamp.tzinfo is not None:
                stamp = stamp.astimezone(dt.UTC)
            return stamp.toordinal(), stamp.hour * 3600 + stamp.minute * 60 + stamp.second
        parts = [int(p) for p in value[:10].split("-")]
        parts += [1] * (3 - len(parts))
        return dt.date(parts[0], parts[1], parts[2]).toordinal(), unknown[1]
    except ValueError:
        return unknown


def _agency(article: Article) -> str | None:
    return article.wire.agency.casefold() if article.wire is not None else None


def _is_agency_own(article: Article) -> bool:
    """True for an agency's own article: the outlet is the agency credited."""
    wire = article.wire
    if wire is None:
        return False
    if wire.position == "metadata":
        return True
    return bool(article.outlet) and str(article.outlet).casefold() == wire.agency.casefold()


def signatures_match(
    a: Signature, b: Signature, *, same_agency: bool, options: DedupOptions
) -> LinkReason | Literal["distinct"]:
    """Why two signatures are near duplicates under ``options``, or "distinct" when they are not."""
    if a.exact_key == b.exact_key:
        return "exact"
    similarity = float(np.count_nonzero(a.registers == b.registers)) / a.num_perm
    return pair_verdict(similarity, a.shingles, b.shingles, same_agency, options)


def pair_verdict(
    similarity: float, size: int, other_size: int, same_agency: bool, options: DedupOptions
) -> LinkReason | Literal["distinct"]:
    """The verdict on two texts from their estimated Jaccard similarity and shingle counts.

    The containment rule uses a lower confidence bound of the similarity
    (``containment_confidence`` standard errors below the estimate): containment derived from
    Jaccard is noisy when one text is much shorter than the other, since few registers then
    sample the shorter one.
    """
    if similarity >= options.jaccard:
        return "near_duplicate"
    spread = math.sqrt(similarity * (1 - similarity) / options.num_perm)
    low = max(0.0, similarity - options.containment_confidence * spread)
    contained = containment_from_jaccard(low, min(size, other_size), max(size, other_size))
    if contained >= options.containment:
        return "contained"
    if same_agency and (
        similarity >= options.wire_jaccard or contained >= options.wire_containment
    ):
        return "same_wire"
    return "distinct"


class FamilyIndex:
    """LSH buckets, exact groups and near-duplicate families of the articles added so far.

    A plain class, not a record: it is the detector's mutable index. Nodes are exact groups
    (articles with the same words); edges join near-duplicate groups; a family is a connected
    set of groups (union-find), whose root article is recomputed when the family changes.
    """

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self._buckets: dict[int, list[int]] = {}
        self._group_of_key: dict[bytes, int] = {}
        self._registers = np.empty((64, options.num_perm), dtype=np.uint64)
        self._shingles: list[int] = []
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
        sig: Signature,
        key: OrderKey,
        *,
        agency: str | None,
        agency_own: bool,
    ) -> dict[str, str]:
        """The original of every article in the families the new one joins, before it joins."""
        group = self._group_of_key.get(sig.exact_key)
        if group is None:
            group = self._new_group(sig)
            neighbours = self._near(group, agency, agency_own, wire_only=False)
        elif agency is not None and agency not in (
            self._agencies[group] if agency_own else self._credited[group]
        ):  # the article may pass the wire bar with groups that none of its group passed
            neighbours = self._near(group, agency, agency_own, wire_only=True)
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

    def reason(self, article_id: str, root: str, sig: Signature, root_sig: Signature) -> LinkReason:
        """Why the article links to ``root``: a direct match, or "chained" through copies."""
        if self._group[article_id] == self._group[root]:
            return "exact"
        agency = self._agency[article_id]
        same_agency = (
            agency is not None
            and agency == self._agency[root]
            and not (self._is_own[article_id] and self._is_own[root])
        )
        why = signatures_match(sig, root_sig, same_agency=same_agency, options=self.options)
        return "chained" if why == "distinct" else why

    # ------------------------------------------------------------------ groups and edges

    def _new_group(self, sig: Signature) -> int:
        group = len(self._shingles)
        if group == len(self._registers):
            grown = np.empty((2 * group, self.options.num_perm), dtype=np.uint64)
            grown[:group] = self._registers
            self._registers = grown
        self._registers[group] = sig.registers
        self._group_of_key[sig.exact_key] = group
        self._shingles.append(sig.shingles)
        self._members.append([])
        self._agencies.append(set())
        self._own.append(set())
        self._credited.append(set())
        self._fuller.append(set())
        self._parent.append(group)
        self._family[group] = [group]
        return group

    def _near(
        self, group: int, agency: str | None, agency_own: bool, *, wire_only: bool
    ) -> list[int]:
        """The groups that are near duplicates of ``group``; records truncation relations."""
        keys = band_keys(self._registers[group], self.options.bands, self.options.rows)
        found: set[int] = set()
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket is None:
                if not wire_only:
                    self._buckets[key] = [group]
                continue
            found.update(bucket)
            if not wire_only:
                bucket.append(group)
        found.discard(group)
        if not found:
            return []
        self.compared += len(found)
        candidates = np.fromiter(sorted(found), dtype=np.intp, count=len(found))
        equal = np.count_nonzero(self._registers[candidates] == self._registers[group], axis=1)
        similarity = equal / self.options.num_perm
        opts = self.options
        near = []
        for h, j in zip(candidates.tolist(), similarity.tolist(), strict=True):
            # The wire bar is for a copy and what it copies: two articles of one agency are
            # its own separate stories unless they pass the ordinary bar.
            same_agency = agency is not None and agency in (
                self._credited[h] if agency_own else self._agencies[h]
            )
            if wire_only and not same_agency:
                continue
            n_g, n_h = self._shingles[group], self._shingles[h]
            if pair_verdict(j, n_g, n_h, same_agency, opts) == "distinct":
                continue
            near.append(h)
            bar = opts.wire_containment if same_agency else opts.containment
            if n_g <= opts.truncation * n_h and containment_from_jaccard(j, n_g, n_h) >= bar:
                self._fuller[group].add(h)
            if n_h <= opts.truncation * n_g and containment_from_jaccard(j, n_h, n_g) >= bar:
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
