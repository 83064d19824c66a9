"""Screenshots of the app for the README and for looking at it as a user would:

    python -m reviewer.ui.common.screenshot CATALOGUE OUT.png [--select 3] [--bulk 4]
        [--size 1500x950] [--device] [--dialog categories|import|shortcuts]

It opens the window, waits until the visible thumbnails and the detail image have
loaded, and saves ``window.grab()`` (and the dialog, if asked, beside it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QWidget

from reviewer.catalogue.db import open_catalogue
from reviewer.settings import load_settings
from reviewer.ui.app import make_application
from reviewer.ui.dialogs.category_dialog import CategoryDialog
from reviewer.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from reviewer.ui.main_window import MainWindow


def wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Process events until ``condition()`` holds or the time is up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    QCoreApplication.processEvents()
    return condition()


def _visible_loaded(window: MainWindow) -> bool:
    view = window.catalogue_view
    if view is None or view.is_empty_state():
        return True
    grid, model = view.grid, view.model
    first, last = grid.visible_range()
    rows = [model.row_or_none(r) for r in range(first, last + 1)]
    return bool(rows) and all(r is not None and r.id in view.loader.cache for r in rows)


def _what_it_shows(window: MainWindow, out: Path) -> str:
    """One line for a person or a smoke test: how many images the grid holds and how
    many thumbnails it shows."""
    view = window.catalogue_view
    if view is None or view.is_empty_state():
        return f"saved {out}: an empty catalogue"
    first, last = view.grid.visible_range()
    rows = [view.model.row_or_none(r) for r in range(first, last + 1)]
    shown = sum(1 for r in rows if r is not None and r.id in view.loader.cache)
    return f"saved {out}: {view.model.rowCount()} images in the grid, {shown} thumbnails shown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviewer.ui.common.screenshot")
    parser.add_argument("catalogue")
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1500x950")
    parser.add_argument("--select", type=int, default=0, help="row to select")
    parser.add_argument("--bulk", type=int, default=0, help="select this many rows")
    parser.add_argument("--device", action="store_true", help="wait for the device probe")
    parser.add_argument("--dialog", choices=["categories", "import", "shortcuts"])
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))

    make_application()
    window = MainWindow(open_catalogue(args.catalogue), load_settings(),
                        detect_device=args.device)
    window.resize(width, height)
    window.show()
    view = window.catalogue_view
    assert view is not None
    wait_for(lambda: view.model.rowCount() > 0 or view.is_empty_state(), 10)
    if view.model.rowCount():
        selection = view.grid.selectionModel()
        first = view.model.index(args.select)
        selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if args.bulk > 1:
            rows = QItemSelection(first, view.model.index(args.select + args.bulk - 1))
            selection.select(rows, QItemSelectionModel.SelectionFlag.Select)
        view.grid.setFocus()
        wait_for(lambda: args.bulk > 1 or view.detail.canvas.has_image(), 15)
    wait_for(lambda: _visible_loaded(window), 20)
    if args.device:
        wait_for(lambda: window.device_probe is None or window.device_probe.result is not None,
                 180)
    wait_for(lambda: False, 0.3)  # let the last repaints land
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.out)):
        sys.stderr.write(f"error: cannot write {args.out}\n")
        return 1
    sys.stdout.write(_what_it_shows(window, args.out) + "\n")
    sys.stdout.flush()
    dialog: QWidget | None = None
    if args.dialog == "categories":
        dialog = CategoryDialog(window.catalogue, window.actor, window)
    elif args.dialog == "shortcuts":
        dialog = ShortcutsDialog(view.labeller.key_categories, window.actions(), window)
    elif args.dialog == "import":
        dialog = window.import_dialog or window._import_dialog()
    if dialog is not None:
        dialog.show()
        wait_for(lambda: False, 0.3)
        dialog.grab().save(str(args.out.with_name(f"{args.out.stem}-{args.dialog}.png")))
        dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
