"""The curation side in bounded memory: the catalogue's matrix is written in chunks
and memory-mapped, and from INCREMENTAL_FROM images on the PCA before the
cross-validation is fitted chunk by chunk. Both give what the in-memory path gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image
from reviewer.curation import probabilities
from reviewer.curation.catalogue_vectors import load_vectors, normalise, normalised_rows
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.curation.suspects import analyse


def test_the_catalogue_matrix_is_memory_mapped_and_row_aligned(
    labelled: Catalogue, clustered_store: EmbeddingStore
) -> None:
    data = load_vectors(labelled, clustered_store)
    assert isinstance(data.vectors, np.memmap) and not data.vectors.flags.writeable
    with labelled.read() as session:
        shas = dict(session.execute(select(Image.id, Image.sha256)).all())
    expected, have = clustered_store.vectors([shas[int(i)] for i in data.image_ids])
    assert have.all()
    np.testing.assert_allclose(data.vectors, normalise(expected), rtol=0, atol=1e-6)
    # chunks of 7 rows, read in any order: the same rows
    rows = clustered_store.row_indices([shas[int(i)] for i in data.image_ids])[::-1].copy()
    small = normalised_rows(clustered_store, rows, chunk=7)
    np.testing.assert_allclose(small, normalise(expected)[::-1], rtol=0, atol=1e-6)
    assert clustered_store.folder.is_dir()
    assert {p.name for p in clustered_store.folder.iterdir()} <= {"vectors.f16", "hashes.bin",
                                                                  "lock", "key.json"}


def _clusters(n: int, dim: int, classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Category clusters in a 60-dimensional subspace of ``dim`` plus a little noise
    everywhere (real embeddings' spectra fall off the same way), 5 % labels flipped."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, 60))
    labels = rng.integers(0, classes, n)
    latent = centres[labels] * 0.6 + rng.normal(size=(n, 60))
    vectors = latent @ rng.normal(size=(60, dim)) + 0.3 * rng.normal(size=(n, dim))
    flipped = rng.choice(n, n // 20, replace=False)  # 5 % wrong labels
    labels[flipped] = (labels[flipped] + 1) % classes
    return normalise(vectors), labels


def test_incremental_pca_gives_the_exact_path_s_probabilities(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    vectors, labels = _clusters(2_000, 300, 5)
    path = tmp_path / "v.f32"
    vectors.tofile(path)
    mapped = np.memmap(path, np.float32, mode="r", shape=vectors.shape)
    rows = np.flatnonzero(np.arange(len(vectors)) % 10 != 3)  # a subset, as for judged images
    exact = probabilities.out_of_sample_probabilities(vectors[rows], labels[rows], 5)
    monkeypatch.setattr(probabilities, "INCREMENTAL_FROM", 0)
    monkeypatch.setattr(probabilities, "CHUNK", 300)  # 6 chunks
    chunked = probabilities.out_of_sample_probabilities(mapped, labels[rows], 5, rows=rows)
    assert chunked.shape == exact.shape == (len(rows), 5)
    np.testing.assert_allclose(chunked.sum(axis=1), 1.0, atol=1e-6)
    assert (chunked.argmax(axis=1) == exact.argmax(axis=1)).mean() > 0.99
    own = np.arange(len(rows)), labels[rows]
    # measured: mean 9e-5, max 0.019 (a few images whose 25 neighbours change by one)
    assert np.abs(chunked - exact).mean() < 1e-3
    assert np.abs(chunked - exact).max() < 0.05
    # the ranking confident learning starts from: each image's probability of its label
    assert np.corrcoef(chunked[own], exact[own])[0, 1] > 0.9999


def test_suspects_on_the_chunked_path_match(
    labelled: Catalogue, clustered_store: EmbeddingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = load_vectors(labelled, clustered_store)
    before = analyse(data)
    monkeypatch.setattr(probabilities, "INCREMENTAL_FROM", 0)
    monkeypatch.setattr("reviewer.curation.suspects.CHUNK", 7)
    after = analyse(data)
    np.testing.assert_allclose(after.probabilities, before.probabilities, atol=1e-9)
    assert [o.image_id for o in after.outliers] == [o.image_id for o in before.outliers]
    assert [(o.score, o.nearest) for o in after.outliers] == pytest.approx(
        [(o.score, o.nearest) for o in before.outliers])
