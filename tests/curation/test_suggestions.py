"""Model-assisted labelling: suggestions for unlabelled images, accepted only by a person,
undone in one step; the uncertainty sort; a refresh replacing stale suggestions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from reviewer.catalogue import labels, suggestions
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter, page_images, position_of
from reviewer.catalogue.schema import Image, LabelEvent, Suggestion
from reviewer.cli import main
from reviewer.curation import suggest
from reviewer.curation.embedding_store import EmbeddingStore
from tests.curation.conftest import CLASSES, DIM

HIDDEN = 5  # per category, labels taken away (the truth is in the file name)


@pytest.fixture
def half_labelled(labelled: Catalogue) -> Catalogue:
    """The made catalogue with the last HIDDEN images of each category unlabelled."""
    with labelled.write() as session:
        rows = session.execute(select(Image.id, Image.file_name)).all()
        hidden = [i for i, name in rows if int(name.split("_")[1].split(".")[0]) >= 15 - HIDDEN]
        labels.relabel(session, hidden, None, actor="setup")
    return labelled


def truth(catalogue: Catalogue) -> dict[int, str]:
    with catalogue.read() as session:
        return {i: n.split("_")[0] for i, n in session.execute(select(Image.id, Image.file_name))}


def unlabelled_ids(catalogue: Catalogue) -> list[int]:
    with catalogue.read() as session:
        return list(session.scalars(select(Image.id).where(Image.category_id.is_(None))))


def state(catalogue: Catalogue) -> dict[int, tuple[int | None, bool]]:
    with catalogue.read() as session:
        return {i: (c, u) for i, c, u in session.execute(
            select(Image.id, Image.category_id, Image.unsure))}


def rewritten_store(source: EmbeddingStore, root: Path, key: str,
                    change: Callable[[dict[str, np.ndarray]], None]) -> EmbeddingStore:
    """A copy of ``source`` under another key with some vectors changed."""
    hashes = [bytes(h).hex() for h in sorted(source.rows(), key=source.rows().__getitem__)]
    vectors, _have = source.vectors(hashes)
    by_hash = {h: np.asarray(v, np.float32) for h, v in zip(hashes, vectors, strict=True)}
    change(by_hash)
    store = EmbeddingStore(key, DIM, root)
    with store.writer() as writer:
        writer.add(list(by_hash), np.stack(list(by_hash.values())))
    return store


def sha_of(catalogue: Catalogue, image_id: int) -> str:
    with catalogue.read() as session:
        return str(session.scalar(select(Image.sha256).where(Image.id == image_id)))


def test_suggestions_are_stored_for_unlabelled_images_and_never_become_labels(
        half_labelled: Catalogue, clustered_store: EmbeddingStore) -> None:
    before = state(half_labelled)
    with half_labelled.read() as session:
        events_before = session.scalar(select(LabelEvent.id).order_by(LabelEvent.id.desc()))
    done = suggest.refresh(half_labelled, store=clustered_store)
    hidden = unlabelled_ids(half_labelled)
    assert done.stored == len(hidden) == HIDDEN * len(CLASSES)
    assert done.source.kind == "linear"
    assert state(half_labelled) == before  # not one label written
    with half_labelled.read() as session:
        assert session.scalar(select(LabelEvent.id).order_by(LabelEvent.id.desc())) == events_before
        shown = suggestions.open_suggestions(session)
    answers = truth(half_labelled)
    assert {s.image_id for s in shown} == set(hidden)
    right = sum(s.category == answers[s.image_id] for s in shown)
    assert right >= len(shown) - 1  # well-separated clusters
    # The held-out precision was measured on the labelled images.
    precision, n = done.source.precision_at(0.5)
    assert n > 0 and precision is not None and precision > 0.9


def test_accepting_chosen_images_is_one_batch_with_source_suggestion_undone_in_one_step(
        half_labelled: Catalogue, clustered_store: EmbeddingStore) -> None:
    suggest.refresh(half_labelled, store=clustered_store)
    before = state(half_labelled)
    chosen = unlabelled_ids(half_labelled)[:3]
    with half_labelled.read() as session:
        wanted = {i: c for i, (c, _p) in suggestions.suggestion_for(session, chosen).items()}
    with half_labelled.write() as session:
        result = suggestions.accept(session, actor="ann", image_ids=chosen)
    assert result.changed == 3
    after = state(half_labelled)
    assert {i: after[i][0] for i in chosen} == wanted
    with half_labelled.read() as session:
        events = session.execute(select(LabelEvent.batch_id, LabelEvent.source)
                                 .where(LabelEvent.image_id.in_(chosen))
                                 .order_by(LabelEvent.id.desc())).all()
    assert {e.source for e in events[:3]} == {"suggestion"}
    assert {e.batch_id for e in events[:3]} == {result.batch_id}
    with half_labelled.write() as session:
        step = labels.undo(session, actor="ann")
    assert step.complete and step.reverted == 3
    assert state(half_labelled) == before


def test_bulk_accept_above_a_confidence_is_one_undoable_step_and_skips_labelled_images(
        half_labelled: Catalogue, clustered_store: EmbeddingStore) -> None:
    suggest.refresh(half_labelled, store=clustered_store)
    hidden = unlabelled_ids(half_labelled)
    # A colleague labels one of them meanwhile: bulk accept must leave it alone.
    with half_labelled.write() as session:
        labels.relabel(session, [hidden[0]], CLASSES[0], actor="bob")
    before = state(half_labelled)
    with half_labelled.read() as session:
        expected = suggestions.count_open(session, min_confidence=0.6)
        confidences = {int(i): float(c) for i, c in session.execute(
            select(Suggestion.image_id, Suggestion.confidence))}
    assert expected > 0
    with half_labelled.write() as session:
        result = suggestions.accept(session, actor="ann", min_confidence=0.6)
    assert result.changed == expected
    after = state(half_labelled)
    assert after[hidden[0]] == before[hidden[0]]
    changed = [i for i in hidden if after[i] != before[i]]
    assert len(changed) == expected and all(confidences[i] >= 0.6 for i in changed)
    with half_labelled.write() as session:
        step = labels.undo(session, actor="ann")
    assert step.complete and step.reverted == expected
    assert state(half_labelled) == before


def test_the_uncertainty_sort_puts_a_made_ambiguous_image_first(
        half_labelled: Catalogue, clustered_store: EmbeddingStore, tmp_path: Path) -> None:
    hidden = unlabelled_ids(half_labelled)
    ambiguous = hidden[len(hidden) // 2]
    answers = truth(half_labelled)
    with half_labelled.read() as session:
        rows = session.execute(select(Image.sha256, Image.file_name, Image.category_id)).all()
    vectors, _ = clustered_store.vectors([r.sha256 for r in rows])
    centre = {name: vectors[[i for i, r in enumerate(rows) if r.file_name.startswith(name)]]
              .mean(axis=0) for name in CLASSES}
    a, b = CLASSES[0], CLASSES[1]

    def blend(by_hash: dict[str, np.ndarray]) -> None:
        by_hash[sha_of(half_labelled, ambiguous)] = (centre[a] + centre[b]) / 2

    store = rewritten_store(clustered_store, tmp_path / "emb2", "ambiguous", blend)
    suggest.refresh(half_labelled, store=store)
    flt = ImageFilter(category_ids=(-1,))
    with half_labelled.read() as session:
        useful = page_images(session, flt, sort="most_useful", limit=50)
        easiest = page_images(session, flt, sort="easiest", limit=50)
        assert position_of(session, flt, ambiguous, sort="most_useful") == 0
        # Keyset paging in this order gives the same sequence as one read.
        first = page_images(session, flt, sort="most_useful", limit=7)
        rest = page_images(session, flt, sort="most_useful", limit=50,
                           after=(first[-1].useful_rank, first[-1].id))
    assert useful[0].id == ambiguous
    assert len(useful) == len(hidden) and useful[0].suggested_category_id is not None
    assert [r.id for r in first + rest] == [r.id for r in useful]
    confidences = [float(r.suggestion_confidence or 0) for r in easiest]
    assert confidences == sorted(confidences, reverse=True)
    assert easiest[-1].id == ambiguous  # the least confident comes last
    assert answers[ambiguous] in CLASSES


def test_a_refreshed_model_replaces_stale_suggestions(
        half_labelled: Catalogue, clustered_store: EmbeddingStore, tmp_path: Path) -> None:
    hidden = unlabelled_ids(half_labelled)
    moved = hidden[0]
    answers = truth(half_labelled)
    other = next(c for c in CLASSES if c != answers[moved])
    first = suggest.refresh(half_labelled, store=clustered_store)
    with half_labelled.read() as session:
        was = suggestions.suggestion_for(session, [moved])[moved]
        names = {s.image_id: s.category for s in suggestions.open_suggestions(session)}
    assert names[moved] == answers[moved]
    # New labels arrive: half the hidden images, and the model is refitted on new
    # vectors that put ``moved`` among ``other``.
    with half_labelled.write() as session:
        for image_id in hidden[1:10]:
            labels.relabel(session, [image_id], answers[image_id], actor="ann")
    with half_labelled.read() as session:
        rows = session.execute(select(Image.sha256, Image.file_name)).all()
    vectors, _ = clustered_store.vectors([r.sha256 for r in rows])
    target = vectors[[i for i, r in enumerate(rows) if r.file_name.startswith(other)]].mean(0)

    def move(by_hash: dict[str, np.ndarray]) -> None:
        by_hash[sha_of(half_labelled, moved)] = target

    store = rewritten_store(clustered_store, tmp_path / "emb3", "moved", move)
    second = suggest.refresh(half_labelled, store=store)
    assert second.source.fingerprint != first.source.fingerprint
    assert second.source.created_at >= first.source.created_at
    with half_labelled.read() as session:
        stored_rows = session.execute(select(Suggestion.image_id, Suggestion.fingerprint,
                                             Suggestion.created_at)).all()
        now_is = suggestions.suggestion_for(session, [moved])[moved]
        names = {s.image_id: s.category for s in suggestions.open_suggestions(session)}
        source = suggestions.source_info(session)
    assert names[moved] == other and now_is != was
    assert {r.image_id for r in stored_rows} == set(unlabelled_ids(half_labelled))
    assert {r.fingerprint for r in stored_rows} == {second.source.fingerprint}
    assert source is not None and source.fingerprint == second.source.fingerprint


def test_staleness_follows_new_labels(half_labelled: Catalogue,
                                      clustered_store: EmbeddingStore) -> None:
    assert suggest.is_stale(half_labelled) == "no suggestions yet"
    suggest.refresh(half_labelled, store=clustered_store)
    assert suggest.is_stale(half_labelled, every=5) is None
    answers = truth(half_labelled)
    with half_labelled.write() as session:
        for image_id in unlabelled_ids(half_labelled)[:5]:
            labels.relabel(session, [image_id], answers[image_id], actor="ann")
    assert suggest.is_stale(half_labelled, every=5) == "5 new labels"


def test_cli_suggest_and_accept(half_labelled: Catalogue, clustered_store: EmbeddingStore,
                                capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggest, "_vectors",
                        lambda catalogue, store: suggest.load_vectors(catalogue, clustered_store))
    url = half_labelled.url
    assert main(["--catalogue", url, "accept"]) == 2  # nothing suggested yet
    assert "reviewer suggest" in capsys.readouterr().err
    assert main(["--catalogue", url, "suggest", "--json", "--limit", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"]["kind"] == "linear"
    assert out["open"] == len(out["suggestions"]) == HIDDEN * len(CLASSES)
    assert all(set(s) >= {"image_id", "suggestion", "confidence"} for s in out["suggestions"])
    before = state(half_labelled)
    assert main(["--catalogue", url, "accept", "--min-confidence", "60%", "--as", "ann",
                 "--category", CLASSES[0]]) == 0
    said = capsys.readouterr().out
    assert "Accepted" in said and "measured precision" in said
    after = state(half_labelled)
    changed = [i for i in after if after[i] != before[i]]
    with half_labelled.read() as session:
        hat = session.scalar(select(Suggestion.category_id).where(
            Suggestion.image_id == changed[0]))
    assert changed and {after[i][0] for i in changed} == {hat}
    assert main(["--catalogue", url, "undo", "--as", "ann"]) == 0
    assert state(half_labelled) == before
    assert main(["--catalogue", url, "accept", "--category", "no-such"]) == 3


def test_the_linear_source_does_not_learn_from_bulk_acceptances(
        half_labelled: Catalogue, clustered_store: EmbeddingStore) -> None:
    suggest.refresh(half_labelled, store=clustered_store)
    hidden = unlabelled_ids(half_labelled)
    with half_labelled.write() as session:
        one = suggestions.accept(session, actor="ann", image_ids=[hidden[0]])
        bulk = suggestions.accept(session, actor="ann", image_ids=hidden[1:6])
        assert one.changed == 1 and bulk.changed == 5
        assert suggestions.bulk_accepted_ids(session) == set(hidden[1:6])
    before = suggest.refresh(half_labelled, store=clustered_store)
    # 60 images, 20 hidden: 40 labelled at first, +1 looked at, the 5 bulk ones left out.
    assert "41 labelled images" in before.source.how
    with half_labelled.write() as session:  # a person relabels one of the bulk ones
        labels.relabel(session, [hidden[1]], CLASSES[0], actor="ann")
        assert suggestions.bulk_accepted_ids(session) == set(hidden[2:6])
