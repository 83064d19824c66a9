"""How long a recipe is expected to take on this machine, for the training tab.

From this catalogue's own finished runs of the recipe and backbone: their wall time
per training image, times the number of labelled training images now (the cache fill
and the epochs both grow with it). Before any such run: the figure measured by
benchmarks/finetune.py on a 2-core laptop CPU, scaled the same way, and said so.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sqlalchemy import func, select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image, RunImage
from reviewer.training import runs
from reviewer.training.recipes import recipe_key

# Seconds per 1,000 training images from `reviewer train` to an evaluated run with a
# cold feature cache, measured by benchmarks/finetune.py on the 2-core benchmark machine
# with nothing else running (benchmarks/README.md, issue 13; 2,608 training images).
# A backbone not measured for a recipe takes Lite0's figure for it, scaled by what the
# backbone costs against Lite0 in the default recipe (1× where that is unmeasured too).
MEASURED_SECONDS_PER_1000: dict[str, dict[str, float]] = {
    "default": {"efficientnet_lite0": 63.1, "efficientnet_lite1": 93.1,
                "efficientnet_lite2": 117.9},
    "paper": {"efficientnet_lite0": 398.8},  # 1,040 s, beside a test run for half of it
}
MEASURED_FALLBACK = "efficientnet_lite0"


@dataclass(frozen=True)
class Expectation:
    seconds: float
    source: str  # "this machine" or "benchmark"
    runs: int  # how many runs it is based on

    def text(self) -> str:
        minutes = self.seconds / 60
        if minutes < 1:
            amount = "about a minute or less"
        elif minutes < 90:
            amount = f"about {minutes:.0f} min"
        else:
            amount = f"about {minutes / 60:.1f} h"
        if self.source == "this machine":
            return f"{amount} here (from {self.runs} earlier run{'s' if self.runs > 1 else ''})"
        return f"{amount} (measured on a 2-core laptop; not yet run here)"


def train_image_count(catalogue: Catalogue) -> int:
    with catalogue.read() as session:
        return int(session.scalar(
            select(func.count()).select_from(Image)
            .where(Image.split == "train", Image.category_id.is_not(None))) or 0)


def expected_time(catalogue: Catalogue, recipe: str, backbone: str) -> Expectation:
    key = recipe_key(recipe)
    images = max(train_image_count(catalogue), 1)
    per_image: list[float] = []
    with catalogue.read() as session:
        for info in runs.list_runs(session):
            if (info.status != runs.RunStatus.FINISHED or info.backbone != backbone
                    or info.settings.get("recipe", "paper") != key or not info.wall_seconds):
                continue
            trained = session.scalar(select(func.count()).select_from(RunImage).where(
                RunImage.run_id == info.id, RunImage.split == "train")) or 0
            if trained:
                per_image.append(info.wall_seconds / trained)
    if per_image:
        return Expectation(statistics.median(per_image) * images, "this machine", len(per_image))
    return Expectation(_benchmark_per_1000(key, backbone) * images / 1000, "benchmark", 0)


def _benchmark_per_1000(recipe: str, backbone: str) -> float:
    measured = MEASURED_SECONDS_PER_1000[recipe]
    if backbone in measured:
        return measured[backbone]
    default = MEASURED_SECONDS_PER_1000["default"]
    scale = default.get(backbone, default[MEASURED_FALLBACK]) / default[MEASURED_FALLBACK]
    return measured[MEASURED_FALLBACK] * scale
