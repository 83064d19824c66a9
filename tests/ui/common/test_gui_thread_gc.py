"""Cyclic garbage made anywhere is collected on the GUI thread, never in a worker (a Qt
object left in a cycle must not be destroyed off the thread that owns it), and never
while a job's thread is between its safe points (in the middle of TensorFlow)."""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from reviewer.ui.common.gui_thread_gc import GuiThreadCollector
from reviewer.ui.common.worker import JobKind, Jobs


class _Cycle:
    """Garbage that only the cycle collector frees; records where it was freed."""

    finalised_on: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.finalised_on.append(threading.current_thread().name)


class _CycleWithQObject:
    """A Python object in a reference cycle that owns a QObject, as a closed dialog's
    lambda-connected helper is; records the thread its finaliser runs on."""

    finalised_on: list[str] = []

    def __init__(self) -> None:
        self.me = self
        self.qobject = QObject()

    def __del__(self) -> None:
        _CycleWithQObject.finalised_on.append(threading.current_thread().name)


def _allocate_cycles(count: int) -> None:
    for _ in range(count):
        box: list[Any] = []
        box.append(box)


def test_worker_garbage_is_collected_on_the_gui_thread(qtbot: QtBot,
                                                      gui_thread_gc: GuiThreadCollector) -> None:
    assert not gc.isenabled()  # the fixture installed the collector, as run_app does
    _CycleWithQObject.finalised_on.clear()
    _CycleWithQObject()  # garbage now, but only a collection can free it
    worker = threading.Thread(target=_allocate_cycles, args=(200_000,), name="worker")
    worker.start()
    worker.join()
    assert _CycleWithQObject.finalised_on == []  # the worker crossed every threshold and collected nothing
    qtbot.waitUntil(lambda: _CycleWithQObject.finalised_on != [], timeout=5_000)
    assert _CycleWithQObject.finalised_on == [threading.main_thread().name]
    assert sum(gui_thread_gc.collections) >= 1


def test_uninstall_gives_automatic_collection_back(qapp: Any) -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        collector = GuiThreadCollector()
        assert not gc.isenabled()
        collector.uninstall()
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()


def test_nothing_due_collects_nothing(gui_thread_gc: GuiThreadCollector) -> None:
    gc.collect()
    assert gui_thread_gc.collect_due() == -1


def test_a_job_collects_only_at_its_safe_points_and_on_the_gui_thread(
        qtbot: QtBot, gui_thread_gc: GuiThreadCollector) -> None:
    _Cycle.finalised_on.clear()

    def work(*, on_progress: Any, should_stop: Any) -> list[list[str]]:
        _Cycle()
        _allocate_cycles(50_000)  # every threshold crossed, as a training trace does
        time.sleep(0.8)  # several timer ticks: the GUI thread must not collect meanwhile
        before = list(_Cycle.finalised_on)
        should_stop()  # a safe point: parked while the GUI thread collects
        return [before, list(_Cycle.finalised_on)]

    jobs = Jobs()
    job = jobs.start(JobKind.REVIEW, work)
    with qtbot.waitSignal(job.finished, timeout=30_000) as finished:
        pass
    before, after = finished.args[0]
    assert before == []
    assert after == [threading.main_thread().name]
    assert jobs.shutdown()
