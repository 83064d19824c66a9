"""Heat maps for a run's images: ``RunExplainer(catalogue, run_id).explain(image_id)``,
and the picture the CLI writes (the photo, then one overlay per class, side by side).

By default an image is explained for the class the run predicts and for its true class
(the seller's declared category for a listing, else the image's current label) when that
differs. Probabilities shown are the calibrated ones (the run's temperature).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw

from reviewer.analysis.gradcam import GradCam, HeatMap
from reviewer.analysis.overlay import overlay
from reviewer.analysis.temperature import apply_temperature, model_temperature
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Image
from reviewer.errors import NotFoundError, UserError
from reviewer.training import runs
from reviewer.training.evaluate import load_model
from reviewer.training.model_files import run_model_file
from reviewer.training.pipeline import decode_resized


@dataclass(frozen=True)
class ClassMap:
    name: str
    role: str  # "predicted", "true", "predicted and true" or "asked"
    probability: float  # calibrated
    map: HeatMap


@dataclass(frozen=True)
class Explanation:
    image_id: int
    pixels: np.ndarray  # size×size×3 uint8, as the model saw the photo
    predicted: str
    true: str | None
    maps: list[ClassMap]


class RunExplainer:
    """Loads a run's model once; explains any of the catalogue's images with it."""

    def __init__(self, catalogue: Catalogue, run_id: int, *, model_file: str | Path | None = None
                 ) -> None:
        self.catalogue, self.run_id = catalogue, run_id
        with catalogue.read() as session:
            info = runs.get_run(session, run_id)
        path = run_model_file(catalogue, info, model_file)
        self.class_names = list(info.class_names)
        self.gradcam = GradCam(load_model(path))
        self.temperature = model_temperature(path)
        self.size = self.gradcam.size

    def class_index(self, name: str) -> int:
        if name not in self.class_names:
            raise UserError(f"Run {self.run_id} has no category {name!r}.",
                            hint=f"Its categories: {', '.join(self.class_names)}.")
        return self.class_names.index(name)

    def _image(self, image_id: int) -> tuple[Path, str | None]:
        with self.catalogue.read() as session:
            image = session.get(Image, image_id)
            if image is None:
                raise NotFoundError(f"There is no image {image_id}.")
            label = session.get(Category, image.category_id) if image.category_id else None
            true = image.declared_category or (label.name if label else None)
            return self.catalogue.store.path_for(image.sha256), true

    def explain(self, image_id: int, classes: Sequence[str] | None = None) -> Explanation:
        path, true = self._image(image_id)
        if not path.exists():
            raise UserError(f"The file of image {image_id} is missing from the store ({path}).")
        pixels = decode_resized(str(path), self.size)
        known_true = true if true in self.class_names else None
        if classes:
            for c in classes:
                self.class_index(c)
        chosen: list[tuple[str, str]] = []

        def choose(raw: np.ndarray) -> list[int]:
            predicted = self.class_names[int(np.argmax(raw))]  # the temperature keeps it
            if classes:
                chosen.extend((c, "asked") for c in dict.fromkeys(classes))
            elif known_true is None or known_true == predicted:
                chosen.append((predicted, "predicted and true" if known_true else "predicted"))
            else:
                chosen.extend([(predicted, "predicted"), (known_true, "true")])
            return [self.class_index(c) for c, _ in chosen]

        raw, maps = self.gradcam.analyse(pixels, choose)
        probs = apply_temperature(raw[None], self.temperature)[0]
        predicted = self.class_names[int(np.argmax(probs))]
        wanted = chosen
        return Explanation(
            image_id, np.clip(pixels, 0, 255).astype(np.uint8), predicted, true,
            [ClassMap(c, role, float(probs[m.class_index]), m)
             for (c, role), m in zip(wanted, maps, strict=True)])


def render(explanation: Explanation, *, tile: int = 320) -> PILImage.Image:
    """The photo and one overlay per class, side by side, each captioned."""
    caption_height = 22
    panels = [(PILImage.fromarray(explanation.pixels), f"image {explanation.image_id}"
               + (f" ({explanation.true})" if explanation.true else ""))]
    for m in explanation.maps:
        panels.append((PILImage.fromarray(overlay(explanation.pixels, m.map.values)),
                       f"{m.role}: {m.name} {m.probability:.0%}"))
    sheet = PILImage.new("RGB", (tile * len(panels), tile + caption_height), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (picture, caption) in enumerate(panels):
        sheet.paste(picture.resize((tile, tile), PILImage.Resampling.BILINEAR), (i * tile, 0))
        draw.text((i * tile + 6, tile + 5), caption, fill="black")
    return sheet
