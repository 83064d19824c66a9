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


def test_prefetched_thumbnails_are_decoded_before_they_are_painted(
        qtbot, labelled_catalogue: Catalogue) -> None:
    loader = ThumbnailLoader(labelled_catalogue, size=QSize(32, 32))
    try:
        with qtbot.waitSignal(loader.ready, timeout=5000) as arrived:
            loader.prefetch([5, 6, 7])
        assert sorted(arrived.args[0]) == [5, 6, 7], "one read for the three"
        for image_id in (5, 6, 7):
            image = loader.cache.get(image_id)
            assert image is not None and not image.isNull()
            assert max(image.width(), image.height()) <= 32
            assert image.format() == QImage.Format.Format_RGB32
        assert loader.hit_rate() == 1.0
        loader.prefetch([5, 6, 7])
        assert loader.is_idle(), "nothing is read twice"
    finally:
        loader.shutdown()


def test_a_broken_thumbnail_is_a_null_image() -> None:
    from reviewer.ui.grid.thumbnail_loader import decode_thumbnail

    assert decode_thumbnail(b"not a jpeg", QSize(32, 32), 1.0).isNull()


def test_decoded_thumbnails_keep_their_colours() -> None:
    import io

    from PIL import Image
    from PySide6.QtGui import QColor

    from reviewer.ui.grid.thumbnail_loader import decode_thumbnail

    buffer = io.BytesIO()
    Image.new("RGB", (192, 256), (220, 30, 40)).save(buffer, "JPEG", quality=95)
    image = decode_thumbnail(buffer.getvalue(), QSize(60, 60), 2.0)
    assert (image.width(), image.height()) == (90, 120)
    colour = QColor(image.pixel(45, 60))
    assert colour.red() > 200 and colour.green() < 60 and colour.blue() < 70


def test_decoded_thumbnails_are_opaque_in_memory() -> None:
    """Format_RGB32's fourth byte must be 0xff: Qt copies it as alpha when it draws
    the image onto a transparent one (the delegate's cell cache)."""
    import io

    from PIL import Image

    from reviewer.ui.grid.thumbnail_loader import decode_thumbnail

    buffer = io.BytesIO()
    Image.new("RGB", (48, 40), (255, 255, 255)).save(buffer, "JPEG")
    image = decode_thumbnail(buffer.getvalue(), QSize(160, 160), 1.0)
    target = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    target.fill(0)
    from PySide6.QtGui import QPainter

    painter = QPainter(target)
    painter.drawImage(0, 0, image)
    painter.end()
    assert {target.pixel(x, y) >> 24 for x in range(48) for y in range(40)} == {0xFF}
