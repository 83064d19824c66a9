"""The Runs tab's long jobs: evaluate a run on a split, write a run's report. Both run
through ``ui.worker.Jobs`` (one of a kind at a time, joined on shutdown) and report
back with signals on the GUI thread; a failure is a message, never a modal box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.ui.common.worker import Job, JobKind, Jobs


class RunJobs(QObject):
    evaluated = Signal(object)  # the EvaluationResult
    reportWritten = Signal(object)  # the HTML file's Path
    progress = Signal(int, int)  # images predicted, images in the split
    message = Signal(str, bool)  # text for the user, whether it is an error
    changed = Signal()  # a job started or ended

    def __init__(self, catalogue: Catalogue, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = jobs
        self.evaluate_job: Job | None = None
        self.report_job: Job | None = None

    def evaluating(self) -> bool:
        return self.evaluate_job is not None

    def writing_report(self) -> bool:
        return self.report_job is not None

    # --- evaluation -------------------------------------------------------------------

    def evaluate(self, run_id: int, split: str) -> Job | None:
        """Predict every image of ``split`` with the run's model and store the evaluation."""
        if self.evaluate_job is not None:
            return None
        catalogue = self.catalogue

        def work(*, on_progress: Any, should_stop: Any) -> Any:
            def step(done: int, total: int) -> None:
                on_progress(done, total, f"Predicting the {split} images")

            from reviewer.training.evaluate import evaluate_run  # Keras: in the job

            return evaluate_run(catalogue, run_id, split, on_progress=step,
                                               should_stop=should_stop)

        try:
            job = self.jobs.start(JobKind.EVALUATION, work, busy_message="An evaluation is running.")
        except UserError as exc:
            self.message.emit(str(exc), True)
            return None
        self.evaluate_job = job
        job.progress.connect(lambda done, total, _what: self.progress.emit(done, total))
        job.finished.connect(self._evaluated)
        job.cancelled.connect(lambda _r: self._evaluation_ended("Evaluation cancelled.", False))
        job.failed.connect(lambda text: self._evaluation_ended(text, True))
        self.message.emit(f"Evaluating run {run_id} on the {split} split…", False)
        self.changed.emit()
        return job

    def cancel_evaluation(self) -> None:
        if self.evaluate_job is not None:
            self.evaluate_job.cancel()
            self.message.emit("Cancelling the evaluation…", False)

    def _evaluated(self, result: Any) -> None:
        self.evaluate_job = None
        self.changed.emit()
        self.evaluated.emit(result)

    def _evaluation_ended(self, text: str, error: bool) -> None:
        self.evaluate_job = None
        self.message.emit(text, error)
        self.changed.emit()

    # --- the report -------------------------------------------------------------------

    def write_report(self, run_id: int, folder: Path) -> Job | None:
        """Write report.html and the CSV / JSON tables of ``run_id`` into ``folder``."""
        if self.report_job is not None:
            return None
        catalogue = self.catalogue

        def work(**_kw: Any) -> Path:
            from reviewer.training.run_report import write_report

            return write_report(catalogue, run_id, folder)

        try:
            job = self.jobs.start(JobKind.REPORT, work, busy_message="A report is being written.")
        except UserError as exc:
            self.message.emit(str(exc), True)
            return None
        self.report_job = job
        job.finished.connect(self._report_written)
        job.failed.connect(lambda text: self._report_ended(text, True))
        job.cancelled.connect(lambda _r: self._report_ended("Report cancelled.", False))
        self.message.emit(f"Writing the report of run {run_id}…", False)
        self.changed.emit()
        return job

    def _report_written(self, path: Path) -> None:
        self.report_job = None
        self.changed.emit()
        self.message.emit(f"Report written: {path}. Press Open report to read it.", False)
        self.reportWritten.emit(Path(path))

    def _report_ended(self, text: str, error: bool) -> None:
        self.report_job = None
        self.message.emit(text, error)
        self.changed.emit()
