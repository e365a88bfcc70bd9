"""Entity spans while the annotation rules run: token offsets, type, role, canonical name."""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.annotate.records import EntityType

# Words an acronym skips ("Election Board of Valoria" -> EBV).
ACRONYM_FILLERS = frozenset({"of", "for", "and", "the", "de", "du", "des", "la", "le", "&", "on"})


@dataclass
class NameSpan:
    # Mutable while the rules run; frozen into EntityMention at the end.
    start: int
    end: int
    type: EntityType
    label: str
    role: str | None = None
    name: str | None = None
    dropped: bool = False  # absorbed by a longer name found later


def bare(word: str) -> str:
    """Return ``word`` lower-cased without a final period ("Dr." -> "dr")."""
    return word.lower().rstrip(".")


def is_titlecase(word: str) -> bool:
    """Return True when ``word`` starts with a capital letter."""
    return word[:1].isupper()
