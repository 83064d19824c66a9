"""Show the app working on real photos, and keep screenshots of each view.

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python scripts/show_app.py \
        [--data ../shared/data/clothing-small] [--work /tmp/show-app] [--out docs/screenshots]

Builds a catalogue of clothing-small (train/ split 80/20 into train and validation,
validation/ as the test split), then drives the real main window: the grid, keyboard
labelling, a Lite0 training run in the Training tab, its confusion matrix in the Runs
tab, the longsleeve → outwear cell opened and one image marked unsure there, "retrain with
corrections", and the run-to-run flips. Each view is saved as a PNG.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from reviewer.catalogue.db import open_catalogue  # noqa: E402
from reviewer.catalogue.importer import ImportOptions, run_import  # noqa: E402
from reviewer.catalogue.splits import SplitConfig, make_splits  # noqa: E402
from reviewer.settings import load_settings  # noqa: E402
from reviewer.ui.app import make_application  # noqa: E402
from reviewer.ui.common.screenshot import _visible_loaded, wait_for  # noqa: E402
from reviewer.ui.main_window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def build(work: Path, data: Path) -> str:
    path = work / "clothing.sqlite"
    if not path.exists():
        cat = open_catalogue(str(path))
        run_import(cat, data / "train", ImportOptions(actor="curator"))
        make_splits(cat, SplitConfig(seed=0, test_fraction=0.0, validation_fraction=0.2))
        run_import(cat, data / "validation", ImportOptions(actor="curator", split="test"))
        cat.close()
    return str(path)


def shot(widget, out: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    wait_for(lambda: False, 0.5)
    widget.grab().save(str(out / f"{name}.png"))
    print(f"saved {name}.png", flush=True)


def train_in_tab(window: MainWindow, epochs: int, views: int, retrain_of: int | None) -> int:
    view = window.training_view
    assert view is not None
    window.tabs.setCurrentWidget(view)
    view.epochs.setValue(epochs)
    view.views.setValue(views)
    finished: list[int] = []
    view.runFinished.connect(finished.append)
    if retrain_of is None:
        view.start()
    else:
        window._retrain(retrain_of)  # noqa: SLF001 - what the Runs tab's button does
        view.epochs.setValue(epochs)
    if not wait_for(lambda: bool(finished) and not view.is_running(), 3600):
        raise SystemExit("training did not finish: " + view.status.text())
    return finished[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/clothing-small")
    parser.add_argument("--work", type=Path, default=Path("/tmp/show-app"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--views", type=int, default=2)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("REVIEWER_CONFIG_DIR", str(args.work / "config"))
    url = build(args.work, args.data)

    make_application()
    window = MainWindow(open_catalogue(url), load_settings(), detect_device=True)
    window.resize(1560, 960)
    window.show()
    grid_view = window.catalogue_view
    assert grid_view is not None
    wait_for(lambda: grid_view.model.rowCount() > 0, 20)
    selection = grid_view.grid.selectionModel()
    selection.setCurrentIndex(grid_view.model.index(5), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid_view.grid.setFocus()
    wait_for(lambda: _visible_loaded(window) and grid_view.detail.canvas.has_image(), 30)
    wait_for(lambda: window.device_probe is None or window.device_probe.result is not None, 120)
    shot(window, args.out, "1-grid")

    # Keyboard labelling: mark one image unsure (U) and relabel the next with its key.
    QTest.keyClick(grid_view.grid, Qt.Key.Key_U)
    wait_for(lambda: False, 0.3)
    wait_for(lambda: _visible_loaded(window) and grid_view.detail.canvas.has_image(), 15)
    shot(window, args.out, "2-labelling")

    first = train_in_tab(window, args.epochs, args.views, None)
    shot(window, args.out, "3-training-curves")

    runs = window.runs_view
    assert runs is not None
    window.tabs.setCurrentWidget(runs)
    runs.refresh()
    runs.select_run(first)
    runs.split.setCurrentText("test")
    wait_for(lambda: runs.evaluation is not None and runs.evaluation.split == "test", 120)
    shot(window, args.out, "4-confusion-matrix")

    names = runs.evaluation.metrics.class_names
    true_i, pred_i = names.index("longsleeve"), names.index("outwear")
    runs.open_cell(runs.evaluation.evaluation_id, true_i, pred_i)
    gallery = runs.gallery
    if gallery is not None:
        gallery.resize(1100, 700)
        wait_for(lambda: gallery.model.rowCount() > 0, 20)
        wait_for(lambda: False, 2.0)  # thumbnails
        gallery.grid.selectionModel().setCurrentIndex(
            gallery.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        gallery.grid.setFocus()
        gallery.toggle_unsure()  # the curator cannot tell: U marks it unsure (left out of training)
        wait_for(lambda: False, 1.0)
        shot(gallery, args.out, "5-confusion-cell-longsleeve-as-outwear")
        gallery.close()

    second = train_in_tab(window, args.epochs, args.views, first)
    window.tabs.setCurrentWidget(runs)
    runs.refresh()
    runs.select_run(second)
    wait_for(lambda: runs.evaluation is not None, 120)
    shot(window, args.out, "6-run-comparison")
    from reviewer.training.run_readers import stored_metrics

    before = stored_metrics(window.catalogue, first, "test")
    runs.details.setCurrentWidget(runs.flips)
    runs.flips.reload()
    wait_for(lambda: False, 1.0)
    if before is not None:
        runs.flips.set_pair(before.evaluation_id, runs.evaluation.evaluation_id)
    runs.flips.compare()
    wait_for(lambda: False, 2.0)
    shot(window, args.out, "7-run-to-run-flips")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
