"""A client of the exported models written from model.json alone, in numpy and Pillow:
what a Java or Go back end would implement (no TensorFlow, no code of this app)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps


def reference_resize(pixels: np.ndarray, size: int) -> np.ndarray:
    """model.json's ``input.reference.resize.definition``, written out in numpy."""

    def weights(n: int, m: int) -> np.ndarray:
        scale = n / m
        support = max(scale, 1.0)
        matrix = np.zeros((m, n), np.float64)
        for j in range(m):
            centre = (j + 0.5) * scale
            lo, hi = max(0, math.floor(centre - support)), min(n, math.ceil(centre + support))
            for i in range(lo, hi):
                matrix[j, i] = max(0.0, 1.0 - abs(i + 0.5 - centre) / support)
            matrix[j] /= matrix[j].sum()
        return matrix

    h, w = pixels.shape[:2]
    rows, cols = weights(h, size), weights(w, size)
    return np.einsum("yi,ijc,xj->yxc", rows, pixels.astype(np.float64), cols)


def client_pixels(path: Path, size: int) -> np.ndarray:
    """model.json's ``input.reference`` steps 1-4 for one file."""
    image = ImageOps.exif_transpose(Image.open(path))  # 1 (decode, full size) and 2
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = np.asarray(image.convert("RGBA"), np.float64)
        rgb = rgba[..., :3] * rgba[..., 3:] / 255 + 255 * (1 - rgba[..., 3:] / 255)
    else:
        rgb = np.asarray(image.convert("RGB"), np.float64)
    return reference_resize(rgb, size).astype(np.float32)  # 3 and 4
