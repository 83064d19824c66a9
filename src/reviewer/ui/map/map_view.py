"""The Map screen: compute the catalogue's 2-D map in the background, colour it, hover a
point to see its thumbnail, lasso a group to open it in the review gallery (relabel there
with the usual keys)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.analysis.catalogue_map import COLOURINGS, CatalogueMap, catalogue_map
from reviewer.analysis.projection import DEFAULT_METHOD, METHODS, ProjectionParams
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import thumbnails
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.progress import ProgressFn
from reviewer.training import runs
from reviewer.ui.common.job_panel import JobPanel
from reviewer.ui.common.translation import counted
from reviewer.ui.common.worker import Job, JobKind, Jobs
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader
from reviewer.ui.map.scatter_view import ScatterView
from reviewer.ui.review.review_gallery import ReviewGallery
from reviewer.ui.review.review_items import Entry, Queue

StoreFactory = Callable[[], EmbeddingStore]


def _default_store() -> EmbeddingStore:
    from reviewer.curation.embed import default_store

    return default_store()


class MapView(QWidget):
    labelsChanged = Signal(list)
    statusMessage = Signal(str)

    def __init__(self, catalogue: Catalogue, jobs: Jobs, actor: Callable[[], str],
                 parent: QWidget | None = None, *, store: StoreFactory = _default_store) -> None:
        super().__init__(parent)
        self.catalogue, self.jobs, self.actor, self.store = catalogue, jobs, actor, store
        self.result: CatalogueMap | None = None
        self.gallery: ReviewGallery | None = None
        self.loader = ThumbnailLoader(catalogue, parent=self)

        title = QLabel(self.tr("Map"))
        title.setObjectName("sectionTitle")
        intro = QLabel(self.tr("Every embedded image on a 2-D map of its embedding: look-alikes sit "
                       "together. Hover a point for its picture; drag with Shift held (or "
                       "turn on Lasso) around a group to open it and relabel with the usual "
                       "keys."))
        intro.setWordWrap(True)
        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("Projection method"))
        self.method.addItems(list(METHODS))
        self.method.setCurrentText(DEFAULT_METHOD)
        self.run = QComboBox()
        self.run.setAccessibleName(self.tr("Run whose predictions colour the map"))
        self.colouring = QComboBox()
        self.colouring.setAccessibleName(self.tr("Colour by"))
        self.colouring.addItems(list(COLOURINGS))
        self.colouring.currentTextChanged.connect(self._recolour)
        self.compute_button = QPushButton(self.tr("&Compute map"))
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.lasso_button = QPushButton(self.tr("&Lasso"))
        self.lasso_button.setCheckable(True)
        self.lasso_button.setToolTip(self.tr("Drag around points to select them (or hold Shift)"))
        self.lasso_button.toggled.connect(self._lasso_toggled)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("Press “Compute map”."))
        self.status.setWordWrap(True)
        self.panel = JobPanel(self, jobs, JobKind.MAP, title=self.tr("Map"),
                              cancelled_text=self.tr("Cancelled."),
                              start_buttons=[self.compute_button],
                              cancel_button=self.cancel_button, progress=self.progress,
                              status=self.status)
        self.panel.ended.connect(self.statusMessage)
        self.scatter = ScatterView()
        self.scatter.hovered.connect(self._on_hover)
        self.scatter.lassoSelected.connect(self.open_selection)
        self.preview = QLabel(self.scatter)
        self.preview.setFrameShape(QLabel.Shape.Box)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: white; padding: 3px;")
        self.preview.hide()

        controls = QHBoxLayout()
        for text, widget in ((QT_TRANSLATE_NOOP("MapView", "Method"), self.method),
                             (QT_TRANSLATE_NOOP("MapView", "Run"), self.run),
                             (QT_TRANSLATE_NOOP("MapView", "Colour by"), self.colouring)):
            label = QLabel(self.tr(str(text)))
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addWidget(self.compute_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.lasso_button)
        controls.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.scatter, 1)
        layout.addWidget(self.status)
        self.refresh_runs()

    def refresh_runs(self) -> None:
        current = self.run.currentData()
        self.run.clear()
        self.run.addItem(self.tr("(none)"), None)
        with self.catalogue.read() as session:
            for info in runs.list_runs(session):
                if info.status == runs.RunStatus.FINISHED:
                    self.run.addItem(f"{info.id}: {info.name}", info.id)
        index = self.run.findData(current)
        self.run.setCurrentIndex(max(index, 0))

    # --- computing -----------------------------------------------------------------------

    def compute(self) -> Job | None:
        params = ProjectionParams(method=self.method.currentText())
        run_id = self.run.currentData()
        store = self.store

        def work(on_progress: ProgressFn, should_stop: Callable[[], bool]) -> CatalogueMap:
            return catalogue_map(self.catalogue, store(), params, run_id=run_id,
                                 on_progress=on_progress, should_stop=should_stop)

        job = self.panel.start(work, self.tr("Computing the map…"))
        if job is not None:
            job.finished.connect(self.show_map)
        return job

    @property
    def job(self) -> Job | None:
        return self.panel.job

    def cancel(self) -> None:
        self.panel.cancel()

    def show_map(self, result: CatalogueMap) -> None:
        self.result = result
        colouring = self.colouring.currentText()
        self.scatter.set_points(result.image_ids, result.xy, result.colour_values(colouring),
                                colouring)
        cached = self.tr(" (from the cache)") if result.from_cache else ""
        missing = (" " + counted(self.tr("{0} image(s) have no embedding yet (Review › "
                                         "Compute embeddings).", "", result.without_embedding),
                                 result.without_embedding) if result.without_embedding else "")
        self.panel.done(counted(self.tr("{0} image(s) mapped with {1}{2}.", "", len(result.image_ids)),
                           len(result.image_ids), result.params.method, cached) + missing)

    def _recolour(self, colouring: str) -> None:
        if self.result is not None:
            self.scatter.colouring = colouring
            self.scatter.recolour(self.result.colour_values(colouring))

    # --- hover and selection -------------------------------------------------------------

    def _lasso_toggled(self, on: bool) -> None:
        self.scatter.lasso_mode(on)

    def _on_hover(self, image_id: int) -> None:
        if image_id < 0 or self.result is None:
            self.preview.hide()
            return
        with self.catalogue.read() as session:
            data = thumbnails(session, [image_id]).get(image_id)
        image = QImage.fromData(data) if data else QImage()
        row = int((self.result.image_ids == image_id).argmax())
        text = self.tr("image {0} · {1}").format(image_id, self.result.labels[row])
        if self.result.predicted is not None:
            text += f" → {self.result.predicted[row]}"
        self.preview.setToolTip(text)
        if image.isNull():
            self.preview.setText(text)
        else:
            self.preview.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                128, Qt.TransformationMode.SmoothTransformation))
        self.preview.adjustSize()
        cursor = self.scatter.mapFromGlobal(self.cursor().pos())
        self.preview.move(min(cursor.x() + 16, max(self.scatter.width() - 140, 0)),
                          max(cursor.y() - self.preview.height() - 8, 0))
        self.preview.show()
        self.preview.raise_()
        self.statusMessage.emit(text)

    def open_selection(self, image_ids: list[int]) -> ReviewGallery:
        labels = {}
        if self.result is not None:
            labels = dict(zip(self.result.image_ids.tolist(), self.result.labels, strict=True))
        queue = Queue("similar", counted(self.tr("Map selection ({0} image(s))", "", len(image_ids)), len(image_ids)),
                      self.tr("The images you lassoed on the map. Relabel with the usual keys."),
                      [Entry(i, labels.get(i), None, 0.0, 0.0, 0.0, "selected on the map")
                       for i in image_ids])
        if self.gallery is None:
            self.gallery = ReviewGallery(self.catalogue, self.loader, self.actor, self)
            self.gallery.labelsChanged.connect(self.labelsChanged)
            self.gallery.statusMessage.connect(self.statusMessage)
        self.gallery.show_queue(queue)
        return self.gallery

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait(30_000)
        if self.gallery is not None:
            self.gallery.close()
        self.loader.shutdown()
