"""Show model-assisted labelling on real photos, and keep its screenshots.

    Xvfb :11 -screen 0 1600x1000x24 & DISPLAY=:11 REVIEWER_EMBEDDINGS_DIR=STORE \
        .venv/bin/python scripts/show_suggestions.py [--data ../shared/data/clothing-small]

Builds a catalogue of the clothing-small ``train/`` photos (labelled by folder) and its
``validation/`` photos imported as a flat, unlabelled folder; computes suggestions (the
linear classifier on the Lite0 embeddings: point ``REVIEWER_EMBEDDINGS_DIR`` at a store
that has them, or run ``reviewer embed`` first), then opens the real main window on the
unlabelled images, sorted "Most useful first" and "Easiest first", and saves each.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from PySide6.QtCore import QItemSelectionModel  # noqa: E402

from reviewer.catalogue.db import open_catalogue  # noqa: E402
from reviewer.catalogue.importer import ImportOptions, run_import  # noqa: E402
from reviewer.curation.suggest import refresh  # noqa: E402
from reviewer.settings import load_settings  # noqa: E402
from reviewer.ui.app import make_application  # noqa: E402
from reviewer.ui.common.screenshot import _visible_loaded, wait_for  # noqa: E402
from reviewer.ui.main_window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def shot(widget, out: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    wait_for(lambda: False, 0.5)
    widget.grab().save(str(out / f"{name}.png"))
    print(f"saved {name}.png", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/clothing-small")
    parser.add_argument("--work", type=Path, default=Path("/tmp/show-suggestions"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("REVIEWER_CONFIG_DIR", str(args.work / "config"))
    path = args.work / "clothing.sqlite"
    if not path.exists():
        catalogue = open_catalogue(str(path))
        run_import(catalogue, args.data / "train", ImportOptions(actor="curator"))
        run_import(catalogue, args.data / "validation",
                   ImportOptions(actor="curator", layout="flat"))
        catalogue.close()
    catalogue = open_catalogue(str(path))
    done = refresh(catalogue)
    print(f"{done.stored} suggestions from {done.source.describe()} in {done.seconds:.1f} s")

    make_application()
    settings = load_settings()
    settings.curator = settings.curator or "dana"
    window = MainWindow(catalogue, settings, detect_device=False)
    window.resize(1560, 960)
    window.show()
    view = window.catalogue_view
    assert view is not None
    bar = view.filter_bar
    bar.category_combo.setCurrentIndex(bar.category_combo.findData(-1))  # (no category)
    for sort, name in (("most_useful", "11-suggestions-most-useful"),
                       ("easiest", "12-suggestions-easiest")):
        bar.sort_combo.setCurrentIndex(bar.sort_combo.findData(sort))
        view.apply_filter()
        wait_for(lambda: view.model.rowCount() > 0, 20)
        view.grid.selectionModel().setCurrentIndex(
            view.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        view.grid.setFocus()
        wait_for(lambda: _visible_loaded(window) and view.detail.canvas.has_image(), 30)
        shot(window, args.out, name)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
