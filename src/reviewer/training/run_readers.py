"""What the catalogue stores about runs and their evaluations, read back as typed rows:
the comparison of runs (the paper's Table VI), stored metrics, the images behind a
confusion cell, the evaluations of a split, one evaluation's predictions, and the flips
between two evaluations.

Plain SQL over ``runs``, ``evaluations`` and ``predictions``: no Keras here, so the
desktop app, the report and the CLI read runs without loading TensorFlow (only
``evaluate`` — which predicts — imports it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Evaluation, Prediction, Run
from reviewer.errors import NotFoundError
from reviewer.training import runs
from reviewer.training.metrics import (
    ComparisonRow,
    EvaluationMetrics,
    comparison_table,
    flips,
)
from reviewer.training.runs import RunStatus


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


def stored_metrics(catalogue: Catalogue, run_id: int, split: str) -> EvaluationResult | None:
    """The latest evaluation of ``run_id`` on ``split``, or ``None``."""
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


def comparison(catalogue: Catalogue, *, every_run: bool = False) -> list[ComparisonRow]:
    """The paper's Table VI over the finished runs, best test accuracy first; with
    ``every_run`` the cancelled, failed and running runs follow, with what their history
    says (no test accuracy)."""
    finished: list[ComparisonRow] = []
    others: list[ComparisonRow] = []
    with catalogue.read() as session:
        for info in runs.list_runs(session):
            last = info.history[-1] if info.history else {}
            done = info.status == RunStatus.FINISHED
            if not done and not every_run:
                continue
            test = runs.latest_evaluation(session, info.id, "test") if done else None
            row = ComparisonRow(
                info.id, info.name, info.backbone, last.get("val_accuracy"),
                last.get("val_loss"), test.accuracy if test else None, len(info.history),
                info.wall_seconds, info.status)
            (finished if done else others).append(row)
    return comparison_table(finished) + others


def list_evaluations(catalogue: Catalogue, split: str | None = None) -> list[EvaluationInfo]:
    """Every stored evaluation (of ``split`` when given), oldest first."""
    query = (select(Evaluation.id, Evaluation.run_id, Run.name, Evaluation.split,
                    Evaluation.created_at, Evaluation.accuracy)
             .join(Run, Run.id == Evaluation.run_id).order_by(Evaluation.id))
    if split is not None:
        query = query.where(Evaluation.split == split)
    with catalogue.read() as session:
        return [EvaluationInfo(*row) for row in session.execute(query)]


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


def run_flips(catalogue: Catalogue, before_evaluation: int, after_evaluation: int) -> dict[str, list[int]]:
    """Images that went wrong → right (and back) between two evaluations."""
    tables = [prediction_table(catalogue, e) for e in (before_evaluation, after_evaluation)]
    before, after = ({i: (t, p) for i, (t, p, _c) in table.rows.items()} for table in tables)
    return flips(before, after)
