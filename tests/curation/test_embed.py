from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.curation.embed import embed_catalogue, lite0_embedder
from reviewer.errors import CancelledError


@pytest.fixture(scope="module")
def tiny_embedder():  # type: ignore[no-untyped-def]
    return lite0_embedder(weights=None, input_size=32)


def test_embed_cancels_resumes_and_a_second_catalogue_costs_nothing(
    labelled: Catalogue, tmp_path: Path, tiny_embedder  # type: ignore[no-untyped-def]
) -> None:
    store = tiny_embedder.store(tmp_path / "emb")
    seen: list[tuple[int, int]] = []
    with pytest.raises(CancelledError):
        embed_catalogue(labelled, tiny_embedder, store=store,
                        on_progress=lambda d, n, _m: seen.append((d, n)),
                        should_stop=lambda: len(seen) > 1)  # stop after the first batch
    first = len(store)
    assert 0 < first < 60
    result = embed_catalogue(labelled, tiny_embedder, store=store)
    assert (result.total, result.computed, result.already) == (60, 60 - first, first)
    assert len(store) == 60

    # The same pictures in another catalogue: found by content, nothing computed.
    other = open_catalogue(str(tmp_path / "other.sqlite"))
    try:
        run_import(other, tmp_path / "made" / "hat", ImportOptions(actor="t", workers=1))
        again = embed_catalogue(other, tiny_embedder, store=store)
        assert (again.computed, again.already) == (0, 15)
    finally:
        other.close()
    vectors, have = store.vectors(store.missing([]) or [])
    assert vectors.shape == (0, tiny_embedder.dim) and not have.any()


def test_embedding_matches_the_keras_model(
    labelled: Catalogue, tmp_path: Path, tiny_embedder  # type: ignore[no-untyped-def]
) -> None:
    from sqlalchemy import select

    from reviewer.catalogue.schema import Image
    from reviewer.training.pipeline import decode_resized

    store = tiny_embedder.store(tmp_path / "emb2")
    embed_catalogue(labelled, tiny_embedder, store=store)
    with labelled.read() as session:
        sha = session.execute(select(Image.sha256).limit(1)).scalar_one()
    pixels = decode_resized(str(labelled.store.path_for(sha)), 32)[None]
    expected = np.asarray(tiny_embedder.model(pixels, training=False))[0]
    got, _ = store.vectors([sha])
    np.testing.assert_allclose(got[0], expected, rtol=2e-3, atol=2e-3)  # float16 storage
