"""Evaluation metrics over plain arrays: the numbers behind the paper's tables.

Per-class precision / recall / F1 with macro and weighted averages (Tables I-V),
the confusion matrix, the model comparison (Table VI) and which images flipped
between two runs. Qt-free, database-free, TensorFlow-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

EPSILON = 1e-7
"""Probability clip used for the cross-entropy, as Keras does."""


def _sk() -> Any:
    """scikit-learn's metrics, imported when something is computed: reading stored
    metrics (the Runs tab, reports) never pays for the import."""
    from sklearn import metrics

    return metrics


@dataclass(frozen=True)
class ClassReport:
    """Precision, recall, F1 and support of one class (or of an average row)."""

    name: str
    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClassReport:
        """Inverse of :meth:`to_dict`."""
        return cls(
            name=str(data["name"]),
            precision=float(data["precision"]),
            recall=float(data["recall"]),
            f1=float(data["f1"]),
            support=int(data["support"]),
        )


@dataclass(frozen=True)
class EvaluationMetrics:
    """Everything one evaluation of one split yields."""

    class_names: list[str]
    accuracy: float
    loss: float | None
    per_class: list[ClassReport]
    macro: ClassReport
    weighted: ClassReport
    confusion: list[list[int]]
    """Rows are true classes, columns predicted classes."""
    tta: bool = False
    """Whether the probabilities were averaged with the mirrored pictures' (flip_tta)."""

    @property
    def support(self) -> int:
        """Number of samples evaluated."""
        return sum(sum(row) for row in self.confusion)

    def confusion_normalised(self) -> list[list[float]]:
        """Row-normalised confusion matrix; a row without support is all zeros."""
        result: list[list[float]] = []
        for row in self.confusion:
            total = sum(row)
            result.append([count / total if total else 0.0 for count in row])
        return result

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; :meth:`from_dict` gives back an equal object."""
        return {
            "class_names": list(self.class_names),
            "accuracy": self.accuracy,
            "loss": self.loss,
            "per_class": [report.to_dict() for report in self.per_class],
            "macro": self.macro.to_dict(),
            "weighted": self.weighted.to_dict(),
            "confusion": [list(row) for row in self.confusion],
            "tta": self.tta,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvaluationMetrics:
        """Inverse of :meth:`to_dict`."""
        loss = data.get("loss")
        return cls(
            class_names=[str(name) for name in data["class_names"]],
            accuracy=float(data["accuracy"]),
            loss=None if loss is None else float(loss),
            per_class=[ClassReport.from_dict(item) for item in data["per_class"]],
            macro=ClassReport.from_dict(data["macro"]),
            weighted=ClassReport.from_dict(data["weighted"]),
            confusion=[[int(count) for count in row] for row in data["confusion"]],
            tta=bool(data.get("tta", False)),
        )


def compute_metrics(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    class_names: list[str],
    *,
    probabilities: np.ndarray | None = None,
) -> EvaluationMetrics:
    """Metrics of predictions ``y_pred`` against ``y_true`` (class indices).

    Every class in ``class_names`` gets a row and a column, whether or not it occurs.
    ``probabilities`` (samples x classes), when given, yields the mean categorical
    cross-entropy as ``loss``.
    """
    n_classes = len(class_names)
    true = np.asarray(y_true, dtype=np.int64).reshape(-1)
    pred = np.asarray(y_pred, dtype=np.int64).reshape(-1)
    _check_indices(true, pred, n_classes)
    labels = list(range(n_classes))
    total = int(true.size)
    matrix = (
        _sk().confusion_matrix(true, pred, labels=labels)
        if total
        else np.zeros((n_classes, n_classes), dtype=np.int64)
    )
    return EvaluationMetrics(
        class_names=list(class_names),
        accuracy=float(np.trace(matrix)) / total if total else 0.0,
        loss=None if probabilities is None else cross_entropy(true, probabilities),
        per_class=_per_class(true, pred, class_names),
        macro=_average(true, pred, labels, "macro"),
        weighted=_average(true, pred, labels, "weighted"),
        confusion=[[int(count) for count in row] for row in matrix],
    )


def _check_indices(true: np.ndarray, pred: np.ndarray, n_classes: int) -> None:
    if n_classes == 0:
        raise ValueError("class_names is empty")
    if true.shape != pred.shape:
        raise ValueError(f"y_true has {true.size} items but y_pred has {pred.size}")
    for name, values in (("y_true", true), ("y_pred", pred)):
        if values.size and (values.min() < 0 or values.max() >= n_classes):
            raise ValueError(f"{name} holds an index outside 0..{n_classes - 1}")


def _per_class(true: np.ndarray, pred: np.ndarray, class_names: list[str]) -> list[ClassReport]:
    if true.size == 0:
        return [ClassReport(name, 0.0, 0.0, 0.0, 0) for name in class_names]
    precision, recall, f1, support = _sk().precision_recall_fscore_support(
        true, pred, labels=list(range(len(class_names))), average=None, zero_division=0
    )
    return [
        ClassReport(name, float(precision[i]), float(recall[i]), float(f1[i]), int(support[i]))
        for i, name in enumerate(class_names)
    ]


def _average(true: np.ndarray, pred: np.ndarray, labels: list[int], average: str) -> ClassReport:
    name = f"{average} avg"
    if true.size == 0:
        return ClassReport(name, 0.0, 0.0, 0.0, 0)
    precision, recall, f1, _ = _sk().precision_recall_fscore_support(
        true, pred, labels=labels, average=average, zero_division=0
    )
    return ClassReport(name, float(precision), float(recall), float(f1), int(true.size))


def cross_entropy(y_true: Sequence[int] | np.ndarray, probabilities: np.ndarray) -> float:
    """Mean categorical cross-entropy, probabilities clipped to ``[1e-7, 1 - 1e-7]``."""
    true = np.asarray(y_true, dtype=np.int64).reshape(-1)
    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[0] != true.size:
        raise ValueError(f"probabilities must have shape ({true.size}, classes), not {probs.shape}")
    if true.size == 0:
        return 0.0
    picked = np.clip(probs[np.arange(true.size), true], EPSILON, 1.0 - EPSILON)
    return float(-np.mean(np.log(picked)))


def top_k(probabilities: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
    """For each row, the ``k`` most probable ``(class index, probability)``, best first.

    Ties go to the lower class index; ``k`` larger than the class count gives all classes.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.ndim == 1:
        probs = probs.reshape(1, -1)
    order = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    return [
        [(int(index), float(row[index])) for index in indices]
        for row, indices in zip(probs, order, strict=True)
    ]


@dataclass(frozen=True)
class ComparisonRow:
    """One run in the comparison of runs (the paper's Table VI): validation accuracy and
    loss after the last epoch, test accuracy of the latest evaluation on test."""

    run_id: int
    model: str  # the run's name
    backbone: str
    validation_accuracy: float | None = None
    validation_loss: float | None = None
    test_accuracy: float | None = None
    epochs: int | None = None
    wall_seconds: float | None = None
    status: str = "finished"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def comparison_table(rows: Iterable[ComparisonRow]) -> list[ComparisonRow]:
    """Table VI's order: best test accuracy first, runs without one last (stable)."""
    return sorted(rows, key=lambda r: (r.test_accuracy is None, -(r.test_accuracy or 0.0)))


def flips(
    before: Mapping[int, tuple[int, int]], after: Mapping[int, tuple[int, int]]
) -> dict[str, list[int]]:
    """Which images changed between two runs; maps are image_id -> (true, predicted).

    Only images in both maps count; each run is judged against its own true label.
    Keys: ``fixed`` (wrong -> right), ``broken`` (right -> wrong),
    ``still_wrong_changed`` (wrong in both, different prediction),
    ``still_wrong_same`` (wrong in both, same prediction), ``still_right``.
    Each list holds image ids in ascending order.
    """
    result: dict[str, list[int]] = {
        "fixed": [],
        "broken": [],
        "still_wrong_changed": [],
        "still_wrong_same": [],
        "still_right": [],
    }
    for image_id in sorted(before.keys() & after.keys()):
        true_before, pred_before = before[image_id]
        true_after, pred_after = after[image_id]
        right_before = true_before == pred_before
        right_after = true_after == pred_after
        if right_before and right_after:
            key = "still_right"
        elif right_after:
            key = "fixed"
        elif right_before:
            key = "broken"
        elif pred_before != pred_after:
            key = "still_wrong_changed"
        else:
            key = "still_wrong_same"
        result[key].append(image_id)
    return result
