"""What an import will read: candidates from a folder per category, a flat folder,
or a CSV manifest. Nothing is opened here; problems found while scanning (a folder
that cannot be read, a symbolic link to a folder, a CSV row without a path) become
report entries, never silent skips."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.catalogue.schema import SPLITS
from reviewer.errors import UserError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".jfif"}
CSV_COLUMNS = ("path", "label", "split", "listing_id", "seller_id", "declared_category", "title")


@dataclass(frozen=True)
class Candidate:
    path: str
    label: str | None = None
    split: str | None = None
    listing_id: str | None = None
    seller_id: str | None = None
    declared_category: str | None = None
    title: str | None = None


@dataclass
class Scan:
    source: str  # folder | flat | csv
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


def display_path(path: str | os.PathLike[str]) -> str:
    """A printable, storable form of any file name (non-UTF-8 bytes shown escaped)."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def scan(root: Path, *, layout: str = "auto", mapping: dict[str, str] | None = None) -> Scan:
    root = Path(root)
    if not root.exists():
        raise UserError(f"There is nothing at {display_path(root)}.", hint="Check the path.")
    if root.is_file():
        if root.suffix.lower() == ".csv" or layout == "csv":
            return scan_csv(root, mapping=mapping)
        raise UserError(
            f"{display_path(root)} is a file; import takes a folder or a CSV manifest.",
        )
    if layout == "auto":
        has_subfolders = any(
            entry.is_dir(follow_symlinks=False) for entry in os.scandir(root)
        )
        layout = "categories" if has_subfolders else "flat"
    if layout not in ("categories", "flat"):
        raise UserError(f"Unknown layout '{layout}'.", hint="Use auto, categories, flat or csv.")
    return _scan_folder(root, by_category=layout == "categories", mapping=mapping or {})


def _scan_folder(root: Path, *, by_category: bool, mapping: dict[str, str]) -> Scan:
    result = Scan(source="folder" if by_category else "flat")
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            full = here / name
            if full.is_symlink():
                result.problems.append(
                    (display_path(full), "symbolic link to a folder: not followed")
                )
        dirnames.sort()
        rel = here.relative_to(root)
        label: str | None = None
        if by_category and rel.parts:
            folder = rel.parts[0]
            label = mapping.get(folder, folder)
        for name in sorted(filenames):
            full = here / name
            suffix = Path(name).suffix.lower()
            if name.startswith("."):
                continue
            if suffix not in IMAGE_SUFFIXES:
                result.problems.append((display_path(full), f"not an image file name ({suffix or 'no extension'}): skipped"))
                continue
            result.candidates.append(Candidate(str(full), label))
    if not os.access(root, os.R_OK):
        result.problems.append((display_path(root), "folder cannot be read"))
    return result


def scan_csv(path: Path, *, mapping: dict[str, str] | None = None) -> Scan:
    mapping = mapping or {}
    result = Scan(source="csv")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            f"{display_path(path)} is not UTF-8 text.", hint="Save the manifest as UTF-8 CSV."
        ) from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "path" not in columns:
        raise UserError(
            f"The manifest {display_path(path)} has no 'path' column "
            f"(columns found: {', '.join(columns) or 'none'}).",
            hint=f"A manifest has the columns {', '.join(CSV_COLUMNS)}; only path is required.",
        )
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        result.problems.append(
            (display_path(path), f"columns ignored (not known): {', '.join(unknown)}")
        )
    base = path.parent
    for line_no, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not row.get("path"):
            result.problems.append((f"{display_path(path)}:{line_no}", "row has no path"))
            continue
        split = row.get("split") or None
        if split and split not in SPLITS:
            result.problems.append(
                (f"{display_path(path)}:{line_no}", f"unknown split '{split}' (use {', '.join(SPLITS)})")
            )
            continue
        file_path = Path(row["path"])
        if not file_path.is_absolute():
            file_path = base / file_path
        label = row.get("label") or None
        result.candidates.append(
            Candidate(
                str(file_path),
                mapping.get(label, label) if label else None,
                split,
                row.get("listing_id") or None,
                row.get("seller_id") or None,
                row.get("declared_category") or None,
                row.get("title") or None,
            )
        )
    return result
