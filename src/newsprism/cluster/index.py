"""Candidate retrieval: an inverted index from centroid terms to the stories that hold them.

Placing one article costs a bounded amount of work whatever the number of stories: each story
is indexed under its ``index_terms`` heaviest centroid terms, each posting list keeps only the
``max_postings`` most recently updated stories, stories that fall out of the time window leave
the index, and an article looks up only its ``query_terms`` heaviest terms.
"""

from __future__ import annotations

import heapq


class CandidateIndex:
    """Posting lists term -> story keys, most recently updated last.

    A plain class because it is a mutable structure updated for every article.
    """

    __slots__ = ("_max_postings", "_postings", "_terms")

    def __init__(self, max_postings: int) -> None:
        self._max_postings = max_postings
        # dicts keep insertion order: the first key of a posting list is the stalest story
        self._postings: dict[str, dict[int, None]] = {}
        self._terms: dict[int, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, key: int) -> bool:
        return key in self._terms

    def put(self, key: int, terms: tuple[str, ...]) -> None:
        """Index the story under these terms (replacing its previous terms), as most recent."""
        self.remove(key)
        self._terms[key] = terms
        postings = self._postings
        cap = self._max_postings
        for term in terms:
            posting = postings.get(term)
            if posting is None:
                postings[term] = {key: None}
                continue
            posting[key] = None
            if len(posting) > cap:
                del posting[next(iter(posting))]

    def remove(self, key: int) -> None:
        """Take the story out of the index (no-op when it is not there)."""
        terms = self._terms.pop(key, None)
        if terms is None:
            return
        postings = self._postings
        for term in terms:
            posting = postings.get(term)
            if posting is not None:
                posting.pop(key, None)
                if not posting:
                    del postings[term]

    def candidates(self, query: list[tuple[str, float]], limit: int) -> list[int]:
        """Up to ``limit`` story keys sharing the most query weight, best first."""
        scores: dict[int, float] = {}
        postings = self._postings
        for term, weight in query:
            posting = postings.get(term)
            if posting is None:
                continue
            for key in posting:
                scores[key] = scores.get(key, 0.0) + weight
        if len(scores) <= limit:
            return sorted(scores, key=lambda k: (-scores[k], -k))
        return heapq.nsmallest(limit, scores, key=lambda k: (-scores[k], -k))

    def posting_lengths(self) -> list[int]:
        """The length of every posting list (to check that retrieval stays bounded)."""
        return [len(p) for p in self._postings.values()]
