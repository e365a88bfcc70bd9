"""newsprism: one story, every outlet, every fact with its sources.

The public API is what ``__all__`` lists; everything else may change without notice. Names
are imported on first use (PEP 562), so ``import newsprism`` and the worker processes that
read files stay light: the NLP and clustering stack loads only when something asks for it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Where each public name lives.
_LOCATIONS: dict[str, str] = {
    "Annotator": "newsprism.annotate.pipeline",
    "annotate_articles": "newsprism.annotate.pipeline",
    "AnnotateOptions": "newsprism.annotate.records",
    "ArticleAnnotations": "newsprism.annotate.records",
    "DateMention": "newsprism.annotate.records",
    "EntityMention": "newsprism.annotate.records",
    "QuoteMention": "newsprism.annotate.records",
    "build_article": "newsprism.articles",
    "BatchReport": "newsprism.batch",
    "StageOptions": "newsprism.batch",
    "make_engine": "newsprism.batch",
    "run_batch": "newsprism.batch",
    "brief_to_dict": "newsprism.brief",
    "build_brief": "newsprism.brief",
    "ClusterItem": "newsprism.cluster",
    "ClusterOptions": "newsprism.cluster",
    "Clustering": "newsprism.cluster",
    "Corrections": "newsprism.cluster",
    "StoryClusterer": "newsprism.cluster",
    "cluster_stories": "newsprism.cluster",
    "Brief": "newsprism.compare.records",
    "BriefOptions": "newsprism.compare.records",
    "StoryInput": "newsprism.compare.records",
    "SETTINGS": "newsprism.config",
    "Settings": "newsprism.config",
    "load_settings": "newsprism.config",
    "DedupOptions": "newsprism.dedup",
    "DedupResult": "newsprism.dedup",
    "ReprintDetector": "newsprism.dedup",
    "ReprintLink": "newsprism.dedup",
    "find_reprints": "newsprism.dedup",
    "BinaryInputError": "newsprism.errors",
    "BlockedAddressError": "newsprism.errors",
    "BriefInputError": "newsprism.errors",
    "ConfigError": "newsprism.errors",
    "CorrectionError": "newsprism.errors",
    "EngineError": "newsprism.errors",
    "EmptyInputError": "newsprism.errors",
    "EncodingError": "newsprism.errors",
    "FetchError": "newsprism.errors",
    "FetchTimeoutError": "newsprism.errors",
    "HTTPStatusError": "newsprism.errors",
    "InputError": "newsprism.errors",
    "InputTooLargeError": "newsprism.errors",
    "MalformedInputError": "newsprism.errors",
    "NewsprismError": "newsprism.errors",
    "NotFoundError": "newsprism.errors",
    "RedirectError": "newsprism.errors",
    "SchemaVersionError": "newsprism.errors",
    "StoreError": "newsprism.errors",
    "UnsupportedInputError": "newsprism.errors",
    "export_articles": "newsprism.export",
    "FieldMap": "newsprism.ingest",
    "ReadResult": "newsprism.ingest",
    "read_bytes": "newsprism.ingest",
    "read_path": "newsprism.ingest",
    "FetchOptions": "newsprism.ingest.fetch",
    "Fetcher": "newsprism.ingest.fetch",
    "Article": "newsprism.model",
    "ArticleDraft": "newsprism.model",
    "ArticleSummary": "newsprism.model",
    "Coverage": "newsprism.model",
    "Embed": "newsprism.model",
    "PublishedDate": "newsprism.model",
    "Reprint": "newsprism.model",
    "Story": "newsprism.model",
    "WireCredit": "newsprism.model",
    "IngestOptions": "newsprism.pipeline",
    "IngestReport": "newsprism.pipeline",
    "UpdateReport": "newsprism.pipeline",
    "annotate_pending": "newsprism.pipeline",
    "ingest": "newsprism.pipeline",
    "update_stories": "newsprism.pipeline",
    "render_html": "newsprism.render",
    "render_json": "newsprism.render",
    "render_markdown": "newsprism.render",
    "Store": "newsprism.store",
    "open_store": "newsprism.store",
    "StoryOptions": "newsprism.stories",
    "StoryRefresh": "newsprism.stories",
    "merge_stories": "newsprism.stories",
    "move_article": "newsprism.stories",
    "refresh_stories": "newsprism.stories",
    "split_story": "newsprism.stories",
    "story_brief": "newsprism.stories",
    "NormalizedText": "newsprism.text",
    "normalize_text": "newsprism.text",
}

__all__ = [
    "SETTINGS",
    "AnnotateOptions",
    "Annotator",
    "Article",
    "ArticleAnnotations",
    "ArticleDraft",
    "ArticleSummary",
    "BatchReport",
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
    "EngineError",
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
    "SchemaVersionError",
    "Settings",
    "StageOptions",
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
    "make_engine",
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
    "run_batch",
    "split_story",
    "story_brief",
    "update_stories",
]


class _CallableIngestPackage(types.ModuleType):
    """The ``newsprism.ingest`` subpackage, callable as the ``ingest`` function.

    ``newsprism.ingest`` names both the readers' subpackage and the pipeline's ``ingest``
    function. Python stores a subpackage on its parent as soon as it is imported, so whichever
    import ran first would decide what ``from newsprism import ingest`` gives. Making the
    subpackage call the function means both ``from newsprism import ingest; ingest(...)`` and
    ``from newsprism.ingest import read_path`` work, in any order.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Whatever ``newsprism.pipeline.ingest`` returns: the ``IngestReport``."""
        from newsprism.pipeline import ingest as ingest_function

        return ingest_function(*args, **kwargs)


class _Package(types.ModuleType):
    """The ``newsprism`` package module; makes its ``ingest`` subpackage callable when stored."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "ingest" and type(value) is types.ModuleType:
            value.__class__ = _CallableIngestPackage
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """The public object called ``name``, imported from its module on first use."""
    if name == "ingest":  # the callable subpackage (see _CallableIngestPackage)
        return importlib.import_module("newsprism.ingest")
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, for dir() and tab completion."""
    return sorted(__all__)


if TYPE_CHECKING:  # static type checkers see plain imports
    from newsprism.annotate.pipeline import (
        Annotator,
        annotate_articles,
    )
    from newsprism.annotate.records import (
        AnnotateOptions,
        ArticleAnnotations,
        DateMention,
        EntityMention,
        QuoteMention,
    )
    from newsprism.articles import (
        build_article,
    )
    from newsprism.batch import (
        BatchReport,
        StageOptions,
        make_engine,
        run_batch,
    )
    from newsprism.brief import (
        brief_to_dict,
        build_brief,
    )
    from newsprism.cluster import (
        Clustering,
        ClusterItem,
        ClusterOptions,
        Corrections,
        StoryClusterer,
        cluster_stories,
    )
    from newsprism.compare.records import (
        Brief,
        BriefOptions,
        StoryInput,
    )
    from newsprism.config import (
        SETTINGS,
        Settings,
        load_settings,
    )
    from newsprism.dedup import (
        DedupOptions,
        DedupResult,
        ReprintDetector,
        ReprintLink,
        find_reprints,
    )
    from newsprism.errors import (
        BinaryInputError,
        BlockedAddressError,
        BriefInputError,
        ConfigError,
        CorrectionError,
        EmptyInputError,
        EncodingError,
        EngineError,
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
    from newsprism.export import (
        export_articles,
    )
    from newsprism.ingest import (
        FieldMap,
        ReadResult,
        read_bytes,
        read_path,
    )
    from newsprism.ingest.fetch import (
        Fetcher,
        FetchOptions,
    )
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
    from newsprism.render import (
        render_html,
        render_json,
        render_markdown,
    )
    from newsprism.store import (
        Store,
        open_store,
    )
    from newsprism.stories import (
        StoryOptions,
        StoryRefresh,
        merge_stories,
        move_article,
        refresh_stories,
        split_story,
        story_brief,
    )
    from newsprism.text import (
        NormalizedText,
        normalize_text,
    )
