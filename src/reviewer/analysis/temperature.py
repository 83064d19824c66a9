"""The one place a run's probabilities pass through its temperature.

Temperature scaling (Guo et al., 2017) divides the logits by ``T`` before the softmax:
``T > 1`` softens an over-confident model, ``T < 1`` sharpens an under-confident one, and
the top-1 class never changes. The models here end in a softmax, so
:func:`apply_temperature` works on probabilities (``softmax(log p / T)``, which equals
``softmax(logits / T)``) as well as on logits (``logits=True``).

Where the temperature lives, and why not in a new column: it belongs to one model file,
not to the run's settings, so it is kept beside that file in the run's folder of the
catalogue's file store (``runs/7/calibration.json``), with the model file's size and
modification time. A model retrained or replaced under the same name therefore never
inherits a stale temperature, a catalogue copied with its ``-files`` folder keeps it, and
no migration is needed. An exported model carries it in ``model.json``
(``output.temperature``).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training import runs
from reviewer.training.model_files import run_model_file

log = logging.getLogger(__name__)

CALIBRATION_FILE = "calibration.json"
EPSILON = 1e-12


def apply_temperature(values: np.ndarray, temperature: float, *, logits: bool = False) -> np.ndarray:
    """Probabilities after temperature scaling (rows sum to 1; argmax unchanged).

    ``values``: probabilities (default) or logits (``logits=True``), shape ``[..., classes]``.
    ``temperature`` 1.0 returns probabilities unchanged (a copy, float32).
    """
    if not temperature > 0 or not np.isfinite(temperature):
        raise ValueError(f"A temperature must be a positive number, got {temperature!r}.")
    array = np.asarray(values, dtype=np.float64)
    if not logits and temperature == 1.0:
        return array.astype(np.float32)
    z = array if logits else np.log(np.clip(array, EPSILON, 1.0))
    z = z / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


@dataclass(frozen=True)
class StoredCalibration:
    """What ``calibration.json`` holds: the temperature and how it was found."""

    temperature: float
    details: dict[str, Any]


def _fingerprint(model_path: Path) -> dict[str, int]:
    stat = model_path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def calibration_path(model_path: str | Path) -> Path:
    return Path(model_path).with_name(CALIBRATION_FILE)


def save_calibration(model_path: str | Path, temperature: float, details: dict[str, Any]) -> Path:
    """Store ``temperature`` beside ``model_path`` (atomically), keyed to that file."""
    model_path = Path(model_path)
    target = calibration_path(model_path)
    body = {"temperature": float(temperature), "model": model_path.name,
            **_fingerprint(model_path), "details": details}
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(body, indent=1), "utf-8")
    os.replace(tmp, target)
    return target


def load_calibration(model_path: str | Path) -> StoredCalibration | None:
    """The calibration stored beside ``model_path``, or None (none, unreadable, or made
    for another version of the file)."""
    model_path = Path(model_path)
    try:
        body = json.loads(calibration_path(model_path).read_text("utf-8"))
        if body.get("model") != model_path.name or any(
                body.get(k) != v for k, v in _fingerprint(model_path).items()):
            log.info("Ignoring %s: it was fitted on another version of %s",
                     calibration_path(model_path), model_path.name)
            return None
        temperature = float(body["temperature"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not temperature > 0 or not np.isfinite(temperature):
        return None
    return StoredCalibration(temperature, dict(body.get("details") or {}))


def model_temperature(model_path: str | Path) -> float:
    """The temperature for a model file: its stored calibration, else an exported
    ``model.json``'s ``output.temperature`` beside it, else 1.0 (uncalibrated)."""
    stored = load_calibration(model_path)
    if stored is not None:
        return stored.temperature
    card = Path(model_path).parent / "model.json"
    try:
        value = float(json.loads(card.read_text("utf-8"))["output"]["temperature"])
    except (OSError, ValueError, KeyError, TypeError):
        return 1.0
    return value if value > 0 and np.isfinite(value) else 1.0


def run_temperature(catalogue: Catalogue, run_id: int) -> float:
    """Run ``run_id``'s temperature (1.0 when it has not been calibrated)."""
    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
    if not info.model_path:
        return 1.0
    try:
        path = run_model_file(catalogue, info)
    except UserError:  # no model, or a refused path: nothing to scale
        return 1.0
    return model_temperature(path) if path.exists() else 1.0
