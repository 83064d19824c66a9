"""Suggestions from the newest finished run (a tiny real Keras model): stored for the
unlabelled images only, precision measured on the run's validation evaluation, and
refreshed when a newer run finishes."""

from __future__ import annotations

from sqlalchemy import select

from reviewer.catalogue import labels, suggestions
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image, Suggestion
from reviewer.curation import suggest
from reviewer.training.evaluate import evaluate_run
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import train


def test_the_newest_finished_run_suggests_and_a_newer_run_makes_them_stale(
        trainable: Catalogue, tiny_spec: TrainSpec, cache: FeatureCache) -> None:
    run_id = train(trainable, tiny_spec, cache=cache).run_id
    evaluate_run(trainable, run_id, "validation")
    with trainable.write() as session:
        test_ids = list(session.scalars(select(Image.id).where(Image.split == "test")))
        labels.relabel(session, test_ids, None, actor="setup")
    done = suggest.refresh(trainable)  # no embeddings needed with a run
    assert done.source.kind == "run" and done.source.run_id == run_id
    assert done.stored == len(test_ids) == done.unlabelled
    assert "validation evaluation" in done.source.how
    precision, n = done.source.precision_at(0.0)  # every validation image: the accuracy
    assert n == 6 and precision is not None
    with trainable.read() as session:
        rows = session.execute(select(Suggestion.image_id, Suggestion.source_kind,
                                      Suggestion.run_id, Suggestion.confidence,
                                      Suggestion.margin)).all()
        assert {r.image_id for r in rows} == set(test_ids)
        assert all(r.source_kind == "run" and r.run_id == run_id for r in rows)
        assert all(0 <= r.margin <= r.confidence <= 1 for r in rows)
        # Nothing became a label.
        assert session.scalar(select(Image.id).where(Image.id.in_(test_ids),
                                                     Image.category_id.is_not(None))) is None
        assert suggestions.source_info(session) is not None
    assert suggest.is_stale(trainable) is None
    newer = train(trainable, tiny_spec, cache=cache).run_id
    assert suggest.is_stale(trainable) == f"run {newer} finished"
    again = suggest.refresh(trainable)
    assert again.source.run_id == newer and again.stored == len(test_ids)
    with trainable.read() as session:
        assert set(session.scalars(select(Suggestion.run_id))) == {newer}
