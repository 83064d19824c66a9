"""Python's cycle collector, run on the GUI thread and never beside a job's work.

CPython runs a collection in whichever thread happens to allocate when a generation's
threshold is crossed, and finalises whatever cycles are due there. In this app that is
unsafe both ways:

- on a worker thread, it can destroy a Qt object left in a cycle by a closed dialog off
  the GUI thread, which Qt does not allow;
- on the GUI thread while a worker is in the middle of TensorFlow (tracing a training
  step), it finalises TensorFlow objects from that trace concurrently with it; the
  Training tab's test crashed exactly there ("Garbage-collecting" on the GUI thread, the
  worker in ``ops.colocate_with``).

So while the app runs, automatic collection is off. A timer on the GUI thread collects
with CPython's own thresholds when no job is running; while jobs run, each job's thread
stops at its next safe point (every ``on_progress`` and ``should_stop`` call, between
units of work) and waits while the GUI thread collects.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

from PySide6.QtCore import QObject, QThread, QTimer, Signal

INTERVAL_MS = 250  # garbage waits at most about this long when no job runs
SAFEPOINT_WAIT_S = 2.0  # a worker never waits longer (the GUI thread may be joining it)

_lock = threading.Lock()
_job_threads: set[int] = set()  # idents of threads inside a job's function
_active: GuiThreadCollector | None = None


@contextlib.contextmanager
def job_thread() -> Iterator[None]:
    """Mark the calling thread as a job's for the duration: the timer leaves collection
    to its safe points."""
    ident = threading.get_ident()
    with _lock:
        _job_threads.add(ident)
    try:
        yield
    finally:
        with _lock:
            _job_threads.discard(ident)


def safepoint() -> None:
    """Called by a job's thread between units of work: when a collection is due, wait
    (briefly) while the GUI thread runs it. Anywhere else, nothing."""
    collector = _active
    if collector is None or threading.get_ident() not in _job_threads or due_generation() < 0:
        return
    done = threading.Event()
    collector.requested.emit(done)
    done.wait(SAFEPOINT_WAIT_S)


def due_generation() -> int:
    """The oldest generation whose count passed its threshold, as CPython would pick
    it; -1 when none is due."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = -1
    for generation in range(3):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            due = generation
        else:
            break
    return due


class GuiThreadCollector(QObject):
    """Owns automatic collection from creation until :meth:`uninstall`."""

    requested = Signal(object)  # a threading.Event a parked job thread waits on

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        global _active
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self.collections = [0, 0, 0]  # per generation, for tests and the log
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer)
        self.requested.connect(self._collect_for_job)  # queued: emitted by job threads
        gc.disable()
        _active = self
        self._timer.start()

    def collect_due(self) -> int:
        """On this collector's thread: collect what is due; the generation, or -1."""
        if QThread.currentThread() is not self.thread():
            return -1
        due = due_generation()
        if due >= 0:
            gc.collect(due)
            self.collections[due] += 1
        return due

    def _on_timer(self) -> None:
        with _lock:
            busy = bool(_job_threads)
        if not busy:
            self.collect_due()

    def _collect_for_job(self, done: threading.Event) -> None:
        try:
            self.collect_due()  # the job's thread is parked in safepoint()
        finally:
            done.set()

    def uninstall(self) -> None:
        """Stop, collect what is due here (unless a job still runs), and give automatic
        collection back if it was on before."""
        global _active
        self._timer.stop()
        if _active is self:
            _active = None
        with _lock:
            busy = bool(_job_threads)
        if not busy:  # a job still running keeps its garbage until it ends
            self.collect_due()
        if self._was_enabled:
            gc.enable()
