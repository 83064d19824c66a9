"""Screenshots of the dark theme and of a 1024×600 screen, for the README:

    Xvfb :19 -screen 0 1600x1000x24 &  DISPLAY=:19 .venv/bin/python scripts/show_themes.py \
        [--work /tmp/show-themes] [--out docs/screenshots]

Builds the demo catalogue (400 CC0 photos of clothes, resources/demo), trains one small
run on it (MobileNet from scratch at 64 px, a few epochs: enough to fill the Runs tab,
not a good model) and evaluates it on the test split, then shoots the real window:
the Catalogue tab in the dark theme, and the Catalogue and Runs tabs at 1024×600.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from PySide6.QtCore import QItemSelectionModel  # noqa: E402

from reviewer.catalogue.db import open_catalogue  # noqa: E402
from reviewer.catalogue.demo import build_demo_catalogue  # noqa: E402
from reviewer.settings import Settings  # noqa: E402
from reviewer.ui.app import make_application  # noqa: E402
from reviewer.ui.common.colours import apply_theme  # noqa: E402
from reviewer.ui.common.screenshot import _visible_loaded, wait_for  # noqa: E402
from reviewer.ui.main_window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def trained_run(db: Path, epochs: int) -> int:
    from reviewer.training.evaluate import evaluate_run
    from reviewer.training.runs import list_runs
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import train

    catalogue = open_catalogue(str(db))
    try:
        with catalogue.read() as session:
            done = [r.id for r in list_runs(session) if r.status == "finished"]
        if done:
            return done[-1]
        spec = TrainSpec(backbone="mobilenet", input_size=64, weights=None, epochs=epochs,
                         batch_size=32, learning_rate=1e-3, views=1, seed=0)
        run_id = train(catalogue, spec).run_id
        evaluate_run(catalogue, run_id, "test")
        return run_id
    finally:
        catalogue.close()


def mark_two(db: Path) -> None:
    """Image 4 unsure and image 2 flagged, so both badges (and their words) show."""
    from sqlalchemy import update

    from reviewer.catalogue.labels import set_unsure
    from reviewer.catalogue.schema import Image

    catalogue = open_catalogue(str(db))
    try:
        with catalogue.write() as session:
            set_unsure(session, [4], True, actor="dana")
            session.execute(update(Image).where(Image.id == 2).values(flagged=True))
    finally:
        catalogue.close()


def shot(window: MainWindow, out: Path, name: str) -> None:
    wait_for(lambda: False, 0.8)
    window.grab().save(str(out / f"{name}.png"))
    print(f"saved {name}.png", flush=True)


def show_catalogue(window: MainWindow, row: int) -> None:
    view = window.catalogue_view
    assert view is not None
    window.tabs.setCurrentWidget(view)
    wait_for(lambda: view.model.rowCount() > 0, 20)
    view.grid.selectionModel().setCurrentIndex(
        view.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.grid.setFocus()
    wait_for(lambda: _visible_loaded(window) and view.detail.canvas.has_image(), 30)


def show_runs(window: MainWindow, run_id: int) -> None:
    runs = window.runs_view
    assert runs is not None
    window.tabs.setCurrentWidget(runs)
    runs.refresh()
    runs.select_run(run_id)
    runs.split.setCurrentText("test")
    wait_for(lambda: runs.evaluation is not None and runs.evaluation.split == "test", 120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/show-themes"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("REVIEWER_CONFIG_DIR", str(args.work / "config"))
    db = build_demo_catalogue(args.work / "demo.sqlite")
    run_id = trained_run(db, args.epochs)
    mark_two(db)

    app = make_application()
    window = MainWindow(open_catalogue(str(db)), Settings(curator="dana"), detect_device=False)
    apply_theme(app, "dark")
    window.resize(1400, 860)
    window.show()
    show_catalogue(window, 3)
    shot(window, args.out, "11-dark-theme")
    show_runs(window, run_id)
    shot(window, args.out, "12-dark-theme-runs")

    apply_theme(app, "light")
    window.resize(1024, 600)
    wait_for(lambda: window.width() == 1024, 5)
    show_catalogue(window, 3)
    shot(window, args.out, "13-small-screen-1024x600")
    show_runs(window, run_id)
    shot(window, args.out, "14-small-screen-runs-1024x600")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
