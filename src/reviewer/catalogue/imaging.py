"""Opening one image file: decode check, content hash, size, orientation, thumbnail.

Runs in worker processes during import, so it takes and returns plain data.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

THUMBNAIL_SIZE = 256
THUMBNAIL_QUALITY = 85
# Pillow's own decompression-bomb limit (about 89 megapixels) is enforced as an error.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass(frozen=True)
class ImageFacts:
    sha256: str
    width: int
    height: int
    format: str
    n_bytes: int
    thumbnail: bytes
    pixel_hash: int


class ImageRejected(Exception):
    """The file is not an image we can take; ``str()`` is the reason for the report."""


def inspect_bytes(data: bytes) -> ImageFacts:
    """Decode ``data`` fully (at reduced scale for JPEG) and describe it."""
    if not data:
        raise ImageRejected("empty file (0 bytes)")
    digest = hashlib.sha256(data).hexdigest()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(
                    f"image is {width}×{height} ({width * height / 1e6:.0f} megapixels), over "
                    f"the {MAX_PIXELS / 1e6:.0f}-megapixel safety limit for decompression bombs"
                )
            fmt = img.format or "unknown"
            if fmt == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale: the whole stream is still parsed.
                img.draft("RGB", (THUMBNAIL_SIZE * 3 // 4, THUMBNAIL_SIZE * 3 // 4))
            img.load()
        except ImageRejected:
            raise
        except UnidentifiedImageError:
            raise ImageRejected("not an image, or a format Pillow cannot read") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected(
                f"too many pixels: over the {MAX_PIXELS / 1e6:.0f}-megapixel safety limit for "
                f"decompression bombs ({exc})"
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            text = str(exc) or type(exc).__name__
            if "truncated" in text:
                raise ImageRejected("truncated: the file ends before the image does") from None
            raise ImageRejected(f"cannot decode the image: {text}") from None
    rgb = to_rgb(ImageOps.exif_transpose(img))
    if rgb.size[0] < 1 or rgb.size[1] < 1:
        raise ImageRejected("image has no pixels")
    thumb = rgb.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=THUMBNAIL_QUALITY)
    return ImageFacts(
        sha256=digest,
        width=width,
        height=height,
        format=fmt,
        n_bytes=len(data),
        thumbnail=out.getvalue(),
        pixel_hash=difference_hash(thumb),
    )


def to_rgb(img: Image.Image) -> Image.Image:
    """RGB for any mode: CMYK, palette, alpha (on white), 16-bit, 1-bit, float."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr_img = img.convert("I") if mode != "F" else img
        lo, hi = (float(v) for v in arr_img.getextrema())  # type: ignore[arg-type]
        scale = 255.0 / (hi - lo) if hi > lo else 1.0
        return arr_img.point(lambda v: (v - lo) * scale).convert("L").convert("RGB")
    if mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return img.convert("RGB")


def difference_hash(img: Image.Image) -> int:
    """64-bit dHash of the picture: equal for re-encoded or resized copies."""
    small = img.convert("L").resize((9, 8), Image.Resampling.BILINEAR)
    px = small.tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (px[row * 9 + col] > px[row * 9 + col + 1])
    # Fit a signed 64-bit column.
    return bits - (1 << 64) if bits >= 1 << 63 else bits


def load_rgb(data: bytes, max_side: int | None = None) -> Image.Image:
    """Decode stored image bytes for display or training, orientation applied."""
    source = Image.open(io.BytesIO(data))
    if max_side and source.format == "JPEG":
        source.draft("RGB", (max_side, max_side))
    img = to_rgb(ImageOps.exif_transpose(source))
    if max_side:
        img.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    return img
