"""The Runs tab: the comparison of runs (as the paper's Table VI); for the selected run
and split, the per-class report (Tables I–V), the confusion matrix (click a cell for
its images), the training curves, the flips between evaluations; evaluate and export
the report in worker jobs (ui.worker), never blocking the window. Without runs, a
page that says so and leads to the Training tab."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import totals
from reviewer.errors import UserError
from reviewer.training import run_readers, runs
from reviewer.training.metrics import ComparisonRow
from reviewer.ui.common.translation import number
from reviewer.ui.common.worker import Jobs
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader
from reviewer.ui.runs.calibration_view import CalibrationView
from reviewer.ui.runs.cell_gallery import CellGallery
from reviewer.ui.runs.comparison_model import ComparisonModel
from reviewer.ui.runs.run_detail import SPLITS, RunDetail
from reviewer.ui.runs.run_jobs import RunJobs


def _default_actor() -> str:
    from reviewer.settings import load_settings

    return load_settings().curator_name


SHORT_TOP = 110  # the runs table on a short screen: its header and three runs


class RunsView(QWidget):
    """Compare runs, read one run's evaluation, open a confusion cell's images."""

    retrainRequested = Signal(int)  # run id: start a new run with its settings
    trainingRequested = Signal()  # the empty page's way out: show the Training tab
    labelsChanged = Signal(list)  # image ids relabelled in a cell gallery ([]: re-read all)
    statusMessage = Signal(str)

    def __init__(self, catalogue: Catalogue, jobs: Jobs,
                 actor: Callable[[], str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = jobs
        self.actor = actor or _default_actor
        self.run_id: int | None = None
        self.evaluation: Any = None  # the EvaluationResult shown, or None
        self.gallery: CellGallery | None = None
        self.report_path: Path | None = None
        self._loaded = False
        self._run_name = ""
        self.loader = ThumbnailLoader(catalogue, parent=self)
        self.run_jobs = RunJobs(catalogue, jobs, self)
        self.run_jobs.progress.connect(lambda done, total: self.detail.set_progress(done, total))
        self.run_jobs.evaluated.connect(self._evaluated)
        self.run_jobs.reportWritten.connect(self._report_written)
        self.run_jobs.message.connect(lambda text, error: self._say(text, error=error))
        self.run_jobs.changed.connect(self._update_buttons)
        self._build()

    # --- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        self.comparison_model = ComparisonModel(self)
        self.table = QTableView()
        self.table.setModel(self.comparison_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Runs"))
        self.table.setToolTip(self.tr("Every run with its validation accuracy and loss and its test "
                              "accuracy, as the paper's Table VI compares its models; click "
                              "a column title to sort. Select a run to see its evaluation."))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        runs_title = QLabel(self.tr("Compare &runs (as the paper's Table VI)"))
        runs_title.setObjectName("sectionTitle")
        runs_title.setBuddy(self.table)
        self.refresh_button = QPushButton(self.tr("Reload"))
        self.refresh_button.setToolTip(self.tr("Read the runs and evaluations again"))
        self.refresh_button.clicked.connect(self.refresh)
        self.runs_note = QLabel()
        self.runs_note.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(runs_title, 1)
        head.addWidget(self.refresh_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(head)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.runs_note)

        self.detail = RunDetail(self.catalogue, self.loader)
        self.calibration = CalibrationView(self.catalogue)
        self.detail.details.addTab(self.calibration, self.tr("Calibration"))
        self.calibration.calibrated.connect(lambda _run: self.show_run(self.run_id))
        d = self.detail
        self.run_title, self.split, self.message, self.details = (
            d.run_title, d.split, d.message, d.details)
        self.evaluate_button, self.cancel_button, self.progress = (
            d.evaluate_button, d.cancel_button, d.progress)
        self.export_button, self.open_report_button, self.retrain_button = (
            d.export_button, d.open_report_button, d.retrain_button)
        self.class_report_model, self.class_table = d.class_report_model, d.class_table
        self.confusion, self.curves, self.flips = d.confusion, d.curves, d.flips
        self.split.currentIndexChanged.connect(lambda _i: self.show_run(self.run_id))
        self.evaluate_button.clicked.connect(self.evaluate)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(lambda: self.export_report())
        self.open_report_button.clicked.connect(self.open_report)
        self.retrain_button.clicked.connect(self._retrain)
        self.confusion.cellActivated.connect(self.open_cell)
        # Runs above, the selected run below: Table VI needs the full width for its nine
        # columns, and the per-class table and the matrix side by side need it too.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([210, 740])
        self._splitter_moved = False  # by the user: then the sizes are theirs
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_splitter_moved", True))
        self.empty_page = self._build_empty_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._update_buttons()

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("runsEmptyState")
        title = QLabel(self.tr("No runs yet"))
        title.setObjectName("emptyStateTitle")
        text = QLabel(self.tr(
            "A run is a model trained on this catalogue's train split. Train one in the "
            "Training tab (EfficientNet-Lite0 works offline); it then appears here with its "
            "accuracy, precision and recall per category, and a confusion matrix whose "
            "cells open the images behind them."))
        text.setWordWrap(True)
        text.setFixedWidth(520)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text_row = QHBoxLayout()  # centred without squeezing the wrapped text
        text_row.addStretch(1)
        text_row.addWidget(text)
        text_row.addStretch(1)
        self.empty_text = text
        self.train_button = QPushButton(self.tr("Go to the Training tab"))
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(self.trainingRequested)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(text_row)
        layout.addSpacing(12)
        layout.addWidget(self.train_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def is_empty_state(self) -> bool:
        return self.stack.currentWidget() is self.empty_page

    # --- loading ----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._splitter_moved:  # a short window: the runs table gives the matrix room
            total = sum(self.splitter.sizes())
            top = max(SHORT_TOP, min(210, total // 4)) if total < 900 else 210
            self.splitter.setSizes([top, max(total - top, 1)])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            # Not at once: while the main window swaps catalogues this tab is shown
            # for a moment; read the runs only if it stays visible.
            QTimer.singleShot(0, self, self._load_if_shown)

    def _load_if_shown(self) -> None:
        if self.isVisible() and not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Read the runs again (plain SQL through ``run_readers``: no TensorFlow)."""
        self._update_split_counts()
        try:
            rows = run_readers.comparison(self.catalogue, every_run=True)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self._show_runs(rows)

    def _show_runs(self, rows: list[ComparisonRow]) -> None:
        self._loaded = True
        self.refresh_button.setEnabled(True)
        keep = self.run_id
        self.comparison_model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.runs_note.setText("" if rows else self.tr("No runs yet: train one in the Training tab."))
        self.stack.setCurrentWidget(self.splitter if rows else self.empty_page)
        row = self.comparison_model.row_of(keep) if keep is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.comparison_model.index(row, 0))
        else:
            self.show_run(None)
        self.flips.reload()

    def _update_split_counts(self) -> None:
        try:
            with self.catalogue.read() as session:
                counts = totals(session)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self.detail.set_split_counts({name: counts[name] for name in SPLITS})

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_run(self.comparison_model.run_id_at(current.row()))

    def show_new_run(self, run_id: int) -> None:
        """A run just finished training: read the runs again and select it."""
        self.refresh()
        self.select_run(run_id)

    def select_run(self, run_id: int) -> None:
        row = self.comparison_model.row_of(run_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.comparison_model.index(row, 0))

    def show_run(self, run_id: int | None) -> None:
        """Show ``run_id``'s stored evaluation of the chosen split (or say there is none)."""
        changed = run_id != self.run_id
        self.run_id = run_id
        self.evaluation = None
        if changed:
            self.report_path = None
        if run_id is None:
            self.run_title.setText(self.tr("No run selected"))
            self._show_metrics()
            return
        split = self.split.currentText()
        try:
            with self.catalogue.read() as session:
                info = runs.get_run(session, run_id)
            self.evaluation = run_readers.stored_metrics(self.catalogue, run_id, split)
        except UserError as exc:
            self._say(str(exc), error=True)
            self._show_metrics()
            return
        self.run_title.setText(self.tr("Run {0}: {1} ({2})").format(run_id, info.name, info.status))
        self._run_name = info.name
        if changed:
            self.detail.set_history(info.history, self.tr("Run {0}: {1}").format(run_id, info.name))
            self.calibration.set_run(run_id)
        if self.evaluation is None:
            self._say(self.tr("Run {0} has not been evaluated on the {1} split yet: "
                              "press Evaluate.").format(run_id, split))
        else:
            m = self.evaluation.metrics
            loss = self.tr(", loss {0}").format(number(m.loss, 3)) if m.loss is not None else ""
            self._say(self.tr("{0} accuracy {1} %{2} over {3} images (evaluation {4}).").format(
                split.capitalize(), number(100 * m.accuracy, 1), loss, number(m.support),
                self.evaluation.evaluation_id))
        self._show_metrics()

    def _show_metrics(self) -> None:
        self.detail.show_evaluation(self.evaluation)
        self._update_buttons()

    # --- evaluating -------------------------------------------------------------------

    def evaluate(self) -> None:
        """Evaluate the selected run on the chosen split in a worker job."""
        if self.run_id is not None and self.run_jobs.evaluate(self.run_id, self.split.currentText()):
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("starting…"))

    def cancel(self) -> None:
        self.run_jobs.cancel_evaluation()
        self.cancel_button.setEnabled(False)

    def _evaluated(self, result: Any) -> None:
        self.refresh()
        if result.run_id == self.run_id and result.split == self.split.currentText():
            self.show_run(result.run_id)
        self.statusMessage.emit(self.tr("Run {0}: {1} accuracy {2} %").format(
            result.run_id, result.split, number(100 * result.metrics.accuracy, 1)))

    # --- the cell gallery ---------------------------------------------------------------

    def open_cell(self, evaluation_id: int, true_index: int, predicted_index: int) -> None:
        """Show the images of one confusion cell in the gallery window."""
        ev = self.evaluation
        if ev is None or ev.evaluation_id != evaluation_id or self.run_id is None:
            return
        if self.confusion.model.count(true_index, predicted_index) == 0:
            self._say(self.tr("No images in that cell."))
            return
        if self.gallery is None:
            self.gallery = CellGallery(self.catalogue, self.loader, self.actor, self)
            self.gallery.retrainRequested.connect(self.retrainRequested)
            self.gallery.labelsChanged.connect(self.labelsChanged)
            self.gallery.statusMessage.connect(self.statusMessage)
        self.gallery.show_cell(self.run_id, evaluation_id, true_index, predicted_index,
                               ev.metrics.class_names, run_name=self._run_name,
                               split=ev.split)

    def _retrain(self) -> None:
        if self.run_id is not None:
            self.retrainRequested.emit(self.run_id)

    # --- the report -------------------------------------------------------------------

    def export_report(self, folder: Path | None = None) -> None:
        """Write the selected run's report into ``folder`` (asked for when None)."""
        if self.run_id is None or self.run_jobs.writing_report():
            return
        if folder is None:
            start = runs.run_dir(self.catalogue, self.run_id) / "report"
            chosen = QFileDialog.getExistingDirectory(
                self, f"Write the report of run {self.run_id} into", str(start))
            if not chosen:
                return
            folder = Path(chosen)
        self.run_jobs.write_report(self.run_id, folder)

    def _report_written(self, path: Path) -> None:
        self.report_path = path
        self._update_buttons()
        self.statusMessage.emit(self.tr("Report written: {0}").format(path))
        self.open_report_button.setFocus()

    def open_report(self) -> bool:
        if self.report_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report_path)))

    # --- state --------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        self.detail.set_state(has_run=self.run_id is not None,
                              evaluated=self.evaluation is not None,
                              evaluating=self.run_jobs.evaluating(),
                              writing_report=self.run_jobs.writing_report(),
                              report_ready=self.report_path is not None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.detail.say(text, error=error)

    def shutdown(self) -> None:
        """Close the gallery and join the thumbnail thread (the jobs belong to ``jobs``)."""
        if self.gallery is not None:
            self.gallery.close()
        self.calibration.shutdown()
        self.loader.shutdown()
