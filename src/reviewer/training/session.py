"""A training session: train one run per spec (or resume one run), then evaluate each
finished run on validation and test, and optionally write its report.

The command line (``reviewer train``) and the desktop app's Training tab run the same
sequence through :func:`run_session` and only differ in how they show its events:
``TrainProgress`` while a run trains, then the typed events below. Long work follows the
project's pattern: a plain function with ``on_event`` and ``should_stop``; a cancel
during training ends the run as "cancelled" (resumable) and the session stops there; a
cancel during an evaluation raises ``CancelledError``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training.progress import StopFn, TrainProgress
from reviewer.training.runs import RunStatus, get_run
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import TrainResult, resume, train

EVALUATED_SPLITS = ("validation", "test")


@dataclass(frozen=True)
class RunStarting:
    """A run is about to train: ``backbone``, the ``position``-th of ``count`` (1-based)."""

    backbone: str
    position: int
    count: int


@dataclass(frozen=True)
class RunTrained:
    """Training ended, finished or cancelled (``result.status``)."""

    result: TrainResult


@dataclass(frozen=True)
class EvaluationProgress:
    run_id: int
    split: str
    done: int
    total: int


@dataclass(frozen=True)
class SplitEvaluated:
    run_id: int
    split: str
    accuracy: float
    tta: bool = False  # with horizontal-flip test-time augmentation


@dataclass(frozen=True)
class SplitSkipped:
    """A split that could not be evaluated (no images in it, say): why, in words."""

    run_id: int
    split: str
    reason: str


@dataclass(frozen=True)
class ReportWritten:
    run_id: int
    path: Path


@dataclass(frozen=True)
class RunDone:
    """A run trained to the end and evaluated: the moment to show it among the runs."""

    run_id: int


@dataclass(frozen=True)
class EnsembleMade:
    """The session's finished runs recorded as one ensemble run (their mean)."""

    run_id: int
    members: tuple[int, ...]


SessionEvent = (
    TrainProgress | RunStarting | RunTrained | EvaluationProgress | SplitEvaluated
    | SplitSkipped | ReportWritten | RunDone | EnsembleMade
)
EventFn = Callable[[SessionEvent], None]


@dataclass
class SessionOutcome:
    done: list[int] = field(default_factory=list)  # runs trained, evaluated (and reported)
    cancelled: TrainResult | None = None  # the run a cancel stopped, resumable


def run_session(
    catalogue: Catalogue,
    specs: Sequence[TrainSpec] = (),
    *,
    resume_run: int | None = None,
    on_event: EventFn | None = None,
    should_stop: StopFn | None = None,
    parent_run_id: int | None = None,
    evaluate: bool = True,
    report: bool = False,
    ensemble: bool = False,
) -> SessionOutcome:
    """Train each of ``specs`` in turn (or continue ``resume_run``), evaluating and
    reporting each run that finishes; stop at the first run a cancel ends. With
    ``ensemble``, when two or more runs finished and nothing was cancelled, their mean
    is recorded as an ensemble run, evaluated and reported the same way."""
    emit: EventFn = on_event or (lambda _event: None)
    stop: StopFn = should_stop or (lambda: False)
    outcome = SessionOutcome()
    jobs: list[TrainSpec | int] = [resume_run] if resume_run is not None else list(specs)
    for position, job in enumerate(jobs, start=1):
        if isinstance(job, int):
            with catalogue.read() as session:
                backbone = get_run(session, job).backbone
            emit(RunStarting(backbone, position, len(jobs)))
            result = resume(catalogue, job, on_progress=emit, should_stop=stop, epochs=None)
        else:
            emit(RunStarting(job.backbone, position, len(jobs)))
            result = train(catalogue, job, on_progress=emit, should_stop=stop,
                           parent_run_id=parent_run_id)
        emit(RunTrained(result))
        if result.status != RunStatus.FINISHED:
            outcome.cancelled = result
            break
        settle_run(catalogue, result.run_id, emit, stop, evaluate=evaluate, report=report)
        outcome.done.append(result.run_id)
        if stop():
            break
    if ensemble and outcome.cancelled is None and len(outcome.done) >= 2 and not stop():
        outcome.done.append(make_ensemble(catalogue, outcome.done, emit, stop,
                                          evaluate=evaluate, report=report))
    return outcome


def make_ensemble(catalogue: Catalogue, members: Sequence[int], emit: EventFn, stop: StopFn,
                  *, evaluate: bool = True, report: bool = True, name: str = "",
                  tta: bool | None = None) -> int:
    """Record ``members``' mean as an ensemble run and settle it like a trained run (the
    session's ``ensemble`` and ``reviewer ensemble``); returns its id."""
    from reviewer.training.ensemble import create_ensemble

    run_id = create_ensemble(catalogue, members, name=name, tta=tta)
    emit(EnsembleMade(run_id, tuple(members)))
    settle_run(catalogue, run_id, emit, stop, evaluate=evaluate, report=report)
    return run_id


def settle_run(catalogue: Catalogue, run_id: int, emit: EventFn, stop: StopFn, *,
               evaluate: bool, report: bool) -> None:
    """What follows a finished run: its evaluation on validation and test, its report,
    then ``RunDone``."""
    if evaluate:
        _evaluate(catalogue, run_id, emit, stop)
    if report:
        emit(ReportWritten(run_id, _report(catalogue, run_id)))
    emit(RunDone(run_id))


def _evaluate(catalogue: Catalogue, run_id: int, emit: EventFn, stop: StopFn) -> None:
    from reviewer.training.evaluate import evaluate_run

    for split in EVALUATED_SPLITS:
        def progress(done: int, total: int, split: str = split) -> None:
            emit(EvaluationProgress(run_id, split, done, total))

        try:
            result = evaluate_run(catalogue, run_id, split, on_progress=progress,
                                  should_stop=stop)
        except UserError as exc:
            emit(SplitSkipped(run_id, split, exc.message))
            continue
        emit(SplitEvaluated(run_id, split, result.metrics.accuracy, result.metrics.tta))


def _report(catalogue: Catalogue, run_id: int) -> Path:
    from reviewer.training.run_report import write_report
    from reviewer.training.runs import run_dir

    return write_report(catalogue, run_id, run_dir(catalogue, run_id) / "report")
