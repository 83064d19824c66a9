"""Grid benchmark: the catalogue grid over a 1,000,000-row catalogue, offscreen.

The real widgets (``CatalogueView``, or the whole ``MainWindow`` with ``--window``),
1400×900, ``QT_QPA_PLATFORM=offscreen``. It measures:

* **time to first paint**: from creating the view (its constructor runs the first
  count and the first page of 200 rows) to the end of the first paint event of the
  grid's viewport that has rows; and the time until every visible cell shows its
  decoded thumbnail (first screen complete);
* **frames**: ``--pages`` page-downs, each followed by processing events until the
  viewport has repainted. By default a page-down is the vertical scroll bar's page
  step (``triggerAction(SliderPageStepAdd)``: one viewport height, what Page Down on
  the scroll bar or a click in its trough does); ``--scroll key`` sends
  ``Key_PageDown`` to the grid instead (cursor, selection, ``scrollTo``), and stops,
  saying so, where a page-down no longer moves anything (the keyboard cannot page
  past the loaded rows: the view fetches only when the scroll bar reaches its
  maximum, and ``scrollTo`` stops a few pixels short of it). A frame is the time
  from the page-down to the end of that repaint: handling it (scrolling, any
  ``fetchMore``) plus the paint. Between pages the event loop runs for
  ``--interval-ms`` (default 33 ms: a key held down repeats about 30 times a
  second), so thumbnails arrive and repaint as they would; those repaints are
  reported apart. Median, 95th percentile and worst frame (target: median < 16 ms);
* **rows fetched**: ``fetchMore`` pages (200 rows each) and their query time,
  from wrapping ``page_images`` in the grid model's module (no code under test
  changed); and the **thumbnail cache hit rate** (``ThumbnailLoader.hit_rate()``,
  a lookup per painted cell), with the loader thread's batches, read and decode time.

The synthetic catalogue of ``catalogue_million.py`` has no thumbnails. When the
catalogue has none, real JPEG thumbnails (192×256, quality 85, like the
importer's; ~8–9 KB, real ones average ~10 KB) are stored for the first
``--thumbnails`` image ids (default 5,000, more than 100 pages show): a dozen
distinct generated pictures, reused. Rows past them have none ("no preview").

    QT_QPA_PLATFORM=offscreen python benchmarks/grid_scroll.py [--catalogue PATH | --keep PATH]
        [--rows N] [--pages 100] [--scroll bar|key] [--interval-ms 33] [--window]
        [--profile] [--json]

Without ``--catalogue`` it generates the catalogue with ``catalogue_million.generate``
in a temporary folder (0.5–1.5 min; ``--keep PATH`` writes it there and keeps it,
for ``--catalogue PATH`` next time). A ``--catalogue`` without thumbnails is copied
into the temporary folder first (the file given is not changed) unless ``--in-place``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

FRAME_TARGET_MS = 16.0
WIDTH, HEIGHT = 1400, 900
DISTINCT_PICTURES = 12


# --- the catalogue -------------------------------------------------------------------------


def _pictures(n: int = DISTINCT_PICTURES) -> list[bytes]:
    """``n`` distinct 192×256 JPEGs with gradients, shapes and noise (~8–9 KB each)."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = 192, 256
    out: list[bytes] = []
    for i in range(n):
        red = Image.linear_gradient("L").resize((w, h)).rotate(i * 30)
        green = Image.linear_gradient("L").resize((w, h)).transpose(
            Image.Transpose.FLIP_TOP_BOTTOM)
        blue = Image.effect_noise((w, h), 40 + i * 5).filter(ImageFilter.GaussianBlur(1.2))
        img = Image.merge("RGB", (red, green, blue))
        draw = ImageDraw.Draw(img)
        draw.ellipse((30 + i * 5, 40, 160, 200), fill=(200 - i * 15, 80 + i * 12, 60))
        draw.rectangle((60, 90, 130 - i * 3, 150 + i * 5), fill=(20 + i * 18, 30, 120))
        img = Image.blend(img, Image.effect_noise((w, h), 25).convert("RGB"), 0.12)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
        out.append(buf.getvalue())
    return out


def _facts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT count(*), max(id) FROM images").fetchone()
        thumbs = conn.execute("SELECT count(*) FROM thumbnails").fetchone()[0]
    finally:
        conn.close()
    return {"images": rows[0], "max_id": rows[1] or 0, "thumbnails": thumbs}


def add_thumbnails(path: Path, count: int) -> dict[str, Any]:
    """Store a thumbnail for each of the first ``count`` images (grid order: by id)."""
    t0 = time.perf_counter()
    pictures = _pictures()
    conn = sqlite3.connect(path)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM images ORDER BY id LIMIT ?", (count,))]
        with conn:
            conn.executemany("INSERT OR IGNORE INTO thumbnails (image_id, data) VALUES (?, ?)",
                             [(i, pictures[n % len(pictures)]) for n, i in enumerate(ids)])
    finally:
        conn.close()
    return {"added": len(ids), "distinct_pictures": len(pictures),
            "picture_bytes_mean": round(statistics.mean(len(p) for p in pictures)),
            "seconds": round(time.perf_counter() - t0, 2)}


def prepare(args: argparse.Namespace, scratch: Path) -> tuple[Path, dict[str, Any]]:
    """The catalogue to measure and how it came about."""
    info: dict[str, Any] = {}
    if args.catalogue is not None:
        path = args.catalogue.resolve()
        if not path.exists():
            raise SystemExit(f"--catalogue {path}: no such file")
        info["source"] = f"existing file {path}"
        facts = _facts(path)
        if facts["thumbnails"] == 0 and args.thumbnails > 0 and not args.in_place:
            copy = scratch / "catalogue.sqlite"
            t0 = time.perf_counter()
            src, dst = sqlite3.connect(path), sqlite3.connect(copy)
            try:
                src.backup(dst)  # WAL-safe copy
            finally:
                src.close()
                dst.close()
            info["copied_s"] = round(time.perf_counter() - t0, 1)
            info["source"] += " (copied to a temporary folder to add thumbnails)"
            path = copy
    else:
        import catalogue_million

        path = args.keep.resolve() if args.keep else scratch / "catalogue.sqlite"
        if path.exists():
            raise SystemExit(f"{path} exists: measure it with --catalogue {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not args.json:
            print(f"Generating {args.rows:,} images in {path} (catalogue_million.generate) …",
                  flush=True)
        gen = catalogue_million.generate(path, args.rows, args.seed)
        info["source"] = "generated" + (f", kept at {path}" if args.keep else "")
        info["generation_s"] = round(gen.get("total_s", 0.0), 1)
        facts = _facts(path)
    if facts["thumbnails"] == 0 and args.thumbnails > 0:
        info["thumbnails_added"] = add_thumbnails(path, args.thumbnails)
        facts = _facts(path)
    info.update(facts)
    info["file_mb"] = round(path.stat().st_size / 1e6)
    return path, info


# --- instruments ---------------------------------------------------------------------------


@dataclass
class Paint:
    start: float
    end: float
    rows: int

    @property
    def ms(self) -> float:
        return 1000 * (self.end - self.start)


class PaintClock:
    """An event filter on the grid's viewport that times each paint event.

    It hands the paint to the grid itself (``viewportEvent``, what the scroll area's
    own viewport filter does) and consumes it, so it knows when the paint ended.
    """

    def __init__(self, grid: Any, model: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class _Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() != QEvent.Type.Paint or clock._inside:
                    return False
                clock._inside = True
                start = time.perf_counter()
                try:
                    grid.viewportEvent(event)
                finally:
                    clock._inside = False
                clock.paints.append(Paint(start, time.perf_counter(), model.rowCount()))
                return True

        self.paints: list[Paint] = []
        self._inside = False
        self.filter = _Filter()
        grid.viewport().installEventFilter(self.filter)


@dataclass
class Counter:
    calls: int = 0
    seconds: float = 0.0
    items: int = 0

    def snapshot(self) -> tuple[int, float, int]:
        return self.calls, self.seconds, self.items


def wrap(module: Any, name: str, counter: Counter, items: Callable[[Any], int]) -> Callable[[], None]:
    """Count and time calls of ``module.name`` (a module-level function the code under
    test looks up at call time); returns the undo."""
    original = getattr(module, name)

    def timed(*a: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        value = original(*a, **kw)
        counter.seconds += time.perf_counter() - t0
        counter.calls += 1
        counter.items += items(value)
        return value

    setattr(module, name, timed)
    return lambda: setattr(module, name, original)


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Frame:
    index: int
    total_ms: float  # key sent → end of the viewport's repaint
    event_ms: float  # handling the key (or the scroll-bar step) itself, fetchMore included
    paint_ms: float
    fetches: int
    fetch_ms: float
    rows_after: int
    scroll_value: int
    painted: bool = True


@dataclass
class Measurement:
    construct_ms: float = 0.0
    first_paint_ms: float = 0.0
    first_paint_paint_ms: float = 0.0
    first_screen_thumbnails_ms: float | None = None
    open_ms: float = 0.0
    grid_px: tuple[int, int] = (0, 0)
    columns: int = 0
    visible_cells: int = 0
    frames: list[Frame] = field(default_factory=list)
    idle_paints_ms: list[float] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    facts_stuck: dict[str, Any] | None = None


def pump(seconds: float) -> None:
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + seconds
    QCoreApplication.processEvents()
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.001)


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        if condition():
            return True
        time.sleep(0.0002)  # do not spin: the loader thread needs the other core
    return condition()


def visible_rows(view: Any) -> list[int]:
    grid, model = view.grid, view.model
    area = grid.viewport().rect()
    return [r for r in range(model.rowCount()) if grid.visualRect(model.index(r)).intersects(area)]


def measure(path: Path, args: argparse.Namespace) -> Measurement:
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QAbstractSlider, QApplication

    import reviewer.ui.grid.image_grid_model as grid_module
    import reviewer.ui.grid.thumbnail_loader as loader_module
    from reviewer.catalogue.db import open_catalogue
    from reviewer.ui.app import make_application
    from reviewer.ui.catalogue.catalogue_view import CatalogueView

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    make_application()
    m = Measurement()
    t0 = time.perf_counter()
    catalogue = open_catalogue(str(path), create=False)
    m.open_ms = 1000 * (time.perf_counter() - t0)

    pages, reads, decodes, details = Counter(), Counter(), Counter(), Counter()
    undo = [
        wrap(grid_module, "page_images", pages, len),
        wrap(loader_module, "thumbnails", reads, len),
        wrap(loader_module, "decode_thumbnail", decodes, lambda _: 1),
    ]
    window = None
    view = None
    try:
        t0 = time.perf_counter()
        if args.window:
            from reviewer.settings import load_settings
            from reviewer.ui.main_window import MainWindow

            window = MainWindow(catalogue, load_settings(), detect_device=False)
            view = window.catalogue_view
            assert view is not None
            top: Any = window
        else:
            view = CatalogueView(catalogue, lambda: "bench")
            top = view
        m.construct_ms = 1000 * (time.perf_counter() - t0)
        grid, model, loader = view.grid, view.model, view.loader
        clock = PaintClock(grid, model)
        show_image = view.detail.show_image

        def counted_show_image(*a: Any, **kw: Any) -> Any:  # detail pane updates
            t = time.perf_counter()
            try:
                return show_image(*a, **kw)
            finally:
                details.calls += 1
                details.seconds += time.perf_counter() - t

        view.detail.show_image = counted_show_image  # type: ignore[method-assign]
        top.resize(WIDTH, HEIGHT)
        top.show()
        if not wait_until(lambda: any(p.rows for p in clock.paints), 60):
            raise SystemExit("the grid never painted rows")
        first = next(p for p in clock.paints if p.rows)
        m.first_paint_ms = 1000 * (first.end - t0)
        m.first_paint_paint_ms = first.ms

        def screen_complete() -> bool:
            rows = visible_rows(view)
            return bool(rows) and all(model.row_at(r).id in loader.cache for r in rows)

        if wait_until(screen_complete, 20):
            m.first_screen_thumbnails_ms = 1000 * (time.perf_counter() - t0)
        pump(0.5)  # the detail pane's first image, late repaints
        visible = visible_rows(view)
        m.visible_cells = len(visible)
        m.grid_px = (grid.viewport().width(), grid.viewport().height())
        m.columns = max(1, m.grid_px[0] // max(1, grid.gridSize().width()))
        grid.setFocus()

        start_counts = {"pages": pages.snapshot(), "reads": reads.snapshot(),
                        "decodes": decodes.snapshot(), "details": details.snapshot()}
        hits0, misses0, rows0 = loader.cache.hits, loader.cache.misses, model.rowCount()
        bar = grid.verticalScrollBar()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        idle_from = len(clock.paints)
        for index in range(args.pages):
            m.idle_paints_ms.extend(p.ms for p in clock.paints[idle_from:])  # the last gap
            before = idle_from = len(clock.paints)
            calls, secs, _ = pages.snapshot()
            current, value = grid.currentIndex().row(), bar.value()
            t = time.perf_counter()
            if args.scroll == "key":
                QApplication.sendEvent(grid, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_PageDown,
                                                       Qt.KeyboardModifier.NoModifier))
            else:
                bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            t_event = time.perf_counter()
            if (args.scroll == "key" and grid.currentIndex().row() == current
                    and bar.value() == value):
                # Nothing moved: the cursor sits on the last loaded row and the view did
                # not ask for more rows. Stop here and say so.
                m.facts_stuck = {
                    "after_pages": index, "current_row": current, "rows_loaded": model.rowCount(),
                    "can_fetch_more": model.canFetchMore(), "scroll_value": value,
                    "scroll_maximum": bar.maximum(),
                }
                break
            wait_until(lambda: len(clock.paints) > before, 2.0)  # noqa: B023
            painted = len(clock.paints) > before
            paint = clock.paints[before] if painted else None
            end = paint.end if paint else time.perf_counter()
            m.frames.append(Frame(
                index=index, total_ms=1000 * (end - t), event_ms=1000 * (t_event - t),
                paint_ms=paint.ms if paint else 0.0, fetches=pages.calls - calls,
                fetch_ms=1000 * (pages.seconds - secs), rows_after=model.rowCount(),
                scroll_value=bar.value(), painted=painted))
            idle_from = before + 1 if painted else len(clock.paints)
            pump(args.interval_ms / 1000)
        m.idle_paints_ms.extend(p.ms for p in clock.paints[idle_from:])
        if profiler is not None:
            profiler.disable()
        scroll_hits = loader.cache.hits - hits0
        scroll_misses = loader.cache.misses - misses0
        wait_until(loader.is_idle, 5)

        def delta(c: Counter, key: str) -> dict[str, Any]:
            calls, secs, items = start_counts[key]
            return {"calls": c.calls - calls, "ms": round(1000 * (c.seconds - secs), 1),
                    "items": c.items - items}

        m.facts = {
            "rows_loaded_before_scroll": rows0,
            "rows_loaded_after_scroll": model.rowCount(),
            "fetch_more_pages": delta(pages, "pages"),
            "thumbnail_reads": delta(reads, "reads"),
            "thumbnail_decodes": delta(decodes, "decodes"),
            "detail_updates": delta(details, "details"),
            "hit_rate_scroll": round(scroll_hits / max(1, scroll_hits + scroll_misses), 3),
            "hits_scroll": scroll_hits,
            "misses_scroll": scroll_misses,
            "hit_rate_overall": round(loader.hit_rate(), 3),
            "cache_items": len(loader.cache),
            "cache_mb": round(loader.cache.size_bytes / 1e6, 1),
            "total_matching": model.total,
            "scroll_value": bar.value(),
            "scroll_maximum": bar.maximum(),
            "current_row": grid.currentIndex().row(),
        }
        if profiler is not None:
            m.facts["profile"] = profiler
    finally:
        for u in undo:
            u()
        if window is not None:
            window.close()  # saves state, shuts the view down
        elif view is not None:
            view.shutdown()
        catalogue.close()
    return m


# --- output --------------------------------------------------------------------------------


def nearest_rank(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {"n": len(values), "median": round(statistics.median(values), 2),
            "p95": round(nearest_rank(values, 95), 2), "max": round(max(values), 2)}


def summary(args: argparse.Namespace, info: dict[str, Any], m: Measurement) -> dict[str, Any]:
    totals = [f.total_ms for f in m.frames]
    fetch_frames = [f for f in m.frames if f.fetches]
    plain = [f.total_ms for f in m.frames if not f.fetches]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    facts = {k: v for k, v in m.facts.items() if k != "profile"}
    return {
        "catalogue": info,
        "view": "MainWindow" if args.window else "CatalogueView",
        "window_px": [WIDTH, HEIGHT],
        "grid_viewport_px": list(m.grid_px),
        "columns": m.columns,
        "visible_cells": m.visible_cells,
        "scroll": args.scroll,
        "interval_ms": args.interval_ms,
        "open_catalogue_ms": round(m.open_ms, 1),
        "construct_ms": round(m.construct_ms, 1),
        "first_paint_ms": round(m.first_paint_ms, 1),
        "first_paint_paint_ms": round(m.first_paint_paint_ms, 1),
        "first_screen_thumbnails_ms": (round(m.first_screen_thumbnails_ms, 1)
                                       if m.first_screen_thumbnails_ms is not None else None),
        "frames": stats(totals),
        "frames_event_ms": stats([f.event_ms for f in m.frames]),
        "frames_paint_ms": stats([f.paint_ms for f in m.frames]),
        "frames_without_fetch": stats(plain),
        "frames_with_fetch": stats([f.total_ms for f in fetch_frames]),
        "frames_not_repainted": sum(not f.painted for f in m.frames),
        "key_paging_stuck": m.facts_stuck,
        "idle_repaints_ms": stats(m.idle_paints_ms),
        "target_median_ms": FRAME_TARGET_MS,
        "pass": bool(totals) and statistics.median(totals) < FRAME_TARGET_MS,
        **facts,
        "worst_frames": [asdict(f) for f in sorted(m.frames, key=lambda f: -f.total_ms)[:5]],
        "frame_ms": [round(t, 2) for t in totals],
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "loadavg": [round(v, 2) for v in os.getloadavg()],
        "cpu_count": os.cpu_count(),
    }


def report(s: dict[str, Any]) -> None:
    c = s["catalogue"]
    print(f"Catalogue: {c['images']:,} images ({c['file_mb']} MB), {c['source']}"
          + (f"; generated in {c['generation_s']} s" if "generation_s" in c else ""))
    if "thumbnails_added" in c:
        t = c["thumbnails_added"]
        print(f"Thumbnails: none stored, so {t['added']:,} added for the first ids "
              f"({t['distinct_pictures']} distinct generated 192×256 JPEGs, "
              f"~{t['picture_bytes_mean'] / 1000:.1f} KB each, reused; rows after them have "
              f"none)")
    else:
        print(f"Thumbnails: {c['thumbnails']:,} stored in the catalogue")
    print(f"{s['view']} {s['window_px'][0]}×{s['window_px'][1]} offscreen: grid viewport "
          f"{s['grid_viewport_px'][0]}×{s['grid_viewport_px'][1]} px, {s['columns']} columns, "
          f"{s['visible_cells']} cells visible; {s['frames']['n']} page-downs "
          f"({'Key_PageDown' if s['scroll'] == 'key' else 'scroll-bar page step'}), "
          f"{s['interval_ms']} ms of event loop between them")
    print(f"{s['cpu_count']} CPUs, load average " + " ".join(f"{v:.2f}" for v in s["loadavg"]))
    print()
    print(f"open_catalogue                         {s['open_catalogue_ms']:8.1f} ms")
    print(f"view constructed (count + first page)  {s['construct_ms']:8.1f} ms")
    print(f"first paint with rows (from creation)  {s['first_paint_ms']:8.1f} ms  "
          f"(the paint itself {s['first_paint_paint_ms']:.1f} ms)")
    fst = s["first_screen_thumbnails_ms"]
    print("first screen with all thumbnails       "
          + (f"{fst:8.1f} ms" if fst is not None else "  not within 20 s"))
    print()
    print(f"{'frame times, ms':<32} {'n':>4} {'median':>8} {'p95':>8} {'worst':>8}")
    for label, key in (("page-down → repainted", "frames"),
                       ("  of which: the page-down itself", "frames_event_ms"),
                       ("  of which: viewport paint", "frames_paint_ms"),
                       ("frames without fetchMore", "frames_without_fetch"),
                       ("frames with fetchMore", "frames_with_fetch"),
                       ("repaints between pages", "idle_repaints_ms")):
        st = s[key]
        if st["n"]:
            print(f"{label:<32} {st['n']:>4} {st['median']:>8.2f} {st['p95']:>8.2f} "
                  f"{st['max']:>8.2f}")
        else:
            print(f"{label:<32} {0:>4}")
    verdict = "pass" if s["pass"] else "FAIL"
    print(f"target: median frame < {s['target_median_ms']:.0f} ms: {verdict}"
          + (f"; {s['frames_not_repainted']} page-down(s) caused no repaint within 2 s"
             if s["frames_not_repainted"] else ""))
    stuck = s["key_paging_stuck"]
    if stuck:
        print(f"Key_PageDown STUCK after {stuck['after_pages']} pages: the cursor is on row "
              f"{stuck['current_row']} of {stuck['rows_loaded']} loaded, the scroll bar at "
              f"{stuck['scroll_value']} of maximum {stuck['scroll_maximum']} (fetchMore runs "
              f"only at the maximum), more rows available: {stuck['can_fetch_more']}; "
              f"--scroll bar pages past it")
    print()
    fm = s["fetch_more_pages"]
    print(f"rows loaded: {s['rows_loaded_before_scroll']:,} before scrolling, "
          f"{s['rows_loaded_after_scroll']:,} after ({fm['calls']} fetchMore pages, "
          f"{fm['items']:,} rows, {fm['ms']:.1f} ms of queries) of {s['total_matching']:,} "
          f"matching")
    print(f"thumbnail cache hit rate while scrolling: {s['hit_rate_scroll']:.1%} "
          f"({s['hits_scroll']:,} hits, {s['misses_scroll']:,} misses; a lookup per painted "
          f"cell); overall {s['hit_rate_overall']:.1%}; cache {s['cache_items']:,} images, "
          f"{s['cache_mb']} MB")
    r, d = s["thumbnail_reads"], s["thumbnail_decodes"]
    print(f"loader thread while scrolling: {r['calls']} batches, {r['items']:,} thumbnails read "
          f"in {r['ms']:.0f} ms, {d['calls']:,} decoded in {d['ms']:.0f} ms")
    du = s["detail_updates"]
    print(f"detail pane updates while scrolling: {du['calls']} ({du['ms']:.0f} ms)")
    print()
    print("worst frames (ms): " + "; ".join(
        f"#{f['index']} {f['total_ms']:.1f} (page-down {f['event_ms']:.1f}, paint {f['paint_ms']:.1f}"
        + (f", fetchMore {f['fetch_ms']:.1f}" if f["fetches"] else "") + ")"
        for f in s["worst_frames"]))
    print(f"process CPU {s['cpu_s']} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, help="an existing catalogue to measure")
    parser.add_argument("--keep", type=Path, help="generate the catalogue here and keep it")
    parser.add_argument("--rows", type=int, default=1_000_000, help="images to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--thumbnails", type=int, default=5000,
                        help="thumbnails to store when the catalogue has none (0: none)")
    parser.add_argument("--in-place", action="store_true",
                        help="add the thumbnails to the --catalogue file itself, no copy")
    parser.add_argument("--pages", type=int, default=100, help="page-downs to time")
    parser.add_argument("--scroll", choices=("bar", "key"), default="bar",
                        help="the scroll bar's page step (default), or Key_PageDown sent to "
                             "the grid (stops where the keyboard cannot page further)")
    parser.add_argument("--interval-ms", type=float, default=33.0,
                        help="event loop time between page-downs")
    parser.add_argument("--window", action="store_true",
                        help="the whole MainWindow instead of the CatalogueView alone")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the scrolling (GUI thread)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    if args.catalogue and args.keep:
        parser.error("--catalogue and --keep exclude each other")

    scratch = Path(tempfile.mkdtemp(prefix="bench-grid-"))
    for var in ("REVIEWER_DATA_DIR", "REVIEWER_CONFIG_DIR", "REVIEWER_CACHE_DIR"):
        os.environ[var] = str(scratch / var.lower())
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "xdg-config")  # QSettings (--window)
    try:
        path, info = prepare(args, scratch)
        m = measure(path, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    s = summary(args, info, m)
    if args.json:
        print(json.dumps(s, indent=2))
        return 0
    report(s)
    if "profile" in m.facts:
        import pstats

        print("\ncProfile of the scrolling (GUI thread), by own time:")
        pstats.Stats(m.facts["profile"], stream=sys.stdout).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
