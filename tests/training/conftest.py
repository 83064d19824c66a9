"""A tiny labelled catalogue with splits, for training tests (tiny models, 32 px)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.splits import SplitConfig, make_splits
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.spec import TrainSpec

CLASSES = {"hat": (220, 40, 40), "shoes": (40, 200, 40), "bag": (40, 40, 220)}


@pytest.fixture
def trainable(catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]) -> Catalogue:
    """Three colour-coded categories, 12 images each, split 8/2/2 per class."""
    for name, color in CLASSES.items():
        for i in range(12):
            make_image(tmp_path / "tiny" / name / f"{i}.png", color=color, pattern=i,
                       size=(40, 40), fmt="PNG")
    run_import(catalogue, tmp_path / "tiny", ImportOptions(actor="t", workers=1))
    make_splits(catalogue, SplitConfig(seed=0, test_fraction=1 / 6, validation_fraction=0.2))
    return catalogue


@pytest.fixture
def tiny_spec() -> TrainSpec:
    return TrainSpec(backbone="mobilenet", input_size=32, weights=None, epochs=2, batch_size=8,
                     learning_rate=1e-3, views=2, seed=1)


@pytest.fixture
def cache(tmp_path: Path) -> FeatureCache:
    return FeatureCache(tmp_path / "features", max_bytes=10**9)
