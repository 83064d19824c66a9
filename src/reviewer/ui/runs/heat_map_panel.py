"""The heat-map panel: what the run's model looked at in one image, for the predicted class
and the true class side by side (Grad-CAM, :mod:`reviewer.analysis.explain`).

Shown and hidden with one key (H) by the views that hold it; the model is loaded once
per run and the maps computed off the GUI thread; asking for another image while one is
being computed keeps only the latest request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from reviewer.analysis.overlay import overlay
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.ui.common.worker import Job, JobKind, Jobs

if TYPE_CHECKING:  # TensorFlow loads only when a heat map is first asked for
    from reviewer.analysis.explain import Explanation, RunExplainer

HEAT_KEY = "H"
PICTURE_SIZE = 224
NO_RUN = ("No heat map: there is no finished training run with a model yet. Train one "
          f"(Training tab), then press {HEAT_KEY} again.")


def _pixmap(pixels: object) -> QPixmap:
    import numpy as np

    array = np.ascontiguousarray(pixels, np.uint8)
    h, w, _ = array.shape
    image = QImage(array.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaled(
        PICTURE_SIZE, PICTURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation)


class HeatMapPanel(QWidget):
    shown = Signal(object)  # the Explanation on display

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = Jobs(self)
        self.run_id: int | None = None
        self.image_id: int | None = None
        self.explanation: Explanation | None = None
        self._explainers: dict[int, RunExplainer] = {}
        self._job: Job | None = None
        self._pending: tuple[int, int] | None = None
        self.setAccessibleName("Heat map")
        self.title = QLabel(f"<b>Heat map</b> ({HEAT_KEY} hides it)")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pictures = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.pictures)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setMinimumWidth(PICTURE_SIZE + 24)

    def show_image(self, run_id: int, image_id: int) -> None:
        """Explain ``image_id`` with run ``run_id``'s model (when the panel is shown)."""
        if self.run_id == run_id and self.image_id == image_id and self.explanation:
            return
        self._pending = (run_id, image_id)
        if self._job is None:
            self._start_next()

    def _start_next(self) -> None:
        if self._pending is None:
            return
        run_id, image_id = self._pending
        self._pending = None
        self.run_id, self.image_id = run_id, image_id
        self.status.setText(f"Computing the heat map of image {image_id}…")

        def work(on_progress: object, should_stop: object) -> Explanation:
            from reviewer.analysis.explain import RunExplainer

            explainer = self._explainers.get(run_id)
            if explainer is None:
                explainer = self._explainers[run_id] = RunExplainer(self.catalogue, run_id)
            return explainer.explain(image_id)

        try:
            job = self.jobs.start(JobKind.HEAT_MAP, work)
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self._job = job
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(lambda _r: self._job_done())

    def _job_done(self) -> None:
        self._job = None
        self._start_next()

    def _on_failed(self, message: str) -> None:
        self.explanation = None
        self.status.setText(message.split("\n", 1)[0])
        self._job_done()

    def _on_finished(self, explanation: Explanation) -> None:
        if explanation.image_id != self.image_id:  # a message replaced the request meanwhile
            self._job_done()
            return
        self.explanation = explanation
        self._clear_pictures()
        for column, m in enumerate(explanation.maps):
            picture = QLabel()
            picture.setPixmap(_pixmap(overlay(explanation.pixels, m.map.values)))
            picture.setAccessibleName(f"Heat map for {m.name}")
            caption = QLabel(f"{m.role}: <b>{m.name}</b> {m.probability:.0%}")
            self.pictures.addWidget(picture, 0, column)
            self.pictures.addWidget(caption, 1, column)
        true = f", labelled {explanation.true}" if explanation.true else ""
        self.status.setText(f"Image {explanation.image_id}: predicted {explanation.predicted}"
                            f"{true}. Warm colours: where the class's score came from.")
        self.shown.emit(explanation)
        self._job_done()

    def _clear_pictures(self) -> None:
        while self.pictures.count():
            item = self.pictures.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_message(self, text: str) -> None:
        """No heat map to show: say why (no run, no single image) in the panel."""
        self._pending = None
        self.run_id = self.image_id = None
        self.explanation = None
        self._clear_pictures()
        self.status.setText(text)

    def show_for(self, run_id: int | None, image_id: int | None, no_image: str) -> None:
        """Explain ``image_id`` with ``run_id``, or say that there is no run / no image."""
        if run_id is None:
            self.show_message(NO_RUN)
        elif image_id is None:
            self.show_message(no_image)
        else:
            self.show_image(run_id, image_id)

    def shutdown(self) -> None:
        self._pending = None
        self.jobs.shutdown()
