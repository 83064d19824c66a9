"""Thumbnails for the grid: read from the ``thumbnails`` table and decoded into
``QImage`` on one worker thread, kept in a bounded LRU cache on the GUI thread.

The grid asks for a thumbnail only while painting a row, so only visible rows are
requested. Requests are served newest first and the oldest are dropped when the
queue grows past :data:`MAX_PENDING` (rows scrolled past long ago). One worker
thread is enough: the stored thumbnails are 256-pixel JPEGs and decoding them
costs far less than a frame; one thread also keeps the two-core budget.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, QSize, Qt, QThread, Signal
from PySide6.QtGui import QImage

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import thumbnails

BATCH = 48
MAX_PENDING = 256
DEFAULT_CACHE_BYTES = 96 * 1024 * 1024


class ThumbnailCache:
    """An LRU of decoded thumbnails bounded by their size in bytes; counts hits and misses."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES, max_items: int = 20_000) -> None:
        self.max_bytes = max_bytes
        self.max_items = max_items
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, image_id: int) -> QImage | None:
        image = self._images.get(image_id)
        if image is None:
            self.misses += 1
            return None
        self.hits += 1
        self._images.move_to_end(image_id)
        return image

    def __contains__(self, image_id: object) -> bool:
        return image_id in self._images

    def __len__(self) -> int:
        return len(self._images)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def put(self, image_id: int, image: QImage) -> None:
        old = self._images.pop(image_id, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()
        self._images[image_id] = image
        self._bytes += image.sizeInBytes()
        while len(self._images) > 1 and (
            self._bytes > self.max_bytes or len(self._images) > self.max_items
        ):
            _, evicted = self._images.popitem(last=False)
            self._bytes -= evicted.sizeInBytes()

    def discard(self, image_id: int) -> None:
        old = self._images.pop(image_id, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0

    def hit_rate(self) -> float:
        """Hits over lookups since creation (0.0 before the first lookup)."""
        lookups = self.hits + self.misses
        return self.hits / lookups if lookups else 0.0


def decode_thumbnail(data: bytes, size: QSize, device_pixel_ratio: float) -> QImage:
    """Decode a stored JPEG and fit it into ``size`` logical pixels at ``device_pixel_ratio``."""
    image = QImage.fromData(data)
    if image.isNull():
        return image
    target = QSize(round(size.width() * device_pixel_ratio), round(size.height() * device_pixel_ratio))
    if image.width() > target.width() or image.height() > target.height():
        image = image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(device_pixel_ratio)
    return image


class _LoaderThread(QThread):
    """Takes batches of requested ids, reads and decodes them, hands the images back."""

    loaded = Signal(object)  # dict[int, QImage]

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        while True:
            batch = self._loader._next_batch()
            if batch is None:
                return
            ids, size, ratio, generation = batch
            try:
                with self._loader.catalogue.read() as session:
                    blobs = thumbnails(session, ids)
            except Exception:  # a failed read shows placeholders, never a crash
                blobs = {}
            images = {i: decode_thumbnail(b, size, ratio) for i, b in blobs.items()}
            missing = [i for i in ids if i not in images]
            for i in missing:  # no stored thumbnail: remember that, so we do not ask again
                images[i] = QImage()
            self.loaded.emit((generation, images))


class ThumbnailLoader(QObject):
    """Hands out cached thumbnails and loads missing ones in the background.

    ``ready`` carries the ids whose thumbnails just arrived (on the GUI thread).
    Call :meth:`shutdown` before the catalogue closes: it joins the thread.
    """

    ready = Signal(list)

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        size: QSize | None = None,
        device_pixel_ratio: float = 1.0,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.cache = ThumbnailCache(cache_bytes)
        self._size = size or QSize(160, 160)
        self._ratio = device_pixel_ratio
        self._generation = 0
        self._pending: OrderedDict[int, None] = OrderedDict()
        self._in_flight: set[int] = set()
        self._cond = threading.Condition()
        self._stopping = False
        self._thread = _LoaderThread(self)
        self._thread.loaded.connect(self._on_loaded)
        self._thread.start()

    # --- GUI thread -------------------------------------------------------------------

    def get(self, image_id: int) -> QImage | None:
        """The thumbnail if cached (may be a null image: none stored), else None and
        a request to load it."""
        image = self.cache.get(image_id)
        if image is None:
            self.request(image_id)
        return image

    def request(self, image_id: int) -> None:
        with self._cond:
            if self._stopping or image_id in self._in_flight:
                return
            self._pending[image_id] = None
            self._pending.move_to_end(image_id)
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
            self._cond.notify()

    def set_geometry(self, size: QSize, device_pixel_ratio: float) -> None:
        """A new thumbnail size or screen: forget what was decoded for the old one."""
        if size == self._size and device_pixel_ratio == self._ratio:
            return
        with self._cond:
            self._size = QSize(size)
            self._ratio = device_pixel_ratio
            self._generation += 1
            self._pending.clear()
            self._in_flight.clear()
        self.cache.clear()

    def discard_pending(self) -> None:
        """Drop queued requests (the rows they were for are gone)."""
        with self._cond:
            self._pending.clear()

    def forget(self, image_ids: list[int] | None = None) -> None:
        """Evict ``image_ids`` (all when None) so they are read again."""
        if image_ids is None:
            self.cache.clear()
            return
        for i in image_ids:
            self.cache.discard(i)

    def hit_rate(self) -> float:
        return self.cache.hit_rate()

    def is_idle(self) -> bool:
        """Nothing queued and nothing being decoded."""
        with self._cond:
            return not self._pending and not self._in_flight

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def shutdown(self) -> None:
        """Stop the worker thread and wait for it; safe to call twice."""
        with self._cond:
            self._stopping = True
            self._pending.clear()
            self._cond.notify_all()
        self._thread.wait()

    def _on_loaded(self, payload: tuple[int, dict[int, QImage]]) -> None:
        generation, images = payload
        with self._cond:
            self._in_flight.difference_update(images)
            current = generation == self._generation
        if not current or self._stopping:
            return
        for image_id, image in images.items():
            self.cache.put(image_id, image)
        self.ready.emit(list(images))

    # --- worker thread ----------------------------------------------------------------

    def _next_batch(self) -> tuple[list[int], QSize, float, int] | None:
        with self._cond:
            while not self._pending and not self._stopping:
                self._cond.wait()
            if self._stopping:
                return None
            ids: list[int] = []
            while self._pending and len(ids) < BATCH:
                image_id, _ = self._pending.popitem(last=True)  # newest first: what is on screen
                ids.append(image_id)
            self._in_flight.update(ids)
            return ids, QSize(self._size), self._ratio, self._generation
