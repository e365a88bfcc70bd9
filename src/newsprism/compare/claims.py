"""Claims: the story's atomic facts, aligned across articles, each with its status.

Facts are found by ``newsprism.compare.facts`` and aligned by ``newsprism.compare.alignment``
(both re-exported here). A claim is ``conflicting`` when one of its passages is contested by a
discrepancy (see ``newsprism.compare.discrepancies``), ``corroborated`` when two or more
independent reports state it (reprints of one story and articles of one outlet count once),
and ``single_source`` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsprism.compare.alignment import ClaimAlignment, align_statements, similarity_matrix
from newsprism.compare.facts import Statement, find_statements
from newsprism.compare.ids import stable_id
from newsprism.compare.records import Claim, ClaimStatus, Dispute, Passage
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
    story: StoryArticles, alignment: ClaimAlignment, disputes: Sequence[Dispute]
) -> tuple[Claim, ...]:
    """Return the claims of the story, each with its status (``claim_status``)."""
    claims = []
    order = {a: n for n, a in enumerate(story.order)}
    for members in alignment.groups:
        statements = [alignment.statements[k] for k in members]
        reports = story.independent_reports({s.article for s in statements})
        undisputed = story.independent_reports(
            {
                s.article
                for s in statements
                if not any(d.touches([(s.article, s.start, s.end)]) for d in disputes)
            }
        )
        status = claim_status(statements, reports, disputes, undisputed)
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
    statements: list[Statement],
    reports: int,
    disputes: Sequence[Dispute],
    undisputed_reports: int | None = None,
) -> ClaimStatus:
    """Return the status of a claim made of ``statements`` stated by ``reports``
    independent reports.

    A claim that states a value a discrepancy contests is conflicting when its own passages
    give two of the competing values, or when fewer than two independent reports state it
    without the disputed value (``undisputed_reports``; by default none do). Otherwise it is
    corroborated from two reports (several reports agreeing on a fact while one of them adds
    a disputed detail the others leave out: the discrepancy shows the detail), single-source
    below.
    """
    passages = [(s.article, s.start, s.end) for s in statements]
    touching = [d for d in disputes if d.touches(passages)]
    if touching:
        if any(d.sides_touched(passages) >= 2 for d in touching):
            return "conflicting"
        if (undisputed_reports or 0) < 2:
            return "conflicting"
    if reports >= 2:
        return "corroborated"
    return "single_source"


def _representative(
    alignment: ClaimAlignment, members: tuple[int, ...], order: dict[str, int]
) -> Statement:
    """Return the statement that reads best as the claim's text: one that starts like a
    sentence (not a clause cut from one, "which ..."), then the one most like the others of
    its group, the earliest on a tie."""
    if len(members) == 1:
        return alignment.statements[members[0]]
    sub = alignment.similarity[np.ix_(members, members)]
    scores = sub.sum(axis=1)
    best = max(
        range(len(members)),
        key=lambda i: (
            _reads_as_sentence(alignment.statements[members[i]].text),
            round(float(scores[i]), 6),
            -order[alignment.statements[members[i]].article],
            -alignment.statements[members[i]].start,
        ),
    )
    return alignment.statements[members[best]]


def _reads_as_sentence(text: str) -> bool:
    """Return True when ``text`` opens like a sentence: a capital letter, a digit or a quote
    mark first (a clause cut from a sentence opens with a small letter)."""
    first = text.lstrip(" \t\n\"'“‘(—–-")[:1]
    return bool(first) and (first.isupper() or first.isdigit())
