"""Crafted model files and model paths a shared catalogue may hold (issue 18.3)."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.cli import main
from reviewer.training import runs
from reviewer.training.dataset import save_snapshot, take_snapshot
from reviewer.training.evaluate import evaluate_run, load_model
from reviewer.training.model_files import ModelFileError, check_keras_archive, run_model_file
from tests.conftest import TRAIN_CLASSES

NAMES = sorted(TRAIN_CLASSES)


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keras.utils.set_random_seed(0)
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.GlobalAveragePooling2D()(inputs)
    outputs = keras.layers.Dense(len(NAMES), activation="softmax", name="predictions")(x)
    path = tmp_path_factory.mktemp("model") / "model.keras"
    keras.Model(inputs, outputs).save(path)
    return path


def _padded(model: Path, target: Path, pad: int) -> Path:
    """The same model with ``pad`` spaces after config.json's JSON: still a valid model
    that Keras would load, inflating from a small file to a large config."""
    with zipfile.ZipFile(model) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "config.json":
                data += b" " * pad
            dst.writestr(info.filename, data)
    return target


def test_config_that_inflates_past_the_bound_is_refused_unread(
    small_model: Path, tmp_path: Path
) -> None:
    bomb = _padded(small_model, tmp_path / "bomb.keras", 80 * 2**20)  # 80 MiB of config
    assert bomb.stat().st_size < 2 * 2**20

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ModelFileError, match="config.json inflates to 83,"):
            load_model(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20 and time.monotonic() - started < 5


def test_an_honest_model_still_loads(small_model: Path, tmp_path: Path) -> None:
    slightly = _padded(small_model, tmp_path / "ok.keras", 1000)
    assert load_model(slightly).output_shape == (None, len(NAMES))


def test_archive_totals_and_member_counts_are_bounded(small_model: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="inflates to"):
        check_keras_archive(small_model, max_inflated_bytes=100)
    crowded = tmp_path / "crowded.keras"
    with zipfile.ZipFile(crowded, "w") as archive:
        for i in range(50):
            archive.writestr(f"m{i}", b"")
    with pytest.raises(ModelFileError, match="holds 50 entries"):
        check_keras_archive(crowded, max_members=40)


def _run_with_model_path(catalogue: Catalogue, model_path: str) -> int:
    with catalogue.write() as session:
        snapshot = take_snapshot(session)
        assert snapshot.class_names == NAMES
        run_id = runs.create_run(session, name="r", backbone="mobilenet", settings={},
                                 class_names=NAMES, device="cpu")
        save_snapshot(session, run_id, snapshot)
    runs.update_run(catalogue, run_id, status="finished", model_path=model_path)
    return run_id


def test_a_run_pointing_outside_the_store_is_refused(
    trainable: Catalogue, small_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_id = _run_with_model_path(trainable, str(small_model))  # e.g. written by a colleague
    with pytest.raises(ModelFileError, match=f"records its model as {small_model}, outside"):
        evaluate_run(trainable, run_id, "test")

    assert main(["--catalogue", trainable.url, "evaluate", str(run_id)]) == 2
    err = capsys.readouterr().err
    assert "outside this catalogue's file store" in err and "--model FILE" in err

    # Pointed at by the user, the same file is used.
    result = evaluate_run(trainable, run_id, "test", model_file=small_model)
    assert result.metrics.class_names == NAMES
    assert main(["--catalogue", trainable.url, "evaluate", str(run_id), "--model",
                 str(small_model), "--json"]) == 0


@pytest.mark.parametrize("how", ["relative", "absolute", "dot-dot", "link"])
def test_paths_in_the_store_open_and_escapes_do_not(
    trainable: Catalogue, small_model: Path, how: str
) -> None:
    store = trainable.directory
    folder = store / "runs" / "9"
    folder.mkdir(parents=True)
    inside = folder / "model.keras"
    inside.write_bytes(small_model.read_bytes())
    recorded = {"relative": "runs/9/model.keras", "absolute": str(inside),
                "dot-dot": "runs/../../" + small_model.name, "link": "runs/9/link.keras"}[how]
    (folder / "link.keras").symlink_to(small_model)
    (store.parent / small_model.name).write_bytes(small_model.read_bytes())
    run_id = _run_with_model_path(trainable, recorded)
    with trainable.read() as session:
        info = runs.get_run(session, run_id)
    if how in ("relative", "absolute"):
        assert run_model_file(trainable, info) == inside.resolve()
        assert evaluate_run(trainable, run_id, "test").metrics.class_names == NAMES
    else:
        with pytest.raises(ModelFileError, match="outside this catalogue's file store"):
            run_model_file(trainable, info)


def test_new_runs_record_their_model_inside_the_store(trainable: Catalogue, tiny_spec, cache) -> None:
    from reviewer.training.trainer import train

    tiny_spec.epochs = 1
    result = train(trainable, tiny_spec, cache=cache)
    with trainable.read() as session:
        info = runs.get_run(session, result.run_id)
    assert info.model_path == f"runs/{result.run_id}/model.keras"
    assert run_model_file(trainable, info) == Path(result.model_path or "").resolve()
    probs = load_model(run_model_file(trainable, info)).predict(
        np.zeros((1, 32, 32, 3), np.float32), verbose=0)
    assert probs.shape == (1, len(NAMES))
