"""An ensemble of runs is a run: evaluate, predict, the scorer and the report take it,
and its probabilities are the mean of its members'."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.cli import main
from reviewer.errors import UserError
from reviewer.training import runs
from reviewer.training.dataset import load_snapshot
from reviewer.training.ensemble import create_ensemble, is_ensemble
from reviewer.training.evaluate import evaluate_run, load_model, predict_probabilities
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.model_files import run_model_file
from reviewer.training.scorer import Scorer
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import train
from tests.conftest import TrainedTemplate, copying_fixtures, train_template


def _spec(seed: int, size: int = 32) -> TrainSpec:
    return TrainSpec(backbone="mobilenet", input_size=size, weights=None, epochs=1,
                     batch_size=8, learning_rate=1e-3, views=1, seed=seed)


def _train(catalogue: Catalogue, cache: FeatureCache, seed: int, size: int = 32) -> int:
    return train(catalogue, _spec(seed, size), cache=cache).run_id


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> TrainedTemplate:
    """The tiny catalogue with two members trained (seeds 1 and 2), once for the module."""
    return train_template(tmp_path_factory.mktemp("ensemble"),
                          [_spec(1), _spec(2)])


trainable, cache = copying_fixtures()  # each test's own copy of the template


@pytest.fixture
def members(template: TrainedTemplate, trainable: Catalogue) -> tuple[int, int]:
    first, second = template.run_ids
    return first, second


def _probabilities(catalogue: Catalogue, run_id: int, split: str) -> np.ndarray:
    with catalogue.read() as s:
        info = runs.get_run(s, run_id)
        examples = load_snapshot(s, run_id, info.class_names).split(split)
    model = load_model(run_model_file(catalogue, info))
    return predict_probabilities(model, catalogue, examples, int(model.input_shape[1]))


def test_ensemble_probabilities_are_the_members_mean(
    trainable: Catalogue, members: tuple[int, int]
) -> None:
    run_id = create_ensemble(trainable, members)
    with trainable.read() as s:
        info = runs.get_run(s, run_id)
    assert is_ensemble(info) and info.settings["members"] == list(members)
    assert info.status == "finished" and info.backbone == "ensemble"
    got = _probabilities(trainable, run_id, "test")
    want = np.mean([_probabilities(trainable, m, "test") for m in members], axis=0)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert not np.allclose(want, _probabilities(trainable, members[0], "test"))  # members differ

    result = evaluate_run(trainable, run_id, "test")
    assert result.metrics.accuracy == pytest.approx(
        float(np.mean(np.argmax(got, axis=1) == _labels(trainable, run_id, "test"))))
    scorer = Scorer.for_run(trainable, run_id, backend="keras", top_k=3)
    assert scorer.class_names == info.class_names


def _labels(catalogue: Catalogue, run_id: int, split: str) -> np.ndarray:
    with catalogue.read() as s:
        info = runs.get_run(s, run_id)
        return np.array([e.label for e in load_snapshot(s, run_id, info.class_names).split(split)])


def test_members_of_different_input_sizes(trainable: Catalogue, cache: FeatureCache,
                                          members: tuple[int, int]) -> None:
    bigger = _train(trainable, cache, 3, size=40)
    run_id = create_ensemble(trainable, [members[0], bigger])
    probs = _probabilities(trainable, run_id, "validation")
    assert probs.shape[1] == 3 and np.allclose(probs.sum(axis=1), 1, atol=1e-5)
    with trainable.read() as s:
        assert runs.get_run(s, run_id).settings["input_size"] == 40


def test_ensemble_through_the_command_line(
    trainable: Catalogue, members: tuple[int, int], capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    url = trainable.url
    assert main(["--catalogue", url, "ensemble", *map(str, members)]) == 0
    out = capsys.readouterr().out
    run_id = max(members) + 1
    assert f"Run {run_id}: ensemble" in out and "test accuracy" in out and "Report:" in out
    assert main(["--catalogue", url, "predict", str(run_id), "--split", "test", "--json",
                 "--backend", "keras"]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored  # one entry per test image, with the run's class names
    assert main(["--catalogue", url, "runs", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any(r["id"] == run_id and r["backbone"] == "ensemble" for r in listed["runs"])


def test_bad_ensembles_are_refused_with_a_reason(
    trainable: Catalogue, members: tuple[int, int]
) -> None:
    with pytest.raises(UserError, match="at least two"):
        create_ensemble(trainable, [members[0], members[0]])
    with pytest.raises(UserError, match="No run 99"):
        create_ensemble(trainable, [members[0], 99])
