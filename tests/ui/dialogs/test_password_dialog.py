"""The desktop app and a PostgreSQL catalogue with a password (issue 18.1), against the
real server: the window title, File › Recent and settings.json never show the password;
the app asks for it when the server wants one and can keep it in the keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keras  # noqa: F401  (the Runs tab's loader would import it on a worker thread)
import keyring
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import text

from reviewer.catalogue import credentials
from reviewer.catalogue.db import Catalogue
from reviewer.settings import load_settings, settings_file
from reviewer.ui.dialogs.password_dialog import PasswordDialog
from reviewer.ui.main_window import MainWindow
from tests.integration.test_catalogue_password import (  # noqa: F401 (fixtures)
    Alice,
    MemoryKeyring,
    _restore_keyring,
    alice,
)

pytestmark = pytest.mark.postgres


class PasswordAnswers:
    """Answers each password box the app opens, in order; records what each one said.
    A box beyond the script is cancelled (so a test never hangs on one)."""

    def __init__(self, answers: list[tuple[str, bool]]) -> None:
        self.answers = list(answers)
        self.seen: list[tuple[str, bool]] = []  # (message, remember box enabled)
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PasswordDialog) or not dialog.isVisible():
            return
        self.seen.append((dialog.message.text(), dialog.remember_box.isEnabled()))
        if not self.answers:
            dialog.reject()
            return
        password, remember = self.answers.pop(0)
        dialog.password_edit.setText(password)
        dialog.remember_box.setChecked(remember)
        dialog.accept()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def window(qtbot, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    win = MainWindow(catalogue, load_settings(), detect_device=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not win.jobs.any_running(), timeout=180_000)  # runs list loading
    win.close()


def _open(qtbot, window: MainWindow, url: str) -> bool:
    """File › Open as a user would: once the Runs tab has listed its runs."""
    qtbot.waitUntil(lambda: not window.jobs.any_running(), timeout=60_000)
    return window.open_catalogue_url(url)


def _recent_texts(window: MainWindow) -> list[str]:
    window._fill_recent()
    return [a.text() for a in window.recent_menu.actions()]


def _written(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in tmp_path.rglob("*")
                     if p.is_file() and p.suffix in (".json", ".ini", ".conf"))


def test_password_never_in_title_recent_menu_or_settings(
    qtbot, window: MainWindow, alice: Alice, catalogue: Catalogue, tmp_path: Path  # noqa: F811
) -> None:
    sqlite_path = catalogue.url
    assert _open(qtbot, window, alice.url_with_password)
    assert window.catalogue.url == alice.url
    assert alice.password not in window.windowTitle()
    assert alice.password not in window.about_text()
    assert _open(qtbot, window, sqlite_path)

    texts = _recent_texts(window)
    assert alice.url in texts
    assert not [t for t in texts if alice.password in t or ":***@" in t]
    assert alice.password not in settings_file().read_text()
    assert alice.password not in _written(tmp_path)


def test_the_app_asks_for_the_password_and_remembers_it_in_the_keyring(
    qtbot, window: MainWindow, alice: Alice, catalogue: Catalogue, tmp_path: Path  # noqa: F811
) -> None:
    store = MemoryKeyring()
    keyring.set_keyring(store)
    answers = PasswordAnswers([("wrong", False), (alice.password, True)])
    try:
        assert _open(qtbot, window, alice.url)
    finally:
        answers.stop()
    assert [enabled for _, enabled in answers.seen] == [True, True]
    assert "asks for a password" in answers.seen[0][0]
    assert "refused the password" in answers.seen[1][0]
    assert alice.url in answers.seen[0][0]
    with window.catalogue.read() as s:
        assert s.execute(text("SELECT current_user")).scalar() == alice.role
    assert list(store.entries.values()) == [alice.password]
    assert alice.password not in _written(tmp_path)

    # Next time the keyring supplies it: no box.
    assert _open(qtbot, window, catalogue.url)
    quiet = PasswordAnswers([])
    try:
        assert alice.url in _recent_texts(window)
        (recent,) = [a for a in window.recent_menu.actions() if a.text() == alice.url]
        qtbot.waitUntil(lambda: not window.jobs.any_running(), timeout=60_000)
        recent.trigger()
    finally:
        quiet.stop()
    assert quiet.seen == []
    assert window.catalogue.url == alice.url


def test_cancelling_the_box_keeps_the_open_catalogue_and_no_keyring_disables_remember(
    qtbot, window: MainWindow, alice: Alice, catalogue: Catalogue  # noqa: F811
) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    assert not credentials.keyring_available()
    answers = PasswordAnswers([])  # cancel
    try:
        assert not _open(qtbot, window, alice.url)
    finally:
        answers.stop()
    assert len(answers.seen) == 1 and answers.seen[0][1] is False  # remember box disabled
    assert window.catalogue is catalogue
    assert window.isEnabled()
