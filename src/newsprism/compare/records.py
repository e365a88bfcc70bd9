"""The records of the compare stage and of the brief: frozen dataclasses, nothing else.

Offsets (``start``, ``end``) are character offsets into ``Article.text`` as stored. Ids are
derived from content (see ``newsprism.compare.ids``), so the same input gives the same ids on
every run and every machine.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

ClaimStatus = Literal["corroborated", "single_source", "conflicting"]
DiscrepancyKind = Literal[
    "name", "organization", "title", "number", "date", "affiliation", "place", "other"
]
BriefEntityType = Literal["person", "organization", "place", "group", "other"]
DiffOp = Literal["insert", "delete", "replace"]

BRIEF_SCHEMA = "newsprism.brief/1"


@dataclass(frozen=True)
class StoryInput:
    """Which story a brief is for, and which of its articles reprint another.

    ``reprint_of`` maps an article id to the id of the article it reprints (a wire story
    carried by another outlet); articles absent from it, or mapped to None, are originals.
    Reprints of one story count once when facts are corroborated.
    """

    id: str
    reprint_of: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A read-only copy, so that the frozen record cannot change behind the caller's back.
        object.__setattr__(self, "reprint_of", MappingProxyType(dict(self.reprint_of)))


@dataclass(frozen=True)
class BriefOptions:
    """How to compare the articles of one story.

    ``claim_threshold`` is the similarity (0-1) above which two sentences of different
    articles state the same fact; ``quote_threshold`` the share of the shorter of two quotes'
    content words that must align in order with the other's for them to be one statement.
    ``summary_sentences`` bounds the extractive summary (at least 3 when the story has them).
    ``max_claim_words`` drops run-on "sentences" (tables, lists) from the claims.

    Claim alignment (``newsprism.compare.alignment``) weighs an entity ``claim_entity_weight``
    and a number written in digits ``claim_number_weight`` against a word's 1 (before IDF);
    its containment term counts in full only once the shared weight reaches that of
    ``claim_anchor_words`` words found in no other statement, and makes ``claim_contain_weight`` of
    the score (the cosine the rest). The score of a statement giving a figure and one giving
    none is cut by ``claim_figure_penalty`` (a share), and that of two statements sharing
    only the words of a name (with its title) and no number or date by
    ``claim_name_only_penalty``: two things said of one person are two facts (chosen on the
    dev set from 0.05-1: 0.08-0.12 best on both, more loses corroborated facts).

    These were chosen on the real-coverage dev set (``bench/real_stories.py``, claims
    categories): a grid over the threshold (0.26-0.40), the entity weight (0-2.5), the
    number weight (0-3), the anchor (0-3 words), the containment weight (0.3-0.7) and the
    figure penalty (0-0.3), keeping the best sum of single-source and corroborated facts;
    the scores move smoothly around the values kept. After facts were cut finer (clauses
    placed in time, "which" clauses, "but" before a new subject) the anchor was chosen again
    (1-2.5 words: 1-1.5 best on single-source, equal on corroborated).
    """

    claim_threshold: float = 0.32
    claim_entity_weight: float = 0.75
    claim_number_weight: float = 1.0
    claim_anchor_words: float = 1.5
    claim_contain_weight: float = 0.5
    claim_figure_penalty: float = 0.3
    claim_name_only_penalty: float = 0.1
    quote_threshold: float = 0.65
    summary_sentences: int = 5
    min_summary_sentences: int = 3
    max_claim_words: int = 80
    min_claim_words: int = 5


@dataclass(frozen=True)
class Passage:
    """An exact passage of one article: its id, the words, and where they are."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Role:
    """A role or title an outlet gives an entity ("mayor", "Dr."), with the articles."""

    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Entity:
    """One real person, organisation, place or group, with every name the articles use."""

    id: str
    name: str
    type: BriefEntityType
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    articles: tuple[str, ...]
    mentions: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class WordChange:
    """One difference between a printed version of a quote and the ledger's text."""

    op: DiffOp
    ledger: str
    printed: str


@dataclass(frozen=True)
class Attribution:
    """One outlet's printing of a quote.

    ``verbatim`` is False where the outlet's words differ from the ledger's text (a paraphrase
    inside quote marks) and for indirect speech (``direct`` False). ``speaker`` is the entity
    id of the speaker this outlet names, ``speaker_name`` the words it uses.
    """

    article: str
    text: str
    start: int
    end: int
    verbatim: bool
    direct: bool = True
    speaker: str | None = None
    speaker_name: str | None = None
    diff: tuple[WordChange, ...] = ()


@dataclass(frozen=True)
class Quote:
    """One thing said, with every outlet that prints it."""

    id: str
    text: str
    speaker: str | None
    speaker_name: str | None
    attributions: tuple[Attribution, ...]


@dataclass(frozen=True)
class Claim:
    """One factual statement, aligned across the articles that make it."""

    id: str
    text: str
    status: ClaimStatus
    support: tuple[Passage, ...]
    independent_reports: int = 1


@dataclass(frozen=True)
class DiscrepancyValue:
    """One of the competing values of a discrepancy, with who gives it and where."""

    value: str
    articles: tuple[str, ...]
    evidence: tuple[Passage, ...]


@dataclass(frozen=True)
class Discrepancy:
    """Outlets (or an outlet and a document it quotes) that disagree on one point."""

    id: str
    kind: DiscrepancyKind
    about: str
    summary: str
    values: tuple[DiscrepancyValue, ...]


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event: the date as fine as known, the sentence, the articles behind it."""

    date: str
    text: str
    articles: tuple[str, ...]
    evidence: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of the extractive summary, as printed, with the articles that support it."""

    text: str
    articles: tuple[str, ...]
    evidence: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class BriefArticle:
    """One article of the story as the brief lists it (metadata, no text)."""

    id: str
    outlet: str | None
    source: str
    url: str | None
    title: str | None
    published: str | None
    wire: str | None
    reprint_of: str | None


@dataclass(frozen=True)
class Coverage:
    """How widely the story is covered: articles, outlets, independent reports, reprints."""

    articles: int
    outlets: int
    independent_reports: int
    reprints: int


@dataclass(frozen=True)
class StoryHeader:
    """The story's id, its most representative headline, and when it was first and last seen."""

    id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class Brief:
    """Everything a fact-checker needs about one story, each point with its passages."""

    story: StoryHeader
    articles: tuple[BriefArticle, ...]
    coverage: Coverage
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    discrepancies: tuple[Discrepancy, ...]
    timeline: tuple[TimelineEvent, ...]
    summary: tuple[SummarySentence, ...]
    schema: str = BRIEF_SCHEMA


def is_contested(
    article: str, start: int, end: int, contested: Collection[tuple[str, int, int]]
) -> bool:
    """Return True when the span ``article[start:end]`` overlaps a contested span."""
    return any(a == article and s < end and start < e for a, s, e in contested)


Span = tuple[str, int, int]  # (article id, start, end) of a passage


@dataclass(frozen=True)
class Dispute:
    """What one discrepancy means for the claims: the spans it ``contested`` (the passages
    stating a value it disputes) and, per competing value, the spans of its evidence."""

    contested: frozenset[Span]
    sides: tuple[frozenset[Span], ...]

    def touches(self, passages: list[Span]) -> bool:
        """Return True when one of ``passages`` states a value this dispute contests."""
        return any(is_contested(a, s, e, self.contested) for a, s, e in passages)

    def sides_touched(self, passages: list[Span]) -> int:
        """Return how many of the competing values ``passages`` give."""
        return sum(
            1 for side in self.sides if any(is_contested(a, s, e, side) for a, s, e in passages)
        )
