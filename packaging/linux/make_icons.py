"""Render the app's SVG icon into the PNG sizes desktops ask for (hicolor theme layout):

    python packaging/linux/make_icons.py resources/icons/product-image-reviewer.svg OUT/

writes OUT/hicolor/scalable/apps/NAME.svg and OUT/hicolor/NxN/apps/NAME.png for
N in 16, 22, 24, 32, 48, 64, 128, 256, 512. Uses Qt's SVG renderer offscreen.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    svg, out = Path(argv[0]), Path(argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"error: {svg} is not an SVG Qt can read", file=sys.stderr)
        return 2
    name = svg.stem
    scalable = out / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable / f"{name}.svg")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        folder = out / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not image.save(str(folder / f"{name}.png")):
            print(f"error: cannot write {folder / name}.png", file=sys.stderr)
            return 1
    print(f"icons: {len(SIZES)} PNG sizes and the SVG under {out / 'hicolor'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
