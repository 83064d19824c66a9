"""Listing photos decoded off the GUI thread into QImages, ahead of being shown."""

from __future__ import annotations

from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from reviewer.catalogue.imaging import load_rgb
from reviewer.catalogue.store import ImageStore

MAX_SIDE = 720
HEIGHT = 380  # the panel's photo height: scaled here, off the GUI thread
KEEP = 48  # decoded photos kept (the current listing, the next ones, a few past ones)


def decode(store: ImageStore, sha256: str, max_side: int = MAX_SIDE,
           height: int | None = HEIGHT) -> QImage:
    """The stored original, orientation applied, at most ``max_side`` pixels, then
    scaled to ``height`` pixels high (smoothly, in the calling thread)."""
    try:
        img = load_rgb(store.path_for(sha256).read_bytes(), max_side)
    except (OSError, ValueError):
        return QImage()
    data = img.tobytes("raw", "RGB")
    image = QImage(data, img.width, img.height, 3 * img.width, QImage.Format.Format_RGB888)
    if height:
        return image.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
    return image.copy()


class PhotoLoader:
    """``prefetch`` starts decoding; ``get`` returns the picture (waiting if needed)."""

    def __init__(self, store: ImageStore, workers: int = 2) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="moderation-photos")
        self._items: OrderedDict[str, Future[QImage]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def prefetch(self, shas: list[str]) -> None:
        for sha in shas:
            if sha in self._items:
                self._items.move_to_end(sha)
                continue
            self._items[sha] = self._pool.submit(decode, self.store, sha)
        while len(self._items) > KEEP:
            _, old = self._items.popitem(last=False)
            old.cancel()

    def ready(self, sha: str) -> bool:
        future = self._items.get(sha)
        return future is not None and future.done()

    def get(self, sha: str) -> QImage:
        if self.ready(sha):
            self.hits += 1
        else:
            self.misses += 1
            self.prefetch([sha])
        return self._items[sha].result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._items.clear()
