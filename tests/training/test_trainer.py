"""Training end to end on a tiny model: fast and naive paths, cancel, resume."""

from __future__ import annotations

from reviewer.catalogue.db import Catalogue
from reviewer.training import runs
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.progress import TrainProgress
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import resume, train


def test_fast_path_trains_and_records_the_run(
    trainable: Catalogue, tiny_spec: TrainSpec, cache: FeatureCache
) -> None:
    events: list[TrainProgress] = []
    result = train(trainable, tiny_spec, on_progress=events.append, cache=cache)
    assert result.status == "finished"
    assert [h["epoch"] for h in result.history] == [1, 2]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(result.history[0])
    assert result.frozen_count == 74
    assert any(e.stage == "caching" for e in events)
    assert any(e.epoch_end for e in events)
    # Every view computed once (24 training images × 2 views, 6 validation × 1), none found.
    assert (result.cache_misses, result.cache_hits) == (24 * 2 + 6, 0)
    with trainable.read() as s:
        info = runs.get_run(s, result.run_id)
    assert info.status == "finished" and info.model_path and info.class_names == [
        "bag", "hat", "shoes"]
    assert len(info.history) == 2
    again = train(trainable, tiny_spec, cache=cache)
    assert (again.cache_misses, again.cache_hits) == (0, 24 * 2 + 6)  # all read back


def test_naive_path(trainable: Catalogue, tiny_spec: TrainSpec) -> None:
    tiny_spec.fast_path = False
    tiny_spec.epochs = 1
    result = train(trainable, tiny_spec)
    assert result.status == "finished" and len(result.history) == 1


def test_cancel_then_resume(trainable: Catalogue, tiny_spec: TrainSpec, cache: FeatureCache) -> None:
    tiny_spec.epochs = 4
    epochs_seen: list[int] = []

    def progress(p: TrainProgress) -> None:
        if p.epoch_end:
            epochs_seen.append(p.epoch)

    result = train(trainable, tiny_spec, on_progress=progress, cache=cache,
                   should_stop=lambda: len(epochs_seen) >= 1)
    assert result.status == "cancelled"
    assert result.model_path is None
    with trainable.read() as s:
        assert runs.get_run(s, result.run_id).status == "cancelled"
    done = resume(trainable, result.run_id, cache=cache)
    assert done.status == "finished"
    assert [h["epoch"] for h in done.history] == [1, 2, 3, 4]


def test_resumed_cosine_schedule_continues_where_it_stopped(
    trainable: Catalogue, cache: FeatureCache
) -> None:
    """A resumed run's learning rate follows the schedule from the resumed epoch on (it
    used to warm up again from step 0), on the cached and on the naive path."""
    import pytest

    from reviewer.training import optimisation
    from reviewer.training.recipes import recipe_spec

    for fast in (True, False):
        spec = recipe_spec("default", backbone="mobilenet", input_size=32, weights=None,
                           epochs=4, batch_size=8, head_epochs=0, views=1, early_stopping=0,
                           warmup_epochs=1.0, seed=1, fast_path=fast)
        whole = train(trainable, spec, cache=cache)
        ended: list[int] = []

        def progress(p: TrainProgress, ended: list[int] = ended) -> None:
            if p.epoch_end:
                ended.append(p.epoch)

        cut = train(trainable, spec, on_progress=progress, cache=cache,
                    should_stop=lambda ended=ended: len(ended) >= 2)
        assert cut.status == "cancelled" and len(cut.history) == 2
        done = resume(trainable, cut.run_id, cache=cache)
        rates = [h["learning_rate"] for h in done.history]
        expected = [h["learning_rate"] for h in whole.history]
        assert rates == pytest.approx(expected, rel=1e-5), fast
        steps = 3  # 24 training images in batches of 8
        schedule = optimisation.learning_rate(spec, steps)
        assert rates == pytest.approx([float(schedule(steps * e)) for e in (1, 2, 3, 4)],
                                      rel=1e-5, abs=1e-9)
        assert rates[2] < rates[1]  # decaying, not warming up again
