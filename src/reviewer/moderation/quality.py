"""Photo quality measures for the ``low_quality`` flag: too small, very blurred,
nearly blank. Computed on a grey copy at most 256 pixels on its longer side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewer.catalogue.imaging import load_rgb
from reviewer.moderation.rules import Rules

SIDE = 256


@dataclass(frozen=True)
class Quality:
    width: int
    height: int
    sharpness: float  # variance of the 4-neighbour Laplacian
    contrast: float  # standard deviation of the grey levels

    def problems(self, rules: Rules) -> list[str]:
        found = []
        if min(self.width, self.height) < rules.min_side:
            found.append(f"too small ({self.width}×{self.height} px, under {rules.min_side} px)")
        if self.contrast < rules.min_contrast:
            found.append(f"nearly blank (contrast {self.contrast:.1f} < {rules.min_contrast:g})")
        elif self.sharpness < rules.min_sharpness:
            found.append(f"very blurred (sharpness {self.sharpness:.1f} < {rules.min_sharpness:g})")
        return found


def measure(data: bytes, width: int, height: int) -> Quality:
    """Quality of one stored original (``width``/``height``: its full size)."""
    grey = np.asarray(load_rgb(data, SIDE).convert("L"), dtype=np.float32)
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return Quality(width, height, 0.0, float(grey.std()))
    lap = (grey[1:-1, :-2] + grey[1:-1, 2:] + grey[:-2, 1:-1] + grey[2:, 1:-1]
           - 4.0 * grey[1:-1, 1:-1])
    return Quality(width, height, float(lap.var()), float(grey.std()))
