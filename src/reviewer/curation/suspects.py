"""Suspected label errors, outliers and confusable categories.

* **Label errors**: out-of-sample probabilities (:mod:`.probabilities`) ranked by
  confident learning through ``cleanlab`` (``find_label_issues`` decides which images
  are issues, ``get_label_quality_scores`` orders them; the most suspect first). Each
  comes with the category the model suggests and why, in words.
* **Outliers**: images no category explains: the model's highest out-of-sample
  probability is low *and* the image is far from every category's centre in the
  embedding space (farther than most of that category's own members).
* **Confusable pairs**: ``cleanlab.dataset.find_overlapping_classes``: which two
  categories the images themselves mix up most, with how many images sit between them.

Images a curator confirmed (see :mod:`.confirmations`) are left out; unsure and
unlabelled images are neither judged nor used to fit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from reviewer.curation.catalogue_vectors import CatalogueVectors, read_rows
from reviewer.curation.probabilities import CHUNK, chunks, out_of_sample_probabilities
from reviewer.progress import ProgressFn, StopFn

RANKING = "self_confidence"


@dataclass(frozen=True)
class Suspect:
    image_id: int
    file_name: str
    label: str
    suggested: str
    score: float  # label quality in 0..1: lower is more suspect
    label_probability: float
    suggested_probability: float
    why: str
    split: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"image_id": self.image_id, "file_name": self.file_name, "label": self.label,
                "suggested": self.suggested, "score": round(self.score, 6),
                "label_probability": round(self.label_probability, 4),
                "suggested_probability": round(self.suggested_probability, 4),
                "why": self.why, "split": self.split}


@dataclass(frozen=True)
class Outlier:
    image_id: int
    file_name: str
    label: str
    score: float  # distance to the nearest category centre / that category's 95th percentile
    max_probability: float
    nearest: str
    why: str

    def as_json(self) -> dict[str, object]:
        return {"image_id": self.image_id, "file_name": self.file_name, "label": self.label,
                "score": round(self.score, 4), "max_probability": round(self.max_probability, 4),
                "nearest": self.nearest, "why": self.why}


@dataclass(frozen=True)
class ConfusablePair:
    a: str
    b: str
    images: int  # images estimated to sit between the two
    joint: float  # share of all labelled images

    def as_json(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "images": self.images, "joint": round(self.joint, 5)}


@dataclass
class Analysis:
    """Everything one pass over the labelled, embedded images gives."""

    suspects: list[Suspect]
    outliers: list[Outlier]
    pairs: list[ConfusablePair]
    class_names: list[str]
    image_ids: np.ndarray  # the judged images (labelled, not unsure)
    labels: np.ndarray
    probabilities: np.ndarray
    quality: np.ndarray
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    def ranked_image_ids(self) -> np.ndarray:
        """Every judged image, most suspect first (quality score ascending)."""
        return self.image_ids[np.argsort(self.quality, kind="stable")]


def analyse(
    data: CatalogueVectors, *, exclude_label_errors: set[int] | frozenset[int] = frozenset(),
    exclude_outliers: set[int] | frozenset[int] = frozenset(), folds: int = 5, seed: int = 0,
    on_progress: ProgressFn | None = None, should_stop: StopFn | None = None,
) -> Analysis:
    import cleanlab.filter
    import cleanlab.rank

    started = time.perf_counter()
    judged = (data.category_ids > 0) & ~data.unsure
    idx = np.flatnonzero(judged)
    category_ids = sorted(set(data.category_ids[idx].tolist()))
    index_of = {c: k for k, c in enumerate(category_ids)}
    class_names = [data.category_names.get(c, str(c)) for c in category_ids]
    labels = np.array([index_of[c] for c in data.category_ids[idx]], np.int64)
    probs = out_of_sample_probabilities(data.vectors, labels, len(category_ids), folds=folds,
                                        seed=seed, on_progress=on_progress,
                                        should_stop=should_stop, rows=idx)
    t_probs = time.perf_counter()
    quality = cleanlab.rank.get_label_quality_scores(labels, probs, method=RANKING)
    issues = cleanlab.filter.find_label_issues(labels, probs, filter_by="prune_by_noise_rate",
                                               return_indices_ranked_by=RANKING)
    t_rank = time.perf_counter()
    suspects = []
    for i in issues:
        row = int(idx[i])
        image_id = int(data.image_ids[row])
        if image_id in exclude_label_errors:
            continue
        p = probs[i]
        masked = p.copy()
        masked[labels[i]] = -1
        best = int(np.argmax(masked))
        suspects.append(Suspect(
            image_id=image_id, file_name=data.file_names[row], label=class_names[labels[i]],
            suggested=class_names[best], score=float(quality[i]),
            label_probability=float(p[labels[i]]), suggested_probability=float(p[best]),
            why=_why(class_names[labels[i]], class_names[best], float(p[labels[i]]),
                     float(p[best])),
            split=data.splits[row]))
    outliers = _outliers(data, idx, labels, probs, class_names, exclude_outliers)
    pairs = _pairs(labels, probs, class_names)
    t_end = time.perf_counter()
    return Analysis(suspects, outliers, pairs, class_names, data.image_ids[idx], labels, probs,
                    np.asarray(quality), t_end - started,
                    {"probabilities": t_probs - started, "ranking": t_rank - t_probs,
                     "outliers_and_pairs": t_end - t_rank})


def _why(label: str, suggested: str, p_label: float, p_suggested: float) -> str:
    return (f"labelled {label}, but a model that never saw it gives {label} "
            f"{p_label:.0%} and {suggested} {p_suggested:.0%}")


def _outliers(data: CatalogueVectors, idx: np.ndarray, labels: np.ndarray, probs: np.ndarray,
              class_names: list[str], exclude: set[int] | frozenset[int],
              max_probability: float = 0.5, percentile: float = 95.0, far: float = 1.25
              ) -> list[Outlier]:
    """Far from every category centre (beyond the 95th percentile of that category's own
    members' distances) and no category above ``max_probability``; or very far
    (``far`` times that reach) whatever the linear model says, since a linear model
    extrapolates confidently to what it has never seen."""
    distance = centre_distances(data.vectors, idx, labels, len(class_names))
    n_classes = len(class_names)
    reach = np.array([np.percentile(distance[labels == k, k], percentile)
                      for k in range(n_classes)])
    relative = distance / np.maximum(reach, 1e-6)
    nearest = relative.argmin(axis=1)
    score = relative[np.arange(len(idx)), nearest]
    top = probs.max(axis=1)
    chosen = np.flatnonzero(((score > 1.0) & (top < max_probability)) | (score > far))
    out = []
    for i in chosen[np.argsort(-score[chosen])]:
        row = int(idx[i])
        image_id = int(data.image_ids[row])
        if image_id in exclude:
            continue
        out.append(Outlier(
            image_id=image_id, file_name=data.file_names[row], label=class_names[labels[i]],
            score=float(score[i]), max_probability=float(top[i]),
            nearest=class_names[int(nearest[i])],
            why=(f"farther from every category than {percentile:.0f} % of that category's "
                 f"own images (nearest: {class_names[int(nearest[i])]}, "
                 f"{score[i]:.2f}× its reach); the most likely category gets {top[i]:.0%}")))
    return out


def centre_distances(vectors: np.ndarray, rows: np.ndarray, labels: np.ndarray,
                     n_classes: int) -> np.ndarray:
    """Cosine distance of each of ``rows`` to each category's (normalised) mean,
    [len(rows), n_classes]; ``vectors`` read :data:`CHUNK` rows at a time."""
    dim = vectors.shape[1]
    sums = np.zeros((n_classes, dim), np.float64)
    for part in chunks(len(rows), CHUNK, 1):
        block = read_rows(vectors, rows[part])
        for k in range(n_classes):
            sums[k] += block[labels[part] == k].sum(axis=0, dtype=np.float64)
    counts = np.maximum(np.bincount(labels, minlength=n_classes), 1)[:, None]
    centres = (sums / counts).astype(np.float32)
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    distance = np.empty((len(rows), n_classes), np.float32)
    for part in chunks(len(rows), CHUNK, 1):
        distance[part] = 1.0 - read_rows(vectors, rows[part]) @ centres.T
    return distance


def _pairs(labels: np.ndarray, probs: np.ndarray, class_names: list[str]) -> list[ConfusablePair]:
    import cleanlab.dataset

    table = cleanlab.dataset.find_overlapping_classes(labels=labels, pred_probs=probs)
    n = len(labels)
    out = []
    for row in table.itertuples(index=False):
        a, b, count, joint = int(row[0]), int(row[1]), int(row[2]), float(row[3])
        if count <= 0:
            continue
        out.append(ConfusablePair(class_names[a], class_names[b], count, joint))
    out.sort(key=lambda p: -p.images)
    return out[: max(10, n and 10)]
