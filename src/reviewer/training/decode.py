"""Image file → model input: one definition, in TensorFlow ops, shared by the app and
every exported model.

Training, evaluation, the feature cache and the scorer decode pictures with
:func:`decode_resized`, and the SavedModel export puts the very same ops
(:func:`decode_bytes`, :func:`resize_pixels`) in front of the classifier, so a client
who hands the exported model the file gets the app's answer. The steps, in order
(:data:`REFERENCE` says the same for a client who implements them elsewhere):

1. **Decode at full resolution.** JPEG with libjpeg's accurate integer IDCT
   (``INTEGER_ACCURATE``, the library default and Pillow's) and fancy upsampling; no
   DCT-domain downscaling ("draft mode"). PNG, WebP, GIF (first frame) and BMP with
   TensorFlow's decoders. Transparent pixels are composited onto white.
2. **EXIF orientation**: the Orientation tag (0x0112) of the file's EXIF block (JPEG
   APP1 ``Exif``, PNG ``eXIf``, WebP ``EXIF``) is read by byte arithmetic inside the
   graph and applied as Pillow's ``ImageOps.exif_transpose`` applies it.
3. **Resize** the whole picture (no crop, no padding: the aspect ratio is not kept) to
   size×size with an antialiased triangle (bilinear) filter: half-pixel centres, the
   kernel widened by the scale factor when shrinking (``tf.image.resize(...,
   "bilinear", antialias=True)``, the same filter as Pillow's ``BILINEAR`` resize).
4. **float32 RGB in 0..255**, not rounded; the model normalises them itself.

Formats TensorFlow cannot decode (TIFF, for one) are decoded by Pillow (orientation
applied, RGB) and join at step 3: exactly what the exported model's pixels signature
does with a client's decoded pixels.

Why not Pillow's draft mode, as the app did until 2026-11-30: a client cannot
reproduce it, the old double resize (shrink keeping the aspect, then stretch to a
square) changed the top class of 6.5-8.5 % of photos against a plain resize, and on
the clothing photos (400×533) draft mode never engaged at 224 px anyway. The figures
are in benchmarks/README.md (``decode_agreement.py``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf

DECODE_ID = "tf-full-exif-bilinear-aa-v1"  # part of the feature-cache key: bump on change

# EXIF sits near the start of a file (a JPEG's APP1 segment is at most 64 KiB).
_EXIF_SCAN = 65_536 + 64
_MAX_IFD_ENTRIES = 64

REFERENCE: dict[str, Any] = {
    "id": DECODE_ID,
    "steps": [
        "1. Decode the file at full resolution to 8-bit RGB (JPEG: libjpeg-turbo or any "
        "standard decoder with the accurate integer IDCT and fancy upsampling, no DCT "
        "scaling; PNG/WebP/GIF first frame/BMP). Pixels with alpha: "
        "rgb = rgb*a/255 + 255*(1 - a/255) (onto white), kept as floats.",
        "2. Apply the EXIF Orientation tag (0x0112) if present: 2 mirror left-right, "
        "3 rotate 180, 4 mirror top-bottom, 5 transpose (swap x and y), 6 rotate 90 "
        "clockwise, 7 transverse (transpose, then rotate 180), 8 rotate 90 "
        "counter-clockwise. 1 or absent: nothing.",
        "3. Resize to size x size, ignoring the aspect ratio, with a separable "
        "antialiased triangle filter (see resize).",
        "4. Feed float32 RGB values in 0..255 (not rounded, not normalised), NHWC.",
    ],
    "resize": {
        "filter": "triangle (bilinear), antialiased",
        "definition": (
            "For each axis with input length n and output length m: scale = n/m, "
            "support = max(scale, 1). Output pixel j has centre c = (j + 0.5) * scale; "
            "its weights over input pixels i are w(i) = max(0, 1 - |i + 0.5 - c| / "
            "support), for i in [floor(c - support), ceil(c + support)) clipped to "
            "[0, n), normalised to sum 1. Rows first or columns first gives the same "
            "result; compute in float32 and do not round."),
        "equivalents": [
            "TensorFlow: tf.image.resize(x, [size, size], 'bilinear', antialias=True)",
            "Pillow: Image.resize((size, size), Image.BILINEAR, reducing_gap=None) "
            "(rounds to uint8, so within 0.5 of the reference)",
            "Go: golang.org/x/image/draw BiLinear.Scale (8-bit output)",
        ],
    },
}


# ----------------------------------------------------------------------- EXIF, in-graph


def _shifted(p: tf.Tensor, offset: int) -> tf.Tensor:
    """``b[i + offset]`` for every i of the scanned head (``p`` padded by 8 / 16)."""
    return p[8 + offset: 8 + offset + _EXIF_SCAN]


def _matches(p: tf.Tensor, offset: int, pattern: bytes) -> tf.Tensor:
    hit = tf.ones([_EXIF_SCAN], tf.bool)
    for k, byte in enumerate(pattern):
        hit = hit & tf.equal(_shifted(p, offset + k), byte)
    return hit


def exif_orientation(data: tf.Tensor) -> tf.Tensor:
    """The EXIF Orientation (1..8) of an encoded image (a scalar string), 1 if none.

    Finds a TIFF header ("II*\\0" or "MM\\0*") right after an EXIF marker (JPEG
    ``Exif\\0\\0``, PNG chunk ``eXIf``, WebP chunk ``EXIF`` plus its length) in the
    file's first 64 KiB, then reads IFD0 for tag 0x0112.
    """
    head = tf.strings.substr(data, 0, _EXIF_SCAN)
    size = tf.strings.length(head)
    raw = tf.cast(tf.io.decode_raw(head, tf.uint8, fixed_length=_EXIF_SCAN), tf.int32)
    p = tf.concat([tf.zeros([8], tf.int32), raw, tf.zeros([16], tf.int32)], 0)
    tiff = _matches(p, 0, b"II*\x00") | _matches(p, 0, b"MM\x00*")
    marker = (_matches(p, -6, b"Exif\x00\x00") | _matches(p, -4, b"eXIf")
              | _matches(p, -8, b"EXIF"))
    found = tiff & marker
    start = tf.cast(tf.argmax(tf.cast(found, tf.int32)), tf.int32)
    little = tf.equal(tf.gather(raw, start), 0x49)

    def byte(offset: tf.Tensor) -> tf.Tensor:
        return tf.gather(p, tf.clip_by_value(offset + 8, 0, _EXIF_SCAN + 23))

    def u16(offset: tf.Tensor) -> tf.Tensor:
        a, b = byte(start + offset), byte(start + offset + 1)
        return tf.where(little, a + 256 * b, 256 * a + b)

    def u32(offset: tf.Tensor) -> tf.Tensor:
        lo, hi = u16(offset), u16(offset + 2)
        high_first = tf.logical_not(little)
        return tf.where(high_first, lo * 65536 + hi, hi * 65536 + lo)

    ifd = u32(tf.constant(4))
    count = u16(ifd)
    k = tf.range(_MAX_IFD_ENTRIES, dtype=tf.int32)
    entry = ifd + 2 + 12 * k
    is_orientation = (tf.equal(u16(entry), 0x0112) & tf.equal(u16(entry + 2), 3)
                      & (k < count) & (start + entry + 12 <= size))
    value = u16(entry + 8)
    first = tf.cast(tf.argmax(tf.cast(is_orientation, tf.int32)), tf.int32)
    orientation = tf.gather(value, first)
    ok = (tf.reduce_any(found) & (ifd > 0) & (ifd < size) & tf.reduce_any(is_orientation)
          & (orientation >= 1) & (orientation <= 8))
    return tf.where(ok, orientation, 1)


def apply_orientation(image: tf.Tensor, orientation: tf.Tensor) -> tf.Tensor:
    """Turn an H×W×C picture upright as Pillow's ``exif_transpose`` does."""

    def transpose(x: tf.Tensor) -> tf.Tensor:
        return tf.transpose(x, [1, 0, 2])

    branches = [
        lambda: image,  # 1
        lambda: image[:, ::-1],  # 2 FLIP_LEFT_RIGHT
        lambda: image[::-1, ::-1],  # 3 ROTATE_180
        lambda: image[::-1],  # 4 FLIP_TOP_BOTTOM
        lambda: transpose(image),  # 5 TRANSPOSE
        lambda: tf.image.rot90(image, k=3),  # 6 ROTATE_270 (90° clockwise)
        lambda: transpose(image)[::-1, ::-1],  # 7 TRANSVERSE
        lambda: tf.image.rot90(image, k=1),  # 8 ROTATE_90 (counter-clockwise)
    ]
    return tf.switch_case(tf.clip_by_value(orientation, 1, 8) - 1, branches)


# --------------------------------------------------------------------- decode, resize


def _starts_with(data: tf.Tensor, magic: bytes, at: int = 0) -> tf.Tensor:
    return tf.equal(tf.strings.substr(data, at, len(magic)), magic)


def tf_can_decode(data: tf.Tensor) -> tf.Tensor:
    """Whether :func:`decode_bytes` takes this file (JPEG, PNG, WebP, GIF, BMP)."""
    return (_starts_with(data, b"\xff\xd8\xff") | _starts_with(data, b"\x89PNG\r\n\x1a\n")
            | (_starts_with(data, b"RIFF") & _starts_with(data, b"WEBP", 8))
            | _starts_with(data, b"GIF8") | _starts_with(data, b"BM"))


def _on_white(rgba: tf.Tensor) -> tf.Tensor:
    x = tf.cast(rgba, tf.float32)
    alpha = x[..., 3:] / 255.0
    return x[..., :3] * alpha + 255.0 * (1.0 - alpha)


def decode_bytes(data: tf.Tensor) -> tf.Tensor:
    """An encoded JPEG/PNG/WebP/GIF/BMP (scalar string) → H×W×3 float32 0..255, upright."""
    is_jpeg = _starts_with(data, b"\xff\xd8\xff")
    is_png = _starts_with(data, b"\x89PNG\r\n\x1a\n")
    is_webp = _starts_with(data, b"RIFF") & _starts_with(data, b"WEBP", 8)

    def jpeg() -> tf.Tensor:
        return tf.cast(tf.io.decode_jpeg(data, channels=3, dct_method="INTEGER_ACCURATE"),
                       tf.float32)

    def png() -> tf.Tensor:  # grey, palette, 16-bit, alpha: all come out as 8-bit RGBA
        return _on_white(tf.io.decode_png(data, channels=4))

    def webp() -> tf.Tensor:  # RGB or RGBA, as stored; the first frame of an animation
        image = tf.io.decode_webp(data, channels=0)[0]
        return tf.cond(tf.equal(tf.shape(image)[-1], 4), lambda: _on_white(image),
                       lambda: tf.cast(image[..., :3], tf.float32))

    def other() -> tf.Tensor:
        return tf.cast(tf.io.decode_image(data, channels=3, expand_animations=False),
                       tf.float32)

    image = tf.case([(is_jpeg, jpeg), (is_png, png), (is_webp, webp)], default=other)
    image = tf.ensure_shape(image, [None, None, 3])
    return apply_orientation(image, exif_orientation(data))


def resize_pixels(pixels: tf.Tensor, size: int) -> tf.Tensor:
    """H×W×3 (or N×H×W×3) pixels of any size and dtype → size×size float32, unrounded."""
    image = tf.image.resize(tf.cast(pixels, tf.float32), [size, size], method="bilinear",
                            antialias=True)
    return tf.clip_by_value(image, 0.0, 255.0)


def decode_resized_bytes(data: tf.Tensor, size: int) -> tf.Tensor:
    """Encoded bytes → size×size×3 float32: the model input, entirely in-graph."""
    return tf.ensure_shape(resize_pixels(decode_bytes(data), size), [size, size, 3])


# ------------------------------------------------------------------- Python entry points


def pillow_pixels(data: bytes) -> np.ndarray:
    """Formats TensorFlow cannot decode: Pillow, orientation applied, RGB (uint8)."""
    from reviewer.catalogue.imaging import load_rgb

    return np.asarray(load_rgb(data), dtype=np.uint8)


def _pillow_graph(data: tf.Tensor) -> tf.Tensor:
    pixels = tf.numpy_function(lambda d: pillow_pixels(bytes(d)), [data], tf.uint8,
                               stateful=False)
    return tf.ensure_shape(pixels, [None, None, 3])


def decode_file_op(path: tf.Tensor, size: int) -> tf.Tensor:
    """A graph op for tf.data: file path → size×size×3 float32 (Pillow only for formats
    TensorFlow has no decoder for)."""
    data = tf.io.read_file(path)
    image = tf.cond(tf_can_decode(data), lambda: decode_bytes(data),
                    lambda: tf.cast(_pillow_graph(data), tf.float32))
    return tf.ensure_shape(resize_pixels(image, size), [size, size, 3])


@lru_cache(maxsize=8)
def _decoder(size: int) -> Any:
    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def decode(data: tf.Tensor) -> tf.Tensor:
        return decode_resized_bytes(data, size)

    @tf.function(input_signature=[tf.TensorSpec([None, None, 3], tf.uint8)])
    def resize(pixels: tf.Tensor) -> tf.Tensor:
        return resize_pixels(pixels, size)

    return decode, resize


def _tf_decodable(data: bytes) -> bool:
    return (data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"BM"))
            or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"))


class ImageDecodeError(ValueError):
    """TensorFlow's decoder refused the file; ``str()`` is its one-line reason."""


def _op_error_text(exc: tf.errors.OpError) -> str:
    lines = [line.strip() for line in (exc.message or "").splitlines()]
    useful = [line for line in lines if line and not line.startswith(
        ("File ", "[[", "Detected at", "Graph execution error"))]
    return useful[-1] if useful else type(exc).__name__


def decode_resized_data(data: bytes, size: int) -> np.ndarray:
    """Encoded image bytes → size×size×3 float32 in 0..255, as the exported model does.

    Raises :class:`ImageDecodeError` for a file TensorFlow's decoder refuses, Pillow's
    errors (``UnidentifiedImageError``…) for other formats Pillow cannot read.
    """
    decode, resize = _decoder(size)
    if not _tf_decodable(data):
        return np.asarray(resize(tf.constant(pillow_pixels(data))))
    try:
        return np.asarray(decode(tf.constant(data)))
    except tf.errors.InvalidArgumentError as exc:
        raise ImageDecodeError(_op_error_text(exc)) from None


def decode_resized_file(path: str | Path, size: int) -> np.ndarray:
    """An image file → size×size×3 float32 in 0..255 (see the module docstring)."""
    return decode_resized_data(Path(path).read_bytes(), size)
