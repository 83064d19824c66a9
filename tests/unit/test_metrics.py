"""Metrics checked against values worked out by hand."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from reviewer.training.metrics import (
    ClassReport,
    ComparisonRow,
    EvaluationMetrics,
    comparison_table,
    compute_metrics,
    flips,
    top_k,
)

# 3 classes with data plus "d", which never occurs (no support, never predicted).
NAMES = ["a", "b", "c", "d"]
Y_TRUE = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
Y_PRED = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1]
# By hand, rows true / columns predicted:
#   a: 2 right, 1 -> b, 1 -> c     b: 1 -> a, 2 right     c: 1 -> b, 2 right
CONFUSION = [[2, 1, 1, 0], [1, 2, 0, 0], [0, 1, 2, 0], [0, 0, 0, 0]]
# precision = diagonal / column sum: a 2/3, b 2/4, c 2/3, d 0 (nothing predicted)
# recall    = diagonal / row sum:    a 2/4, b 2/3, c 2/3, d 0 (no support)
# F1 = 2PR/(P+R): a (2/3)/(7/6) = 4/7, b 4/7, c 2/3, d 0
PRECISION = [2 / 3, 1 / 2, 2 / 3, 0.0]
RECALL = [1 / 2, 2 / 3, 2 / 3, 0.0]
F1 = [4 / 7, 4 / 7, 2 / 3, 0.0]
SUPPORT = [4, 3, 3, 0]


@pytest.fixture
def metrics() -> EvaluationMetrics:
    return compute_metrics(Y_TRUE, Y_PRED, NAMES)


def test_accuracy_and_confusion(metrics: EvaluationMetrics) -> None:
    assert metrics.accuracy == pytest.approx(0.6)  # 6 of 10 on the diagonal
    assert metrics.confusion == CONFUSION
    assert metrics.loss is None
    assert metrics.support == 10


def test_per_class_values(metrics: EvaluationMetrics) -> None:
    assert [r.name for r in metrics.per_class] == NAMES
    assert [r.precision for r in metrics.per_class] == pytest.approx(PRECISION)
    assert [r.recall for r in metrics.per_class] == pytest.approx(RECALL)
    assert [r.f1 for r in metrics.per_class] == pytest.approx(F1)
    assert [r.support for r in metrics.per_class] == SUPPORT


def test_class_without_support_is_zero_not_nan(metrics: EvaluationMetrics) -> None:
    absent = metrics.per_class[3]
    assert (absent.precision, absent.recall, absent.f1, absent.support) == (0.0, 0.0, 0.0, 0)


def test_averages(metrics: EvaluationMetrics) -> None:
    # macro over all 4 labels: P (2/3+1/2+2/3+0)/4 = 11/24, R 11/24, F1 (4/7+4/7+2/3)/4 = 19/42
    assert metrics.macro.precision == pytest.approx(11 / 24)
    assert metrics.macro.recall == pytest.approx(11 / 24)
    assert metrics.macro.f1 == pytest.approx(19 / 42)
    assert metrics.macro.support == 10
    # weighted by support 4,3,3,0: P (8/3+3/2+2)/10 = 37/60, R 6/10, F1 (16/7+12/7+2)/10 = 6/10
    assert metrics.weighted.precision == pytest.approx(37 / 60)
    assert metrics.weighted.recall == pytest.approx(0.6)
    assert metrics.weighted.f1 == pytest.approx(0.6)
    assert metrics.weighted.support == 10


def test_confusion_normalised(metrics: EvaluationMetrics) -> None:
    normalised = metrics.confusion_normalised()
    expected = [[0.5, 0.25, 0.25, 0.0], [1 / 3, 2 / 3, 0.0, 0.0], [0.0, 1 / 3, 2 / 3, 0.0]]
    for row, want in zip(normalised[:3], expected, strict=True):
        assert row == pytest.approx(want)
    assert normalised[3] == [0.0, 0.0, 0.0, 0.0]
    assert not any(math.isnan(v) for row in normalised for v in row)


def test_loss_from_probabilities() -> None:
    probabilities = np.array([[0.5, 0.5, 0.0], [0.25, 0.75, 0.0], [0.0, 0.0, 1.0]])
    result = compute_metrics([0, 0, 2], [0, 1, 2], ["x", "y", "z"], probabilities=probabilities)
    # -(ln 0.5 + ln 0.25 + ln(1 - 1e-7)) / 3 = (ln 2 + 2 ln 2 + 1e-7) / 3 = ln 2 + 3.3e-8
    assert result.loss == pytest.approx(math.log(2), abs=1e-6)


def test_loss_clips_zero_probability() -> None:
    result = compute_metrics([0], [1], ["x", "y"], probabilities=np.array([[0.0, 1.0]]))
    assert result.loss == pytest.approx(7 * math.log(10))  # -ln(1e-7)


def test_round_trip_through_json(metrics: EvaluationMetrics) -> None:
    with_loss = compute_metrics(
        [0, 1], [0, 0], ["x", "y"], probabilities=np.array([[0.9, 0.1], [0.7, 0.3]])
    )
    for original in (metrics, with_loss):
        data = json.loads(json.dumps(original.to_dict()))
        assert EvaluationMetrics.from_dict(data) == original


def test_empty_input_gives_zeros() -> None:
    result = compute_metrics([], [], ["x", "y"])
    assert result.accuracy == 0.0
    assert result.confusion == [[0, 0], [0, 0]]
    assert result.macro == ClassReport("macro avg", 0.0, 0.0, 0.0, 0)


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="items"):
        compute_metrics([0, 1], [0], ["x", "y"])
    with pytest.raises(ValueError, match="outside"):
        compute_metrics([0, 2], [0, 1], ["x", "y"])


def test_top_k() -> None:
    probabilities = np.array([[0.1, 0.6, 0.3], [0.4, 0.2, 0.4]])
    assert top_k(probabilities, 2) == [
        [(1, pytest.approx(0.6)), (2, pytest.approx(0.3))],
        [(0, pytest.approx(0.4)), (2, pytest.approx(0.4))],  # tie: lower index first
    ]
    assert [index for index, _ in top_k(probabilities, 10)[0]] == [1, 2, 0]
    with pytest.raises(ValueError, match="k must"):
        top_k(probabilities, 0)


def test_comparison_table_order() -> None:
    rows = comparison_table(
        [
            ComparisonRow(1, "MobileNetV2", "mobilenet_v2", 0.80, 0.6, 0.75, 100, 60.0),
            ComparisonRow(2, "unfinished", "densenet121"),
            ComparisonRow(3, "NASNetLarge", "nasnet_large", 0.86, 0.5, 0.84, 100, 900.0),
            ComparisonRow(4, "MobileNet", "mobilenet", 0.83, 0.55, 0.82, 100, 50.0),
        ]
    )
    assert [row.run_id for row in rows] == [3, 4, 1, 2]
    assert rows[0].to_dict() == {
        "run_id": 3,
        "model": "NASNetLarge",
        "backbone": "nasnet_large",
        "validation_accuracy": 0.86,
        "validation_loss": 0.5,
        "test_accuracy": 0.84,
        "epochs": 100,
        "wall_seconds": 900.0,
        "status": "finished",
    }


def test_flips() -> None:
    before = {1: (0, 1), 2: (0, 0), 3: (1, 2), 4: (1, 2), 5: (2, 2), 6: (0, 0)}
    after = {1: (0, 0), 2: (0, 2), 3: (1, 0), 4: (1, 2), 5: (2, 2), 7: (0, 1)}
    assert flips(before, after) == {
        "fixed": [1],
        "broken": [2],
        "still_wrong_changed": [3],
        "still_wrong_same": [4],
        "still_right": [5],
    }
