"""newsprism: one story, every outlet, every fact with its sources.

The public API is what ``__all__`` lists; everything else may change without notice.
"""

from newsprism.articles import build_article
from newsprism.config import SETTINGS, Settings, load_settings
from newsprism.errors import (
    BinaryInputError,
    BlockedAddressError,
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
from newsprism.ingest import FieldMap, ReadResult, read_bytes, read_path
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.model import (
    Article,
    ArticleDraft,
    ArticleSummary,
    Embed,
    PublishedDate,
    WireCredit,
)
from newsprism.pipeline import IngestOptions, IngestReport, ingest
from newsprism.store import SQLiteStore, Store, open_store
from newsprism.text import NormalizedText, normalize_text

__version__ = "0.1.0"

__all__ = [
    "SETTINGS",
    "Article",
    "ArticleDraft",
    "ArticleSummary",
    "BinaryInputError",
    "BlockedAddressError",
    "ConfigError",
    "CorrectionError",
    "Embed",
    "EmptyInputError",
    "EncodingError",
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
    "ReadResult",
    "RedirectError",
    "SQLiteStore",
    "SchemaVersionError",
    "Settings",
    "Store",
    "StoreError",
    "UnsupportedInputError",
    "WireCredit",
    "__version__",
    "build_article",
    "ingest",
    "load_settings",
    "normalize_text",
    "open_store",
    "read_bytes",
    "read_path",
]
