"""Moderation fixtures: a real tiny Keras model whose weights are set by hand (the
mean colour decides the class: red hat, green shoes, blue bag), stored as a finished
run, and listings CSVs made of small generated photos."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage
from sqlalchemy import select

from reviewer.catalogue.categories import ensure_categories, now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image, Run, RunImage
from reviewer.moderation.rules import default_rules_text, store_rules
from reviewer.training.runs import run_dir

CLASSES = ["hat", "shoes", "bag"]
COLOURS = {"hat": (220, 40, 40), "shoes": (40, 200, 40), "bag": (40, 40, 220)}


def make_colour_model(path: Path, size: int = 16) -> Path:
    import keras

    inputs = keras.Input((size, size, 3))
    x = keras.layers.GlobalAveragePooling2D()(inputs)
    outputs = keras.layers.Dense(len(CLASSES), activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.layers[-1].set_weights([np.eye(3, dtype=np.float32) * 0.05,
                                  np.zeros(3, np.float32)])
    model.save(path)
    return path


def add_run(catalogue: Catalogue, model_path: Path, validation: list[int] | None = None) -> int:
    """A finished run whose model is a copy of ``model_path`` in the catalogue's own file
    store (runs open their models only from there)."""
    with catalogue.write() as session:
        ensure_categories(session, CLASSES)
        run = Run(name="colour", backbone="tiny", status="finished", settings_json="{}",
                  class_names_json=json.dumps(CLASSES), history_json="[]",
                  model_path="", device="cpu", wall_seconds=0.0,
                  created_at=now())
        session.add(run)
        session.flush()
        stored = run_dir(catalogue, run.id) / "model.keras"
        shutil.copyfile(model_path, stored)
        run.model_path = str(stored)
        for image_id, label in (validation or []):
            session.add(RunImage(run_id=run.id, image_id=image_id, label_index=label,
                                 split="validation"))
        return run.id


def relaxed_rules(catalogue: Catalogue, **changes: str) -> None:
    """The default rules with a smaller minimum side (the test photos are small)."""
    text = default_rules_text().replace("min_side = 160", "min_side = 30")
    for old, new in changes.items():
        text = text.replace(old, new)
    with catalogue.write() as session:
        store_rules(session, text)


def photo(path: Path, colour: tuple[int, int, int], pattern: int = 0,
          size: tuple[int, int] = (48, 40)) -> Path:
    """A photo of ``colour`` with a seeded texture of brighter and darker blocks, so
    that different patterns have different difference hashes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(pattern)
    shade = rng.uniform(0.6, 1.2, (6, 7, 1))
    blocks = np.clip(np.array(colour, np.float32) * shade, 0, 255).astype(np.uint8)
    img = PILImage.fromarray(blocks).resize(size, PILImage.Resampling.NEAREST)
    img.save(path, "PNG" if path.suffix == ".png" else "JPEG", quality=95)
    return path


def plain(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (64, 64)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, colour).save(path, "PNG")
    return path


def blurred(path: Path, size: tuple[int, int] = (200, 200)) -> Path:
    """A smooth left-to-right gradient: plenty of contrast, no edges."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ramp = np.tile(np.linspace(60, 200, size[0], dtype=np.uint8), (size[1], 1))
    rgb = np.stack([ramp, ramp // 2, ramp // 3], axis=-1).astype(np.uint8)
    PILImage.fromarray(rgb).save(path, "PNG")
    return path


def reencoded(src: Path, dst: Path, quality: int = 60) -> Path:
    out = io.BytesIO()
    PILImage.open(src).convert("RGB").save(out, "JPEG", quality=quality)
    dst.write_bytes(out.getvalue())
    return dst


def write_listings_csv(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path", "listing_id", "seller_id", "declared_category", "title"])
        writer.writerows(rows)
    return path


def image_id_of(catalogue: Catalogue, file_name: str) -> int:
    with catalogue.read() as session:
        found = session.scalar(select(Image.id).where(Image.file_name == file_name))
    assert found is not None
    return found


@pytest.fixture
def colour_model(tmp_path: Path) -> Path:
    return make_colour_model(tmp_path / "colour.keras")


@pytest.fixture
def make_photo() -> Callable[..., Path]:
    return photo


@pytest.fixture(params=["sqlite", "postgres"])
def mod_catalogue(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The same tests on a SQLite file and on PostgreSQL (skipped without a server)."""
    from reviewer.catalogue.db import open_catalogue

    if request.param == "sqlite":
        url = str(tmp_path / "mod.sqlite")
    else:
        url = request.getfixturevalue("pg_url")
    cat = open_catalogue(url)
    yield cat
    cat.close()
