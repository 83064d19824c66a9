"""A run's calibration: the temperature, ECE before and after, the reliability diagram,
and per-class precision–recall curves with the threshold under the cursor.

Reads what ``calibrate_run`` stored beside the run's model; "Calibrate" fits it (off the
GUI thread, cancellable) when there is none or the model changed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.analysis.calibration import ClassCurve
from reviewer.analysis.temperature import load_calibration
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training import runs
from reviewer.training.model_files import run_model_file
from reviewer.ui.common.colours import Role, role_colour
from reviewer.ui.common.worker import Job, JobKind, Jobs


def stored_details(catalogue: Catalogue, run_id: int) -> dict[str, Any] | None:
    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
    try:
        path = run_model_file(catalogue, info)
    except UserError:
        return None
    stored = load_calibration(path) if path.exists() else None
    return stored.details if stored else None


class CalibrationView(QWidget):
    calibrated = Signal(int)  # run id

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = Jobs(self)
        self.job: Job | None = None
        self.run_id: int | None = None
        self.details: dict[str, Any] | None = None
        self.curve: ClassCurve | None = None
        self.summary = QLabel("No run selected.")
        self.summary.setWordWrap(True)
        self.calibrate_button = QPushButton("&Calibrate")
        self.calibrate_button.setToolTip("Fit the temperature on the validation split; every "
                                         "probability the app shows then uses it")
        self.calibrate_button.clicked.connect(self.calibrate)
        self.split = QComboBox()
        self.split.setAccessibleName("Split of the curves")
        self.split.currentTextChanged.connect(lambda _t: self._draw())
        self.category = QComboBox()
        self.category.setAccessibleName("Category of the precision-recall curve")
        self.category.currentTextChanged.connect(lambda _t: self._draw_curve())
        self.reliability = pg.PlotWidget(background=self._colour(QPalette.ColorRole.Base))
        self.reliability.setAccessibleName("Reliability diagram")
        self.reliability.viewport().setAccessibleName("Reliability diagram: plot")
        self.reliability.setTitle("Reliability, 15 bins (grey: before, blue: after scaling)",
                                  color=self._colour(QPalette.ColorRole.Text))
        self.reliability.setLabel("bottom", "confidence")
        self.reliability.setLabel("left", "accuracy")
        self.pr = pg.PlotWidget(background=self._colour(QPalette.ColorRole.Base))
        self.pr.setAccessibleName("Precision-recall curve")
        self.pr.viewport().setAccessibleName("Precision-recall curve: plot")
        self.pr.setLabel("bottom", "recall")
        self.pr.setLabel("left", "precision")
        self.marker = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(role_colour(Role.WRONG, self.palette())))
        self.cursor_text = QLabel("Move the mouse along the curve to read its threshold.")
        self.pr.scene().sigMouseMoved.connect(self._on_mouse_moved)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Split:"))
        top.addWidget(self.split)
        top.addWidget(QLabel("Category:"))
        top.addWidget(self.category)
        top.addWidget(self.calibrate_button)
        plots = QHBoxLayout()
        plots.addWidget(self.reliability, 1)
        plots.addWidget(self.pr, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(plots, 1)
        layout.addWidget(self.cursor_text)

    def set_run(self, run_id: int | None) -> None:
        self.run_id = run_id
        self.details = None
        if run_id is not None:
            try:
                self.details = stored_details(self.catalogue, run_id)
            except UserError as exc:
                self.summary.setText(str(exc))
        splits = list((self.details or {}).get("splits", {}))
        self.split.blockSignals(True)
        self.split.clear()
        self.split.addItems(splits)
        self.split.blockSignals(False)
        self._draw()

    def calibrate(self) -> Job | None:
        if self.run_id is None:
            return None
        run_id = self.run_id

        def work(on_progress: Any, should_stop: Any) -> int:
            from reviewer.analysis.calibration import calibrate_run

            calibrate_run(self.catalogue, run_id, on_progress=on_progress,
                          should_stop=should_stop)
            return run_id

        try:
            job = self.jobs.start(JobKind.CALIBRATION, work)
        except UserError as exc:
            self.summary.setText(str(exc))
            return None
        self.job = job
        self.calibrate_button.setEnabled(False)
        self.summary.setText(f"Calibrating run {run_id}…")
        job.progress.connect(lambda d, t, m: self.summary.setText(f"{m} {d}/{t}"))
        job.finished.connect(self._on_calibrated)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(lambda _r: self._on_failed("Cancelled."))
        return job

    def _on_calibrated(self, run_id: int) -> None:
        self.job = None
        self.calibrate_button.setEnabled(True)
        if run_id == self.run_id:
            self.set_run(run_id)
        self.calibrated.emit(run_id)

    def _colour(self, role: QPalette.ColorRole) -> QColor:
        """The theme's colour for ``role`` (the plots follow the palette)."""
        return self.palette().color(role)

    def _on_failed(self, message: str) -> None:
        self.job = None
        self.calibrate_button.setEnabled(True)
        self.summary.setText(message.split("\n", 1)[0])

    # --- drawing ---------------------------------------------------------------------------

    def _draw(self) -> None:
        self.reliability.clear()
        self.reliability.plot([0, 1], [0, 1], pen=pg.mkPen(self._colour(QPalette.ColorRole.PlaceholderText),
                                                          style=pg.QtCore.Qt.PenStyle.DashLine))
        if self.details is None:
            if self.run_id is not None:
                self.summary.setText(f"Run {self.run_id} is not calibrated yet: its "
                                     "probabilities are the model's own. Press Calibrate.")
            self._draw_curve()
            return
        t = float(self.details.get("temperature", 1.0))
        parts = [f"Temperature <b>{t:.3f}</b> (fitted on validation)."]
        for name, s in self.details.get("splits", {}).items():
            parts.append(f"{name}: ECE {s['ece_before']:.3f} → <b>{s['ece_after']:.3f}</b>")
        self.summary.setText(" ".join(parts))
        split = self.details.get("splits", {}).get(self.split.currentText())
        if split:
            before = self._colour(QPalette.ColorRole.PlaceholderText)
            after = role_colour(Role.VALIDATION, self.palette())  # blue in both themes
            for key, colour, offset in (("reliability_before", before, -0.0167),
                                        ("reliability_after", after, 0.0167)):
                bins = [b for b in split[key] if b["count"]]
                if bins:
                    centres = [(b["lower"] + b["upper"]) / 2 + offset for b in bins]
                    self.reliability.addItem(pg.BarGraphItem(
                        x=centres, height=[b["accuracy"] for b in bins], width=0.03,
                        brush=colour, name=key))
        names = [c["name"] for c in self.details.get("pr_curves", {}).get(
            self.split.currentText(), [])]
        current = self.category.currentText()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItems(names)
        if current in names:
            self.category.setCurrentText(current)
        self.category.blockSignals(False)
        self._draw_curve()

    def _draw_curve(self) -> None:
        self.pr.clear()
        self.curve = None
        if self.details is None:
            return
        curves = self.details.get("pr_curves", {}).get(self.split.currentText(), [])
        chosen = next((c for c in curves if c["name"] == self.category.currentText()), None)
        if chosen is None:
            return
        self.curve = ClassCurve(chosen["name"], chosen["thresholds"], chosen["precision"],
                                chosen["recall"])
        self.pr.setTitle(f"{chosen['name']} ({self.split.currentText()})", color=self._colour(QPalette.ColorRole.Text))
        self.pr.plot(self.curve.recall, self.curve.precision,
                     pen=pg.mkPen(role_colour(Role.VALIDATION, self.palette()), width=2))
        self.pr.addItem(self.marker)

    def threshold_near_recall(self, recall: float) -> tuple[float, float, float] | None:
        """(threshold, precision, recall) of the curve point nearest ``recall``."""
        if self.curve is None or not self.curve.thresholds:
            return None
        row = int(np.argmin(np.abs(np.asarray(self.curve.recall) - recall)))
        return self.curve.thresholds[row], self.curve.precision[row], self.curve.recall[row]

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self.curve is None:
            return
        point = self.pr.getViewBox().mapSceneToView(scene_pos)
        found = self.threshold_near_recall(point.x())
        if found is None:
            return
        threshold, precision, recall = found
        self.marker.setData([recall], [precision])
        self.cursor_text.setText(
            f"{self.curve.name}: call it at probability ≥ <b>{threshold:.2f}</b> → precision "
            f"{precision:.2f}, recall {recall:.2f}")

    def shutdown(self) -> None:
        self.jobs.shutdown()
