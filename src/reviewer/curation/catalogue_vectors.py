"""The catalogue's images joined with their embeddings: one matrix, row-aligned with
image ids, current labels and splits. Works the same on SQLite and PostgreSQL (the
vectors are looked up by content hash)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Image
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.errors import UserError


@dataclass
class CatalogueVectors:
    image_ids: np.ndarray  # int64 [n]
    file_names: list[str]
    category_ids: np.ndarray  # int64 [n], 0 = unlabelled
    unsure: np.ndarray  # bool [n]
    splits: list[str | None]
    pixel_hashes: np.ndarray  # int64 [n] (0 where unknown)
    vectors: np.ndarray  # float32 [n, dim], L2-normalised
    category_names: dict[int, str]
    without_embedding: int  # images of the catalogue that have no vector yet

    def __len__(self) -> int:
        return len(self.image_ids)

    def row_of(self, image_id: int) -> int:
        hit = np.flatnonzero(self.image_ids == image_id)
        if not len(hit):
            raise UserError(f"Image {image_id} has no embedding yet.",
                            hint="Run `reviewer embed` first (it resumes where it stopped).")
        return int(hit[0])


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, np.float32)


def load_vectors(catalogue: Catalogue, store: EmbeddingStore) -> CatalogueVectors:
    """Every image that has an embedding under ``store``'s key, in image-id order."""
    with catalogue.read() as session:
        rows = session.execute(
            select(Image.id, Image.sha256, Image.file_name, Image.category_id, Image.unsure,
                   Image.split, Image.pixel_hash).order_by(Image.id)).all()
        names = {int(i): str(n) for i, n in session.execute(select(Category.id, Category.name))}
    vectors, have = store.vectors([r.sha256 for r in rows])
    kept = [r for r, h in zip(rows, have, strict=True) if h]
    if not kept:
        raise UserError("No image of this catalogue has an embedding yet.",
                        hint="Run `reviewer embed` first (it resumes where it stopped).")
    return CatalogueVectors(
        image_ids=np.array([r.id for r in kept], np.int64),
        file_names=[r.file_name for r in kept],
        category_ids=np.array([r.category_id or 0 for r in kept], np.int64),
        unsure=np.array([bool(r.unsure) for r in kept]),
        splits=[r.split for r in kept],
        pixel_hashes=np.array([r.pixel_hash or 0 for r in kept], np.int64),
        vectors=normalise(vectors),
        category_names=names,
        without_embedding=len(rows) - len(kept),
    )
