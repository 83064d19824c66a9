"""Export: a folder per category, a CSV of the images, or the label history as CSV
(``reviewer export folders | csv | history``), run in the background."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue import export
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.ui.common.translation import counted, number
from reviewer.ui.common.worker import Job, JobKind, Jobs

WHAT = ((QT_TRANSLATE_NOOP("ExportDialog", "Images, a folder per category"), "folders"),
        (QT_TRANSLATE_NOOP("ExportDialog", "Image list (CSV)"), "csv"), (QT_TRANSLATE_NOOP("ExportDialog", "Label history (CSV)"), "history"))
SPLITS: tuple[tuple[str, str | None], ...] = ((QT_TRANSLATE_NOOP("ExportDialog", "All splits"), None), (QT_TRANSLATE_NOOP("ExportDialog", "Train"), "train"),
          (QT_TRANSLATE_NOOP("ExportDialog", "Validation"), "validation"), (QT_TRANSLATE_NOOP("ExportDialog", "Test"), "test"))


def export_function(catalogue: Catalogue, what: str, target: Path, *, split: str | None = None,
                    by_split: bool = False,
                    include_unsure: bool = False) -> Callable[..., int | export.FolderExport]:
    """``fn(*, on_progress, should_stop)`` for the worker: a count of rows (CSV), or
    what the folder export did."""
    if what == "folders":
        def folders(**callbacks: Any) -> export.FolderExport:
            return export.export_folders(catalogue, target, split=split, by_split=by_split,
                                         include_unsure=include_unsure, **callbacks)
        return folders
    writer = export.export_images_csv if what == "csv" else export.export_history_csv

    def rows(**_callbacks: Any) -> int:
        return writer(catalogue, target)
    return rows


def describe(result: int | export.FolderExport, target: Path) -> str:
    """The words the command line prints for the same export."""
    if isinstance(result, int):
        return counted(QCoreApplication.translate("ExportDialog", "Wrote {0} row(s) to {1}.", "", result), result, target)
    lines = [result.summary(target)]
    if result.renamed:
        lines.append(QCoreApplication.translate("ExportDialog", "Folders named differently from their category (unsafe or "
                                                "colliding names):"))
        lines += [f"  {name!r} → {folder}" for name, folder in result.renamed.items()]
    lines += ["  " + QCoreApplication.translate("ExportDialog", "missing: image {0} (stored original {1}… is gone)").format(
                  image_id, sha[:12])
              for image_id, sha in result.missing[:20]]
    if len(result.missing) > 20:
        lines.append("  " + QCoreApplication.translate("ExportDialog", "… and {0} more").format(number(len(result.missing) - 20)))
    return "\n".join(lines)


class ExportDialog(QDialog):
    # Explicit contexts: lupdate loses the class scope after export_function's nested defs.
    def __init__(self, catalogue: Catalogue, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ExportDialog", "Export"))
        self.setMinimumWidth(520)
        self._catalogue = catalogue
        self._jobs = jobs
        self.job: Job | None = None
        self.what_combo = QComboBox()
        for text, value in WHAT:
            self.what_combo.addItem(QCoreApplication.translate("ExportDialog", text), value)
        self.target_edit = QLineEdit()
        browse = QPushButton(QCoreApplication.translate("ExportDialog", "Choose…"))
        browse.clicked.connect(self._browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(browse)
        self.split_combo = QComboBox()
        for text, value in SPLITS:
            self.split_combo.addItem(QCoreApplication.translate("ExportDialog", text), value)
        self.by_split_box = QCheckBox(QCoreApplication.translate("ExportDialog", "One sub-folder per split"))
        self.unsure_box = QCheckBox(QCoreApplication.translate("ExportDialog", "Include images marked unsure"))
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("ExportDialog", "Export:"), self.what_combo)
        form.addRow(QCoreApplication.translate("ExportDialog", "To:"), target_row)
        form.addRow(QCoreApplication.translate("ExportDialog", "Split:"), self.split_combo)
        form.addRow("", self.by_split_box)
        form.addRow("", self.unsure_box)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # category names stay literal
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(QCoreApplication.translate("ExportDialog", "Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.what_combo.currentIndexChanged.connect(self._on_what)
        self._on_what()

    def _on_what(self) -> None:
        folders = self.what_combo.currentData() == "folders"
        for widget in (self.split_combo, self.by_split_box, self.unsure_box):
            widget.setEnabled(folders)

    def _browse(self) -> None:
        if self.what_combo.currentData() == "folders":
            path = QFileDialog.getExistingDirectory(self, QCoreApplication.translate("ExportDialog", "Export into folder"))
        else:
            path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("ExportDialog", "Export to CSV"), "", QCoreApplication.translate("ExportDialog", "CSV (*.csv)"))
        if path:
            self.target_edit.setText(path)

    def start(self) -> Job | None:
        target = self.target_edit.text().strip()
        if not target:
            self.message.setText(QCoreApplication.translate("ExportDialog", "Choose where to export to."))
            return None
        fn = export_function(self._catalogue, str(self.what_combo.currentData()), Path(target),
                             split=self.split_combo.currentData(),
                             by_split=self.by_split_box.isChecked(),
                             include_unsure=self.unsure_box.isChecked())
        try:
            job = self._jobs.start(JobKind.EXPORT, fn, busy_message=QCoreApplication.translate("ExportDialog", "An export is already running."))
        except UserError as exc:
            self.message.setText(str(exc))
            return None
        self.job = job
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText(QCoreApplication.translate("ExportDialog", "Exporting…"))
        job.progress.connect(self._on_progress)
        job.finished.connect(lambda result: self._done(describe(result, Path(target))))
        job.cancelled.connect(
            lambda result: self._done(QCoreApplication.translate("ExportDialog", "Cancelled.") + " " + (describe(result, Path(target))
                                                       if result is not None else "")))
        job.failed.connect(self._done)
        return job

    def _on_progress(self, done: int, total: int, _what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, message: str) -> None:
        self.message.setText(message)
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)

    def reject(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.message.setText(QCoreApplication.translate("ExportDialog", "Cancelling…"))
            return
        super().reject()
