"""The row of filters above the grid: category, split, unsure, source, flagged,
search (file name or listing id) and sort; it builds an ``ImageFilter``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from reviewer.catalogue.categories import CategoryInfo
from reviewer.catalogue.queries import NO_CATEGORY, ImageFilter

SEARCH_DELAY_MS = 250
COMBO_MIN_WIDTH = 72
SEARCH_MIN_WIDTH = 140
# Marked for lupdate; translated when the combo boxes are filled.
SPLITS = (
    (QT_TRANSLATE_NOOP("FilterBar", "All splits"), None),
    (QT_TRANSLATE_NOOP("FilterBar", "Train"), "train"),
    (QT_TRANSLATE_NOOP("FilterBar", "Validation"), "validation"),
    (QT_TRANSLATE_NOOP("FilterBar", "Test"), "test"),
    (QT_TRANSLATE_NOOP("FilterBar", "No split"), "none"),
)
UNSURE = (
    (QT_TRANSLATE_NOOP("FilterBar", "Sure and unsure"), None),
    (QT_TRANSLATE_NOOP("FilterBar", "Unsure only"), True),
    (QT_TRANSLATE_NOOP("FilterBar", "Sure only"), False),
)
SOURCES = (
    (QT_TRANSLATE_NOOP("FilterBar", "Any source"), None),
    (QT_TRANSLATE_NOOP("FilterBar", "Folder import"), "folder"),
    (QT_TRANSLATE_NOOP("FilterBar", "CSV import"), "csv"),
    (QT_TRANSLATE_NOOP("FilterBar", "Flat folder"), "flat"),
    (QT_TRANSLATE_NOOP("FilterBar", "Listings"), "listing"),
)
FLAGGED = (
    (QT_TRANSLATE_NOOP("FilterBar", "Flagged or not"), None),
    (QT_TRANSLATE_NOOP("FilterBar", "Flagged only"), True),
    (QT_TRANSLATE_NOOP("FilterBar", "Not flagged"), False),
)
SORTS = (("Sort by ID", "id"), ("Sort by file name", "file_name"),
         ("Sort by import time", "imported_at"),
         # Model-assisted labelling: the suggestions' ranks (see curation.suggest).
         ("Most useful first", "most_useful"), ("Easiest first", "easiest"))
_SORT_NAMES = (QT_TRANSLATE_NOOP("FilterBar", "Sort by ID"),  # for lupdate: SORTS
               QT_TRANSLATE_NOOP("FilterBar", "Sort by file name"),
               QT_TRANSLATE_NOOP("FilterBar", "Sort by import time"),
               QT_TRANSLATE_NOOP("FilterBar", "Most useful first"),
               QT_TRANSLATE_NOOP("FilterBar", "Easiest first"))


def _combo(items: Sequence[tuple[object, Any]], tip: str, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)  # not its current value ("All splits")
    for text, value in items:
        combo.addItem(QCoreApplication.translate("FilterBar", str(text)), value)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    # As wide as the longest item when there is room; narrower (elided) on a small
    # screen, so the window still fits 1024 pixels.
    combo.setMinimumWidth(COMBO_MIN_WIDTH)
    return combo


class FilterBar(QWidget):
    """Emits ``changed`` whenever the filter or the sort changes (search is debounced)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category_combo = _combo(((QT_TRANSLATE_NOOP("FilterBar", "All categories"), None),
                                      (QT_TRANSLATE_NOOP("FilterBar", "(no category)"),
                                       NO_CATEGORY)),
                                     self.tr("Show one category"), self.tr("Category filter"))
        self.split_combo = _combo(SPLITS, self.tr("Show one split"), self.tr("Split filter"))
        self.unsure_combo = _combo(UNSURE, self.tr("Show images marked unsure, or the others"),
                                   self.tr("Unsure filter"))
        self.source_combo = _combo(SOURCES, self.tr("Show images from one kind of import"),
                                   self.tr("Source filter"))
        self.flagged_combo = _combo(FLAGGED, self.tr("Show flagged images, or the others"),
                                    self.tr("Flagged filter"))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search file name or listing id"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search"))
        self.search_edit.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.sort_combo = _combo(SORTS, self.tr("Order of the images"), self.tr("Sort by"))
        self.descending_button = QToolButton()
        self.descending_button.setCheckable(True)
        self.descending_button.setText("↑")
        self.descending_button.setToolTip(self.tr("Ascending (click for descending)"))
        self.descending_button.setAccessibleName(self.tr("Sort direction"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Show every image"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for widget in (self.category_combo, self.split_combo, self.unsure_combo,
                       self.source_combo, self.flagged_combo):
            layout.addWidget(widget)
        layout.addWidget(self.search_edit, 1)
        layout.addWidget(self.sort_combo)
        layout.addWidget(self.descending_button)
        layout.addWidget(self.clear_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._search_now)
        for combo in (self.category_combo, self.split_combo, self.unsure_combo,
                      self.source_combo, self.flagged_combo, self.sort_combo):
            combo.currentIndexChanged.connect(self.changed)
        self.descending_button.toggled.connect(self._on_descending)
        self.clear_button.clicked.connect(self.clear)

    def set_categories(self, categories: Sequence[CategoryInfo]) -> None:
        """Fill the category combo, keeping the chosen category when it still exists."""
        chosen = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        try:
            while self.category_combo.count() > 2:
                self.category_combo.removeItem(2)
            for info in categories:
                text = f"{info.name} (retired)" if info.retired else info.name
                self.category_combo.addItem(f"{text}  ·  {info.images:,}", info.id)
            position = self.category_combo.findData(chosen)
            self.category_combo.setCurrentIndex(max(position, 0))
        finally:
            self.category_combo.blockSignals(False)
        if self.category_combo.currentData() != chosen:
            self.changed.emit()

    def image_filter(self) -> ImageFilter:
        category = self.category_combo.currentData()
        return ImageFilter(
            category_ids=() if category is None else (int(category),),
            split=self.split_combo.currentData(),
            unsure=self.unsure_combo.currentData(),
            source=self.source_combo.currentData(),
            flagged=self.flagged_combo.currentData(),
            search=self.search_edit.text().strip(),
        )

    def sort_key(self) -> str:
        return str(self.sort_combo.currentData())

    def descending(self) -> bool:
        return self.descending_button.isChecked()

    def is_default(self) -> bool:
        return self.image_filter() == ImageFilter()

    def set_combo_value(self, combo: QComboBox, value: object) -> None:
        """Choose the entry of ``combo`` whose data is ``value``."""
        position = combo.findData(value)
        if position < 0:
            raise ValueError(f"no entry {value!r} in {combo.toolTip()!r}")
        combo.setCurrentIndex(position)

    def clear(self) -> None:
        """Back to every image (the sort stays)."""
        widgets = (self.category_combo, self.split_combo, self.unsure_combo,
                   self.source_combo, self.flagged_combo, self.search_edit)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for combo in widgets[:-1]:
                combo.setCurrentIndex(0)
            self.search_edit.clear()
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._search_timer.stop()
        self.changed.emit()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.changed.emit()

    def _on_descending(self, descending: bool) -> None:
        self.descending_button.setText("↓" if descending else "↑")
        self.descending_button.setToolTip(
            self.tr("Descending (click for ascending)") if descending
            else self.tr("Ascending (click for descending)")
        )
        self.changed.emit()
