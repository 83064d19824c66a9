"""An independent NumPy forward pass of EfficientNet-Lite straight from a PyTorch-layout
state dict (EfficientNet-PyTorch names, OIHW kernels), to check the Keras conversion.

Written from the architecture, not from the converter: the block list is read off the
state dict itself (which blocks exist, their kernel sizes and strides by position in
the stage table below), convolutions use TF "same" padding (the extra pixel goes
bottom/right, as the PyTorch port's static same padding does), batch norm uses
epsilon 1e-3, activations are ReLU6.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

EPS = 1e-3
# (repeats at depth 1.0, kernel, first stride) of the seven stages
STAGES = ((1, 3, 1), (2, 3, 2), (2, 5, 2), (3, 3, 2), (3, 5, 1), (4, 5, 2), (1, 3, 1))


def _pad_same(x: np.ndarray, k: int, s: int) -> np.ndarray:
    h, w = x.shape[1:3]
    ph = max((math.ceil(h / s) - 1) * s + k - h, 0)
    pw = max((math.ceil(w / s) - 1) * s + k - w, 0)
    return np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))


def conv(x: np.ndarray, w_oihw: np.ndarray, stride: int) -> np.ndarray:
    """Dense convolution, NHWC input, PyTorch OIHW weight, TF same padding."""
    o, i, k, _ = w_oihw.shape
    xp = _pad_same(x, k, stride)
    n, hp, wp, _ = xp.shape
    ho, wo = (hp - k) // stride + 1, (wp - k) // stride + 1
    out = np.zeros((n, ho, wo, o), np.float64)
    for a in range(k):
        for b in range(k):
            patch = xp[:, a : a + stride * ho : stride, b : b + stride * wo : stride, :]
            out += patch @ w_oihw[:, :, a, b].T.astype(np.float64)
    return out


def depthwise(x: np.ndarray, w_c1hw: np.ndarray, stride: int) -> np.ndarray:
    c, _, k, _ = w_c1hw.shape
    xp = _pad_same(x, k, stride)
    n, hp, wp, _ = xp.shape
    ho, wo = (hp - k) // stride + 1, (wp - k) // stride + 1
    out = np.zeros((n, ho, wo, c), np.float64)
    for a in range(k):
        for b in range(k):
            out += xp[:, a : a + stride * ho : stride, b : b + stride * wo : stride, :] * w_c1hw[:, 0, a, b]
    return out


def bn(x: np.ndarray, state: Mapping[str, np.ndarray], prefix: str) -> np.ndarray:
    g, b = state[f"{prefix}.weight"], state[f"{prefix}.bias"]
    m, v = state[f"{prefix}.running_mean"], state[f"{prefix}.running_var"]
    return (x - m) / np.sqrt(v + EPS) * g + b


def relu6(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 6.0)


def block_strides(state: Mapping[str, np.ndarray]) -> list[int]:
    """Each block's stride: the first block of a stage strides, found where the number of
    output channels changes (stage boundaries), in stage order."""
    count = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("_blocks."))
    outs = [state[f"_blocks.{i}._project_conv.weight"].shape[0] for i in range(count)]
    strides, stage = [], -1
    for i, out in enumerate(outs):
        first = i == 0 or out != outs[i - 1]
        if first:
            stage += 1
        strides.append(STAGES[stage][2] if first else 1)
    return strides


def forward(state: Mapping[str, np.ndarray], pixels: np.ndarray, *, top: bool = True) -> np.ndarray:
    """Pixels (NHWC, float 0..255) -> softmax over 1000 classes (or pooled features)."""
    x = (np.asarray(pixels, np.float64) - 127.0) / 128.0
    x = relu6(bn(conv(x, state["_conv_stem.weight"], 2), state, "_bn0"))
    for i, stride in enumerate(block_strides(state)):
        p = f"_blocks.{i}"
        inputs = x
        if f"{p}._expand_conv.weight" in state:
            x = relu6(bn(conv(x, state[f"{p}._expand_conv.weight"], 1), state, f"{p}._bn0"))
        x = relu6(bn(depthwise(x, state[f"{p}._depthwise_conv.weight"], stride), state, f"{p}._bn1"))
        x = bn(conv(x, state[f"{p}._project_conv.weight"], 1), state, f"{p}._bn2")
        if stride == 1 and x.shape == inputs.shape:
            x = x + inputs
    x = relu6(bn(conv(x, state["_conv_head.weight"], 1), state, "_bn1"))
    pooled = x.mean(axis=(1, 2))
    if not top:
        return pooled
    logits = pooled @ state["_fc.weight"].T.astype(np.float64) + state["_fc.bias"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
