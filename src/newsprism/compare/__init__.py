"""Comparing the articles of one story: entities, quotes, claims, discrepancies, timeline."""

from newsprism.compare.claims import align_statements, build_claims, find_statements
from newsprism.compare.entities import EntityResolution, resolve_entities
from newsprism.compare.quotes import QuoteLedger, build_quote_ledger
from newsprism.compare.records import (
    BRIEF_SCHEMA,
    Attribution,
    Brief,
    BriefArticle,
    BriefOptions,
    Claim,
    Coverage,
    Discrepancy,
    DiscrepancyValue,
    Entity,
    Passage,
    Quote,
    Role,
    StoryHeader,
    StoryInput,
    SummarySentence,
    TimelineEvent,
    WordChange,
)
from newsprism.compare.story import BriefInputError, StoryArticles, prepare_story

__all__ = [
    "BRIEF_SCHEMA",
    "Attribution",
    "Brief",
    "BriefArticle",
    "BriefInputError",
    "BriefOptions",
    "Claim",
    "Coverage",
    "Discrepancy",
    "DiscrepancyValue",
    "Entity",
    "EntityResolution",
    "Passage",
    "Quote",
    "QuoteLedger",
    "Role",
    "StoryArticles",
    "StoryHeader",
    "StoryInput",
    "SummarySentence",
    "TimelineEvent",
    "WordChange",
    "align_statements",
    "build_claims",
    "build_quote_ledger",
    "find_statements",
    "prepare_story",
    "resolve_entities",
]
