"""Made data for curation: a labelled catalogue whose embeddings are written as
category clusters (the vectors a backbone would give), and noise pictures whose
copies only the difference hash can tell from look-alikes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image as ImageRow
from reviewer.curation.embedding_store import EmbeddingStore

CLASSES = ("hat", "shoes", "bag", "dress")
PER_CLASS = 15
DIM = 32


def noise_picture(path: Path, seed: int, size: tuple[int, int] = (64, 64)) -> Path:
    """Smooth random blobs: every seed a different picture (and difference hash)."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path


@pytest.fixture
def labelled(catalogue: Catalogue, tmp_path: Path) -> Catalogue:
    """Four categories of 15 different pictures each, imported from folders."""
    for k, name in enumerate(CLASSES):
        for i in range(PER_CLASS):
            noise_picture(tmp_path / "made" / name / f"{name}_{i}.png", seed=100 * k + i)
    run_import(catalogue, tmp_path / "made", ImportOptions(actor="t", workers=1))
    return catalogue


@pytest.fixture
def clustered_store(labelled: Catalogue, tmp_path: Path) -> EmbeddingStore:
    """Embeddings written as one cluster per category (seeded), keyed by content."""
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(len(CLASSES), DIM)) * 3
    with labelled.read() as session:
        rows = session.execute(select(ImageRow.sha256, ImageRow.file_name)).all()
    store = EmbeddingStore("made", DIM, tmp_path / "embeddings")
    vectors = np.stack([centres[CLASSES.index(name.split("_")[0])] + rng.normal(size=DIM)
                        for _, name in rows])
    with store.writer() as writer:
        writer.add([sha for sha, _ in rows], vectors)
    return store


@pytest.fixture
def image_id_of(labelled: Catalogue) -> Callable[[str], int]:
    def find(file_name: str) -> int:
        with labelled.read() as session:
            return int(session.execute(
                select(ImageRow.id).where(ImageRow.file_name == file_name)).scalar_one())
    return find
