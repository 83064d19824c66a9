"""Sanity check of the offline ImageNet EfficientNet-Lite0: top-5 labels for clothing photos.

Times building the model and getting its weights from the packaged .pth (read without
torch, converted, cached) versus from the cache (a fresh temp cache unless --cache-dir).
Then prints the ImageNet top-5 for a few validation photos per class of clothing-small: t-shirts should look like "jersey", shoes like "running shoe" or
"sandal", hats like "cowboy hat" or "sombrero", pants like "jean"...

    python benchmarks/lite0_sanity.py [--per-class 3] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from reviewer.training.lite0 import (  # noqa: E402
    LITE0_INPUT_SIZE,
    build_lite0,
    cached_imagenet_weights,
    imagenet_class_names,
    preprocess_lite0,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clothing-small"
T = TypeVar("T")
CLASSES = [
    "dress",
    "hat",
    "longsleeve",
    "outwear",
    "pants",
    "shirt",
    "shoes",
    "shorts",
    "skirt",
    "t-shirt",
]


def load_image(path: Path, size: int = LITE0_INPUT_SIZE) -> np.ndarray:
    """Resize the short side to size * 256 / 224 (bicubic), then center-crop size x size."""
    with Image.open(path) as image:
        image = image.convert("RGB")
        scale = size * 256 / 224 / min(image.size)
        w, h = (max(size, round(side * scale)) for side in image.size)
        image = image.resize((w, h), Image.Resampling.BICUBIC)
        left, top = (w - size) // 2, (h - size) // 2
        image = image.crop((left, top, left + size, top + size))
        return np.asarray(image, dtype=np.float32)


def timed(label: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<40} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=3)
    parser.add_argument("--cache-dir", help="weights cache root (default: a fresh temp dir)")
    parser.add_argument("--data", type=Path, default=DATA / "validation")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REVIEWER_CACHE_DIR"] = args.cache_dir or tmp
        build_lite0(weights=None)  # warm up Keras so the timings compare like with like
        timed("build, random weights", lambda: build_lite0(weights=None))
        timed("weights: read .pth + convert + cache", cached_imagenet_weights)
        timed("weights: read cache", cached_imagenet_weights)
        model = timed("build + load ImageNet weights (cached)", build_lite0)

    names = imagenet_class_names()
    for cls in CLASSES:
        paths = sorted((args.data / cls).glob("*.jpg"))[: args.per_class]
        if not paths:
            continue
        batch = preprocess_lite0(np.stack([load_image(p) for p in paths]))
        probs = model.predict(batch, verbose=0)
        print(f"\n== {cls}")
        for path, p in zip(paths, probs, strict=True):
            top = np.argsort(-p)[:5]
            labels = ", ".join(f"{names[i]} {p[i]:.2f}" for i in top)
            print(f"  {path.name[:8]}  {labels}")


if __name__ == "__main__":
    main()
