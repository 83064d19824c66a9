"""Colleagues' changes on a shared catalogue, shown as they happen: a timer asks the
catalogue for the label events written since the last look (one indexed query,
nothing when idle) and reports the images they touched, so the grid tile and the
detail pane of an image a colleague relabels update without waiting for a conflict."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer.catalogue.changes import changes_since, latest_event_id
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError

POLL_MS = 2000


class ColleagueChanges(QObject):
    """Polls for label events; ``changed`` carries the image ids and who changed each
    (``overflow``: too many to list, re-read everything)."""

    changed = Signal(list, object, bool)  # image ids, {image id: actor}, overflow

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None,
                 *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._since = self._latest()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _latest(self) -> int:
        try:
            with self._catalogue.read() as session:
                return latest_event_id(session)
        except UserError:
            return 0

    def poll(self) -> None:
        """Look once now (the timer calls this); quiet when the catalogue is busy."""
        try:
            with self._catalogue.read() as session:
                changes = changes_since(session, self._since)
        except UserError:
            return  # busy or unreachable for a moment: the next look catches up
        if not changes:
            return
        self._since = changes.latest
        self.changed.emit(changes.image_ids, changes.actors, changes.overflow)

    def stop(self) -> None:
        self.timer.stop()
