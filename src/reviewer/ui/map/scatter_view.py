"""A scatter plot that stays fluid at 100,000 points (pyqtgraph), with hover and lasso.

The points are not drawn one by one on every frame: pyqtgraph's ScatterPlotItem took
about 500 ms per frame at 100,000 points here (benchmarks/explain.py). They are rasterised
with numpy into one RGBA image (a few pixels per point) covering twice the visible
range (each way) at the widget's resolution, shown as a pyqtgraph ``ImageItem`` placed in data
coordinates; panning moves that image, and the raster is rebuilt only when the view leaves
the covered area or the zoom changes by more than a third. Hover finds the nearest point through a k-d tree in screen pixels;
the lasso (drag with the left button while *Lasso* is on, or with Shift held) collects a
polygon in data coordinates and selects the points inside it
(:func:`reviewer.analysis.projection.lasso`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from scipy.spatial import cKDTree

from reviewer.analysis.map_picture import colour_table
from reviewer.analysis.projection import lasso

HOVER_RADIUS_PX = 8
POINT_SIZE = 4


class LassoViewBox(pg.ViewBox):
    """A ViewBox that draws a lasso instead of panning while lasso mode is on (or Shift)."""

    lassoFinished = Signal(list)  # [(x, y), ...] in data coordinates

    def __init__(self) -> None:
        super().__init__()
        self.lasso_mode = False
        self._path: list[tuple[float, float]] = []
        self._curve = pg.PlotCurveItem(pen=pg.mkPen(QApplication.palette().color(QPalette.ColorRole.Text), width=1.5,
                                                    style=Qt.PenStyle.DashLine))
        self._curve.setZValue(10)
        self.addItem(self._curve, ignoreBounds=True)

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
        lassoing = self.lasso_mode or bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if not lassoing or ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        point = self.mapSceneToView(ev.scenePos())
        if ev.isStart():
            self._path = []
        self._path.append((point.x(), point.y()))
        xs, ys = zip(*self._path, strict=True)
        self._curve.setData(list(xs) + [xs[0]], list(ys) + [ys[0]])
        if ev.isFinish():
            polygon, self._path = self._path, []
            self._curve.setData([], [])
            self.lassoFinished.emit(polygon)


class ScatterView(QWidget):
    """Points with ids and a category each; emits hovered(image_id | -1) and
    lassoSelected(list of image ids)."""

    hovered = Signal(int)
    lassoSelected = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewbox = LassoViewBox()
        self.plot = pg.PlotWidget(viewBox=self.viewbox,
                                 background=self.palette().color(QPalette.ColorRole.Base))
        self.plot.setAccessibleName("Catalogue map")
        self.plot.viewport().setAccessibleName("Catalogue map: points")
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setAntialiasing(False)
        self.legend = self.plot.addLegend(offset=(8, 8), labelTextSize="9pt")
        self.ids = np.zeros(0, np.int64)
        self.xy = np.zeros((0, 2), np.float32)
        self.values: list[str] = []
        self.colours: dict[str, str] = {}
        self._items: list[pg.ScatterPlotItem] = []  # legend swatches only
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-1)
        self.viewbox.addItem(self.image)
        self._raster_range: tuple[float, float, float, float] | None = None
        self._raster_scale = (1.0, 1.0)
        self._rgba: list[tuple[np.ndarray, tuple[int, int, int]]] = []
        self._tree: cKDTree | None = None
        self._tree_scale = (1.0, 1.0)
        self._last_hover = -1
        self.viewbox.lassoFinished.connect(self._on_lasso)
        self.viewbox.sigRangeChanged.connect(self._on_range_changed)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    # --- data ----------------------------------------------------------------------------

    def set_points(self, ids: Sequence[int] | np.ndarray, xy: np.ndarray,
                   values: Sequence[str], colouring: str) -> None:
        self.ids = np.asarray(ids, np.int64)
        self.xy = np.asarray(xy, np.float32)
        self.colouring = colouring
        self.recolour(values)
        if len(self.xy):
            (x0, y0), (x1, y1) = self.xy.min(axis=0), self.xy.max(axis=0)
            pad_x, pad_y = (x1 - x0) * 0.02 + 1e-6, (y1 - y0) * 0.02 + 1e-6
            self.viewbox.setRange(xRange=(x0 - pad_x, x1 + pad_x),
                                  yRange=(y0 - pad_y, y1 + pad_y), padding=0)
        self._raster_range = None
        self._rasterise()

    def recolour(self, values: Sequence[str]) -> None:
        for item in self._items:
            self.plot.removeItem(item)
        self._items = []
        self.legend.clear()
        self.values = list(values)
        self.colours = colour_table(self.values)
        array = np.asarray(self.values)
        self._rgba = []
        # the greyed ones (not evaluated, unlabelled) first, so the others paint over them
        order = sorted(self.colours, key=lambda n: not n.startswith("("))
        for name in order:
            colour = self.colours[name]
            rows = np.flatnonzero(array == name)
            rgb = QColor(colour)
            self._rgba.append((rows, (rgb.red(), rgb.green(), rgb.blue())))
            item = pg.ScatterPlotItem(x=[], y=[], size=8, pen=None, brush=pg.mkBrush(rgb),
                                      name=f"{name} ({len(rows):,})")
            self.plot.addItem(item)  # an empty item: its legend entry only
            self._items.append(item)
        self._forget_tree()
        self._raster_range = None
        self._rasterise()

    # --- drawing -------------------------------------------------------------------------

    def _on_range_changed(self) -> None:
        self._forget_tree()
        if self._needs_raster():
            self._rasterise()

    def _needs_raster(self) -> bool:
        if self._raster_range is None:
            return True
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        rx0, rx1, ry0, ry1 = self._raster_range
        if x0 < rx0 or x1 > rx1 or y0 < ry0 or y1 > ry1:
            return True
        scale = self._pixel_scale()
        ratio = scale[0] / self._raster_scale[0]
        return not 0.75 < ratio < 1.33

    def _rasterise(self) -> None:
        """Draw every point into one image covering twice the visible range each way."""
        if not len(self.xy):
            self.image.clear()
            return
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        w, h = x1 - x0, y1 - y0
        rx0, rx1, ry0, ry1 = x0 - w / 2, x1 + w / 2, y0 - h / 2, y1 + h / 2
        sx, sy = self._pixel_scale()
        width = int(min(max((rx1 - rx0) * sx, 16), 8192))
        height = int(min(max((ry1 - ry0) * sy, 16), 8192))
        rgba = np.zeros((height, width, 4), np.uint8)  # transparent
        half = POINT_SIZE // 2
        for rows, (r, g, b) in self._rgba:
            if not len(rows):
                continue
            px = ((self.xy[rows, 0] - rx0) / (rx1 - rx0) * width).astype(np.int64)
            py = ((self.xy[rows, 1] - ry0) / (ry1 - ry0) * height).astype(np.int64)
            inside = (px >= 0) & (px < width) & (py >= 0) & (py < height)
            px, py = px[inside], py[inside]
            for dx in range(-half, POINT_SIZE - half):
                for dy in range(-half, POINT_SIZE - half):
                    cx, cy = np.clip(px + dx, 0, width - 1), np.clip(py + dy, 0, height - 1)
                    rgba[cy, cx] = (r, g, b, 255)
        self.image.setImage(rgba, autoLevels=False, levels=(0, 255))
        self.image.setRect(rx0, ry0, rx1 - rx0, ry1 - ry0)
        self._raster_range = (rx0, rx1, ry0, ry1)
        self._raster_scale = (sx, sy)

    def lasso_mode(self, on: bool) -> None:
        self.viewbox.lasso_mode = on
        self.plot.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def select_polygon(self, polygon: Sequence[tuple[float, float]]) -> list[int]:
        """The ids of the points inside ``polygon`` (data coordinates)."""
        return [int(i) for i in self.ids[lasso(self.xy, polygon)]]

    # --- hover and lasso -----------------------------------------------------------------

    def _forget_tree(self) -> None:
        self._tree = None

    def _pixel_scale(self) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        rect = self.viewbox.sceneBoundingRect()
        return (max(rect.width(), 1.0) / max(x1 - x0, 1e-12),
                max(rect.height(), 1.0) / max(y1 - y0, 1e-12))

    def point_at(self, scene_pos: QPointF) -> int:
        """The id of the point within a few pixels of ``scene_pos``, or -1."""
        if not len(self.xy):
            return -1
        if self._tree is None:
            self._tree_scale = self._pixel_scale()
            self._tree = cKDTree(self.xy * np.array(self._tree_scale, np.float32))
        view = self.viewbox.mapSceneToView(scene_pos)
        sx, sy = self._tree_scale
        distance, row = self._tree.query([view.x() * sx, view.y() * sy])
        return int(self.ids[row]) if distance <= HOVER_RADIUS_PX else -1

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self.point_at(scene_pos)
        if hit != self._last_hover:
            self._last_hover = hit
            self.hovered.emit(hit)

    def _on_lasso(self, polygon: list[tuple[float, float]]) -> None:
        chosen = self.select_polygon(polygon)
        if chosen:
            self.lassoSelected.emit(chosen)
