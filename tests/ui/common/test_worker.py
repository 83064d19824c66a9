"""The worker: results on the GUI thread after the thread has ended, progress only
when it changes, user errors apart from bugs, cooperative cancel, one job a kind."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from reviewer.errors import CancelledError, UserError
from reviewer.ui.common.worker import JobBusyError, Jobs


def counting(total: int) -> Callable[..., str]:
    def fn(*, on_progress: Callable[[int, int, str], None], should_stop: Callable[[], bool]) -> str:
        for done in range(1, total + 1):
            on_progress(done, total, "same")
            on_progress(done, total, "same")  # a repeat is not a change
        return "done"
    return fn


def test_finished_on_the_gui_thread_after_the_thread_ended(qtbot) -> None:
    jobs = Jobs()
    seen: list[tuple[int, int, str]] = []
    threads: list[threading.Thread] = []
    job = jobs.start("count", counting(5))
    job.progress.connect(lambda d, t, w: seen.append((d, t, w)))
    job.finished.connect(lambda _r: threads.append(threading.current_thread()))
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == ["done"]
    assert threads == [threading.main_thread()]
    assert seen == [(d, 5, "same") for d in range(1, 6)], "each change once, in order"
    assert not job.is_running()
    assert not jobs.any_running()


def test_a_job_runs_its_work_once_however_often_it_is_started(qtbot) -> None:
    runs: list[int] = []

    def fn(*, on_progress: Callable[..., None], should_stop: Callable[[], bool]) -> int:
        runs.append(1)
        return len(runs)

    jobs = Jobs()
    job = jobs.start("once", fn)  # started here
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    job.start()  # a caller starting it again, after its work has ended
    job.wait(5000)
    qtbot.wait(50)
    assert runs == [1]


def test_user_error_is_a_message_and_a_bug_says_so(qtbot, caplog) -> None:
    jobs = Jobs()

    def user_problem(**_callbacks: object) -> None:
        raise UserError("The folder is empty.", hint="Pick another one.")

    job = jobs.start("a", user_problem)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        pass
    assert blocker.args == ["The folder is empty.\n  → Pick another one."]

    def bug(**_callbacks: object) -> None:
        raise ZeroDivisionError("division by zero")

    job = jobs.start("b", bug)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        pass
    assert "this is a bug" in blocker.args[0]
    assert "ZeroDivisionError" in caplog.text, "the traceback is logged"


def test_cancel_is_cooperative(qtbot) -> None:
    jobs = Jobs()
    started = threading.Event()

    def forever(*, on_progress: Callable[..., None], should_stop: Callable[[], bool]) -> int:
        steps = 0
        started.set()
        while not should_stop():
            steps += 1
            on_progress(steps, 0, "")
            threading.Event().wait(0.001)
        return steps

    job = jobs.start("loop", forever)
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=5000) as blocker:
        job.cancel()
    assert blocker.args[0] > 0, "the partial result comes back"

    def raises_cancelled(**_callbacks: object) -> None:
        raise CancelledError()

    job = jobs.start("loop", raises_cancelled)
    with qtbot.waitSignal(job.cancelled, timeout=5000) as blocker:
        pass
    assert blocker.args == [None]


def test_one_job_of_a_kind_at_a_time(qtbot) -> None:
    jobs = Jobs()
    release = threading.Event()

    def wait_for_release(**_callbacks: object) -> str:
        release.wait(10)
        return "ok"

    job = jobs.start("import", wait_for_release)
    with pytest.raises(JobBusyError, match="already running"):
        jobs.start("import", wait_for_release)
    other = jobs.start("export", counting(1))  # another kind may run beside it
    with qtbot.waitSignal(other.finished, timeout=5000):
        pass
    release.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    again = jobs.start("import", counting(1))
    with qtbot.waitSignal(again.finished, timeout=5000):
        pass


def test_shutdown_cancels_and_joins(qtbot) -> None:
    jobs = Jobs()

    def until_stopped(*, on_progress: Callable[..., None], should_stop: Callable[[], bool]) -> str:
        while not should_stop():
            threading.Event().wait(0.005)
        return "stopped"

    job = jobs.start("long", until_stopped)
    outcome: list[object] = []
    job.cancelled.connect(outcome.append)
    assert jobs.shutdown(timeout_ms=5000)
    assert outcome == ["stopped"], "the outcome is delivered before shutdown returns"
    assert not job.is_running()
