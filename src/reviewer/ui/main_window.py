"""The main window: menus, the tab area (Catalogue now; Training and Runs later),
the status bar with the catalogue's counts and the compute device, and the
catalogue that is open."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from reviewer import __version__
from reviewer.catalogue.credentials import PasswordRequiredError
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.location import missing_catalogue_file
from reviewer.catalogue.queries import SUGGESTION_SORTS, totals
from reviewer.errors import UserError
from reviewer.settings import Settings, load_settings, save_settings
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from reviewer.ui.catalogue.suggestion_refresh import SuggestionRefresher
from reviewer.ui.common.colours import apply_theme
from reviewer.ui.common.device_probe import DETECTING, DeviceProbe
from reviewer.ui.common.notices import show_notice
from reviewer.ui.common.translation import counted, number
from reviewer.ui.common.worker import Jobs
from reviewer.ui.dialogs.category_dialog import CategoryDialog
from reviewer.ui.dialogs.demo_progress import DemoBuilder
from reviewer.ui.dialogs.export_dialog import ExportDialog
from reviewer.ui.dialogs.import_dialog import ImportDialog
from reviewer.ui.dialogs.missing_catalogue import Answer, ask_create
from reviewer.ui.dialogs.password_dialog import open_catalogue_asking
from reviewer.ui.dialogs.settings_dialog import SettingsDialog
from reviewer.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from reviewer.ui.map.map_view import MapView
from reviewer.ui.moderation.moderation_view import ModerationView
from reviewer.ui.review.review_view import ReviewView
from reviewer.ui.runs.runs_view import RunsView
from reviewer.ui.training.cache_fill import start_cache_fill
from reviewer.ui.training.training_view import TrainingView

log = logging.getLogger(__name__)

APP_TITLE = "Product Image Reviewer"
CATALOGUE_FILES = "Catalogues (*.sqlite *.sqlite3 *.db);;All files (*)"
STATUS_TIMEOUT_MS = 8000


class StatusTotals(QObject):
    """The status bar's counts, translated, with numbers in the app's locale."""

    def text(self, counts: dict[str, int]) -> str:
        def n(key: str) -> str:
            return number(counts[key])

        images = counts["images"]
        parts = [counted(self.tr("{0} image(s)", "", images), images),
                 self.tr("{0} labelled").format(n("labelled")),
                 self.tr("{0} unsure").format(n("unsure")),
                 self.tr("train {0} · validation {1} · test {2}").format(
                     n("train"), n("validation"), n("test"))]
        if counts.get("unsplit"):
            parts.append(self.tr("no split {0}").format(n("unsplit")))
        return " · ".join(parts)


def format_totals(counts: dict[str, int]) -> str:
    """One line for the status bar from ``queries.totals``."""
    return StatusTotals().text(counts)


def _shortcuts(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    keys = list(QKeySequence.keyBindings(standard))
    for text in extra:
        key = QKeySequence(text)
        if key not in keys:
            keys.append(key)
    return keys


class MainWindow(QMainWindow):
    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings | None = None,
        *,
        detect_device: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or load_settings()
        self.jobs = Jobs(self)
        self.catalogue: Catalogue = catalogue
        self.catalogue_view: CatalogueView | None = None
        self.training_view: TrainingView | None = None
        self.runs_view: RunsView | None = None
        self.moderation_view: ModerationView | None = None
        self.review_view: ReviewView | None = None
        self.suggestion_refresher: SuggestionRefresher | None = None
        self.map_view: MapView | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.category_dialog: CategoryDialog | None = None
        self.demo_builder: DemoBuilder | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Screens"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setCentralWidget(self.tabs)
        self.totals_label = QLabel()
        self.device_label = QLabel(DETECTING)
        self.device_label.setToolTip(self.tr("Where training would run"))
        self.statusBar().addWidget(self.totals_label, 1)
        self.statusBar().addPermanentWidget(self.device_label)
        self._totals_timer = QTimer(self)
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(1000)  # a full count: not on every key press
        self._totals_timer.timeout.connect(self.update_totals)
        self._build_actions()
        self._build_menus()
        self.set_catalogue(catalogue)
        self.resize(1400, 900)
        self._restore_state()
        self.device_probe: DeviceProbe | None = None
        if not detect_device:
            self.device_label.setText("")
        else:
            self.device_probe = DeviceProbe(parent=self)
            self.device_probe.found.connect(self.device_label.setText)
            QTimer.singleShot(0, self.device_probe.start)
        if self.settings.problem:  # a bad settings.json was set aside: say so, once
            problem = self.settings.problem
            QTimer.singleShot(0, lambda: show_notice(self, "Settings were reset", problem))

    # --- actions and menus ----------------------------------------------------------------

    def _action(self, text: str, slot: object, shortcut: object = None, *,
                tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, (QKeySequence.StandardKey, list)):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(str(shortcut)))
        if tip:
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda *_: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New catalogue…"), self.new_catalogue, sk.New,
                                       tip=self.tr("Create an empty catalogue file"))
        self.open_action = self._action(self.tr("&Open catalogue…"), self.choose_catalogue, sk.Open)
        self.demo_action = self._action(
            self.tr("Open the &demo catalogue"), self.open_demo_catalogue,
            tip=self.tr("400 photos of clothes in ten categories, to try labelling and training"))
        self.import_folder_action = self._action(self.tr("&Import folder…"), self.import_folder, "Ctrl+I")
        self.import_csv_action = self._action(self.tr("Import &CSV…"), self.import_csv, "Ctrl+Shift+I")
        self.export_action = self._action(self.tr("&Export…"), self.show_export, "Ctrl+E")
        preferences = _shortcuts(sk.Preferences, "Ctrl+,")
        self.settings_action = self._action(self.tr("&Settings…"), self.show_settings, preferences)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(self.tr("&Quit"), self.close, _shortcuts(sk.Quit, "Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._action(self.tr("&Undo"), self.undo, _shortcuts(sk.Undo, "Ctrl+Z"))
        self.redo_action = self._action(self.tr("&Redo"), self.redo, _shortcuts(sk.Redo, "Ctrl+Shift+Z"))
        self.select_all_action = self._action(self.tr("Select &all"), self.select_all,
                                              _shortcuts(sk.SelectAll, "Ctrl+A"))
        self.unsure_action = self._action(self.tr("Toggle u&nsure"), self.toggle_unsure, "U")
        # A window shortcut: it works from the filter bar too; a text field takes the
        # key as typing (QLineEdit accepts the shortcut override for printable keys).
        self.categories_action = self._action(self.tr("&Categories…"), self.show_categories, "Ctrl+K")
        self.advance_action = self._action(self.tr("&Advance after labelling"), self._set_advance,
                                           checkable=True)
        self.advance_action.setChecked(True)
        self.filters_action = self._action(self.tr("&Filters"), self._show_filters, "Ctrl+Shift+F",
                                           checkable=True)
        self.filters_action.setChecked(True)
        self.find_action = self._action(self.tr("&Find…"), self.focus_search, sk.Find)
        self.clear_filters_action = self._action(self.tr("&Clear filters"), self.clear_filters)
        self.detail_action = self._action(self.tr("&Detail pane"), self._show_detail, "Ctrl+D",
                                          checkable=True)
        self.detail_action.setChecked(True)
        self.reload_action = self._action(self.tr("&Reload"), self.reload, _shortcuts(sk.Refresh, "F5"))
        self.shortcuts_action = self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts,
                                             _shortcuts(sk.HelpContents, "F1"))
        self.about_action = self._action(self.tr("&About Product Image Reviewer"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.more_like_action = self._action(self.tr("&More like this"), self.more_like_this, "M",
                                             tip=self.tr("The images most like the selected one"))
        self.heat_map_action = self._action(
            self.tr("&Heat map"), self.toggle_heat_map, "H",
            tip=self.tr("Show or hide what the model looked at in the photo"))
        self.accept_all_action = self._action(
            self.tr("Accept all shown above 95 %"), self.accept_all_shown,
            tip=self.tr("Label every image shown whose suggestion is ≥ 95 % confident (one step)"))
        self.refresh_suggestions_action = self._action(
            self.tr("Refresh su&ggestions"), self.refresh_suggestions,
            tip=self.tr("Suggest a category for every unlabelled image (newest run, or embeddings)"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_folder_action)
        file_menu.addAction(self.import_csv_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu(self.tr("&Edit"))
        for action in (self.undo_action, self.redo_action, None, self.select_all_action,
                       self.unsure_action, None, self.accept_all_action,
                       self.refresh_suggestions_action, None, self.categories_action,
                       self.advance_action):
            if action is None:
                edit.addSeparator()
            else:
                edit.addAction(action)
        view = bar.addMenu(self.tr("&View"))
        for action in (self.filters_action, self.find_action, self.clear_filters_action, None,
                       self.detail_action, self.heat_map_action, None, self.more_like_action,
                       self.reload_action):
            if action is None:
                view.addSeparator()
            else:
                view.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.demo_action)
        help_menu.addAction(self.about_action)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [u for u in self.settings.recent_catalogues if u != self.catalogue.url]
        for url in recent:
            action = self.recent_menu.addAction(url.removeprefix("sqlite:///"))
            action.triggered.connect(lambda *_, u=url: self.open_catalogue_url(u))
        if not recent:
            self.recent_menu.addAction(self.tr("No other catalogues yet")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear the list"), self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.recent_catalogues = [self.catalogue.url]
        self._save_settings()

    # --- the catalogue ----------------------------------------------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show ``catalogue`` in the Catalogue tab (the previous one is closed)."""
        old_view, old_catalogue = self.catalogue_view, self.catalogue
        if old_view is not None:
            old_view.save_state(QSettings())
            old_view.shutdown()
            self.tabs.removeTab(self.tabs.indexOf(old_view))
            old_view.setParent(None)  # freed when the last reference goes, below
            if old_catalogue is not catalogue:
                old_catalogue.close()
        for dialog in (self.import_dialog, self.export_dialog, self.category_dialog):
            if dialog is not None:
                dialog.close()
                dialog.setParent(None)
        self.import_dialog = self.export_dialog = self.category_dialog = None
        old_view = None
        self.catalogue = catalogue
        view = CatalogueView(catalogue, self.actor)
        view.restore_state(QSettings())
        view.importRequested.connect(self.import_folder)
        view.demoRequested.connect(self.open_demo_catalogue)
        view.catalogueEdited.connect(self._totals_timer.start)
        view.statusMessage.connect(self.show_status)
        self._replace_suggestion_refresher(catalogue, view)
        self.catalogue_view = view
        view.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.grid.addAction(self.more_like_action)
        self.tabs.insertTab(0, view, self.tr("Catalogue"))
        self.tabs.tabBar().installEventFilter(view.key_filter)  # keys label from the tabs too
        self._replace_analysis_tabs(catalogue)
        self.tabs.setCurrentIndex(0)
        view.filter_bar.setVisible(self.filters_action.isChecked())
        view.detail.setVisible(self.detail_action.isChecked())
        self.advance_action.setChecked(view.auto_advance)
        read_only = self.tr(" (read-only)") if catalogue.read_only else ""
        self.setWindowTitle(f"{catalogue.display_name}{read_only} — {APP_TITLE}")
        self.settings.remember_catalogue(catalogue.url)
        self._save_settings()
        self.update_totals()

    def _replace_analysis_tabs(self, catalogue: Catalogue) -> None:
        """The Training and Runs tabs for ``catalogue``, wired together: a finished run
        shows in Runs; "retrain with corrections" in Runs starts a run in Training; a
        relabel in a confusion cell's gallery refreshes the catalogue grid."""
        for old in (self.training_view, self.runs_view, self.review_view):
            if old is not None:
                self.tabs.removeTab(self.tabs.indexOf(old))
                if isinstance(old, RunsView | ReviewView):
                    old.shutdown()
                old.setParent(None)
        training = TrainingView(catalogue, self.jobs,
                                default_backbone=self.settings.default_backbone)
        runs = RunsView(catalogue, self.jobs, self.actor)
        training.runFinished.connect(runs.show_new_run)
        if self.suggestion_refresher is not None:
            training.runFinished.connect(self.suggestion_refresher.run_finished)
        runs.retrainRequested.connect(self._retrain)
        runs.labelsChanged.connect(self._on_runs_relabelled)
        runs.statusMessage.connect(self.show_status)
        runs.trainingRequested.connect(lambda: self.tabs.setCurrentWidget(training))
        self.training_view, self.runs_view = training, runs
        self.tabs.insertTab(1, training, self.tr("Training"))
        self.tabs.insertTab(2, runs, self.tr("Runs"))
        review = ReviewView(catalogue, self.jobs, self.actor)
        review.labelsChanged.connect(self._on_runs_relabelled)
        review.statusMessage.connect(self.show_status)
        self.review_view = review
        self.tabs.insertTab(3, review, self.tr("Review"))
        self._replace_moderation_tab(catalogue)
        self._replace_map_tab(catalogue)

    def _replace_map_tab(self, catalogue: Catalogue) -> None:
        old = self.map_view
        if old is not None:
            old.shutdown()
            self.tabs.removeTab(self.tabs.indexOf(old))
            old.setParent(None)
        view = MapView(catalogue, self.jobs, self.actor)
        view.statusMessage.connect(self.show_status)
        view.labelsChanged.connect(self._on_runs_relabelled)
        if self.training_view is not None:
            self.training_view.runFinished.connect(lambda *_: view.refresh_runs())
        self.map_view = view
        after = self.tabs.indexOf(self.moderation_view) if self.moderation_view else 3
        self.tabs.insertTab(after + 1, view, self.tr("Map"))

    def _replace_moderation_tab(self, catalogue: Catalogue) -> None:
        old = self.moderation_view
        if old is not None:
            old.shutdown()
            self.tabs.removeTab(self.tabs.indexOf(old))
            old.setParent(None)
        view = ModerationView(catalogue, self.actor)
        view.statusMessage.connect(self.show_status)
        view.labelsChanged.connect(lambda: self._on_runs_relabelled([]))
        self.moderation_view = view
        self.tabs.insertTab(4, view, self.tr("Moderation"))

    def _on_tab_changed(self, _index: int) -> None:
        """U is the catalogue's key: elsewhere (a confusion cell's gallery) it goes to
        the screen's own key handling."""
        on_catalogue = self.catalogue_view is not None and \
            self.tabs.currentWidget() is self.catalogue_view
        self.unsure_action.setEnabled(on_catalogue)
        on_moderation = self.moderation_view is not None and \
            self.tabs.currentWidget() is self.moderation_view
        self.heat_map_action.setEnabled(on_catalogue or on_moderation)

    def _replace_suggestion_refresher(self, catalogue: Catalogue, view: CatalogueView) -> None:
        if self.suggestion_refresher is not None:
            self.suggestion_refresher.shutdown()
            self.suggestion_refresher.setParent(None)
        refresher = SuggestionRefresher(catalogue, self.jobs, self)
        view.catalogueEdited.connect(refresher.labels_changed)
        refresher.refreshed.connect(self._on_suggestions_refreshed)
        refresher.failed.connect(
            lambda message, asked: show_notice(self, "Suggestions", message) if asked
            else self.show_status(f"Suggestions not refreshed: {message.splitlines()[0]}"))
        refresher.progress.connect(
            lambda done, total, text: self.show_status(
                text or f"Computing suggestions… {done:,} of {total:,}"))
        self.suggestion_refresher = refresher

    def refresh_suggestions(self) -> None:
        if self.suggestion_refresher is not None:
            self.suggestion_refresher.refresh()

    def accept_all_shown(self) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.accept_all_shown()

    def _on_suggestions_refreshed(self, message: str) -> None:
        view = self.catalogue_view
        if view is not None:
            if view.model.sort[0] in SUGGESTION_SORTS:
                view.model.reload()  # the order itself changed
            else:
                view.model.refresh_loaded()
        self.show_status(message)

    def more_like_this(self) -> None:
        """Open the images most like the selected one in the review gallery."""
        view, review = self.catalogue_view, self.review_view
        rows = view.selected_rows() if view is not None else []
        if review is not None and rows:
            review.more_like_this(rows[0].id, rows[0].file_name)

    def _retrain(self, run_id: int) -> None:
        if self.training_view is None:
            return
        if self.training_view.is_running():
            show_notice(self, "Training", "A training is already running; retrain when it "
                        "has finished.")
            return
        self.tabs.setCurrentWidget(self.training_view)
        try:
            self.training_view.retrain(run_id)  # the run's settings, parent_run_id=run_id
        except UserError as exc:
            show_notice(self, "Cannot retrain", str(exc))

    def _on_runs_relabelled(self, image_ids: list[int]) -> None:
        """A relabel in a confusion cell's gallery: re-read those rows in the grid."""
        view = self.catalogue_view
        if view is not None:
            if image_ids:
                view.model.refresh_rows(image_ids)
            else:
                view.model.refresh_loaded()
        self._totals_timer.start()

    def open_catalogue_url(self, url: str, *, ask_to_create: bool = True) -> bool:
        """Open ``url`` (file path or database URL); a problem is shown, not raised.
        A file that does not exist is created only after asking (unless
        ``ask_to_create`` is False: File › New, the demo catalogue)."""
        if self.jobs.any_running():
            show_notice(self, "A job is running",
                        "Wait for the import or export to finish before opening another "
                        "catalogue.")
            return False
        missing = missing_catalogue_file(url) if ask_to_create else None
        if missing is not None and ask_create(missing, self) is not Answer.CREATE:
            self.show_status(f"Nothing opened: there is no catalogue at {missing}.")
            return False
        try:
            catalogue = open_catalogue_asking(url, self)
        except PasswordRequiredError:
            return False  # the user cancelled the password box
        except UserError as exc:
            show_notice(self, "Cannot open the catalogue", str(exc))
            return False
        except Exception as exc:  # e.g. a file that is not a database (logged)
            log.exception("Opening %s failed", url)
            show_notice(self, "Cannot open the catalogue", f"Cannot open {url}: {exc}")
            return False
        self.set_catalogue(catalogue)
        return True

    def choose_catalogue(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open catalogue", "", CATALOGUE_FILES)
        if path:
            self.open_catalogue_url(path)

    def new_catalogue(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New catalogue", "catalogue.sqlite",
                                              CATALOGUE_FILES)
        if path:
            self.open_catalogue_url(path, ask_to_create=False)

    def open_demo_catalogue(self) -> None:
        """Open the demo catalogue in the data folder, making it first if needed."""
        if self.demo_builder is not None:
            if self.demo_builder.job is not None and self.demo_builder.job.is_running():
                return  # its progress dialog is showing
            self.demo_builder.deleteLater()
        builder = DemoBuilder(self.jobs, self.settings.data_path, self)  # as set now
        builder.ready.connect(self._open_demo)
        builder.failed.connect(
            lambda message: show_notice(self, "Cannot make the demo catalogue", message))
        builder.cancelled.connect(
            lambda: self.show_status("Cancelled: the demo catalogue was not made."))
        self.demo_builder = builder
        builder.start()

    def _open_demo(self, path: str) -> None:
        if Path(path).resolve() == Path(self.catalogue.display_name).resolve():
            return  # already open
        if self.open_catalogue_url(path, ask_to_create=False):
            self.show_status("The demo catalogue: 400 photos of clothes in ten categories, "
                             "split into train, validation and test. Try the number keys.")

    def actor(self) -> str:
        return self.settings.curator_name

    def update_totals(self) -> None:
        try:
            with self.catalogue.read() as session:
                counts = totals(session)
        except UserError as exc:
            self.totals_label.setText(str(exc).split("\n", 1)[0])
            return
        self.totals_label.setText(format_totals(counts))

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    # --- commands -----------------------------------------------------------------------------

    def import_folder(self) -> ImportDialog:
        dialog = self._import_dialog()
        if not dialog.is_running() and not dialog.path_edit.text():
            QTimer.singleShot(0, dialog.choose_folder)
        return dialog

    def import_csv(self) -> ImportDialog:
        dialog = self._import_dialog()
        if not dialog.is_running():
            QTimer.singleShot(0, dialog.choose_csv)
        return dialog

    def _import_dialog(self) -> ImportDialog:
        dialog = self.import_dialog
        if dialog is None or (not dialog.is_running() and dialog.report is not None):
            if dialog is not None:
                dialog.setParent(None)  # the finished one goes with its last reference
            dialog = ImportDialog(self.catalogue, self.jobs, self.actor, self)
            dialog.imported.connect(self._on_imported)
            self.import_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _on_imported(self, report: object) -> None:
        summary = getattr(report, "summary", None)
        if callable(summary):
            self.show_status(summary())
        if self.catalogue_view is not None:
            self.catalogue_view.refresh()
        self.update_totals()
        start_cache_fill(self.catalogue, self.jobs, self.settings.default_backbone)

    def show_export(self) -> None:
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.catalogue, self.jobs, self)
        self.export_dialog.show()
        self.export_dialog.raise_()

    def show_categories(self) -> None:
        if self.category_dialog is None:
            self.category_dialog = CategoryDialog(self.catalogue, self.actor, self)
            self.category_dialog.changed.connect(self._on_categories_changed)
        self.category_dialog.reload()
        self.category_dialog.show()
        self.category_dialog.raise_()

    def _on_categories_changed(self, labels_moved: bool) -> None:
        view = self.catalogue_view
        if view is not None:
            view.reload_categories()
            if labels_moved:
                view.model.refresh_loaded()
        self.update_totals()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        try:
            dialog.exec()
        except OSError as exc:
            show_notice(self, "Cannot save the settings", str(exc))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.theme)

    def show_shortcuts(self) -> None:
        keys = self.catalogue_view.labeller.key_categories if self.catalogue_view else []
        ShortcutsDialog(keys, self.actions(), self).exec()

    def about_text(self) -> str:
        """The About box's rich text; the catalogue's name is escaped (a file name or a
        shared database's URL is data, never markup)."""
        return (
            f"<h3>{APP_TITLE} {__version__}</h3>"
            "<p>Import, label and split product images; fine-tune ImageNet CNNs on them; "
            "moderate incoming listings.</p>"
            f"<p>Catalogue: {html.escape(self.catalogue.display_name)}</p>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_TITLE}", self.about_text())

    def undo(self) -> None:
        if self.moderation_view is not None and self.tabs.currentWidget() is self.moderation_view:
            self.moderation_view.undo()
        elif self.catalogue_view is not None:
            self.catalogue_view.undo()

    def redo(self) -> None:
        if self.moderation_view is not None and self.tabs.currentWidget() is self.moderation_view:
            self.moderation_view.undo(redo=True)
        elif self.catalogue_view is not None:
            self.catalogue_view.redo()

    def select_all(self) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.select_all()

    def toggle_heat_map(self) -> None:
        if self.moderation_view is not None and self.tabs.currentWidget() is self.moderation_view:
            self.moderation_view.toggle_heat_map()
        elif self.catalogue_view is not None and self.tabs.currentWidget() is self.catalogue_view:
            self.catalogue_view.toggle_heat_map()

    def toggle_unsure(self) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.toggle_unsure()

    def focus_search(self) -> None:
        if self.catalogue_view is not None:
            self.filters_action.setChecked(True)
            self.catalogue_view.filter_bar.search_edit.setFocus()
            self.catalogue_view.filter_bar.search_edit.selectAll()

    def clear_filters(self) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.filter_bar.clear()

    def reload(self) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.refresh()
        self.update_totals()

    def _set_advance(self, on: bool) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.auto_advance = on

    def _show_filters(self, on: bool) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.filter_bar.setVisible(on)

    def _show_detail(self, on: bool) -> None:
        if self.catalogue_view is not None:
            self.catalogue_view.detail.setVisible(on)

    # --- state and closing ------------------------------------------------------------------

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self.show_status(f"Cannot save the settings: {exc}")

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("mainWindow/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("mainWindow/state")
        if state is not None:
            self.restoreState(state)
        filters = str(settings.value("mainWindow/filtersVisible", True)).lower() != "false"
        detail = str(settings.value("mainWindow/detailVisible", True)).lower() != "false"
        self.filters_action.setChecked(filters)
        self.detail_action.setChecked(detail)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        settings.setValue("mainWindow/state", self.saveState())
        settings.setValue("mainWindow/filtersVisible", self.filters_action.isChecked())
        settings.setValue("mainWindow/detailVisible", self.detail_action.isChecked())
        if self.catalogue_view is not None:
            self.catalogue_view.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.jobs.any_running() and self.isVisible():
            answer = QMessageBox.question(
                self, "Quit",
                "A job (import, export or training) is still running. Stop it and quit? "
                "What was already imported stays in the catalogue; a training run is kept "
                "as cancelled and can be resumed.")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_state()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every background job and thread, and close the catalogue."""
        self.jobs.shutdown()
        if self.device_probe is not None:
            self.device_probe.stop()
        if self.catalogue_view is not None:
            self.catalogue_view.shutdown()
        if self.runs_view is not None:
            self.runs_view.shutdown()
        if self.moderation_view is not None:
            self.moderation_view.shutdown()
        if self.review_view is not None:
            self.review_view.shutdown()
        if self.map_view is not None:
            self.map_view.shutdown()
        for dialog in (self.import_dialog, self.export_dialog, self.category_dialog):
            if dialog is not None:
                dialog.hide()
        self.catalogue.close()
