"""Horizontal-flip test-time augmentation: the probabilities are the mean of the picture's
and its mirror's, the default recipe evaluates with it and the paper's does not, the
command line sets it (train, evaluate, ensemble, predict) and the run's record, the
stored evaluation and the report say which was used."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.cli import main
from reviewer.training import runs
from reviewer.training.dataset import load_snapshot
from reviewer.training.ensemble import create_ensemble
from reviewer.training.evaluate import evaluate_run, load_model, predict_probabilities
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.model_files import run_model_file
from reviewer.training.pipeline import evaluation_dataset
from reviewer.training.recipes import recipe_spec
from reviewer.training.run_readers import stored_metrics
from reviewer.training.run_report import write_report
from reviewer.training.scorer import Scorer
from reviewer.training.trainer import train
from tests.training.telling_model import telling_classifier

TINY = {"backbone": "mobilenet", "input_size": 32, "weights": None, "epochs": 1,
        "batch_size": 8, "head_epochs": 2, "seed": 1}


def _telling_model(catalogue: Catalogue, run_id: int, seed: int) -> None:
    """Replace the run's trained model (a tiny one from random weights answers nearly the
    same for every picture) by the same classifier with its batch norms calibrated on
    random pixels and a random head, whose answers differ from picture to picture and
    from a picture to its mirror. Seeded, as test_export_scorer's model."""
    parts = telling_classifier(3, 32, seed, head_spread=0.05)
    with catalogue.read() as s:
        info = runs.get_run(s, run_id)
    parts.model.save(run_model_file(catalogue, info))


@pytest.fixture
def tta_run(trainable: Catalogue, cache: FeatureCache) -> int:
    """The default recipe with flip TTA asked for (the recipe itself leaves it off)."""
    run_id = train(trainable, recipe_spec("default", tta=True, **TINY), cache=cache).run_id
    _telling_model(trainable, run_id, 0)
    return run_id


@pytest.fixture
def paper_run(trainable: Catalogue, cache: FeatureCache) -> int:
    run_id = train(trainable, recipe_spec("paper", **TINY), cache=cache).run_id
    _telling_model(trainable, run_id, 1)
    return run_id


def _model_and_examples(catalogue: Catalogue, run_id: int, split: str):  # type: ignore[no-untyped-def]
    with catalogue.read() as s:
        info = runs.get_run(s, run_id)
        examples = load_snapshot(s, run_id, info.class_names).split(split)
    return load_model(run_model_file(catalogue, info)), examples


def _two_passes(catalogue: Catalogue, run_id: int, split: str) -> tuple[np.ndarray, np.ndarray]:
    """The model's probabilities for the pictures and, apart, for their mirror images."""
    model, examples = _model_and_examples(catalogue, run_id, split)
    size = int(model.input_shape[1])
    plain, mirrored = [], []
    for images, _labels in evaluation_dataset(catalogue.store, examples, size, batch_size=5):
        pixels = np.asarray(images)
        plain.append(np.asarray(model(pixels, training=False)))
        mirrored.append(np.asarray(model(pixels[:, :, ::-1, :].copy(), training=False)))
    return np.concatenate(plain), np.concatenate(mirrored)


def _labels(catalogue: Catalogue, run_id: int, split: str) -> np.ndarray:
    _model, examples = _model_and_examples(catalogue, run_id, split)
    return np.array([e.label for e in examples])


def test_tta_probabilities_are_the_mean_of_the_two_passes(
    trainable: Catalogue, tta_run: int
) -> None:
    model, examples = _model_and_examples(trainable, tta_run, "validation")
    size = int(model.input_shape[1])
    plain, mirrored = _two_passes(trainable, tta_run, "validation")
    assert not np.allclose(plain, mirrored, atol=1e-4)  # the pictures are not symmetric
    got = predict_probabilities(model, trainable, examples, size, tta=True)
    np.testing.assert_allclose(got, (plain + mirrored) / 2, rtol=1e-5, atol=1e-6)
    one = predict_probabilities(model, trainable, examples, size)
    np.testing.assert_allclose(one, plain, rtol=1e-5, atol=1e-6)


def test_a_run_trained_with_tta_evaluates_with_it_and_records_it(
    trainable: Catalogue, tta_run: int, tmp_path: Path
) -> None:
    with trainable.read() as s:
        assert runs.get_run(s, tta_run).settings["tta"] is True
    plain, mirrored = _two_passes(trainable, tta_run, "test")
    result = evaluate_run(trainable, tta_run, "test")
    assert result.metrics.tta is True
    mean = (plain + mirrored) / 2
    labels = _labels(trainable, tta_run, "test")
    assert result.metrics.accuracy == pytest.approx(float(np.mean(mean.argmax(1) == labels)))
    eps = 1e-7  # the stored loss is the TTA probabilities' cross-entropy
    loss = float(np.mean(-np.log(np.clip(mean[np.arange(len(labels)), labels], eps, 1))))
    assert result.metrics.loss == pytest.approx(loss, rel=1e-3)
    stored = stored_metrics(trainable, tta_run, "test")
    assert stored is not None and stored.metrics.tta is True  # read back from the catalogue

    off = evaluate_run(trainable, tta_run, "test", tta=False)  # asked: one pass
    assert off.metrics.tta is False
    assert off.metrics.accuracy == pytest.approx(float(np.mean(plain.argmax(1) == labels)))

    evaluate_run(trainable, tta_run, "validation")
    text = write_report(trainable, tta_run, tmp_path / "r").read_text(encoding="utf-8")
    assert "Test-time augmentation" in text and "horizontal flip" in text
    assert "(horizontal-flip test-time augmentation)" in text


def test_paper_recipe_does_not_use_tta(trainable: Catalogue, paper_run: int,
                                       tmp_path: Path) -> None:
    assert recipe_spec("paper").tta is False and recipe_spec("default").tta is False
    with trainable.read() as s:
        assert runs.get_run(s, paper_run).settings["tta"] is False
    plain, _mirrored = _two_passes(trainable, paper_run, "test")
    result = evaluate_run(trainable, paper_run, "test")
    labels = _labels(trainable, paper_run, "test")
    assert result.metrics.tta is False
    assert result.metrics.accuracy == pytest.approx(float(np.mean(plain.argmax(1) == labels)))
    eps = 1e-7
    loss = float(np.mean(-np.log(np.clip(plain[np.arange(len(labels)), labels], eps, 1))))
    assert result.metrics.loss == pytest.approx(loss, rel=1e-3)
    text = write_report(trainable, paper_run, tmp_path / "r").read_text(encoding="utf-8")
    assert "test-time augmentation)" not in text
    assert "<th>Test-time augmentation</th><td>off</td>" in text


def test_command_line_sets_tta_for_train_and_evaluate(
    trainable: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    url = trainable.url
    common = ["--backbone", "mobilenet", "--input-size", "32", "--weights", "none",
              "--epochs", "1", "--batch-size", "8", "--views", "1"]
    assert main(["--catalogue", url, "train", *common, "--no-tta"]) == 0
    out = capsys.readouterr().out
    assert "test accuracy" in out and "with flip TTA" not in out
    assert main(["--catalogue", url, "train", "--recipe", "paper", *common, "--tta"]) == 0
    out = capsys.readouterr().out
    assert "test accuracy" in out and "(with flip TTA)" in out
    with trainable.read() as s:
        settings = {r.id: r.settings for r in runs.list_runs(s)}
    assert settings[1]["recipe"] == "default" and settings[1]["tta"] is False
    assert settings[2]["recipe"] == "paper" and settings[2]["tta"] is True

    assert main(["--catalogue", url, "evaluate", "1", "--tta", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tta"] is True
    assert main(["--catalogue", url, "evaluate", "1", "--json"]) == 0  # as recorded: off
    assert json.loads(capsys.readouterr().out)["tta"] is False
    assert main(["--catalogue", url, "evaluate", "2", "--split", "validation"]) == 0
    assert "on validation with flip TTA: accuracy" in capsys.readouterr().out


def test_ensemble_follows_its_members_and_the_option(
    trainable: Catalogue, tta_run: int, paper_run: int
) -> None:
    mixed = create_ensemble(trainable, [tta_run, paper_run])
    both = create_ensemble(trainable, [tta_run, paper_run], tta=True)
    with trainable.read() as s:
        assert runs.get_run(s, mixed).settings["tta"] is False  # not every member's
        assert runs.get_run(s, both).settings["tta"] is True
    assert evaluate_run(trainable, mixed, "test").metrics.tta is False
    result = evaluate_run(trainable, both, "test")
    plain = [_two_passes(trainable, m, "test") for m in (tta_run, paper_run)]
    mean = np.mean([(p + m) / 2 for p, m in plain], axis=0)
    labels = _labels(trainable, both, "test")
    assert result.metrics.tta is True
    assert result.metrics.accuracy == pytest.approx(float(np.mean(mean.argmax(1) == labels)))


def test_scorer_uses_tta_only_when_asked(trainable: Catalogue, tta_run: int) -> None:
    model, examples = _model_and_examples(trainable, tta_run, "validation")
    pixels = np.concatenate([np.asarray(x) for x, _ in evaluation_dataset(
        trainable.store, examples, int(model.input_shape[1]), batch_size=8)])
    plain = np.asarray(model(pixels, training=False))
    mirrored = np.asarray(model(pixels[:, :, ::-1, :].copy(), training=False))
    one = Scorer.for_run(trainable, tta_run, backend="keras")
    assert one.tta is False  # the exported models' contract: one pass per picture
    np.testing.assert_allclose(one.predict_batch(pixels), plain, rtol=1e-4, atol=1e-5)
    for backend in ("keras", "auto"):
        two = Scorer.for_run(trainable, tta_run, backend=backend, tta=True)
        np.testing.assert_allclose(two.predict_batch(pixels), (plain + mirrored) / 2,
                                   rtol=1e-4, atol=1e-5)
