"""The brief as JSON: the ``newsprism.brief/1`` contract, sorted keys, byte-for-byte stable."""

from __future__ import annotations

import json

from newsprism.brief import brief_to_dict
from newsprism.compare.records import Brief


def render_json(brief: Brief) -> str:
    """Return the brief as JSON text (sorted keys, two-space indent, ending in a newline)."""
    return json.dumps(brief_to_dict(brief), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
