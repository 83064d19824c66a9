"""Splits: stratified, reproducible, grouped by listing, test frozen, duplicates reported."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PIL import Image as PILImage
from sqlalchemy import select

from reviewer.catalogue import splits
from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image

OPTS = ImportOptions(actor="t", workers=1)


def _splits(cat: Catalogue) -> dict[int, str | None]:
    with cat.read() as s:
        return dict(s.execute(select(Image.id, Image.split)).all())


def _folder(root: Path, make_image: Callable[..., Path], per_class: int, offset: int = 0) -> Path:
    for c, name in enumerate(("hat", "shoes")):
        for i in range(per_class):
            make_image(root / name / f"{i}.jpg", color=(20 + c * 100, 40, 60), pattern=offset + i)
    return root


def test_stratified_with_paper_proportions(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    run_import(catalogue, _folder(tmp_path / "c", make_image, 50), OPTS)
    result = splits.make_splits(catalogue)
    assert result.assigned == {"test": 20, "validation": 16, "train": 64}
    with catalogue.read() as s:
        per = splits.split_counts(s)
    for name in ("hat", "shoes"):
        assert per[name] == {"test": 10, "validation": 8, "train": 32}


def test_same_seed_same_splits(tmp_path: Path, make_image: Callable[..., Path]) -> None:
    folder = _folder(tmp_path / "c", make_image, 20)
    outcomes = []
    for n in range(2):
        cat = open_catalogue(str(tmp_path / f"c{n}.sqlite"))
        run_import(cat, folder, OPTS)
        splits.make_splits(cat, splits.SplitConfig(seed=7))
        with cat.read() as s:
            outcomes.append(dict(s.execute(select(Image.sha256, Image.split)).all()))
        cat.close()
    assert outcomes[0] == outcomes[1]


def test_listing_never_straddles_splits(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    rows = ["path,label,listing_id"]
    for i in range(40):
        make_image(tmp_path / "m" / f"{i}.jpg", pattern=i)
        rows.append(f"{i}.jpg,hat,L{i // 4}")  # ten listings of four photos
    (tmp_path / "m" / "manifest.csv").write_text("\n".join(rows), encoding="utf-8")
    run_import(catalogue, tmp_path / "m" / "manifest.csv", OPTS)
    splits.make_splits(catalogue)
    with catalogue.read() as s:
        per_listing: dict[str, set[str]] = {}
        for listing, split in s.execute(select(Image.listing_id, Image.split)):
            per_listing.setdefault(listing, set()).add(split)
    assert all(len(v) == 1 for v in per_listing.values())
    assert Counter(next(iter(v)) for v in per_listing.values())["test"] == 2


def test_test_split_is_frozen_for_new_images(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    run_import(catalogue, _folder(tmp_path / "a", make_image, 20), OPTS)
    splits.make_splits(catalogue)
    before = _splits(catalogue)
    run_import(catalogue, _folder(tmp_path / "b", make_image, 10, offset=100), OPTS)
    after = _splits(catalogue)
    assert all(after[i] == s for i, s in before.items())
    new = [after[i] for i in after if i not in before]
    assert len(new) == 20 and "test" not in new and None not in new


def test_identical_pictures_across_splits_are_reported(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    jpeg = make_image(tmp_path / "a" / "hat" / "x.jpg", pattern=3, size=(64, 64))
    (tmp_path / "b" / "hat").mkdir(parents=True)
    PILImage.open(jpeg).save(tmp_path / "b" / "hat" / "x.png")  # same picture, other bytes
    run_import(catalogue, tmp_path / "a", ImportOptions(actor="t", workers=1, split="train"))
    run_import(catalogue, tmp_path / "b", ImportOptions(actor="t", workers=1, split="test"))
    with catalogue.read() as s:
        groups = splits.duplicates_across_splits(s)
    assert len(groups) == 1 and {sp for _, sp in groups[0]} == {"train", "test"}
