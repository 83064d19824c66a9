"""Export: a folder per category, a CSV of images, the label-event history as CSV."""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from reviewer.catalogue.categories import category_names
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import history
from reviewer.catalogue.schema import Image, ImagePath
from reviewer.csv_safe import safe_cell
from reviewer.errors import UserError

FORMAT_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "BMP": ".bmp",
                 "TIFF": ".tif", "MPO": ".jpg"}
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def safe_folder_name(name: str) -> str:
    """A folder name that stays inside its parent whatever the category is called."""
    cleaned = _UNSAFE.sub("_", name).strip().strip(".")
    return cleaned or "_"


def _inside(target: Path, child: Path) -> bool:
    return os.path.commonpath([target.resolve(), child.resolve()]) == str(target.resolve())


def export_folders(
    catalogue: Catalogue,
    target: Path,
    *,
    split: str | None = None,
    by_split: bool = False,
    include_unsure: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Copy labelled images into ``target/[split/]category/sha256.ext``; returns the count."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    with catalogue.read() as session:
        names = category_names(session)
        query = select(Image.sha256, Image.format, Image.category_id, Image.split).where(
            Image.category_id.is_not(None)
        )
        if split:
            query = query.where(Image.split == split)
        if not include_unsure:
            query = query.where(Image.unsure.is_(False))
        rows = session.execute(query.order_by(Image.id)).all()
    written = 0
    for index, (sha, fmt, category_id, image_split) in enumerate(rows, start=1):
        folder = target
        if by_split:
            folder = folder / safe_folder_name(image_split or "unsplit")
        name = names.get(category_id or 0, "unknown")
        folder = folder / safe_folder_name(name)
        if not _inside(target, folder):
            raise UserError(f"Refusing to write outside {target}: category '{name}'.")
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{sha}{FORMAT_SUFFIX.get(fmt, '.img')}"
        if not dest.exists():
            shutil.copyfile(catalogue.store.path_for(sha), dest)
        written += 1
        if on_progress:
            on_progress(index, len(rows), dest.name)
        if should_stop and should_stop():
            break
    return written


IMAGE_COLUMNS = ["id", "sha256", "file_name", "original_paths", "category", "unsure", "split",
                 "listing_id", "seller_id", "declared_category", "title", "width", "height",
                 "format", "bytes", "source", "imported_at"]


def export_images_csv(catalogue: Catalogue, path: Path) -> int:
    with catalogue.read() as session:
        names = category_names(session)
        paths: dict[int, list[str]] = {}
        for image_id, p in session.execute(select(ImagePath.image_id, ImagePath.path).order_by(ImagePath.id)):
            paths.setdefault(image_id, []).append(p)
        rows = session.scalars(select(Image).order_by(Image.id))
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(IMAGE_COLUMNS)
            count = 0
            for img in rows:
                writer.writerow(
                    [safe_cell(v) for v in (
                        img.id, img.sha256, img.file_name, " | ".join(paths.get(img.id, [])),
                        names.get(img.category_id, "") if img.category_id else "",
                        "yes" if img.unsure else "no", img.split or "", img.listing_id or "",
                        img.seller_id or "", img.declared_category or "", img.title or "",
                        img.width, img.height, img.format, img.bytes, img.source,
                        img.imported_at.isoformat(),
                    )]
                )
                count += 1
    return count


HISTORY_COLUMNS = ["event_id", "batch_id", "image_id", "old", "new", "old_unsure", "new_unsure",
                   "actor", "at", "source"]


def export_history_csv(catalogue: Catalogue, path: Path) -> int:
    with catalogue.read() as session:
        entries = history(session)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HISTORY_COLUMNS)
        for e in entries:
            writer.writerow(
                [safe_cell(v) for v in (
                    e.event_id, e.batch_id, e.image_id, e.old or "", e.new or "",
                    "yes" if e.old_unsure else "no", "yes" if e.new_unsure else "no",
                    e.actor, e.at.isoformat(), e.source,
                )]
            )
    return len(entries)
