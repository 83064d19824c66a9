"""Show the Review tab working on real photos, and keep its screenshots.

    Xvfb :79 -screen 0 1600x1000x24 & DISPLAY=:79 .venv/bin/python scripts/show_review.py \
        --catalogue WORK/clothing.sqlite [--out docs/screenshots]

The catalogue must hold embedded images (``reviewer embed``; point
``REVIEWER_EMBEDDINGS_DIR`` at a store that has them). Opens the real main window,
runs "Find suspects" in the Review tab, opens the suspected label errors in the
gallery, then "More like this" on the first suspect, saving each view as a PNG.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from reviewer.catalogue.db import open_catalogue  # noqa: E402
from reviewer.settings import load_settings  # noqa: E402
from reviewer.ui.app import make_application  # noqa: E402
from reviewer.ui.common.screenshot import wait_for  # noqa: E402
from reviewer.ui.main_window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def shot(widget, out: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    wait_for(lambda: False, 1.0)
    widget.grab().save(str(out / f"{name}.png"))
    print(f"saved {name}.png", flush=True)


def loaded(gallery) -> bool:  # type: ignore[no-untyped-def]
    rows = min(gallery.model.rowCount(), 24)
    return all(gallery.model.index(r).data(1) is not None for r in range(rows))  # Decoration


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    make_application()
    window = MainWindow(open_catalogue(args.catalogue), load_settings(), detect_device=False)
    window.resize(1560, 960)
    window.show()
    review = window.review_view
    assert review is not None
    window.tabs.setCurrentWidget(review)
    review.find()
    assert wait_for(lambda: review.findings is not None, 600), review.status.text()
    shot(window, args.out, "8-review-queues")

    gallery = review.open_queue(review.queue_list()[0])
    gallery.resize(1300, 900)
    wait_for(lambda: loaded(gallery), 30)
    shot(gallery, args.out, "9-suspected-label-errors")

    first = gallery.model.item(0).row
    review.more_like_this(first.id, first.file_name, k=40)
    wait_for(lambda: loaded(gallery), 30)
    shot(gallery, args.out, "10-more-like-this")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
