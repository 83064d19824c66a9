"""The training session that the CLI and the Training tab share: train, evaluate,
report, in order, with typed events; a cancel stops the session at a resumable run."""

from __future__ import annotations

from dataclasses import replace

from reviewer.catalogue.db import Catalogue
from reviewer.training import session as s
from reviewer.training.progress import TrainProgress
from reviewer.training.run_readers import stored_metrics
from reviewer.training.runs import get_run
from reviewer.training.spec import TrainSpec


def test_a_session_trains_evaluates_and_reports_each_run_in_order(
    trainable: Catalogue, tiny_spec: TrainSpec
) -> None:
    events: list[object] = []
    outcome = s.run_session(trainable, [tiny_spec], on_event=events.append, report=True)

    assert outcome.cancelled is None and len(outcome.done) == 1
    run_id = outcome.done[0]
    kinds = [type(e).__name__ for e in events if not isinstance(e, TrainProgress | s.EvaluationProgress)]
    assert kinds == ["RunStarting", "RunTrained", "SplitEvaluated", "SplitEvaluated",
                     "ReportWritten", "RunDone"]
    evaluated = [e for e in events if isinstance(e, s.SplitEvaluated)]
    assert [e.split for e in evaluated] == ["validation", "test"]
    for e in evaluated:
        stored = stored_metrics(trainable, run_id, e.split)
        assert stored is not None and stored.metrics.accuracy == e.accuracy
    progress = [e for e in events if isinstance(e, s.EvaluationProgress) and e.split == "test"]
    assert progress and progress[-1].done == progress[-1].total == 6
    report = next(e for e in events if isinstance(e, s.ReportWritten))
    assert report.path.is_file() and report.path.suffix == ".html"
    first_training = next(i for i, e in enumerate(events) if isinstance(e, TrainProgress))
    assert isinstance(events[0], s.RunStarting) and first_training == 1


def test_a_cancel_stops_the_session_at_a_run_that_resumes(
    trainable: Catalogue, tiny_spec: TrainSpec
) -> None:
    epochs_seen: list[int] = []

    def stop_after_first_epoch() -> bool:
        return bool(epochs_seen)

    def on_event(event: object) -> None:
        if isinstance(event, TrainProgress) and event.epoch_end:
            epochs_seen.append(event.epoch)

    longer = replace(tiny_spec, epochs=3)
    outcome = s.run_session(trainable, [longer, tiny_spec], on_event=on_event,
                            should_stop=stop_after_first_epoch)
    assert outcome.done == [] and outcome.cancelled is not None
    run_id = outcome.cancelled.run_id
    with trainable.read() as session:
        assert get_run(session, run_id).status == "cancelled"
    assert stored_metrics(trainable, run_id, "test") is None  # nothing evaluated

    events: list[object] = []
    resumed = s.run_session(trainable, resume_run=run_id, on_event=events.append)
    assert resumed.done == [run_id]
    trained = next(e for e in events if isinstance(e, s.RunTrained))
    assert trained.result.status == "finished" and len(trained.result.history) == 3
    assert stored_metrics(trainable, run_id, "test") is not None


def test_an_ensemble_session_records_the_mean_of_its_runs_evaluated_like_them(
    trainable: Catalogue, tiny_spec: TrainSpec
) -> None:
    from reviewer.training.evaluate import evaluate_run

    other = replace(tiny_spec, epochs=1, seed=2)
    events: list[object] = []
    outcome = s.run_session(trainable, [tiny_spec, other], on_event=events.append,
                            ensemble=True)
    assert outcome.cancelled is None and len(outcome.done) == 3
    *members, made = outcome.done
    ensembles = [e for e in events if isinstance(e, s.EnsembleMade)]
    assert ensembles == [s.EnsembleMade(made, tuple(members))]
    with trainable.read() as session:
        info = get_run(session, made)
    assert info.status == "finished" and info.backbone == "ensemble"
    assert isinstance(events[-1], s.RunDone) and events[-1].run_id == made
    stored = stored_metrics(trainable, made, "test")
    assert stored is not None  # evaluated in the session, as its members were
    again = evaluate_run(trainable, made, "test")
    assert again.metrics.accuracy == stored.metrics.accuracy


def test_an_ensemble_needs_two_finished_runs(trainable: Catalogue, tiny_spec: TrainSpec) -> None:
    events: list[object] = []
    outcome = s.run_session(trainable, [tiny_spec], on_event=events.append, ensemble=True,
                            evaluate=False)
    assert len(outcome.done) == 1
    assert not any(isinstance(e, s.EnsembleMade) for e in events)
