"""Export: folders that cannot escape the target, CSV safe for spreadsheets, history."""

from __future__ import annotations

import csv
from pathlib import Path

from reviewer.catalogue import categories as cats
from reviewer.catalogue import export, labels
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import


def test_folders_per_category_and_hostile_names(
    catalogue: Catalogue, category_folder: Path, tmp_path: Path
) -> None:
    run_import(catalogue, category_folder, ImportOptions(actor="t", workers=1))
    with catalogue.write() as s:
        cats.rename_category(s, "hat", "../../escape")
        cats.rename_category(s, "shoes", "=HYPERLINK(\"x\")")
    out = tmp_path / "out"
    assert export.export_folders(catalogue, out).written == 16
    written = sorted(p.relative_to(out).parts[0] for p in out.rglob("*.jpg"))
    assert set(written) == {"_.._escape", "=HYPERLINK(_x_)", "jacket", "trouser"}
    assert not (tmp_path / "escape").exists()


def test_images_csv_neutralises_formulas(
    catalogue: Catalogue, category_folder: Path, tmp_path: Path
) -> None:
    run_import(catalogue, category_folder, ImportOptions(actor="t", workers=1))
    with catalogue.write() as s:
        cats.rename_category(s, "hat", "=cmd|' /C calc'!A0")
    path = tmp_path / "images.csv"
    assert export.export_images_csv(catalogue, path) == 16
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["category"] for r in rows} >= {"'=cmd|' /C calc'!A0", "jacket"}


def test_history_csv(catalogue: Catalogue, category_folder: Path, tmp_path: Path) -> None:
    run_import(catalogue, category_folder, ImportOptions(actor="t", workers=1))
    with catalogue.write() as s:
        labels.relabel(s, [1], "jacket", actor="alice")
    path = tmp_path / "history.csv"
    assert export.export_history_csv(catalogue, path) == 17
    last = list(csv.DictReader(path.open(encoding="utf-8")))[-1]
    assert (last["old"], last["new"], last["actor"], last["source"]) == (
        "hat", "jacket", "alice", "curator")
