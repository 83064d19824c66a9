"""Exports of evaluation results: CSV, JSON and one self-contained HTML report.

Figures are drawn with :class:`matplotlib.figure.Figure` on a ``FigureCanvasAgg``
directly, never through pyplot, so importing this module does not touch the
matplotlib backend a Qt application may have chosen.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reviewer.csv_safe import safe_row
from reviewer.file_modes import give_file_mode
from reviewer.training.metrics import ClassReport, ComparisonRow, EvaluationMetrics

DPI = 100
MAX_ANNOTATED_CLASSES = 30
_TICK_CHARS = 24

# ---------------------------------------------------------------- CSV and JSON


def metrics_to_csv(metrics: EvaluationMetrics, path: Path) -> Path:
    """Per-class rows, then accuracy, macro avg and weighted avg, as sklearn prints them."""
    total = metrics.support
    rows: list[list[object]] = [["class", "precision", "recall", "f1-score", "support"]]
    rows += [_report_row(report) for report in metrics.per_class]
    rows.append(["accuracy", "", "", metrics.accuracy, total])
    rows += [_report_row(metrics.macro), _report_row(metrics.weighted)]
    if metrics.loss is not None:
        rows.append(["loss", "", "", metrics.loss, total])
    return _write_csv(path, rows)


def confusion_to_csv(metrics: EvaluationMetrics, path: Path, normalised: bool = False) -> Path:
    """Confusion matrix with class names on both axes (rows true, columns predicted)."""
    matrix: Sequence[Sequence[float]] = (
        metrics.confusion_normalised() if normalised else metrics.confusion
    )
    rows: list[list[object]] = [["true \\ predicted", *metrics.class_names]]
    rows += [[name, *row] for name, row in zip(metrics.class_names, matrix, strict=True)]
    return _write_csv(path, rows)


def history_to_csv(history: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """One row per epoch; columns are every key seen, ``epoch`` first; None is empty."""
    columns: list[str] = []
    for item in history:
        columns += [key for key in item if key not in columns]
    if "epoch" in columns:
        columns.remove("epoch")
        columns.insert(0, "epoch")
    rows: list[list[object]] = [list(columns)]
    rows += [["" if item.get(key) is None else item[key] for key in columns] for item in history]
    return _write_csv(path, rows)


def metrics_to_json(metrics: EvaluationMetrics, path: Path) -> Path:
    """``metrics.to_dict()`` as indented JSON."""
    text = json.dumps(metrics.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    return _write_text(path, text + "\n")


def metrics_from_json(path: Path) -> EvaluationMetrics:
    """Read back what :func:`metrics_to_json` wrote."""
    return EvaluationMetrics.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _report_row(report: ClassReport) -> list[object]:
    return [report.name, report.precision, report.recall, report.f1, report.support]


def _write_csv(path: Path, rows: Iterable[list[object]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(safe_row(row) for row in rows)
    return _write_text(path, buffer.getvalue())


def _write_text(path: Path, text: str) -> Path:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            give_file_mode(handle.fileno())  # mkstemp makes 0600; reports follow the umask
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


# ---------------------------------------------------------------- figures


def _png_data_uri(figure: Figure) -> str:
    canvas = FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    canvas.print_png(buffer, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _curves_figure(history: Sequence[Mapping[str, Any]]) -> Figure | None:
    """Accuracy and loss per epoch, training and validation; None if nothing to draw."""
    panels = []
    for title, keys in (("Accuracy", ("accuracy", "val_accuracy")), ("Loss", ("loss", "val_loss"))):
        series = []
        for key in keys:
            points = [
                (_number(item.get("epoch", index + 1)), _number(item.get(key)))
                for index, item in enumerate(history)
            ]
            points = [(x, y) for x, y in points if x is not None and y is not None]
            if points:
                label = "validation" if key.startswith("val_") else "training"
                series.append((label, points))
        if series:
            panels.append((title, series))
    if not panels:
        return None
    figure = Figure(figsize=(5.0 * len(panels), 3.6), dpi=DPI, layout="constrained")
    for position, (title, series) in enumerate(panels, start=1):
        axes = figure.add_subplot(1, len(panels), position)
        for label, points in series:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o" if len(xs) < 30 else None, markersize=3, label=label)
        axes.set_title(title)
        axes.set_xlabel("epoch")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(True, alpha=0.3)
        axes.legend()
    return figure


def _confusion_figure(
    matrix: Sequence[Sequence[float]], class_names: list[str], title: str, fmt: str
) -> Figure:
    """Heat-map of a confusion matrix, cells annotated with ``fmt``."""
    values = np.asarray(matrix, dtype=np.float64).reshape(len(class_names), len(class_names))
    size = max(4.5, 0.6 * len(class_names) + 2.5)
    figure = Figure(figsize=(size + 1.0, size), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    top = float(values.max()) if values.size and values.max() > 0 else 1.0
    image = axes.imshow(values, cmap="Blues", vmin=0.0, vmax=top)
    figure.colorbar(image, ax=axes, shrink=0.8)
    ticks = list(range(len(class_names)))
    labels = [_short(name) for name in class_names]
    axes.set_xticks(ticks, labels, rotation=45, ha="right", parse_math=False)
    axes.set_yticks(ticks, labels, parse_math=False)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title(title)
    if len(class_names) <= MAX_ANNOTATED_CLASSES:
        for (row, col), value in np.ndenumerate(values):
            colour = "white" if value > top / 2 else "black"
            axes.text(
                col, row, format(value, fmt), ha="center", va="center", color=colour, fontsize=8
            )
    return figure


def _short(name: str) -> str:
    return name if len(name) <= _TICK_CHARS else name[: _TICK_CHARS - 1] + "…"


# ---------------------------------------------------------------- HTML

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2328; }
h1 { border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .7rem; }
th { background: #f6f8fa; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.avg td { background: #f6f8fa; font-style: italic; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
.figures img, img.wide { max-width: 100%; height: auto; }
.summary { font-size: 1.1rem; }
.note { color: #656d76; }
"""

_HEADERS = {
    "run_id": "Run",
    "model": "Model",
    "backbone": "Backbone",
    "validation_accuracy": "Validation accuracy",
    "validation_loss": "Validation loss",
    "test_accuracy": "Test accuracy",
    "epochs": "Epochs",
    "wall_seconds": "Wall time (s)",
}


def render_html_report(
    *,
    title: str,
    run_info: dict[str, str],
    history: Sequence[Mapping[str, Any]],
    evaluations: dict[str, EvaluationMetrics],
    comparison: list[ComparisonRow] | None = None,
    path: Path,
) -> Path:
    """Write one self-contained HTML report (inline CSS, base64 PNG figures) to ``path``."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_esc(title)}</h1>",
        "<h2>Run settings</h2>",
        _key_value_table(run_info),
        "<h2>Training curves</h2>",
        _curves_html(history),
    ]
    for split, metrics in evaluations.items():
        parts.append(_evaluation_html(split, metrics))
    if comparison:
        parts += ["<h2>Model comparison</h2>", _comparison_table(comparison)]
    parts.append("</body></html>\n")
    return _write_text(path, "\n".join(parts))


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _img(figure: Figure, alt: str, css_class: str = "") -> str:
    extra = f' class="{css_class}"' if css_class else ""
    return f'<img{extra} src="{_png_data_uri(figure)}" alt="{_esc(alt)}">'


def _key_value_table(info: dict[str, str]) -> str:
    if not info:
        return '<p class="note">No settings recorded.</p>'
    rows = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in info.items())
    return f"<table>{rows}</table>"


def _curves_html(history: Sequence[Mapping[str, Any]]) -> str:
    figure = _curves_figure(history)
    if figure is None:
        return '<p class="note">No per-epoch history recorded.</p>'
    return _img(figure, "Accuracy and loss per epoch", "wide")


def _percent(value: float) -> str:
    return f"{value * 100:.2f} %"


def _evaluation_html(split: str, metrics: EvaluationMetrics) -> str:
    summary = f"Accuracy <strong>{_percent(metrics.accuracy)}</strong> on {metrics.support} images"
    if metrics.loss is not None:
        summary += f", loss {metrics.loss:.4f}"
    if metrics.tta:
        summary += " (horizontal-flip test-time augmentation)"
    counts = _confusion_figure(metrics.confusion, metrics.class_names, "Confusion (counts)", ".0f")
    normalised = _confusion_figure(
        metrics.confusion_normalised(), metrics.class_names, "Confusion (row-normalised)", ".2f"
    )
    return "\n".join(
        [
            f"<h2>Evaluation: {_esc(split)}</h2>",
            f'<p class="summary">{summary}</p>',
            _class_table(metrics),
            '<div class="figures">',
            _img(counts, f"Confusion matrix, {split}, counts"),
            _img(normalised, f"Confusion matrix, {split}, row-normalised"),
            "</div>",
        ]
    )


def _class_table(metrics: EvaluationMetrics) -> str:
    head = (
        "<tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1-score</th><th>Support</th></tr>"
    )

    def row(report: ClassReport, css: str = "") -> str:
        cells = "".join(
            f'<td class="num">{value:.2f}</td>'
            for value in (report.precision, report.recall, report.f1)
        )
        attr = f' class="{css}"' if css else ""
        return (
            f"<tr{attr}><td>{_esc(report.name)}</td>{cells}"
            f'<td class="num">{report.support}</td></tr>'
        )

    body = "".join(row(report) for report in metrics.per_class)
    body += row(metrics.macro, "avg") + row(metrics.weighted, "avg")
    return f"<table>{head}{body}</table>"


def _comparison_table(rows: list[ComparisonRow]) -> str:
    columns = [f.name for f in fields(ComparisonRow) if f.name != "status"]
    head = "".join(f"<th>{_esc(_HEADERS.get(key, key))}</th>" for key in columns)
    body = "".join(
        "<tr>" + "".join(_comparison_cell(key, getattr(item, key)) for key in columns) + "</tr>"
        for item in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _comparison_cell(key: str, value: object) -> str:
    number = _number(value)
    if value is None:
        return '<td class="num">—</td>'
    if number is None:
        return f"<td>{_esc(value)}</td>"
    if isinstance(value, int):
        text = str(value)
    elif "accuracy" in key:
        text = _percent(number)
    elif key.endswith("seconds"):
        text = f"{number:.1f}"
    else:
        text = f"{number:.4f}"
    return f'<td class="num">{text}</td>'
