"""The catalogue grid over a 1,000,000-row catalogue, offscreen: time to first paint,
frame times over page-downs, rows fetched, thumbnail cache hit rate.

    QT_QPA_PLATFORM=offscreen python benchmarks/grid_scroll.py [--catalogue PATH] [--pages 100]

Without --catalogue it generates the synthetic catalogue of catalogue_million.py (no
image files) and stores small real JPEG thumbnails for the first ids, reused, so the
loader and its cache do real work.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalogue_million  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QObject  # noqa: E402

from reviewer.catalogue.db import open_catalogue  # noqa: E402
from reviewer.ui.app import make_application  # noqa: E402
from reviewer.ui.catalogue_view import CatalogueView  # noqa: E402

THUMBNAILED = 20_000


class PaintClock(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            self.last = time.perf_counter()
        return False


def add_thumbnails(path: Path) -> None:
    import sqlite3

    pictures = []
    for i in range(16):
        out = io.BytesIO()
        Image.new("RGB", (192, 256), (i * 15, 120, 255 - i * 15)).save(out, "JPEG", quality=85)
        pictures.append(out.getvalue())
    conn = sqlite3.connect(path)
    conn.executemany("INSERT OR IGNORE INTO thumbnails (image_id, data) VALUES (?, ?)",
                     [(i, pictures[i % 16]) for i in range(1, THUMBNAILED + 1)])
    conn.commit()
    conn.close()


def pump(until: float = 0.0) -> None:
    QCoreApplication.processEvents()
    while time.perf_counter() < until:
        QCoreApplication.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = args.catalogue
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="grid-bench-")) / "million.sqlite"
        t = time.perf_counter()
        catalogue_million.generate(path, args.rows, 1)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - t:.0f} s", flush=True)
    add_thumbnails(path)
    make_application()
    catalogue = open_catalogue(str(path))
    clock = PaintClock()
    started = time.perf_counter()
    view = CatalogueView(catalogue, lambda: "bench")
    view.resize(1400, 900)
    view.grid.viewport().installEventFilter(clock)
    view.show()
    deadline = started + 30
    while (clock.paints == 0 or view.model.rowCount() == 0) and time.perf_counter() < deadline:
        pump()
    first_paint_ms = (time.perf_counter() - started) * 1000  # first paint with rows, handled
    pump(time.perf_counter() + 1.0)  # let the first thumbnails arrive
    frames = []
    grid = view.grid
    bar = grid.verticalScrollBar()
    for _ in range(args.pages):
        before = clock.paints
        t = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())  # what Page Down does
        while clock.paints == before and time.perf_counter() - t < 2:
            QCoreApplication.processEvents()
        frames.append((time.perf_counter() - t) * 1000)  # the paint has been handled
        pump(time.perf_counter() + 0.02)  # a user's key repeat: ~50 pages a second at most
    loader = view.loader
    result = {
        "rows_in_catalogue": args.rows,
        "first_paint_ms": round(first_paint_ms, 1),
        "frames": len(frames),
        "median_frame_ms": round(statistics.median(frames), 2),
        "p95_frame_ms": round(sorted(frames)[int(len(frames) * 0.95) - 1], 2),
        "worst_frame_ms": round(max(frames), 2),
        "rows_fetched": view.model.rowCount(),
        "thumbnail_hit_rate": round(loader.hit_rate(), 3) if hasattr(loader, "hit_rate") else None,
        "load_average": os.getloadavg(),
    }
    view.shutdown()
    catalogue.close()
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
        verdict = "PASS" if result["median_frame_ms"] < 16 else "FAIL"
        print(f"target: median frame < 16 ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
