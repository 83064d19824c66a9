"""The curator's name is asked once, at the first start, and kept in the settings the
command line reads too; it is not silently the login name."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from reviewer.settings import Settings, load_settings
from reviewer.ui.app import run_app
from reviewer.ui.dialogs.curator_dialog import CuratorNameDialog, ask_curator_name_once
from reviewer.ui.main_window import MainWindow
from tests.ui.helpers import when_shown


def _type_and_ok(name: str):  # type: ignore[no-untyped-def]
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, CuratorNameDialog)
        dialog.name_edit.setText(name)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return act


def test_first_start_asks_the_name_and_remembers_it(qtbot) -> None:
    settings = Settings()
    shown = when_shown("curatorName", _type_and_ok("Dana Curator"))
    assert ask_curator_name_once(settings)
    assert shown  # the dialog was on screen
    assert settings.curator == "Dana Curator"
    assert load_settings().curator == "Dana Curator"

    again = when_shown("curatorName", lambda d: d.close(), tries=10)
    assert not ask_curator_name_once(load_settings())
    assert again == []


def test_cancel_keeps_the_suggested_name_and_does_not_ask_again(qtbot) -> None:
    settings = Settings()
    suggestion = settings.curator_name
    when_shown("curatorName", lambda d: d.reject())
    assert ask_curator_name_once(settings)
    assert load_settings().curator == suggestion
    assert not ask_curator_name_once(load_settings())


def test_ok_needs_a_name(qtbot) -> None:
    dialog = CuratorNameDialog("someone")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.name_edit.text() == "someone"
    dialog.name_edit.setText("   ")
    assert not ok.isEnabled()


def test_the_app_asks_at_first_start_then_opens_the_window(qtbot) -> None:
    """run_app as `reviewer` runs it: the name first, then the window (closed here)."""
    seen: list[MainWindow] = []

    def close_window_when_up(left: int = 1500) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget)
                widget.close()
                return
        if left:
            QTimer.singleShot(20, lambda: close_window_when_up(left - 1))

    asked = when_shown("curatorName", _type_and_ok("Erin"))
    QTimer.singleShot(0, close_window_when_up)
    assert run_app(None, detect_device=False) == 0
    assert asked and seen
    assert load_settings().curator == "Erin"
    assert seen[0].actor() == "Erin"
