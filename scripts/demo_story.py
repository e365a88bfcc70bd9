"""Print the id of the story whose brief shows the most of newsprism's planted cases.

Used by ``make demo``: ``python scripts/demo_story.py DB``. Each story's brief (its JSON form,
``brief_to_dict``) is checked for three kinds of case: an entity named more than one way (an
alias), a discrepancy between outlets, and a quote that some outlet paraphrased. The story
showing the most kinds wins; ties go to the one with more such items, then more independent
reports, then the smaller id, so the choice never depends on story names or input order.
"""

from __future__ import annotations

import sys
from typing import Any

from newsprism import AnnotateOptions, brief_to_dict, load_settings, open_store, story_brief


def planted_cases(brief: dict[str, Any]) -> tuple[int, int, int]:
    """(kinds of case shown, items showing them, independent reports) of one brief's JSON."""
    aliases = sum(1 for e in brief["entities"] if len(e.get("aliases", [])) > 1)
    discrepancies = len(brief["discrepancies"])
    paraphrases = sum(
        1
        for q in brief["quotes"]
        if any(not a["verbatim"] or not a["direct"] for a in q["attributions"])
    )
    counts = (aliases, discrepancies, paraphrases)
    kinds = sum(1 for c in counts if c)
    return kinds, sum(counts), brief["coverage"]["independent_reports"]


def richest_story(db: str) -> str:
    """The id of the story whose brief shows the most planted cases (see the module doc)."""
    annotate = AnnotateOptions(model=load_settings(db=db).spacy_model)
    best: tuple[tuple[int, int, int], str] | None = None
    with open_store(db) as store:
        for story in store.list_stories():
            brief = brief_to_dict(story_brief(store, story.id, annotate=annotate))
            score = planted_cases(brief)
            # Highest score wins; among equals, the smaller id.
            if best is None or score > best[0] or (score == best[0] and story.id < best[1]):
                best = (score, story.id)
    if best is None:
        raise SystemExit(f"demo_story: no stories in {db}")
    return best[1]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/demo_story.py DB")
    print(richest_story(sys.argv[1]))
