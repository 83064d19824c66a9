"""Evaluating a run on a split: one stored prediction per image (top-k probabilities),
metrics from them, the images behind a confusion cell, run comparisons and flips."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
from sqlalchemy import select

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Evaluation, Prediction
from reviewer.errors import CancelledError, NotFoundError, UserError
from reviewer.training import runs
from reviewer.training.dataset import Example, load_snapshot
from reviewer.training.metrics import (
    EvaluationMetrics,
    RunSummary,
    comparison_table,
    compute_metrics,
    flips,
    top_k,
)
from reviewer.training.model_files import check_keras_archive, run_model_file
from reviewer.training.pipeline import evaluation_dataset

TOP_K = 3


@dataclass(frozen=True)
class EvaluationResult:
    evaluation_id: int
    run_id: int
    split: str
    metrics: EvaluationMetrics


@dataclass(frozen=True)
class CellImage:
    image_id: int
    true_index: int
    predicted_index: int
    confidence: float
    top: list[tuple[int, float]]


def load_model(path: str | Path) -> keras.Model:
    """A run's model, loaded with Keras safe mode (no arbitrary code from the file)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"The model file {path} is missing.",
                        hint="Train the run again, or restore the file from a backup.")
    check_keras_archive(path)  # before Keras inflates anything
    try:
        return keras.models.load_model(path, safe_mode=True, compile=False)
    except (ValueError, OSError) as exc:
        raise UserError(f"Cannot load the model {path}: {exc}") from exc


def predict_probabilities(
    model: keras.Model,
    catalogue: Catalogue,
    examples: list[Example],
    size: int,
    *,
    batch_size: int = 64,
    on_progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    dataset = evaluation_dataset(catalogue.store, examples, size, batch_size=batch_size)
    chunks: list[np.ndarray] = []
    done = 0
    for images, _labels in dataset:
        if should_stop is not None and should_stop():
            raise CancelledError
        chunks.append(np.asarray(model(images, training=False), dtype=np.float32))
        done += len(chunks[-1])
        if on_progress is not None:
            on_progress(done, len(examples))
    if not chunks:
        return np.zeros((0, int(model.output_shape[-1])), np.float32)
    return np.concatenate(chunks)


def evaluate_run(
    catalogue: Catalogue,
    run_id: int,
    split: str = "test",
    *,
    on_progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    model_file: str | Path | None = None,
) -> EvaluationResult:
    """Predict every image of ``split`` in the run's snapshot, store and score it.

    The run's model is opened from the catalogue's file store only, unless ``model_file``
    names the file to use (see :mod:`reviewer.training.model_files`)."""
    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
        snapshot = load_snapshot(session, run_id, info.class_names)
    path = run_model_file(catalogue, info, model_file)
    examples = snapshot.split(split)
    if not examples:
        raise UserError(f"Run {run_id} has no images in the {split} split.",
                        hint="Evaluate on another split (train, validation or test).")
    model = load_model(path)
    size = int(model.input_shape[1])
    probs = predict_probabilities(model, catalogue, examples, size,
                                  on_progress=on_progress, should_stop=should_stop)
    y_true = [e.label for e in examples]
    y_pred = probs.argmax(axis=1).tolist()
    metrics = compute_metrics(y_true, y_pred, info.class_names, probabilities=probs)
    tops = top_k(probs, min(TOP_K, probs.shape[1]))
    with catalogue.write() as session:
        evaluation = Evaluation(run_id=run_id, split=split, created_at=now(),
                                accuracy=metrics.accuracy, loss=metrics.loss,
                                metrics_json=json.dumps(metrics.to_dict()))
        session.add(evaluation)
        session.flush()
        session.execute(
            Prediction.__table__.insert(),  # type: ignore[attr-defined]
            [
                {"evaluation_id": evaluation.id, "image_id": e.image_id, "true_index": t,
                 "predicted_index": p, "confidence": float(probs[i, p]),
                 "topk_json": json.dumps(tops[i])}
                for i, (e, t, p) in enumerate(zip(examples, y_true, y_pred, strict=True))
            ],
        )
        evaluation_id = evaluation.id
    return EvaluationResult(evaluation_id, run_id, split, metrics)


def stored_metrics(catalogue: Catalogue, run_id: int, split: str) -> EvaluationResult | None:
    with catalogue.read() as session:
        ev = runs.latest_evaluation(session, run_id, split)
        if ev is None:
            return None
        return EvaluationResult(ev.id, run_id, split,
                                EvaluationMetrics.from_dict(json.loads(ev.metrics_json)))


def cell_images(
    catalogue: Catalogue, evaluation_id: int, true_index: int, predicted_index: int
) -> list[CellImage]:
    """The images behind one confusion-matrix cell, most confident mistakes first."""
    with catalogue.read() as session:
        if session.get(Evaluation, evaluation_id) is None:
            raise NotFoundError(f"There is no evaluation {evaluation_id}.")
        rows = session.scalars(
            select(Prediction)
            .where(Prediction.evaluation_id == evaluation_id,
                   Prediction.true_index == true_index,
                   Prediction.predicted_index == predicted_index)
            .order_by(Prediction.confidence.desc(), Prediction.image_id)
        ).all()
        return [
            CellImage(r.image_id, r.true_index, r.predicted_index, r.confidence,
                      [(int(c), float(p)) for c, p in json.loads(r.topk_json)])
            for r in rows
        ]


def comparison(catalogue: Catalogue) -> list[dict[str, object]]:
    """The paper's Table VI over every finished run: validation accuracy and loss
    (last epoch), test accuracy (latest evaluation on test)."""
    summaries = []
    with catalogue.read() as session:
        for info in runs.list_runs(session):
            if info.status != "finished":
                continue
            last = info.history[-1] if info.history else {}
            test = runs.latest_evaluation(session, info.id, "test")
            summaries.append(RunSummary(
                info.id, info.name, info.backbone, last.get("val_accuracy"),
                last.get("val_loss"), test.accuracy if test else None, len(info.history),
                info.wall_seconds))
    return comparison_table(summaries)


def run_flips(catalogue: Catalogue, before_evaluation: int, after_evaluation: int) -> dict[str, list[int]]:
    """Images that went wrong → right (and back) between two evaluations."""
    def table(evaluation_id: int) -> dict[int, tuple[int, int]]:
        with catalogue.read() as session:
            return {
                r.image_id: (r.true_index, r.predicted_index)
                for r in session.scalars(
                    select(Prediction).where(Prediction.evaluation_id == evaluation_id))
            }

    return flips(table(before_evaluation), table(after_evaluation))
