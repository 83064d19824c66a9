"""Shared fixtures: every test gets its own data, config and cache folders and its own
catalogue; images are made on the fly (the suite never needs ../shared)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import struct
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.splits import SplitConfig, make_splits

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REVIEWER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("REVIEWER_CATALOGUE", raising=False)


@pytest.fixture(autouse=True)
def _no_thread_left_behind() -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    yield
    leftover = [
        t for t in threading.enumerate()
        if t.ident not in before and t.is_alive() and not t.daemon
    ]
    for t in leftover:
        t.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    cat = open_catalogue(str(tmp_path / "catalogue.sqlite"))
    yield cat
    cat.close()


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("REVIEWER_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("REVIEWER_REQUIRE_POSTGRES"):
            pytest.fail("REVIEWER_REQUIRE_POSTGRES is set but REVIEWER_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL server (set REVIEWER_TEST_POSTGRES_URL)")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def image_bytes(
    color: tuple[int, int, int] = (200, 30, 30),
    size: tuple[int, int] = (48, 40),
    fmt: str = "JPEG",
    mode: str = "RGB",
    pattern: int = 0,
) -> bytes:
    img = Image.new("RGB", size, color)
    # A little structure so different patterns give different pictures.
    for x in range(0, size[0], 4):
        for y in range(0, size[1], 4):
            if (x // 4 + y // 4 + pattern) % 3 == 0:
                img.putpixel((x, y), (255 - color[0], 255 - color[1], 255 - color[2]))
    for bit in range(10):  # the pattern number, written as blocks along the top edge
        if pattern >> bit & 1:
            for dx in range(4):
                for dy in range(4):
                    if bit * 4 + dx < size[0] and dy < size[1]:
                        img.putpixel((bit * 4 + dx, dy), (0, 0, 0))
    if mode != "RGB":
        img = img.convert(mode)
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def make_image() -> Callable[..., Path]:
    def make(path: Path, **kwargs: object) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_bytes(**kwargs))  # type: ignore[arg-type]
        return path

    return make


COLORS = {
    "trouser": (30, 30, 200),
    "hat": (200, 30, 30),
    "shoes": (30, 200, 30),
    "jacket": (200, 200, 30),
}


@pytest.fixture
def category_folder(tmp_path: Path, make_image: Callable[..., Path]) -> Path:
    """A folder per category with 4 different small images in each of 4 categories."""
    root = tmp_path / "collection"
    for name, color in COLORS.items():
        for i in range(4):
            make_image(root / name / f"{name}_{i}.jpg", color=color, pattern=i)
    return root


def bomb_png() -> bytes:
    """A tiny PNG whose header claims 30000×30000 pixels: a decompression bomb."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", 30000, 30000)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


# --- training: a tiny labelled catalogue with splits (tiny models, 32 px) ---

TRAIN_CLASSES = {"hat": (220, 40, 40), "shoes": (40, 200, 40), "bag": (40, 40, 220)}


def fill_trainable(catalogue: Catalogue, root: Path) -> Catalogue:
    """Three colour-coded categories, 12 images each (made under ``root/tiny``),
    imported and split 8/2/2 per class."""
    for name, color in TRAIN_CLASSES.items():
        folder = root / "tiny" / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(12):
            (folder / f"{i}.png").write_bytes(
                image_bytes(color=color, pattern=i, size=(40, 40), fmt="PNG"))
    run_import(catalogue, root / "tiny", ImportOptions(actor="t", workers=1))
    make_splits(catalogue, SplitConfig(seed=0, test_fraction=1 / 6, validation_fraction=0.2))
    return catalogue


@pytest.fixture
def trainable(catalogue: Catalogue, tmp_path: Path) -> Catalogue:
    """Three colour-coded categories, 12 images each, split 8/2/2 per class."""
    return fill_trainable(catalogue, tmp_path)


@contextlib.contextmanager
def isolated_dirs(root: Path) -> Iterator[None]:
    """The app's folders under ``root`` for the duration, for fixtures wider than a
    test (the autouse one covers a single test)."""
    with pytest.MonkeyPatch.context() as mp:
        for name in ("DATA", "CONFIG", "CACHE"):
            mp.setenv(f"REVIEWER_{name}_DIR", str(root / name.lower()))
        mp.setenv("KERAS_HOME", str(root / "keras"))
        yield


def copy_catalogue(template: Path, dest: Path) -> Catalogue:
    """A private copy of the closed catalogue ``template/catalogue.sqlite`` with every
    file beside it (its store, runs, feature cache), opened at ``dest``."""
    shutil.copytree(template, dest)
    return open_catalogue(str(dest / "catalogue.sqlite"))


@dataclass(frozen=True)
class TrainedTemplate:
    """A closed trainable catalogue with runs trained in it, to copy for each test: a
    module trains its runs once instead of once per test."""

    root: Path
    results: tuple[Any, ...]  # the TrainResult of each spec, in order

    @property
    def run_ids(self) -> tuple[int, ...]:
        return tuple(int(r.run_id) for r in self.results)


def train_template(root: Path, specs: Sequence[Any]) -> TrainedTemplate:
    """:func:`fill_trainable` at ``root``, then each spec trained there."""
    from reviewer.training.feature_cache import FeatureCache
    from reviewer.training.trainer import train

    with isolated_dirs(root):
        catalogue = fill_trainable(open_catalogue(str(root / "catalogue.sqlite")), root)
        cache = FeatureCache(root / "features", max_bytes=10**9)
        results = tuple(train(catalogue, spec, cache=cache) for spec in specs)
        catalogue.close()
    return TrainedTemplate(root, results)


def template_copy(template: TrainedTemplate, tmp_path: Path) -> Iterator[Catalogue]:
    """For a ``trainable`` fixture: this test's own copy of the template (what the test
    writes does not reach the next one); its feature cache is ``copy_features(tmp_path)``."""
    catalogue = copy_catalogue(template.root, tmp_path / "copy")
    yield catalogue
    catalogue.close()


def copy_features(tmp_path: Path) -> Any:
    from reviewer.training.feature_cache import FeatureCache

    return FeatureCache(tmp_path / "copy" / "features", max_bytes=10**9)


def copying_fixtures() -> tuple[Any, Any]:
    """``trainable, cache = copying_fixtures()`` in a module with a module-scoped
    ``template`` fixture: each test gets its own copy of the template and its features."""

    @pytest.fixture(name="trainable")
    def _trainable(template: TrainedTemplate, tmp_path: Path) -> Iterator[Catalogue]:
        yield from template_copy(template, tmp_path)

    @pytest.fixture(name="cache")
    def _cache(trainable: Catalogue, tmp_path: Path) -> Any:
        return copy_features(tmp_path)

    return _trainable, _cache


def tiny_train_spec() -> Any:
    """MobileNet at 32 px, 2 epochs, 2 views, seeded: the suite's tiny training."""
    from reviewer.training.spec import TrainSpec  # TensorFlow: only when a test trains

    return TrainSpec(backbone="mobilenet", input_size=32, weights=None, epochs=2, batch_size=8,
                     learning_rate=1e-3, views=2, seed=1)


@pytest.fixture
def tiny_spec() -> Any:
    return tiny_train_spec()


@pytest.fixture
def cache(tmp_path: Path):  # type: ignore[no-untyped-def]
    from reviewer.training.feature_cache import FeatureCache

    return FeatureCache(tmp_path / "features", max_bytes=10**9)
