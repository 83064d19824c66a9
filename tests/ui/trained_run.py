"""One tiny trained and evaluated run, made once per test session and copied for each
module that uses it: the Runs tab, the heat-map keys and every-screen tests all read a
finished run, and training it took 25–45 s each time on two cores."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.catalogue.db import Catalogue, open_catalogue
from tests.conftest import copy_catalogue, isolated_dirs, tiny_train_spec, train_template


@dataclass(frozen=True)
class TrainedRun:
    catalogue: Catalogue
    run_id: int
    evaluation_id: int  # on the test split
    class_names: list[str]
    confusion: list[list[int]]
    accuracy: float


@dataclass(frozen=True)
class _Template:
    root: Path  # the catalogue, its files, the feature cache and the settings folders
    run_id: int
    evaluation_id: int
    class_names: list[str]
    confusion: list[list[int]]
    accuracy: float


@pytest.fixture(scope="session")
def trained_template(tmp_path_factory: pytest.TempPathFactory) -> _Template:
    """One tiny run (3 colour-coded categories, 32 px, 2 epochs), evaluated on test."""
    from reviewer.training.evaluate import evaluate_run

    trained = train_template(tmp_path_factory.mktemp("trained_template"), [tiny_train_spec()])
    root, (run_id,) = trained.root, trained.run_ids
    with isolated_dirs(root):
        catalogue = open_catalogue(str(root / "catalogue.sqlite"))
        evaluation = evaluate_run(catalogue, run_id, "test")
        catalogue.close()
    m = evaluation.metrics
    return _Template(root, run_id, evaluation.evaluation_id, m.class_names,
                     m.confusion, m.accuracy)


def trained_copy(template: _Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrainedRun]:
    """A private copy of the template's catalogue and folders, with the app's folders
    pointed at it while the caller's tests run."""
    root = tmp_path_factory.mktemp("trained") / "run"
    with isolated_dirs(root):
        catalogue = copy_catalogue(template.root, root)
        yield TrainedRun(catalogue, template.run_id, template.evaluation_id,
                         template.class_names, template.confusion, template.accuracy)
        catalogue.close()
