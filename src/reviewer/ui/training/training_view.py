"""The Training tab: choose backbones (they queue), edit the paper's recipe, start and
cancel; live curves, ETA and a log. Training runs in a worker thread (ui.worker)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.training.backbone_facts import FACTS, describe
from reviewer.training.recipes import DESCRIPTIONS, RECIPES, recipe_key, recipe_values
from reviewer.ui.common.translation import counted, number
from reviewer.ui.common.worker import Job, JobKind, Jobs
from reviewer.ui.training.cache_fill import stop_cache_fill
from reviewer.ui.training.training_curves import TrainingCurves

# The shipped presets' names, for translation (the combo shows key.capitalize()).
PRESET_NAMES = (QT_TRANSLATE_NOOP("TrainingView", "Default"), QT_TRANSLATE_NOOP("TrainingView", "Paper"))


class _Relay(QObject):
    """Carries TrainProgress objects from the worker thread to the GUI thread."""

    report = Signal(object)


def _format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return QCoreApplication.translate("TrainingView", "{0} h {1} min").format(
            hours, f"{minutes:02d}")
    return QCoreApplication.translate("TrainingView", "{0} min {1} s").format(
        minutes, f"{secs:02d}")


class TrainingView(QWidget):
    runFinished = Signal(int)  # run id, after training and evaluation

    def __init__(self, catalogue: Catalogue, jobs: Jobs, parent: QWidget | None = None,
                 *, default_backbone: str = "efficientnet_lite0") -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.jobs = jobs
        self.job: Job | None = None
        self.relay = _Relay(self)
        self.relay.report.connect(self._on_report)
        self._parent_run: int | None = None
        self._loaded: dict[str, Any] = {}  # the settings of a run loaded for a retrain
        self._build(default_backbone)

    # --- layout -------------------------------------------------------------------------

    def _build(self, default_backbone: str) -> None:
        self.backbones = QListWidget()
        self.backbones.setToolTip(self.tr("Tick one or several backbones: they train one after another."))
        for f in FACTS:
            item = QListWidgetItem(f.display_name)
            item.setData(Qt.ItemDataRole.UserRole, f.key)
            item.setToolTip(describe(f.key))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if f.key == default_backbone
                               else Qt.CheckState.Unchecked)
            self.backbones.addItem(item)
        self.backbones.setMaximumHeight(150)

        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Training preset"))
        for key in RECIPES:
            self.preset.addItem(self.tr(key.capitalize()), key)  # PRESET_NAMES
        self.preset.setToolTip(self.tr("Default: a good model in minutes. Paper: the paper's recipe, "
                               "100 epochs. Values below can still be edited."))
        self.expected = QLabel()
        self.expected.setWordWrap(True)
        self.epochs = self._spin(1, 1000, 100, self.tr("Epochs (the paper: 100)"))
        self.batch = self._spin(1, 1024, 32, self.tr("Batch size (the paper: 32)"))
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(6)
        self.lr.setRange(0.000001, 0.5)
        self.lr.setSingleStep(0.0001)
        self.lr.setValue(0.0001)
        self.lr.setToolTip(self.tr("Adam learning rate (the paper tried 1e-3, 1e-4, 1e-5; 1e-4 won)"))
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.05)
        self.dropout.setValue(0.2)
        self.input_size = self._spin(0, 1024, 0, self.tr("Input size in pixels (0: the backbone's own)"))
        self.input_size.setSpecialValueText(self.tr("backbone default"))
        self.frozen = self._spin(-1, 2000, -1, self.tr("Frozen layers (-1: the recipe's cut)"))
        self.frozen.setSpecialValueText(self.tr("recipe's cut"))
        self.augment = QCheckBox(self.tr("Augment (rotate, shift, shear, zoom, flip)"))
        self.augment.setChecked(True)
        self.fast = QCheckBox(self.tr("Cache frozen features (fast path)"))
        self.fast.setChecked(True)
        self.fast.setToolTip(self.tr("Compute the frozen layers once per image and view, then train "
                             "only the last blocks. Untick for full training every epoch."))
        self.views = self._spin(1, 64, 8, self.tr("Augmented views cached per training image"))
        self.patience = self._spin(0, 100, 0, self.tr("Stop when validation loss has not improved for "
                                   "this many epochs (0: never)"))
        self.patience.setSpecialValueText(self.tr("off"))
        self.class_weights = QCheckBox(self.tr("Weigh rare categories up"))
        self.ensemble = QCheckBox(self.tr("Ensemble of the backbones"))
        self.ensemble.setToolTip(self.tr("With two or more backbones ticked: also record the "
                                         "mean of their runs as an ensemble run, evaluated "
                                         "like the others"))
        self.ensemble.setEnabled(False)
        self.tta = QCheckBox(self.tr("Evaluate with flipped pictures too (test-time augmentation)"))
        self.tta.setToolTip(self.tr("Average each picture's probabilities with its mirror "
                                    "image's when evaluating (a second pass of the model). "
                                    "The paper's recipe evaluates with one pass."))
        self.weights = QLineEdit("imagenet")
        self.weights.setAccessibleName(self.tr("Weights"))
        self.weights.setToolTip(self.tr("imagenet (Keras cache), none (from scratch), or a weights file"))
        browse = QPushButton("…")
        browse.setToolTip(self.tr("Choose a Keras weights file (.h5)"))
        browse.clicked.connect(self._choose_weights)
        weights_row = QHBoxLayout()
        weights_row.addWidget(self.weights)
        weights_row.addWidget(browse)

        form = QFormLayout()
        self.reset_preset = QPushButton(self.tr("Preset values"))
        self.reset_preset.setToolTip(self.tr("Put the preset's values back into the fields "
                                             "you edited"))
        self.reset_preset.setEnabled(False)
        self.reset_preset.clicked.connect(self.use_preset_values)
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset, 1)
        preset_row.addWidget(self.reset_preset)
        form.addRow(self.tr("Preset"), preset_row)
        form.addRow("", self.expected)
        form.addRow(self.tr("Backbones"), self.backbones)
        form.addRow(self.tr("Weights"), weights_row)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Batch size"), self.batch)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("Dropout"), self.dropout)
        form.addRow(self.tr("Input size"), self.input_size)
        form.addRow(self.tr("Frozen layers"), self.frozen)
        form.addRow("", self.augment)
        form.addRow("", self.fast)
        form.addRow(self.tr("Cached views"), self.views)
        form.addRow(self.tr("Early stopping"), self.patience)
        weighing_row = QHBoxLayout()
        weighing_row.addWidget(self.class_weights)
        weighing_row.addWidget(self.ensemble)
        form.addRow("", weighing_row)
        form.addRow("", self.tta)
        recipe = QGroupBox(self.tr("Recipe (editable)"))
        recipe.setLayout(form)
        # The fields a preset fills; one the user edits keeps its value when the preset
        # changes (until "Preset values" puts the preset's back).
        self._preset_fields: dict[str, QWidget] = {
            self.tr("Epochs"): self.epochs, self.tr("Learning rate"): self.lr,
            self.tr("Cached views"): self.views, self.tr("Early stopping"): self.patience,
            self.tr("Test-time augmentation"): self.tta,
        }
        self._edited: set[QWidget] = set()
        self._filling = False
        for field in self._preset_fields.values():
            changed = field.toggled if isinstance(field, QCheckBox) else field.valueChanged  # type: ignore[attr-defined]
            changed.connect(lambda *_a, field=field: self._user_edited(field))
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.backbones.itemChanged.connect(self._show_expected)
        self.backbones.itemChanged.connect(
            lambda *_a: self.ensemble.setEnabled(len(self.selected_backbones()) >= 2))
        self._apply_preset()

        self.start_button = QPushButton(self.tr("Start training"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)

        # The recipe scrolls on a short screen (1024×600); Start and Cancel stay in view.
        recipe_scroll = QScrollArea()
        recipe_scroll.setWidget(recipe)
        recipe_scroll.setWidgetResizable(True)
        recipe_scroll.setFrameShape(QFrame.Shape.NoFrame)
        recipe_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        recipe_scroll.setMinimumWidth(recipe.sizeHint().width()
                                      + recipe_scroll.verticalScrollBar().sizeHint().width())
        recipe_scroll.setAccessibleName(self.tr("Training settings"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(recipe_scroll, 1)
        left_layout.addLayout(buttons)

        self.status = QLabel(self.tr("Ready. Pick backbones and press Start."))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.curves = TrainingCurves()
        self.log = QPlainTextEdit()
        self.log.setAccessibleName(self.tr("Training log"))
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.log.setPlaceholderText(self.tr("The training log appears here."))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.curves, 3)
        right_layout.addWidget(self.log, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _spin(self, low: int, high: int, value: int, tip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setValue(value)
        box.setToolTip(tip)
        return box

    def _choose_weights(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Keras weights file"), "",
                                              self.tr("HDF5 weights (*.h5 *.hdf5);;All files (*)"))
        if path:
            self.weights.setText(path)

    # --- the recipe --------------------------------------------------------------------

    def recipe(self) -> str:
        return str(self.preset.currentData())

    def set_recipe(self, key: str) -> None:
        self.preset.setCurrentIndex(max(self.preset.findData(recipe_key(key)), 0))

    def _user_edited(self, field: QWidget) -> None:
        if not self._filling:
            self._edited.add(field)
            self.reset_preset.setEnabled(True)
            self._show_expected()

    def edited_fields(self) -> list[str]:
        """The names of the preset's fields the user has changed, in form order."""
        return [name for name, field in self._preset_fields.items() if field in self._edited]

    def use_preset_values(self) -> None:
        """Forget the user's edits and show the preset's values in every field."""
        self._edited.clear()
        self.reset_preset.setEnabled(False)
        self._apply_preset()

    def _apply_preset(self) -> None:
        """Show the preset's values in the fields the user has not edited (an edited
        field keeps the user's value; the note under the preset names them)."""
        values = recipe_values(self.recipe())
        filled: dict[QWidget, Any] = {
            self.epochs: int(values["epochs"]), self.lr: float(values["learning_rate"]),
            self.views: int(values["views"]), self.patience: int(values["early_stopping"] or 0),
            self.tta: bool(values.get("tta", False)),
        }
        self._filling = True
        try:
            for field, value in filled.items():
                if field in self._edited:
                    continue
                if isinstance(field, QCheckBox):
                    field.setChecked(value)
                else:
                    field.setValue(value)  # type: ignore[attr-defined]
        finally:
            self._filling = False
        self._show_expected()

    def _show_expected(self) -> None:
        from reviewer.training.recipe_timing import expected_time

        picked = self.selected_backbones()
        edited = self.edited_fields()
        kept = (" " + self.tr("Your values kept: {0}.").format(", ".join(edited))) if edited else ""
        if not picked:
            self.expected.setText(DESCRIPTIONS[self.recipe()] + kept)
            return
        seconds = [expected_time(self.catalogue, self.recipe(), key) for key in picked]
        total = seconds[0] if len(seconds) == 1 else type(seconds[0])(
            sum(e.seconds for e in seconds), seconds[0].source, min(e.runs for e in seconds))
        text = DESCRIPTIONS[self.recipe()]
        self.expected.setText(self.tr("{0}. Expected time: {1}.").format(f"{text[0].upper()}{text[1:]}",
                                                                       total.text()) + kept)

    def selected_backbones(self) -> list[str]:
        return [
            self.backbones.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.backbones.count())
            if self.backbones.item(i).checkState() == Qt.CheckState.Checked
        ]

    def specs(self) -> list[Any]:
        from reviewer.training.recipes import recipe_spec

        weights: str | None = self.weights.text().strip() or "imagenet"
        assert weights is not None
        if weights.lower() == "none":
            weights = None
        return [
            recipe_spec(
                self.recipe(),
                backbone=key, weights=weights, epochs=self.epochs.value(),
                batch_size=self.batch.value(), learning_rate=self.lr.value(),
                dropout=self.dropout.value(), input_size=self.input_size.value() or None,
                frozen_layers=None if self.frozen.value() < 0 else self.frozen.value(),
                trainable_from=self._loaded_cut(key),
                augment=self.augment.isChecked(), fast_path=self.fast.isChecked(),
                views=self.views.value(), early_stopping=self.patience.value(),
                class_weights=self.class_weights.isChecked(), tta=self.tta.isChecked(),
            )
            for key in self.selected_backbones()
        ]

    def _loaded_cut(self, backbone: str) -> str | None:
        """A loaded run's cut by layer name (``--train-from``), kept for a retrain of the
        same backbone and recipe while the frozen count says "recipe's cut"."""
        same = (self._loaded.get("backbone") == backbone
                and self._loaded.get("recipe") == self.recipe())
        cut = self._loaded.get("trainable_from") if same and self.frozen.value() < 0 else None
        return str(cut) if cut else None

    def load_settings(self, settings: dict[str, Any]) -> None:
        """Fill the form from a run's stored settings (retrain with corrections); the
        filled values count as the preset's, not as the user's edits."""
        self._filling = True
        try:
            self._load_settings(settings)
        finally:
            self._filling = False
        self._edited.clear()
        self.reset_preset.setEnabled(False)
        self._show_expected()

    def _load_settings(self, settings: dict[str, Any]) -> None:
        self.preset.blockSignals(True)
        self.set_recipe(str(settings.get("recipe", "paper")))
        self.preset.blockSignals(False)
        for i in range(self.backbones.count()):
            item = self.backbones.item(i)
            match = item.data(Qt.ItemDataRole.UserRole) == settings.get("backbone")
            item.setCheckState(Qt.CheckState.Checked if match else Qt.CheckState.Unchecked)
        self.weights.setText(str(settings.get("weights") or "none"))
        self.epochs.setValue(int(settings.get("epochs", 100)))
        self.batch.setValue(int(settings.get("batch_size", 32)))
        self.lr.setValue(float(settings.get("learning_rate", 1e-4)))
        self.dropout.setValue(float(settings.get("dropout", 0.2)))
        self.input_size.setValue(int(settings.get("input_size") or 0))
        frozen = settings.get("frozen_layers")
        self.frozen.setValue(-1 if frozen is None else int(frozen))
        self._loaded = dict(settings)
        self.augment.setChecked(bool(settings.get("augment", True)))
        self.fast.setChecked(bool(settings.get("fast_path", True)))
        self.views.setValue(int(settings.get("views", 8)))
        self.patience.setValue(int(settings.get("early_stopping") or 0))
        self.class_weights.setChecked(bool(settings.get("class_weights", False)))
        self.tta.setChecked(bool(settings.get("tta", False)))

    # --- running -----------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def retrain(self, run_id: int) -> None:
        """Start a new run with the settings of ``run_id`` on the corrected labels."""
        from reviewer.training.runs import get_run

        with self.catalogue.read() as session:
            info = get_run(session, run_id)
        self.load_settings(info.settings)
        self._parent_run = run_id
        self._log(self.tr("Retraining run {0} ({1}) with the corrected labels.").format(run_id, info.name))
        self.start()

    def start(self) -> None:
        specs = self.specs()
        if not specs:
            QMessageBox.information(self, self.tr("Training"), self.tr("Tick at least one backbone."))
            return
        parent_run, self._parent_run = self._parent_run, None
        catalogue, relay = self.catalogue, self.relay
        ensemble = self.ensemble.isEnabled() and self.ensemble.isChecked()
        stop_cache_fill(self.jobs)  # the run fills what is left of the cache itself

        def work(*, on_progress: Any, should_stop: Any) -> list[int]:
            from reviewer.training.session import run_session  # Keras: in the worker

            outcome = run_session(catalogue, specs, on_event=relay.report.emit,
                                  should_stop=should_stop, parent_run_id=parent_run,
                                  ensemble=ensemble)
            return outcome.done

        try:
            self.job = self.jobs.start(JobKind.TRAINING, work, busy_message=self.tr("A training is already running."))
        except Exception as exc:  # noqa: BLE001 - JobBusyError and friends: tell the user
            QMessageBox.information(self, self.tr("Training"), str(exc))
            return
        self.job.finished.connect(self._finished)
        self.job.cancelled.connect(lambda _r: self._ended(self.tr("Training cancelled; the run is "
                                                          "kept as cancelled and can be resumed.")))
        self.job.failed.connect(self._failed)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.log.clear()
        self.curves.clear()
        self._log(self.tr("Queued: {0}").format(", ".join(s.backbone for s in specs)))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling after the current batch…"))
            self.cancel_button.setEnabled(False)

    def _on_report(self, item: Any) -> None:
        from reviewer.training import session as s  # loaded by the worker already
        from reviewer.training.progress import Stage

        if isinstance(item, s.RunStarting):
            self.curves.clear(item.backbone)
            self._log(self.tr("— {0} ({1} of {2}) —").format(item.backbone, item.position, item.count))
            return
        if isinstance(item, s.RunTrained):
            r = item.result
            self._log(counted(self.tr("Run {1} {2}: {0} epoch(s) in {3} s on {4} ({5} of {6} layers frozen).",
                                      "", len(r.history)), len(r.history), r.run_id, r.status,
                              number(round(r.wall_seconds)), r.device, number(r.frozen_count),
                              number(r.total_layers)))
            return
        if isinstance(item, s.EvaluationProgress):
            self.progress.setRange(0, max(item.total, 1))
            self.progress.setValue(item.done)
            self.progress.setFormat(self.tr("evaluating {0} %v / %m").format(item.split))
            return
        if isinstance(item, s.SplitEvaluated):
            self._log(self.tr("Run {0}: {1} accuracy {2}").format(item.run_id, item.split, number(item.accuracy, 4)))
            return
        if isinstance(item, s.SplitSkipped):
            self._log(self.tr("{0} not evaluated: {1}").format(item.split, item.reason))
            return
        if isinstance(item, s.RunDone):
            self.runFinished.emit(item.run_id)
            return
        if isinstance(item, s.EnsembleMade):
            self._log(self.tr("Run {0}: ensemble of runs {1}.").format(
                item.run_id, ", ".join(map(str, item.members))))
            return
        p = item
        if p.stage == Stage.CACHING:
            self.progress.setRange(0, max(p.steps, 1))
            self.progress.setValue(p.step)
            self.progress.setFormat(self.tr("caching frozen features %v / %m"))
            self.status.setText(p.message)
        elif p.stage == Stage.TRAINING:
            self.progress.setRange(0, max(p.epochs, 1))
            self.progress.setValue(p.epoch if p.epoch_end else p.epoch - 1)
            self.progress.setFormat(self.tr("epoch %v / %m"))
            logs = ", ".join(f"{k} {number(v, 3)}" for k, v in p.logs.items())
            eta = _format_eta(p.eta_seconds)
            self.status.setText(f"{p.message}: {logs}" + (self.tr(" — about {0} left").format(eta) if eta else ""))
            if p.epoch_end:
                self.curves.add_epoch(p.epoch, p.logs)
                self._log(self.tr("epoch {0}: {1}").format(p.epoch, logs))
        else:
            self.status.setText(p.message)
            self._log(p.message)

    def _finished(self, run_ids: list[int]) -> None:
        self._ended(counted(self.tr("Done: run(s) {1}. See the Runs tab.", "", len(run_ids)), len(run_ids),
                            ", ".join(map(str, run_ids))))

    def _failed(self, message: str) -> None:
        self._ended(self.tr("Training stopped with an error."))
        self._log(message)
        QMessageBox.warning(self, self.tr("Training"), message)

    def _ended(self, text: str) -> None:
        self.status.setText(text)
        self._log(text)
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.job = None

    def _log(self, text: str) -> None:
        self.log.appendPlainText(text)
