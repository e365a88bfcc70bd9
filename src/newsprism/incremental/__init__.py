"""Incremental stories: new articles placed into the stored stories with a flat cost each.

``add_to_stories`` reads only the new articles, their terms' statistics and their candidate
stories (an inverted index over the stories of the recent time window, kept in the store);
the full recomputation (``newsprism.stories.refresh_stories``) remains for scheduled
refinement, and ``regroup_recent`` regroups only the recent window in batch. Modules:
``features`` (story features and similarity), ``assign``, ``merge`` (neighbouring
stories merged by the batch rule), ``preset`` (the store's clustering preset), ``window``.
"""

from newsprism.incremental.assign import (
    IncrementalOptions,
    IncrementalUpdate,
    Placement,
    add_to_stories,
)
from newsprism.incremental.window import WindowRegroup, regroup_recent

__all__ = [
    "IncrementalOptions",
    "IncrementalUpdate",
    "Placement",
    "WindowRegroup",
    "add_to_stories",
    "regroup_recent",
]
