"""What the Runs tab reads from the training side, in one place.

``reviewer.training.evaluate`` imports Keras (about nine seconds on a laptop), so
it is imported only through :func:`evaluate_api`, and the first call is made in a
worker job (:func:`load_runs` is the job's function): the GUI never freezes for
the import and opening the window never imports TensorFlow. Once the module is
loaded its database-only readers (comparison, stored metrics, confusion cells,
flips) are quick and are called on the GUI thread.

:func:`list_evaluations` and :func:`prediction_table` are plain queries over the
``evaluations`` and ``predictions`` tables; they belong beside
``runs.latest_evaluation`` in ``reviewer.training.runs``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Evaluation, Prediction, Run
from reviewer.training import runs

EVALUATE_MODULE = "reviewer.training.evaluate"


def evaluate_api() -> ModuleType:
    """``reviewer.training.evaluate`` (imports Keras the first time: call it off the
    GUI thread first, see :func:`load_runs`)."""
    from reviewer.training import evaluate

    return evaluate


def training_loaded() -> bool:
    """True once the evaluation module (and so Keras) has been imported."""
    return EVALUATE_MODULE in sys.modules


def load_runs(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Table VI rows for the finished runs (best test accuracy first), then the other
    runs (cancelled, failed, running) with what their history says; each row has a
    ``status``."""
    table = evaluate_api().comparison(catalogue)
    with catalogue.read() as session:
        infos = runs.list_runs(session)
    status = {info.id: info.status for info in infos}
    for row in table:
        row["status"] = status.get(int(row["run_id"]), "finished")
    for info in infos:
        if info.status == "finished":
            continue
        last = info.history[-1] if info.history else {}
        table.append({
            "run_id": info.id, "model": info.name, "backbone": info.backbone,
            "validation_accuracy": last.get("val_accuracy"),
            "validation_loss": last.get("val_loss"), "test_accuracy": None,
            "epochs": len(info.history), "wall_seconds": info.wall_seconds,
            "status": info.status,
        })
    return table


@dataclass(frozen=True)
class EvaluationInfo:
    """One stored evaluation, as the flips view lists it."""

    id: int
    run_id: int
    run_name: str
    split: str
    created_at: datetime
    accuracy: float

    def label(self) -> str:
        return (f"Run {self.run_id} · {self.run_name} — {self.split} "
                f"{100 * self.accuracy:.1f} % · evaluation {self.id} "
                f"({self.created_at:%Y-%m-%d %H:%M})")


def list_evaluations(catalogue: Catalogue, split: str | None = None) -> list[EvaluationInfo]:
    """Every stored evaluation (of ``split`` when given), oldest first."""
    query = (select(Evaluation.id, Evaluation.run_id, Run.name, Evaluation.split,
                    Evaluation.created_at, Evaluation.accuracy)
             .join(Run, Run.id == Evaluation.run_id).order_by(Evaluation.id))
    if split is not None:
        query = query.where(Evaluation.split == split)
    with catalogue.read() as session:
        return [EvaluationInfo(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class PredictionTable:
    """What one evaluation predicted for each image: ``image id → (true, predicted,
    confidence)`` with the run's class names."""

    evaluation_id: int
    class_names: list[str]
    rows: dict[int, tuple[int, int, float]]

    def describe(self, image_id: int) -> str:
        if image_id not in self.rows:
            return f"evaluation {self.evaluation_id}: not predicted"
        true, predicted, confidence = self.rows[image_id]
        name = self.class_names[predicted] if predicted < len(self.class_names) else predicted
        verdict = "right" if true == predicted else "wrong"
        return f"evaluation {self.evaluation_id}: {name} {100 * confidence:.0f} % ({verdict})"


def prediction_table(catalogue: Catalogue, evaluation_id: int) -> PredictionTable:
    with catalogue.read() as session:
        metrics_json = session.scalar(
            select(Evaluation.metrics_json).where(Evaluation.id == evaluation_id))
        rows = session.execute(
            select(Prediction.image_id, Prediction.true_index, Prediction.predicted_index,
                   Prediction.confidence).where(Prediction.evaluation_id == evaluation_id))
        table = {int(i): (int(t), int(p), float(c)) for i, t, p, c in rows}
    names = json.loads(metrics_json).get("class_names", []) if metrics_json else []
    return PredictionTable(evaluation_id, [str(n) for n in names], table)
