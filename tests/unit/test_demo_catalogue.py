"""The demo set shipped in resources/demo/ and the demo catalogue built from it: a
balanced CC0 sample under 5 MB; built into a .partial file and renamed, so a
cancelled build leaves nothing behind; an existing demo catalogue is kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.demo import DEMO_PHOTOS, build_demo_catalogue, demo_photos, files_dir
from reviewer.catalogue.queries import totals
from reviewer.errors import CancelledError, UserError


def test_the_shipped_demo_set_is_small_balanced_and_licensed() -> None:
    folders = sorted(p for p in DEMO_PHOTOS.iterdir() if p.is_dir())
    counts = {f.name: len(list(f.glob("*.jpg"))) for f in folders}
    assert len(counts) == 10 and len(set(counts.values())) == 1, counts
    assert 200 <= sum(counts.values()) <= 600
    photos = list(DEMO_PHOTOS.rglob("*.jpg"))
    assert sum(p.stat().st_size for p in photos) < 5_000_000
    for path in photos[::37]:
        with Image.open(path) as img:
            assert img.format == "JPEG" and max(img.size) <= 256
    assert "CC0 1.0 Universal" in (DEMO_PHOTOS / "LICENSE").read_text(encoding="utf-8")
    assert "clothing" in (DEMO_PHOTOS / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def photos(tmp_path: Path, make_image: Callable[..., Path]) -> Path:
    root = tmp_path / "photos"
    for c, name in enumerate(("hat", "shoes", "bag")):
        for i in range(10):
            make_image(root / name / f"{i}.jpg", color=(40 + 60 * c, 90, 200 - 60 * c),
                       pattern=i)
    return root


def test_build_imports_splits_and_renames(tmp_path: Path, photos: Path) -> None:
    target = tmp_path / "data" / "demo.sqlite"
    seen: list[tuple[int, int]] = []
    assert build_demo_catalogue(target, photos=photos,
                                on_progress=lambda d, t, _w: seen.append((d, t))) == target
    assert sorted(p.name for p in target.parent.iterdir()) == ["demo-files", "demo.sqlite"]
    assert seen[-1] == (30, 30)
    catalogue = open_catalogue(str(target))
    try:
        with catalogue.read() as session:
            counts = totals(session)
        assert counts["images"] == counts["labelled"] == 30
        assert counts["unsplit"] == 0 and min(counts[s] for s in ("train", "test")) > 0
        stored = [p for p in files_dir(target).rglob("*") if p.is_file()]
        assert len(stored) >= 30  # the originals moved with the catalogue
        assert catalogue.store.root == files_dir(target) / "images"
    finally:
        catalogue.close()


def test_a_cancelled_build_leaves_nothing(tmp_path: Path, photos: Path) -> None:
    target = tmp_path / "data" / "demo.sqlite"
    with pytest.raises(CancelledError):
        build_demo_catalogue(target, photos=photos, should_stop=lambda: True)
    assert list(target.parent.iterdir()) == []
    build_demo_catalogue(target, photos=photos)  # the next try starts afresh
    assert target.exists()


def test_an_existing_demo_catalogue_is_kept(tmp_path: Path, photos: Path) -> None:
    target = tmp_path / "demo.sqlite"
    build_demo_catalogue(target, photos=photos)
    stamp = target.stat().st_mtime_ns
    assert build_demo_catalogue(target, photos=photos,
                                should_stop=lambda: pytest.fail("built again")) == target
    assert target.stat().st_mtime_ns == stamp


def test_missing_demo_photos_are_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="demo photos are not installed"):
        demo_photos(tmp_path / "nowhere")
    with pytest.raises(UserError):
        build_demo_catalogue(tmp_path / "demo.sqlite", photos=tmp_path / "nowhere")
    assert not (tmp_path / "demo.sqlite").exists()
