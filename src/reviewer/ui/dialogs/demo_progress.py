"""Open the demo catalogue: build it the first time (the demo photos imported into
``demo.sqlite`` in the data folder) in a worker job with a progress dialog that can
cancel, then hand its path to whoever opens catalogues."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewer.catalogue.demo import build_demo_catalogue, demo_catalogue_path
from reviewer.errors import UserError
from reviewer.ui.common.worker import Job, JobKind, Jobs


class DemoBuilder(QObject):
    """``start()`` emits ``ready(path)`` at once when the demo catalogue exists, else
    after building it; ``failed(message)`` or ``cancelled()`` otherwise."""

    ready = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, jobs: Jobs, data_dir: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._parent = parent
        self.target = demo_catalogue_path(data_dir)
        self.job: Job | None = None
        self.dialog: QProgressDialog | None = None

    def start(self) -> bool:
        """False when a build is already running."""
        if self.target.exists():
            self.ready.emit(str(self.target))
            return True
        if self._jobs.running(JobKind.DEMO) is not None:
            return False
        target = self.target
        try:
            job = self._jobs.start(
                JobKind.DEMO, lambda **kw: build_demo_catalogue(target, **kw),
                busy_message="The demo catalogue is being made.")
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        self.job = job
        dialog = QProgressDialog("Importing the demo photos…", "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("Making the demo catalogue")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        self.dialog = dialog
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        dialog.show()
        return True

    def _on_progress(self, done: int, total: int, _what: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Importing the demo photos… {done:,} of {total:,}")

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_finished(self, path: object) -> None:
        self._close_dialog()
        self.ready.emit(str(path))

    def _on_failed(self, message: str) -> None:
        self._close_dialog()
        self.failed.emit(message)

    def _on_cancelled(self, _partial: object) -> None:
        self._close_dialog()
        self.cancelled.emit()
