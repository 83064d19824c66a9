"""The pane beside the grid: the full image (decoded off the GUI thread), its
metadata and its label history."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.imaging import load_rgb
from reviewer.catalogue.labels import HistoryEntry, history
from reviewer.catalogue.queries import image_details
from reviewer.catalogue.suggestions import confidence_text, suggestion_for
from reviewer.curation.suggest import newest_finished_run
from reviewer.errors import UserError
from reviewer.ui.common.translation import counted, date_time, number
from reviewer.ui.runs.heat_map_panel import HeatMapPanel

MAX_SIDE = 1600


class _DecodeSignals(QObject):
    done = Signal(int, QImage)  # token, image
    failed = Signal(int, str)


class _DecodeTask(QRunnable):
    """Read the original from the image store and decode it for display."""

    def __init__(self, catalogue: Catalogue, sha256: str, token: int, signals: _DecodeSignals) -> None:
        super().__init__()
        self._catalogue = catalogue
        self._sha256 = sha256
        self._token = token
        self._signals = signals

    def run(self) -> None:
        try:
            rgb = load_rgb(self._catalogue.store.get(self._sha256), max_side=MAX_SIDE)
            data = rgb.tobytes()
            image = QImage(data, rgb.width, rgb.height, 3 * rgb.width,
                           QImage.Format.Format_RGB888).copy()
        except UserError as exc:
            self._signals.failed.emit(self._token, str(exc))
        except Exception as exc:  # a broken original shows a message
            self._signals.failed.emit(self._token, f"Cannot show this image: {exc}")
        else:
            self._signals.done.emit(self._token, image)


class ImageCanvas(QWidget):
    """Draws one image scaled to fit, centred, never enlarged past 2×."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._message = ""
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None, message: str = "") -> None:
        self._image = image
        self._message = message
        self.update()

    def has_image(self) -> bool:
        return self._image is not None and not self._image.isNull()

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        if self._image is None or self._image.isNull():
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect().adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        w, h = self._image.width(), self._image.height()
        scale = min(self.width() / w, self.height() / h, 2.0)
        tw, th = w * scale, h * scale
        painter.drawImage(QRectF((self.width() - tw) / 2, (self.height() - th) / 2, tw, th),
                          self._image)


class DetailView(QWidget):
    """Shows one image; :meth:`show_image` is called when the current image changes."""

    imageShown = Signal(int)

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._token = 0
        self._image_id: int | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _DecodeSignals(self)
        self._signals.done.connect(self._on_decoded)
        self._signals.failed.connect(self._on_failed)

        self.setAccessibleName(self.tr("Image details"))
        self.canvas = ImageCanvas()
        self.canvas.setAccessibleName(self.tr("Selected image"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setObjectName("detailTitle")
        self._fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key in ("Category", "Split", "Size", "Original paths", "Listing", "Seller",
                    "Declared category", "Title", "Imported", "Image"):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._fields[key] = value
            form.addRow(f"{key}:", value)
        self.history_tree = QTreeWidget()
        self.history_tree.setHeaderLabels([self.tr("When"), self.tr("Change"), self.tr("Who"),
                                           self.tr("How")])
        self.history_tree.setAccessibleName(self.tr("Label history"))
        self.history_tree.setRootIsDecorated(False)
        self.history_tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_tree.setAlternatingRowColors(True)
        # Every column as wide as its text, never elided ("curator", not "curato"):
        # date over time and old over new keep the columns narrow enough for the pane
        # beside a 1024-pixel window; a narrower pane scrolls sideways.
        header = self.history_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_tree.setUniformRowHeights(False)
        self.history_tree.setTextElideMode(Qt.TextElideMode.ElideNone)

        self.info = info = QWidget()
        info_layout = QVBoxLayout(info)
        info_layout.setContentsMargins(0, 0, 0, 0)
        info_layout.addWidget(self.title)
        info_layout.addLayout(form)
        history_label = QLabel("Label history")
        history_label.setObjectName("sectionTitle")
        info_layout.addWidget(history_label)
        self.history_tree.setMinimumHeight(90)
        info_layout.addWidget(self.history_tree, 1)

        scroll = QScrollArea()
        scroll.setAccessibleName("Image information")
        scroll.setWidget(info)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.heat_panel = HeatMapPanel(catalogue)  # H: what the newest run looked at
        self.heat_panel.hide()
        photo_side = QWidget()  # the heat map shares the photo's part of the splitter
        photo_layout = QVBoxLayout(photo_side)
        photo_layout.setContentsMargins(0, 0, 0, 0)
        photo_layout.addWidget(self.canvas, 1)
        photo_layout.addWidget(self.heat_panel)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(photo_side)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 380])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self.show_nothing()

    @property
    def image_id(self) -> int | None:
        return self._image_id

    def show_nothing(self, text: str = "Select an image to see it here.") -> None:
        self._image_id = None
        self._token += 1
        self.canvas.set_image(None, text)
        self.title.setText("")
        for value in self._fields.values():
            value.setText("")
        self.history_tree.clear()
        self.info.setVisible(False)
        self._update_heat_map()

    def show_many(self, count: int, labels: dict[str, int] | None = None) -> None:
        """A summary of a multiple selection: how many, and of which categories."""
        text = counted(self.tr("{0} image(s) selected", "", count), count)
        if labels:
            top = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{name} ×{number(n)}" for name, n in top[:6])
            more = f", {len(top) - 6} more" if len(top) > 6 else ""
            text += f":\n{shown}{more}"
        self.show_nothing(text + "\n\n"
                          + self.tr("A number key labels them all; one Ctrl+Z undoes it."))

    def show_image(self, image_id: int, category_names: dict[int, str]) -> None:
        """Metadata and history now; the full image when it has been decoded."""
        try:
            with self._catalogue.read() as session:
                found = image_details(session, image_id)
                entries = history(session, image_id)
                suggested = suggestion_for(session, [image_id]).get(image_id)
        except UserError as exc:
            self.show_nothing(str(exc))
            return
        if found is None:
            self.show_nothing(f"Image {image_id} is no longer in the catalogue.")
            return
        image, paths = found
        self.info.setVisible(True)
        same = image_id == self._image_id
        self._image_id = image_id
        self.title.setText(f"<b>{_escape(image.file_name)}</b>")
        category = category_names.get(image.category_id, "?") if image.category_id else "none"
        if image.category_id is None and suggested is not None:
            name = category_names.get(suggested[0], f"category {suggested[0]}")
            category += f" (suggested: {name} {confidence_text(suggested[1])}; Enter accepts)"
        self._fields["Category"].setText(category + (" (unsure)" if image.unsure else ""))
        self._fields["Split"].setText(image.split or "none")
        self._fields["Size"].setText(f"{image.width} × {image.height} px · {image.format} · "
                                     f"{_kib(image.bytes)}")
        self._fields["Original paths"].setText("\n".join(_breakable(p) for p in paths) or "—")
        self._fields["Original paths"].setToolTip("\n".join(paths))
        self._fields["Listing"].setText(image.listing_id or "—")
        self._fields["Seller"].setText(image.seller_id or "—")
        self._fields["Declared category"].setText(image.declared_category or "—")
        self._fields["Title"].setText(image.title or "—")
        self._fields["Imported"].setText(self.tr("{0} from a {1} import").format(
            date_time(image.imported_at), image.source))
        self._fields["Image"].setText(f"id {image.id} · sha256 {image.sha256[:12]}…")
        self._fill_history(entries)
        self._update_heat_map()
        if not same or not self.canvas.has_image():
            self._token += 1
            self.canvas.set_image(None, "Loading…")
            self._pool.clear()
            self._pool.start(_DecodeTask(self._catalogue, image.sha256, self._token, self._signals))

    def toggle_heat_map(self) -> None:
        """H: show or hide, over the photo, what the newest finished run looked at in it
        (predicted and true class side by side)."""
        self.heat_panel.setVisible(not self.heat_panel.isVisible())
        self._update_heat_map()

    def _update_heat_map(self) -> None:
        if not self.heat_panel.isVisible():
            return
        try:
            run_id = newest_finished_run(self._catalogue)
        except UserError as exc:
            self.heat_panel.show_message(str(exc))
            return
        self.heat_panel.show_for(run_id, self._image_id,
                                 self.tr("Select one image to see its heat map."))

    def _fill_history(self, entries: list[HistoryEntry]) -> None:
        self.history_tree.clear()
        for e in reversed(entries):  # newest first
            old = (e.old or "none") + (" ?" if e.old_unsure else "")
            new = (e.new or "none") + (" ?" if e.new_unsure else "")
            item = QTreeWidgetItem([date_time(e.at, "\n"), f"{old} →\n{new}",
                                    e.actor, e.source])
            item.setToolTip(1, f"{old} → {new}")
            self.history_tree.addTopLevelItem(item)
        if not entries:
            self.history_tree.addTopLevelItem(QTreeWidgetItem(["", "no label events yet", "", ""]))

    def _on_decoded(self, token: int, image: QImage) -> None:
        if token == self._token and self._image_id is not None:
            self.canvas.set_image(image)
            self.imageShown.emit(self._image_id)

    def _on_failed(self, token: int, message: str) -> None:
        if token == self._token:
            self.canvas.set_image(None, message)

    def is_loading(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def shutdown(self) -> None:
        """Drop queued decodes and wait for the running one."""
        self._token += 1
        self._pool.clear()
        self._pool.waitForDone()
        self.heat_panel.shutdown()


def _breakable(path: str) -> str:
    """Let a long path wrap after each separator (zero-width spaces, display only)."""
    return path.replace("/", "/\u200b").replace("\\", "\\\u200b")


def _kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
