"""HiDPI thumbnails (issue 19): what a grid cell costs to decode at a device pixel
ratio of 1 and of 2, on the real clothing-small photos.

    nice -n 5 .venv/bin/python benchmarks/hidpi_thumbnails.py [--images 400] [--repeat 3]

Imports N photos into a temporary catalogue (the real import, 256-px stored
thumbnails), then, in one run, times the grid loader's two decode paths for a 160-px
box: the stored thumbnail at 1× (what every cell costs on a normal screen) and the
original at 2× (``decode_original``, which the loader uses where the stored thumbnail
would fill only 80 % of the box), each for all N images, best of ``--repeat``.
Prints ms per image, per screen of 40 cells, the ratio of the two, and how much of
the box the picture fills (as a share of its width) each way.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)
from PySide6.QtCore import QSize
from sqlalchemy import select

from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.queries import thumbnails
from reviewer.catalogue.schema import Image
from reviewer.ui.grid.thumbnail_loader import decode_original, decode_thumbnail

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clothing-small"
BOX = QSize(160, 160)




def best(repeat: int, work: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA / "train")
    parser.add_argument("--images", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "photos"
        picked = sorted(args.data.rglob("*.jpg"))[:: max(1, 3000 // args.images)][: args.images]
        for i, path in enumerate(picked):
            target = source / path.parent.name / f"{i}-{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        catalogue = open_catalogue(str(Path(tmp) / "bench.sqlite"))
        run_import(catalogue, source, ImportOptions(actor="bench", workers=1))
        with catalogue.read() as session:
            ids = list(session.scalars(select(Image.id)))
            shas = dict(session.execute(select(Image.id, Image.sha256)).all())  # type: ignore[arg-type]
            stored = thumbnails(session, ids)
        originals = {i: catalogue.store.get(shas[i]) for i in ids}
        catalogue.close()

        def at_1x() -> None:
            for data in stored.values():
                decode_thumbnail(data, BOX, 1.0)

        def at_2x() -> None:
            for data in originals.values():
                decode_original(data, BOX, 2.0)

        one = best(args.repeat, at_1x)
        two = best(args.repeat, at_2x)
        sample = ids[0]
        old_2x = decode_thumbnail(stored[sample], BOX, 2.0)
        new_2x = decode_original(originals[sample], BOX, 2.0)
        n = len(ids)
        print(f"CPU: {cpu_model()} ({os.cpu_count()} cores), load average "
              f"{os.getloadavg()[0]:.1f}")
        print(f"{n} real photos (clothing-small), 160-px box, best of {args.repeat}")
        print(f"stored thumbnail at 1x : {1000 * one / n:6.2f} ms/image, "
              f"{40000 * one / n:6.1f} ms per screen of 40")
        print(f"original at 2x         : {1000 * two / n:6.2f} ms/image, "
              f"{40000 * two / n:6.1f} ms per screen of 40")
        print(f"ratio 2x / 1x          : {two / one:.2f}")
        print(f"box filled at 2x       : stored thumbnail {max(old_2x.width(), old_2x.height())}"
              f" of 320 device px, original {max(new_2x.width(), new_2x.height())} of 320")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
