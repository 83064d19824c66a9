"""Start the desktop app: ``run_app(url)`` opens the catalogue (offering another
file when it cannot) and shows the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.location import is_default_catalogue, missing_catalogue_file
from reviewer.errors import CatalogueUnavailableError, UserError
from reviewer.settings import load_settings
from reviewer.ui.common.colours import apply_theme
from reviewer.ui.common.gui_thread_gc import GuiThreadCollector
from reviewer.ui.common.resources import app_icon, style_sheet
from reviewer.ui.common.translation import install_translators
from reviewer.ui.dialogs.curator_dialog import ask_curator_name_once
from reviewer.ui.dialogs.missing_catalogue import Answer, ask_create
from reviewer.ui.dialogs.password_dialog import open_catalogue_asking
from reviewer.ui.main_window import APP_TITLE, CATALOGUE_FILES, MainWindow

ORGANISATION = "Product Image Reviewer"
DESKTOP_FILE = "product-image-reviewer"


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication, named for QSettings, with the icon and style sheet."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_TITLE)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_TITLE)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())
    return app


def open_or_ask(url: str | None, parent: QWidget | None = None) -> Catalogue | None:
    """Open ``url`` (the default catalogue when None); on a problem the user can fix,
    say what it is and offer to pick another file. A path with nothing at it (other
    than the default catalogue) is created only when the user says so. None when they
    give up."""
    while True:
        missing = None if is_default_catalogue(url) else missing_catalogue_file(str(url))
        if missing is not None:
            answer = ask_create(missing, parent, offer_choose=True)
            if answer is Answer.CANCEL:
                return None
            if answer is Answer.CHOOSE:
                path, _ = QFileDialog.getOpenFileName(parent, "Open catalogue", "",
                                                      CATALOGUE_FILES)
                if not path:
                    return None
                url = path
                continue
        try:
            return open_catalogue_asking(url, parent)  # asks for a server's password
        except Exception as exc:  # UserError, or a file that is not a database
            if not isinstance(exc, UserError):
                logging.getLogger(__name__).exception("Opening %s failed", url)
            message = str(exc) if isinstance(exc, UserError) else f"Cannot open {url}: {exc}"
            box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open the catalogue",
                              message.split("\n", 1)[0], parent=parent)
            if isinstance(exc, UserError) and exc.hint:
                box.setInformativeText(exc.hint)
            choose = box.addButton("Choose another file…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not choose:
                return None
            path, _ = QFileDialog.getOpenFileName(parent, "Open catalogue", "", CATALOGUE_FILES)
            if not path:
                return None
            url = path


def run_app(url: str | None, *, detect_device: bool = True) -> int:
    """Open ``url`` (or the default catalogue) in the desktop app; returns the exit code."""
    logging.basicConfig(level=logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = make_application()
    collector = GuiThreadCollector(app)  # worker threads never finalise Qt objects
    try:
        settings = load_settings()
        install_translators(app, settings.language)  # the setting, else the system's locale
        apply_theme(app, settings.theme)
        catalogue = open_or_ask(url)
        if catalogue is None:
            return CatalogueUnavailableError.exit_code
        ask_curator_name_once(settings)  # the first start only
        window = MainWindow(catalogue, settings, detect_device=detect_device)
        window.show()
        return int(app.exec())
    finally:
        collector.uninstall()
