"""README screenshots for issue 17 (seeing why), on a catalogue with a trained run:

    python scripts/show_explain.py CATALOGUE RUN [--out docs/screenshots]

1. the confusion cell longsleeve → outwear of RUN's test evaluation, with the heat map
   (H) of its first image: predicted and true class side by side;
2. the Map tab coloured correct / wrong for RUN (needs the embeddings: `reviewer embed`).

Run under Xvfb (DISPLAY=:N) or with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.catalogue.db import open_catalogue
from reviewer.ui.app import make_application
from reviewer.ui.common.screenshot import wait_for
from reviewer.ui.common.worker import Jobs
from reviewer.ui.map.map_view import MapView
from reviewer.ui.runs.runs_view import RunsView

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("catalogue")
    parser.add_argument("run", type=int)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    parser.add_argument("--true", default="longsleeve")
    parser.add_argument("--predicted", default="outwear")
    args = parser.parse_args()
    app = make_application([sys.argv[0]])
    catalogue = open_catalogue(args.catalogue, create=False)
    jobs = Jobs()
    args.out.mkdir(parents=True, exist_ok=True)

    runs_view = RunsView(catalogue, jobs, lambda: "analyst")
    runs_view.resize(1400, 900)
    runs_view.show()
    wait_for(lambda: runs_view.comparison_model.rowCount() > 0, 20)
    runs_view.select_run(args.run)
    runs_view.split.setCurrentText("test")
    wait_for(lambda: runs_view.evaluation is not None, 20)
    names = runs_view.evaluation.metrics.class_names
    runs_view.open_cell(runs_view.evaluation.evaluation_id, names.index(args.true),
                        names.index(args.predicted))
    gallery = runs_view.gallery
    assert gallery is not None
    gallery.resize(1250, 760)
    wait_for(lambda: False, 2)
    gallery.toggle_heat_map()
    wait_for(lambda: gallery.heat_panel.explanation is not None, 180)
    wait_for(lambda: False, 1.5)
    gallery.grab().save(str(args.out / "9-heat-map-longsleeve-as-outwear.png"))
    print("saved 9-heat-map-longsleeve-as-outwear.png", flush=True)
    gallery.close()

    runs_view.detail.details.setCurrentWidget(runs_view.calibration)
    wait_for(lambda: False, 1)
    runs_view.grab().save(str(args.out / "11-calibration.png"))
    print("saved 11-calibration.png", flush=True)

    map_view = MapView(catalogue, jobs, lambda: "analyst")
    map_view.resize(1300, 900)
    map_view.show()
    map_view.run.setCurrentIndex(map_view.run.findData(args.run))
    map_view.colouring.setCurrentText("correct")
    job = map_view.compute()
    wait_for(lambda: map_view.result is not None or map_view.job is None, 900)
    del job
    wait_for(lambda: False, 1.5)
    map_view.grab().save(str(args.out / "10-map-correct-wrong.png"))
    print("saved 10-map-correct-wrong.png", flush=True)
    map_view.shutdown()
    runs_view.shutdown()
    jobs.shutdown()
    catalogue.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
