"""Exports (.keras, SavedModel, TFLite) and the batch scorer, on a tiny 32 px model.

One untrained MobileNet classifier (weights=None) is built and saved once per module.
Untrained, its features vanish (batch norm with unit statistics after random
convolutions: about 1e-22 at the pool) and every picture gets 1/3, 1/3, 1/3; so each
batch-norm layer is calibrated to the statistics of random pictures and the head gets
random weights. Then probabilities differ per picture and are neither uniform nor
saturated, and the 1e-3 agreement checks mean something.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image, ImageOps

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter
from reviewer.errors import CancelledError, UserError
from reviewer.training import runs
from reviewer.training.evaluate import load_model
from reviewer.training.export_model import export_run, export_savedmodel, export_tflite
from reviewer.training.pipeline import decode_resized
from reviewer.training.scorer import Scorer

from .reference_client import client_pixels
from .telling_model import telling_classifier

NAMES = ["bag", "hat", "shoes"]
SIZE = 32
TOL = 1e-3
TFLITE_CLIENT_TOL = 2e-3  # float32 vs float64 resize, XNNPACK vs TensorFlow kernels

pytestmark = pytest.mark.filterwarnings(
    r"ignore:(?s).*tf\.lite\.Interpreter is deprecated:UserWarning")


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Seeded: the random initial weights otherwise follow whatever the tests before this
    # module drew, and some draws give a model that answers one class for every picture.
    parts = telling_classifier(len(NAMES), SIZE, 0, head_spread=0.03)
    path = tmp_path_factory.mktemp("model") / "model.keras"
    parts.model.save(path)
    return path


@pytest.fixture(scope="module")
def model(model_file: Path) -> keras.Model:
    return load_model(model_file)


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Nine noisy pictures of assorted sizes and formats, then two broken files."""
    folder = tmp_path_factory.mktemp("pictures")
    rng = np.random.default_rng(1)
    paths = []
    for i in range(9):
        w, h = 24 + 9 * i, 60 - 3 * i
        pixels = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        pixels[: h // 2] = (i * 28, 255 - i * 28, (i * 70) % 256)  # some structure too
        pixels[:, : w // 3] = ((i * 90) % 256, (i * 40) % 256, 255 - i * 20)
        path = folder / f"p{i}.{'jpg' if i % 2 else 'png'}"
        Image.fromarray(pixels).save(path)
        paths.append(path)
    (folder / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (folder / "notes.txt").write_text("not an image at all")
    return [*paths[:4], folder / "corrupt.jpg", *paths[4:], folder / "notes.txt"]


@pytest.fixture(scope="module")
def batch(pictures: list[Path]) -> np.ndarray:
    return np.stack([decode_resized(str(p), SIZE) for p in pictures if p.suffix != ".txt"
                     and p.name != "corrupt.jpg"])


@pytest.fixture(scope="module")
def expected(model: keras.Model, batch: np.ndarray) -> np.ndarray:
    probs = model.predict(batch, verbose=0)
    top = probs.max(axis=1)
    assert 0.45 < top.mean() < 0.99 and top.min() < 0.9  # neither uniform nor saturated
    assert len(set(probs.argmax(axis=1).tolist())) > 1
    return probs


@pytest.fixture(scope="module")
def tflite_file(model: keras.Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one real TFLite conversion of this module (each costs several seconds)."""
    path = export_tflite(model, tmp_path_factory.mktemp("tflite") / "tiny")  # suffix added
    assert path.name == "tiny.tflite"
    return path


def _tflite_predict(path: Path, images: np.ndarray) -> np.ndarray:
    interpreter = tf.lite.Interpreter(model_path=str(path), num_threads=os.cpu_count())
    index = interpreter.get_input_details()[0]["index"]
    interpreter.resize_tensor_input(index, list(images.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(index, images)
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


def _card(folder: Path) -> dict[str, object]:
    assert (folder / "labels.txt").read_text().splitlines() == NAMES
    card = json.loads((folder / "model.json").read_text())
    assert card["class_names"] == NAMES
    assert card["input"]["size"] == SIZE and card["input"]["preprocessing"] == "raw 0..255 RGB pixels"
    return card


# ------------------------------------------------------------------------------ exports


def test_keras_export_reloads_with_labels(
    model_file: Path, batch: np.ndarray, expected: np.ndarray, tmp_path: Path
) -> None:
    out = export_run(model_file, "keras", tmp_path / "out", class_names=NAMES)
    assert out == tmp_path / "out" / "model.keras"
    assert _card(out.parent)["format"] == "keras"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp leftovers
    again = keras.models.load_model(out, safe_mode=True, compile=False)
    np.testing.assert_allclose(again.predict(batch, verbose=0), expected, atol=1e-6)


def test_savedmodel_export_serves_the_same_probabilities(
    model_file: Path, batch: np.ndarray, expected: np.ndarray, tmp_path: Path
) -> None:
    folder = export_run(model_file, "savedmodel", tmp_path / "sm", class_names=NAMES)
    assert _card(folder)["format"] == "savedmodel"
    loaded = tf.saved_model.load(str(folder))
    np.testing.assert_allclose(loaded.serve(tf.constant(batch)).numpy(), expected, atol=TOL)
    signature = loaded.signatures["serving_default"]
    out = signature(pixels=tf.constant(batch))["output_0"].numpy()
    np.testing.assert_allclose(out, expected, atol=TOL)


def test_tflite_export_agrees_with_keras(
    tflite_file: Path, batch: np.ndarray, expected: np.ndarray
) -> None:
    assert tflite_file.stat().st_size > 1_000_000  # float32 weights: 3.2 M parameters
    np.testing.assert_allclose(_tflite_predict(tflite_file, batch), expected, atol=TOL)


def test_safe_mode_refuses_a_lambda_layer(tmp_path: Path) -> None:
    inputs = keras.Input((4,))
    outputs = keras.layers.Lambda(lambda x: x * 2.0)(inputs)
    path = tmp_path / "lambda.keras"
    keras.Model(inputs, outputs).save(path)
    with pytest.raises(UserError, match="Cannot load the model") as info:
        Scorer(path, backend="keras")
    assert "Lambda" in str(info.value) or "lambda" in str(info.value)
    with pytest.raises(UserError, match="Cannot load the model"):
        export_run(path, "keras", tmp_path / "out")


def test_clear_errors_for_missing_model_unwritable_target_full_disk(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UserError, match="missing"):
        export_run(tmp_path / "nope.keras", "tflite", tmp_path / "out")
    with pytest.raises(UserError, match="missing"):
        Scorer(tmp_path / "nope.keras")
    with pytest.raises(UserError, match="Unknown export format"):
        export_run(model_file, "onnx", tmp_path / "out")

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="Cannot write the export"):
        export_run(model_file, "keras", blocker / "out", class_names=NAMES)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(keras.Model, "save", full)
    target = tmp_path / "full"
    with pytest.raises(UserError, match="is full"):
        export_run(model_file, "keras", target, class_names=NAMES)
    assert not list(target.iterdir())  # nothing half-written left behind


def test_savedmodel_refuses_a_folder_with_other_files(model: keras.Model, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(UserError, match="not empty"):
        export_savedmodel(model, tmp_path)
    assert (tmp_path / "mine.txt").exists()


# ------------------------------------------------------------------------------- scorer


def test_scorer_keras_and_tflite_agree_and_report_broken_files(
    model_file: Path, pictures: list[Path], expected: np.ndarray, batch: np.ndarray,
    tflite_file: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The scorer converts with the same function export_tflite uses (tested above);
    # hand it that conversion's result rather than paying for a second one.
    conversions: list[str] = []

    def convert(model: keras.Model, *, quantize: bool = False) -> bytes:
        conversions.append(model.name)
        return tflite_file.read_bytes()

    monkeypatch.setattr("reviewer.training.scorer.tflite_bytes", convert)
    progress: list[tuple[int, int]] = []
    keras_scorer = Scorer(model_file, backend="keras", class_names=NAMES, top_k=2)
    by_keras = keras_scorer.score_paths(
        pictures, batch_size=4, on_progress=lambda *a: progress.append(a))
    assert progress == [(4, 11), (8, 11), (11, 11)]
    assert [r.path for r in by_keras] == [str(p) for p in pictures]
    broken = {Path(str(r.path)).name: str(r.error) for r in by_keras if not r.ok}
    assert set(broken) == {"corrupt.jpg", "notes.txt"}
    assert all(broken.values()) and "Pillow cannot read" in broken["notes.txt"]

    lite = Scorer(model_file, backend="tflite", class_names=NAMES, top_k=2)
    assert lite.tflite_source is not None and "converted" in lite.tflite_source
    assert model_file.with_suffix(".tflite").exists() and len(conversions) == 1
    np.testing.assert_allclose(lite.predict_batch(batch), expected, atol=TOL)
    by_lite = lite.score_paths(pictures, batch_size=4)
    good = [r for r in by_keras if r.ok]
    assert len(good) == len(expected) == 9
    for k, t, probs in zip(good, [r for r in by_lite if r.ok], expected, strict=True):
        assert k.predicted == t.predicted == NAMES[int(probs.argmax())]
        assert len(k.top) == 2 and k.confidence == k.top[0][1]
        assert k.confidence == pytest.approx(float(probs.max()), abs=TOL)
        for (kn, kp), (tn, tp) in zip(k.top, t.top, strict=True):
            assert kn == tn and abs(kp - tp) < TOL
    assert [r.error for r in by_lite if not r.ok] == list(broken.values())

    auto = Scorer(model_file, class_names=NAMES)  # reuses the cached conversion
    results = auto.score_paths(pictures[:3], batch_size=8)
    assert all(r.ok for r in results)
    assert auto.tflite_source is not None and auto.tflite_source.startswith("cache")
    assert len(conversions) == 1
    assert auto.backend in ("keras", "tflite") and set(auto.timings) == {"keras", "tflite"}
    assert auto.backend in auto.backend_reason and "ms per image" in auto.backend_reason

    with pytest.raises(CancelledError):
        keras_scorer.score_paths(pictures, batch_size=2, should_stop=lambda: True)


def test_score_catalogue_images_of_a_run(
    trainable: Catalogue, model_file: Path, tmp_path: Path
) -> None:
    with trainable.write() as session:
        run_id = runs.create_run(session, name="tiny", backbone="mobilenet", settings={},
                                 class_names=NAMES, device="cpu")
    stored = runs.run_dir(trainable, run_id) / "model.keras"  # runs open models from the store
    shutil.copyfile(model_file, stored)
    runs.update_run(trainable, run_id, status="finished", model_path=str(stored))

    scorer = Scorer.for_run(trainable, run_id, backend="keras")
    assert scorer.class_names == NAMES
    results = scorer.score_images(trainable, ImageFilter(split="test"), batch_size=4)
    assert len(results) == 6 and all(r.ok and r.image_id for r in results)
    assert {r.predicted for r in results} <= set(NAMES)
    first = results[0].image_id
    assert first is not None
    mixed = scorer.score_images(trainable, [first, 99999])
    assert mixed[0].ok and mixed[0].predicted == results[0].predicted
    assert mixed[0].confidence == pytest.approx(results[0].confidence, abs=TOL)
    assert mixed[1].image_id == 99999 and mixed[1].error

    out = export_run(trainable, "keras", tmp_path / "export", run_id=run_id)
    card = _card(out.parent)
    assert card["run_id"] == run_id and card["backbone"] == "mobilenet"


# ------------------------------------------------------------- clients of the exports


def _photo(path: Path, size: tuple[int, int], seed: int, orientation: int | None = None,
           alpha: bool = False) -> Path:
    """A generated "photo": smooth colour fields, a few shapes, some grain."""
    w, h = size
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w] / max(w, h)
    base = np.stack([np.sin(xx * (3 + seed)) * 90 + 120, np.cos(yy * (2 + seed)) * 90 + 120,
                     (xx + yy) * 100 + 20 * seed % 120], axis=-1)
    for _ in range(3):
        x0, y0 = rng.integers(0, w // 2), rng.integers(0, h // 2)
        base[y0: y0 + h // 3, x0: x0 + w // 4] = rng.integers(0, 256, 3)
    pixels = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels)
    if alpha:
        a = np.full((h, w), 255, np.uint8)
        a[: h // 4] = 0
        image = Image.fromarray(np.dstack([pixels, a]), "RGBA")
    options: dict[str, object] = {}
    if path.suffix == ".jpg":
        options["quality"] = 90
    if orientation is not None:
        exif = image.getexif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    image.save(path, **options)
    return path


def test_exported_models_give_clients_the_answer_of_reviewer_predict(
    trainable: Catalogue, model_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from ai_edge_litert.interpreter import Interpreter

    from reviewer.cli import main

    with trainable.write() as session:
        run_id = runs.create_run(session, name="tiny", backbone="mobilenet", settings={},
                                 class_names=NAMES, device="cpu")
    # In the run's folder of the store (runs open models from there only), with its own
    # TFLite cache, not the module's.
    model_copy = runs.run_dir(trainable, run_id) / "model.keras"
    model_copy.write_bytes(model_file.read_bytes())
    runs.update_run(trainable, run_id, status="finished", model_path=str(model_copy))

    folder = tmp_path / "incoming"
    folder.mkdir()
    photos = [  # sizes where the old JPEG draft mode would have decoded at 1/2 to 1/8
        _photo(folder / "a.jpg", (300, 400), 1), _photo(folder / "b.jpg", (64, 48), 2),
        _photo(folder / "c.jpg", (400, 300), 3, orientation=6),
        _photo(folder / "d.jpg", (200, 120), 4, orientation=3),
        _photo(folder / "e.jpg", (90, 260), 5, orientation=8),
        _photo(folder / "f.png", (120, 90), 6), _photo(folder / "g.png", (100, 100), 7, alpha=True),
        _photo(folder / "h.webp", (150, 110), 8), _photo(folder / "i.jpg", (500, 333), 9),
        _photo(folder / "j.png", (50, 70), 10, orientation=6),
    ]
    assert main(["--catalogue", trainable.url, "predict", str(run_id), str(folder),
                 "--backend", "keras", "--top", "3", "--json"]) == 0
    answers = {Path(r["file"]).name: r for r in json.loads(capsys.readouterr().out)["results"]}
    predicted = [answers[p.name]["predicted"] for p in photos]
    assert len(set(predicted)) > 1  # the photos do not all look alike to the model
    assert main(["--catalogue", trainable.url, "export-model", str(run_id),
                 str(tmp_path / "sm"), "--format", "savedmodel"]) == 0
    assert main(["--catalogue", trainable.url, "export-model", str(run_id),
                 str(tmp_path / "lite"), "--format", "tflite"]) == 0
    capsys.readouterr()

    def top_probs(name: str) -> dict[str, float]:
        return {c: p for c, p in answers[name]["top"]}

    # SavedModel client: the file's bytes in, nothing else.
    loaded = tf.saved_model.load(str(tmp_path / "sm"))
    classify = loaded.signatures["classify_bytes"]
    out = classify(images=tf.constant([p.read_bytes() for p in photos]))
    names = [n.decode() for n in out["class_name"].numpy()]
    assert names == predicted
    for photo, probs in zip(photos, out["probabilities"].numpy(), strict=True):
        for name, p in top_probs(photo.name).items():
            assert abs(probs[NAMES.index(name)] - p) < 1e-4, photo.name  # the same ops
    card = json.loads((tmp_path / "sm" / "model.json").read_text())
    assert set(card["signatures"]) >= {"classify_bytes", "classify_pixels", "serve"}

    # EXIF the other way: a client who turns the picture upright itself and sends the
    # pixels gets the same answer; sending the un-turned pixels does not give the same input.
    by_pixels = loaded.signatures["classify_pixels"]
    for photo in [p for p in photos if p.name in ("c.jpg", "d.jpg", "e.jpg", "j.png")]:
        upright = np.asarray(ImageOps.exif_transpose(Image.open(photo)).convert("RGB"))
        res = by_pixels(pixels=tf.constant(upright[None]))
        assert res["class_name"].numpy()[0].decode() == answers[photo.name]["predicted"]
        assert abs(float(res["confidence"][0]) - answers[photo.name]["confidence"]) < 1e-4
        raw = np.asarray(Image.open(photo).convert("RGB"))
        assert raw.shape != upright.shape or np.abs(raw.astype(int) - upright).max() > 0

    # TFLite client (LiteRT's interpreter, XNNPACK): pixels prepared as model.json says,
    # in numpy and Pillow (reference_client.py), as a back end in another language would.
    card = json.loads((tmp_path / "lite" / "model.json").read_text())
    size = card["input"]["size"]
    assert card["input"]["reference"]["resize"]["filter"].startswith("triangle")
    interpreter = Interpreter(model_path=str(tmp_path / "lite" / card["file"]))
    index = interpreter.get_input_details()[0]["index"]
    batch = np.stack([client_pixels(p, size) for p in photos])
    interpreter.resize_tensor_input(index, list(batch.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(index, batch)
    interpreter.invoke()
    lite = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
    clear = 0
    for photo, probs in zip(photos, lite, strict=True):
        top = top_probs(photo.name)
        for name, p in top.items():
            assert abs(probs[NAMES.index(name)] - p) < TFLITE_CLIENT_TOL, (photo.name, top, probs)
        first, second = sorted(top.values(), reverse=True)[:2]
        if first - second > 2 * TFLITE_CLIENT_TOL:  # not a near tie: the top class must agree
            clear += 1
            assert card["class_names"][int(probs.argmax())] == answers[photo.name]["predicted"]
    assert clear >= len(photos) - 2
