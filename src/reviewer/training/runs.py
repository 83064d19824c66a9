"""Runs in the catalogue: create, record progress and outcome, list, compare."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Evaluation, Run
from reviewer.errors import NotFoundError


class RunStatus(StrEnum):
    """Where a run stands; stored as its text in ``runs.status``."""

    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"  # a checkpoint remains: `reviewer train --resume` continues it
    FAILED = "failed"


@dataclass(frozen=True)
class RunInfo:
    id: int
    name: str
    backbone: str
    status: RunStatus
    settings: dict[str, Any]
    class_names: list[str]
    history: list[dict[str, Any]]
    model_path: str | None
    checkpoint_path: str | None
    device: str
    wall_seconds: float
    created_at: datetime
    finished_at: datetime | None
    error: str | None
    parent_run_id: int | None

    @property
    def epochs_done(self) -> int:
        return len(self.history)


def run_dir(catalogue: Catalogue, run_id: int) -> Path:
    path = catalogue.directory / "runs" / str(run_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _info(run: Run) -> RunInfo:
    return RunInfo(
        run.id, run.name, run.backbone, RunStatus(run.status), json.loads(run.settings_json),
        json.loads(run.class_names_json), json.loads(run.history_json or "[]"), run.model_path,
        run.checkpoint_path, run.device, run.wall_seconds, run.created_at, run.finished_at,
        run.error, run.parent_run_id,
    )


def create_run(
    session: Session,
    *,
    name: str,
    backbone: str,
    settings: dict[str, Any],
    class_names: list[str],
    device: str,
    parent_run_id: int | None = None,
) -> int:
    run = Run(
        name=name, backbone=backbone, status=RunStatus.RUNNING, settings_json=json.dumps(settings),
        class_names_json=json.dumps(class_names), history_json="[]", device=device,
        wall_seconds=0.0, created_at=now(), parent_run_id=parent_run_id,
    )
    session.add(run)
    session.flush()
    return run.id


def update_run(catalogue: Catalogue, run_id: int, **fields: Any) -> None:
    with catalogue.write() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise NotFoundError(f"There is no run {run_id}.")
        if "history" in fields:
            run.history_json = json.dumps(fields.pop("history"))
        for name, value in fields.items():
            setattr(run, name, value)


def get_run(session: Session, run_id: int) -> RunInfo:
    run = session.get(Run, run_id)
    if run is None:
        raise NotFoundError(f"There is no run {run_id}.", hint="List runs with `reviewer runs`.")
    return _info(run)


def list_runs(session: Session) -> list[RunInfo]:
    return [_info(r) for r in session.scalars(select(Run).order_by(Run.id))]


def latest_evaluation(session: Session, run_id: int, split: str) -> Evaluation | None:
    return session.scalar(
        select(Evaluation)
        .where(Evaluation.run_id == run_id, Evaluation.split == split)
        .order_by(Evaluation.id.desc())
        .limit(1)
    )
