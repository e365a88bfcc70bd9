"""A new article's reprint check on the incremental path, reading only its LSH candidates.

The article's evidence (``newsprism.dedup_evidence``) is computed and stored with its band
keys (``newsprism.dedup_signatures``); the stored articles sharing a band key are its
candidates. Their families (each candidate's original and every article linked to it) and the
new article are then run through the batch detector itself (``ReprintDetector.fit``: the same
exact groups, bars, truncation and choice of original as ``refresh_stories``), over these few
articles only. Where the new article joins a family, the family's links are brought up to
date (the new article may be a copy, or the earlier or fuller original of copies already
stored, or a bridge between two families); no other stored link changes. The cost depends on
the number of candidates and their families, not on the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.dedup import DedupOptions, ReprintDetector
from newsprism.dedup_evidence import Evidence
from newsprism.dedup_signatures import evidence_for, evidence_keys, stored_signature
from newsprism.errors import InputError, NotFoundError
from newsprism.model import Article, Reprint
from newsprism.store import Store

MAX_CANDIDATES = 500
"""Most stored articles sharing a band key that one check reads (a text copied thousands of
times finds its family through any of them)."""


@dataclass(frozen=True)
class ReprintCheck:
    """What one article's reprint check found: its family's original (its own id when it
    copies nothing and nothing copies it), the family's members other than it, the links
    written and the articles that are no longer reprints, and how many candidates it read."""

    article_id: str
    origin: str
    family: tuple[str, ...]
    links: tuple[Reprint, ...]
    unlinked: tuple[str, ...]
    candidates: int

    @property
    def is_reprint(self) -> bool:
        """True when the article copies an earlier-known one."""
        return self.origin != self.article_id


def check_reprint(
    store: Store,
    article: Article,
    options: DedupOptions,
    independent: Iterable[str] = (),
) -> ReprintCheck:
    """Store the article's signatures and link it into its family of copies, if it has one
    (inside the caller's transaction). A text with no words is no one's copy."""
    independent = frozenset(independent)
    detector = ReprintDetector(options, independent)
    try:
        evidence = detector.evidence(article)
    except InputError:
        return ReprintCheck(article.id, article.id, (), (), (), 0)
    store.save_signatures([stored_signature(article.id, evidence, options)])
    if article.id in independent:
        return ReprintCheck(article.id, article.id, (), (), (), 0)
    found = store.band_candidates(evidence_keys(evidence, options), limit=MAX_CANDIDATES + 1)
    candidates = [c for c in found if c != article.id][:MAX_CANDIDATES]
    if not candidates:
        return ReprintCheck(article.id, article.id, (), (), (), 0)
    stored = _stored_links(store, candidates)
    local = _local_articles(store, article, candidates, stored)
    evidence_of: dict[str, Evidence | None] = dict(
        zip([a.id for a in local], evidence_for(store, local, options), strict=True)
    )
    evidence_of[article.id] = evidence
    fitted = [a for a in local if evidence_of[a.id] is not None] + [article]
    fitted.sort(key=lambda a: a.id)
    result = detector.fit(fitted, [e for a in fitted if (e := evidence_of[a.id]) is not None])
    outcome = result.result_
    origin = outcome.origin(article.id)
    family = sorted(a.id for a in fitted if outcome.origin(a.id) == origin and a.id != article.id)
    if not family:
        return ReprintCheck(article.id, article.id, (), (), (), len(candidates))
    links: list[Reprint] = []
    unlinked: list[str] = []
    for member in [*family, article.id]:
        before = stored.get(member)
        if member == origin:
            if before is not None:
                unlinked.append(member)
            continue
        link = outcome.link(member)
        after = Reprint(member, origin, round(link.similarity, 4), link.reason)
        if before != after:
            links.append(after)
    store.write_reprints(links, unlinked)
    return ReprintCheck(
        article.id, origin, tuple(family), tuple(links), tuple(unlinked), len(candidates)
    )


def family_story(store: Store, check: ReprintCheck) -> str | None:
    """The story the article's family is in: its original's, else the first placed member's
    (by id); None when no member is in a story yet."""
    ordered = [check.origin, *sorted(m for m in check.family if m != check.origin)]
    for member in ordered:
        if member == check.article_id:
            continue
        try:
            return store.story_of(member)
        except NotFoundError:
            continue
    return None


def _stored_links(store: Store, candidates: list[str]) -> dict[str, Reprint]:
    """The stored links of the candidates' families (each candidate's original, every copy
    of that original), by the copy's id."""
    links = {r.article_id: r for r in store.reprints_touching(candidates)}
    originals = {links[c].reprint_of if c in links else c for c in candidates}
    links.update((r.article_id, r) for r in store.reprints_touching(sorted(originals)))
    return links


def _local_articles(
    store: Store, article: Article, candidates: list[str], links: dict[str, Reprint]
) -> list[Article]:
    """The stored articles the check runs the detector over: the candidates and their
    families' members (the new article itself left out)."""
    ids = set(candidates) | set(links) | {r.reprint_of for r in links.values()}
    ids.discard(article.id)
    out: list[Article] = []
    for article_id in sorted(ids):
        try:
            out.append(store.get_article(article_id))
        except NotFoundError:  # a link to an article since deleted
            continue
    return out
