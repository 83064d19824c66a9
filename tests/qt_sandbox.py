"""QSettings of a test live in its tmp_path and are cleared afterwards: the Qt test
folders import this autouse fixture into their conftest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def _fresh_qsettings(tmp_path: Path) -> Iterator[None]:
    QCoreApplication.setOrganizationName("Product Image Reviewer Tests")
    QCoreApplication.setApplicationName("Product Image Reviewer Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield
    QSettings().clear()
