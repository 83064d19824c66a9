from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.curation.embed import Embedder, embed_catalogue, lite0_embedder
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


@pytest.fixture(scope="module")
def conv_embedder() -> Embedder:
    """A small seeded convolutional embedder (32 values per picture, all well away from
    zero; the random-weight Lite0 at 32 pixels gives vectors that round to 0 in float16)."""
    import keras

    keras.utils.set_random_seed(3)
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.Rescaling(1 / 255.0)(inputs)
    x = keras.layers.Conv2D(32, 3, activation="sigmoid")(x)
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(x))
    return Embedder(model, 32, "conv-test", "seed 3", key="conv-test")


def test_embedding_in_small_batches_resumes_to_the_same_vectors(
    labelled: Catalogue, tmp_path: Path, conv_embedder: Embedder
) -> None:
    """Batches of 7, stopped after the second: exactly the 14 computed vectors are on
    disk (each batch written before the next is read); resumed, the store holds the
    vectors an uninterrupted run in batches of 32 gives, to 1e-3 (the values lie in
    0..1, where float16 steps are at most 2^-11 ≈ 4.9e-4; the batch shape changes the
    float32 sums in the last bits only, which may move a value by one float16 step)."""
    from sqlalchemy import select

    from reviewer.catalogue.schema import Image

    whole = conv_embedder.store(tmp_path / "whole")
    embed_catalogue(labelled, conv_embedder, store=whole, batch_size=32)
    store = conv_embedder.store(tmp_path / "batched")
    seen: list[int] = []
    with pytest.raises(CancelledError):
        embed_catalogue(labelled, conv_embedder, store=store, batch_size=7,
                        on_progress=lambda d, _n, _m: seen.append(d),
                        should_stop=lambda: len(seen) > 2)  # after the second batch
    assert seen == [0, 7, 14]
    assert len(store) == 14
    assert store.vectors_path.stat().st_size == 14 * conv_embedder.dim * 2
    resumed: list[int] = []
    result = embed_catalogue(labelled, conv_embedder, store=store, batch_size=7,
                             on_progress=lambda d, _n, _m: resumed.append(d))
    assert (result.computed, result.already) == (46, 14)
    assert resumed == [0, *range(7, 46, 7), 46]
    assert len(store) == 60
    with labelled.read() as session:
        shas = list(session.scalars(select(Image.sha256).order_by(Image.id)))
    got, have = store.vectors(shas)
    expected, have_all = whole.vectors(shas)
    assert have.all() and have_all.all()
    assert float(expected.std(axis=0).mean()) > 1e-3  # vectors that differ per picture
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-3)
    # and they are the model's own vectors for those pictures
    from reviewer.training.pipeline import decode_resized

    pixels = np.stack([decode_resized(str(labelled.store.path_for(s)), 32) for s in shas[:5]])
    direct = np.asarray(conv_embedder.model(pixels, training=False))
    np.testing.assert_allclose(got[:5], direct, rtol=0, atol=1e-3)
