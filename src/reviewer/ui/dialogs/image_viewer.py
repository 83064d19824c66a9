"""The image large: a double-click on a grid cell opens its original in a window of
its own, decoded off the GUI thread (Escape or the button closes it)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.imaging import load_rgb
from reviewer.catalogue.queries import image_details
from reviewer.errors import UserError
from reviewer.ui.catalogue.detail_view import ImageCanvas

MAX_SIDE = 4096


class _Signals(QObject):
    done = Signal(QImage)
    failed = Signal(str)


class _Decode(QRunnable):
    def __init__(self, catalogue: Catalogue, sha256: str, signals: _Signals) -> None:
        super().__init__()
        self._catalogue, self._sha256, self._signals = catalogue, sha256, signals

    def run(self) -> None:
        try:
            rgb = load_rgb(self._catalogue.store.get(self._sha256), max_side=MAX_SIDE)
            image = QImage(rgb.tobytes(), rgb.width, rgb.height, 3 * rgb.width,
                           QImage.Format.Format_RGB888).copy()
        except UserError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # a broken original shows a message, never a crash
            self._signals.failed.emit(f"Cannot show this image: {exc}")
        else:
            self._signals.done.emit(image)


class ImageViewer(QDialog):
    """One image, as large as the window allows (up to twice its size)."""

    shown = Signal()  # the decoded image is on screen

    def __init__(self, catalogue: Catalogue, image_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.image_id = image_id
        self.canvas = ImageCanvas()
        self.caption = QLabel()
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.caption)
        layout.addWidget(buttons)
        self.resize(900, 800)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        try:
            with catalogue.read() as session:
                found = image_details(session, image_id)
        except UserError as exc:
            found = None
            self.canvas.set_image(None, str(exc))
        if found is None:
            self.setWindowTitle(f"Image {image_id}")
            if not self.canvas.has_image():
                self.canvas.set_image(None, f"Image {image_id} is no longer in the catalogue.")
            return
        image, _paths = found
        self.setWindowTitle(image.file_name)
        self.caption.setText(f"{image.file_name} · {image.width} × {image.height} px · "
                             f"image {image.id}")
        self.canvas.set_image(None, "Loading…")
        self._pool.start(_Decode(catalogue, image.sha256, self._signals))

    def _on_done(self, image: QImage) -> None:
        self.canvas.set_image(image)
        self.shown.emit()

    def _on_failed(self, message: str) -> None:
        self.canvas.set_image(None, message)

    def done(self, result: int) -> None:
        self._pool.waitForDone()
        super().done(result)
