"""Incremental stories: new articles placed into the stored stories with a flat cost each.

``add_to_stories`` reads only the new articles, their terms' statistics and their candidate
stories (an inverted index over the stories of the recent time window, kept in the store);
the full recomputation (``newsprism.stories.refresh_stories``) remains for scheduled
refinement. Modules: ``features`` (story features and similarity), ``assign``.
"""

from newsprism.incremental.assign import (
    IncrementalOptions,
    IncrementalUpdate,
    Placement,
    add_to_stories,
)

__all__ = ["IncrementalOptions", "IncrementalUpdate", "Placement", "add_to_stories"]
