"""What a training run is asked to do, every value overridable.

A bare ``TrainSpec()`` is the paper's recipe (runs stored before recipes existed read
back as such); the presets users pick from are in :mod:`reviewer.training.recipes`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from reviewer.errors import UserError
from reviewer.training.augment import Augmentation

SCHEDULES = ("constant", "cosine")


@dataclass
class TrainSpec:
    backbone: str = "efficientnet_lite0"
    name: str = ""
    input_size: int | None = None  # default: the backbone's (224; NASNetLarge 331)
    weights: str | None = "imagenet"  # "imagenet", None (from scratch) or a weights file
    epochs: int = 100
    batch_size: int = 32
    learning_rate: float = 1e-4
    dropout: float = 0.2
    frozen_layers: int | None = None  # default: the paper's count for the backbone
    # Or by name: freeze every backbone layer before the first whose name starts with
    # this (e.g. "block7a": only the last block and the top convolution train).
    trainable_from: str | None = None
    augment: bool = True
    augmentation: Augmentation = field(default_factory=Augmentation)
    fast_path: bool = True  # cache the frozen prefix's features and train the tail only
    views: int = 8  # augmentation views cached per training image (view 0 = original)
    early_stopping: int | None = None  # patience in epochs on validation loss
    class_weights: bool = False
    seed: int = 0
    mixed_precision: bool = False
    include_unsure: bool = False
    devices: list[str] | None = None  # e.g. ["/cpu:0", "/cpu:1"]: MirroredStrategy
    recipe: str = "paper"  # the preset this spec started from (recipes.RECIPES)
    head_epochs: int = 0  # first stage: the head alone on cached pooled features (0: off)
    head_learning_rate: float = 3e-3
    schedule: str = "constant"  # or "cosine": linear warm-up, then cosine decay to 0
    warmup_epochs: float = 0.0
    label_smoothing: float = 0.0
    tta: bool = False  # evaluate with horizontal-flip test-time augmentation (flip_tta)

    def validate(self) -> None:
        if self.epochs < 1:
            raise UserError("Train for at least one epoch.")
        if self.batch_size < 1:
            raise UserError("The batch size must be at least 1.")
        if not 0 < self.learning_rate < 1:
            raise UserError(f"The learning rate {self.learning_rate} is out of range (0, 1).")
        if self.views < 1:
            raise UserError("Cache at least one view per image.")
        if self.frozen_layers is not None and self.trainable_from:
            raise UserError("Give the frozen part as a layer count or as a layer name, "
                            "not both.")
        if self.head_epochs < 0:
            raise UserError("The head's first stage needs 0 or more epochs.")
        if self.schedule not in SCHEDULES:
            raise UserError(f"Unknown learning-rate schedule {self.schedule!r}.",
                            hint=f"Choose one of: {', '.join(SCHEDULES)}.")
        if not 0 <= self.warmup_epochs < self.epochs:
            raise UserError(f"Warm up for fewer epochs than the {self.epochs} to train "
                            f"(got {self.warmup_epochs}).")
        if not 0 <= self.label_smoothing < 1:
            raise UserError(f"Label smoothing must be in [0, 1), got {self.label_smoothing}.")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainSpec:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if isinstance(values.get("augmentation"), dict):
            values["augmentation"] = Augmentation(**values["augmentation"])
        return cls(**values)
