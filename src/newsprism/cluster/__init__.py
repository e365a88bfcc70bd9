"""Story clustering: which articles report the same real-world story.

The entry points are ``StoryClusterer`` (online ``add``/``partial_fit``, batch ``fit``) and
``cluster_stories`` (batch, one call). Articles come in as ``ClusterItem`` records, results go
out as ``Clustering``/``Story``/``Assignment`` records, and manual fixes go in as
``Corrections``. Modules: ``items`` (input record), ``features`` (term vectors), ``embed``
(optional sentence embeddings), ``index`` (candidate retrieval), ``similarity`` (batch pair
similarity), ``linkage`` (constrained average-link), ``corrections``, ``metrics`` (BCubed and
pairwise scores), ``options``, ``records``, ``clusterer``.
"""

from newsprism.cluster.clusterer import StoryClusterer, cluster_stories
from newsprism.cluster.corrections import Constraints, Corrections, Merge, Move, Split
from newsprism.cluster.features import TermStats
from newsprism.cluster.items import ClusterItem
from newsprism.cluster.metrics import Scores, bcubed, pairwise
from newsprism.cluster.options import ClusterOptions
from newsprism.cluster.records import Assignment, Clustering, Story, story_id
from newsprism.cluster.similarity import pair_similarity

__all__ = [
    "Assignment",
    "ClusterItem",
    "ClusterOptions",
    "Clustering",
    "Constraints",
    "Corrections",
    "Merge",
    "Move",
    "Scores",
    "Split",
    "Story",
    "StoryClusterer",
    "TermStats",
    "bcubed",
    "cluster_stories",
    "pair_similarity",
    "pairwise",
    "story_id",
]
