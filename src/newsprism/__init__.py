"""newsprism: one story, every outlet, every fact with its sources.

The public API is what ``__all__`` lists; everything else may change without notice.
"""

from newsprism.annotate.pipeline import Annotator, annotate_articles
from newsprism.annotate.records import (
    AnnotateOptions,
    ArticleAnnotations,
    DateMention,
    EntityMention,
    QuoteMention,
)
from newsprism.articles import build_article
from newsprism.brief import brief_to_dict, build_brief
from newsprism.cluster import (
    Clustering,
    ClusterItem,
    ClusterOptions,
    Corrections,
    StoryClusterer,
    cluster_stories,
)
from newsprism.compare.records import Brief, BriefOptions, StoryInput
from newsprism.config import SETTINGS, Settings, load_settings
from newsprism.dedup import DedupOptions, DedupResult, ReprintDetector, ReprintLink, find_reprints
from newsprism.errors import (
    BinaryInputError,
    BlockedAddressError,
    BriefInputError,
    ConfigError,
    CorrectionError,
    EmptyInputError,
    EncodingError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
    NewsprismError,
    NotFoundError,
    RedirectError,
    SchemaVersionError,
    StoreError,
    UnsupportedInputError,
)
from newsprism.export import export_articles
from newsprism.ingest import FieldMap, ReadResult, read_bytes, read_path
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.model import (
    Article,
    ArticleDraft,
    ArticleSummary,
    Coverage,
    Embed,
    PublishedDate,
    Reprint,
    Story,
    WireCredit,
)
from newsprism.pipeline import (
    IngestOptions,
    IngestReport,
    UpdateReport,
    annotate_pending,
    ingest,
    update_stories,
)
from newsprism.render import render_html, render_json, render_markdown
from newsprism.store import SQLiteStore, Store, open_store
from newsprism.stories import (
    StoryOptions,
    StoryRefresh,
    merge_stories,
    move_article,
    refresh_stories,
    split_story,
    story_brief,
)
from newsprism.text import NormalizedText, normalize_text

__version__ = "0.1.0"

__all__ = [
    "SETTINGS",
    "AnnotateOptions",
    "Annotator",
    "Article",
    "ArticleAnnotations",
    "ArticleDraft",
    "ArticleSummary",
    "BinaryInputError",
    "BlockedAddressError",
    "Brief",
    "BriefInputError",
    "BriefOptions",
    "ClusterItem",
    "ClusterOptions",
    "Clustering",
    "ConfigError",
    "CorrectionError",
    "Corrections",
    "Coverage",
    "DateMention",
    "DedupOptions",
    "DedupResult",
    "Embed",
    "EmptyInputError",
    "EncodingError",
    "EntityMention",
    "FetchError",
    "FetchOptions",
    "FetchTimeoutError",
    "Fetcher",
    "FieldMap",
    "HTTPStatusError",
    "IngestOptions",
    "IngestReport",
    "InputError",
    "InputTooLargeError",
    "MalformedInputError",
    "NewsprismError",
    "NormalizedText",
    "NotFoundError",
    "PublishedDate",
    "QuoteMention",
    "ReadResult",
    "RedirectError",
    "Reprint",
    "ReprintDetector",
    "ReprintLink",
    "SQLiteStore",
    "SchemaVersionError",
    "Settings",
    "Store",
    "StoreError",
    "Story",
    "StoryClusterer",
    "StoryInput",
    "StoryOptions",
    "StoryRefresh",
    "UnsupportedInputError",
    "UpdateReport",
    "WireCredit",
    "__version__",
    "annotate_articles",
    "annotate_pending",
    "brief_to_dict",
    "build_article",
    "build_brief",
    "cluster_stories",
    "export_articles",
    "find_reprints",
    "ingest",
    "load_settings",
    "merge_stories",
    "move_article",
    "normalize_text",
    "open_store",
    "read_bytes",
    "read_path",
    "refresh_stories",
    "render_html",
    "render_json",
    "render_markdown",
    "split_story",
    "story_brief",
    "update_stories",
]
