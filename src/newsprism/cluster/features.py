"""Sparse term vectors for clustering: words of title and body, and names (entities, numbers).

Vectors are plain ``dict[str, float]`` with unit length. Terms are the strings themselves rather
than hashed columns: a news stream's vocabulary grows slowly (Heaps' law), a dict lookup is as
fast as hashing, and there are no collisions between names that must stay apart. Inverse
document frequencies come from ``TermStats``, which counts document frequencies as items
arrive and can start from counts learned on a background corpus.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsprism.cluster.items import ClusterItem, timestamp_days

if TYPE_CHECKING:
    from newsprism.cluster.options import ClusterOptions

# Function words that carry no topic. Written for this project; kept short on purpose, since
# inverse document frequency already weighs down what is merely common.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told tells will would may might must shall one two new
    get got gets like make made us mr mrs ms via per""".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_NAME_TOKEN = re.compile(r"[A-Za-z][\w'’&-]*|\d[\d,.:]*\d|\d|[.!?]")
# "person:Amara Okafor" (the annotation stage's types) or "PERSON:Amara Okafor" (spaCy labels)
_TYPE_PREFIX = re.compile(r"^(?:[A-Z_]+|person|organization|place|group|outlet|other):")
_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """The word without a plural or possessive ending ("stories" -> "story"); cached."""
    cached = _STEMS.get(word)
    if cached is not None:
        return cached
    base = word.replace("'", "")
    if word.endswith("'s"):
        base = word[:-2]
    elif len(base) > 4 and base.endswith("ies"):
        base = base[:-3] + "y"
    elif len(base) > 3 and base.endswith("s") and not base.endswith(("ss", "us", "is")):
        base = base[:-1]
    base = sys.intern(base)
    if len(_STEMS) < 2_000_000:  # a bound, so an endless stream of odd tokens cannot grow it
        _STEMS[word] = base
    return base


def words(text: str) -> list[str]:
    """The content words of a text, lowercased and stemmed, in order; stop words dropped."""
    out = []
    for token in _WORD.findall(text.lower().replace("’", "'")):
        if token in STOP_WORDS or len(token) < 2:
            continue
        out.append(stem(token))
    return out


def _title_case(text: str) -> bool:
    """True when most words are capitalised, as in many headlines (then case tells nothing)."""
    long_words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    if len(long_words) < 3:
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def name_terms(text: str, headline: bool = False) -> list[str]:
    """Stand-ins for entities: capitalised words not opening a sentence, and numbers.

    In a ``headline`` written in Title Case, capitals say nothing and only numbers count.
    Two stories of the same kind (two earthquakes, two coach firings) differ mostly in these:
    names of people and places, magnitudes, counts, years.
    """
    skip_capitals = headline and _title_case(text)
    out = []
    sentence_start = True
    for match in _NAME_TOKEN.finditer(text):
        token = match.group()
        if token in ".!?":
            sentence_start = True
            continue
        first = token[0]
        if first.isdigit():
            out.append(sys.intern(token.replace(",", "")))
        elif first.isupper() and not sentence_start and not skip_capitals:
            lowered = token.lower().replace("’", "'")
            if lowered.endswith("'s"):
                lowered = lowered[:-2]
            if lowered not in STOP_WORDS and len(lowered) > 1:
                out.append(sys.intern(lowered))
        sentence_start = False
    return out


def entity_terms(entities: Iterable[str]) -> list[str]:
    """Terms for given entity names: the whole name and each of its longer words."""
    out = []
    for entity in entities:
        name = _TYPE_PREFIX.sub("", entity).strip().lower()
        if not name:
            continue
        parts = [p for p in re.findall(r"[\w'.-]+", name) if p not in STOP_WORDS]
        out.append(sys.intern("_".join(parts) or name))
        if len(parts) > 1:
            out.extend(sys.intern(p) for p in parts if len(p) > 2)
    return out


@dataclass(frozen=True, slots=True)
class ItemTerms:
    """The raw term counts of one item, before weighting."""

    text: dict[str, float]
    names: dict[str, float]
    day: float | None


def number_terms(text: str) -> list[str]:
    """The numbers of a text ("7.1", "15000"): magnitudes, counts, years."""
    return [token for token in name_terms(text) if token[0].isdigit()]


def item_terms(item: ClusterItem, title_weight: float) -> ItemTerms:
    """Weighted term counts of an item's title and body, and its name terms.

    Names are the annotated entities plus the numbers of title and body when the item has
    entities (annotation finds no numbers), else capitalised words and numbers.
    """
    text: dict[str, float] = {}
    for token in words(item.title):
        text[token] = text.get(token, 0.0) + title_weight
    for token in words(item.text):
        text[token] = text.get(token, 0.0) + 1.0
    if item.entities:
        found = entity_terms(item.entities) + number_terms(item.title) + number_terms(item.text)
    else:
        found = name_terms(item.title, headline=True) + name_terms(item.text)
    names = {term: float(count) for term, count in Counter(found).items()}
    return ItemTerms(text=text, names=names, day=timestamp_days(item.published))


@dataclass(slots=True)
class TermStats:
    """Document frequencies of word and name terms (a plain class: it is updated in place)."""

    documents: int = 0
    text_df: dict[str, int] = field(default_factory=dict)
    names_df: dict[str, int] = field(default_factory=dict)

    def observe(self, terms: ItemTerms) -> None:
        """Count one more document holding these terms."""
        self.documents += 1
        text_df = self.text_df
        for term in terms.text:
            text_df[term] = text_df.get(term, 0) + 1
        names_df = self.names_df
        for term in terms.names:
            names_df[term] = names_df.get(term, 0) + 1

    def copy(self) -> TermStats:
        """An independent copy, so that a background corpus can seed several clusterers."""
        return TermStats(self.documents, dict(self.text_df), dict(self.names_df))

    @classmethod
    def fit(cls, items: Iterable[ClusterItem], title_weight: float = 1.0) -> TermStats:
        """Document frequencies counted over a background corpus (e.g. training articles)."""
        stats = cls()
        for item in items:
            stats.observe(item_terms(item, title_weight))
        return stats


@dataclass(frozen=True, slots=True)
class ItemVector:
    """Unit-length word and name vectors of one item, and its day number (or None)."""

    text: dict[str, float]
    names: dict[str, float]
    day: float | None


def weigh(terms: ItemTerms, stats: TermStats) -> ItemVector:
    """The TF-IDF vectors (sublinear tf, smooth idf, unit length) of one item's terms."""
    total = stats.documents + 1
    return ItemVector(
        text=_unit(terms.text, stats.text_df, total),
        names=_unit(terms.names, stats.names_df, total),
        day=terms.day,
    )


def _unit(counts: dict[str, float], df: dict[str, int], total: int) -> dict[str, float]:
    log = math.log
    weights = {
        term: log1p_count * (log(total / (df.get(term, 0) + 1)) + 1.0)
        for term, count in counts.items()
        if (log1p_count := math.log1p(count)) > 0
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if norm == 0:
        return {}
    return {term: w / norm for term, w in weights.items()}


def dot(small: Mapping[str, float], big: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors; pass the shorter one first."""
    get = big.get
    return sum(w * get(t, 0.0) for t, w in small.items())


@dataclass(frozen=True, slots=True)
class StorySums:
    """What an article is scored against online: a story's member vector sums (words, names,
    the words of members without names), its size, whether any member has names, its days."""

    text: Mapping[str, float]
    names: Mapping[str, float]
    unnamed: Mapping[str, float]
    named: int
    size: int
    first_day: float | None
    last_day: float | None


def story_similarity(vector: ItemVector, story: StorySums, options: ClusterOptions) -> float:
    """The average similarity of the article to the story's members (as in average-link batch
    linking), from the story's vector sums, less the time penalty; minus infinity beyond the
    time window or for a story with no members."""
    if story.size == 0:
        return -math.inf
    words = dot(vector.text, story.text)
    if vector.names and story.named:
        unnamed = dot(vector.text, story.unnamed) if story.unnamed else 0.0
        weight = options.names_weight
        named = (words - unnamed + weight * dot(vector.names, story.names)) / (1.0 + weight)
        score = (named + unnamed) / story.size
    else:
        score = words / story.size
    day = vector.day
    if day is not None and story.first_day is not None and story.last_day is not None:
        gap = max(story.first_day - day, day - story.last_day, 0.0)
        if gap > options.window_days:
            return -math.inf
        score -= options.time_penalty * gap
    return score


@dataclass(frozen=True, slots=True)
class HeadlineVectors:
    """Unit-length vectors of an item's headline words and of its numbers (batch channels)."""

    title: dict[str, float]
    numbers: dict[str, float]


def headline_vectors(item: ClusterItem, stats: TermStats) -> HeadlineVectors:
    """The TF-IDF vectors of the item's title words and of its numbers, weighted by the
    word and name statistics (numbers are counted among names)."""
    total = stats.documents + 1
    title = Counter(words(item.title))
    numbers = Counter(number_terms(item.title) + number_terms(item.text))
    return HeadlineVectors(
        title=_unit({t: float(c) for t, c in title.items()}, stats.text_df, total),
        numbers=_unit({t: float(c) for t, c in numbers.items()}, stats.names_df, total),
    )
