"""The Moderation tab's time from key press to the next listing shown, driven by
pytest-qt on real widgets. Run by ``benchmarks/moderation.py`` (which prepares the
catalogue and reads the figures); not part of the test suite."""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewer.catalogue.db import open_catalogue
from reviewer.ui.moderation.moderation_view import ModerationView

KEYS = ([Qt.Key.Key_A] * 6 + [Qt.Key.Key_Return] * 2 + [Qt.Key.Key_P] * 3
        + [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_7, Qt.Key.Key_0]
        + [Qt.Key.Key_E, Qt.Key.Key_S, Qt.Key.Key_X])


def test_key_to_next_listing(qtbot) -> None:  # type: ignore[no-untyped-def]
    catalogue = open_catalogue(os.environ["BENCH_CATALOGUE"])
    decisions = int(os.environ.get("BENCH_DECISIONS", "200"))
    think = int(os.environ.get("BENCH_THINK_MS", "150"))
    rng = random.Random(int(os.environ.get("BENCH_SEED", "0")))
    view = ModerationView(catalogue, lambda: "bench")
    qtbot.addWidget(view)
    view.resize(1500, 950)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.current is not None, timeout=20000)
    times: list[float] = []
    shown: list[int] = []
    view.listingShown.connect(shown.append)
    for _ in range(decisions):
        qtbot.wait(think)  # the moderator reads the listing; prefetch runs meanwhile
        before = len(shown)
        key = rng.choice(KEYS)
        started = time.perf_counter()
        qtbot.keyClick(view, key)
        if key == Qt.Key.Key_X:
            qtbot.keyClick(view, Qt.Key.Key_1)  # the reason key
        while len(shown) == before:
            QApplication.processEvents()
        # the event loop's next pass paints what changed: the new listing, its photos
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        if view.current is None:
            break
    view.shutdown()
    catalogue.close()
    ordered = sorted(times)
    Path(os.environ["BENCH_OUT"]).write_text(json.dumps({
        "decisions": len(times), "median_ms": statistics.median(times),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))], "max_ms": ordered[-1],
        "photo_hits": view.loader.hits, "photo_misses": view.loader.misses}))
    assert len(times) == decisions
