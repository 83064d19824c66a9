"""The controls of a view that runs one long job at a time: its start buttons, a cancel
button, a progress bar and a status line. ``start`` launches the job and wires them;
``done`` puts them back and reports the text on ``ended`` (the view's status message).
The view keeps its own wording: every text shown is passed in."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from reviewer.errors import UserError
from reviewer.ui.common.notices import show_notice
from reviewer.ui.common.worker import Job, JobKind, Jobs


class JobPanel(QObject):
    ended = Signal(str)  # the status text a job ended with (done, cancelled or failed)

    def __init__(self, owner: QWidget, jobs: Jobs, kind: JobKind, *, title: str,
                 cancelled_text: str, start_buttons: Sequence[QPushButton],
                 cancel_button: QPushButton, progress: QProgressBar, status: QLabel) -> None:
        super().__init__(owner)
        self._owner, self._jobs, self._kind, self._title = owner, jobs, kind, title
        self._cancelled_text = cancelled_text
        self._start_buttons = list(start_buttons)
        self._cancel_button, self._progress, self._status = cancel_button, progress, status
        self.job: Job | None = None

    def start(self, fn: Callable[..., object], working_text: str) -> Job | None:
        """Start ``fn`` as this panel's job (already running when returned; connect its
        ``finished`` before the event loop runs again); None, with a notice, when a job
        of that kind is running."""
        try:
            job = self._jobs.start(self._kind, fn)
        except UserError as exc:
            show_notice(self._owner, self._title, str(exc))
            return None
        self.job = job
        job.progress.connect(self._on_progress)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(lambda _r: self.done(self._cancelled_text))
        for button in self._start_buttons:
            button.setEnabled(False)
        self._cancel_button.setEnabled(True)
        self._progress.setVisible(True)
        self._progress.setRange(0, 0)
        self._status.setText(working_text)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def done(self, text: str) -> None:
        self.job = None
        for button in self._start_buttons:
            button.setEnabled(True)
        self._cancel_button.setEnabled(False)
        self._progress.setVisible(False)
        self._status.setText(text)
        self.ended.emit(text)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._progress.setRange(0, max(total, 0))
        self._progress.setValue(done)
        self._status.setText(text)

    def _on_failed(self, message: str) -> None:
        self.done(message.split("\n", 1)[0])
        show_notice(self._owner, self._title, message)
