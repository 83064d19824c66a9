"""At a device pixel ratio of 2 a grid thumbnail fills its 160-px box (320 device
pixels) instead of the stored 256-px thumbnail's 80 %: the loader decodes the original
where the stored thumbnail is too small, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image
from reviewer.ui.grid.thumbnail_loader import (
    ThumbnailLoader,
    decode_thumbnail,
    needs_original,
)
from tests.conftest import image_bytes


@pytest.fixture
def big_and_small(catalogue: Catalogue, tmp_path: Path) -> dict[str, int]:
    folder = tmp_path / "photos" / "shirt"
    folder.mkdir(parents=True)
    (folder / "big.jpg").write_bytes(image_bytes(size=(800, 600), pattern=1))
    (folder / "small.jpg").write_bytes(image_bytes(size=(200, 150), pattern=2))
    run_import(catalogue, tmp_path / "photos", ImportOptions(actor="t", workers=1))
    with catalogue.read() as session:
        return dict(session.execute(select(Image.file_name, Image.id)).all())  # type: ignore[arg-type]


def _load(qtbot, catalogue: Catalogue, ratio: float, image_id: int) -> QImage:
    loader = ThumbnailLoader(catalogue, size=QSize(160, 160), device_pixel_ratio=ratio)
    try:
        with qtbot.waitSignal(loader.ready, timeout=10_000):
            loader.request(image_id)
        image = loader.get(image_id)
    finally:
        loader.shutdown()
    assert image is not None and not image.isNull()
    return image


@pytest.mark.parametrize(("ratio", "width"), [(1.0, 160), (1.5, 240), (2.0, 320), (3.0, 480)])
def test_the_thumbnail_fills_its_box_at_every_scale(qtbot, catalogue: Catalogue,
                                                    big_and_small: dict[str, int],
                                                    ratio: float, width: int) -> None:
    image = _load(qtbot, catalogue, ratio, big_and_small["big.jpg"])
    assert (image.width(), image.height()) == (width, width * 3 // 4)
    assert image.devicePixelRatio() == ratio
    assert image.width() / ratio == 160  # logical pixels: the whole box


def test_a_small_original_is_never_enlarged(qtbot, catalogue: Catalogue,
                                            big_and_small: dict[str, int]) -> None:
    image = _load(qtbot, catalogue, 2.0, big_and_small["small.jpg"])
    assert (image.width(), image.height()) == (200, 150)


def test_only_a_capped_thumbnail_too_small_for_the_box_needs_the_original() -> None:
    stored = image_bytes(size=(256, 192))
    box = QSize(160, 160)
    assert not needs_original(decode_thumbnail(stored, box, 1.0), box, 1.0)
    assert not needs_original(decode_thumbnail(stored, box, 1.5), box, 1.5)  # 240 < 256
    assert needs_original(decode_thumbnail(stored, box, 2.0), box, 2.0)
    small = image_bytes(size=(120, 90))
    assert not needs_original(decode_thumbnail(small, box, 2.0), box, 2.0)
    assert not needs_original(QImage(), box, 2.0)
