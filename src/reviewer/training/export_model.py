"""Exporting a trained classifier for use outside the app.

Three formats, each usable on its own:

* ``keras`` — the native ``.keras`` file (load it with ``safe_mode=True``);
* ``savedmodel`` — a TensorFlow SavedModel folder (Keras 3's ``ExportArchive``) that
  carries the app's preprocessing. Its signatures:

  - ``classify_bytes(images)``: a batch of encoded files (JPEG/PNG/WebP/GIF/BMP, the
    bytes as read from disk; ``tf.string [N]``). Each is decoded, turned upright by
    its EXIF orientation and resized inside the graph by the very ops the app trains,
    evaluates and scores with (:mod:`reviewer.training.decode`);
  - ``classify_pixels(pixels)``: ``uint8 [N, H, W, 3]`` RGB pixels of any size (the
    pictures of one batch share a size), upright; resized in the graph the same way;
  - ``serve`` / ``serving_default``: ``float32 [N, size, size, 3]`` pixels already
    prepared (as before).

  The first two return ``probabilities`` (``[N, classes]``), ``class_name`` and
  ``confidence`` (the top class and its probability);
* ``tflite`` — a TensorFlow Lite flatbuffer, float32 by default, optionally with
  dynamic-range quantization (int8 weights, float activations). Its input is the
  prepared ``float32 [N, size, size, 3]``; ``model.json`` spells out the preparation
  step by step (``input.reference``) for a client in any language.

Every model's float input is **raw RGB pixels, float32 in 0..255, NHWC, size×size**
(the backbone's normalisation is a layer inside the model) and its output softmax
probabilities in class order. Beside each export go ``labels.txt`` (one class name a
line, in output order) and ``model.json`` (class names, input size, preprocessing,
signatures, format, versions), so a script elsewhere needs nothing from this app.

TFLite conversion goes through a temporary SavedModel (the stable, public route).
Converting a Keras 3 model's concrete function with ``from_concrete_functions(...,
model)`` was tried and gives NaN outputs (its variables are not frozen into the
file), so it is not used.

Files are written to a temporary name and renamed into place, so a full disk or a
killed export never leaves half a model under the target name. Problems a user can
fix (missing model, unwritable target, full disk) raise :class:`UserError`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keras
import tensorflow as tf

from reviewer.analysis.temperature import model_temperature
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.file_modes import give_file_mode
from reviewer.training import decode, runs
from reviewer.training.evaluate import load_model
from reviewer.training.model_files import run_model_file

log = logging.getLogger(__name__)

FORMATS = ("keras", "savedmodel", "tflite")
SUFFIXES = {"keras": ".keras", "tflite": ".tflite"}
LABELS_FILE = "labels.txt"
CARD_FILE = "model.json"
PREPROCESSING = "raw 0..255 RGB pixels"
BYTES_SIGNATURE = "classify_bytes"
PIXELS_SIGNATURE = "classify_pixels"
FLOAT_SIGNATURE = "serve"
_SAVEDMODEL_ENTRIES = {"saved_model.pb", "variables", "assets", "fingerprint.pb",
                       LABELS_FILE, CARD_FILE}


# ------------------------------------------------------------------------------ errors


def _disk_error(exc: BaseException, target: Path) -> UserError | None:
    """A UserError for write failures a user can fix, or None for anything else."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code == errno.ENOSPC or "No space left" in text:
        return UserError(f"The disk holding {target} is full; the export was not written.",
                         hint="Free some space, or export to another disk.")
    if (code in (errno.EACCES, errno.EROFS, errno.EPERM, errno.ENOTDIR, errno.EEXIST)
            or isinstance(exc, tf.errors.PermissionDeniedError)
            or "Permission denied" in text or "Read-only file system" in text):
        reason = getattr(exc, "strerror", None) or (text.splitlines() or [type(exc).__name__])[0]
        return UserError(f"Cannot write the export to {target}: {reason}.",
                         hint="Choose a folder you can write to.")
    return None


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    """Turn full-disk and permission errors while writing ``target`` into UserErrors."""
    try:
        yield
    except UserError:
        raise
    except (OSError, tf.errors.OpError) as exc:
        error = _disk_error(exc, target)
        if error is None:
            raise
        raise error from exc


def _prepare_parent(target: Path) -> None:
    with _writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(target.parent, os.W_OK):
            raise PermissionError(errno.EACCES, "Permission denied", str(target.parent))


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success."""
    path = Path(path)
    _prepare_parent(path)
    with _writing(path):
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
        give_file_mode(fd)  # mkstemp makes 0600; exports follow the umask like other files
        os.close(fd)
    tmp = Path(name)
    try:
        with _writing(path):
            yield tmp
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _atomic_folder(folder: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``folder``; swap it in on success.

    An existing ``folder`` is replaced only if it holds nothing but a previous
    SavedModel export; anything else is refused rather than deleted.
    """
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            raise UserError(f"Cannot export a SavedModel to {folder}: it is a file.",
                            hint="Give a folder name.")
        strangers = sorted(p.name for p in folder.iterdir() if p.name not in _SAVEDMODEL_ENTRIES)
        if strangers:
            raise UserError(
                f"The folder {folder} is not empty ({', '.join(strangers[:3])}…); "
                "a SavedModel export needs a folder of its own.",
                hint="Choose a new or empty folder.")
    _prepare_parent(folder)
    with _writing(folder):
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        with _writing(folder):
            yield tmp
            if folder.exists():
                old = folder.with_name(f".{folder.name}-old-{os.getpid()}")
                os.replace(folder, old)
                os.replace(tmp, folder)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- formats


def export_keras(model: keras.Model, path: str | Path) -> Path:
    """Save ``model`` as a ``.keras`` file at ``path`` (suffix added if missing)."""
    path = Path(path)
    if path.suffix != ".keras":
        path = path.with_name(path.name + ".keras")
    with _atomic_file(path) as tmp:
        model.save(tmp)
    return path


def export_savedmodel(
    model: keras.Model, folder: str | Path, class_names: Sequence[str] | None = None
) -> Path:
    """Export ``model`` as a SavedModel folder with the preprocessing inside: signatures
    ``classify_bytes``, ``classify_pixels`` and ``serve`` (see the module docstring)."""
    folder = Path(folder)
    count = int(model.output_shape[-1])
    names = list(class_names) if class_names else [f"class_{i}" for i in range(count)]
    with _atomic_folder(folder) as tmp:
        _export_serving_savedmodel(model, tmp, names)
    return folder


def _export_savedmodel_into(model: keras.Model, folder: Path) -> None:
    """A plain SavedModel (float pixels in), the route to TFLite."""
    model.export(str(folder), format="tf_saved_model", verbose=False)


def _export_serving_savedmodel(model: keras.Model, folder: Path, names: Sequence[str]) -> None:
    size = int(model.input_shape[1])
    classes = tf.constant(list(names))

    def answer(pixels: tf.Tensor) -> dict[str, tf.Tensor]:
        probs = model(pixels, training=False)
        top = tf.argmax(probs, axis=-1)
        return {"probabilities": probs, "class_name": tf.gather(classes, top),
                "confidence": tf.reduce_max(probs, axis=-1)}

    def classify_bytes(images: tf.Tensor) -> dict[str, tf.Tensor]:
        pixels = tf.map_fn(lambda data: decode.decode_resized_bytes(data, size), images,
                           fn_output_signature=tf.TensorSpec([size, size, 3], tf.float32),
                           parallel_iterations=16)
        return answer(pixels)

    def classify_pixels(pixels: tf.Tensor) -> dict[str, tf.Tensor]:
        return answer(decode.resize_pixels(pixels, size))

    def serve(pixels: tf.Tensor) -> tf.Tensor:
        return model(pixels, training=False)

    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint(FLOAT_SIGNATURE, serve, input_signature=[
        tf.TensorSpec([None, size, size, 3], tf.float32, name="pixels")])
    archive.add_endpoint(BYTES_SIGNATURE, classify_bytes,
                         input_signature=[tf.TensorSpec([None], tf.string, name="images")])
    archive.add_endpoint(PIXELS_SIGNATURE, classify_pixels,
                         input_signature=[tf.TensorSpec([None, None, None, 3], tf.uint8,
                                                        name="pixels")])
    archive.write_out(str(folder), verbose=False)


def tflite_bytes(model: keras.Model, *, quantize: bool = False) -> bytes:
    """Convert ``model`` to a TFLite flatbuffer in memory.

    Float32 by default; ``quantize=True`` applies dynamic-range quantization
    (``Optimize.DEFAULT`` without a representative dataset: weights stored as int8,
    activations stay float), about 4× smaller with slightly different outputs.
    """
    with tempfile.TemporaryDirectory(prefix="reviewer-export-") as tmp:
        with _writing(Path(tmp)):
            _export_savedmodel_into(model, Path(tmp) / "saved_model")
        return savedmodel_to_tflite(Path(tmp) / "saved_model", quantize=quantize)


def savedmodel_to_tflite(folder: str | Path, *, quantize: bool = False) -> bytes:
    """Convert an exported SavedModel folder to a TFLite flatbuffer in memory."""
    converter = tf.lite.TFLiteConverter.from_saved_model(str(folder))
    if quantize:
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    try:
        return bytes(converter.convert())
    except Exception as exc:  # the converter raises ConverterError and friends
        raise UserError(f"TensorFlow Lite cannot convert this model: {exc}",
                        hint="Export it as .keras or SavedModel instead.") from exc


def export_tflite(model: keras.Model, path: str | Path, *, quantize: bool = False) -> Path:
    """Write ``model`` as a ``.tflite`` file at ``path`` (suffix added if missing)."""
    path = Path(path)
    if path.suffix != ".tflite":
        path = path.with_name(path.name + ".tflite")
    _prepare_parent(path)  # fail before the slow conversion, not after
    data = tflite_bytes(model, quantize=quantize)
    write_bytes_atomic(path, data)
    return path


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    with _atomic_file(path) as tmp:
        tmp.write_bytes(data)
    return path


# ---------------------------------------------------------------------- labels / card


def calibration_note(temperature: float) -> dict[str, Any]:
    """What ``model.json``'s output says about the run's temperature."""
    return {"temperature": temperature, "calibration": (
        f"The model's own output is uncalibrated. Calibrated probabilities: "
        f"softmax(log(p) / {temperature:.6g}), i.e. raise each probability to the power "
        f"1/{temperature:.6g} and divide by their sum (the top class never changes)."
        if temperature != 1.0 else "Not calibrated: temperature 1.0 leaves the output as is.")}


def model_card(
    model: keras.Model,
    class_names: Sequence[str],
    *,
    fmt: str,
    file: str,
    quantize: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What ``model.json`` says: enough to feed the model and read its output."""
    size = int(model.input_shape[1])
    card: dict[str, Any] = {
        "format": fmt,
        "file": file,
        "class_names": list(class_names),
        "num_classes": len(class_names),
        "input": {
            "shape": [None, size, size, 3],
            "dtype": "float32",
            "layout": "NHWC",
            "size": size,
            "color": "RGB",
            "preprocessing": PREPROCESSING,
            "note": (f"Prepare each picture as input.reference says (full decode, EXIF "
                     f"orientation, antialiased bilinear resize of the whole picture to "
                     f"{size}x{size}, float32 0..255, not rounded); the model normalises "
                     "the pixels itself. Any other preparation (JPEG draft/DCT scaling, "
                     "cropping, keeping the aspect ratio, a resize without antialiasing) "
                     "changes the answers."),
            "reference": {**decode.REFERENCE, "size": size},
        },
        "output": {"activation": "softmax", "order": "class_names"},
        "quantization": "dynamic-range (int8 weights)" if quantize else "none (float32)",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }
    if fmt == "savedmodel":
        card["signatures"] = {
            BYTES_SIGNATURE: {
                "input": "images: string [N], each the bytes of a JPEG/PNG/WebP/GIF/BMP file",
                "does": "decode, EXIF orientation and resize inside the graph "
                        "(input.reference, steps 1-4)",
            },
            PIXELS_SIGNATURE: {
                "input": "pixels: uint8 [N, H, W, 3] RGB, upright, any H and W (one size "
                         "per batch)",
                "does": "resize inside the graph (input.reference, steps 3-4)",
            },
            FLOAT_SIGNATURE: {"input": f"float32 [N, {size}, {size}, 3], prepared",
                              "alias": "serving_default"},
            "outputs": {"probabilities": "float32 [N, classes]",
                        "class_name": "string [N], the top class",
                        "confidence": "float32 [N], its probability"},
        }
        card["usage"] = (f"tf.saved_model.load(folder).signatures['{BYTES_SIGNATURE}']("
                         "images=tf.constant([open(path, 'rb').read()]))['class_name']")
    elif fmt == "tflite":
        card["usage"] = ("LiteRT (ai_edge_litert.interpreter.Interpreter) or "
                         "tf.lite.Interpreter(model_path=file); feed pixels prepared as "
                         "input.reference says; resize_tensor_input for batches")
    else:
        card["usage"] = "keras.models.load_model(file, safe_mode=True, compile=False)"
    card.update(extra or {})
    return card


def write_labels(folder: str | Path, class_names: Sequence[str], card: dict[str, Any]) -> None:
    """Write ``labels.txt`` and ``model.json`` into ``folder``."""
    folder = Path(folder)
    write_bytes_atomic(folder / LABELS_FILE, "".join(f"{n}\n" for n in class_names).encode())
    write_bytes_atomic(folder / CARD_FILE, (json.dumps(card, indent=2) + "\n").encode())


def read_labels(model_path: str | Path) -> list[str] | None:
    """Class names from ``model.json`` or ``labels.txt`` beside a model, if any."""
    folder = Path(model_path).parent
    card = folder / CARD_FILE
    with contextlib.suppress(OSError, ValueError):
        names = json.loads(card.read_text(encoding="utf-8")).get("class_names")
        if isinstance(names, list) and names:
            return [str(n) for n in names]
    with contextlib.suppress(OSError, UnicodeDecodeError):
        names = [line.strip() for line in (folder / LABELS_FILE).read_text("utf-8").splitlines()]
        names = [n for n in names if n]
        if names:
            return names
    return None


# ---------------------------------------------------------------------------- export_run


def _normalise_format(fmt: str) -> tuple[str, bool]:
    key = fmt.strip().lower().replace("_", "").replace("-", "")
    aliases = {"keras": ("keras", False), "savedmodel": ("savedmodel", False),
               "tfsavedmodel": ("savedmodel", False), "tflite": ("tflite", False),
               "tflitequant": ("tflite", True), "tflitequantized": ("tflite", True)}
    if key not in aliases:
        raise UserError(f"Unknown export format {fmt!r}.",
                        hint=f"Choose one of: {', '.join(FORMATS)} (or tflite-quant).")
    return aliases[key]


def _resolve_source(
    source: Catalogue | str | Path, run_id: int | None, class_names: Sequence[str] | None,
    model_file: str | Path | None = None,
) -> tuple[Path, list[str] | None, dict[str, Any]]:
    if isinstance(source, Catalogue):
        if run_id is None:
            raise UserError("Which run should be exported?", hint="Give a run id.")
        with source.read() as session:
            info = runs.get_run(session, run_id)
        if not info.model_path and model_file is None:
            raise UserError(f"Run {run_id} has no model to export ({info.status}).",
                            hint=f"Finish it first: `reviewer train --resume {run_id}`.")
        extra = {"run_id": info.id, "run_name": info.name, "backbone": info.backbone}
        path = run_model_file(source, info, model_file)
        return path, list(class_names or info.class_names), extra
    path = Path(source)
    return path, list(class_names) if class_names else read_labels(path), {}


def export_run(
    source: Catalogue | str | Path,
    fmt: str,
    target: str | Path,
    *,
    run_id: int | None = None,
    class_names: Sequence[str] | None = None,
    quantize: bool = False,
    model_file: str | Path | None = None,
) -> Path:
    """Export a run's model (``source`` a catalogue plus ``run_id``) or a ``.keras``
    file (``source`` its path) as ``fmt`` (keras, savedmodel, tflite, tflite-quant).

    ``target`` is a folder, or for keras/tflite a file path ending in ``.keras`` /
    ``.tflite``. A folder receives ``model.keras`` / ``model.tflite`` (or the
    SavedModel itself); ``labels.txt`` and ``model.json`` go into the same folder
    (replacing earlier ones there). Class names come from the run, ``class_names``,
    or the labels beside the source file, else ``class_0``… Returns the path of the
    model file (or SavedModel folder). A run's model is taken from the catalogue's file
    store only, unless ``model_file`` names the file to use.
    """
    fmt, quant_alias = _normalise_format(fmt)
    quantize = quantize or quant_alias
    if quantize and fmt != "tflite":
        raise UserError("Quantization applies to TFLite exports only.",
                        hint="Use the tflite format, or leave quantization off.")
    model_path, names, extra = _resolve_source(source, run_id, class_names, model_file)
    model = load_model(model_path)
    count = int(model.output_shape[-1])
    if names is None:
        names = [f"class_{i}" for i in range(count)]
    if len(names) != count:
        raise UserError(f"The model has {count} outputs but {len(names)} class names were given.")
    extra = {"source_model": str(model_path), **extra}

    target = Path(target).expanduser()
    if fmt == "savedmodel":
        out = export_savedmodel(model, target, names)
        folder = out
    elif target.suffix == SUFFIXES[fmt]:
        folder = target.parent
        out = target
    else:
        folder = target
        out = target / f"model{SUFFIXES[fmt]}"
    if fmt == "keras":
        export_keras(model, out)
    elif fmt == "tflite":
        export_tflite(model, out, quantize=quantize)
    card = model_card(model, names, fmt=fmt, file="." if fmt == "savedmodel" else out.name,
                      quantize=quantize, extra=extra)
    card["output"].update(calibration_note(model_temperature(model_path)))
    write_labels(folder, names, card)
    log.info("Exported %s as %s to %s", model_path, fmt, out)
    return out
