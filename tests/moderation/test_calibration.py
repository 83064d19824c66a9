"""Calibration picks the threshold a brute-force check picks, and is stored with the run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.errors import UserError
from reviewer.moderation.calibration import (
    calibrate_run,
    calibrated_run,
    latest_calibration,
    pick_threshold,
)
from tests.moderation.conftest import CLASSES, COLOURS, add_run, image_id_of, photo


def brute_force(probs: np.ndarray, labels: np.ndarray, precision: float,
                prevalence: float) -> tuple[float, float, float]:
    """Every threshold tried by plain counting over explicit (image, declaration) cases."""
    n, k = probs.shape
    cases = []  # (score, wrong declaration?, weight)
    for i in range(n):
        for d in range(k):
            score = 0.0 if probs[i].argmax() == d else 1.0 - probs[i, d]
            if d == labels[i]:
                cases.append((score, False, (1 - prevalence) / n))
            else:
                cases.append((score, True, prevalence / (n * (k - 1))))
    best = None
    for t in sorted({c[0] for c in cases if c[1] and c[0] > 0}):
        tp = sum(w for s, wrong, w in cases if wrong and s >= t)
        fp = sum(w for s, wrong, w in cases if not wrong and s >= t)
        recall = tp / prevalence
        prec = tp / (tp + fp) if tp + fp else 0.0
        if prec >= precision and (best is None or recall > best[2]):
            best = (t, prec, recall)
    assert best is not None
    return best


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_threshold_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k = 60, 4
    labels = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), labels] += rng.uniform(0, 4, n)  # a fair but imperfect model
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    for precision, prevalence in ((0.85, 0.1), (0.7, 0.3), (0.95, 0.05)):
        try:
            expected = brute_force(probs, labels, precision, prevalence)
        except AssertionError:
            with pytest.raises(UserError, match="No threshold reaches"):
                pick_threshold(probs, labels, precision=precision, prevalence=prevalence)
            continue
        got = pick_threshold(probs, labels, precision=precision, prevalence=prevalence)
        assert got.threshold == pytest.approx(expected[0])
        assert got.precision == pytest.approx(expected[1])
        assert got.recall == pytest.approx(expected[2])


def test_bad_targets_are_refused() -> None:
    probs = np.array([[0.9, 0.1], [0.2, 0.8]])
    with pytest.raises(UserError, match="between 0 and 1"):
        pick_threshold(probs, np.array([0, 1]), precision=1.5)
    with pytest.raises(UserError, match="prevalence"):
        pick_threshold(probs, np.array([0, 1]), prevalence=0)


def _validation_run(catalogue: Catalogue, tmp_path: Path, model: Path) -> int:
    folder = tmp_path / "val"
    for name in CLASSES:
        for i in range(4):
            photo(folder / name / f"{name}{i}.jpg", COLOURS[name], 10 * CLASSES.index(name) + i)
    # one hat that looks like a bag: the model gets it wrong
    photo(folder / "hat" / "odd.jpg", COLOURS["bag"], 99)
    run_import(catalogue, folder, ImportOptions(actor="t", workers=1))
    validation = [(image_id_of(catalogue, f"{name}{i}.jpg"), CLASSES.index(name))
                  for name in CLASSES for i in range(4)]
    validation.append((image_id_of(catalogue, "odd.jpg"), 0))
    return add_run(catalogue, model, validation)


def test_calibrate_run_stores_it(catalogue: Catalogue, tmp_path: Path,
                                 colour_model: Path) -> None:
    run_id = _validation_run(catalogue, tmp_path, colour_model)
    cal = calibrate_run(catalogue, run_id, precision=0.8, prevalence=0.2, backend="keras")
    assert cal.n_images == 13 and cal.run_id == run_id
    assert cal.precision >= 0.8
    stored = latest_calibration(catalogue, run_id)
    assert stored is not None and stored.threshold == pytest.approx(cal.threshold)
    assert calibrated_run(catalogue) == run_id
    assert "Expected precision" in cal.describe()


def test_cli_calibrate_json(catalogue: Catalogue, tmp_path: Path, colour_model: Path) -> None:
    run_id = _validation_run(catalogue, tmp_path, colour_model)
    db = catalogue.url.removeprefix("sqlite:///")
    done = subprocess.run([sys.executable, "-m", "reviewer", "--catalogue", db, "moderate",
                           "calibrate", "--run", str(run_id), "--precision", "0.8",
                           "--backend", "keras", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["run_id"] == run_id and data["precision"] >= 0.8 and 0 < data["threshold"] < 1
    missing = subprocess.run([sys.executable, "-m", "reviewer", "--catalogue", db, "moderate",
                              "calibrate", "--run", "99"], capture_output=True, text=True,
                             timeout=300)
    assert missing.returncode == 3 and "no run 99" in missing.stderr.lower()
