"""A colleague's change shows up in alice's window without a conflict first: the
grid tile and the detail pane of the image on screen refresh (issue 12). And undo in
the window leaves a colleague's later change alone and says so. On SQLite and
PostgreSQL; the colleague is the real command line, with its own connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.cli import main
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.conftest import CURATOR
from tests.ui.helpers import db_labels, select_rows

POLL_MS = 100


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path, category_folder: Path) -> str:
    url = (f"sqlite:///{tmp_path / 'shared.sqlite'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    cat = open_catalogue(url)
    try:
        run_import(cat, category_folder, ImportOptions(actor="importer", workers=1))
    finally:
        cat.close()
    return url


@pytest.fixture
def alice(qtbot, shared_url: str) -> Iterator[CatalogueView]:
    catalogue: Catalogue = open_catalogue(shared_url)
    widget = CatalogueView(catalogue, lambda: CURATOR)
    widget.colleagues.timer.setInterval(POLL_MS)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()
    catalogue.close()


def bob(url: str, *args: str) -> None:
    assert main(["--catalogue", url, *args, "--as", "bob"]) == 0


def test_a_colleagues_relabel_refreshes_tile_and_detail(
    qtbot, alice: CatalogueView, shared_url: str
) -> None:
    select_rows(alice, [0])
    shown = alice.model.row_at(0).id
    other = alice.model.row_at(5).id
    qtbot.waitUntil(lambda: alice.detail.image_id == shown, timeout=5000)
    assert alice.model.category_name(alice.model.row_at(0)) == "hat"
    messages: list[str] = []
    alice.statusMessage.connect(messages.append)

    bob(shared_url, "label", str(shown), "--to", "jacket")

    qtbot.waitUntil(lambda: alice.model.category_name(alice.model.row_at(0)) == "jacket",
                    timeout=5000)
    qtbot.waitUntil(lambda: alice.detail.history_tree.topLevelItem(0).text(2) == "bob",
                    timeout=5000)
    newest = alice.detail.history_tree.topLevelItem(0)
    assert newest.text(1) == "hat → jacket" and newest.text(3) == "curator"
    assert f"bob just changed image {shown}: now jacket." in messages
    assert alice.last_notice is None, "no conflict needed to learn about it"

    # An image not on the detail pane: its tile refreshes, no message about it.
    before = alice.model.category_name(alice.model.row_at(5))
    messages.clear()
    bob(shared_url, "label", str(other), "--to", "trouser")
    qtbot.waitUntil(lambda: alice.model.category_name(alice.model.row_at(5)) == "trouser",
                    timeout=5000)
    assert before != "trouser" and not any(str(other) in m for m in messages)

    # Now alice labels the image she sees bob's version of: no conflict.
    qtbot.keyClick(alice.grid, Qt.Key.Key_4)  # trouser
    assert db_labels(alice.catalogue)[shown] == ("trouser", False)
    assert alice.last_notice is None


def test_an_idle_catalogue_emits_nothing(qtbot, alice: CatalogueView) -> None:
    with qtbot.assertNotEmitted(alice.colleagues.changed, wait=3 * POLL_MS):
        alice.colleagues.poll()


def test_undo_in_the_window_leaves_a_colleagues_change_alone(
    qtbot, alice: CatalogueView, shared_url: str
) -> None:
    select_rows(alice, [0, 1])
    first, second = alice.model.row_at(0).id, alice.model.row_at(1).id
    qtbot.keyClick(alice.grid, Qt.Key.Key_3)  # both → shoes, one step
    assert db_labels(alice.catalogue)[first] == ("shoes", False)
    bob(shared_url, "label", str(second), "--to", "jacket")
    messages: list[str] = []
    alice.statusMessage.connect(messages.append)

    alice.undo()

    assert db_labels(alice.catalogue)[first] == ("hat", False)
    assert db_labels(alice.catalogue)[second] == ("jacket", False), "bob's change stays"
    assert alice.last_notice is not None
    assert alice.last_notice.text().startswith("Undone 1 of 2 image(s)")
    assert (f"bob changed image {second} after you; left as jacket"
            in alice.last_notice.informativeText())
    assert any(m.startswith("Undone 1 of 2 image(s)") for m in messages)
    assert alice.model.category_name(alice.model.row_at(1)) == "jacket"
    alice.last_notice.close()
    alice.undo()  # the step is settled: nothing more to undo, and no error box
    assert any("Nothing to undo" in m for m in messages)
