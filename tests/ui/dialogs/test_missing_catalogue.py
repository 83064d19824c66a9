"""A mistyped catalogue path: File › Open, Open Recent and the command-line argument
ask "Create a new catalogue here?" and create nothing (not even a folder) unless the
curator says so; File › New and the default catalogue do not ask."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.settings import Settings
from reviewer.ui.app import open_or_ask
from reviewer.ui.main_window import MainWindow
from tests.ui.helpers import click_when_shown

QUESTION = "Create a new catalogue here?"


@pytest.fixture
def window(qtbot, labelled_catalogue: Catalogue) -> Iterator[MainWindow]:
    win = MainWindow(labelled_catalogue, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _nothing_at(path: Path) -> bool:
    return not path.exists() and not path.parent.exists()


def test_open_asks_and_creates_nothing_when_declined(window: MainWindow, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    typo = tmp_path / "catalouges" / "team.sqlite"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(typo), ""))
    before = window.catalogue
    answered = click_when_shown("missingCatalogue", "cancel")
    window.open_action.trigger()
    assert answered and QUESTION in answered[0] and str(typo) in answered[0]
    assert _nothing_at(typo)
    assert window.catalogue is before
    assert not window.catalogue_view.is_empty_state()  # still showing the 16 images
    assert str(typo) in window.statusBar().currentMessage()


def test_open_creates_the_catalogue_when_the_curator_says_so(window: MainWindow,
                                                             tmp_path: Path) -> None:
    new = tmp_path / "new folder" / "fresh.sqlite"
    answered = click_when_shown("missingCatalogue", "create")
    assert window.open_catalogue_url(str(new))
    assert answered and "(and the folder" in answered[0]
    assert new.exists()
    assert window.catalogue.display_name == str(new)
    assert window.catalogue_view.is_empty_state()


def test_a_recent_catalogue_that_has_gone_asks_too(window: MainWindow, tmp_path: Path) -> None:
    gone = tmp_path / "moved" / "old.sqlite"
    window.settings.recent_catalogues.append(f"sqlite:///{gone}")
    window.recent_menu.aboutToShow.emit()
    action = next(a for a in window.recent_menu.actions() if a.text() == str(gone))
    answered = click_when_shown("missingCatalogue", "cancel")
    action.trigger()
    assert answered and str(gone) in answered[0]
    assert _nothing_at(gone)
    assert window.catalogue.display_name != str(gone)


def test_file_new_creates_without_asking(window: MainWindow, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "made on purpose.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    answered = click_when_shown("missingCatalogue", "cancel", tries=10)
    window.new_action.trigger()
    assert answered == []
    assert chosen.exists() and window.catalogue.display_name == str(chosen)


def test_command_line_argument_asks_before_creating(qtbot, tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "catalogue.sqlite"
    answered = click_when_shown("missingCatalogue", "cancel")
    assert open_or_ask(str(typo)) is None
    assert answered and QUESTION in answered[0]
    assert _nothing_at(typo)

    answered = click_when_shown("missingCatalogue", "create")
    catalogue = open_or_ask(str(typo))
    assert answered and catalogue is not None
    try:
        assert typo.exists() and catalogue.display_name == str(typo)
    finally:
        catalogue.close()


def test_the_default_catalogue_is_created_without_asking(qtbot) -> None:
    answered = click_when_shown("missingCatalogue", "cancel", tries=10)
    catalogue = open_or_ask(None)
    try:
        assert answered == []
        assert catalogue is not None and Path(catalogue.display_name).exists()
    finally:
        if catalogue is not None:
            catalogue.close()


def test_an_existing_catalogue_opens_without_asking(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "there.sqlite"
    open_catalogue(str(path)).close()
    answered = click_when_shown("missingCatalogue", "cancel", tries=10)
    catalogue = open_or_ask(str(path))
    try:
        assert answered == [] and catalogue is not None
    finally:
        if catalogue is not None:
            catalogue.close()
