"""Batch scoring of image files or catalogue images with a trained ``.keras`` model.

:class:`Scorer` loads the model with Keras safe mode (:func:`evaluate.load_model`)
and runs it on one of two backends:

* ``"keras"`` — the model itself, called through one ``tf.function``;
* ``"tflite"`` — the model converted once to TensorFlow Lite (float32), cached beside
  the model file as ``<name>.tflite`` with a ``<name>.tflite.json`` key (the model
  file's mtime and size, and the TensorFlow version), or kept in memory when that
  folder cannot be written. The interpreter (LiteRT's, see :mod:`tflite_runner`) gets
  ``num_threads=os.cpu_count()`` and the default
  ``experimental_op_resolver_type=OpResolverType.AUTO``, under which
  TensorFlow Lite applies its default delegate, XNNPACK, to float models on CPU (it
  logs "Created TensorFlow Lite XNNPACK delegate for CPU"). The input is resized to
  the batch size once; a shorter last batch is padded rather than resized again;
* ``"auto"`` — on the first batch of real images, both backends run one untimed
  warm-up and two timed passes; the faster per image wins. :attr:`Scorer.backend`
  then names it and :attr:`Scorer.backend_reason` says why (with the timings).

``tta=True`` (``reviewer predict --tta``) averages each picture's probabilities with its
mirror image's (:mod:`flip_tta`): twice the inference, asked for explicitly. By default
a Scorer makes one pass per picture, the exported models' contract.

Files are decoded exactly as training and evaluation decode them, and as the exported
SavedModel's ``classify_bytes`` signature does (:func:`pipeline.decode_resized`, i.e.
:mod:`reviewer.training.decode`: full decode, EXIF orientation, antialiased bilinear
resize to the model's input size) in a thread pool, two batches ahead of inference. A file that
cannot be read or decoded becomes a :class:`ScoredFile` with ``error`` set; it never
raises. A ``should_stop()`` that returns true raises :class:`CancelledError`, as
every long job in ``training`` does.

A Scorer is not thread-safe: use one per thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf
from PIL import UnidentifiedImageError
from sqlalchemy import select

from reviewer.analysis.temperature import apply_temperature, model_temperature
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter, page_images
from reviewer.catalogue.schema import Image
from reviewer.errors import CancelledError, UserError
from reviewer.progress import ProgressFn, StopFn
from reviewer.training import runs
from reviewer.training.evaluate import load_model
from reviewer.training.export_model import read_labels, tflite_bytes, write_bytes_atomic
from reviewer.training.flip_tta import mirror
from reviewer.training.model_files import run_model_file
from reviewer.training.pipeline import decode_resized
from reviewer.training.tflite_runner import TFLiteRunner

log = logging.getLogger(__name__)

BACKENDS = ("auto", "keras", "tflite")


@dataclass(frozen=True)
class ScoredFile:
    """One scored picture: the top-k classes with probabilities, or why it failed."""

    path: str | None = None
    image_id: int | None = None
    top: tuple[tuple[str, float], ...] = ()
    predicted: str | None = None
    confidence: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --------------------------------------------------------------------------- backends


# ----------------------------------------------------------------------------- decoding


_Decoded = tuple[np.ndarray | None, str | None]  # pixels, or why there are none


def _decode(path: str, size: int) -> _Decoded:
    try:
        return decode_resized(path, size), None
    except FileNotFoundError:
        return None, "the file is missing"
    except IsADirectoryError:
        return None, "this is a folder, not an image file"
    except UnidentifiedImageError:
        return None, "not an image, or a format Pillow cannot read"
    except Exception as exc:  # any decoder failure is the file's problem, not ours
        text = str(exc) or type(exc).__name__
        if "truncated" in text:
            return None, "truncated: the file ends before the image does"
        return None, f"cannot decode the image: {text}"


def _decoded_batches(
    pool: ThreadPoolExecutor, paths: Sequence[str], size: int, batch_size: int, ahead: int = 2
) -> Generator[list[_Decoded], None, None]:
    """Decoded batches in order, with up to ``ahead`` batches decoding in advance."""
    starts = range(0, len(paths), batch_size)
    pending: deque[list[Future[_Decoded]]] = deque()
    queue = iter(starts)

    def submit() -> None:
        start = next(queue, None)
        if start is not None:
            pending.append([pool.submit(_decode, p, size)
                            for p in paths[start:start + batch_size]])

    for _ in range(ahead + 1):
        submit()
    try:
        while pending:
            futures = pending.popleft()
            submit()
            yield [f.result() for f in futures]
    finally:
        for futures in pending:
            for f in futures:
                f.cancel()


# ------------------------------------------------------------------------------- scorer


class Scorer:
    """Scores pictures with a ``.keras`` model on the keras or tflite backend.

    ``class_names`` default to the run's (see :meth:`for_run`), else those in
    ``model.json`` / ``labels.txt`` beside the model, else ``class_0``….
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        backend: str = "auto",
        class_names: Sequence[str] | None = None,
        top_k: int = 3,
        num_threads: int | None = None,
        decode_workers: int | None = None,
        cache_tflite: bool = True,
        temperature: float | None = None,
        tta: bool = False,
    ) -> None:
        if backend not in BACKENDS:
            raise UserError(f"Unknown scoring backend {backend!r}.",
                            hint=f"Choose one of: {', '.join(BACKENDS)}.")
        self.model_path = Path(model_path)
        self.model = load_model(self.model_path)
        self.input_size = int(self.model.input_shape[1])
        count = int(self.model.output_shape[-1])
        names = list(class_names) if class_names else read_labels(self.model_path)
        self.class_names = names or [f"class_{i}" for i in range(count)]
        if len(self.class_names) != count:
            raise UserError(f"The model has {count} outputs but {len(self.class_names)} "
                            "class names were given.")
        self.top_k = max(1, min(top_k, count))
        self.num_threads = num_threads or os.cpu_count() or 1
        self.decode_workers = decode_workers or min(4, os.cpu_count() or 1)
        self.cache_tflite = cache_tflite
        # every probability this scorer gives passes through the model's calibration
        self.temperature = (model_temperature(self.model_path) if temperature is None
                            else float(temperature))
        self.tta = tta
        self.requested_backend = backend
        self.backend: str | None = None if backend == "auto" else backend
        self.backend_reason = "" if backend == "auto" else f"asked for {backend}"
        self.timings: dict[str, float] = {}  # seconds per image, from the auto probe
        self.tflite_source: str | None = None  # cache | converted | converted in memory…
        self._keras_fn: Callable[[np.ndarray], np.ndarray] | None = None
        self._tflite: TFLiteRunner | None = None
        if self.backend == "tflite":
            self._tflite_runner()

    @classmethod
    def for_run(
        cls, catalogue: Catalogue, run_id: int, *, model_file: str | Path | None = None,
        **kwargs: Any,
    ) -> Scorer:
        """A scorer for a run's model (from the catalogue's file store, or ``model_file``
        when the user names one), with the run's class names."""
        with catalogue.read() as session:
            info = runs.get_run(session, run_id)
        path = run_model_file(catalogue, info, model_file)
        kwargs.setdefault("class_names", info.class_names)
        return cls(path, **kwargs)

    # ------------------------------------------------------------------ backends

    def _keras(self) -> Callable[[np.ndarray], np.ndarray]:
        if self._keras_fn is None:
            size = self.input_size
            model = self.model

            @tf.function(input_signature=[tf.TensorSpec([None, size, size, 3], tf.float32)])
            def forward(x: tf.Tensor) -> tf.Tensor:
                return model(x, training=False)

            self._keras_fn = lambda images: np.asarray(forward(tf.constant(images)), np.float32)
        return self._keras_fn

    @property
    def tflite_cache_path(self) -> Path:
        return self.model_path.with_suffix(".tflite")

    def _cache_key(self) -> dict[str, Any]:
        stat = self.model_path.stat()
        return {"model": self.model_path.name, "mtime_ns": stat.st_mtime_ns,
                "size": stat.st_size, "tensorflow": tf.__version__}

    def _tflite_content(self) -> bytes:
        cache, key_file = self.tflite_cache_path, Path(f"{self.tflite_cache_path}.json")
        key = self._cache_key()
        if self.cache_tflite:
            with contextlib.suppress(OSError, ValueError):
                if json.loads(key_file.read_text("utf-8")) == key:
                    content = cache.read_bytes()
                    self.tflite_source = f"cache ({cache})"
                    return content
        started = time.perf_counter()
        content = tflite_bytes(self.model)
        took = time.perf_counter() - started
        self.tflite_source = f"converted in {took:.1f} s"
        if self.cache_tflite:
            try:
                write_bytes_atomic(cache, content)
                write_bytes_atomic(key_file, json.dumps(key).encode())
                self.tflite_source += f", cached as {cache}"
            except UserError as exc:  # unwritable or full: keep it in memory
                log.info("Not caching the TFLite model: %s", exc)
                self.tflite_source += f", kept in memory ({exc.message})"
        return content

    def _tflite_runner(self) -> TFLiteRunner:
        if self._tflite is None:
            content = self._tflite_content()
            try:
                self._tflite = TFLiteRunner(content, self.num_threads)
            except (ValueError, RuntimeError):
                if not self.tflite_source or not self.tflite_source.startswith("cache"):
                    raise
                log.info("The cached TFLite model is unusable; converting again")
                self.cache_tflite = False  # do not trust (or rewrite) that file now
                self._tflite = TFLiteRunner(self._tflite_content(), self.num_threads)
        return self._tflite

    def _run(self, backend: str, images: np.ndarray) -> np.ndarray:
        runner = self._keras() if backend == "keras" else self._tflite_runner()
        return runner(images)

    def _choose(self, images: np.ndarray) -> np.ndarray:
        """Time both backends on ``images`` (the first real batch); keep the faster."""
        probe = images[: min(len(images), 8)]
        outputs: dict[str, np.ndarray] = {}
        for name in ("tflite", "keras"):
            try:
                self._run(name, probe)  # warm-up: tracing, allocation, delegate setup
                times = []
                for _ in range(2):
                    started = time.perf_counter()
                    outputs[name] = self._run(name, probe)
                    times.append(time.perf_counter() - started)
                self.timings[name] = min(times) / len(probe)
            except (UserError, ValueError, RuntimeError) as exc:
                if name == "keras":
                    raise
                reason = exc.message if isinstance(exc, UserError) else str(exc)
                self.backend, self.backend_reason = "keras", f"TFLite unavailable: {reason}"
                self._tflite = None
                return self._run("keras", images)
        fast = min(self.timings, key=self.timings.__getitem__)
        slow = "keras" if fast == "tflite" else "tflite"
        self.backend = fast
        self.backend_reason = (
            f"{fast} took {self.timings[fast] * 1000:.1f} ms per image against "
            f"{self.timings[slow] * 1000:.1f} ms for {slow} "
            f"({self.timings[slow] / self.timings[fast]:.1f}× faster) on a warm batch of "
            f"{len(probe)} images")
        log.info("Scoring backend: %s", self.backend_reason)
        if slow == "tflite":
            self._tflite = None  # not needed any more
        if len(probe) == len(images):
            return outputs[fast]
        return np.concatenate([outputs[fast], self._run(fast, images[len(probe):])])

    def predict_batch(self, images: np.ndarray) -> np.ndarray:
        """Probabilities for decoded pixels (N×size×size×3 float32 0..255), after the
        model's temperature (:mod:`reviewer.analysis.temperature`); with ``tta``, the
        mean of the pictures' and their mirrors' probabilities before it."""
        images = np.asarray(images, np.float32)
        if len(images) == 0:
            return np.zeros((0, len(self.class_names)), np.float32)
        raw = self._choose(images) if self.backend is None else self._run(self.backend, images)
        if self.tta:  # the backend is chosen by now (the probe uses the pictures as they are)
            raw = (raw + self._run(str(self.backend), mirror(images))) / 2
        return apply_temperature(raw, self.temperature)

    # ------------------------------------------------------------------- scoring

    def _result(self, probs: np.ndarray, **where: Any) -> ScoredFile:
        order = np.argsort(-probs, kind="stable")[: self.top_k]
        top = tuple((self.class_names[i], float(probs[i])) for i in order)
        return ScoredFile(top=top, predicted=top[0][0], confidence=top[0][1], **where)

    def score_paths(
        self,
        paths: Sequence[str | Path],
        *,
        batch_size: int = 32,
        on_progress: ProgressFn | None = None,
        should_stop: StopFn | None = None,
    ) -> list[ScoredFile]:
        """Score image files, in order. Unreadable files come back with ``error`` set."""
        names = [str(p) for p in paths]
        return self._score(names, [{"path": p} for p in names], batch_size,
                           on_progress, should_stop)

    def _score(
        self,
        paths: Sequence[str],
        wheres: Sequence[dict[str, Any]],
        batch_size: int,
        on_progress: ProgressFn | None,
        should_stop: StopFn | None,
    ) -> list[ScoredFile]:
        if batch_size < 1:
            raise UserError("The batch size must be at least 1.")
        results: list[ScoredFile] = []
        total = len(paths)
        with ThreadPoolExecutor(self.decode_workers, thread_name_prefix="scorer-decode") as pool:
            batches = _decoded_batches(pool, paths, self.input_size, batch_size)
            try:
                for decoded in batches:
                    if should_stop is not None and should_stop():
                        raise CancelledError
                    base = len(results)
                    good = {i: image for i, (image, _) in enumerate(decoded) if image is not None}
                    probs = self.predict_batch(np.stack(list(good.values()))) if good else None
                    rows = {i: row for row, i in enumerate(good)}
                    for i, (_, error) in enumerate(decoded):
                        where = wheres[base + i]
                        if probs is not None and i in rows:
                            results.append(self._result(probs[rows[i]], **where))
                        else:
                            results.append(ScoredFile(error=error, **where))
                    if on_progress is not None:
                        on_progress(len(results), total)
            finally:
                batches.close()  # cancel decodes not started yet before the pool joins
        return results

    def score_images(
        self,
        catalogue: Catalogue,
        images: Sequence[int] | ImageFilter,
        *,
        batch_size: int = 32,
        on_progress: ProgressFn | None = None,
        should_stop: StopFn | None = None,
    ) -> list[ScoredFile]:
        """Score catalogue images (ids, or every row a filter selects) from their
        stored originals. Unknown ids and missing originals come back with ``error``."""
        ids = _image_ids(catalogue, images)
        shas = _sha256s(catalogue, ids)
        store = catalogue.store
        scored: dict[int, ScoredFile] = {}
        known = [i for i in ids if i in shas]
        paths = [str(store.path_for(shas[i])) for i in known]
        done = 0

        def progress(n: int, _total: int, _message: str = "") -> None:
            if on_progress is not None:
                on_progress(done + n, len(ids))

        for image_id in ids:
            if image_id not in shas:
                scored[image_id] = ScoredFile(image_id=image_id,
                                              error="no image with this id in the catalogue")
        done = len(scored)
        wheres = [{"image_id": i, "path": p} for i, p in zip(known, paths, strict=True)]
        for result in self._score(paths, wheres, batch_size, progress, should_stop):
            if result.error == "the file is missing":
                result = ScoredFile(image_id=result.image_id, path=result.path,
                                    error="the stored original is missing from the image store")
            assert result.image_id is not None
            scored[result.image_id] = result
        return [scored[i] for i in ids]


def _image_ids(catalogue: Catalogue, images: Sequence[int] | ImageFilter) -> list[int]:
    if not isinstance(images, ImageFilter):
        return list(dict.fromkeys(int(i) for i in images))  # in order, without repeats
    ids: list[int] = []
    with catalogue.read() as session:
        while True:
            after = (ids[-1], ids[-1]) if ids else None
            page = page_images(session, images, after=after, limit=1000)
            ids.extend(row.id for row in page)
            if len(page) < 1000:
                return ids


def _sha256s(catalogue: Catalogue, ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    with catalogue.read() as session:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update(session.execute(
                select(Image.id, Image.sha256).where(Image.id.in_(chunk))).all())
    return found
