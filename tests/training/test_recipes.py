"""The training presets: what each sets, overrides on top, and the default recipe's
stages (head first on pooled cached features, cosine schedule, label smoothing) run
end to end on a tiny model."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training import optimisation, runs
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.progress import TrainProgress
from reviewer.training.recipes import recipe_key, recipe_spec
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import train


def test_paper_recipe_is_the_papers_and_a_bare_spec() -> None:
    paper = recipe_spec("paper")
    assert (paper.epochs, paper.learning_rate, paper.schedule) == (100, 1e-4, "constant")
    assert paper.head_epochs == 0 and paper.label_smoothing == 0 and paper.early_stopping is None
    assert paper.frozen_layers is None  # the paper's counts, per backbone
    bare = TrainSpec()
    for name in ("epochs", "learning_rate", "schedule", "head_epochs", "label_smoothing",
                 "views", "early_stopping"):
        assert getattr(bare, name) == getattr(paper, name), name


def test_default_recipe_is_short_with_its_levers_on() -> None:
    spec = recipe_spec()
    assert spec.recipe == "default" and recipe_key("FAST") == "default"
    assert spec.epochs < 20 and spec.head_epochs > 0 and spec.schedule == "cosine"
    assert spec.early_stopping and spec.label_smoothing > 0 and spec.views < 8


def test_default_recipe_cut_is_the_measured_one_and_gives_way_to_the_users() -> None:
    for lite in ("efficientnet_lite0", "efficientnet-lite1", "EfficientNet-Lite2"):
        assert recipe_spec("default", backbone=lite).trainable_from == "block6a"
        assert recipe_spec("paper", backbone=lite).trainable_from is None  # the paper's cut
    assert recipe_spec("default", backbone="mobilenet").trainable_from is None
    assert recipe_spec("default", trainable_from="block7a").trainable_from == "block7a"
    by_count = recipe_spec("default", frozen_layers=30)
    assert by_count.trainable_from is None and by_count.frozen_layers == 30
    with pytest.raises(UserError, match="not both"):
        recipe_spec("default", frozen_layers=30, trainable_from="block7a")


def test_overrides_win_and_unset_options_keep_the_recipe() -> None:
    spec = recipe_spec("default", epochs=1, learning_rate=None, backbone="mobilenet")
    assert spec.epochs == 1 and spec.learning_rate == recipe_spec().learning_rate
    assert spec.warmup_epochs == 0  # one epoch leaves no room to warm up
    assert spec.backbone == "mobilenet"
    with pytest.raises(UserError, match="Unknown recipe 'quick'"):
        recipe_spec("quick")
    with pytest.raises(UserError, match="Warm up"):
        recipe_spec("default", epochs=2, warmup_epochs=3)


def test_cosine_schedule_warms_up_then_decays_to_zero() -> None:
    spec = recipe_spec("default", epochs=4, warmup_epochs=1, learning_rate=1e-3)
    rate = optimisation.learning_rate(spec, steps_per_epoch=10)
    values = [float(rate(step)) for step in (0, 10, 20, 39, 40)]
    assert values[0] == pytest.approx(1e-4)
    assert values[1] == pytest.approx(1e-3)
    assert values[1] > values[2] > values[3] > values[4] and values[4] == pytest.approx(0)
    assert optimisation.learning_rate(recipe_spec("paper"), 10) == 1e-4


def test_label_smoothing_loss_matches_the_smoothed_one_hot() -> None:
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]], np.float32)
    labels = np.array([0, 2])
    loss = optimisation.SmoothedSparseCrossentropy(0.3)
    target = np.full((2, 3), 0.1)
    target[[0, 1], labels] = 0.8
    expected = -(target * np.log(probs)).sum(axis=1).mean()
    assert float(loss(labels, probs)) == pytest.approx(expected, rel=1e-5)
    plain = keras.losses.SparseCategoricalCrossentropy()
    assert float(optimisation.SmoothedSparseCrossentropy(0.0)(labels, probs)) == pytest.approx(
        float(plain(labels, probs)), rel=1e-5)


def test_default_recipe_trains_head_first_then_fine_tunes(
    trainable: Catalogue, cache: FeatureCache
) -> None:
    spec = recipe_spec("default", backbone="mobilenet", input_size=32, weights=None,
                       epochs=2, batch_size=8, head_epochs=8, seed=1)
    events: list[TrainProgress] = []
    result = train(trainable, spec, on_progress=events.append, cache=cache)
    assert result.status == "finished" and 1 <= len(result.history) <= 2
    messages = [e.message for e in events]
    assert any(m.startswith("Head first:") and "epochs in" in m for m in messages)
    # the head stage ran before the first fine-tuning epoch
    head_at = next(i for i, m in enumerate(messages) if "epochs in" in m)
    first_epoch = next(i for i, e in enumerate(events) if e.epoch_end)
    assert head_at < first_epoch
    with trainable.read() as s:
        info = runs.get_run(s, result.run_id)
    assert info.settings["recipe"] == "default" and info.settings["head_epochs"] == 8
    assert TrainSpec.from_dict(info.settings) == spec


def test_head_first_trains_the_head_on_pooled_features(
    trainable: Catalogue, cache: FeatureCache
) -> None:
    """Pooled features run the trainable blocks over the cached cut; the head trained on
    them lowers its loss and is loaded into the classifier."""
    from reviewer.training.backbones import build_classifier
    from reviewer.training.dataset import take_snapshot
    from reviewer.training.head_stage import pooled_features, train_head_first
    from reviewer.training.trainer import cache_key, cached_features

    spec = recipe_spec("default", backbone="mobilenet", input_size=32, weights=None,
                       head_epochs=60, head_learning_rate=3e-2, label_smoothing=0.0, seed=1)
    keras.utils.set_random_seed(1)
    with trainable.read() as s:
        snap = take_snapshot(s)
    parts = build_classifier("mobilenet", 3, input_size=32, weights=None, frozen_layers=20)
    key = cache_key(parts, spec)
    train_ex, val_ex = snap.split("train"), snap.split("validation")
    x = cached_features(trainable, parts, spec, train_ex, 1, cache, key, on_progress=None,
                        should_stop=None, label="train")
    vx = cached_features(trainable, parts, spec, val_ex, 1, cache, key, on_progress=None,
                         should_stop=None, label="val")
    y = np.array([e.label for e in train_ex])
    vy = np.array([e.label for e in val_ex])
    before = parts.model.get_layer("predictions").get_weights()[0].copy()
    import tensorflow as tf

    logs = train_head_first(parts, spec, x, y, vx, vy,
                            tf.distribute.get_strategy())
    after = parts.model.get_layer("predictions").get_weights()[0]
    assert not np.allclose(before, after)  # loaded into the classifier
    assert np.isfinite(logs["val_loss"])
    pooled = pooled_features(parts, x)
    assert pooled.shape == (len(train_ex), 1, parts.backbone.output_shape[-1])
    from reviewer.training.pipeline import evaluation_dataset

    images = next(iter(evaluation_dataset(trainable.store, train_ex[:4], 32, batch_size=4)))[0]
    expected = np.asarray(parts.backbone(parts.preprocessing(images))).mean(axis=(1, 2))
    np.testing.assert_allclose(pooled[:4, 0], expected, rtol=0.02, atol=0.02)


def test_default_recipe_on_lite0_trains_from_stage_six_and_records_it(
    trainable: Catalogue, cache: FeatureCache
) -> None:
    pytest.importorskip("reviewer.training.lite0")
    from reviewer.training.backbones import build_classifier

    spec = recipe_spec("default", backbone="efficientnet_lite0", input_size=32, weights=None,
                       epochs=1, batch_size=8, head_epochs=2, views=1)
    result = train(trainable, spec, cache=cache)
    assert result.status == "finished"
    names = [layer.name for layer in build_classifier(
        "efficientnet_lite0", 3, input_size=32, weights=None).backbone.layers]
    assert names[result.frozen_count].startswith("block6a")
    assert not any(n.startswith("block6") for n in names[:result.frozen_count])
    with trainable.read() as s:
        assert runs.get_run(s, result.run_id).settings["trainable_from"] == "block6a"
