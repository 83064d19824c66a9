"""Temperature scaling, ECE and reliability on made-up predictions with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from reviewer.analysis.calibration import (
    expected_calibration_error,
    fit_temperature,
    pr_curves,
    reliability,
)
from reviewer.analysis.temperature import (
    apply_temperature,
    load_calibration,
    model_temperature,
    save_calibration,
)


def overconfident(n: int = 3000, classes: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A model whose true logits are moderate but which reports them 3× too sharp."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, n)
    logits = rng.normal(0, 1.0, (n, classes))
    logits[np.arange(n), labels] += 1.2
    # sample labels from the calibrated distribution so "right" is a matter of chance
    calibrated = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    truth = np.array([rng.choice(classes, p=p) for p in calibrated])
    sharp = np.exp(3 * logits)
    return sharp / sharp.sum(1, keepdims=True), truth


def test_temperature_lowers_ece_of_an_overconfident_model_and_keeps_top1() -> None:
    probs, labels = overconfident()
    before = expected_calibration_error(probs, labels)
    t = fit_temperature(probs, labels)
    scaled = apply_temperature(probs, t)
    after = expected_calibration_error(scaled, labels)
    assert t == pytest.approx(3.0, rel=0.15)  # it recovers the sharpening it undoes
    assert before > 0.15
    assert after < before / 3
    np.testing.assert_array_equal(scaled.argmax(1), probs.argmax(1))
    np.testing.assert_allclose(scaled.sum(1), 1.0, atol=1e-5)
    # fitted on one half, it helps on the other half too
    t_half = fit_temperature(probs[:1500], labels[:1500])
    assert expected_calibration_error(apply_temperature(probs[1500:], t_half), labels[1500:]) < (
        expected_calibration_error(probs[1500:], labels[1500:]) / 2)


def test_apply_temperature_on_logits_matches_probabilities() -> None:
    logits = np.array([[2.0, 0.5, -1.0], [0.0, 0.1, 0.2]])
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    np.testing.assert_allclose(apply_temperature(probs, 2.0),
                               apply_temperature(logits, 2.0, logits=True), rtol=1e-5)
    np.testing.assert_allclose(apply_temperature(probs, 1.0), probs, rtol=1e-6)
    with pytest.raises(ValueError, match="positive"):
        apply_temperature(probs, 0.0)


def test_reliability_bins_and_ece_by_hand() -> None:
    # four images at 0.9 confidence, three right; two at 0.55, one right
    probs = np.array([[0.9, 0.1]] * 4 + [[0.55, 0.45]] * 2)
    labels = np.array([0, 0, 0, 1, 0, 1])
    table = reliability(probs, labels, bins=10)
    full = [b for b in table if b.count]
    assert [(b.count, round(b.confidence, 3), round(b.accuracy, 3)) for b in full] == [
        (2, 0.55, 0.5), (4, 0.9, 0.75)]
    expected = (2 * abs(0.5 - 0.55) + 4 * abs(0.75 - 0.9)) / 6
    assert expected_calibration_error(probs, labels, bins=10) == pytest.approx(expected)
    assert len(reliability(probs, labels)) == 15


def test_a_calibrated_model_keeps_temperature_near_one() -> None:
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 1.5, (4000, 4))
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    labels = np.array([rng.choice(4, p=p) for p in probs])
    assert fit_temperature(probs, labels) == pytest.approx(1.0, abs=0.12)


def test_pr_curve_threshold_lookup() -> None:
    probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7]])
    labels = np.array([0, 1, 1, 1])
    curve = pr_curves(probs, labels, ["a", "b"])[1]
    assert curve.at_threshold(0.6) == (1.0, pytest.approx(2 / 3))
    assert curve.at_threshold(0.15) == (1.0, 1.0)
    assert curve.at_threshold(0.05) == (0.75, 1.0)
    assert curve.at_threshold(0.95) == (1.0, 0.0)


def test_stored_temperature_follows_its_model_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = tmp_path / "model.keras"
    model.write_bytes(b"one")
    assert model_temperature(model) == 1.0
    save_calibration(model, 2.5, {"note": "x"})
    stored = load_calibration(model)
    assert stored is not None and stored.temperature == 2.5
    assert model_temperature(model) == 2.5
    model.write_bytes(b"a retrained model")  # another file under the same name
    assert load_calibration(model) is None
    assert model_temperature(model) == 1.0
