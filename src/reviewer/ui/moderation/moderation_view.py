"""The Moderation tab, built for speed: the queue on the left, the claimed listing
on the right, decided by keyboard.

Keys: A or Enter approve · 1–9, 0 recategorise (the labelling legend) · P take the
predicted category · X remove, then a reason key · E escalate · S skip · Ctrl+Z undo,
Ctrl+Shift+Z redo · H the heat map of the first photo (the run that scored the listing,
else the newest finished run). After each decision the next listing is claimed and shown; its
photos were decoded while the moderator looked at the one before.
"""

from __future__ import annotations

import contextlib
import html
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.categories import list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import FLAG_KINDS
from reviewer.curation.suggest import newest_finished_run
from reviewer.errors import UserError
from reviewer.moderation import claims, decisions
from reviewer.moderation.queue import ListingDetail, listing_detail, queue, queue_size
from reviewer.moderation.rules import Rules, load_rules
from reviewer.ui.catalogue.labelling import KEY_LABELS
from reviewer.ui.common.translation import number
from reviewer.ui.moderation.listing_panel import MAX_PHOTOS, ListingPanel
from reviewer.ui.moderation.photo_loader import PhotoLoader
from reviewer.ui.moderation.queue_model import QueueModel
from reviewer.ui.runs.heat_map_panel import HeatMapPanel

QUEUE_ROWS = 200
REFRESH_MS = 600  # the queue table is re-read once the moderator pauses, not between keys
PREFETCH_DELAY_MS = 40


def legend_html(categories: list[str], reasons: tuple[str, ...] = (), removing: bool = False) -> str:
    if removing:
        return (QCoreApplication.translate("ModerationView", "<b>Remove — why?</b>") + " &nbsp;" + " &nbsp;·&nbsp; ".join(
            f"<b>{i}</b>&nbsp;{html.escape(r)}" for i, r in enumerate(reasons, 1))
            + " &nbsp;·&nbsp; " + QCoreApplication.translate("ModerationView", "<b>Esc</b>&nbsp;cancel"))
    keys = " &nbsp;·&nbsp; ".join(f"<b>{KEY_LABELS[i]}</b>&nbsp;{html.escape(c)}"
                                  for i, c in enumerate(categories[:10]))
    return (f"{keys}<br>" + QCoreApplication.translate("ModerationView", "<b>A</b>/<b>Enter</b>&nbsp;approve &nbsp;·&nbsp; <b>P</b>&nbsp;take the "
            "predicted category &nbsp;·&nbsp; <b>X</b>&nbsp;remove &nbsp;·&nbsp; <b>E</b>&nbsp;"
            "escalate &nbsp;·&nbsp; <b>S</b>&nbsp;skip &nbsp;·&nbsp; <b>Ctrl+Z</b>&nbsp;undo")
            + " &nbsp;·&nbsp; " + QCoreApplication.translate("ModerationView", "<b>H</b>&nbsp;heat&nbsp;map"))


class ModerationView(QWidget):
    statusMessage = Signal(str)
    listingShown = Signal(int)  # the row id of the listing now on screen (0: none)
    labelsChanged = Signal()

    def __init__(self, catalogue: Catalogue, moderator: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.moderator = moderator
        self.loader = PhotoLoader(catalogue.store)
        self.kind: str | None = None
        self.skipped: set[int] = set()
        self.removing = False
        self.opened_at = 0.0
        self.decided_at: deque[float] = deque()
        self.current: ListingDetail | None = None
        self.next_detail: ListingDetail | None = None
        self.categories: list[str] = []
        self.rules: Rules | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Moderation queue"))

        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(self.tr("Flag filter"))
        self.kind_box.addItem(self.tr("All flags"), None)
        for kind in FLAG_KINDS:
            self.kind_box.addItem(kind.replace("_", " "), kind)
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.kind_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.counts = QLabel()
        self.counts.setObjectName("moderationCounts")
        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        for column, width in enumerate((62, 190, 80, 52)):
            self.table.setColumnWidth(column, width)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.doubleClicked.connect(self._open_row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.kind_box, 1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.counts)
        left_layout.addWidget(self.table, 1)
        self.panel = ListingPanel()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setObjectName("keyLegend")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.panel, 1)
        self.heat_panel = HeatMapPanel(catalogue)  # H: what the model looked at
        self.heat_panel.hide()
        right_layout.addWidget(self.heat_panel)
        right_layout.addWidget(self.legend)
        scroll = QScrollArea()  # the listing scrolls rather than forcing a tall window
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh_queue)
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)  # after the new listing is painted
        self._prefetch_timer.timeout.connect(self._prefetch_next)
        self._started = False

    # --- loading -----------------------------------------------------------------------

    def start(self) -> None:
        """Read the categories, rules and queue, and open the first listing."""
        self._started = True
        try:
            with self.catalogue.read() as session:
                self.categories = [c.name for c in list_categories(session)]
                self.rules = load_rules(session)
        except UserError as exc:
            self.statusMessage.emit(str(exc))
        self.legend.setText(legend_html(self.categories))
        self.model.moderator = self.moderator()
        self.refresh_queue()
        if self.current is None:
            self.open_next()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._started:
            QTimer.singleShot(0, self.start)
        self.setFocus()

    def refresh_queue(self) -> None:
        try:
            items = queue(self.catalogue, kind=self.kind, limit=QUEUE_ROWS)
            left = queue_size(self.catalogue, kind=self.kind)
        except UserError as exc:
            self.statusMessage.emit(str(exc))
            return
        self.model.set_items(items)
        now = time.monotonic()
        while self.decided_at and now - self.decided_at[0] > 3600:
            self.decided_at.popleft()
        per_hour = self._per_hour(now)
        others = sum(1 for i in items if i.claim_active() and i.claimed_by != self.moderator())
        self.counts.setText(self.tr("<b>{0}</b> left · {1} decisions/hour · {2} held by other moderators")
                            .format(number(left), number(per_hour), number(others)))
        if self.current is not None:
            for row, item in enumerate(items):
                if item.pk == self.current.pk:
                    self.table.selectRow(row)
                    break

    def _per_hour(self, now: float) -> int:
        if not self.decided_at:
            return 0
        span = max(60.0, now - self.decided_at[0])
        return int(round(len(self.decided_at) * 3600 / span))

    def _kind_changed(self) -> None:
        self.kind = self.kind_box.currentData()
        self.next_detail = None
        if self.current is not None:
            claims.release(self.catalogue, self.moderator(), self.current.pk)
            self.current = None
        self.refresh_queue()
        self.open_next()

    # --- showing ---------------------------------------------------------------------------

    def _exclude(self) -> set[int]:
        return self.skipped | ({self.current.pk} if self.current else set())

    def _next_claim(self) -> claims.NextClaim:
        return claims.NextClaim(self.kind, self.rules.claim_minutes if self.rules else 5.0,
                                tuple(self._exclude()))

    def open_next(self) -> None:
        """Claim the next listing and show it."""
        spec = self._next_claim()
        try:
            pk = claims.claim_next(self.catalogue, self.moderator(), kind=spec.kind,
                                   minutes=spec.minutes, exclude=spec.exclude)
        except UserError as exc:
            self.statusMessage.emit(str(exc))
            return
        self._show_claimed(pk)

    def _show_claimed(self, pk: int | None) -> None:
        if pk is None:
            self.current = None
            self.panel.show_empty(self.tr("The queue is empty.") if not self.skipped else
                                  self.tr("Nothing left but the listings you skipped."))
            self.listingShown.emit(0)
            self._update_heat_map()
            return
        self.show_listing(pk)

    def show_listing(self, pk: int) -> None:
        detail = (self.next_detail if self.next_detail is not None and self.next_detail.pk == pk
                  else listing_detail(self.catalogue, pk))
        self.next_detail = None
        shas = [sha for _, sha in detail.photos[:MAX_PHOTOS]]
        self.loader.prefetch(shas)
        images = [self.loader.get(sha) for sha in shas]
        self.current = detail
        if self.removing:
            self.removing = False
            self.legend.setText(legend_html(self.categories))
        self.panel.show_listing(detail, images, self.moderator())
        self._update_heat_map()
        self.opened_at = time.monotonic()
        self.listingShown.emit(pk)
        self._prefetch_timer.start()

    def toggle_heat_map(self) -> None:
        """H: show or hide what the model looked at in the listing's first photo, for the
        predicted and the declared category side by side."""
        self.heat_panel.setVisible(not self.heat_panel.isVisible())
        self._update_heat_map()

    def _update_heat_map(self) -> None:
        if not self.heat_panel.isVisible():
            return
        detail = self.current
        run_id = detail.scored_run_id if detail is not None else None
        if run_id is None:
            try:
                run_id = newest_finished_run(self.catalogue)
            except UserError as exc:
                self.heat_panel.show_message(str(exc))
                return
        photo = detail.photos[0][0] if detail is not None and detail.photos else None
        self.heat_panel.show_for(run_id, photo, "No listing with a photo on screen.")

    def _prefetch_next(self) -> None:
        """Decode the photos of the listing most likely to come next."""
        try:
            items = queue(self.catalogue, kind=self.kind, limit=len(self._exclude()) + 5)
        except UserError:
            return
        me = self.moderator()
        for item in items:
            if item.pk in self._exclude() or (item.claim_active() and item.claimed_by != me):
                continue
            self.next_detail = listing_detail(self.catalogue, item.pk)
            self.loader.prefetch([sha for _, sha in self.next_detail.photos[:MAX_PHOTOS]])
            return

    def _open_row(self) -> None:
        index = self.table.currentIndex()
        pk = self.model.data(index, Qt.ItemDataRole.UserRole)
        if pk is None:
            return
        try:
            claims.claim(self.catalogue, self.moderator(), int(pk),
                         minutes=self.rules.claim_minutes if self.rules else 5.0)
        except UserError as exc:
            self.statusMessage.emit(str(exc))
            return
        if self.current is not None and self.current.pk != pk:
            claims.release(self.catalogue, self.moderator(), self.current.pk)
        self.show_listing(int(pk))
        self.setFocus()

    # --- deciding ------------------------------------------------------------------------

    def decide(self, action: str, *, category: str | None = None, reason: str | None = None) -> bool:
        detail = self.current
        if detail is None:
            return False
        seconds = time.monotonic() - self.opened_at
        try:
            result = decisions.decide(self.catalogue, detail.pk, moderator=self.moderator(),
                                      action=action, category=category, reason=reason,
                                      expected_version=detail.version, seconds=seconds,
                                      then_claim=self._next_claim())
        except UserError as exc:
            self.statusMessage.emit(str(exc))
            if action != "skip":
                self.skipped.add(detail.pk)  # someone else has it: move on
                self.current = None
                self.open_next()
            return False
        if action == "skip":
            self.skipped.add(detail.pk)
        else:
            self.decided_at.append(time.monotonic())
        words = (self.tr("{0} to {1}").format(result.action, result.category) if result.category
                 else result.action)
        self.statusMessage.emit(f"{result.listing_id}: {words} ({result.new_status}).")
        if result.labelled_images:
            self.labelsChanged.emit()
        self.current = None
        self._show_claimed(result.next_listing)  # claimed with the decision, one commit
        self._refresh_timer.start()
        return True

    def undo(self, redo: bool = False) -> None:
        fn = decisions.redo if redo else decisions.undo
        try:
            result = fn(self.catalogue, moderator=self.moderator())
        except UserError as exc:
            self.statusMessage.emit(str(exc))
            return
        self.statusMessage.emit(f"{result.listing_id}: {result.action} "
                                f"({result.old_status} → {result.new_status}).")
        self.labelsChanged.emit()
        if not redo and self.decided_at:
            self.decided_at.pop()
        if result.new_status == "flagged":  # back in the queue: show it again
            with self.catalogue.read() as session:
                pk = decisions.find_listing(session, result.listing_id, lock=False).id
            if self.current is not None and self.current.pk != pk:
                claims.release(self.catalogue, self.moderator(), self.current.pk)
            try:
                claims.claim(self.catalogue, self.moderator(), pk)
            except UserError as exc:
                self.statusMessage.emit(str(exc))
            else:
                self.skipped.discard(pk)
                self.show_listing(pk)
        self._refresh_timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        text = event.text()
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        if self.removing:
            reasons = self.rules.remove_reasons if self.rules else ()
            if key == Qt.Key.Key_Escape:
                self.removing = False
                self.legend.setText(legend_html(self.categories))
            elif text.isdigit() and 1 <= int(text) <= len(reasons):
                self.decide("remove", reason=reasons[int(text) - 1])
            return
        if key in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.decide("approve")
        elif text and text in KEY_LABELS:
            slot = KEY_LABELS.index(text)
            if slot < len(self.categories):
                self.decide("recategorise", category=self.categories[slot])
        elif key == Qt.Key.Key_P:
            if self.current is not None and self.current.predicted_category:
                self.decide("recategorise", category=self.current.predicted_category)
        elif key == Qt.Key.Key_X:
            if self.current is not None:
                self.removing = True
                self.legend.setText(legend_html(self.categories,
                                                self.rules.remove_reasons if self.rules else (),
                                                removing=True))
        elif key == Qt.Key.Key_E:
            self.decide("escalate")
        elif key == Qt.Key.Key_S:
            self.decide("skip")
        elif key == Qt.Key.Key_H:
            self.toggle_heat_map()
        else:
            super().keyPressEvent(event)

    def shutdown(self) -> None:
        self._refresh_timer.stop()
        self._prefetch_timer.stop()
        self.heat_panel.shutdown()
        if self.current is not None:
            with contextlib.suppress(UserError):
                claims.release(self.catalogue, self.moderator(), self.current.pk)
            self.current = None
        self.loader.shutdown()
