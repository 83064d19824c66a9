"""Training presets: ``default`` (a good model in minutes on a laptop's CPU) and
``paper`` (the source paper's recipe, exactly).

A recipe is a named set of :class:`TrainSpec` values; anything the user gives on top
(``--epochs``, ``--lr``...) overrides it. The values of ``default`` were chosen by
measurement on a held-out part of clothing-small's train folder (benchmarks/finetune.py,
benchmarks/README.md), one lever at a time:

* a first stage trains the head alone on cached pooled features (seconds) and
  warm-starts the fine-tuning;
* on the EfficientNet-Lite backbones the fine-tuning trains stages 6 and 7 and the top
  convolution (``trainable_from="block6a"``: Lite0's last 5 of 16 MBConv blocks, where
  the paper's cut would train the last two): measured against the top convolution
  alone, the last block, the last two and stage 5 on, it was the most accurate on the
  held-out part (tied with stage 5, which costs 1.5× the time); other backbones keep
  the paper's cut;
* learning rate 1e-3 with one epoch of linear warm-up, then cosine decay to zero;
* early stopping on validation loss (the best epoch's weights are kept);
* label smoothing 0.1;
* two cached views per training image (the original and one augmented) instead of
  eight: eight cost 4.2× the fill for +0.3 points, and few epochs draw few views;
* evaluation with one pass per picture, as the paper's: horizontal-flip test-time
  augmentation (:mod:`reviewer.training.flip_tta`, ``--tta``) was measured as a lever and
  did not pay on clothing-small (-1.5 to +0.6 points, -0.3 on average over the three
  models and two splits measured; benchmarks/README.md, issue 13), so it is there to ask for.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from reviewer.errors import UserError

if TYPE_CHECKING:  # the spec imports TensorFlow; the CLI lists recipes without it
    from reviewer.training.spec import TrainSpec

DEFAULT = "default"
PAPER = "paper"

RECIPES: dict[str, dict[str, Any]] = {
    DEFAULT: {
        "epochs": 6,
        "learning_rate": 1e-3,
        "schedule": "cosine",
        "warmup_epochs": 1.0,
        "early_stopping": 2,
        "label_smoothing": 0.1,
        "views": 2,
        "head_epochs": 40,
        "head_learning_rate": 3e-3,
        "tta": False,  # measured: no gain on clothing-small (a second pass per picture)
    },
    PAPER: {  # the paper: Adam 1e-4, 100 epochs, its frozen counts, constant rate
        "epochs": 100,
        "learning_rate": 1e-4,
        "schedule": "constant",
        "warmup_epochs": 0.0,
        "early_stopping": None,
        "label_smoothing": 0.0,
        "views": 8,
        "head_epochs": 0,
        "tta": False,  # the paper's evaluation: one pass per picture
    },
}
ALIASES = {"fast": DEFAULT}
DESCRIPTIONS = {
    DEFAULT: "fast and good: head first on cached features, then a few epochs of "
             "fine-tuning with warm-up, cosine decay, early stopping and label smoothing",
    PAPER: "the paper's recipe: Adam at 1e-4 for 100 epochs, its frozen-layer counts",
}
RECIPE_NAMES = (*RECIPES, *ALIASES)


def recipe_key(name: str) -> str:
    """The canonical name of a recipe (``fast`` is ``default``); UserError if unknown."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in RECIPES:
        raise UserError(f"Unknown recipe {name!r}.", hint=f"Choose one of: {', '.join(RECIPE_NAMES)}.")
    return key


def recipe_values(name: str) -> dict[str, Any]:
    """The TrainSpec values a recipe sets (a copy)."""
    return dict(RECIPES[recipe_key(name)])


def recipe_spec(recipe: str = DEFAULT, /, **overrides: Any) -> TrainSpec:
    """A TrainSpec for ``recipe`` with ``overrides`` on top. ``None`` for a value the recipe
    sets means "the recipe's" (an unset command-line option); for any other field it
    is the value itself (``weights=None``: from scratch)."""
    from reviewer.training.spec import TrainSpec

    key = recipe_key(recipe)
    known = {f.name for f in fields(TrainSpec)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"TrainSpec has no field(s) {sorted(unknown)}")
    preset = RECIPES[key]
    values = {**preset, **{k: v for k, v in overrides.items() if v is not None or k not in preset}}
    if key == DEFAULT and overrides.get("frozen_layers") is None \
            and overrides.get("trainable_from") is None:
        values["trainable_from"] = _measured_cut(values.get("backbone"))
    if "warmup_epochs" not in overrides:  # fewer epochs asked: warm up for less
        values["warmup_epochs"] = min(values["warmup_epochs"], (values["epochs"] - 1) / 2)
    spec = replace(TrainSpec(), recipe=key, **values)
    spec.validate()
    return spec


def _measured_cut(backbone: str | None) -> str | None:
    """The default recipe's first trainable layer for ``backbone`` (None: its paper cut)."""
    from reviewer.training.backbone_facts import backbone_key, facts
    from reviewer.training.spec import TrainSpec

    try:
        return facts(backbone_key(backbone or TrainSpec.backbone)).recipe_trainable_from
    except KeyError:  # an unknown backbone: building it says so
        return None
