"""Thumbnails for the grid: read from the ``thumbnails`` table and decoded into
``QImage`` on one worker thread, kept in a bounded LRU cache on the GUI thread.
On a HiDPI screen (a device pixel ratio of 2, say) where the stored 256-px thumbnail
would not fill its box, the worker decodes the original instead, at the size the
screen needs (JPEG draft mode: a fraction of a full decode).

The grid asks for a thumbnail while painting a row, and asks ahead (:meth:`prefetch`)
for the screens next to the one shown, so a page-down usually finds its pictures
decoded. Requests made during one paint are handed to the worker together when the
paint is over (one read for the screen, and the worker does not wake in the middle
of the paint). Requests are served newest first and the oldest are dropped when the
queue grows past :data:`MAX_PENDING` (rows scrolled past long ago). Decoding and
scaling run in Pillow, which lets go of Python's lock while it works, so the GUI
thread can paint meanwhile (``QImage`` decoding from Python holds it). One worker
thread is enough, and keeps the two-core budget.
"""

from __future__ import annotations

import io
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable

from PIL import Image
from PySide6.QtCore import QObject, QSize, QThread, QTimer, Signal
from PySide6.QtGui import QImage
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.imaging import THUMBNAIL_SIZE, load_rgb
from reviewer.catalogue.queries import thumbnails
from reviewer.catalogue.schema import Image as ImageRecord
from reviewer.errors import UserError

BATCH = 48
MAX_PENDING = 256
DEFAULT_CACHE_BYTES = 96 * 1024 * 1024
_RGB32_LAYOUT = "BGRA" if sys.byteorder == "little" else "ARGB"  # QImage.Format_RGB32 in memory


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
    """Decode a stored JPEG and fit it into ``size`` logical pixels at ``device_pixel_ratio``
    (a null image when the data is not a picture)."""
    target = _target(size, device_pixel_ratio)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format == "JPEG":
                opened.draft("RGB", target)  # decode at a smaller scale where it fits
            picture = opened.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return QImage()
    return _fitted(picture, target, device_pixel_ratio)


def decode_original(data: bytes, size: QSize, device_pixel_ratio: float) -> QImage:
    """Decode an original (any size, EXIF orientation applied, as the stored
    thumbnails are) to fill ``size`` logical pixels at ``device_pixel_ratio``: what a
    2× screen needs where the stored thumbnail is too small. Null when unreadable."""
    target = _target(size, device_pixel_ratio)
    try:
        picture = load_rgb(data, max_side=max(target))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return QImage()
    return _fitted(picture, target, device_pixel_ratio)


def needs_original(image: QImage, size: QSize, device_pixel_ratio: float) -> bool:
    """Whether ``image`` (decoded from a stored thumbnail) is too small for its box on
    this screen: the thumbnail was capped at ``THUMBNAIL_SIZE`` and the box, in device
    pixels, is larger in both directions."""
    if image.isNull() or max(image.width(), image.height()) < THUMBNAIL_SIZE:
        return False  # the original is no larger than its thumbnail
    width, height = _target(size, device_pixel_ratio)
    return image.width() < width and image.height() < height


def _target(size: QSize, device_pixel_ratio: float) -> tuple[int, int]:
    return (round(size.width() * device_pixel_ratio), round(size.height() * device_pixel_ratio))


def _fitted(picture: Image.Image, target: tuple[int, int], device_pixel_ratio: float) -> QImage:
    if picture.width > target[0] or picture.height > target[1]:
        picture.thumbnail(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
    # Format_RGB32 wants its fourth byte at 0xff (Qt copies it as alpha onto ARGB
    # targets), which Pillow's padding byte ("X") is not: go through RGBA.
    raw = picture.convert("RGBA").tobytes("raw", _RGB32_LAYOUT)
    image = QImage(raw, picture.width, picture.height, 4 * picture.width,
                   QImage.Format.Format_RGB32).copy()
    image.setDevicePixelRatio(device_pixel_ratio)
    return image


def _originals(catalogue: Catalogue, image_ids: list[int]) -> dict[int, bytes]:
    """The original files of ``image_ids`` from the catalogue's image store (those that
    can be read)."""
    with catalogue.read() as session:
        hashes = dict(session.execute(
            select(ImageRecord.id, ImageRecord.sha256).where(ImageRecord.id.in_(image_ids))).all())
    found: dict[int, bytes] = {}
    for image_id, sha256 in hashes.items():
        try:
            found[image_id] = catalogue.store.get(sha256)
        except (OSError, UserError):
            continue  # the stored thumbnail stays
    return found


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
            small = [i for i, image in images.items() if needs_original(image, size, ratio)]
            if small:  # a HiDPI screen: the 256-px thumbnail would not fill the box
                try:
                    originals = _originals(self._loader.catalogue, small)
                except Exception:  # a failed read keeps the stored thumbnails
                    originals = {}
                for i, data in originals.items():
                    sharp = decode_original(data, size, ratio)
                    if not sharp.isNull():
                        images[i] = sharp
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
        self._flush = QTimer(self)  # hands a paint's requests over once it is done
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._wake)
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
        """Load ``image_id`` soon (after the current paint); newest requests first."""
        with self._cond:
            if self._stopping or image_id in self._in_flight:
                return
            self._pending[image_id] = None
            self._pending.move_to_end(image_id)
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
        if not self._flush.isActive():
            self._flush.start()

    def prefetch(self, image_ids: Iterable[int]) -> None:
        """Load these when nothing on screen is waiting (behind every request so far;
        those already cached or on their way are skipped)."""
        with self._cond:
            if self._stopping:
                return
            fresh = [i for i in image_ids if i not in self.cache and i not in self._in_flight
                     and i not in self._pending]
            if not fresh:
                return
            merged: OrderedDict[int, None] = OrderedDict((i, None) for i in reversed(fresh))
            merged.update(self._pending)  # what the screen asked for is served first
            self._pending = merged
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
        if not self._flush.isActive():
            self._flush.start()

    def _wake(self) -> None:
        with self._cond:
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
        self._flush.stop()
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
