"""Evaluating a run on a split: predict every image with the run's model (Keras), store
one prediction per image (top-k probabilities, after the run's temperature) and the
metrics from them. A run whose record asks for it (trained with ``--tta``; neither recipe
does) is evaluated with horizontal-flip test-time augmentation (:mod:`flip_tta`); the
evaluation records whether it was. Reading them
back (comparison, cells, flips) is ``run_readers``, which needs no Keras."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np

from reviewer.analysis.temperature import apply_temperature, model_temperature
from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Evaluation, Prediction
from reviewer.errors import CancelledError, UserError
from reviewer.progress import ProgressFn
from reviewer.training import runs
from reviewer.training.dataset import Example, load_snapshot
from reviewer.training.flip_tta import flip_averaged, run_uses_tta
from reviewer.training.metrics import compute_metrics, top_k
from reviewer.training.model_files import check_keras_archive, run_model_file
from reviewer.training.pipeline import evaluation_dataset
from reviewer.training.run_readers import EvaluationResult

TOP_K = 3


def load_model(path: str | Path) -> keras.Model:
    """A run's model, loaded with Keras safe mode (no arbitrary code from the file)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"The model file {path} is missing.",
                        hint="Train the run again, or restore the file from a backup.")
    if path.suffix == ".keras" and not zipfile.is_zipfile(path):
        raise UserError(f"The model file {path} is damaged: it is not a .keras archive.",
                        hint="Train the run again, or restore the file from a backup.")
    check_keras_archive(path)  # before Keras inflates anything
    try:
        return keras.models.load_model(path, safe_mode=True, compile=False)
    except (ValueError, OSError) as exc:
        raise UserError(f"Cannot load the model {path}: {exc}") from exc


def predict_probabilities(
    model: keras.Model,
    catalogue: Catalogue,
    examples: list[Example],
    size: int,
    *,
    batch_size: int = 64,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    tta: bool = False,
) -> np.ndarray:
    """The model's probabilities for ``examples``; with ``tta``, each averaged with the
    probabilities for the mirrored picture (two passes)."""
    dataset = evaluation_dataset(catalogue.store, examples, size, batch_size=batch_size)
    chunks: list[np.ndarray] = []
    done = 0

    def forward(images: object) -> np.ndarray:
        return np.asarray(model(images, training=False), dtype=np.float32)

    for images, _labels in dataset:
        if should_stop is not None and should_stop():
            raise CancelledError
        chunks.append(flip_averaged(forward, images) if tta else forward(images))
        done += len(chunks[-1])
        if on_progress is not None:
            on_progress(done, len(examples))
    if not chunks:
        return np.zeros((0, int(model.output_shape[-1])), np.float32)
    return np.concatenate(chunks)


def evaluate_run(
    catalogue: Catalogue,
    run_id: int,
    split: str = "test",
    *,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    model_file: str | Path | None = None,
    tta: bool | None = None,
) -> EvaluationResult:
    """Predict every image of ``split`` in the run's snapshot, store and score it.

    ``tta``: horizontal-flip test-time augmentation; ``None`` means as the run's record
    says (off unless it was trained with ``tta``, and for runs stored before it
    existed). The run's model is opened from the catalogue's file store only, unless
    ``model_file`` names the file to use (see :mod:`reviewer.training.model_files`)."""
    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
        snapshot = load_snapshot(session, run_id, info.class_names)
    path = run_model_file(catalogue, info, model_file)
    examples = snapshot.split(split)
    if not examples:
        raise UserError(f"Run {run_id} has no images in the {split} split.",
                        hint="Evaluate on another split (train, validation or test).")
    if tta is None:
        tta = run_uses_tta(info.settings)
    model = load_model(path)
    size = int(model.input_shape[1])
    raw = predict_probabilities(model, catalogue, examples, size,
                                on_progress=on_progress, should_stop=should_stop, tta=tta)
    probs = apply_temperature(raw, model_temperature(path))
    return store_evaluation(catalogue, run_id, split, examples, probs, info.class_names,
                            tta=tta)


def store_evaluation(
    catalogue: Catalogue, run_id: int, split: str, examples: list[Example], probs: np.ndarray,
    class_names: list[str], *, tta: bool = False,
) -> EvaluationResult:
    """Store one evaluation of ``examples`` from their (calibrated) probabilities;
    ``tta`` records whether they were averaged with the mirrored pictures'."""
    y_true = [e.label for e in examples]
    y_pred = probs.argmax(axis=1).tolist()
    metrics = dataclasses.replace(
        compute_metrics(y_true, y_pred, class_names, probabilities=probs), tta=tta)
    tops = top_k(probs, min(TOP_K, probs.shape[1]))
    with catalogue.write() as session:
        evaluation = Evaluation(run_id=run_id, split=split, created_at=now(),
                                accuracy=metrics.accuracy, loss=metrics.loss,
                                metrics_json=json.dumps(metrics.to_dict()))
        session.add(evaluation)
        session.flush()
        session.execute(
            Prediction.__table__.insert(),  # type: ignore[attr-defined]
            [
                {"evaluation_id": evaluation.id, "image_id": e.image_id, "true_index": t,
                 "predicted_index": p, "confidence": float(probs[i, p]),
                 "topk_json": json.dumps(tops[i])}
                for i, (e, t, p) in enumerate(zip(examples, y_true, y_pred, strict=True))
            ],
        )
        evaluation_id = evaluation.id
    return EvaluationResult(evaluation_id, run_id, split, metrics)
