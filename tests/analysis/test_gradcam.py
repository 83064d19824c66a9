"""Grad-CAM sanity: it peaks on the evidence a model was trained to find, it depends on
the model's weights (Adebayo et al., 2018), and it works on the app's own run models."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from scipy.stats import spearmanr

from reviewer.analysis.gradcam import GradCam

SIZE = 32
SQUARE = 8


def picture(rng: np.random.Generator, square_at: tuple[int, int] | None) -> np.ndarray:
    x = rng.normal(60, 12, (SIZE, SIZE, 3)).clip(0, 255)
    if square_at is not None:
        r, c = square_at
        x[r : r + SQUARE, c : c + SQUARE] = 250
    return x.astype(np.float32)


@pytest.fixture(scope="module")
def square_finder() -> keras.Model:
    """A tiny CNN trained to tell a picture with a bright square from one without."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for i in range(400):
        has = i % 2 == 1
        at = (int(rng.integers(0, SIZE - SQUARE)), int(rng.integers(0, SIZE - SQUARE)))
        xs.append(picture(rng, at if has else None))
        ys.append(int(has))
    model = keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        keras.layers.Rescaling(1 / 255.0),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(np.stack(xs), np.array(ys), epochs=12, batch_size=32, verbose=0)
    return model


def test_heat_map_peaks_inside_the_planted_square(square_finder: keras.Model) -> None:
    gradcam = GradCam(square_finder)
    rng = np.random.default_rng(42)
    hits = 0
    places = [(3, 3), (20, 5), (5, 21), (18, 18), (12, 10)]
    for r, c in places:
        x = picture(rng, (r, c))
        assert gradcam.probabilities(x)[1] > 0.9  # the model found it
        (heat,) = gradcam.maps(x, [1])
        pr, pc = heat.peak
        hits += r <= pr < r + SQUARE and c <= pc < c + SQUARE
        inside = heat.values[r : r + SQUARE, c : c + SQUARE].mean()
        outside = (heat.values.sum() - heat.values[r : r + SQUARE, c : c + SQUARE].sum()) / (
            SIZE * SIZE - SQUARE * SQUARE)
        assert inside > 3 * outside
    assert hits == len(places)


def test_heat_map_changes_when_the_head_is_randomised(square_finder: keras.Model) -> None:
    """Adebayo et al.'s model-randomisation test: a map that stays the same when the
    weights it explains are replaced by random ones explains nothing."""
    x = picture(np.random.default_rng(7), (10, 14))
    (trained,) = GradCam(square_finder).maps(x, [1])
    randomised = keras.models.clone_model(square_finder)
    randomised.set_weights(square_finder.get_weights())
    head = randomised.layers[-1]
    rng = np.random.default_rng(1)
    kernel, bias = head.get_weights()
    head.set_weights([rng.normal(0, kernel.std(), kernel.shape).astype(np.float32),
                      np.zeros_like(bias)])
    (random_map,) = GradCam(randomised).maps(x, [1])
    a, b = trained.values.ravel(), random_map.values.ravel()
    assert a.std() > 0
    pearson = 0.0 if b.std() == 0 else float(np.corrcoef(a, b)[0, 1])
    spearman = 0.0 if b.std() == 0 else float(spearmanr(a, b).statistic)
    assert pearson < 0.5
    assert spearman < 0.5


def test_maps_are_in_unit_range_and_sized_to_the_input(square_finder: keras.Model) -> None:
    x = picture(np.random.default_rng(3), (0, 0))
    maps = GradCam(square_finder).maps(x, [0, 1])
    assert [m.class_index for m in maps] == [0, 1]
    for m in maps:
        assert m.values.shape == (SIZE, SIZE)
        assert m.values.min() >= 0.0 and m.values.max() <= 1.0
