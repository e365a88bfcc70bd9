"""Claims: the story's atomic facts, aligned across articles, each with its status.

Facts are found by ``newsprism.compare.facts`` and aligned by ``newsprism.compare.alignment``
(both re-exported here). A claim is ``conflicting`` when one of its passages is contested by a
discrepancy (see ``newsprism.compare.discrepancies``), ``corroborated`` when two or more
independent reports state it (reprints of one story and articles of one outlet count once),
and ``single_source`` otherwise.
"""

from __future__ import annotations

import numpy as np

from newsprism.compare.alignment import ClaimAlignment, align_statements, similarity_matrix
from newsprism.compare.facts import Statement, find_statements
from newsprism.compare.ids import stable_id
from newsprism.compare.records import Claim, ClaimStatus, Passage, is_contested
from newsprism.compare.story import StoryArticles

__all__ = [
    "ClaimAlignment",
    "Statement",
    "align_statements",
    "build_claims",
    "claim_status",
    "find_statements",
    "similarity_matrix",
]


def build_claims(
    story: StoryArticles, alignment: ClaimAlignment, contested: set[tuple[str, int, int]]
) -> tuple[Claim, ...]:
    """Return the claims of the story; a group holding a ``contested`` statement conflicts."""
    claims = []
    order = {a: n for n, a in enumerate(story.order)}
    for members in alignment.groups:
        statements = [alignment.statements[k] for k in members]
        reports = story.independent_reports({s.article for s in statements})
        status = claim_status(statements, reports, contested)
        lead = _representative(alignment, members, order)
        support = tuple(
            Passage(article=s.article, text=s.text, start=s.start, end=s.end)
            for s in sorted(statements, key=lambda s: (order[s.article], s.start))
        )
        claims.append(
            Claim(
                id=stable_id("c", lead.article, str(lead.start), str(lead.end)),
                text=" ".join(lead.text.split()),
                status=status,
                support=support,
                independent_reports=reports,
            )
        )
    rank = {"corroborated": 0, "conflicting": 1, "single_source": 2}
    claims.sort(
        key=lambda c: (
            rank[c.status],
            -c.independent_reports,
            order[c.support[0].article],
            c.support[0].start,
            c.id,
        )
    )
    return tuple(claims)


def claim_status(
    statements: list[Statement], reports: int, contested: set[tuple[str, int, int]]
) -> ClaimStatus:
    """Return the status of a claim made of ``statements`` stated by ``reports``
    independent reports: conflicting when a passage is contested, corroborated from two
    reports, single-source otherwise."""
    if any(is_contested(s.article, s.start, s.end, contested) for s in statements):
        return "conflicting"
    if reports >= 2:
        return "corroborated"
    return "single_source"


def _representative(
    alignment: ClaimAlignment, members: tuple[int, ...], order: dict[str, int]
) -> Statement:
    """Return the statement most like the others of its group (the earliest on a tie)."""
    if len(members) == 1:
        return alignment.statements[members[0]]
    sub = alignment.similarity[np.ix_(members, members)]
    scores = sub.sum(axis=1)
    best = max(
        range(len(members)),
        key=lambda i: (
            round(float(scores[i]), 6),
            -order[alignment.statements[members[i]].article],
            -alignment.statements[members[i]].start,
        ),
    )
    return alignment.statements[members[best]]
