"""Open the demo catalogue: from the empty state (and the File and Help menus) one
click imports the shipped demo photos into demo.sqlite in the data folder, with a
progress dialog, and shows them; a second click opens it without importing again;
Cancel leaves no demo catalogue behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.demo import DEMO_PHOTOS
from reviewer.settings import Settings, default_data_dir
from reviewer.ui.main_window import MainWindow

DEMO_IMAGES = sum(1 for _ in DEMO_PHOTOS.rglob("*.jpg"))


@pytest.fixture
def window(qtbot, catalogue: Catalogue) -> Iterator[MainWindow]:
    win = MainWindow(catalogue, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    assert not win.jobs.any_running()


def test_the_empty_state_offers_the_demo(window: MainWindow) -> None:
    empty = window.catalogue_view.empty_state
    assert window.catalogue_view.is_empty_state()
    assert empty.demo_button.isVisible()
    assert empty.demo_button.text() == "Open the demo catalogue"
    menus = {m.text(): [a.text() for a in m.menu().actions()]
             for m in window.menuBar().actions()}
    assert "Open the &demo catalogue" in menus["&File"]
    assert "Open the &demo catalogue" in menus["&Help"]


def test_one_click_imports_the_demo_and_shows_its_images(qtbot, window: MainWindow) -> None:
    demo = default_data_dir() / "demo.sqlite"
    window.catalogue_view.empty_state.demo_button.click()
    builder = window.demo_builder
    assert builder is not None and builder.dialog is not None
    assert builder.dialog.isVisible()  # progress, with a Cancel button
    progress: list[int] = []
    builder.job.progress.connect(lambda done, _total, _what: progress.append(done))
    qtbot.waitUntil(lambda: window.catalogue.display_name == str(demo), timeout=120_000)
    assert builder.dialog is None  # closed when done
    assert progress and max(progress) == DEMO_IMAGES
    view = window.catalogue_view
    assert not view.is_empty_state()
    assert view.model.rowCount() > 0
    assert window.totals_label.text().startswith(f"{DEMO_IMAGES} images · {DEMO_IMAGES} labelled")
    assert "train" in window.totals_label.text() and "test" in window.totals_label.text()
    assert [c.name for c in view.labeller.key_categories][:3] == ["dress", "hat", "longsleeve"]
    first = view.model.row_at(0).id
    qtbot.waitUntil(lambda: first in view.loader.cache, timeout=20_000)  # thumbnails show
    assert "demo catalogue" in window.statusBar().currentMessage()

    # Again, from the menu, from another catalogue: opened as it is, not imported again.
    stamp = demo.stat().st_mtime_ns
    assert window.open_catalogue_url(str(Path(demo).with_name("other.sqlite")),
                                     ask_to_create=False)
    window.demo_action.trigger()
    assert window.demo_builder.job is None
    assert window.catalogue.display_name == str(demo)
    assert demo.stat().st_mtime_ns == stamp


def test_cancel_leaves_no_demo_catalogue(qtbot, window: MainWindow) -> None:
    before = window.catalogue
    window.demo_action.trigger()
    builder = window.demo_builder
    assert builder is not None and builder.dialog is not None
    cancel = builder.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(builder.cancelled, timeout=60_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.catalogue is before
    assert not any(default_data_dir().glob("demo*"))
    assert "not made" in window.statusBar().currentMessage()
