"""Exact and near-duplicate detection: which articles reprint which, and which are independent.

Every article gets MinHash signatures (``newsprism.minhash``) of its evidence
(``newsprism.dedup_evidence``): the word 3-gram shingles of its whole text and of its
narration (the text without its quoted passages, which independent reports share), and the
runs of three consecutive numbers and names of its narration. Articles with the same words in the
same order form an exact group; two groups are copies of one text when they pass the bars of
``newsprism.dedup_rules`` (similar narrations, one narration or whole text mostly found in
the other, or the same names and numbers in the same order); the bars are lower when both
credit the same wire agency, except between two of that agency's own articles (its separate
stories often share paragraphs). Groups joined by such links form a family: one original and
its reprints. An article a person marked as independent (``not-a-reprint``) joins no family.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsprism.dedup_evidence import Evidence, evidence_of
from newsprism.dedup_families import FamilyIndex, OrderKey
from newsprism.dedup_rules import (
    DedupOptions,
    LinkReason,
    evidence_match,
    pair_verdict,
)
from newsprism.errors import InputError
from newsprism.minhash import Signature, containment_from_jaccard
from newsprism.model import Article, PublishedDate

__all__ = [
    "DedupOptions",
    "DedupResult",
    "DedupUpdate",
    "FamilyIndex",
    "LinkReason",
    "ReportCount",
    "ReprintDetector",
    "ReprintLink",
    "count_reports",
    "evidence_match",
    "find_reprints",
    "order_key",
    "pair_verdict",
]


@dataclass(frozen=True)
class ReprintLink:
    """An article that reprints another: ``reprint_of`` is its family's original.

    ``similarity`` is the estimated Jaccard similarity of the two texts' shingles and
    ``containment`` the estimated share of this article's shingles found in the original;
    ``reason`` says which evidence linked them (see ``LinkReason``).
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

    evidence_: dict[str, Evidence]
    _families: FamilyIndex
    _skipped: list[tuple[str, str]]
    _result: DedupResult | None

    def __init__(
        self, options: DedupOptions | None = None, independent: Iterable[str] = ()
    ) -> None:
        self.options = options if options is not None else DedupOptions()
        self.independent = frozenset(independent)

    def signature(self, article: Article) -> Signature:
        """The Signature of the article's whole text; raises EmptyInputError without words."""
        return self.evidence(article).text

    def evidence(self, article: Article) -> Evidence:
        """The article's Evidence (whole text, narration, anchors); raises EmptyInputError when
        its text has no words."""
        opts = self.options
        return evidence_of(
            article.text,
            num_perm=opts.num_perm,
            shingle_size=opts.shingle_size,
            seed=opts.seed,
            source=article.source or article.id,
        )

    def fit(
        self, articles: Iterable[Article], evidence: Sequence[Evidence | None] | None = None
    ) -> ReprintDetector:
        """This detector, having learned the links among ``articles`` (previous state dropped).

        ``evidence``, when given, holds the articles' Evidence, in order (None where it is to
        be computed here).
        An article that ``add`` refuses (no words in its text, an id already seen with another
        text, evidence made with other options) is skipped and listed in ``result_.skipped``.
        """
        self._reset()
        items = list(articles)
        if evidence is not None and len(evidence) != len(items):
            raise ValueError("fit: give one Evidence per article, or none")
        for i, article in enumerate(items):
            try:
                self.add(article, evidence[i] if evidence is not None else None)
            except InputError as exc:  # reported in result_.skipped; the batch goes on
                self._skipped.append((article.id, exc.reason))
        return self

    def add(self, article: Article, evidence: Evidence | None = None) -> DedupUpdate:
        """The DedupUpdate after adding one article (starts an empty detector if needed).

        Raises EmptyInputError for a text with no words, and InputError for an id already added
        with a different text; adding the same article again changes nothing. An article named
        in ``independent`` is never linked to another one, nor another one to it.
        """
        if not hasattr(self, "evidence_"):
            self._reset()
        found = evidence if evidence is not None else self.evidence(article)
        self._check_evidence(found, article)
        known = self.evidence_.get(article.id)
        if known is not None:
            if known.text.exact_key != found.text.exact_key:
                raise InputError(
                    article.source or article.id,
                    f"article {article.id} was already added with a different text; "
                    "give the new version its own id",
                )
            return DedupUpdate(article.id, self._origin(article.id), (), ())
        before = self._families.add(
            article.id,
            found,
            order_key(article, found.text),
            agency=_agency(article),
            agency_own=_is_agency_own(article),
            independent=article.id in self.independent,
        )
        self.evidence_[article.id] = found
        self._result = None
        return self._update(article.id, before)

    @property
    def result_(self) -> DedupResult:
        """The DedupResult for every article fitted or added so far."""
        if not hasattr(self, "evidence_"):
            raise AttributeError("ReprintDetector has no result_ yet: call fit() or add() first")
        result = self._result
        if result is None:
            links = tuple(
                self._link(article_id, root)
                for article_id, root in sorted(self._families.roots().items())
                if article_id != root
            )
            result = DedupResult(tuple(sorted(self.evidence_)), links, tuple(sorted(self._skipped)))
            self._result = result
        return result

    # ----------------------------------------------------------------------- internals

    def _reset(self) -> None:
        self.evidence_ = {}
        self._families = FamilyIndex(self.options)
        self._skipped = []
        self._result = None

    def _check_evidence(self, evidence: Evidence, article: Article) -> None:
        opts = self.options
        for sig in (evidence.text, evidence.narration):
            if (sig.num_perm, sig.shingle_size, sig.seed) != (
                opts.num_perm,
                opts.shingle_size,
                opts.seed,
            ):
                raise InputError(
                    article.source or article.id,
                    "evidence was made with other options (num_perm, shingle_size, seed); "
                    "recompute it with ReprintDetector.evidence",
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
        mine, theirs = self.evidence_[article_id], self.evidence_[root]
        text, root_text = mine.text, theirs.text
        similarity = text.jaccard(root_text)
        contained = containment_from_jaccard(similarity, text.shingles, root_text.shingles)
        reason = self._families.reason(article_id, root, mine, theirs)
        return ReprintLink(article_id, root, round(similarity, 4), round(contained, 4), reason)


def find_reprints(
    articles: Iterable[Article],
    options: DedupOptions | None = None,
    independent: Iterable[str] = (),
    evidence: Sequence[Evidence | None] | None = None,
) -> DedupResult:
    """The DedupResult of a batch: ``ReprintDetector(options, independent).fit(articles,
    evidence)``'s ``result_``; the ``independent`` article ids are never linked (see
    ``ReprintDetector.add``); ``evidence`` (stored signatures) saves computing it again."""
    return ReprintDetector(options, independent).fit(articles, evidence).result_


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
