"""QSettings of a test live in its tmp_path and are cleared afterwards, and Python's
cycle collector runs on the GUI thread while a test runs, as in the app: the Qt test
folders import these autouse fixtures into their conftest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from reviewer.ui.common.gui_thread_gc import GuiThreadCollector


@pytest.fixture(autouse=True)
def _fresh_qsettings(tmp_path: Path) -> Iterator[None]:
    QCoreApplication.setOrganizationName("Product Image Reviewer Tests")
    QCoreApplication.setApplicationName("Product Image Reviewer Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """What ``run_app`` installs: worker threads (training, imports) never run a
    collection that would finalise a Qt object left in a cycle by an earlier test."""
    collector = GuiThreadCollector()
    yield collector
    collector.uninstall()  # what is due is collected here, on the GUI thread
