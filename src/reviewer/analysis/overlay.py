"""A heat map blended over its photo (numpy and matplotlib's colour maps; no TensorFlow,
so the Qt views can import it without loading the training engine)."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps

OVERLAY_ALPHA = 0.5


def overlay(pixels: np.ndarray, values: np.ndarray, alpha: float = OVERLAY_ALPHA) -> np.ndarray:
    """The photo with the heat map blended over it (``turbo`` colours), uint8 RGB."""
    colours = colormaps["turbo"](np.clip(values, 0.0, 1.0))[..., :3] * 255.0
    weight = alpha * np.clip(values, 0.0, 1.0)[..., None] ** 0.5  # cold areas stay visible
    blended = pixels.astype(np.float32) * (1 - weight) + colours * weight
    return np.clip(blended, 0, 255).astype(np.uint8)
