"""Export: a folder per category, a CSV of images, the label-event history as CSV."""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reviewer.catalogue.categories import category_names
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import history
from reviewer.catalogue.schema import Image, ImagePath
from reviewer.csv_safe import safe_cell
from reviewer.errors import UserError
from reviewer.progress import ProgressFn

FORMAT_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "BMP": ".bmp",
                 "TIFF": ".tif", "MPO": ".jpg"}
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def safe_folder_name(name: str) -> str:
    """A folder name that stays inside its parent whatever the category is called."""
    cleaned = _UNSAFE.sub("_", name).strip().strip(".")
    return cleaned or "_"


def _inside(target: Path, child: Path) -> bool:
    return os.path.commonpath([target.resolve(), child.resolve()]) == str(target.resolve())


def folder_names(names: dict[int, str]) -> dict[int, str]:
    """One folder per category, unique even where two names clean to the same folder
    (``a/b`` and ``a_b``; ``.`` and ``..``; ``Hat`` and ``hat`` on a case-blind disk):
    the later category (by id) gets ``_2``, ``_3``…"""
    taken: set[str] = set()
    folders: dict[int, str] = {}
    for category_id in sorted(names):
        base = safe_folder_name(names[category_id])
        folder, n = base, 1
        while folder.casefold() in taken:
            n += 1
            folder = f"{base}_{n}"
        taken.add(folder.casefold())
        folders[category_id] = folder
    return folders


@dataclass
class FolderExport:
    """What ``export_folders`` did: how many images, which were missing, and the
    categories whose folder is not spelled like the category."""

    written: int = 0
    total: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)  # (image id, sha256)
    renamed: dict[str, str] = field(default_factory=dict)  # category -> folder

    def summary(self, target: Path) -> str:
        text = f"Exported {self.written} image(s) to {target}."
        if self.missing:
            text += (f" {len(self.missing)} image(s) were not exported: their stored original "
                     "is missing from the catalogue's image store.")
        return text


def _target_error(exc: OSError, target: Path, done: str) -> UserError:
    if exc.errno == errno.ENOSPC:
        return UserError(f"The disk holding {target} is full; {done}.",
                         hint="Free some space (or choose another target) and export again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"Cannot write to {target}: {exc.strerror}; {done}.",
                         hint="Choose a target you may write to.")
    return UserError(f"Cannot write to {target}: {exc.strerror or exc}; {done}.")


def _copy_whole(source: Path, dest: Path) -> None:
    """Copy under a temporary name, then rename: ``dest`` is whole or absent."""
    part = dest.with_name(f".{dest.name}.part")
    try:
        shutil.copyfile(source, part)
        os.replace(part, dest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def export_folders(
    catalogue: Catalogue,
    target: Path,
    *,
    split: str | None = None,
    by_split: bool = False,
    include_unsure: bool = False,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> FolderExport:
    """Copy labelled images into ``target/[split/]category/sha256.ext``.

    Each file is written under a temporary name and renamed, so a full disk or a
    cancel leaves only whole files. An image whose stored original is missing is
    listed, and the rest are exported."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file; export folders needs a folder (new or empty).",
                        hint="Give a folder name; it is created if it does not exist.")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _target_error(exc, target, "nothing was exported") from None
    with catalogue.read() as session:
        names = category_names(session)
        query = select(Image.id, Image.sha256, Image.format, Image.category_id, Image.split).where(
            Image.category_id.is_not(None)
        )
        if split:
            query = query.where(Image.split == split)
        if not include_unsure:
            query = query.where(Image.unsure.is_(False))
        rows = session.execute(query.order_by(Image.id)).all()
    folders = folder_names(names)
    used = {row.category_id for row in rows if row.category_id is not None}
    result = FolderExport(total=len(rows), renamed={
        names[c]: folders[c] for c in sorted(used) if c in names and folders[c] != names[c]
    })
    for index, (image_id, sha, fmt, category_id, image_split) in enumerate(rows, start=1):
        folder = target
        if by_split:
            folder = folder / safe_folder_name(image_split or "unsplit")
        folder = folder / folders.get(category_id or 0, "unknown")
        if not _inside(target, folder):
            raise UserError(f"Refusing to write outside {target}: category "
                            f"'{names.get(category_id or 0)}'.")
        dest = folder / f"{sha}{FORMAT_SUFFIX.get(fmt, '.img')}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not dest.exists():
                _copy_whole(catalogue.store.path_for(sha), dest)
            result.written += 1
        except FileNotFoundError as exc:
            if exc.filename is not None and Path(exc.filename) == catalogue.store.path_for(sha):
                result.missing.append((image_id, sha))
            else:
                raise _target_error(exc, target, f"{result.written} of {len(rows)} image(s) "
                                    "were exported (each whole)") from None
        except OSError as exc:
            raise _target_error(exc, target, f"{result.written} of {len(rows)} image(s) were "
                                "exported (each whole; none half-written)") from None
        if on_progress:
            on_progress(index, len(rows), dest.name)
        if should_stop and should_stop():
            break
    return result


@contextlib.contextmanager
def _csv_file(path: Path) -> Iterator[Any]:
    """A CSV writer on a temporary file beside ``path``, renamed over it at the end:
    a failure (full disk, cancel) leaves ``path`` as it was."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the name of the CSV file to write.",
                        hint=f"For example {path / 'export.csv'}.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist; nothing was written.",
                        hint="Create it first, or give another file name.")
    part = path.with_name(f".{path.name}.part")
    unchanged = f"nothing was written ({path.name} is unchanged)"
    try:
        with open(part, "w", newline="", encoding="utf-8") as fh:
            yield csv.writer(fh)
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _target_error(exc, path, unchanged) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


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
        with _csv_file(path) as writer:
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
    with _csv_file(path) as writer:
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
