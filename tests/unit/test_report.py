"""CSV / JSON exports and the self-contained HTML report."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reviewer.csv_safe import safe_cell
from reviewer.training.metrics import ComparisonRow, EvaluationMetrics, comparison_table
from reviewer.training.metrics import compute_metrics as compute
from reviewer.training.report import (
    confusion_to_csv,
    history_to_csv,
    metrics_from_json,
    metrics_to_csv,
    metrics_to_json,
    render_html_report,
)

EVIL = '=HYPERLINK("evil.example","y")'
NAMES = ["shoes", EVIL, "<b>&amp", "$x_"]


@pytest.fixture
def metrics() -> EvaluationMetrics:
    probabilities = np.full((5, 4), 0.25)
    return compute([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], NAMES, probabilities=probabilities)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_prefixes_formula_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_safe_cell_leaves_other_values() -> None:
    assert safe_cell("shoes") == "shoes"
    assert safe_cell(-1.5) == -1.5
    assert safe_cell(None) is None


def test_metrics_csv(metrics: EvaluationMetrics, tmp_path: Path) -> None:
    rows = read_csv(metrics_to_csv(metrics, tmp_path / "m.csv"))
    assert rows[0] == ["class", "precision", "recall", "f1-score", "support"]
    assert [row[0] for row in rows[1:]] == [
        "shoes",
        "'" + EVIL,
        "<b>&amp",
        "$x_",
        "accuracy",
        "macro avg",
        "weighted avg",
        "loss",
    ]
    assert float(rows[5][3]) == pytest.approx(0.6)  # accuracy: 3 of 5
    assert rows[5][4] == "5"
    assert float(rows[1][1]) == pytest.approx(0.5)  # shoes: predicted twice, right once


def test_confusion_csv(metrics: EvaluationMetrics, tmp_path: Path) -> None:
    rows = read_csv(confusion_to_csv(metrics, tmp_path / "c.csv"))
    assert rows[0] == ["true \\ predicted", "shoes", "'" + EVIL, "<b>&amp", "$x_"]
    assert rows[1] == ["shoes", "1", "1", "0", "0"]
    assert rows[2][0] == "'" + EVIL
    normalised = read_csv(confusion_to_csv(metrics, tmp_path / "n.csv", normalised=True))
    assert [float(v) for v in normalised[1][1:]] == [0.5, 0.5, 0.0, 0.0]
    assert [float(v) for v in normalised[4][1:]] == [0.0, 0.0, 0.0, 0.0]


def test_history_csv(tmp_path: Path) -> None:
    history: list[dict[str, Any]] = [
        {"loss": 1.0, "epoch": 1, "accuracy": 0.5},
        {"epoch": 2, "val_loss": None},
    ]
    rows = read_csv(history_to_csv(history, tmp_path / "h.csv"))
    assert rows == [
        ["epoch", "loss", "accuracy", "val_loss"],
        ["1", "1.0", "0.5", ""],
        ["2", "", "", ""],
    ]


def test_json_round_trip(metrics: EvaluationMetrics, tmp_path: Path) -> None:
    assert metrics_from_json(metrics_to_json(metrics, tmp_path / "m.json")) == metrics


def test_html_report(metrics: EvaluationMetrics, tmp_path: Path) -> None:
    history: list[dict[str, Any]] = [
        {"epoch": 1, "loss": 1.2, "accuracy": 0.4, "val_loss": 1.3, "val_accuracy": 0.35},
        {"epoch": 2, "loss": 0.9, "accuracy": 0.6, "val_loss": None},
        {"epoch": 3, "loss": 0.7},
    ]
    comparison = comparison_table(
        [
            ComparisonRow(1, "MobileNet <v1>", "mobilenet", 0.83, 0.55, 0.82, 100, 50.0),
            ComparisonRow(2, "NASNetLarge", "nasnet_large", 0.86, 0.5, 0.84, 100, 900.0),
        ]
    )
    other = compute([3, 3], [3, 0], NAMES)
    path = render_html_report(
        title="Run <7> & co",
        run_info={"backbone": "mobilenet", "note": "<script>alert(1)</script>"},
        history=history,
        evaluations={"validation": metrics, "test": other},
        comparison=comparison,
        path=tmp_path / "out" / "report.html",
    )
    text = path.read_text(encoding="utf-8")
    assert path.is_file()
    assert "&lt;b&gt;&amp;amp" in text
    assert "<b>&amp" not in text
    assert "<script>" not in text
    assert "Run &lt;7&gt; &amp; co" in text
    assert "MobileNet &lt;v1&gt;" in text
    assert "60.00 %" in text  # validation accuracy 3/5
    assert "50.00 %" in text  # test accuracy 1/2
    assert "84.00 %" in text  # comparison table
    assert text.index("NASNetLarge") < text.index("MobileNet &lt;v1&gt;")
    assert (
        text.count('<img src="data:image/png;base64,')
        + text.count('<img class="wide" src="data:image/png;base64,')
        == 5
    )  # curves + 2 confusion matrices per split
    assert not re.search(r"https?://", text)


def test_html_report_without_history(metrics: EvaluationMetrics, tmp_path: Path) -> None:
    path = render_html_report(
        title="t",
        run_info={},
        history=[{"epoch": 1}],
        evaluations={"test": metrics},
        path=tmp_path / "r.html",
    )
    text = path.read_text(encoding="utf-8")
    assert "No per-epoch history recorded." in text
    assert "Model comparison" not in text
