"""Which images changed between two evaluations of the same split: fixed (wrong →
right), broken (right → wrong), still wrong; pick a group to see its thumbnails."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.categories import list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter
from reviewer.errors import UserError
from reviewer.training.run_readers import (
    EvaluationInfo,
    list_evaluations,
    prediction_table,
    run_flips,
)
from reviewer.ui.common.translation import number
from reviewer.ui.grid.image_grid_model import ImageGridModel
from reviewer.ui.grid.thumbnail_delegate import ThumbnailDelegate
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader

SPLITS = ("test", "validation")
GROUPS = (
    ("fixed", QT_TRANSLATE_NOOP("FlipsView", "Fixed: wrong → right"),
     QT_TRANSLATE_NOOP("FlipsView", "Wrong in the first evaluation, right in the second")),
    ("broken", QT_TRANSLATE_NOOP("FlipsView", "Broken: right → wrong"),
     QT_TRANSLATE_NOOP("FlipsView", "Right in the first evaluation, wrong in the second")),
    ("still_wrong_changed", QT_TRANSLATE_NOOP("FlipsView", "Still wrong, other prediction"),
     QT_TRANSLATE_NOOP("FlipsView", "Wrong in both, but predicted as another category")),
    ("still_wrong_same", QT_TRANSLATE_NOOP("FlipsView", "Still wrong, same prediction"), QT_TRANSLATE_NOOP("FlipsView", "Wrong in both, the same way")),
    ("still_right", QT_TRANSLATE_NOOP("FlipsView", "Still right"), QT_TRANSLATE_NOOP("FlipsView", "Right in both")),
)
GroupRole = Qt.ItemDataRole.UserRole + 60
THUMB = 112


class FlipsGridModel(ImageGridModel):
    """The catalogue grid's model; the tooltip adds what each evaluation predicted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: dict[int, str] = {}

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role == Qt.ItemDataRole.ToolTipRole and value is not None:
            note = self.notes.get(self.row_at(index.row()).id)
            if note:
                value = f"{value}\n{note}"
        return value


class FlipsView(QWidget):
    def __init__(self, catalogue: Catalogue, loader: ThumbnailLoader,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.evaluations: list[EvaluationInfo] = []
        self.result: dict[str, list[int]] | None = None
        self.split = QComboBox()
        self.split.setAccessibleName(self.tr("Flips split"))
        self.split.addItems(list(SPLITS))
        self.split.setToolTip(self.tr("Compare evaluations of this split"))
        self.before = QComboBox()
        self.before.setAccessibleName(self.tr("Earlier evaluation"))
        self.before.setToolTip(self.tr("The earlier evaluation (say, before the corrections)"))
        self.after = QComboBox()
        self.after.setAccessibleName(self.tr("Later evaluation"))
        self.after.setToolTip(self.tr("The later evaluation (say, the retrained run)"))
        for combo in (self.before, self.after):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)
        form = QGridLayout()
        for column, (text, widget) in enumerate(((self.tr("S&plit:"), self.split), (self.tr("&Before:"), self.before),
                                                 (self.tr("&After:"), self.after))):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addWidget(label, 0, 2 * column)
            form.addWidget(widget, 0, 2 * column + 1)
        form.setColumnStretch(3, 1)
        form.setColumnStretch(5, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.groups = QListWidget()
        self.groups.setAccessibleName(self.tr("Groups of images"))
        self.groups.setMaximumWidth(320)
        self.delegate = ThumbnailDelegate(THUMB, self)
        self.images = FlipsGridModel(catalogue, loader, self)
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setWrapping(True)
        self.grid.setUniformItemSizes(True)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setItemDelegate(self.delegate)
        self.grid.setModel(self.images)
        cell = self.delegate.cell_size(self.grid.font())
        self.grid.setGridSize(QSize(cell.width() + 6, cell.height() + 6))
        self.grid.setAccessibleName(self.tr("Images of the group"))
        splitter = QSplitter()
        splitter.addWidget(self.groups)
        splitter.addWidget(self.grid)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.split.currentIndexChanged.connect(lambda _i: self.reload())
        self.before.currentIndexChanged.connect(lambda _i: self.compare())
        self.after.currentIndexChanged.connect(lambda _i: self.compare())
        self.groups.currentItemChanged.connect(lambda item, _old: self._show_group(item))

    # --- choosing ---------------------------------------------------------------------

    def reload(self) -> None:
        """List the evaluations of the chosen split; pick the two newest."""
        split = self.split.currentText()
        try:
            self.evaluations = list_evaluations(self.catalogue, split)
        except UserError as exc:
            self.summary.setText(str(exc).split("\n", 1)[0])
            return
        keep = (self.before.currentData(), self.after.currentData())
        for combo in (self.before, self.after):
            combo.blockSignals(True)
            combo.clear()
            for info in self.evaluations:
                combo.addItem(info.label(), info.id)
            combo.blockSignals(False)
        ids = [e.id for e in self.evaluations]
        if keep[0] in ids and keep[1] in ids:
            before, after = keep
        elif len(ids) >= 2:
            before, after = ids[-2], ids[-1]
        else:
            before = after = ids[-1] if ids else None
        self.set_pair(before, after)

    def set_pair(self, before_id: int | None, after_id: int | None) -> None:
        for combo, wanted in ((self.before, before_id), (self.after, after_id)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(wanted) if wanted is not None else -1)
            combo.blockSignals(False)
        self.compare()

    def compare(self) -> None:
        before, after = self.before.currentData(), self.after.currentData()
        self.groups.clear()
        self.images.set_query(ImageFilter(image_ids=()))
        self.result = None
        if len(self.evaluations) < 2 or before is None or after is None:
            self.summary.setText(self.tr("Evaluate two runs (or one run twice) on the "
                                         "{0} split to see which images flipped.").format(self.split.currentText()))
            return
        try:
            self.result = run_flips(self.catalogue, int(before), int(after))
            tables = (prediction_table(self.catalogue, int(before)),
                      prediction_table(self.catalogue, int(after)))
            with self.catalogue.read() as session:
                names = {c.id: c.name for c in list_categories(session, include_retired=True)}
        except UserError as exc:
            self.summary.setText(str(exc).split("\n", 1)[0])
            return
        self.images.set_categories(names)
        both_ids = [i for ids in self.result.values() for i in ids]
        self.images.notes = {
            i: self.tr("Before, {0}\nAfter, {1}").format(tables[0].describe(i), tables[1].describe(i)) for i in both_ids}
        counts = self.counts()
        both = sum(counts.values())
        same = self.tr(" (the same evaluation twice)") if before == after else ""
        self.summary.setText(
            self.tr("{0} images in both{1}: <b>{2} fixed</b>, <b>{3} broken</b>, "
                    "{4} still wrong, {5} still right.").format(
                number(both), same, number(counts['fixed']), number(counts['broken']),
                number(counts['still_wrong_changed'] + counts['still_wrong_same']),
                number(counts['still_right'])))
        for key, text, tip in GROUPS:
            item = QListWidgetItem(f"{self.tr(str(text))}  ({number(counts[key])})")
            item.setData(GroupRole, key)
            item.setToolTip(self.tr(str(tip)))
            self.groups.addItem(item)
        first = next((i for i, (key, _t, _tip) in enumerate(GROUPS) if counts[key]), 0)
        self.groups.setCurrentRow(first)

    def counts(self) -> dict[str, int]:
        return {key: len(self.result.get(key, [])) if self.result else 0 for key, _t, _tip in GROUPS}

    def show_group(self, key: str) -> None:
        for row in range(self.groups.count()):
            if self.groups.item(row).data(GroupRole) == key:
                self.groups.setCurrentRow(row)
                return

    def _show_group(self, item: QListWidgetItem | None) -> None:
        ids: tuple[int, ...] = ()
        if item is not None and self.result is not None:
            ids = tuple(self.result.get(item.data(GroupRole), []))
        self.images.set_query(ImageFilter(image_ids=ids))
