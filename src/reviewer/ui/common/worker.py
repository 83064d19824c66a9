"""Run a Qt-free long function ``fn(*, on_progress, should_stop)`` off the GUI thread.

A :class:`Job` owns one ``QThread``; its signals (``progress``, ``finished``,
``failed``, ``cancelled``) are delivered on the GUI thread, and only after the
thread has ended, so a handler never races the work. :class:`Jobs` keeps one job
of a kind at a time and joins them all on shutdown. Cancelling is cooperative:
``should_stop()`` starts returning True and the function stops where it can.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from reviewer.errors import CancelledError, UserError
from reviewer.ui.common.gui_thread_gc import job_thread, safepoint

log = logging.getLogger(__name__)

class JobKind(StrEnum):
    """The kinds of long job; at most one of each runs at a time."""

    IMPORT = "import"
    EXPORT = "export"
    TRAINING = "training"
    EVALUATION = "evaluation"
    REPORT = "report"
    REVIEW = "review"
    DEMO = "demo catalogue"
    SUGGESTIONS = "suggestion refresh"
    MAP = "map"
    HEAT_MAP = "heat map"
    CALIBRATION = "calibration"
    CACHE_FILL = "feature cache fill"


LongFn = Callable[..., Any]  # fn(*, on_progress: ProgressFn, should_stop: StopFn) -> result

BUG_MESSAGE = (
    "Something went wrong inside Product Image Reviewer (this is a bug, not something "
    "you did): {error}. The details were written to the log."
)
PROGRESS_INTERVAL_S = 0.1


class JobBusyError(UserError):
    """A job of the same kind is still running."""


class _JobThread(QThread):
    """Calls the function and keeps its outcome for the GUI thread to collect."""

    progressed = Signal(int, int, str)

    def __init__(self, fn: LongFn, stop: threading.Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._stop = stop
        self.result: Any = None
        self.error: BaseException | None = None
        self._last: tuple[int, int, str] | None = None
        self._last_at = 0.0

    def _should_stop(self) -> bool:
        if self._stop.is_set():
            return True  # no safe point: the GUI thread may be joining this one
        safepoint()  # between units of work: the GUI thread may collect garbage now
        return False

    def _on_progress(self, done: int, total: int, text: str = "") -> None:
        if not self._stop.is_set():
            safepoint()
        # Emit only what changed, and text-only changes at most ten times a second.
        now = time.monotonic()
        if self._last is not None:
            same_count = self._last[:2] == (done, total)
            if same_count and self._last[2] == text:
                return
            per_mille_same = _per_mille(self._last[0], self._last[1]) == _per_mille(done, total)
            if per_mille_same and done < total and now - self._last_at < PROGRESS_INTERVAL_S:
                return
        self._last = (done, total, text)
        self._last_at = now
        self.progressed.emit(done, total, text)

    def run(self) -> None:
        try:
            with job_thread():
                self.result = self._fn(on_progress=self._on_progress, should_stop=self._should_stop)
        except BaseException as exc:  # every outcome goes to the GUI thread
            self.error = exc


def _per_mille(done: int, total: int) -> int:
    return 1000 * done // total if total > 0 else 0


class Job(QObject):
    """One run of a long function; create it through :meth:`Jobs.start`."""

    progress = Signal(int, int, str)  # done, total, what
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a message for the user
    cancelled = Signal(object)  # the partial result (or None)

    def __init__(self, kind: JobKind, fn: LongFn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._stop = threading.Event()
        self._thread = _JobThread(fn, self._stop)
        self._thread.progressed.connect(self.progress)
        self._thread.finished.connect(self._collect)
        self._done = False
        self._started = False

    def start(self) -> None:
        """Start the thread; :meth:`Jobs.start` does. Once only: a second call (the work
        may already have ended, and ``QThread.start`` would run it again) does nothing."""
        if not self._started:
            self._started = True
            self._thread.start()

    def cancel(self) -> None:
        """Ask the function to stop at its next ``should_stop()`` check."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def is_running(self) -> bool:
        return not self._done

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the thread has ended (used on shutdown); True when it has."""
        if timeout_ms < 0:
            return bool(self._thread.wait())
        return bool(self._thread.wait(timeout_ms))

    def _collect(self) -> None:
        """On the GUI thread, once the thread has ended: hand out the outcome."""
        if self._done:
            return
        self._thread.wait()
        self._done = True
        error, result = self._thread.error, self._thread.result
        if isinstance(error, CancelledError) or (error is None and self._stop.is_set()):
            self.cancelled.emit(result)
        elif isinstance(error, UserError):
            self.failed.emit(str(error))
        elif error is not None:
            log.error("Job %s failed", self.kind, exc_info=(type(error), error, error.__traceback__))
            self.failed.emit(BUG_MESSAGE.format(error=f"{type(error).__name__}: {error}"))
        else:
            self.finished.emit(result)


class Jobs(QObject):
    """The running jobs, at most one per kind."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[str, Job] = {}

    def start(self, kind: JobKind, fn: LongFn, *, busy_message: str | None = None) -> Job:
        """Start ``fn`` as a job of ``kind``; connect to its signals before the event
        loop runs again. Raises :class:`JobBusyError` when one of that kind runs."""
        current = self._running.get(kind)
        if current is not None and current.is_running():
            raise JobBusyError(busy_message or f"A {kind} is already running.",
                               hint="Wait for it to finish, or cancel it.")
        job = Job(kind, fn, self)
        self._running[kind] = job
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_args, job=job: self._forget(job))
        job.start()
        self.changed.emit()
        return job

    def running(self, kind: JobKind) -> Job | None:
        job = self._running.get(kind)
        return job if job is not None and job.is_running() else None

    def any_running(self) -> bool:
        return any(job.is_running() for job in self._running.values())

    def _forget(self, job: Job) -> None:
        # The Job stays a child of this object (whoever holds it may still ask it
        # questions); deleteLater here crashed PySide when Jobs went first.
        if self._running.get(job.kind) is job:
            del self._running[job.kind]
            self.changed.emit()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel every job and join its thread; True when all have ended."""
        jobs = list(self._running.values())
        for job in jobs:
            job.cancel()
        ended = [job for job in jobs if job.wait(timeout_ms)]
        for job in ended:
            job._collect()  # deliver the outcome now, while its receivers still exist
        return len(ended) == len(jobs)
