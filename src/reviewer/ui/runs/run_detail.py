"""The right side of the Runs tab: the selected run's title, the split selector and
the buttons (evaluate, cancel, export, open report, retrain), a message line, and the
tabs: the per-class report with the confusion matrix, the training curves, the flips.
Only layout and display here; ``runs_view`` drives it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.ui.common.colours import error_style
from reviewer.ui.common.translation import number
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader
from reviewer.ui.runs.class_report_model import ClassReportModel
from reviewer.ui.runs.confusion_view import ConfusionView
from reviewer.ui.runs.flips_view import FlipsView
from reviewer.ui.training.training_curves import TrainingCurves

SPLITS = ("test", "validation")


class RunDetail(QWidget):
    def __init__(self, catalogue: Catalogue, loader: ThumbnailLoader,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: list[dict[str, Any]] = []
        self._curves_title = ""
        self._curves_stale = True
        self.run_title = QLabel(self.tr("No run selected"))
        self.run_title.setObjectName("sectionTitle")
        self.split = QComboBox()
        self.split.setAccessibleName(self.tr("Evaluation split"))
        self.split.addItems(list(SPLITS))
        self.split.setToolTip(self.tr("Which split's evaluation to show"))
        self.split_counts: dict[str, int] = {}
        split_label = QLabel(self.tr("&Split:"))
        split_label.setBuddy(self.split)
        self.evaluate_button = QPushButton(self.tr("Eva&luate"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the evaluation"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(220)
        self.export_button = QPushButton(self.tr("E&xport report…"))
        self.export_button.setToolTip(self.tr("Write the run's HTML report with CSV and JSON tables"))
        self.open_report_button = QPushButton(self.tr("&Open report"))
        self.open_report_button.setToolTip(self.tr("Open the exported HTML report in the browser"))
        self.retrain_button = QPushButton(self.tr("Re&train…"))
        self.retrain_button.setToolTip(self.tr("Train a new run with this run's settings on the "
                                       "current (corrected) labels"))
        bar = QHBoxLayout()
        bar.addWidget(split_label)
        bar.addWidget(self.split)
        bar.addWidget(self.evaluate_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.progress)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.open_report_button)
        bar.addWidget(self.retrain_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.class_report_model = ClassReportModel(self)
        self.class_table = QTableView()
        self.class_table.setModel(self.class_report_model)
        self.class_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.class_table.verticalHeader().setVisible(False)
        self.class_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.class_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.class_table.setAccessibleName(self.tr("Precision, recall and F1 per category"))
        self.confusion = ConfusionView()
        class_title = QLabel(self.tr("Per category: precision, recall, F1 (as the paper's Tables I–V)"))
        class_title.setWordWrap(True)
        class_title.setObjectName("sectionTitle")
        class_side = QWidget()
        class_layout = QVBoxLayout(class_side)
        class_layout.setContentsMargins(0, 0, 0, 0)
        class_layout.addWidget(class_title)
        class_layout.addWidget(self.class_table, 1)
        evaluation = QSplitter()
        evaluation.addWidget(class_side)
        evaluation.addWidget(self.confusion)
        evaluation.setStretchFactor(1, 1)
        evaluation.setChildrenCollapsible(False)
        evaluation.setSizes([380, 620])
        self.curves = TrainingCurves()
        self.flips = FlipsView(catalogue, loader)
        self.details = QTabWidget()
        self.details.setAccessibleName(self.tr("Run details"))
        self.details.addTab(evaluation, self.tr("Evaluation"))
        self.details.addTab(self.curves, self.tr("Curves"))
        self.details.addTab(self.flips, self.tr("Flips"))
        self.details.setTabToolTip(1, self.tr("Loss and accuracy per epoch (as the paper's "
                                      "Figs. 14–15)"))
        self.details.setTabToolTip(2, self.tr("Images fixed or broken between two evaluations"))
        self.details.currentChanged.connect(lambda _i: self._update_curves())

        right_layout = QVBoxLayout(self)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.run_title)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.details, 1)

    # --- display --------------------------------------------------------------------

    def set_split_counts(self, counts: dict[str, int]) -> None:
        """Images per split: a split without images cannot be chosen, and when the one
        shown has none, the first split that has images is shown instead."""
        self.split_counts = dict(counts)
        model = self.split.model()
        assert isinstance(model, QStandardItemModel)
        for row, name in enumerate(SPLITS):
            n = counts.get(name, 0)
            item = model.item(row)
            item.setEnabled(n > 0)
            item.setToolTip(self.tr("{0} images in the {1} split").format(number(n), name) if n else
                            self.tr("No images in the {0} split: make splits first "
                                    "(reviewer split), or import a test collection").format(name))
        if counts.get(self.split.currentText(), 0) == 0:
            having = [name for name in SPLITS if counts.get(name, 0) > 0]
            if having:
                self.split.setCurrentText(having[0])

    def show_evaluation(self, evaluation: Any) -> None:
        """The per-class table and the confusion matrix of an EvaluationResult (or none)."""
        metrics = evaluation.metrics if evaluation is not None else None
        self.class_report_model.set_metrics(metrics)
        title = self.tr("Confusion matrix")
        if evaluation is not None:
            title = self.tr("Confusion matrix — {0}, evaluation {1}").format(evaluation.split, evaluation.evaluation_id)
        self.confusion.set_metrics(metrics, evaluation.evaluation_id if evaluation else None, title)

    def set_history(self, history: list[dict[str, Any]], title: str) -> None:
        """The run's per-epoch history; drawn when the Curves tab is shown."""
        self._history, self._curves_title, self._curves_stale = list(history), title, True
        self._update_curves()

    def _update_curves(self) -> None:
        if self.details.currentWidget() is not self.curves or not self._curves_stale:
            return
        self._curves_stale = False
        self.curves.clear(self._curves_title)
        for entry in self._history:
            logs = {k: float(v) for k, v in entry.items() if k != "epoch" and v is not None}
            self.curves.add_epoch(int(entry.get("epoch", 0)), logs)

    def set_state(self, *, has_run: bool, evaluated: bool, evaluating: bool,
                  writing_report: bool, report_ready: bool) -> None:
        self.evaluate_button.setEnabled(has_run and not evaluating)
        self.evaluate_button.setText(self.tr("Evaluate a&gain") if evaluated else self.tr("Eva&luate"))
        self.evaluate_button.setToolTip(
            self.tr("Predict every image of the split again and store a new evaluation") if evaluated
            else self.tr("Predict every image of the split with the run's model (in the background)"))
        self.cancel_button.setEnabled(evaluating)
        self.progress.setVisible(evaluating)
        if not evaluating:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self.export_button.setEnabled(has_run and not writing_report)
        self.open_report_button.setEnabled(report_ready)
        self.retrain_button.setEnabled(has_run)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("%v / %m images"))

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(error_style(self.palette()) if error else "")
        self.message.setText(text)
