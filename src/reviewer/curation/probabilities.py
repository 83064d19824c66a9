"""Out-of-sample class probabilities for every labelled image.

K-fold cross-validation on the (L2-normalised, PCA-reduced) embeddings of the mean of
two quick models, a strongly regularised multinomial logistic regression and a
distance-weighted 25-nearest-neighbour vote (measured on clothing-small with 5 %
flipped labels: the mean finds 2–4 points more of the flips in the top N than either
alone): each image's probabilities come from models that never saw it, which is what
confident learning needs. On 3,000 Lite0 vectors this takes seconds, not a
training run. The folds are stratified and seeded.
"""

from __future__ import annotations

import numpy as np

from reviewer.errors import CancelledError, UserError
from reviewer.progress import ProgressFn, StopFn

DEFAULT_FOLDS = 5
DEFAULT_C = 0.03  # strong regularisation: measured best of 0.005–2 on clothing-small
PCA_DIMS = 128  # measured on clothing-small: as good as all 1280 values, and quicker
NEIGHBOURS = 25


def out_of_sample_probabilities(
    vectors: np.ndarray, labels: np.ndarray, n_classes: int, *, folds: int = DEFAULT_FOLDS,
    c: float = DEFAULT_C, seed: int = 0, on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> np.ndarray:
    """[n, n_classes] probabilities; ``labels`` are 0..n_classes-1.

    BLAS runs single-threaded here: on a few thousand vectors OpenBLAS's threads spin
    against each other and anything else on the machine (measured on the 2-core
    machine under load: PCA 52 s → 1.7 s, one fit 15 s → 0.3 s)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _cross_validated(vectors, labels, n_classes, folds=folds, c=c, seed=seed,
                                on_progress=on_progress, should_stop=should_stop)


def _cross_validated(
    vectors: np.ndarray, labels: np.ndarray, n_classes: int, *, folds: int, c: float,
    seed: int, on_progress: ProgressFn | None, should_stop: StopFn | None,
) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.neighbors import KNeighborsClassifier

    counts = np.bincount(labels, minlength=n_classes)
    small = [k for k in range(n_classes) if 0 < counts[k] < 2]
    if small or (counts > 0).sum() < 2:
        raise UserError(
            "Suspected label errors need at least two labelled categories with two or "
            "more images each.", hint="Label more images first.")
    folds = int(min(folds, counts[counts > 0].min()))
    vectors = _reduced(vectors, seed)
    out = np.zeros((len(labels), n_classes), np.float64)
    splitter = StratifiedKFold(n_splits=max(folds, 2), shuffle=True, random_state=seed)
    for k, (fit, held) in enumerate(splitter.split(vectors, labels)):
        if should_stop is not None and should_stop():
            raise CancelledError
        for model in (LogisticRegression(C=c, max_iter=300, tol=1e-3),
                      KNeighborsClassifier(min(NEIGHBOURS, len(fit)), weights="distance")):
            model.fit(vectors[fit], labels[fit])
            out[np.ix_(held, model.classes_)] += model.predict_proba(vectors[held]) / 2
        if on_progress:
            on_progress(k + 1, folds, f"cross-validation fold {k + 1}/{folds}")
    return out


def _reduced(vectors: np.ndarray, seed: int) -> np.ndarray:
    """PCA to :data:`PCA_DIMS` (unsupervised, so no label leaks across folds), then
    one common scale, so that ``C`` means the same for every backbone."""
    from sklearn.decomposition import PCA

    x = vectors.astype(np.float32)
    if x.shape[1] > PCA_DIMS and len(x) > PCA_DIMS:
        x = PCA(PCA_DIMS, random_state=seed).fit_transform(x)
    x = x - x.mean(axis=0)
    scale = float(x.std(axis=0).mean()) or 1.0
    return x / scale
