"""One tiny trained and evaluated run, made once per test session and copied for each
module that uses it: the Runs tab, the heat-map keys and every-screen tests all read a
finished run, and training it took 25–45 s each time on two cores."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.splits import SplitConfig, make_splits
from tests.conftest import TRAIN_CLASSES, image_bytes

ENV_DIRS = ("DATA", "CONFIG", "CACHE")


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


def _environment(mp: pytest.MonkeyPatch, root: Path) -> None:
    for name in ENV_DIRS:
        mp.setenv(f"REVIEWER_{name}_DIR", str(root / name.lower()))
    mp.setenv("KERAS_HOME", str(root / "keras"))


@pytest.fixture(scope="session")
def trained_template(tmp_path_factory: pytest.TempPathFactory) -> _Template:
    """One tiny run (3 colour-coded categories, 32 px, 2 epochs), evaluated on test."""
    from reviewer.training.evaluate import evaluate_run
    from reviewer.training.feature_cache import FeatureCache
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import train

    root = tmp_path_factory.mktemp("trained_template")
    with pytest.MonkeyPatch.context() as mp:
        _environment(mp, root)
        catalogue = open_catalogue(str(root / "catalogue.sqlite"))
        for name, color in TRAIN_CLASSES.items():
            folder = root / "tiny" / name
            folder.mkdir(parents=True)
            for i in range(12):
                (folder / f"{i}.png").write_bytes(
                    image_bytes(color=color, pattern=i, size=(40, 40), fmt="PNG"))
        run_import(catalogue, root / "tiny", ImportOptions(actor="t", workers=1))
        make_splits(catalogue, SplitConfig(seed=0, test_fraction=1 / 6, validation_fraction=0.2))
        spec = TrainSpec(backbone="mobilenet", input_size=32, weights=None, epochs=2,
                         batch_size=8, learning_rate=1e-3, views=2, seed=1)
        result = train(catalogue, spec, cache=FeatureCache(root / "features", max_bytes=10**9))
        evaluation = evaluate_run(catalogue, result.run_id, "test")
        catalogue.close()
    m = evaluation.metrics
    return _Template(root, result.run_id, evaluation.evaluation_id, m.class_names,
                     m.confusion, m.accuracy)


def trained_copy(template: _Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrainedRun]:
    """A private copy of the template's catalogue and folders, with the app's folders
    pointed at it while the caller's tests run."""
    root = tmp_path_factory.mktemp("trained") / "run"
    shutil.copytree(template.root, root)
    with pytest.MonkeyPatch.context() as mp:
        _environment(mp, root)
        catalogue = open_catalogue(str(root / "catalogue.sqlite"))
        yield TrainedRun(catalogue, template.run_id, template.evaluation_id,
                         template.class_names, template.confusion, template.accuracy)
        catalogue.close()
