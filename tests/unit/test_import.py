"""Import from folders and manifests, with every kind of bad input."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reviewer.catalogue import imaging, importer, inspect_worker
from reviewer.catalogue.categories import PAPER_CATEGORIES, list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.imaging import ImageFacts
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.inspect_worker import AlreadyStored, inspect_file
from reviewer.catalogue.labels import inconsistent_images
from reviewer.catalogue.queries import totals
from reviewer.catalogue.schema import Image, ImagePath, ImportIssue, LabelEvent, Thumbnail
from reviewer.catalogue.sources import Candidate
from reviewer.errors import UserError
from tests.conftest import bomb_png, image_bytes

OPTS = ImportOptions(actor="tester", workers=1)


def _count(catalogue: Catalogue, model: type) -> int:
    with catalogue.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_folder_per_category_creates_categories_and_labels(
    catalogue: Catalogue, category_folder: Path
) -> None:
    report = run_import(catalogue, category_folder, OPTS)
    assert report.added == 16 and not report.failures
    assert sorted(report.categories_created) == ["hat", "jacket", "shoes", "trouser"]
    with catalogue.read() as s:
        assert {c.name: c.images for c in list_categories(s)} == {
            "hat": 4, "jacket": 4, "shoes": 4, "trouser": 4}
        assert inconsistent_images(s) == []
        stored = s.scalars(select(Image.sha256)).all()
    assert all(catalogue.store.has(sha) for sha in stored)
    assert _count(catalogue, LabelEvent) == 16


def test_reimport_adds_nothing_and_says_so(catalogue: Catalogue, category_folder: Path) -> None:
    run_import(catalogue, category_folder, OPTS)
    again = run_import(catalogue, category_folder, OPTS)
    assert again.added == 0 and again.already_present == 16
    assert "16 already in the catalogue" in again.summary()
    assert _count(catalogue, Image) == 16


def test_same_image_under_two_labels_is_a_conflict(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    root = tmp_path / "two"
    make_image(root / "hat" / "a.jpg", pattern=5)
    make_image(root / "shoes" / "b.jpg", pattern=5)  # same bytes
    report = run_import(catalogue, root, OPTS)
    assert report.added == 1
    assert len(report.conflicts) == 1
    assert "hat" in report.conflicts[0][1] and "shoes" in report.conflicts[0][1]
    with catalogue.read() as s:
        assert s.scalar(select(func.count()).select_from(ImportIssue)) == 1


def test_flat_folder_is_unlabelled_and_uses_paper_categories(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    for i in range(3):
        make_image(tmp_path / "flat" / f"{i}.png", fmt="PNG", pattern=i)
    report = run_import(catalogue, tmp_path / "flat", OPTS)
    assert report.added == 3
    with catalogue.read() as s:
        assert [c.name for c in list_categories(s)] == list(PAPER_CATEGORIES)
        assert totals(s)["labelled"] == 0


def test_map_option_renames_folders(catalogue: Catalogue, category_folder: Path) -> None:
    opts = ImportOptions(actor="t", workers=1, mapping={"trouser": "pants"})
    run_import(catalogue, category_folder, opts)
    with catalogue.read() as s:
        assert "pants" in [c.name for c in list_categories(s)]


def test_split_option_puts_everything_in_that_split(
    catalogue: Catalogue, category_folder: Path
) -> None:
    run_import(catalogue, category_folder, ImportOptions(actor="t", workers=1, split="test"))
    with catalogue.read() as s:
        assert totals(s)["test"] == 16


def test_bad_files_are_reported_and_never_stop_the_import(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    root = tmp_path / "messy"
    (root / "hat").mkdir(parents=True)
    make_image(root / "hat" / "good.jpg")
    (root / "hat" / "empty.jpg").write_bytes(b"")
    full = image_bytes(size=(300, 300))
    (root / "hat" / "truncated.jpg").write_bytes(full[: len(full) // 2])
    (root / "hat" / "notes.jpg").write_text("this is text")
    (root / "hat" / "bomb.png").write_bytes(bomb_png())
    make_image(root / "hat" / "tschüß ☂.jpg", pattern=2)
    weird = os.fsencode(root / "hat") + b"/caf\xe9.jpg"
    with open(weird, "wb") as fh:
        fh.write(image_bytes(pattern=3))
    os.symlink(root, root / "hat" / "loop")
    os.symlink(root / "hat" / "self.jpg", root / "hat" / "self.jpg")  # a link to itself
    report = run_import(catalogue, root, OPTS)
    reasons = {Path(p).name: r for p, r in report.failures}
    assert report.added == 3  # good, unicode, non-UTF-8
    assert "empty file" in reasons["empty.jpg"]
    assert "truncated" in reasons["truncated.jpg"] or "decode" in reasons["truncated.jpg"]
    assert "not an image" in reasons["notes.jpg"]
    assert "megapixel" in reasons["bomb.png"]
    assert "not followed" in reasons["loop"]
    assert "cannot read" in reasons["self.jpg"]
    with catalogue.read() as s:
        names = set(s.scalars(select(ImagePath.path)))
    assert any("tschüß ☂.jpg" in n for n in names)
    assert any("caf\\xe9.jpg" in n for n in names)


def test_csv_manifest_with_listing_fields(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    make_image(tmp_path / "m" / "a.jpg", pattern=1)
    make_image(tmp_path / "m" / "b.jpg", pattern=2)
    manifest = tmp_path / "m" / "listing.csv"
    manifest.write_text(
        "path,label,split,listing_id,seller_id,declared_category\n"
        "a.jpg,hat,train,L1,S1,hat\n"
        "b.jpg,,,L2,S1,jacket\n"
        "missing.jpg,hat,,L3,S2,hat\n",
        encoding="utf-8",
    )
    report = run_import(catalogue, manifest, OPTS)
    assert report.added == 2
    assert [Path(p).name for p, _ in report.failures] == ["missing.jpg"]
    with catalogue.read() as s:
        rows = {r.listing_id: r for r in s.scalars(select(Image))}
    assert rows["L1"].split == "train" and rows["L1"].declared_category == "hat"
    assert rows["L2"].category_id is None and rows["L2"].seller_id == "S1"


def test_csv_without_path_column_is_refused_clearly(catalogue: Catalogue, tmp_path: Path) -> None:
    manifest = tmp_path / "bad.csv"
    manifest.write_text("file,label\na.jpg,hat\n", encoding="utf-8")
    with pytest.raises(UserError, match="no 'path' column.*file, label"):
        run_import(catalogue, manifest, OPTS)


def test_unknown_categories_refuse_the_import_before_anything_is_written(
    catalogue: Catalogue, category_folder: Path, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    run_import(catalogue, category_folder, OPTS)
    make_image(tmp_path / "more" / "dress" / "d.jpg", pattern=7)
    with pytest.raises(UserError, match="'dress' \\(1 files\\)") as err:
        run_import(catalogue, tmp_path / "more", OPTS)
    assert "--add-categories" in str(err.value)
    assert _count(catalogue, Image) == 16
    added = run_import(catalogue, tmp_path / "more", ImportOptions(actor="t", workers=1,
                                                                    add_categories=True))
    assert added.added == 1 and added.categories_created == ["dress"]


def test_cancel_stops_early_and_a_rerun_finishes(
    catalogue: Catalogue, category_folder: Path
) -> None:
    seen: list[int] = []
    report = run_import(catalogue, category_folder, OPTS,
                        on_progress=lambda d, t, m: seen.append(d),
                        should_stop=lambda: len(seen) >= 5)
    assert report.cancelled and report.added == 5
    rest = run_import(catalogue, category_folder, OPTS)
    assert rest.added == 11 and rest.already_present == 5
    with catalogue.read() as s:
        assert inconsistent_images(s) == []


def test_import_with_worker_processes(catalogue: Catalogue, tmp_path: Path,
                                      make_image: Callable[..., Path]) -> None:
    for i in range(70):
        make_image(tmp_path / "many" / "hat" / f"{i}.jpg", pattern=i, color=(i * 3, 10, 10))
    report = run_import(catalogue, tmp_path / "many", ImportOptions(actor="t", workers=2))
    assert report.added + report.already_present == 70
    assert not report.failures


def test_reimport_hashes_but_does_not_decode_again(
    catalogue: Catalogue, category_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(catalogue, category_folder, OPTS)
    decoded: list[int] = []
    real = inspect_worker.inspect_bytes

    def counting(data: bytes) -> ImageFacts:
        decoded.append(len(data))
        return real(data)

    monkeypatch.setattr(inspect_worker, "inspect_bytes", counting)
    again = run_import(catalogue, category_folder, OPTS)
    assert again.added == 0 and again.already_present == 16 and not again.failures
    assert decoded == []


def test_reimport_under_other_labels_reports_conflicts_and_keeps_labels(
    catalogue: Catalogue, category_folder: Path, tmp_path: Path
) -> None:
    run_import(catalogue, category_folder, OPTS)
    moved = tmp_path / "moved"
    (moved / "shoes").mkdir(parents=True)
    for f in sorted((category_folder / "hat").iterdir()):
        (moved / "shoes" / f.name).write_bytes(f.read_bytes())
    report = run_import(catalogue, moved, ImportOptions(actor="t", workers=1, split="test"))
    assert report.added == 0 and report.already_present == 4 and report.new_paths == 4
    assert len(report.conflicts) == 4
    assert all("labelled 'hat', here 'shoes'" in reason for _, reason in report.conflicts)
    with catalogue.read() as s:
        assert {c.name: c.images for c in list_categories(s)}["hat"] == 4
        assert s.scalar(select(func.count()).select_from(ImagePath)) == 20


def test_files_stored_by_an_import_killed_before_its_commit_are_taken_on_the_rerun(
    catalogue: Catalogue, category_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # the import dies after storing, before committing

    monkeypatch.setattr(importer, "_commit", killed)
    with pytest.raises(KeyboardInterrupt):
        run_import(catalogue, category_folder, OPTS)
    monkeypatch.undo()
    stored = [p for p in catalogue.store.root.rglob("*") if p.is_file()]
    assert len(stored) == 16 and _count(catalogue, Image) == 0

    decoded: list[int] = []
    real = imaging.inspect_bytes

    def counting(data: bytes) -> ImageFacts:
        decoded.append(len(data))
        return real(data)

    monkeypatch.setattr(inspect_worker, "inspect_bytes", counting)
    report = run_import(catalogue, category_folder, OPTS)
    assert report.added == 16 and report.already_present == 0 and not report.failures
    assert len(decoded) == 16  # each stored copy decoded once, in the main process
    with catalogue.read() as s:
        assert {c.name: c.images for c in list_categories(s)} == {
            "hat": 4, "jacket": 4, "shoes": 4, "trouser": 4}
        assert inconsistent_images(s) == []
        images = list(s.scalars(select(Image)))
        assert all(i.width == 48 and i.height == 40 and i.format == "JPEG" for i in images)
        assert _count(catalogue, Thumbnail) == 16
        assert s.scalar(select(func.count()).select_from(ImagePath)) == 16
    fresh = imaging.inspect_bytes((category_folder / "hat" / "hat_0.jpg").read_bytes())
    with catalogue.read() as s:
        row = s.scalars(select(Image).where(Image.sha256 == fresh.sha256)).one()
        assert (row.pixel_hash, row.bytes) == (fresh.pixel_hash, fresh.n_bytes)


def test_a_stored_copy_gone_missing_is_read_from_the_original_again(
    catalogue: Catalogue, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    make_image(tmp_path / "one" / "hat" / "a.jpg", pattern=9)
    data = (tmp_path / "one" / "hat" / "a.jpg").read_bytes()
    facts = imaging.inspect_bytes(data)
    catalogue.store.put(facts.sha256, data)  # stored, never committed
    _, outcome = inspect_file(str(tmp_path / "one" / "hat" / "a.jpg"), str(catalogue.store.root))
    assert outcome == AlreadyStored(facts.sha256, len(data))
    catalogue.store.path_for(facts.sha256).unlink()  # ...and then lost
    candidate = Candidate(str(tmp_path / "one" / "hat" / "a.jpg"))
    got = importer._decode_stored(catalogue.store, candidate, outcome)
    assert got == facts and catalogue.store.has(facts.sha256)
