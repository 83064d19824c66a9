"""Every item model passes Qt's model tester; thumbnails load off the GUI thread
into a bounded cache."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter
from reviewer.ui.grid.image_grid_model import ImageGridModel, ImageRowRole
from reviewer.ui.grid.thumbnail_loader import ThumbnailCache, ThumbnailLoader


def test_grid_model_passes_the_model_tester(qtmodeltester, labelled_catalogue: Catalogue) -> None:
    loader = ThumbnailLoader(labelled_catalogue)
    try:
        model = ImageGridModel(labelled_catalogue, loader)
        model.set_query(ImageFilter())
        qtmodeltester.check(model)
        model.set_query(ImageFilter(search="shoes"))
        qtmodeltester.check(model)
        model.refresh_rows([row.id for row in model.rows()])
        qtmodeltester.check(model)
    finally:
        loader.shutdown()


def test_empty_grid_model_passes_the_model_tester(qtmodeltester, catalogue: Catalogue) -> None:
    model = ImageGridModel(catalogue)
    model.set_query(ImageFilter())
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert not model.canFetchMore()


def test_thumbnails_arrive_in_the_background(qtbot, labelled_catalogue: Catalogue) -> None:
    loader = ThumbnailLoader(labelled_catalogue, size=QSize(64, 64), device_pixel_ratio=2.0)
    try:
        model = ImageGridModel(labelled_catalogue, loader)
        model.set_query(ImageFilter())
        index = model.index(0)
        assert index.data(Qt.ItemDataRole.DecorationRole) is None  # placeholder for now
        with qtbot.waitSignal(model.dataChanged, timeout=5000):
            pass
        image = index.data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(image, QImage) and not image.isNull()
        assert image.devicePixelRatio() == 2.0
        assert max(image.width(), image.height()) <= 128
        assert index.data(ImageRowRole).id == 1
        assert loader.hit_rate() == 0.5  # one miss, one hit
    finally:
        loader.shutdown()
    assert not loader.is_running()


def test_thumbnail_cache_is_bounded_lru() -> None:
    one = QImage(10, 10, QImage.Format.Format_RGB32)
    cache = ThumbnailCache(max_bytes=one.sizeInBytes() * 3)
    for i in range(3):
        cache.put(i, QImage(one))
    assert cache.get(0) is not None  # 0 is now the most recent
    cache.put(3, QImage(one))
    assert 1 not in cache, "the least recently used goes first"
    assert 0 in cache and 3 in cache
    assert cache.size_bytes <= one.sizeInBytes() * 3
    assert cache.get(1) is None
    assert cache.hit_rate() == 0.5
