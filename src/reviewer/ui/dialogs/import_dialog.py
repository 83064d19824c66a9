"""Import a folder or a CSV manifest: options, a progress bar with Cancel, then the
report. ``run_import`` runs in a worker thread, so the window stays usable."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
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
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, ImportReport, run_import
from reviewer.errors import UserError
from reviewer.settings import load_settings
from reviewer.ui.common.translation import number as locale_number
from reviewer.ui.common.worker import Job, JobKind, Jobs

LAYOUTS = ((QT_TRANSLATE_NOOP("ImportDialog", "Work it out from the folder"), "auto"),
           (QT_TRANSLATE_NOOP("ImportDialog", "One sub-folder per category"), "categories"),
           (QT_TRANSLATE_NOOP("ImportDialog", "Flat folder (unlabelled)"), "flat"), (QT_TRANSLATE_NOOP("ImportDialog", "CSV manifest"), "csv"))
SPLITS: tuple[tuple[str, str | None], ...] = ((QT_TRANSLATE_NOOP("ImportDialog", "As the source says (or assign later)"), None),
          (QT_TRANSLATE_NOOP("ImportDialog", "Train"), "train"), (QT_TRANSLATE_NOOP("ImportDialog", "Validation"), "validation"),
          (QT_TRANSLATE_NOOP("ImportDialog", "Test"), "test"))


def parse_mapping(text: str) -> dict[str, str]:
    """``folder=category`` per line (blank lines and ``#`` comments ignored)."""
    mapping: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        folder, sep, category = line.partition("=")
        if not sep or not folder.strip() or not category.strip():
            raise UserError(f"Line {number} of the mapping is not FOLDER=CATEGORY: '{line}'.")
        mapping[folder.strip()] = category.strip()
    return mapping


class ImportDialog(QDialog):
    """Non-modal: the curator can keep labelling while the import runs."""

    imported = Signal(object)  # the ImportReport, also after a cancelled import

    def __init__(
        self,
        catalogue: Catalogue,
        jobs: Jobs,
        actor: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import images"))
        self.setMinimumWidth(620)
        self._catalogue = catalogue
        self._jobs = jobs
        self._actor = actor
        self.job: Job | None = None
        self.report: ImportReport | None = None
        self._close_when_done = False

        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("A folder, or a CSV manifest"))
        folder_button = QPushButton(self.tr("Folder…"))
        folder_button.clicked.connect(self.choose_folder)
        csv_button = QPushButton(self.tr("CSV file…"))
        csv_button.clicked.connect(self.choose_csv)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(folder_button)
        path_row.addWidget(csv_button)
        self.layout_combo = QComboBox()
        for text, value in LAYOUTS:
            self.layout_combo.addItem(self.tr(text), value)
        self.split_combo = QComboBox()
        for text, value in SPLITS:
            self.split_combo.addItem(self.tr(text), value)
        self.mapping_edit = QPlainTextEdit()
        self.mapping_edit.setAccessibleName(self.tr("Category mapping"))
        self.mapping_edit.setPlaceholderText(self.tr("Optional, one per line: folder=category\n"
                                             "e.g. longsleeve=long-sleeved shirt"))
        self.mapping_edit.setFixedHeight(64)
        self.add_categories_box = QCheckBox(self.tr("Add categories the catalogue does not have yet"))
        self.follow_links_box = QCheckBox(self.tr("Also import files outside this folder (links that "
                                          "point elsewhere, manifest paths with .. or /)"))
        form = QFormLayout()
        form.addRow(self.tr("Import from:"), path_row)
        form.addRow(self.tr("Layout:"), self.layout_combo)
        form.addRow(self.tr("Split:"), self.split_combo)
        form.addRow(self.tr("Folder names:"), self.mapping_edit)
        form.addRow("", self.add_categories_box)
        form.addRow("", self.follow_links_box)
        self.options = QWidget()
        self.options.setLayout(form)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_label = QLabel(" ")
        self.progress_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("importSummary")
        self.problems = QTreeWidget()
        self.problems.setHeaderLabels([self.tr("Kind"), self.tr("File"), self.tr("Why")])
        self.problems.setRootIsDecorated(False)
        self.problems.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setVisible(False)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.buttons.setCenterButtons(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.options)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)

    # --- choosing -----------------------------------------------------------------------

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"), self.path_edit.text())
        if path:
            self.set_source(path)

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a CSV manifest"), self.path_edit.text(),
                                              self.tr("CSV manifests (*.csv);;All files (*)"))
        if path:
            self.set_source(path)

    def set_source(self, path: str) -> None:
        self.path_edit.setText(path)
        if path.lower().endswith(".csv"):
            self.layout_combo.setCurrentIndex(self.layout_combo.findData("csv"))

    def import_options(self) -> ImportOptions:
        return ImportOptions(
            actor=self._actor(),
            layout=str(self.layout_combo.currentData()),
            mapping=parse_mapping(self.mapping_edit.toPlainText()),
            split=self.split_combo.currentData(),
            add_categories=self.add_categories_box.isChecked(),
            max_file_bytes=int(load_settings().max_import_file_mb * 1024 * 1024),
            follow_links=self.follow_links_box.isChecked(),
        )

    # --- running ------------------------------------------------------------------------

    def start(self) -> Job | None:
        """Start the import in the background; returns the job (None when refused)."""
        path = self.path_edit.text().strip()
        if not path:
            self._show_failure(self.tr("Choose a folder or a CSV file to import."))
            return None
        try:
            options = self.import_options()
            fn = functools.partial(run_import, self._catalogue, Path(path), options)
            job = self._jobs.start(JobKind.IMPORT, fn, busy_message=self.tr("An import is already running."))
        except UserError as exc:
            self._show_failure(str(exc))
            return None
        self.job = job
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.cancelled.connect(self._on_cancelled)
        job.failed.connect(self._on_failed)
        self.options.setEnabled(False)
        self.import_button.setEnabled(False)
        self.summary_label.setText("")
        self.problems.clear()
        self.problems.setVisible(False)
        self.progress.setRange(0, 0)  # busy until the scan has counted the files
        self.progress_label.setText(self.tr("Reading {0}…").format(path))
        return job

    def cancel(self) -> None:
        """Cancel a running import (what was imported stays); otherwise close."""
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling after the current file…"))
        else:
            self.close()

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def _on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        name = self.progress_label.fontMetrics().elidedText(
            what, Qt.TextElideMode.ElideMiddle, max(self.progress_label.width() - 120, 100))
        self.progress_label.setText(self.tr("{0} of {1}: {2}").format(locale_number(done), locale_number(total), name))

    def _on_finished(self, report: ImportReport) -> None:
        self._show_report(report)

    def _on_cancelled(self, report: ImportReport | None) -> None:
        if report is not None:
            self._show_report(report)
        else:
            self._done(self.tr("Cancelled."))

    def _on_failed(self, message: str) -> None:
        self._show_failure(message)
        self.options.setEnabled(True)
        self.import_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_label.setText(" ")
        self.cancel_button.setEnabled(True)
        if self._close_when_done:
            self.close()

    def _show_failure(self, message: str) -> None:
        self.summary_label.setText(self.tr("<b>Nothing was imported.</b>") + f"<br>{_html(message)}")

    def _show_report(self, report: ImportReport) -> None:
        self.report = report
        created = ("<br>" + self.tr("Categories created: {0}.").format(_html(", ".join(report.categories_created)))
                   if report.categories_created else "")
        self._done(f"<b>{_html(report.summary())}</b>{created}")
        self.progress.setRange(0, max(report.scanned, 1))
        self.progress.setValue(report.processed if report.cancelled else max(report.scanned, 1))
        rows = [(self.tr("refused"), p, r) for p, r in report.failures]
        rows += [(self.tr("conflict"), p, r) for p, r in report.conflicts]
        rows += [(self.tr("note"), p, r) for p, r in report.warnings]
        for kind, path, reason in rows:
            item = QTreeWidgetItem([kind, path, reason])
            item.setToolTip(1, path)
            item.setToolTip(2, reason)
            self.problems.addTopLevelItem(item)
        self.problems.setVisible(bool(rows))
        if rows:
            self.problems.resizeColumnToContents(0)
            self.problems.setColumnWidth(1, 260)
        self.imported.emit(report)

    def _done(self, html: str) -> None:
        self.summary_label.setText(html)
        self.progress_label.setText(" ")
        self.cancel_button.setVisible(False)
        self.import_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setDefault(True)
        if self._close_when_done:
            self.close()

    # --- closing ------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, Close or the window's X: while importing, cancel and go once the job
        has stopped (what was imported stays)."""
        if self.is_running():
            self._close_when_done = True
            self.cancel()
            self.hide()
            return
        super().reject()


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br>"))
