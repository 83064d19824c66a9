"""tf.data input pipelines over catalogue rows: parallel decode of the stored originals
and resize (in TensorFlow ops, the same ones every exported SavedModel carries: see
:mod:`reviewer.training.decode`), optional augmentation, batching, prefetch."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import tensorflow as tf

from reviewer.catalogue.store import ImageStore
from reviewer.training.augment import Augmentation, augment
from reviewer.training.dataset import Example
from reviewer.training.decode import decode_file_op, decode_resized_file

AUTOTUNE = tf.data.AUTOTUNE


def decode_resized(path: str, size: int) -> np.ndarray:
    """Stored original → size×size×3 float32 in 0..255 (EXIF orientation applied), as
    :func:`reviewer.training.decode.decode_resized_file` prepares it."""
    return decode_resized_file(path, size)


def _decode_op(path: tf.Tensor, size: int) -> tf.Tensor:
    return decode_file_op(path, size)


def image_seed(sha256: str, view: int, seed: int = 0) -> tuple[int, int]:
    """A stateless seed for one (image, augmentation view)."""
    digest = hashlib.sha256(f"{seed}:{sha256}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF, view


def view_dataset(
    store: ImageStore,
    pairs: Sequence[tuple[str, int]],
    size: int,
    *,
    augmentation: Augmentation | None = None,
    seed: int = 0,
) -> tf.data.Dataset:
    """One image per (sha256, view) pair, in order. View 0 is the picture as it is;
    view v > 0 is the augmentation drawn from the stateless seed of (image, v): always
    the same picture for the same view, which the feature cache relies on."""
    paths = [str(store.path_for(sha)) for sha, _ in pairs]
    seeds = [image_seed(sha, view, seed) for sha, view in pairs]
    ds = tf.data.Dataset.from_tensor_slices((tf.constant(paths), tf.constant(seeds, tf.int64)))

    def load(path: tf.Tensor, s: tf.Tensor) -> tf.Tensor:
        image = _decode_op(path, size)
        if augmentation is not None:
            image = tf.cond(s[1] > 0, lambda: augment(image, s, augmentation), lambda: image)
        return image

    return ds.map(load, num_parallel_calls=AUTOTUNE, deterministic=True)


def image_dataset(
    store: ImageStore, examples: Sequence[Example], size: int
) -> tf.data.Dataset:
    """(image, label) pairs, one per example, un-augmented."""
    images = view_dataset(store, [(e.sha256, 0) for e in examples], size)
    labels = tf.data.Dataset.from_tensor_slices(tf.constant([e.label for e in examples], tf.int32))
    return tf.data.Dataset.zip((images, labels))


def training_dataset(
    store: ImageStore,
    examples: Sequence[Example],
    size: int,
    *,
    batch_size: int,
    augmentation: Augmentation | None,
    seed: int,
) -> tf.data.Dataset:
    """The naive path: shuffled, augmented on the fly with fresh parameters each epoch."""
    paths = [str(store.path_for(e.sha256)) for e in examples]
    labels = [e.label for e in examples]
    bases = [image_seed(e.sha256, 0, seed)[0] for e in examples]
    ds = tf.data.Dataset.from_tensor_slices(
        (tf.constant(paths), tf.constant(labels, tf.int32), tf.constant(bases, tf.int64))
    )
    ds = ds.shuffle(len(paths), seed=seed, reshuffle_each_iteration=True)

    def load(path: tf.Tensor, label: tf.Tensor, base: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        image = _decode_op(path, size)
        if augmentation is not None:
            fresh = tf.random.uniform([], 1, 2**31 - 1, dtype=tf.int64)  # new draw each epoch
            image = augment(image, tf.stack([base, fresh]), augmentation)
        return image, label

    ds = ds.map(load, num_parallel_calls=AUTOTUNE, deterministic=False)
    return ds.batch(batch_size).prefetch(AUTOTUNE)


def evaluation_dataset(
    store: ImageStore, examples: Sequence[Example], size: int, *, batch_size: int
) -> tf.data.Dataset:
    return image_dataset(store, examples, size).batch(batch_size).prefetch(AUTOTUNE)
