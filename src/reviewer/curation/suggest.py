"""Suggestions for unlabelled images from the best model at hand (issue 11).

Two sources:

* **run**: the newest finished training run with a model file. Its probabilities for
  the unlabelled images come from the run's scorer (:func:`run_probabilities`, the one
  place a run's probabilities are produced, so a calibration can be applied there).
  Its precision is measured on the run's latest validation evaluation: of the
  validation images whose top confidence is ≥ t, the share whose top class was right.
* **linear**: without a run, a quick linear classifier on the embeddings (a
  regularised multinomial logistic regression on the PCA-reduced vectors, as in
  :mod:`.probabilities`), fitted on the labelled images in seconds. It learns only from
  labels a person gave: a label that a bulk acceptance wrote (a batch of more than one
  accepted suggestion) is the model's own word, and fitting on it would make its
  mistakes self-confirming (measured on clothing-small, seed 0: 2.7 % wrong among
  bulk acceptances with them, 1.6 % without; see benchmarks/README.md). The 25-NN vote
  that :mod:`.probabilities` averages in was left out here: slower, and it settled
  fewer images at the same share wrong. 5-fold cross-validation on the labelled images
  (each one predicted by models that never saw it) gives held-out probabilities; a
  temperature fitted on them calibrates the model (it is underconfident as it stands),
  and its precision curve is measured on them after that calibration, by the same
  confidence rule. (One parameter fitted on the same held-out set it is measured on:
  slightly optimistic.)

The ranks stored with the rows order the grid's sorts: "easiest first" by confidence,
highest first; "most useful first" by the margin between the top two classes, lowest
first, spread over k-means clusters of the embeddings (each cluster's
r-th most uncertain image ranks as if SPREAD_PENALTY × r less certain), so a stack of
near-duplicates does not fill the first screen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import func, select

from reviewer.catalogue import suggestions as saved
from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Image, LabelEvent, Prediction
from reviewer.curation.catalogue_vectors import CatalogueVectors, load_vectors
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.curation.probabilities import DEFAULT_C, _reduced
from reviewer.errors import CancelledError, UserError
from reviewer.progress import ProgressFn, StopFn

THRESHOLDS = tuple(round(0.01 * i, 2) for i in range(100))  # 0.00 … 0.99
REFRESH_AFTER_LABELS = 100  # new labels since the linear model was fitted
CLUSTER_SIZE = 20  # about this many images per cluster when spreading "most useful"
MAX_CLUSTERS = 200
SPREAD_PENALTY = 0.1  # margin added per image of the same cluster ranked before


@dataclass(frozen=True)
class Predicted:
    """Top-two classes per image (class indices into ``class_names``)."""

    image_ids: np.ndarray  # int64 [n]
    top: np.ndarray  # int64 [n]
    confidence: np.ndarray  # float [n]
    second: np.ndarray  # int64 [n], -1 when the model has one class
    margin: np.ndarray  # float [n]


@dataclass(frozen=True)
class Refreshed:
    source: saved.SourceInfo
    stored: int  # suggestions written
    unlabelled: int  # unlabelled images considered
    seconds: float


def precision_curve(confidence: np.ndarray, correct: np.ndarray
                    ) -> tuple[tuple[float, float, int], ...]:
    """(threshold, precision, n) for each of :data:`THRESHOLDS`."""
    out = []
    for t in THRESHOLDS:
        chosen = confidence >= t
        n = int(chosen.sum())
        out.append((t, float(correct[chosen].mean()) if n else 0.0, n))
    return tuple(out)


def top_two(image_ids: np.ndarray, probs: np.ndarray) -> Predicted:
    order = np.argsort(-probs, axis=1, kind="stable")
    rows = np.arange(len(probs))
    first = probs[rows, order[:, 0]] if len(probs) else np.zeros(0)
    if probs.shape[1] > 1:
        second_idx = order[:, 1]
        second = probs[rows, second_idx]
    else:
        second_idx = np.full(len(probs), -1)
        second = np.zeros(len(probs))
    return Predicted(np.asarray(image_ids, np.int64), order[:, 0].astype(np.int64),
                     first.astype(float), second_idx.astype(np.int64),
                     (first - second).astype(float))


# --- the linear source --------------------------------------------------------------------


@dataclass(frozen=True)
class LinearFit:
    predicted: Predicted  # for the unlabelled images
    class_ids: np.ndarray  # category id of each class index
    curve: tuple[tuple[float, float, int], ...]
    labelled: int
    reduced: np.ndarray  # reduced vectors of the unlabelled images (for clusters)
    temperature: float = 1.0  # fitted on the held-out probabilities (1: not measured)


TEMPERATURES = np.geomspace(0.05, 4.0, 80)


def fit_temperature(probs: np.ndarray, labels: np.ndarray) -> float:
    """The temperature T that makes ``softmax(log p / T)`` fit held-out ``labels`` best
    (lowest log loss), so that a confidence of 95 % is right about 95 times in 100.
    The quick model is underconfident (strong regularisation, a vote averaged in):
    on clothing-small T < 1 sharpens it."""
    logs = np.log(np.clip(probs, 1e-12, 1.0))
    best, best_loss = 1.0, np.inf
    for t in TEMPERATURES:
        scaled = logs / t
        scaled -= scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        loss = float((log_norm - scaled[np.arange(len(labels)), labels]).mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def calibrated(probs: np.ndarray, temperature: float) -> np.ndarray:
    if temperature == 1.0 or not len(probs):
        return probs
    scaled = np.log(np.clip(probs, 1e-12, 1.0)) / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    out = np.exp(scaled)
    return out / out.sum(axis=1, keepdims=True)


def linear_suggestions(
    vectors: np.ndarray, category_ids: np.ndarray, *, seed: int = 0, folds: int = 5,
    measure: bool = True, reduce: bool = True, on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> LinearFit:
    """Fit on the rows whose ``category_ids`` > 0, predict the rows where it is 0
    (rows < 0 are left out: unsure images). ``measure``: cross-validate for the
    precision curve (``folds`` more fits). ``reduce``: False when ``vectors`` are
    already :func:`reduced` (a caller refitting often on the same vectors)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _linear(vectors, category_ids, seed=seed, folds=folds, measure=measure,
                       reduce=reduce, on_progress=on_progress, should_stop=should_stop)


def reduced(vectors: np.ndarray, seed: int = 0) -> np.ndarray:
    """The PCA-reduced, scaled vectors the linear source fits on."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _reduced(vectors, seed)


def _fit_predict(x_fit: np.ndarray, y_fit: np.ndarray, x_new: np.ndarray, n_classes: int
                 ) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    out = np.zeros((len(x_new), n_classes), np.float64)
    if not len(x_new):
        return out
    model = LogisticRegression(C=DEFAULT_C, max_iter=300, tol=1e-3)
    model.fit(x_fit, y_fit)
    out[:, model.classes_] = model.predict_proba(x_new)
    return out


def _linear(vectors: np.ndarray, category_ids: np.ndarray, *, seed: int, folds: int,
            measure: bool, reduce: bool, on_progress: ProgressFn | None, should_stop: StopFn | None
            ) -> LinearFit:
    from sklearn.model_selection import StratifiedKFold

    labelled = category_ids > 0
    unlabelled = category_ids == 0
    class_ids, y = np.unique(category_ids[labelled], return_inverse=True)
    counts = np.bincount(y, minlength=len(class_ids))
    if len(class_ids) < 2 or counts.min() < 2:
        raise UserError(
            "Suggestions need at least two labelled categories with two or more images each.",
            hint="Label a few images of each category first.")
    x = _reduced(vectors, seed) if reduce else vectors
    x_lab, x_new = x[labelled], x[unlabelled]
    steps = (min(folds, int(counts.min())) if measure else 0) + 1
    curve: tuple[tuple[float, float, int], ...] = ()
    temperature = 1.0
    if measure:
        k = max(2, min(folds, int(counts.min())))
        held = np.zeros((len(y), len(class_ids)))
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        for i, (fit, test) in enumerate(splitter.split(x_lab, y)):
            if should_stop is not None and should_stop():
                raise CancelledError
            held[test] = _fit_predict(x_lab[fit], y[fit], x_lab[test], len(class_ids))
            if on_progress:
                on_progress(i + 1, steps, f"measuring precision: fold {i + 1}/{k}")
        temperature = fit_temperature(held, y)
        held = calibrated(held, temperature)
        curve = precision_curve(held.max(axis=1), held.argmax(axis=1) == y)
    if should_stop is not None and should_stop():
        raise CancelledError
    probs = calibrated(_fit_predict(x_lab, y, x_new, len(class_ids)), temperature)
    if on_progress:
        on_progress(steps, steps, "suggestions ready")
    ids = np.flatnonzero(unlabelled)
    return LinearFit(top_two(ids, probs), class_ids, curve, int(labelled.sum()), x_new,
                     temperature)


# --- ranks ----------------------------------------------------------------------------------


def easy_ranks(confidence: np.ndarray) -> np.ndarray:
    """0 for the most confident suggestion, then down."""
    order = np.lexsort((np.arange(len(confidence)), -confidence))
    ranks = np.empty(len(order), np.int64)
    ranks[order] = np.arange(len(order))
    return ranks


def useful_ranks(margin: np.ndarray, reduced: np.ndarray | None, *, seed: int = 0
                 ) -> np.ndarray:
    """0 for the most useful image to label next: lowest top-two margin, spread over
    clusters of ``reduced`` (none given: by margin alone). The r-th most uncertain image
    of a cluster ranks as if its margin were :data:`SPREAD_PENALTY` × r higher, so
    near-duplicates give way to other uncertain images without a confident one of a
    small cluster jumping ahead of uncertain ones."""
    n = len(margin)
    by_margin = np.lexsort((np.arange(n), margin))
    if reduced is None or n < 2 * CLUSTER_SIZE:
        ranks = np.empty(n, np.int64)
        ranks[by_margin] = np.arange(n)
        return ranks
    from sklearn.cluster import MiniBatchKMeans
    from threadpoolctl import threadpool_limits

    k = int(min(MAX_CLUSTERS, max(2, n // CLUSTER_SIZE)))
    with threadpool_limits(limits=1):  # a few thousand rows: threads only spin
        clusters = MiniBatchKMeans(k, random_state=seed, n_init=1,
                                   batch_size=2048).fit_predict(reduced)
    round_of = np.empty(n, np.int64)
    seen: dict[int, int] = {}
    for i in by_margin:  # the r-th most uncertain of its cluster is in round r
        c = int(clusters[i])
        round_of[i] = seen.get(c, 0)
        seen[c] = round_of[i] + 1
    order = np.lexsort((np.arange(n), margin + SPREAD_PENALTY * round_of))
    ranks = np.empty(n, np.int64)
    ranks[order] = np.arange(n)
    return ranks


# --- the run source ---------------------------------------------------------------------------


def newest_finished_run(catalogue: Catalogue) -> int | None:
    from reviewer.training.runs import RunStatus, list_runs

    with catalogue.read() as session:
        done = [r for r in list_runs(session)
                if r.status == RunStatus.FINISHED and r.model_path]
    return max((r.id for r in done), default=None)


def run_probabilities(catalogue: Catalogue, run_id: int, image_ids: list[int], *,
                      on_progress: ProgressFn | None = None,
                      should_stop: StopFn | None = None) -> tuple[list[str], Predicted]:
    """The run's top-two probabilities for ``image_ids`` (the run's class names, and
    the images it could score). The one place a run's suggestion probabilities come
    from; the scorer applies the run's calibration (its temperature, once
    ``reviewer calibration`` has fitted one), so suggestions and their measured
    precision (the latest, calibrated, validation evaluation) agree."""
    from reviewer.training.scorer import Scorer

    scorer = Scorer.for_run(catalogue, run_id, top_k=2)
    names = list(scorer.class_names)
    index = {name: i for i, name in enumerate(names)}
    scored = scorer.score_images(catalogue, image_ids, on_progress=on_progress,
                                 should_stop=should_stop)
    ok = [s for s in scored if s.ok and s.top]
    probs = np.zeros((len(ok), len(names)))
    for row, s in enumerate(ok):
        for name, p in s.top:
            probs[row, index[name]] = p
    return names, top_two(np.array([s.image_id for s in ok], np.int64), probs)


def run_precision(catalogue: Catalogue, run_id: int
                  ) -> tuple[tuple[tuple[float, float, int], ...], int]:
    """The precision curve of the run's latest validation evaluation, and its size."""
    from reviewer.training.runs import latest_evaluation

    with catalogue.read() as session:
        ev = latest_evaluation(session, run_id, "validation")
        if ev is None:
            return (), 0
        rows = session.execute(select(Prediction.confidence, Prediction.true_index,
                                      Prediction.predicted_index)
                               .where(Prediction.evaluation_id == ev.id)).all()
    confidence = np.array([r[0] for r in rows], float)
    correct = np.array([r[1] == r[2] for r in rows], bool)
    return precision_curve(confidence, correct), len(rows)


# --- refresh ---------------------------------------------------------------------------------


def _labelled_state(catalogue: Catalogue) -> tuple[int, int]:
    """(labelled images, newest label event id): what a linear fit depended on."""
    with catalogue.read() as session:
        labelled = int(session.scalar(select(func.count()).select_from(Image)
                                      .where(Image.category_id.is_not(None))) or 0)
        last = int(session.scalar(select(func.max(LabelEvent.id))) or 0)
    return labelled, last


def _unlabelled_ids(catalogue: Catalogue) -> list[int]:
    with catalogue.read() as session:
        return [int(i) for i in session.scalars(
            select(Image.id).where(Image.category_id.is_(None)).order_by(Image.id))]


def _vectors(catalogue: Catalogue, store: EmbeddingStore | None) -> CatalogueVectors | None:
    from reviewer.curation.embed import default_store

    try:
        return load_vectors(catalogue, default_store() if store is None else store)
    except UserError:
        return None


def refresh(
    catalogue: Catalogue, *, source: str = "auto", run_id: int | None = None,
    store: EmbeddingStore | None = None, seed: int = 0,
    on_progress: ProgressFn | None = None, should_stop: StopFn | None = None,
) -> Refreshed:
    """Compute suggestions for every unlabelled image and replace the stored ones in
    one transaction. ``source``: "auto" (a run when ``run_id`` is given or a finished
    run exists, else linear), "run" or "linear"."""
    started = now()
    if source not in ("auto", "run", "linear"):
        raise UserError(f"Unknown suggestion source {source!r}.", hint="Use auto, run or linear.")
    if run_id is None and source != "linear":
        run_id = newest_finished_run(catalogue)
        if run_id is None and source == "run":
            raise UserError("There is no finished run to suggest with.",
                            hint="Train one with `reviewer train`, or use the linear source.")
    data = _vectors(catalogue, store)
    if run_id is not None and source != "linear":
        rows, info, considered = _from_run(catalogue, run_id, data, seed, started,
                                           on_progress, should_stop)
    else:
        if data is None:
            raise UserError("Suggestions without a trained run need embeddings.",
                            hint="Run `reviewer embed` first (it resumes where it stopped), "
                            "or train a run.")
        rows, info, considered = _from_linear(catalogue, data, seed, started,
                                              on_progress, should_stop)
    if should_stop is not None and should_stop():
        raise CancelledError
    with catalogue.write() as session:
        # Images labelled while the model worked get no row; the rest are replaced.
        still = {int(i) for i in session.scalars(
            select(Image.id).where(Image.category_id.is_(None)))}
        live = {int(i) for i in session.scalars(select(Category.id))}
        kept = [r for r in rows if r.image_id in still and r.category_id in live]
        saved.replace_all(session, kept, info)
    seconds = (now() - started).total_seconds()
    return Refreshed(info, len(kept), considered, seconds)


def _rows(predicted: Predicted, class_ids: np.ndarray, spread: np.ndarray | None, seed: int
          ) -> list[saved.SuggestionRow]:
    useful = useful_ranks(predicted.margin, spread, seed=seed)
    easy = easy_ranks(predicted.confidence)
    return [
        saved.SuggestionRow(
            int(predicted.image_ids[i]), int(class_ids[predicted.top[i]]),
            float(predicted.confidence[i]), float(predicted.margin[i]),
            int(class_ids[predicted.second[i]]) if predicted.second[i] >= 0 else None,
            int(useful[i]), int(easy[i]))
        for i in range(len(predicted.image_ids))
    ]


def _from_linear(catalogue: Catalogue, data: CatalogueVectors, seed: int, started: datetime,
                 on_progress: ProgressFn | None, should_stop: StopFn | None
                 ) -> tuple[list[saved.SuggestionRow], saved.SourceInfo, int]:
    codes = np.where(data.unsure & (data.category_ids > 0), -1, data.category_ids)
    with catalogue.read() as session:
        unreviewed = saved.bulk_accepted_ids(session)
    codes[np.isin(data.image_ids, np.fromiter(unreviewed, np.int64, len(unreviewed)))
          & (codes > 0)] = -1
    fit = linear_suggestions(data.vectors, codes, seed=seed, on_progress=on_progress,
                             should_stop=should_stop)
    predicted = Predicted(data.image_ids[fit.predicted.image_ids], fit.predicted.top,
                          fit.predicted.confidence, fit.predicted.second, fit.predicted.margin)
    labelled, last_event = _labelled_state(catalogue)
    fingerprint = hashlib.sha256(
        f"linear:{labelled}:{last_event}:{len(data)}".encode()).hexdigest()[:32]
    info = saved.SourceInfo(
        kind="linear", run_id=None, fingerprint=fingerprint, created_at=started,
        labelled=labelled,
        how=f"5-fold cross-validation on the {fit.labelled:,} labelled images with embeddings",
        curve=fit.curve)
    return _rows(predicted, fit.class_ids, fit.reduced, seed), info, len(predicted.image_ids)


def _from_run(catalogue: Catalogue, run_id: int, data: CatalogueVectors | None, seed: int,
              started: datetime, on_progress: ProgressFn | None, should_stop: StopFn | None
              ) -> tuple[list[saved.SuggestionRow], saved.SourceInfo, int]:
    from reviewer.training.runs import get_run

    ids = _unlabelled_ids(catalogue)
    names, predicted = run_probabilities(catalogue, run_id, ids, on_progress=on_progress,
                                         should_stop=should_stop)
    with catalogue.read() as session:
        by_name = {str(n): int(i) for i, n in session.execute(
            select(Category.id, Category.name).where(Category.retired.is_(False)))}
        info_run = get_run(session, run_id)
    class_ids = np.array([by_name.get(n, -1) for n in names], np.int64)
    known = class_ids[predicted.top] >= 0
    predicted = Predicted(predicted.image_ids[known], predicted.top[known],
                          predicted.confidence[known], predicted.second[known],
                          predicted.margin[known])
    predicted = Predicted(predicted.image_ids, predicted.top, predicted.confidence,
                          np.where((predicted.second >= 0)
                                   & (class_ids[np.maximum(predicted.second, 0)] >= 0),
                                   predicted.second, -1), predicted.margin)
    picked = None  # the images' reduced embeddings, to spread "most useful" by cluster
    if data is not None:
        row_of = {int(i): r for r, i in enumerate(data.image_ids)}
        rows = [row_of.get(int(i), -1) for i in predicted.image_ids]
        if all(r >= 0 for r in rows) and rows:
            picked = reduced(data.vectors, seed)[rows]
    curve, n_validation = run_precision(catalogue, run_id)
    finished = info_run.finished_at.isoformat() if info_run.finished_at else ""
    fingerprint = hashlib.sha256(
        f"run:{run_id}:{info_run.model_path}:{finished}".encode()).hexdigest()[:32]
    how = (f"run {run_id}'s latest validation evaluation ({n_validation:,} images)"
           if n_validation else f"not measured: run {run_id} has no validation evaluation")
    info = saved.SourceInfo(kind="run", run_id=run_id, fingerprint=fingerprint,
                             created_at=started, labelled=n_validation, how=how, curve=curve)
    return _rows(predicted, class_ids, picked, seed), info, len(ids)


def is_stale(catalogue: Catalogue, *, every: int | None = None) -> str | None:
    """Why the stored suggestions should be refreshed (a newer finished run, ``every``
    new labels since a linear fit (default :data:`REFRESH_AFTER_LABELS`), none stored
    yet), or None."""
    every = REFRESH_AFTER_LABELS if every is None else every
    with catalogue.read() as session:
        info = saved.source_info(session)
    newest = newest_finished_run(catalogue)
    if info is None:
        return "no suggestions yet"
    if newest is not None and (info.kind != "run" or info.run_id != newest):
        return f"run {newest} finished"
    if info.kind == "linear":
        labelled, _last = _labelled_state(catalogue)
        if labelled - info.labelled >= every:
            return f"{labelled - info.labelled} new labels"
    return None
