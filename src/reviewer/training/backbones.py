"""The paper's five ImageNet backbones plus EfficientNet-Lite0, and the classifier on top.

A classifier is ``pixels (float32 RGB 0..255) → preprocessing → backbone (no top) →
GlobalAveragePooling2D → Dropout → Dense(softmax, float32)``. Preprocessing is part of
the model, so an exported model takes raw pixels. The first ``frozen_count`` layers of
the backbone are frozen as in the paper (Keras 3 runs frozen batch-norm layers in
inference mode). :attr:`ClassifierParts.split` cuts the model after the last frozen
layer into a deterministic ``prefix`` (features worth caching) and a trainable
``tail`` that shares the full model's layers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache, cached_property
from typing import Any

import keras
import numpy as np
from keras import applications

from reviewer.errors import UserError
from reviewer.training.backbone_facts import FACTS, BackboneFacts, backbone_key
from reviewer.training.weights import (
    WeightsArg,
    load_weights_file,
    resolve_weights,
)

log = logging.getLogger(__name__)

MIN_INPUT_SIZE = 32  # the smallest input every Keras application accepts without top


# ---------------------------------------------------------------------------- registry


def _build_lite0(**kwargs: Any) -> keras.Model:
    from reviewer.training.lite0 import build_lite0  # another module; imported on use

    return build_lite0(**kwargs)


def _lite_builder(variant: str) -> Callable[..., keras.Model]:
    def build(**kwargs: Any) -> keras.Model:
        from reviewer.training.lite0 import build_lite

        return build_lite(variant, **kwargs)

    return build


def _preprocess_lite0(x: Any) -> Any:
    from reviewer.training.lite0 import preprocess_lite0

    return preprocess_lite0(x)


@dataclass(frozen=True, kw_only=True)
class BackboneSpec(BackboneFacts):
    """A backbone's facts plus how to build it and preprocess for it (Keras)."""

    constructor: Callable[..., keras.Model]
    preprocess: Callable[[Any], Any]

    def frozen_count(self, backbone: keras.Model, trainable_from: str | None = None) -> int:
        """How many of ``backbone.layers`` (input layer included) to freeze: everything
        before the first layer named ``trainable_from...`` when given, else the
        backbone's own cut."""
        if trainable_from is None and self.frozen_layers is not None:
            return self.frozen_layers
        prefix = trainable_from or self.trainable_from or ""
        for index, layer in enumerate(backbone.layers):
            if index and layer.name.startswith(prefix):
                return index
        if trainable_from is not None:
            names = [layer.name for layer in backbone.layers[1:]]
            blocks = list(dict.fromkeys(name.split("_")[0] for name in names))
            examples = blocks[-4:] if len(blocks) >= 4 else names[-4:]
            raise UserError(
                f"{self.display_name} has no layer whose name starts with {prefix!r}.",
                hint=f"Name one of its layers or blocks, e.g. {', '.join(examples)}.")
        raise RuntimeError(
            f"{self.display_name}: no layer name starts with {prefix!r}; "
            "cannot find where its trainable stages begin"
        )


_KERAS_CODE: dict[str, tuple[Callable[..., keras.Model], Callable[[Any], Any]]] = {
    "mobilenet": (applications.MobileNet, applications.mobilenet.preprocess_input),
    "mobilenet_v2": (applications.MobileNetV2, applications.mobilenet_v2.preprocess_input),
    "nasnet_mobile": (applications.NASNetMobile, applications.nasnet.preprocess_input),
    "densenet121": (applications.DenseNet121, applications.densenet.preprocess_input),
    "nasnet_large": (applications.NASNetLarge, applications.nasnet.preprocess_input),
    "efficientnet_lite0": (_build_lite0, _preprocess_lite0),
    "efficientnet_lite1": (_lite_builder("lite1"), _preprocess_lite0),
    "efficientnet_lite2": (_lite_builder("lite2"), _preprocess_lite0),
}

_SPECS: tuple[BackboneSpec, ...] = tuple(
    BackboneSpec(**{f.name: getattr(facts, f.name) for f in fields(BackboneFacts)},
                 constructor=_KERAS_CODE[facts.key][0], preprocess=_KERAS_CODE[facts.key][1])
    for facts in FACTS
)
_BY_KEY = {spec.key: spec for spec in _SPECS}


def list_backbones() -> tuple[BackboneSpec, ...]:
    """All backbones, the paper's five first."""
    return _SPECS


def get_backbone(key: str | BackboneSpec) -> BackboneSpec:
    """The spec for ``key``; :class:`UserError` listing the valid keys if unknown."""
    if isinstance(key, BackboneSpec):
        return key
    try:
        return _BY_KEY[backbone_key(key)]
    except KeyError:
        raise UserError(
            f"Unknown backbone {key!r}.", hint=f"Choose one of: {', '.join(_BY_KEY)}."
        ) from None


# ------------------------------------------------------------------------ preprocessing


@cache
def preprocess_affine(key: str) -> tuple[list[float], list[float]]:
    """Per-channel ``(scale, offset)`` with ``preprocess(x) == x * scale + offset``.

    Read off the backbone's own ``preprocess_input`` and checked on random pixels, so
    the in-model :class:`keras.layers.Rescaling` matches it without hand-copied
    constants and exported models need no custom layer.
    """
    spec = get_backbone(key)

    def run(x: np.ndarray) -> np.ndarray:
        return np.asarray(keras.ops.convert_to_numpy(spec.preprocess(x.copy())), np.float64)

    # float64 probes where the function keeps them; the full 0..255 span keeps the
    # scale accurate even if it computes in float32.
    offset = run(np.zeros((1, 1, 1, 3))).reshape(3)
    scale = (run(np.full((1, 1, 1, 3), 255.0)).reshape(3) - offset) / 255.0
    probe = np.random.default_rng(0).uniform(0, 255, (2, 4, 4, 3))
    if not np.allclose(run(probe), probe * scale + offset, rtol=1e-5, atol=1e-5):
        raise RuntimeError(f"{spec.display_name}: preprocess_input is not a per-channel affine map")
    return scale.tolist(), offset.tolist()


def _preprocessing_layer(spec: BackboneSpec) -> keras.layers.Rescaling:
    scale, offset = preprocess_affine(spec.key)
    same = len(set(scale)) == 1 and len(set(offset)) == 1
    return keras.layers.Rescaling(
        scale[0] if same else scale, offset[0] if same else offset, name="preprocess"
    )


# --------------------------------------------------------------------------- classifier


@dataclass(frozen=True)
class CutTensor:
    """One tensor crossing the frozen/trainable cut: what the feature cache stores."""

    layer: str
    shape: tuple[int | None, ...]  # without the batch axis
    dtype: str


@dataclass(frozen=True, eq=False)
class SplitModel:
    """``tail(prefix(x)) == model(x)``; the tail shares (and trains) the model's layers.

    Like any Keras model, ``prefix`` returns one tensor when ``len(cut) == 1`` and a
    list (in ``cut`` order) otherwise; ``tail`` takes the same structure.
    """

    prefix: keras.Model  # pixels -> cut tensor(s)
    tail: keras.Model  # cut tensor(s) -> class probabilities
    cut: tuple[CutTensor, ...]


@dataclass(eq=False)
class ClassifierParts:
    """A built classifier with what training, caching and the UI need to know about it."""

    spec: BackboneSpec
    model: keras.Model
    backbone: keras.Model
    preprocessing: keras.layers.Layer
    head: tuple[keras.layers.Layer, ...]
    input_size: int
    frozen_count: int
    total_layers: int
    notes: tuple[str, ...] = ()

    @cached_property
    def split(self) -> SplitModel:
        """The model cut after its last frozen backbone layer (built on first use)."""
        return _split(self)


def build_classifier(
    spec: BackboneSpec | str,
    num_classes: int,
    *,
    input_size: int | None = None,
    weights: WeightsArg = "imagenet",
    dropout: float = 0.2,
    frozen_layers: int | None = None,
    trainable_from: str | None = None,
) -> ClassifierParts:
    """Build ``spec``'s classifier for ``num_classes`` categories.

    ``weights``: ``"imagenet"`` (from the local cache only), ``None``/``"none"``, or a
    weights file; see :func:`reviewer.training.weights.resolve_weights`.
    ``frozen_layers`` overrides the spec's count (input layer included); counts beyond
    the backbone's depth are clamped, and ``notes`` says so. ``trainable_from`` gives the
    cut by name instead: the first backbone layer whose name starts with it trains.
    """
    spec = get_backbone(spec)
    size = input_size or spec.default_size
    _check_arguments(num_classes, size, dropout, frozen_layers)
    resolved = resolve_weights(spec, weights, input_size=size)

    builder_weights = "imagenet" if resolved == "imagenet" else None
    backbone = spec.constructor(
        include_top=False, weights=builder_weights, input_shape=(size, size, 3)
    )
    if resolved not in (None, "imagenet"):
        load_weights_file(backbone, resolved, spec)

    total = len(backbone.layers)
    wanted = (spec.frozen_count(backbone, trainable_from) if frozen_layers is None
              else frozen_layers)
    frozen = min(wanted, total)
    own_cut = frozen_layers is None and trainable_from is None
    notes = [spec.frozen_note] if spec.frozen_note and own_cut else []
    if trainable_from is not None:
        notes.append(f"Trainable from {backbone.layers[frozen].name} on.")
    if frozen < wanted:
        notes.append(f"Asked to freeze {wanted} layers but the backbone has {total}: froze all.")
        log.info("%s: %s", spec.display_name, notes[-1])
    for index, layer in enumerate(backbone.layers):
        layer.trainable = index >= frozen
    notes.extend(_silence_frozen_noise(backbone.layers[:frozen]))

    pixels = keras.Input(shape=(size, size, 3), dtype="float32", name="pixels")
    preprocessing = _preprocessing_layer(spec)
    head: list[keras.layers.Layer] = [keras.layers.GlobalAveragePooling2D(name="pool")]
    if dropout > 0:
        head.append(keras.layers.Dropout(dropout, name="dropout"))
    head.append(
        keras.layers.Dense(num_classes, activation="softmax", dtype="float32", name="predictions")
    )
    model = keras.Model(
        pixels, _apply(head, backbone(preprocessing(pixels))), name=f"{spec.key}_classifier"
    )
    return ClassifierParts(
        spec=spec,
        model=model,
        backbone=backbone,
        preprocessing=preprocessing,
        head=tuple(head),
        input_size=size,
        frozen_count=frozen,
        total_layers=total,
        notes=tuple(notes),
    )


def _check_arguments(
    num_classes: int, size: int, dropout: float, frozen_layers: int | None
) -> None:
    if num_classes < 2:
        raise UserError(
            f"A classifier needs at least 2 categories, got {num_classes}.",
            hint="Add categories with labelled images to the training split.",
        )
    if size < MIN_INPUT_SIZE:
        raise UserError(
            f"Input size {size} is too small.", hint=f"Use at least {MIN_INPUT_SIZE} pixels."
        )
    if not 0 <= dropout < 1:
        raise UserError(f"Dropout must be in [0, 1), got {dropout}.")
    if frozen_layers is not None and frozen_layers < 0:
        raise UserError(f"Frozen layer count must be 0 or more, got {frozen_layers}.")


def _apply(layers: Sequence[keras.layers.Layer], x: Any) -> Any:
    for layer in layers:
        x = layer(x)
    return x


_NOISE_LAYERS = (keras.layers.Dropout, keras.layers.SpatialDropout2D, keras.layers.GaussianDropout)


def _silence_frozen_noise(frozen: Sequence[keras.layers.Layer]) -> list[str]:
    """Turn off dropout-like layers in the frozen part (e.g. stochastic depth).

    ``trainable=False`` does not stop Dropout in training mode; silenced, the frozen
    part computes in training exactly what the cached prefix computes.
    """
    silenced = [layer for layer in frozen if isinstance(layer, _NOISE_LAYERS) and layer.rate > 0]
    for layer in silenced:
        layer.rate = 0.0
    if not silenced:
        return []
    return [f"Turned off {len(silenced)} dropout layers in the frozen part."]


# -------------------------------------------------------------------------------- split


def _history(tensor: Any) -> tuple[Any, int, int]:
    operation, node_index, tensor_index = tensor._keras_history
    return operation, node_index, tensor_index


def cut_tensors(backbone: keras.Model, cut: int) -> list[Any]:
    """Tensors made by ``backbone.layers[:cut]`` and used after the cut (or returned).

    Walks back from the backbone's outputs through the trainable part and stops at
    the first frozen producer. Ordered by producing layer, so the order is stable.
    """
    frozen = {id(layer) for layer in backbone.layers[:cut]}
    order = {id(layer): index for index, layer in enumerate(backbone.layers)}
    crossing: dict[int, Any] = {}
    seen: set[int] = set()
    stack = list(backbone.outputs)
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        operation, node_index, _ = _history(tensor)
        if id(operation) in frozen:
            crossing[id(tensor)] = tensor
        else:
            stack.extend(operation._inbound_nodes[node_index].input_tensors)

    def position(tensor: Any) -> tuple[int, int]:
        operation, _, tensor_index = _history(tensor)
        return order.get(id(operation), -1), tensor_index

    return sorted(crossing.values(), key=position)


def _split(parts: ClassifierParts) -> SplitModel:
    backbone = parts.backbone
    cut = max(parts.frozen_count, 1)  # the input layer is always on the prefix side
    crossing = cut_tensors(backbone, cut)

    prefix_core = keras.Model(backbone.inputs, crossing, name="frozen_part")
    frozen = {id(layer) for layer in backbone.layers[:cut]}
    strays = [layer.name for layer in prefix_core.layers if id(layer) not in frozen]
    if strays:  # pragma: no cover - Keras orders layers topologically
        raise RuntimeError(f"Frozen part needs trainable layers {strays}")
    pixels = keras.Input(shape=parts.model.input_shape[1:], dtype="float32", name="pixels")
    prefix = keras.Model(
        pixels, prefix_core(parts.preprocessing(pixels)), name=f"{parts.spec.key}_prefix"
    )

    inputs = [
        keras.Input(shape=tensor.shape[1:], dtype=tensor.dtype, name=f"cut_{index}")
        for index, tensor in enumerate(crossing)
    ]
    output = backbone.outputs[0]
    if len(crossing) == 1 and crossing[0] is output:  # all frozen: the tail is the head
        features = inputs[0]
    else:
        tail_core = keras.Model(crossing, output, name="trainable_part")
        features = tail_core(inputs)
    tail = keras.Model(inputs, _apply(parts.head, features), name=f"{parts.spec.key}_tail")

    cut_info = tuple(
        CutTensor(_history(t)[0].name, tuple(t.shape[1:]), str(t.dtype)) for t in crossing
    )
    return SplitModel(prefix=prefix, tail=tail, cut=cut_info)
