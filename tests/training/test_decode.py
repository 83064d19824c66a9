"""The one decode (reviewer.training.decode): EXIF orientation read and applied inside the
graph, the resize as model.json's reference defines it, alpha, fallbacks, errors."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image, ImageOps

from reviewer.training import decode
from reviewer.training.pipeline import decode_resized

from .reference_client import reference_resize as _reference_resize


def _picture(w: int = 50, h: int = 30, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    pixels[: h // 3] = (250, 10, 10)  # a red band on top: orientation shows
    pixels[:, : w // 5] = (10, 10, 250)  # a blue band on the left
    return pixels


def _encode(pixels: np.ndarray, fmt: str, orientation: int | None = None) -> bytes:
    image = Image.fromarray(pixels)
    options: dict[str, object] = {"JPEG": {"quality": 95}, "WEBP": {"lossless": True}}.get(
        fmt, {})
    if orientation is not None:
        exif = image.getexif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _pillow_upright(data: bytes) -> np.ndarray:
    return np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB"))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_exif_orientation_is_applied_in_graph_as_pillow_applies_it(fmt: str) -> None:
    pixels = _picture()
    shapes = set()
    for orientation in range(1, 9):
        data = _encode(pixels, fmt, orientation)
        assert Image.open(io.BytesIO(data)).getexif()[0x0112] == orientation
        assert int(decode.exif_orientation(tf.constant(data))) == orientation
        got = decode.decode_bytes(tf.constant(data)).numpy()
        want = _pillow_upright(data)
        assert got.shape == want.shape
        # Same libjpeg IDCT (accurate integer) as Pillow: equal, allowing one level for
        # a differently built libjpeg-turbo.
        assert np.abs(got - want).max() <= 1.0, (fmt, orientation)
        shapes.add(got.shape)
    assert shapes == {(30, 50, 3), (50, 30, 3)}  # 5-8 swap width and height


def test_files_without_exif_or_with_odd_exif_stay_as_they_are() -> None:
    pixels = _picture()
    plain = _encode(pixels, "JPEG")
    assert int(decode.exif_orientation(tf.constant(plain))) == 1
    assert int(decode.exif_orientation(tf.constant(b"tiny"))) == 1
    motorola = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01"
    intel = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00"
    for exif, value, expected in [
        (motorola + b"\x00\x08\x00\x00\x00\x00\x00\x00", 8, 8),
        (intel + b"\x06\x00\x00\x00\x00\x00\x00\x00", 6, 6),
        (intel + b"\x09\x00\x00\x00\x00\x00\x00\x00", 9, 1),  # no such orientation
        (intel[:-4], 6, 1),  # cut short
    ]:
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, "JPEG", exif=exif)
        data = out.getvalue()
        assert int(decode.exif_orientation(tf.constant(data))) == expected, (exif, value)
        if expected != 1:
            assert Image.open(io.BytesIO(data)).getexif()[0x0112] == value
            np.testing.assert_array_equal(decode.decode_bytes(tf.constant(data)).numpy(),
                                          _pillow_upright(data).astype(np.float32))


@pytest.mark.parametrize(("w", "h", "size"), [(400, 533, 32), (50, 30, 32), (37, 91, 24),
                                              (16, 16, 40)])
def test_resize_follows_the_reference_in_model_json(w: int, h: int, size: int) -> None:
    pixels = _picture(w, h, seed=w)
    got = decode.resize_pixels(tf.constant(pixels), size).numpy()
    want = _reference_resize(pixels, size)
    assert got.shape == (size, size, 3) and got.dtype == np.float32
    np.testing.assert_allclose(got, want, atol=0.01)
    # Pillow's BILINEAR (no reducing gap) is the same filter, rounded to whole levels.
    pil = np.asarray(Image.fromarray(pixels).resize((size, size), Image.Resampling.BILINEAR,
                                                    reducing_gap=None), np.float32)
    assert np.abs(pil - got).max() <= 1.001


def test_no_draft_mode_a_large_jpeg_is_decoded_whole(tmp_path: Path) -> None:
    pixels = _picture(640, 480, seed=3)
    path = tmp_path / "big.jpg"
    path.write_bytes(_encode(pixels, "JPEG"))
    got = decode_resized(str(path), 32)  # the app's decode
    full = np.asarray(Image.open(path).convert("RGB"))  # full resolution, no draft
    np.testing.assert_allclose(got, _reference_resize(full, 32), atol=1.0)
    draft = Image.open(path)
    draft.draft("RGB", (32, 32))  # 1/8 scale in the DCT: what the app did before
    assert draft.size == (80, 60)
    assert np.abs(got - _reference_resize(np.asarray(draft.convert("RGB")), 32)).max() > 1.0


def test_transparent_pixels_are_put_on_white(tmp_path: Path) -> None:
    rgba = np.zeros((20, 20, 4), np.uint8)
    rgba[..., 0] = 200
    rgba[:10, :, 3] = 255  # opaque red on top, transparent below
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        Image.fromarray(rgba, "RGBA").save(out, fmt, **({"lossless": True} if fmt == "WEBP"
                                                       else {}))
        got = decode.decode_bytes(tf.constant(out.getvalue())).numpy()
        np.testing.assert_allclose(got[:10, :, :], np.broadcast_to([200, 0, 0], (10, 20, 3)))
        np.testing.assert_allclose(got[10:, :, :], 255.0)


def test_formats_without_a_tensorflow_decoder_go_through_pillow(tmp_path: Path) -> None:
    pixels = _picture(60, 40, seed=5)
    path = tmp_path / "scan.tiff"
    image = Image.fromarray(pixels)
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(path, "TIFF", exif=exif.tobytes())
    got = decode_resized(str(path), 24)
    upright = _pillow_upright(path.read_bytes())
    assert upright.shape == (60, 40, 3)  # Pillow turned it
    np.testing.assert_allclose(got, decode.resize_pixels(tf.constant(upright), 24).numpy())
    # The same path inside tf.data (what training reads through).
    ds = tf.data.Dataset.from_tensor_slices([str(path)]).map(
        lambda p: decode.decode_file_op(p, 24))
    np.testing.assert_allclose(next(iter(ds)).numpy(), got, atol=1e-4)


def test_tf_data_op_and_python_decode_agree(tmp_path: Path) -> None:
    paths = []
    for i, fmt in enumerate(["JPEG", "PNG", "WEBP", "GIF", "BMP"]):
        path = tmp_path / f"p{i}.{fmt.lower()}"
        path.write_bytes(_encode(_picture(45 + 7 * i, 33, seed=i), fmt,
                                 6 if fmt in ("JPEG", "PNG", "WEBP") else None))
        paths.append(str(path))
    ds = tf.data.Dataset.from_tensor_slices(paths).map(lambda p: decode.decode_file_op(p, 28))
    for path, in_graph in zip(paths, ds, strict=True):
        np.testing.assert_allclose(in_graph.numpy(), decode_resized(path, 28), atol=1e-4)


def test_broken_files_raise_one_line_reasons(tmp_path: Path) -> None:
    whole = _encode(_picture(), "JPEG")
    for data, reason in [(whole[: len(whole) // 2], "JPEG"), (b"\xff\xd8\xff\xe0 garbage", "JPEG"),
                         (b"\x89PNG\r\n\x1a\nnope", "PNG")]:
        with pytest.raises(decode.ImageDecodeError, match=reason) as info:
            decode.decode_resized_data(data, 16)
        assert "\n" not in str(info.value) and "File " not in str(info.value)
