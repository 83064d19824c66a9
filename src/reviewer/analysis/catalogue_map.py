"""The catalogue's map: every embedded image at a 2-D point, with what to colour it by.

``catalogue_map(catalogue, params, *, run_id, on_progress, should_stop)`` projects the
stored embeddings (see :mod:`reviewer.curation.embed`) with :func:`projection.project`,
reusing a cached projection for the same (embeddings, method, parameters) from
``<catalogue files>/maps/``. With a run it also carries, per image, what the run's latest
evaluations (test, validation, train) predicted, so the map can be coloured by prediction
or by right/wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from reviewer.analysis.projection import (
    ProjectionCache,
    ProjectionParams,
    cache_key,
    project,
    vectors_fingerprint,
)
from reviewer.catalogue.db import Catalogue
from reviewer.curation.catalogue_vectors import load_vectors
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.progress import ProgressFn
from reviewer.training import runs
from reviewer.training.run_readers import prediction_table

COLOURINGS = ("label", "prediction", "correct", "split")
UNLABELLED = "(unlabelled)"
NOT_PREDICTED = "(not evaluated)"


@dataclass(frozen=True)
class CatalogueMap:
    image_ids: np.ndarray  # int64 [n]
    xy: np.ndarray  # float32 [n, 2]
    labels: list[str]
    splits: list[str]
    predicted: list[str] | None  # with a run
    params: ProjectionParams
    from_cache: bool
    without_embedding: int

    def colour_values(self, colouring: str) -> list[str]:
        """One category per point for ``colouring`` (label, prediction, correct, split)."""
        if colouring == "label":
            return self.labels
        if colouring == "split":
            return self.splits
        if self.predicted is None:
            return [NOT_PREDICTED] * len(self.labels)
        if colouring == "prediction":
            return self.predicted
        return [NOT_PREDICTED if p == NOT_PREDICTED else ("right" if p == t else "wrong")
                for p, t in zip(self.predicted, self.labels, strict=True)]

    def to_rows(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        for i, image_id in enumerate(self.image_ids.tolist()):
            row: dict[str, object] = {"image_id": image_id, "x": float(self.xy[i, 0]),
                                      "y": float(self.xy[i, 1]), "label": self.labels[i],
                                      "split": self.splits[i]}
            if self.predicted is not None:
                row["predicted"] = self.predicted[i]
            rows.append(row)
        return rows


def run_predictions(catalogue: Catalogue, run_id: int) -> dict[int, str]:
    """image id → the class the run's latest evaluation of that image predicted."""
    out: dict[int, str] = {}
    with catalogue.read() as session:
        runs.get_run(session, run_id)  # NotFoundError for a wrong id
        evaluations = [runs.latest_evaluation(session, run_id, s)
                       for s in ("train", "validation", "test")]
    for evaluation in evaluations:
        if evaluation is None:
            continue
        table = prediction_table(catalogue, evaluation.id)
        for image_id, (_true, predicted, _conf) in table.rows.items():
            out[image_id] = table.class_names[predicted]
    return out


def catalogue_map(
    catalogue: Catalogue,
    store: EmbeddingStore,
    params: ProjectionParams | None = None,
    *,
    run_id: int | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    use_cache: bool = True,
) -> CatalogueMap:
    params = params or ProjectionParams()
    vectors = load_vectors(catalogue, store)
    key = cache_key(vectors_fingerprint(vectors.image_ids, vectors.vectors), params)
    cache = ProjectionCache(catalogue.directory / "maps")
    xy = cache.get(key, len(vectors)) if use_cache else None
    from_cache = xy is not None
    if xy is None:
        xy = project(vectors.vectors, params, on_progress=on_progress, should_stop=should_stop)
        cache.put(key, xy)
    labels = [vectors.category_names.get(int(c), UNLABELLED) if c else UNLABELLED
              for c in vectors.category_ids]
    predicted = None
    if run_id is not None:
        by_image = run_predictions(catalogue, run_id)
        predicted = [by_image.get(int(i), NOT_PREDICTED) for i in vectors.image_ids]
    return CatalogueMap(vectors.image_ids, xy, labels, [s or "(none)" for s in vectors.splits],
                        predicted, params, from_cache, vectors.without_embedding)
