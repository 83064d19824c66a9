"""The Review tab: one click finds suspected label errors, outliers, near-duplicates
and cross-split leaks (in a worker, with progress and cancel); each queue opens in
the review gallery. "More like this" opens the nearest images of any image."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.curation.catalogue_vectors import CatalogueVectors
from reviewer.curation.duplicates import DuplicateGroup, more_like_this
from reviewer.curation.review import catalogue_vectors, duplicate_review, label_review
from reviewer.curation.suspects import Analysis
from reviewer.errors import UserError
from reviewer.progress import ProgressFn
from reviewer.ui.common.job_panel import JobPanel
from reviewer.ui.common.notices import show_notice
from reviewer.ui.common.translation import counted
from reviewer.ui.common.worker import Job, JobKind, Jobs
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader
from reviewer.ui.review.review_gallery import ReviewGallery
from reviewer.ui.review.review_items import (
    Queue,
    group_queue,
    outlier_queue,
    similar_queue,
    suspect_queue,
)


@dataclass
class Findings:
    data: CatalogueVectors
    analysis: Analysis
    duplicates: list[DuplicateGroup]
    leaks: list[DuplicateGroup]


def embed_everything(catalogue: Catalogue, *, on_progress: ProgressFn,
                     should_stop: Callable[[], bool]) -> str:
    """Embed the images that have no embedding yet (resumes; nothing to do is quick)."""
    from reviewer.curation.embed import embed_catalogue, lite0_embedder

    on_progress(0, 0, "Loading EfficientNet-Lite0…")
    result = embed_catalogue(catalogue, lite0_embedder(), on_progress=on_progress,
                             should_stop=should_stop)
    failed = f"; {len(result.failed)} could not be read" if result.failed else ""
    return (f"{result.computed} image(s) embedded now, {result.already} already had an "
            f"embedding{failed}.")


def find_everything(catalogue: Catalogue, *, on_progress: ProgressFn,
                    should_stop: Callable[[], bool]) -> Findings:
    """The Qt-free work of the Review tab, as one long job."""
    on_progress(0, 0, "Reading the embeddings…")
    data = catalogue_vectors(catalogue)
    analysis = label_review(catalogue, data=data, on_progress=on_progress,
                            should_stop=should_stop)
    on_progress(0, 0, "Looking for near-duplicates…")
    groups = duplicate_review(catalogue, data=data, on_progress=on_progress)
    leaks = [g for g in groups if g.across_splits]
    return Findings(data, analysis, groups, leaks)


class ReviewView(QWidget):
    labelsChanged = Signal(list)
    statusMessage = Signal(str)

    def __init__(self, catalogue: Catalogue, jobs: Jobs, actor: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = jobs
        self.actor = actor
        self.findings: Findings | None = None
        self.loader = ThumbnailLoader(catalogue, parent=self)
        self.gallery: ReviewGallery | None = None

        title = QLabel("Review")
        title.setObjectName("sectionTitle")
        self.intro = QLabel(
            "Find the images whose label is most likely wrong, images no category explains, "
            "and copies of the same picture, from one embedding per image "
            "(EfficientNet-Lite0; compute them with <code>reviewer embed</code>). Open a queue "
            "to fix labels with the usual keys; confirming is remembered.")
        self.intro.setWordWrap(True)
        self.embed_button = QPushButton("&Compute embeddings")
        self.embed_button.setToolTip("Embed the images that have no embedding yet (resumes "
                                     "where it stopped; cancel keeps what is done)")
        self.embed_button.clicked.connect(self.embed)
        self.find_button = QPushButton("&Find suspects")
        self.find_button.clicked.connect(self.find_suspects)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.queues = QListWidget()
        self.queues.setAccessibleName("Review queues")
        self.queues.itemActivated.connect(self._open_item)
        self.open_button = QPushButton("&Open queue")
        self.open_button.clicked.connect(self._open_current)
        self.pairs = QLabel()
        self.pairs.setWordWrap(True)
        self.pairs.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.panel = JobPanel(self, jobs, JobKind.REVIEW, title="Review", cancelled_text="Cancelled.",
                              start_buttons=[self.find_button, self.embed_button],
                              cancel_button=self.cancel_button, progress=self.progress,
                              status=self.status)
        self.panel.ended.connect(self.statusMessage)

        buttons = QHBoxLayout()
        buttons.addWidget(self.embed_button)
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.queues, 1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pairs)
        layout.addWidget(self.status)
        self._fill_queues()

    # --- finding ----------------------------------------------------------------------

    def embed(self) -> None:
        job = self._start(lambda on_progress, should_stop: embed_everything(
            self.catalogue, on_progress=on_progress, should_stop=should_stop))
        if job is not None:
            job.finished.connect(self.panel.done)

    def find_suspects(self) -> None:
        job = self._start(lambda on_progress, should_stop: find_everything(
            self.catalogue, on_progress=on_progress, should_stop=should_stop))
        if job is not None:
            job.finished.connect(self._on_found)

    def _start(self, fn: Callable[..., object]) -> Job | None:
        return self.panel.start(fn, "Working…")

    @property
    def job(self) -> Job | None:
        return self.panel.job

    def cancel(self) -> None:
        self.panel.cancel()

    def _on_found(self, findings: Findings) -> None:
        self.findings = findings
        a = findings.analysis
        self._fill_queues()
        pairs = ", ".join(f"{p.a} ↔ {p.b} ({p.images})" for p in a.pairs[:5])
        self.pairs.setText(f"<b>Easily confused:</b> {pairs}" if pairs else "")
        missing = findings.data.without_embedding
        note = (" " + counted(self.tr("{0} image(s) without an embedding yet (run "
                                      "<code>reviewer embed</code>).", "", missing), missing)
                if missing else "")
        self.panel.done(f"{len(a.labels)} labelled images judged in {a.seconds:.1f} s.{note}")

    # --- queues -----------------------------------------------------------------------

    def queue_list(self) -> list[Queue]:
        f = self.findings
        if f is None:
            return []
        return [suspect_queue(f.analysis), outlier_queue(f.analysis),
                group_queue(f.duplicates, leaks=False), group_queue(f.leaks, leaks=True)]

    def _fill_queues(self) -> None:
        self.queues.clear()
        queues = self.queue_list()
        if not queues:
            item = QListWidgetItem("Press “Find suspects” to fill the queues.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.queues.addItem(item)
            self.open_button.setEnabled(False)
            return
        for queue in queues:
            count = len(queue.entries)
            item = QListWidgetItem(counted(self.tr("{1} — {0} image(s)", "", count), count,
                                           queue.title) + f"\n    {queue.summary.split('.')[0]}.")
            item.setData(Qt.ItemDataRole.UserRole, queue)
            self.queues.addItem(item)
        self.queues.setCurrentRow(0)
        self.open_button.setEnabled(True)

    def _open_current(self) -> None:
        item = self.queues.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        queue = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(queue, Queue):
            self.open_queue(queue)

    def open_queue(self, queue: Queue) -> ReviewGallery:
        if self.gallery is None:
            self.gallery = ReviewGallery(self.catalogue, self.loader, self.actor, self)
            self.gallery.labelsChanged.connect(self.labelsChanged)
            self.gallery.statusMessage.connect(self.statusMessage)
        self.gallery.show_queue(queue)
        return self.gallery

    def more_like_this(self, image_id: int, file_name: str = "", k: int = 40) -> None:
        """Open the images most like ``image_id`` (loads the embeddings if needed)."""
        try:
            data = self.findings.data if self.findings else catalogue_vectors(self.catalogue)
            neighbours = more_like_this(data, image_id, k)
        except UserError as exc:
            show_notice(self, "More like this", str(exc))
            return
        self.open_queue(similar_queue(image_id, file_name or f"image {image_id}", neighbours))

    def shutdown(self) -> None:
        if self.gallery is not None:
            self.gallery.close()
        self.loader.shutdown()
