"""Claims: each article's factual statements, aligned across the articles of the story.

A statement is a sentence (or a clause between semicolons) of the reporter's own narration:
sentences that are mostly a direct quote belong to the quote ledger. Two statements of
different articles state the same fact when their words, entities, figures and dates agree
enough (an IDF-weighted cosine over all four). Each article's statement is tied to its best
match in each other article; the ties make the claims. A claim is ``corroborated`` by two or
more independent reports (reprints of one story and articles of one outlet count once),
``single_source`` otherwise, and ``conflicting`` when another outlet contradicts it (see
``newsprism.compare.discrepancies``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from newsprism.compare.entities import EntityResolution
from newsprism.compare.figures import Figure, find_figures
from newsprism.compare.ids import stable_id
from newsprism.compare.records import (
    BriefOptions,
    Claim,
    ClaimStatus,
    Passage,
    is_contested,
)
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import content_stems, tokens

_CLAUSE_SPLIT = re.compile(r";\s+")
# Credit lines are about the article, not the story ("Additional reporting by ...").
_CREDIT = re.compile(
    r"^\(?(?:additional reporting|reporting|writing|editing|compiled) by\b|"
    r".{0,80}\b(?:contributed (?:to )?this report)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([^)]{2,40}\))?\s+[—–-]+\s+")


@dataclass(frozen=True)
class Statement:
    """One sentence or clause of an article's narration, with what alignment compares."""

    key: int
    article: str
    start: int
    end: int
    text: str
    stems: frozenset[str]
    entities: frozenset[str]
    figures: tuple[Figure, ...]
    dates: tuple[tuple[str, str], ...]  # (value, granularity)
    position: float  # 0 at the article's start, 1 at its end


@dataclass(frozen=True)
class ClaimAlignment:
    """The statements of the story, their similarities, and the groups that make claims."""

    statements: tuple[Statement, ...]
    similarity: np.ndarray
    groups: tuple[tuple[int, ...], ...]

    def group_of(self) -> dict[int, int]:
        """Return statement key -> index of its group."""
        return {key: g for g, members in enumerate(self.groups) for key in members}


def find_statements(
    story: StoryArticles,
    resolution: EntityResolution,
    quote_spans: dict[str, list[tuple[int, int]]],
    options: BriefOptions,
) -> list[Statement]:
    """Return the narration statements of every article, in article order."""
    statements: list[Statement] = []
    for article_id in story.order:
        article = story.articles[article_id]
        notes = story.annotations[article_id]
        text = article.text
        skip = [(e.start, e.end) for e in article.embeds]
        quoted = quote_spans.get(article_id, [])
        mentions = [
            (m.start, m.end, resolution.mention_entity.get((article_id, i)))
            for i, m in enumerate(notes.entities)
        ]
        date_spans = tuple((d.start, d.end) for d in notes.dates)
        for sentence in notes.sentences:
            for start, end in _clauses(text, sentence.start, sentence.end):
                if any(s < end and start < e for s, e in skip):
                    continue
                unit = text[start:end].strip()
                words = tokens(unit)
                if not (options.min_claim_words <= len(words) <= options.max_claim_words):
                    continue
                if (
                    unit.endswith("?")
                    or _CREDIT.match(unit)
                    or (_quoted_share(start, end, quoted) >= 0.5)
                ):
                    continue
                entity_ids = frozenset(e for s, t, e in mentions if e and s < end and start < t)
                dates = tuple(
                    (d.value, d.granularity)
                    for d in notes.dates
                    if d.value and start <= d.start < end
                )
                statements.append(
                    Statement(
                        key=len(statements),
                        article=article_id,
                        start=start,
                        end=end,
                        text=unit,
                        stems=frozenset(content_stems(_DATELINE.sub("", unit))),
                        entities=entity_ids,
                        figures=tuple(find_figures(text, start, end, date_spans)),
                        dates=dates,
                        position=start / max(1, len(text)),
                    )
                )
    return statements


def _clauses(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Yield the clauses of a sentence split at semicolons, trimmed of spaces."""
    pieces = []
    at = start
    for m in _CLAUSE_SPLIT.finditer(text, start, end):
        pieces.append((at, m.start() + 1))
        at = m.end()
    pieces.append((at, end))
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            yield a, b


def _quoted_share(start: int, end: int, quoted: list[tuple[int, int]]) -> float:
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
    return covered / max(1, end - start)


def similarity_matrix(statements: list[Statement]) -> np.ndarray:
    """Return the cosine similarities of the statements' weighted features (words, entities,
    figures, dates), a square float32 matrix with zeros between statements of one article."""
    n = len(statements)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    features = [_features(s) for s in statements]
    df: Counter[str] = Counter()
    for f in features:
        df.update(set(f))
    vocab = {name: i for i, name in enumerate(sorted(df))}
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, f in enumerate(features):
        for name, weight in f.items():
            idf = math.log((1 + n) / (1 + df[name])) + 1.0
            matrix[row, vocab[name]] = weight * idf
    # Cosine over weighted features, blended with how much of the shorter statement the
    # longer one covers: a short sentence restating part of a long lead is the same fact.
    binary = (matrix > 0).astype(np.float32) * np.float32(1.0)
    idf_only = np.where(binary > 0, matrix, 0.0).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit = matrix / norms
    cosine = unit @ unit.T
    mass = idf_only.sum(axis=1)
    shared = idf_only @ binary.T
    shared = np.minimum(shared, shared.T)
    smaller = np.minimum(mass[:, None], mass[None, :])
    smaller[smaller == 0] = 1.0
    sim = (0.5 * cosine + 0.5 * shared / smaller).astype(np.float32)
    articles = np.array([s.article for s in statements])
    sim[articles[:, None] == articles[None, :]] = 0.0
    return sim


def _features(statement: Statement) -> dict[str, float]:
    features: dict[str, float] = {s: 1.0 for s in statement.stems}
    for entity in statement.entities:
        features["E:" + entity] = 1.5
    for fig in statement.figures:
        features[f"N:{fig.value:g}:{fig.other or ''}"] = 1.0
    for value, _ in statement.dates:
        features["D:" + value] = 1.0
    return features


def align_statements(
    story: StoryArticles, statements: list[Statement], options: BriefOptions
) -> ClaimAlignment:
    """Return the statements grouped into claims: each statement tied to its best match in
    each other article when both are above the threshold and the tie is mutual (or strong)."""
    sim = similarity_matrix(statements)
    n = len(statements)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_article: dict[str, list[int]] = defaultdict(list)
    for s in statements:
        by_article[s.article].append(s.key)
    columns = {a: np.array(keys) for a, keys in by_article.items()}
    best: dict[tuple[int, str], int] = {}
    threshold = options.claim_threshold
    for article_id, keys in columns.items():
        block = sim[:, keys]
        winners = keys[np.argmax(block, axis=1)]
        scores = block.max(axis=1)
        for row in np.nonzero(scores >= threshold)[0]:
            if statements[int(row)].article != article_id:
                best[(int(row), article_id)] = int(winners[row])
    for (i, _), j in sorted(best.items()):
        mutual = best.get((j, statements[i].article)) == i
        if mutual or sim[i, j] >= threshold + 0.2:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    # A statement left alone that restates part of an established fact (a second sentence
    # about the vote in one article) joins that fact as a leaf: it cannot bridge two facts.
    lonely = [int(members[0]) for members in groups.values() if len(members) == 1]
    for i in lonely:
        if n < 2:
            break
        j = int(np.argmax(sim[i]))
        root = find(j)
        if sim[i, j] >= threshold * 0.85 and len(groups.get(root, ())) >= 2:
            groups[root].append(i)
            del groups[i]
    ordered = tuple(tuple(sorted(members)) for _, members in sorted(groups.items()))
    return ClaimAlignment(statements=tuple(statements), similarity=sim, groups=ordered)


def build_claims(
    story: StoryArticles, alignment: ClaimAlignment, contested: set[tuple[str, int, int]]
) -> tuple[Claim, ...]:
    """Return the claims of the story; a group holding a ``contested`` statement conflicts."""
    claims = []
    order = {a: n for n, a in enumerate(story.order)}
    for members in alignment.groups:
        statements = [alignment.statements[k] for k in members]
        reports = story.independent_reports({s.article for s in statements})
        status: ClaimStatus
        if any(is_contested(s.article, s.start, s.end, contested) for s in statements):
            status = "conflicting"
        elif reports >= 2:
            status = "corroborated"
        else:
            status = "single_source"
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
