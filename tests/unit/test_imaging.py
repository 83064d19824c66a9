"""Opening one file: every kind of bad or unusual input gets a clear verdict."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from reviewer.catalogue.imaging import ImageRejected, inspect_bytes, load_rgb
from tests.conftest import bomb_png, image_bytes


def test_plain_jpeg_is_described() -> None:
    facts = inspect_bytes(image_bytes(size=(48, 40)))
    assert (facts.width, facts.height, facts.format) == (48, 40, "JPEG")
    assert len(facts.sha256) == 64
    assert Image.open(io.BytesIO(facts.thumbnail)).size == (48, 40)


def test_zero_byte_file_is_refused() -> None:
    with pytest.raises(ImageRejected, match="empty file"):
        inspect_bytes(b"")


def test_truncated_jpeg_is_refused() -> None:
    data = image_bytes(size=(300, 200))
    with pytest.raises(ImageRejected, match="truncated|cannot decode"):
        inspect_bytes(data[: len(data) // 2])


def test_text_named_jpg_is_refused() -> None:
    with pytest.raises(ImageRejected, match="not an image"):
        inspect_bytes(b"name,price\nshirt,10\n")


def test_png_with_alpha_is_composited_on_white() -> None:
    img = Image.new("RGBA", (20, 20), (255, 0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    facts = inspect_bytes(out.getvalue())
    thumb = Image.open(io.BytesIO(facts.thumbnail)).convert("RGB")
    r, g, b = thumb.getpixel((10, 10))  # type: ignore[misc]
    assert min(r, g, b) > 240  # transparent → white, not black


def test_cmyk_jpeg_becomes_rgb() -> None:
    facts = inspect_bytes(image_bytes(mode="CMYK"))
    assert facts.format == "JPEG"
    assert Image.open(io.BytesIO(facts.thumbnail)).mode == "RGB"


def test_sixteen_bit_png_is_scaled_not_clipped() -> None:
    img = Image.new("I;16", (16, 16))
    for x in range(16):
        for y in range(16):
            img.putpixel((x, y), x * 4096)
    out = io.BytesIO()
    img.save(out, "PNG")
    thumb = Image.open(io.BytesIO(inspect_bytes(out.getvalue()).thumbnail)).convert("L")
    assert thumb.getpixel((0, 8)) < 20
    assert thumb.getpixel((15, 8)) > 230  # not saturated at the 8-bit clip point


def test_palette_png_is_accepted() -> None:
    facts = inspect_bytes(image_bytes(fmt="PNG", mode="P"))
    assert facts.format == "PNG"


def test_decompression_bomb_is_refused_before_decoding() -> None:
    with pytest.raises(ImageRejected, match="megapixel|decompression"):
        inspect_bytes(bomb_png())


def test_exif_rotation_is_applied_to_the_thumbnail() -> None:
    img = Image.new("RGB", (40, 20), (10, 120, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    facts = inspect_bytes(out.getvalue())
    assert (facts.width, facts.height) == (40, 20)  # as stored in the file
    assert Image.open(io.BytesIO(facts.thumbnail)).size == (20, 40)  # as a person sees it
    assert load_rgb(out.getvalue()).size == (20, 40)


def test_reencoded_copy_has_the_same_pixel_hash() -> None:
    original = image_bytes(size=(64, 64), pattern=1)
    png = io.BytesIO()
    Image.open(io.BytesIO(original)).save(png, "PNG")
    a, b = inspect_bytes(original), inspect_bytes(png.getvalue())
    assert a.sha256 != b.sha256
    assert a.pixel_hash == b.pixel_hash
