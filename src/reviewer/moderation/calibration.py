"""The ``category_mismatch`` threshold, picked on a run's validation predictions.

A listing is flagged when the model's probability of the declared category ``d``
is low and another category is the most likely: its mismatch score
``1 - p(d)`` (0 when ``d`` is itself the most likely) reaches the threshold.

On the validation images (true label ``y``) a correct declaration is ``d = y``; a
wrong one is any other category, each equally likely. With an assumed share ``π``
of wrong declarations, at threshold ``t``:

* recall ``R(t)`` = the share of (image, wrong category) pairs with score ≥ t;
* false-positive rate ``F(t)`` = the share of images whose own label scores ≥ t;
* precision ``P(t) = π R(t) / (π R(t) + (1 − π) F(t))``.

:func:`pick_threshold` returns the threshold with the highest recall whose
precision reaches the target (the lowest such threshold), exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
from sqlalchemy import select

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import ModerationCalibration, RunImage
from reviewer.errors import NotFoundError, UserError
from reviewer.progress import ProgressFn


def mismatch_scores(probs: np.ndarray, declared: np.ndarray) -> np.ndarray:
    """``1 - p(declared)`` per row, 0 where the declared category is the argmax."""
    rows = np.arange(len(probs))
    scores = 1.0 - probs[rows, declared]
    scores[probs.argmax(axis=1) == declared] = 0.0
    return scores


@dataclass(frozen=True)
class Calibration:
    threshold: float
    precision: float  # expected at the assumed prevalence
    recall: float
    target_precision: float
    prevalence: float
    n_images: int
    run_id: int | None = None
    curve: tuple[tuple[float, float, float], ...] = ()  # (threshold, precision, recall)

    def describe(self) -> str:
        return (f"threshold {self.threshold:.4f}: a listing is flagged when the declared "
                f"category's probability is at most {1 - self.threshold:.1%} and another "
                f"category is the most likely. Expected precision {self.precision:.1%} and "
                f"recall {self.recall:.1%} with {self.prevalence:.0%} wrong declarations "
                f"(from {self.n_images} validation images).")

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["curve"] = [list(c) for c in self.curve]
        return data


def _pairs(probs: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores of correct declarations, and of every wrong declaration."""
    n, k = probs.shape
    if k < 2:
        raise UserError("Calibration needs a run with at least two categories.")
    negatives = mismatch_scores(probs, labels)
    wrong = np.array([[d for d in range(k) if d != y] for y in labels]).reshape(n, k - 1)
    positives = mismatch_scores(np.repeat(probs, k - 1, axis=0), wrong.ravel())
    return negatives, positives


def pick_threshold(
    probs: np.ndarray, labels: np.ndarray, *, precision: float = 0.85, prevalence: float = 0.1
) -> Calibration:
    probs = np.asarray(probs, np.float64)
    labels = np.asarray(labels, np.int64)
    if not 0 < precision < 1:
        raise UserError(f"The target precision {precision} must lie between 0 and 1.")
    if not 0 < prevalence < 1:
        raise UserError(f"The prevalence {prevalence} must lie between 0 and 1.")
    if len(probs) == 0:
        raise UserError("There are no validation predictions to calibrate on.")
    negatives, positives = _pairs(probs, labels)
    # candidate thresholds: every positive score above 0 (a threshold between two
    # scores flags the same listings as the next score up)
    candidates = np.unique(positives[positives > 0])
    if len(candidates) == 0:
        raise UserError("The run never prefers another category over a wrong declaration "
                        "on the validation images; nothing to calibrate.")
    pos_sorted = np.sort(positives)
    neg_sorted = np.sort(negatives)
    recall = 1.0 - np.searchsorted(pos_sorted, candidates, side="left") / len(positives)
    fpr = 1.0 - np.searchsorted(neg_sorted, candidates, side="left") / len(negatives)
    tp = prevalence * recall
    fp = (1 - prevalence) * fpr
    prec = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1e-300), 0.0)
    ok = np.flatnonzero(prec >= precision)
    curve = tuple((float(t), float(p), float(r)) for t, p, r in
                  zip(candidates[:: max(1, len(candidates) // 50)],
                      prec[:: max(1, len(candidates) // 50)],
                      recall[:: max(1, len(candidates) // 50)], strict=True))
    if len(ok) == 0:
        raise UserError(
            f"No threshold reaches {precision:.0%} precision with {prevalence:.0%} wrong "
            f"declarations on this run (best: {prec.max():.1%}).",
            hint="Lower --precision, or train a better run first.")
    best = ok[np.argmax(recall[ok])]  # recall falls as t grows: the lowest feasible t
    return Calibration(float(candidates[best]), float(prec[best]), float(recall[best]),
                       precision, prevalence, len(probs), curve=curve)


def validation_predictions(
    catalogue: Catalogue,
    run_id: int,
    *,
    backend: str = "auto",
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Full probability vectors of the run's validation images, and their labels."""
    from reviewer.training.runs import get_run
    from reviewer.training.scorer import Scorer

    with catalogue.read() as session:
        get_run(session, run_id)  # a clear message for a run that does not exist
        rows = session.execute(select(RunImage.image_id, RunImage.label_index).where(
            RunImage.run_id == run_id, RunImage.split == "validation").order_by(RunImage.image_id)).all()
    if not rows:
        raise UserError(f"Run {run_id} has no validation images to calibrate on.",
                        hint="Calibrate a run trained with a validation split.")
    scorer = Scorer.for_run(catalogue, run_id, backend=backend, top_k=10**6)
    index = {name: i for i, name in enumerate(scorer.class_names)}
    scored = scorer.score_images(catalogue, [r.image_id for r in rows],
                                 on_progress=on_progress, should_stop=should_stop)
    probs, labels = [], []
    for row, result in zip(rows, scored, strict=True):
        if not result.ok:
            continue
        vector = np.zeros(len(index))
        for name, p in result.top:
            vector[index[name]] = p
        probs.append(vector)
        labels.append(row.label_index)
    return np.array(probs).reshape(-1, len(index)), np.array(labels, np.int64)


def calibrate_run(
    catalogue: Catalogue,
    run_id: int,
    *,
    precision: float = 0.85,
    prevalence: float = 0.1,
    backend: str = "auto",
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Calibration:
    """Pick and store the run's category_mismatch threshold."""
    probs, labels = validation_predictions(catalogue, run_id, backend=backend,
                                           on_progress=on_progress, should_stop=should_stop)
    cal = pick_threshold(probs, labels, precision=precision, prevalence=prevalence)
    with catalogue.write() as session:
        row = ModerationCalibration(
            run_id=run_id, created_at=now(), target_precision=precision, prevalence=prevalence,
            threshold=cal.threshold, expected_precision=cal.precision,
            expected_recall=cal.recall, n_images=cal.n_images,
            details_json=json.dumps({"curve": [list(c) for c in cal.curve]}))
        session.add(row)
    return Calibration(**{**asdict(cal), "run_id": run_id, "curve": cal.curve})


def latest_calibration(catalogue: Catalogue, run_id: int | None = None) -> Calibration | None:
    """The newest calibration (of ``run_id``, or of any run)."""
    with catalogue.read() as session:
        query = select(ModerationCalibration).order_by(ModerationCalibration.id.desc()).limit(1)
        if run_id is not None:
            query = query.where(ModerationCalibration.run_id == run_id)
        row = session.scalar(query)
    if row is None:
        return None
    curve = tuple(tuple(c) for c in json.loads(row.details_json or "{}").get("curve", []))
    return Calibration(row.threshold, row.expected_precision, row.expected_recall,
                       row.target_precision, row.prevalence, row.n_images, row.run_id,
                       curve=curve)


def calibrated_run(catalogue: Catalogue) -> int:
    cal = latest_calibration(catalogue)
    if cal is None or cal.run_id is None:
        raise NotFoundError("No run is calibrated for moderation yet.",
                            hint="Run `reviewer moderate calibrate --run N` first, or pass --run.")
    return cal.run_id
