"""Incremental stories: new articles join stored stories through candidates only."""

from __future__ import annotations

from newsprism.articles import build_article
from newsprism.cluster import ClusterOptions, Corrections
from newsprism.cluster.features import HeadlineVectors, ItemVector
from newsprism.cluster.items import ClusterItem
from newsprism.cluster.records import story_id
from newsprism.incremental import IncrementalOptions, add_to_stories, regroup_recent
from newsprism.incremental.merge import MemberFeatures, neighbours_to_merge
from newsprism.incremental.preset import CLASSES, preset_for, store_preset
from newsprism.model import ArticleDraft
from newsprism.store import SQLiteStore
from newsprism.stories import refresh_stories

FLOOD = (
    "Floodwater from the Varnel river covered the lower town of Kesmoor on {day}, and rescue "
    "boats carried families from flooded streets. The Varnel dam spillway opened after days "
    "of rain, the Kesmoor flood office said, and the river is expected to crest tonight."
)
CHESS = (
    "Grandmaster Ilvy Darrow won the Lunsford chess open on {day} with a rook endgame, taking "
    "the title after a tiebreak. Darrow beat the defending champion in the final round of the "
    "Lunsford open, and the chess federation praised the endgame."
)
VACCINE = (
    "The Tamsel health agency approved a new measles vaccine schedule on {day}; clinics in "
    "Tamsel will offer the vaccine to infants from next month, the health agency said, after "
    "a measles outbreak in three provinces."
)


def _article(key: str, template: str, day: str, outlet: str):
    return build_article(
        ArticleDraft(
            source=f"test/{key}",
            text=template.format(day=f"{day} December") + f" Reported by the {outlet} desk.",
            format="text",
            title=template.split(",")[0][:60],
            url=f"https://{outlet.lower()}.invalid/{key}",
            outlet=outlet,
            published=f"2026-12-{day:0>2}",
        ),
        ingested_at="2026-12-07T00:00:00+00:00",
    )


def _add(store: SQLiteStore, *articles):
    store.add_articles(list(articles))
    return add_to_stories(store, [a.id for a in articles])


def test_new_articles_join_their_story_and_ids_stay(store: SQLiteStore) -> None:
    flood1, chess1 = _article("f1", FLOOD, "3", "Ledger"), _article("c1", CHESS, "3", "Ledger")
    first = _add(store, flood1, chess1)
    assert first.created == 2
    ids = {p.article_id: p.story_id for p in first.placements}
    flood2, vaccine = _article("f2", FLOOD, "4", "Courier"), _article("v1", VACCINE, "4", "Courier")
    second = _add(store, flood2, vaccine)
    placed = {p.article_id: p for p in second.placements}
    assert placed[flood2.id].story_id == ids[flood1.id] and not placed[flood2.id].created
    assert placed[vaccine.id].created
    assert second.changed_stories == tuple(sorted({ids[flood1.id], placed[vaccine.id].story_id}))
    story = store.get_story(ids[flood1.id])
    assert set(story.article_ids) == {flood1.id, flood2.id}
    assert story.coverage.outlets == 2 and story.coverage.articles == 2
    assert store.get_story(ids[chess1.id]).article_ids == (chess1.id,)  # untouched


def test_far_apart_in_time_founds_a_new_story(store: SQLiteStore) -> None:
    early = _article("f1", FLOOD, "1", "Ledger")
    late = _article("f9", FLOOD, "20", "Courier")
    # the two texts are near copies: placed by similarity alone, the time window keeps them
    # apart; with the reprint check (as in batch) the copy joins its original's story
    similarity_only = IncrementalOptions(reprints=False)
    store.add_articles([early, late])
    add_to_stories(store, [early.id], similarity_only)
    assert add_to_stories(store, [late.id], similarity_only).created == 1


def test_a_correction_holds_on_the_incremental_path(store: SQLiteStore) -> None:
    chess = _article("c1", CHESS, "3", "Ledger")
    _add(store, chess)
    flood = _article("f1", FLOOD, "3", "Courier")
    (record,) = Corrections().merge((flood.id,), (chess.id,)).to_dict()["records"]
    store.add_correction(record, "2026-12-07T00:00:00+00:00")
    placed = _add(store, flood).placements[0]
    assert placed.story_id == store.story_of(chess.id) and not placed.created


def test_stories_of_a_full_recomputation_are_indexed_and_joined(store: SQLiteStore) -> None:
    store.add_articles([_article("f1", FLOOD, "3", "Ledger"), _article("c1", CHESS, "3", "Ledger")])
    refresh_stories(store)
    before = {s.id for s in store.list_stories()}
    update = _add(store, _article("f2", FLOOD, "4", "Courier"))
    assert update.created == 0 and update.changed_stories[0] in before
    assert {s.id for s in store.list_stories()} == before


def test_a_window_regroup_touches_only_recent_stories(store: SQLiteStore) -> None:
    old = _article("c1", CHESS, "1", "Ledger")
    _add(store, old)
    old_story = store.story_of(old.id)
    recent = [_article("f1", FLOOD, "9", "Ledger"), _article("f2", FLOOD, "10", "Courier")]
    _add(store, *recent)
    result = regroup_recent(store, days=3)
    assert result.articles == 2 and result.stories_after == 1
    assert store.story_of(old.id) == old_story
    assert store.load_story_features([old_story])  # outside the window: features kept
    assert store.story_of(recent[0].id) == store.story_of(recent[1].id)


def test_a_window_over_everything_gives_the_full_recomputation(store: SQLiteStore) -> None:
    articles = [
        _article("f1", FLOOD, "3", "Ledger"),
        _article("c1", CHESS, "3", "Ledger"),
        _article("f2", FLOOD, "4", "Courier"),
        _article("v1", VACCINE, "4", "Courier"),
    ]
    for article in articles:
        _add(store, article)
    regroup_recent(store, days=10_000)
    window = {s.id: s.article_ids for s in store.list_stories()}
    refresh_stories(store)
    assert window == {s.id: s.article_ids for s in store.list_stories()}


def test_a_split_correction_holds_through_the_window_regroup(store: SQLiteStore) -> None:
    first, second = _article("f1", FLOOD, "3", "Ledger"), _article("f2", FLOOD, "3", "Courier")
    _add(store, first, second)
    story = store.story_of(first.id)
    assert store.story_of(second.id) == story
    (record,) = Corrections().split((first.id, second.id), (second.id,)).to_dict()["records"]
    store.add_correction(record, "2026-12-07T00:00:00+00:00")
    regroup_recent(store, days=3)
    assert store.story_of(first.id) != store.story_of(second.id)


def _online_never_joins() -> IncrementalOptions:
    # an online threshold no article reaches: every article founds a story, so only the
    # merge of neighbouring stories by the batch rule can bring an event together
    # (near-copy texts: the reprint check, which would join them first, is left out)
    return IncrementalOptions(cluster=ClusterOptions(threshold=2.0), reprints=False)


def test_split_stories_merge_by_the_batch_rule_and_the_older_id_stays(
    store: SQLiteStore,
) -> None:
    options = _online_never_joins()
    first, chess = _article("f1", FLOOD, "3", "Ledger"), _article("c1", CHESS, "3", "Ledger")
    store.add_articles([first, chess])
    add_to_stories(store, [first.id, chess.id], options)
    older = store.story_of(first.id)
    second = _article("f2", FLOOD, "4", "Courier")
    store.add_articles([second])
    update = add_to_stories(store, [second.id], options)
    (placed,) = update.placements
    assert placed.story_id == older and not placed.created
    assert store.story_of(second.id) == older
    assert update.removed_stories == (story_id(second.id),)
    assert update.changed_stories == (older,)
    story = store.get_story(older)
    assert set(story.article_ids) == {first.id, second.id} and story.coverage.articles == 2
    assert store.story_of(chess.id) != older  # another event stays apart
    (features,) = store.load_story_features([older]).values()
    assert features.size == 2
    assert store.load_story_features([story_id(second.id)]) == {}


def test_without_merge_checks_split_stories_stay_split(store: SQLiteStore) -> None:
    options = IncrementalOptions(
        cluster=ClusterOptions(threshold=2.0, merge_checks=0), reprints=False
    )
    first, second = _article("f1", FLOOD, "3", "Ledger"), _article("f2", FLOOD, "4", "Courier")
    store.add_articles([first, second])
    add_to_stories(store, [first.id], options)
    add_to_stories(store, [second.id], options)
    assert store.story_of(first.id) != store.story_of(second.id)


def test_a_split_correction_keeps_neighbouring_stories_apart(store: SQLiteStore) -> None:
    options = _online_never_joins()
    first, second = _article("f1", FLOOD, "3", "Ledger"), _article("f2", FLOOD, "4", "Courier")
    store.add_articles([first])
    add_to_stories(store, [first.id], options)
    (record,) = Corrections().split((first.id, second.id), (second.id,)).to_dict()["records"]
    store.add_correction(record, "2026-12-07T00:00:00+00:00")
    store.add_articles([second])
    update = add_to_stories(store, [second.id], options)
    assert update.placements[0].created and update.removed_stories == ()
    assert store.story_of(first.id) != store.story_of(second.id)


def test_the_batch_rule_merges_the_closest_neighbour_first() -> None:
    options = ClusterOptions(local_scaling=0, threshold=2.0)

    def member(key: str, words: dict[str, float]) -> MemberFeatures:
        norm = sum(w * w for w in words.values()) ** 0.5
        unit = {t: w / norm for t, w in words.items()}
        vector = ItemVector(unit, {}, 100.0)
        return MemberFeatures(key, vector, HeadlineVectors({}, {}))

    touched = [member("a", {"river": 1.0, "flood": 1.0})]
    near = [member("b", {"river": 1.0, "flood": 1.0, "boat": 0.2})]
    far = [member("c", {"chess": 1.0, "endgame": 1.0})]
    half = [member("d", {"flood": 1.0, "dam": 1.0})]
    chosen = neighbours_to_merge(touched, [far, half, near], options)
    assert [c.neighbour for c in chosen] == [2, 1]
    assert chosen[0].score > chosen[1].score >= options.batch_threshold
    blocked = neighbours_to_merge(touched, [far, half, near], options, lambda i: i == 2)
    assert [c.neighbour for c in blocked] == [1]


def test_an_undated_article_finds_stories_a_window_regroup_rewrote(store: SQLiteStore) -> None:
    def dated(key: str, published: str | None, outlet: str):
        article = _article(key, FLOOD, "3", outlet)
        return build_article(
            ArticleDraft(
                source=f"test/{key}",
                text=article.text,
                format="text",
                title=article.title,
                url=f"https://{outlet.lower()}.invalid/{key}",
                outlet=outlet,
                published=published,
            ),
            ingested_at="2026-12-07T00:00:00+00:00",
        )

    # a year before today: the window around "now" would not reach the rewritten story
    _add(store, dated("f1", "2025-03-03", "Ledger"), dated("f2", "2025-03-04", "Courier"))
    regroup_recent(store, days=3)  # rewrites the story: its features are gone
    story = store.story_of(store.list_stories()[0].article_ids[0])
    update = _add(store, dated("f3", None, "Gazette"))
    assert update.placements[0].story_id == story and not update.placements[0].created


FLOOD_MORE = (
    "Volunteers stacked sandbags along the embankment while pumps worked through the night.",
    "Schools in the district closed and the regional council opened two shelters in halls.",
    "Farmers upstream reported fields under water and livestock moved to higher ground.",
    "Engineers inspected the bridge on the northern road, which remains closed to lorries.",
    "The weather service forecast more rain for the weekend across the whole valley.",
    "Residents described water reaching the first floor within an hour of the warning.",
    "Power was cut to several neighbourhoods as a precaution, the utility company said.",
    "Insurance assessors are expected to arrive once the water recedes later this week.",
)


def _long_flood(i: int):
    article = _article(f"l{i}", FLOOD, "3", f"Outlet{i}")
    body = " ".join(FLOOD_MORE[i:] + FLOOD_MORE[:i])
    return build_article(
        ArticleDraft(
            source=f"test/l{i}",
            text=f"{article.text} {body} {body}",
            format="text",
            title="Varnel river floods Kesmoor",
            url=f"https://outlet{i}.invalid/l{i}",
            outlet=f"Outlet{i}",
            published="2026-12-03",
        ),
        ingested_at="2026-12-07T00:00:00+00:00",
    )


def _lone_short_article(store: SQLiteStore, options: IncrementalOptions | None) -> tuple:
    longs = [_long_flood(i) for i in range(3)]
    store.add_articles(longs)
    add_to_stories(store, [a.id for a in longs], use_annotations=False)
    short = build_article(
        ArticleDraft(
            source="test/s1",
            text="Rescue boats worked through the night in the lower town as the river rose,"
            " officials said.",
            format="text",
            title="Night of rescue boats",
            url="https://brief.invalid/s1",
            outlet="Brief",
            published="2026-12-04",
        ),
        ingested_at="2026-12-07T00:00:00+00:00",
    )
    store.add_articles([short])
    (placed,) = add_to_stories(store, [short.id], options, use_annotations=False).placements
    return placed.created, len(store.get_story(placed.story_id).article_ids)


def test_a_lone_short_article_follows_the_stores_preset(tmp_path) -> None:
    from newsprism.store import open_store

    outcomes = []
    for name, options in (
        ("store", None),
        ("articles", IncrementalOptions(cluster=ClusterOptions.articles())),
        ("snippets", IncrementalOptions(cluster=ClusterOptions())),
    ):
        with open_store(tmp_path / f"{name}.db") as store:
            outcomes.append(_lone_short_article(store, options))
            if options is None:
                assert store_preset(store) == ClusterOptions.articles()
    chosen, articles, snippets = outcomes
    assert chosen == articles != snippets  # not the preset the short article alone fits


def test_the_stores_preset_is_the_median_rule_of_for_corpus() -> None:
    lengths = {"empty": 0, "short": 20, "full": 300}
    for mix in ((3, 0, 0), (2, 1, 0), (1, 1, 1), (0, 2, 2), (0, 2, 3), (0, 3, 2), (1, 0, 2)):
        counts = dict(zip(CLASSES, mix, strict=True))
        items = [
            ClusterItem(f"{cls}{n}", "Title", " ".join(["word"] * lengths[cls]))
            for cls, count in counts.items()
            for n in range(count)
        ]
        assert preset_for(counts) == ClusterOptions.for_corpus(items), mix


def test_a_window_regroup_follows_the_stores_preset(store: SQLiteStore, monkeypatch) -> None:
    from newsprism.incremental import window

    longs = [_long_flood(i) for i in range(3)]  # full-length articles, days before the window
    store.add_articles(longs)
    add_to_stories(store, [a.id for a in longs], use_annotations=False)
    recent = [_article("c1", CHESS, "9", "Ledger"), _article("c2", CHESS, "9", "Courier")]
    short = [
        build_article(
            ArticleDraft(
                source=f"test/short-{a.id}",
                text=a.text.split(".")[0] + ".",
                format="text",
                title=a.title,
                url=a.url + "/short",
                outlet=a.outlet,
                published="2026-12-09",
            ),
            ingested_at="2026-12-07T00:00:00+00:00",
        )
        for a in recent
    ]
    _add(store, *short)
    seen: list[ClusterOptions | None] = []
    real = window.cluster_stories

    def spy(items, options=None, corrections=None):
        seen.append(options)
        return real(items, options, corrections)

    monkeypatch.setattr(window, "cluster_stories", spy)
    regroup_recent(store, days=3)
    assert seen == [ClusterOptions.articles()]  # not the snippet preset of the window alone
