"""Labelling from the keyboard: number keys pick one of the first ten active
categories, U toggles "unsure", Enter or A accepts the model's suggestion for an
unlabelled image, undo and redo replay the curator's own steps.

Every change goes through ``reviewer.catalogue.labels`` (the functions the
``reviewer label / undo / redo`` commands use), with the versions of the rows the
curator is looking at, so another curator's change in between is refused with a
``ConflictError`` instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from reviewer.catalogue import labels, suggestions
from reviewer.catalogue.categories import CategoryInfo, list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter, ImageRow
from reviewer.catalogue.undo import StepResult
from reviewer.errors import ConflictError, UserError
from reviewer.ui.common.translation import counted

KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
        Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0)
KEY_LABELS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
UNSURE_KEY = Qt.Key.Key_U
ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_A)
HEAT_MAP_KEY = Qt.Key.Key_H  # the catalogue's heat map (the gallery handles H itself)


def key_slot(key: int) -> int | None:
    """0–9: which of the first ten categories a key stands for (1 → 0, …, 0 → 9)."""
    try:
        return KEYS.index(Qt.Key(key))
    except ValueError:
        return None


def _written(session: Any, result: StepResult) -> tuple[list[int], str]:
    """The images an undo / redo step changed, and what it set them to, in words."""
    if result.batch_id is None:
        return [], ""
    return labels.restored_summary(session, result.batch_id)


class LabelKeyFilter(QObject):
    """Event filter for the catalogue screen's widgets: number keys and U become
    signals; the rest pass. ``active`` says whether the screen is in use (a filter on
    a widget outside it, such as the window's tab bar, lets keys pass otherwise);
    ``heat_map``: H becomes ``heatMapPressed`` too."""

    slotPressed = Signal(int)
    unsurePressed = Signal()
    acceptPressed = Signal()
    heatMapPressed = Signal()

    def __init__(self, parent: QObject | None = None,
                 active: Callable[[], bool] | None = None, *, heat_map: bool = False) -> None:
        super().__init__(parent)
        self.active = active or (lambda: True)
        self.heat_map = heat_map

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self.active():
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        slot = key_slot(event.key())
        if slot is not None:
            self.slotPressed.emit(slot)
            return True
        if event.key() == UNSURE_KEY:
            self.unsurePressed.emit()
            return True
        if event.key() in ACCEPT_KEYS:
            self.acceptPressed.emit()
            return True
        if self.heat_map and event.key() == HEAT_MAP_KEY:
            self.heatMapPressed.emit()
            return True
        return False


class Labeller(QObject):
    """Applies label changes for the current curator and reports what changed."""

    changed = Signal(list, str)  # image ids changed ([]: re-read all), message
    restored = Signal(list, str)  # undo / redo: the image ids it changed, message
    failed = Signal(str, bool)  # message, whether it was a conflict with another change

    def __init__(self, catalogue: Catalogue, actor: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._actor = actor
        self._key_categories: list[CategoryInfo] = []

    def load_categories(self) -> list[CategoryInfo]:
        """Read the active categories; the first ten get the number keys."""
        with self._catalogue.read() as session:
            active = list_categories(session)
        self._key_categories = active[:10]
        return active

    @property
    def key_categories(self) -> list[CategoryInfo]:
        return list(self._key_categories)

    def category_for_slot(self, slot: int) -> CategoryInfo | None:
        return self._key_categories[slot] if 0 <= slot < len(self._key_categories) else None

    def assign(self, rows: Sequence[ImageRow], category: str | None) -> bool:
        """Label ``rows`` as ``category`` (None: no category) in one undoable step."""
        if not rows:
            return False
        ids = [r.id for r in rows]
        versions = {r.id: r.version for r in rows}

        def act() -> str:
            with self._catalogue.write() as session:
                result = labels.relabel(session, ids, category, actor=self._actor(),
                                        expected_versions=versions)
            target = category or self.tr("no category")
            if result.changed == 0:
                return self.tr("Already {0}.").format(target)
            return counted(self.tr("{0} image(s) → {1}. Ctrl+Z undoes it.", "",
                                   result.changed), result.changed, target)

        return self._run(act, ids)

    def toggle_unsure(self, rows: Sequence[ImageRow]) -> bool:
        """Mark ``rows`` unsure, or sure again when all of them are unsure already."""
        if not rows:
            return False
        ids = [r.id for r in rows]
        unsure = not all(r.unsure for r in rows)
        versions = {r.id: r.version for r in rows}

        def act() -> str:
            with self._catalogue.write() as session:
                result = labels.set_unsure(session, ids, unsure, actor=self._actor(),
                                           expected_versions=versions)
            text = (self.tr("{0} image(s) marked unsure.", "", result.changed) if unsure
                    else self.tr("{0} image(s) marked sure.", "", result.changed))
            return counted(text, result.changed)

        return self._run(act, ids)

    def accept_suggestions(self, rows: Sequence[ImageRow]) -> bool:
        """Give the unlabelled ``rows`` their suggested category (one undoable step of
        label events with source "suggestion"); rows without one are left alone."""
        ids = [r.id for r in rows]
        if not ids:
            return False

        def act() -> str:
            with self._catalogue.write() as session:
                result = suggestions.accept(session, actor=self._actor(), image_ids=ids)
            if result.changed == 0:
                return "No suggestion to accept here (labelled already, or none computed)."
            return f"Accepted {result.changed} suggestion(s). Ctrl+Z undoes it."

        return self._run(act, ids)

    def accept_shown(self, flt: ImageFilter, min_confidence: float) -> bool:
        """Accept every suggestion ≥ ``min_confidence`` among the images ``flt`` shows,
        in one undoable step."""

        def act() -> tuple[list[int], str]:
            with self._catalogue.write() as session:
                result = suggestions.accept(session, actor=self._actor(), shown=flt,
                                            min_confidence=min_confidence)
                ids = [] if result.batch_id is None else suggestions.batch_images(
                    session, result.batch_id)
            done = (f"Accepted {result.changed:,} suggestion(s) ≥ {100 * min_confidence:.0f} %. "
                    "Ctrl+Z undoes it.")
            return ids, done if result.changed else "No suggestion to accept."

        try:
            ids, message = act()
        except UserError as exc:
            self.failed.emit(str(exc), isinstance(exc, ConflictError))
            return False
        self.changed.emit(ids, message)
        return True

    def undo(self) -> bool:
        """Undo the curator's last step; ``restored`` names what came back."""
        return self._replay(labels.undo)

    def redo(self) -> bool:
        return self._replay(labels.redo)

    def _replay(self, step: Callable[..., Any]) -> bool:
        """Run ``labels.undo`` or ``labels.redo`` for this curator and report it."""
        def act() -> tuple[list[int], str]:
            with self._catalogue.write() as session:
                result = step(session, actor=self._actor())
                ids, words = _written(session, result)
            return ids, self._step_message(result, words)

        return self._run_history(act)

    def _run_history(self, act: Callable[[], tuple[list[int], str]]) -> bool:
        try:
            ids, message = act()
        except ConflictError as exc:
            self.failed.emit(str(exc), True)
            return False
        except UserError as exc:
            self.failed.emit(str(exc), False)
            return False
        self.restored.emit(ids, message)
        return True

    def _step_message(self, result: StepResult, words: str = "") -> str:
        """The status line, naming what came back ("Undone: 1 image back to
        longsleeve"); images a colleague changed since are also reported as a conflict
        (the step is settled either way: the next undo moves on)."""
        message = result.summary()
        if result.complete and words:
            message = (f"Undone: {words}. Ctrl+Shift+Z redoes it." if result.kind == "undo"
                       else f"Redone: {words.replace(' back to ', ' → ')}.")
        if not result.complete:
            lines = "\n".join(f"• {x}" for x in result.left_alone[:20])
            more = (f"\n… and {len(result.left_alone) - 20} more"
                    if len(result.left_alone) > 20 else "")
            self.failed.emit(f"{result.headline()}.\n\nLeft alone, changed since by a "
                             f"colleague:\n{lines}{more}", True)
        return message

    def _run(self, act: Callable[[], str], ids: list[int]) -> bool:
        try:
            message = act()
        except ConflictError as exc:
            self.failed.emit(str(exc), True)
            return False
        except UserError as exc:
            self.failed.emit(str(exc), False)
            return False
        self.changed.emit(ids, message)
        return True
