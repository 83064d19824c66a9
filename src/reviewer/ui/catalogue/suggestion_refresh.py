"""Suggestions kept fresh in the background: a worker job recomputes them (the
Qt-free ``curation.suggest.refresh``) when asked, when a training run finishes, or when
enough new labels arrived since the last fit. Automatic refreshes only run on a
catalogue whose suggestions were computed once (Edit › Refresh suggestions, or
``reviewer suggest``), and say nothing when they cannot run (no embeddings yet)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer.catalogue import suggestions
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.progress import ProgressFn, StopFn
from reviewer.ui.common.worker import Job, JobBusyError, JobKind, Jobs

CHECK_DELAY_MS = 2000  # after labelling pauses


class SuggestionRefresher(QObject):
    refreshed = Signal(str)  # a line for the status bar
    failed = Signal(str, bool)  # message, whether the user asked (else: status bar only)
    progress = Signal(int, int, str)

    def __init__(self, catalogue: Catalogue, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = jobs
        self.job: Job | None = None
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(CHECK_DELAY_MS)
        self._check.timeout.connect(self.refresh_if_stale)

    def labels_changed(self) -> None:
        """Labels were written: check (after a pause) whether a refit is due."""
        self._check.start()

    def run_finished(self, *_args: object) -> None:
        self.refresh_if_stale()

    def refresh_if_stale(self) -> bool:
        from reviewer.curation.suggest import is_stale

        try:
            with self.catalogue.read() as session:
                if suggestions.source_info(session) is None:
                    return False  # never computed here: the curator has not asked for them
            why = is_stale(self.catalogue)
        except UserError:
            return False
        return self.refresh(why, asked=False) if why else False

    def refresh(self, why: str = "asked for", *, asked: bool = True) -> bool:
        from reviewer.curation.suggest import Refreshed, refresh

        catalogue = self.catalogue

        def work(*, on_progress: ProgressFn, should_stop: StopFn) -> Refreshed:
            return refresh(catalogue, on_progress=on_progress, should_stop=should_stop)

        try:
            job = self.jobs.start(JobKind.SUGGESTIONS, work,
                                  busy_message="Suggestions are being computed already.")
        except JobBusyError as exc:
            if asked:
                self.failed.emit(str(exc), asked)
            return False
        self.job = job
        job.progress.connect(self.progress)
        job.finished.connect(self._done)
        job.failed.connect(lambda message: self.failed.emit(message, asked))
        job.cancelled.connect(lambda _r: self.refreshed.emit("Suggestions: cancelled."))
        self.progress.emit(0, 0, f"Computing suggestions ({why})…")
        return True

    def _done(self, result: object) -> None:
        stored = getattr(result, "stored", 0)
        source = getattr(result, "source", None)
        where = source.describe() if source is not None else "the model"
        self.refreshed.emit(f"{stored:,} suggestion(s) from {where}.")

    def shutdown(self) -> None:
        self._check.stop()
        if self.job is not None and self.job.is_running():
            self.job.cancel()
