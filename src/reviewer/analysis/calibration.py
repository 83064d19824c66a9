"""How far a run's probabilities can be trusted: ECE, reliability diagram, temperature
fitted on validation, per-class precision–recall curves.

``calibrate_run(catalogue, run_id, *, on_progress, should_stop)`` predicts the run's
validation and test images with its own model (raw probabilities), fits the temperature
that minimises the validation negative log-likelihood, stores it beside the model (see
:mod:`reviewer.analysis.temperature`), stores both splits' calibrated predictions as the
run's latest evaluations, and returns the ECE before and after on both splits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from reviewer.analysis.temperature import EPSILON, apply_temperature, save_calibration
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.progress import ProgressFn
from reviewer.training import runs
from reviewer.training.dataset import load_snapshot
from reviewer.training.model_files import run_model_file

BINS = 15
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.05, 20.0


@dataclass(frozen=True)
class ReliabilityBin:
    lower: float
    upper: float
    count: int
    confidence: float  # mean top-1 probability of the bin's images (0 when empty)
    accuracy: float  # share of them whose top-1 is right (0 when empty)


def reliability(probs: np.ndarray, labels: Sequence[int] | np.ndarray,
                bins: int = BINS) -> list[ReliabilityBin]:
    """Top-1 confidence against accuracy in ``bins`` equal-width bins over (0, 1]."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    confidence = probs.max(axis=1) if len(probs) else np.zeros(0)
    correct = (probs.argmax(axis=1) == labels) if len(probs) else np.zeros(0, bool)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # bin i holds (edges[i], edges[i+1]]; a confidence of exactly 0 cannot occur
    index = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    out = []
    for i in range(bins):
        member = index == i
        n = int(member.sum())
        out.append(ReliabilityBin(
            float(edges[i]), float(edges[i + 1]), n,
            float(confidence[member].mean()) if n else 0.0,
            float(correct[member].mean()) if n else 0.0))
    return out


def expected_calibration_error(probs: np.ndarray, labels: Sequence[int] | np.ndarray,
                               bins: int = BINS) -> float:
    """ECE: the bins' |accuracy − confidence| weighted by their share of the images."""
    table = reliability(probs, labels, bins)
    total = sum(b.count for b in table)
    if total == 0:
        return 0.0
    return float(sum(b.count * abs(b.accuracy - b.confidence) for b in table) / total)


def negative_log_likelihood(probs: np.ndarray, labels: Sequence[int] | np.ndarray) -> float:
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    if len(probs) == 0:
        return 0.0
    return float(-np.log(np.clip(probs[np.arange(len(labels)), labels], EPSILON, 1.0)).mean())


def fit_temperature(probs: np.ndarray, labels: Sequence[int] | np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of ``labels`` (a bounded
    one-dimensional search over log T). 1.0 when there is nothing to fit on."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    if len(probs) < 2:
        return 1.0
    log_p = np.log(np.clip(probs, EPSILON, 1.0))
    rows = np.arange(len(labels))

    def nll(log_t: float) -> float:
        z = log_p / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        log_softmax = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_softmax[rows, labels].mean())

    found = minimize_scalar(nll, bounds=(np.log(MIN_TEMPERATURE), np.log(MAX_TEMPERATURE)),
                            method="bounded", options={"xatol": 1e-4})
    best = float(np.exp(found.x))
    return best if nll(found.x) < nll(0.0) else 1.0


@dataclass(frozen=True)
class ClassCurve:
    """One class's precision–recall curve (one vs rest on its probability): at each
    ``thresholds[i]`` (ascending, every distinct score), calling the class for images
    with probability ≥ it gives ``precision[i]`` and ``recall[i]``."""

    name: str
    thresholds: list[float]
    precision: list[float]
    recall: list[float]

    def at_threshold(self, threshold: float) -> tuple[float, float]:
        """(precision, recall) when images with probability ≥ ``threshold`` are called
        this class; above every score nothing is called: (1.0, 0.0)."""
        index = int(np.searchsorted(np.asarray(self.thresholds), threshold, side="left"))
        if index >= len(self.thresholds):
            return 1.0, 0.0
        return self.precision[index], self.recall[index]


def class_curve(name: str, scores: np.ndarray, truth: np.ndarray) -> ClassCurve:
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], truth[order].astype(np.int64)
    tp, fp = np.cumsum(t), np.cumsum(1 - t)
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]  # last row of each score
    positives = max(int(t.sum()), 1)
    precision = tp[last] / (tp[last] + fp[last])
    recall = tp[last] / positives
    return ClassCurve(name, s[last][::-1].tolist(), precision[::-1].tolist(),
                      recall[::-1].tolist())


def pr_curves(probs: np.ndarray, labels: Sequence[int] | np.ndarray,
              class_names: Sequence[str]) -> list[ClassCurve]:
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    if len(probs) == 0:
        return [ClassCurve(name, [], [], []) for name in class_names]
    return [class_curve(name, probs[:, i], labels == i) for i, name in enumerate(class_names)]


@dataclass(frozen=True)
class SplitCalibration:
    split: str
    images: int
    ece_before: float
    ece_after: float
    nll_before: float
    nll_after: float
    accuracy: float
    reliability_before: list[ReliabilityBin] = field(default_factory=list)
    reliability_after: list[ReliabilityBin] = field(default_factory=list)


def split_calibration(split: str, probs: np.ndarray, labels: np.ndarray,
                      temperature: float) -> SplitCalibration:
    scaled = apply_temperature(probs, temperature)
    accuracy = float((probs.argmax(axis=1) == labels).mean()) if len(probs) else 0.0
    return SplitCalibration(
        split, len(labels), expected_calibration_error(probs, labels),
        expected_calibration_error(scaled, labels), negative_log_likelihood(probs, labels),
        negative_log_likelihood(scaled, labels), accuracy,
        reliability(probs, labels), reliability(scaled, labels))


@dataclass(frozen=True)
class CalibrationReport:
    run_id: int
    temperature: float
    bins: int
    splits: list[SplitCalibration]
    curves: dict[str, list[ClassCurve]]  # per split, per class, after scaling

    def to_dict(self, *, with_curves: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {
            "run_id": self.run_id, "temperature": self.temperature, "bins": self.bins,
            "splits": {s.split: asdict(s) for s in self.splits}}
        if with_curves:
            body["pr_curves"] = {k: [asdict(c) for c in v] for k, v in self.curves.items()}
        return body


def calibrate_run(
    catalogue: Catalogue,
    run_id: int,
    *,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    store: bool = True,
) -> CalibrationReport:
    """Fit run ``run_id``'s temperature on its validation split and measure ECE before and
    after on validation and test; ``store`` keeps the temperature beside the model."""
    from reviewer.training.evaluate import (  # Keras: imported on use, not by the views
        load_model,
        predict_probabilities,
        store_evaluation,
    )

    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
        snapshot = load_snapshot(session, run_id, info.class_names)
    path = run_model_file(catalogue, info)
    validation = snapshot.split("validation")
    if len(validation) < 2:
        raise UserError(
            f"Run {run_id} has {len(validation)} validation image(s); a temperature needs "
            "a few to be fitted on.",
            hint="Give the catalogue a validation split (`reviewer split`) and train again.")
    model = load_model(path)
    size = int(model.input_shape[1])
    splits = [("validation", validation)]
    if snapshot.split("test"):
        splits.append(("test", snapshot.split("test")))
    total = sum(len(e) for _, e in splits)
    done = 0
    predicted: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, examples in splits:
        offset = done

        def step(n: int, _total: int, _message: str = "", offset: int = offset,
                 name: str = name) -> None:
            if on_progress is not None:
                on_progress(offset + n, total, f"Predicting the {name} images")

        probs = predict_probabilities(model, catalogue, examples, size, on_progress=step,
                                      should_stop=should_stop)
        predicted[name] = (probs, np.array([e.label for e in examples]))
        done += len(examples)
    temperature = fit_temperature(*predicted["validation"])
    measured = [split_calibration(name, probs, labels, temperature)
                for name, (probs, labels) in predicted.items()]
    curves = {name: pr_curves(apply_temperature(probs, temperature), labels, info.class_names)
              for name, (probs, labels) in predicted.items()}
    report = CalibrationReport(run_id, temperature, BINS, measured, curves)
    if store:
        save_calibration(path, temperature, report.to_dict(with_curves=True))
        # the runs screen, its galleries and moderation thresholds read the latest stored
        # evaluation: store the calibrated probabilities of both splits as new ones
        for name, examples in splits:
            probs, _labels = predicted[name]
            store_evaluation(catalogue, run_id, name, examples,
                             apply_temperature(probs, temperature), info.class_names)
    return report
