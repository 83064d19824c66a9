"""What the app tells people about each backbone before TensorFlow is loaded: name,
input size and the paper's frozen-layer count (the Keras models live in backbones)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackboneFacts:
    key: str
    name: str
    input_size: int
    paper_frozen: int | None
    paper_total: int | None
    paper_test_accuracy: float | None
    offline: bool  # ImageNet weights available without a download


FACTS = (
    BackboneFacts("mobilenet", "MobileNet", 224, 75, 87, 0.82, False),
    BackboneFacts("mobilenet_v2", "MobileNetV2", 224, 135, 155, 0.75, False),
    BackboneFacts("nasnet_mobile", "NASNetMobile", 224, 724, 769, 0.78, False),
    BackboneFacts("densenet121", "DenseNet121", 224, 411, 427, 0.75, False),
    BackboneFacts("nasnet_large", "NASNetLarge", 331, 950, 1039, 0.84, False),
    BackboneFacts("efficientnet_lite0", "EfficientNet-Lite0", 224, None, None, None, True),
)
BACKBONE_KEYS = tuple(f.key for f in FACTS)


def facts(key: str) -> BackboneFacts:
    for f in FACTS:
        if f.key == key:
            return f
    raise KeyError(key)


def describe(key: str) -> str:
    f = facts(key)
    frozen = (f"paper: {f.paper_frozen} of {f.paper_total} layers frozen"
              if f.paper_frozen else "last two blocks trainable")
    weights = "weights ship with the app" if f.offline else "needs Keras ImageNet weights"
    return f"{f.name}, {f.input_size}×{f.input_size}, {frozen}; {weights}"
