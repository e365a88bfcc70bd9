"""Reprints on the incremental path: stored signatures, band-key candidates, the batch rules."""

from __future__ import annotations

import pytest

from newsprism import dedup
from newsprism.articles import build_article
from newsprism.cluster import ClusterOptions
from newsprism.dedup_rules import DedupOptions
from newsprism.dedup_signatures import evidence_keys, load_evidence, pack, params_key, unpack
from newsprism.incremental import IncrementalOptions, add_to_stories
from newsprism.model import ArticleDraft
from newsprism.store import Store
from newsprism.stories import not_a_reprint, refresh_stories

WIRE = (
    "The Ostrel port authority closed its northern terminal on Tuesday after a crane collapsed "
    "onto a cargo ship, injuring four dock workers. Inspectors from the Ostrel transport board "
    "arrived within the hour and said the crane's base plate had cracked under a heavy load. "
    "Shipping lines were told to send their vessels to the southern terminal until Friday."
)
OTHER = (
    "A crane fell onto a freighter at the port of Ostrel on Tuesday. Our reporter at the docks "
    "saw ambulances take several workers away while managers argued about the terminal, which "
    "will stay shut for days; local traders fear delays for the winter fruit season."
)
UNRELATED = (
    "The Brennick orchestra opened its season with a new symphony by a young composer, and "
    "the hall was full for both evening concerts, the orchestra's manager said on Sunday."
)


def _article(key: str, text: str, day: str, outlet: str, *, tail: str = ""):
    return build_article(
        ArticleDraft(
            source=f"test/{key}",
            text=text + tail,
            format="text",
            title=text.split(",")[0][:50],
            url=f"https://{outlet.lower()}.invalid/{key}",
            outlet=outlet,
            published=f"2026-12-{day:0>2}",
        ),
        ingested_at="2026-12-07T00:00:00+00:00",
    )


# an online threshold no article reaches and no merges: only the reprint check joins stories
APART = IncrementalOptions(cluster=ClusterOptions(threshold=2.0, merge_checks=0))


def _add(store: Store, *articles, options: IncrementalOptions = APART):
    store.add_articles(list(articles))
    return add_to_stories(store, [a.id for a in articles], options)


def test_a_reprint_joins_its_originals_story(store: Store) -> None:
    original = _article("w1", WIRE, "3", "Wire")
    _add(store, original, _article("u1", UNRELATED, "3", "Gazette"))
    copy = _article("c1", WIRE, "4", "Ledger", tail=" Reported with the Wire.")
    (placed,) = _add(store, copy).placements
    assert placed.reprint_of == original.id and not placed.created
    assert store.story_of(copy.id) == store.story_of(original.id)
    link = store.load_reprints()[copy.id]
    assert link.reprint_of == original.id and link.reason in {"exact", "near_duplicate"}
    story = store.get_story(store.story_of(original.id))
    assert story.coverage.reprints == 1 and story.coverage.independent_reports == 1


def test_without_the_check_the_copy_founds_its_own_story(store: Store) -> None:
    options = IncrementalOptions(cluster=APART.cluster, reprints=False)
    original = _article("w1", WIRE, "3", "Wire")
    _add(store, original, options=options)
    copy = _article("c1", WIRE, "4", "Ledger", tail=" Reported with the Wire.")
    (placed,) = _add(store, copy, options=options).placements
    assert placed.created and placed.reprint_of is None
    assert store.load_reprints() == {}


def test_an_independent_report_is_no_reprint(store: Store) -> None:
    _add(store, _article("w1", WIRE, "3", "Wire"))
    (placed,) = _add(store, _article("o1", OTHER, "3", "Courier")).placements
    assert placed.reprint_of is None and placed.created
    assert store.load_reprints() == {}


def test_an_earlier_original_arriving_late_becomes_the_families_original(
    store: Store,
) -> None:
    copy1 = _article("c1", WIRE, "5", "Ledger", tail=" Reported with the Wire.")
    copy2 = _article("c2", WIRE, "6", "Courier", tail=" Filed from the wire service.")
    _add(store, copy1)
    _add(store, copy2)
    assert store.load_reprints()[copy2.id].reprint_of == copy1.id
    original = _article("w1", WIRE, "3", "Wire")
    update = _add(store, original)
    links = store.load_reprints()
    assert {a: r.reprint_of for a, r in links.items()} == {
        copy1.id: original.id,
        copy2.id: original.id,
    }
    assert update.placements[0].reprint_of is None  # it is the original now
    assert len({store.story_of(a.id) for a in (copy1, copy2, original)}) == 1


def test_incremental_links_are_the_batch_links(store: Store, tmp_path) -> None:
    articles = [
        _article("c1", WIRE, "5", "Ledger", tail=" Reported with the Wire."),
        _article("o1", OTHER, "4", "Courier"),
        _article("w1", WIRE, "3", "Wire"),
        _article("u1", UNRELATED, "4", "Gazette"),
        _article("c2", WIRE, "6", "Herald", tail=" Filed from the wire service."),
    ]
    for article in articles:
        _add(store, article)
    online = {a: (r.reprint_of, r.reason) for a, r in store.load_reprints().items()}
    refresh_stories(store)
    batch = {a: (r.reprint_of, r.reason) for a, r in store.load_reprints().items()}
    assert online == batch and len(batch) == 2


def test_a_not_a_reprint_correction_holds(store: Store) -> None:
    original = _article("w1", WIRE, "3", "Wire")
    copy = _article("c1", WIRE, "4", "Ledger", tail=" Reported with the Wire.")
    _add(store, original, copy)
    not_a_reprint(store, copy.id, now="2026-12-07T00:00:00+00:00")
    refresh_stories(store)
    assert store.load_reprints() == {}
    late = _article("c2", WIRE, "6", "Courier", tail=" Filed from the wire service.")
    (placed,) = _add(store, late).placements
    assert placed.reprint_of == original.id  # the third copy still links to the original
    assert copy.id not in store.load_reprints()  # the independent one stays unlinked


def test_signatures_are_stored_and_read_back(store: Store) -> None:
    options = DedupOptions()
    article = _article("w1", WIRE, "3", "Wire")
    _add(store, article)
    evidence = dedup.ReprintDetector(options).evidence(article)
    assert unpack(pack(evidence)) == evidence
    assert load_evidence(store, [article.id], options) == {article.id: evidence}
    assert store.band_candidates(evidence_keys(evidence, options), limit=10) == [article.id]
    # evidence stored with other options is not used
    other = DedupOptions(num_perm=64, bands=32)
    assert params_key(other) != params_key(options)
    assert load_evidence(store, [article.id], other) == {}


def test_the_full_recomputation_reuses_stored_signatures(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        _article("w1", WIRE, "3", "Wire"),
        _article("c1", WIRE, "4", "Ledger", tail=" Reported with the Wire."),
        _article("o1", OTHER, "4", "Courier"),
    ]
    store.add_articles(articles)
    first = refresh_stories(store)
    assert len(store.load_signatures(a.id for a in articles)) == 3

    def no_hashing(self, article):
        raise AssertionError(f"evidence of {article.id} computed again")

    monkeypatch.setattr(dedup.ReprintDetector, "evidence", no_hashing)
    again = refresh_stories(store)
    assert (again.stories, again.reprints) == (first.stories, first.reprints)
    assert first.reprints == 1


def test_a_store_without_signatures_gets_them_on_its_first_incremental_batch(
    store: Store,
) -> None:
    original = _article("w1", WIRE, "3", "Wire")
    store.add_articles([original])
    refresh_stories(store)
    store._db.execute("DELETE FROM article_signatures")  # as a store made before they were kept
    store._db.execute("DELETE FROM signature_bands")
    store._db.execute("DELETE FROM term_stats WHERE kind = 'signatures'")
    copy = _article("c1", WIRE, "4", "Ledger", tail=" Reported with the Wire.")
    (placed,) = _add(store, copy).placements
    assert placed.reprint_of == original.id
    assert store.story_of(copy.id) == store.story_of(original.id)


def test_a_staged_refresh_keeps_its_signatures_for_the_writer(store: Store) -> None:
    from newsprism.annotate.records import AnnotateOptions
    from newsprism.server.refresh import stage_refresh

    articles = [
        _article("w1", WIRE, "3", "Wire"),
        _article("c1", WIRE, "4", "Ledger", tail=" Reported with the Wire."),
    ]
    store.add_articles(articles)
    staged = stage_refresh(store.path, AnnotateOptions())
    assert store.load_signatures(a.id for a in articles) == {}  # nothing written aside
    assert {s.article_id for s in staged.signatures} == {a.id for a in articles}
    staged.apply(store)
    assert set(store.load_signatures(a.id for a in articles)) == {a.id for a in articles}
    assert store.load_reprints()[articles[1].id].reprint_of == articles[0].id
