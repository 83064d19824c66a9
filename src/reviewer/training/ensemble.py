"""An ensemble of runs as a first-class model: the average of its members' probabilities.

``create_ensemble`` records a run of its own (backbone ``"ensemble"``, settings
``{"kind": "ensemble", "members": [...]}``) whose model file is one Keras model: the
pixels go to every member (resized inside the model to a member's own input size when
the members differ) and the class probabilities are averaged. Everything that takes a
run therefore takes an ensemble unchanged: ``reviewer evaluate``, ``predict``,
``report``, ``export-model``, the comparison table and the moderation scorer. The
ensemble's snapshot (which images are train / validation / test) is its first member's,
so its validation and test figures compare with the members' own. Its record asks for
horizontal-flip test-time augmentation at evaluation when every member's does (or as
``tta`` says).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import keras

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training import runs
from reviewer.training.dataset import load_snapshot, save_snapshot
from reviewer.training.evaluate import load_model
from reviewer.training.flip_tta import run_uses_tta
from reviewer.training.model_files import run_model_file, store_relative
from reviewer.training.runs import RunInfo, RunStatus

KIND = "ensemble"
MODEL = "model.keras"


def is_ensemble(info: RunInfo) -> bool:
    return info.settings.get("kind") == KIND


def _members(catalogue: Catalogue, member_ids: Sequence[int]) -> list[RunInfo]:
    ids = list(dict.fromkeys(member_ids))
    if len(ids) < 2:
        raise UserError("An ensemble needs at least two different runs.",
                        hint="Give two or more run ids, e.g. `reviewer ensemble 3 5`.")
    with catalogue.read() as session:
        known = {info.id: info for info in runs.list_runs(session)}
    missing = [i for i in ids if i not in known]
    if missing:
        raise UserError(f"No run {', '.join(map(str, missing))} in this catalogue.",
                        hint="`reviewer runs` lists them.")
    members = [known[i] for i in ids]
    unfinished = [m.id for m in members if m.status != RunStatus.FINISHED or not m.model_path]
    if unfinished:
        raise UserError(f"Run {', '.join(map(str, unfinished))} has no finished model.",
                        hint="Finish or resume those runs first.")
    first = members[0]
    for m in members[1:]:
        if m.class_names != first.class_names:
            raise UserError(
                f"Runs {first.id} and {m.id} predict different categories "
                f"({', '.join(first.class_names)} vs {', '.join(m.class_names)}); "
                "their probabilities cannot be averaged.",
                hint="Ensemble runs trained on the same categories.")
    return members


def ensemble_model(models: Sequence[keras.Model], names: Sequence[str]) -> keras.Model:
    """One model averaging ``models``' outputs; inputs at the largest member size."""
    sizes = [int(m.input_shape[1]) for m in models]
    size = max(sizes)
    pixels = keras.Input(shape=(size, size, 3), dtype="float32", name="pixels")
    outputs = []
    for model, own, name in zip(models, sizes, names, strict=True):
        member = keras.Model(model.inputs[0], model.outputs[0], name=name)
        x = pixels if own == size else keras.layers.Resizing(
            own, own, interpolation="bilinear", name=f"{name}_resize")(pixels)
        outputs.append(member(x))
    mean = keras.layers.Average(name="mean_probability")(outputs)
    return keras.Model(pixels, mean, name="ensemble")


def create_ensemble(catalogue: Catalogue, member_ids: Sequence[int], *, name: str = "",
                    tta: bool | None = None) -> int:
    """Record an ensemble of ``member_ids`` as a new finished run; returns its id.
    ``tta`` (evaluation with flipped pictures too): default, when every member uses it."""
    started = time.monotonic()
    members = _members(catalogue, member_ids)
    if tta is None:
        tta = all(run_uses_tta(m.settings) for m in members)
    models = [load_model(run_model_file(catalogue, m)) for m in members]
    model = ensemble_model(models, [f"run_{m.id}" for m in members])
    first = members[0]
    with catalogue.write() as session:
        snapshot = load_snapshot(session, first.id, first.class_names)
        run_id = runs.create_run(
            session, name=name or "ensemble of " + " + ".join(f"{m.id}" for m in members),
            backbone=KIND,
            settings={"kind": KIND, "members": [m.id for m in members],
                      "member_backbones": [m.backbone for m in members],
                      "input_size": int(model.input_shape[1]), "tta": tta},
            class_names=first.class_names, device="", parent_run_id=None)
        save_snapshot(session, run_id, snapshot)
    folder = runs.run_dir(catalogue, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder / MODEL)
    runs.update_run(catalogue, run_id, status=RunStatus.FINISHED,
                    model_path=store_relative(catalogue, folder / MODEL),
                    wall_seconds=time.monotonic() - started, finished_at=now())
    return run_id
