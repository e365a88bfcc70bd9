"""The bars two articles must pass to be called copies of one text, and the verdict on a pair.

Evidence of copying is the narration two texts share (``newsprism.dedup_evidence``): the
quoted speech that independent reports of one event all print is left out. Two texts are
near duplicates when their narrations' estimated shingle Jaccard similarity, or the share of
the shorter narration found in the longer, passes a bar (lower when both credit the same wire
agency); an article whose narration is found nearly whole in the other's text is a copy too,
even where the other prints those words as a quote (a copy that turned a quote into reported
speech); and a long run of the same numbers and names in the same order is a reworded or
machine-translated copy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from newsprism.dedup_evidence import Evidence
from newsprism.errors import ConfigError
from newsprism.minhash import Signature, containment_from_jaccard

LinkReason = Literal["exact", "near_duplicate", "contained", "same_wire", "reworded", "chained"]
"""Why an article links to its original: the same words; a similar narration; its narration
mostly found in the original's narration or whole text; similar enough given a shared wire
credit; the same names and numbers in the same order (a reworded copy); or linked through
other copies of the original."""


@dataclass(frozen=True)
class DedupOptions:
    """Signature shape, LSH banding and the bars two texts must pass to be near duplicates.

    Two texts are near duplicates when their narrations' estimated Jaccard similarity reaches
    ``jaccard``, or the shorter narration's estimated share found in the longer reaches
    ``containment``; when both credit one wire agency (and are not both its own articles) the
    ``wire_`` bars apply instead; both narrations need ``narration_min`` shingles (a bare
    attribution such as "the minister said on Monday" before a shared statement proves
    nothing). An article whose narration is found, at least
    ``narration_in_text`` of it, in the other's whole text (quotes included) is a copy. Texts
    whose narrations have at least ``anchor_runs`` runs of three consecutive anchors each
    (numbers, names) and share at least ``anchor_jaccard`` of them are a reworded copy. A text
    contained in one with clearly more shingles (it has at most ``truncation`` times as many)
    is a truncation, never its family's original. LSH: ``bands`` bands of ``rows`` registers each;
    with rows=2 a pair at J=0.2 shares a band with probability ~0.99.

    The defaults were tuned with ``bench/dedup.py`` (generated edited wire copy, seed 1;
    reported on seed 2) and on real coverage (the dev set's reprint groups against its
    independent reports, and NeuS/AllSides reports, independent by construction, which share
    quotes and short wire passages): lightly edited, re-ledded, truncated and reworded copies
    pass, while different reports of the same story, sharing names, numbers and quotes, do not.
    """

    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1
    bands: int = 128  # band i covers registers i .. i+rows-1 (cyclic), so bands may overlap
    rows: int = 2
    jaccard: float = 0.27
    containment: float = 0.55
    wire_jaccard: float = 0.18
    wire_containment: float = 0.5
    narration_in_text: float = 0.75
    narration_min: int = 8  # shingles: a line of attribution alone shows no copying
    anchor_jaccard: float = 0.45
    anchor_runs: int = 20
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
            (
                0 < self.narration_in_text <= 1 and 0 < self.anchor_jaccard <= 1,
                "narration_in_text and anchor_jaccard must be in (0, 1]",
            ),
            (self.anchor_runs >= 1, "anchor_runs must be at least 1"),
            (self.narration_min >= 1, "narration_min must be at least 1"),
            (0 < self.truncation < 1, "truncation must be in (0, 1)"),
            (0 <= self.containment_confidence <= 5, "containment_confidence must be in [0, 5]"),
        )
        for ok, message in checks:
            if not ok:
                raise ConfigError(f"DedupOptions: {message}")


@dataclass(frozen=True)
class PairSimilarity:
    """Estimated Jaccard similarities of two articles' signatures, with the sizes of each side.

    ``narration``/``text``/``anchors`` are the similarities of the narrations, the whole texts
    and the anchor runs; each ``*_sizes`` holds the two sides' distinct shingle counts.
    ``narration_in_text`` holds the similarity of the first side's narration to the second's
    whole text, then of the second's narration to the first's whole text.
    """

    narration: float
    narration_sizes: tuple[int, int]
    text: float
    text_sizes: tuple[int, int]
    anchors: float
    anchor_sizes: tuple[int, int]
    narration_in_text: tuple[float, float] = (0.0, 0.0)


def agreement(a: Signature, b: Signature) -> float:
    """The share of registers two signatures agree on (their estimated Jaccard similarity)."""
    return float(np.count_nonzero(a.registers == b.registers)) / len(a.registers)


def similarity_of(a: Evidence, b: Evidence) -> PairSimilarity:
    """The PairSimilarity of two articles' Evidence."""
    return PairSimilarity(
        agreement(a.narration, b.narration),
        (a.narration.shingles, b.narration.shingles),
        agreement(a.text, b.text),
        (a.text.shingles, b.text.shingles),
        agreement(a.anchors, b.anchors),
        (a.anchors.shingles, b.anchors.shingles),
        (agreement(a.narration, b.text), agreement(b.narration, a.text)),
    )


def evidence_match(
    a: Evidence, b: Evidence, *, same_agency: bool, options: DedupOptions
) -> LinkReason | Literal["distinct"]:
    """Why two articles are copies of one text under ``options``, or "distinct"."""
    if a.text.exact_key == b.text.exact_key:
        return "exact"
    return evidence_verdict(similarity_of(a, b), same_agency, options)


def evidence_verdict(
    pair: PairSimilarity, same_agency: bool, options: DedupOptions
) -> LinkReason | Literal["distinct"]:
    """The verdict on two texts from their PairSimilarity (see the module docstring)."""
    if min(pair.narration_sizes) >= options.narration_min:
        verdict = pair_verdict(pair.narration, *pair.narration_sizes, same_agency, options)
        if verdict != "distinct":
            return verdict
    told, whole = pair.narration_sizes, pair.text_sizes
    for similarity, size, other_size in (
        (pair.narration_in_text[0], told[0], whole[1]),
        (pair.narration_in_text[1], told[1], whole[0]),
    ):
        if found_share(similarity, size, other_size, options) >= options.narration_in_text:
            return "contained"
    if pair.anchors >= options.anchor_jaccard and min(pair.anchor_sizes) >= options.anchor_runs:
        return "reworded"
    return "distinct"


def lower_containment(
    similarity: float, size: int, other_size: int, options: DedupOptions
) -> float:
    """The smaller set's share found in the larger, from a lower confidence bound of J."""
    return found_share(similarity, min(size, other_size), max(size, other_size), options)


def found_share(similarity: float, size: int, other_size: int, options: DedupOptions) -> float:
    """The share of a set of ``size`` shingles found in one of ``other_size``, from a lower
    confidence bound of their estimated Jaccard similarity.

    Containment derived from Jaccard is noisy when one set is much smaller than the other,
    since few registers then sample the smaller one: the bound is ``containment_confidence``
    standard errors below the estimate, so a tiny set is never found on one or two registers.
    """
    spread = math.sqrt(similarity * (1 - similarity) / options.num_perm)
    low = max(0.0, similarity - options.containment_confidence * spread)
    return containment_from_jaccard(low, size, other_size)


def pair_verdict(
    similarity: float, size: int, other_size: int, same_agency: bool, options: DedupOptions
) -> LinkReason | Literal["distinct"]:
    """The verdict on two narrations from their estimated Jaccard similarity and shingle counts."""
    if similarity >= options.jaccard:
        return "near_duplicate"
    contained = lower_containment(similarity, size, other_size, options)
    if contained >= options.containment:
        return "contained"
    if same_agency and (
        similarity >= options.wire_jaccard or contained >= options.wire_containment
    ):
        return "same_wire"
    return "distinct"
