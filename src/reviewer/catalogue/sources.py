"""What an import will read: candidates from a folder per category, a flat folder,
or a CSV manifest. Nothing is opened here but folders and the manifest; problems
found while scanning (a folder that cannot be read, a link that leads out of the
import root, a CSV row without a path) become report entries, never silent skips.

**The import root.** An import reads only files inside its root: the folder given,
or the folder that holds the manifest. A symbolic link whose target lies outside
it, and a manifest row whose path is absolute or climbs out with ``..`` to a file
outside it, are refused and listed in the report, unless the user asks for them
with ``follow_links`` (``reviewer import --follow-links``). Links to folders are
never followed (they can loop).

A manifest is read twice and never held whole: the first pass checks every row
and counts the categories (so a bad manifest is refused before anything is
written), the second streams the rows to the import.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.catalogue.schema import SPLITS
from reviewer.errors import UserError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".jfif"}
CSV_COLUMNS = ("path", "label", "split", "listing_id", "seller_id", "declared_category", "title")
CSV_FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters: more is a broken manifest
FOLLOW_HINT = "use --follow-links to import files outside the import folder"


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
    """What a scan found: counts and problems now, the candidates on demand."""

    source: str  # folder | flat | csv
    total: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, str]] = field(default_factory=list)  # refused: exit 1
    warnings: list[tuple[str, str]] = field(default_factory=list)  # said, nothing lost
    rows: Callable[[], Iterator[Candidate]] = field(default=lambda: iter(()))

    def candidates(self) -> Iterator[Candidate]:
        """The files to import, streamed (a manifest is read again, row by row)."""
        return self.rows()


def display_path(path: str | os.PathLike[str]) -> str:
    """A printable, storable form of any file name (non-UTF-8 bytes shown escaped)."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def label_problem(label: str) -> str | None:
    """Why ``label`` cannot be a category name, or None. Control characters (NUL, escape,
    line and paragraph separators) would end up in folder names, CSV files and screens."""
    for ch in label:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            return (f"category name {label!r} contains a control character "
                    f"(U+{ord(ch):04X}); not imported")
    return None


def inside(root_real: str, path: str | os.PathLike[str]) -> bool:
    """Whether ``path``, links resolved, lies inside the (already resolved) root."""
    real = os.path.realpath(path)
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


class _Within:
    """``inside`` for many paths in few folders: each folder is resolved once, and each
    file costs one ``lstat`` (to see whether it is itself a link)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root_real = os.path.realpath(root)
        self.prefix = self.root_real.rstrip(os.sep) + os.sep
        self.folders: dict[str, str] = {}

    def __call__(self, path: str) -> bool:
        if os.path.islink(path):
            real = os.path.realpath(path)
        else:
            folder, name = os.path.split(os.path.abspath(path))
            real_folder = self.folders.get(folder)
            if real_folder is None:
                real_folder = self.folders[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
        return real == self.root_real or real.startswith(self.prefix)


def scan(
    root: Path,
    *,
    layout: str = "auto",
    mapping: dict[str, str] | None = None,
    follow_links: bool = False,
) -> Scan:
    root = Path(root)
    if layout not in ("auto", "categories", "flat", "csv"):
        raise UserError(f"Unknown layout '{layout}'.", hint="Use auto, categories, flat or csv.")
    try:
        exists = root.exists()
    except (OSError, ValueError) as exc:
        raise UserError(f"Cannot look at {display_path(root)}: {exc}.") from None
    if not exists:
        raise UserError(f"There is nothing at {display_path(root)}.", hint="Check the path.")
    if root.is_file():
        if root.suffix.lower() == ".csv" or layout == "csv":
            return scan_csv(root, mapping=mapping, follow_links=follow_links)
        raise UserError(
            f"{display_path(root)} is a file; import takes a folder or a CSV manifest.",
        )
    if not root.is_dir():
        raise UserError(f"{display_path(root)} is neither a folder nor a CSV manifest.")
    if layout == "csv":
        raise UserError(
            f"--layout csv takes a CSV manifest file, and {display_path(root)} is a folder.",
            hint="Give the manifest's path, or use --layout auto, categories or flat.",
        )
    try:
        with os.scandir(root) as entries:
            has_subfolders = any(entry.is_dir(follow_symlinks=False) for entry in entries)
    except OSError as exc:
        raise UserError(
            f"Cannot read the folder {display_path(root)}: {exc.strerror or exc}. "
            "Nothing was imported.",
            hint="Check the folder's permissions (it needs read and execute for you).",
        ) from None
    if layout == "auto":
        layout = "categories" if has_subfolders else "flat"
    return _scan_folder(root, by_category=layout == "categories", mapping=mapping or {},
                        follow_links=follow_links)


def _scan_folder(
    root: Path, *, by_category: bool, mapping: dict[str, str], follow_links: bool
) -> Scan:
    result = Scan(source="folder" if by_category else "flat")
    found: list[Candidate] = []
    root_real = os.path.realpath(root)

    def unreadable(exc: OSError) -> None:
        where = display_path(exc.filename or root)
        result.problems.append(
            (where, f"folder cannot be read ({exc.strerror or exc}): its files were not imported")
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
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
            why = label_problem(label)
            if why:
                result.problems.append((display_path(here), why))
                dirnames.clear()
                continue
        for name in sorted(filenames):
            full = here / name
            suffix = Path(name).suffix.lower()
            if name.startswith("."):
                continue
            if suffix not in IMAGE_SUFFIXES:
                result.problems.append((display_path(full), f"not an image file name ({suffix or 'no extension'}): skipped"))
                continue
            if not follow_links and os.path.islink(full) and not inside(root_real, full):
                result.problems.append(
                    (display_path(full), f"symbolic link to {display_path(os.path.realpath(full))}, "
                     f"outside the import folder: not followed ({FOLLOW_HINT})")
                )
                continue
            found.append(Candidate(str(full), label))
            if label:
                result.labels[label] += 1
    result.total = len(found)
    result.rows = lambda: iter(found)
    return result


class _Manifest:
    """One pass over a CSV manifest: rows as candidates or problems, in file order."""

    def __init__(self, path: Path, mapping: dict[str, str], follow_links: bool) -> None:
        self.path = path
        self.name = display_path(path)
        self.mapping = mapping
        self.follow_links = follow_links
        self.base = str(path.parent)
        self.within = _Within(self.base)
        self.label_problems: dict[str, str | None] = {}
        self.columns: list[str] = []

    def rows(self) -> Iterator[Candidate | tuple[str, str]]:
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh, strict=True)
                start = 1
                try:
                    for record in reader:
                        line, start = start, reader.line_num + 1
                        if not self.columns:
                            self.columns = [c.strip().lower() for c in record]
                            self._check_columns()
                            continue
                        if not any(v.strip() for v in record):
                            continue
                        yield self._row(record, line)
                except csv.Error as exc:
                    raise self._broken(start, exc) from None
                except UnicodeDecodeError:
                    raise UserError(
                        f"{self.name} is not UTF-8 text (near line {reader.line_num + 1}). "
                        "Nothing was imported.",
                        hint="Save the manifest as UTF-8 CSV.",
                    ) from None
        except OSError as exc:
            raise UserError(f"Cannot read the manifest {self.name}: {exc.strerror or exc}.") from None
        if not self.columns:
            self._check_columns()

    def _broken(self, line: int, exc: csv.Error) -> UserError:
        text = str(exc)
        if "field larger than field limit" in text:
            why = (f"the row that starts at line {line} has a field longer than "
                   f"{CSV_FIELD_LIMIT:,} characters")
            hint = ("Usually a quote (\") that is never closed swallows the rows after it; "
                    "close it, or quote the whole field.")
        elif "end of data" in text:
            why = f"the row that starts at line {line} opens a quote (\") that is never closed"
            hint = "Close the quote, or double it (\"\") inside a quoted field."
        else:
            why = f"the row that starts at line {line} is not valid CSV ({text})"
            hint = "Fix the row, or save the manifest again from a spreadsheet as CSV."
        return UserError(f"The manifest {self.name} cannot be read: {why}. Nothing was imported.",
                         hint=hint)

    def _check_columns(self) -> None:
        if "path" not in self.columns:
            raise UserError(
                f"The manifest {self.name} has no 'path' column "
                f"(columns found: {', '.join(self.columns) or 'none'}).",
                hint=f"A manifest has the columns {', '.join(CSV_COLUMNS)}; only path is required.",
            )

    def unknown_columns(self) -> list[str]:
        return [c for c in self.columns if c not in CSV_COLUMNS]

    def _row(self, record: list[str], line: int) -> Candidate | tuple[str, str]:
        where = f"{self.name}:{line}"
        row: dict[str, str] = {}
        for key, value in zip(self.columns, record, strict=False):
            if key and key not in row:
                row[key] = value.strip()
        raw_path = row.get("path", "")
        if not raw_path:
            return where, "row has no path"
        if "\x00" in raw_path:
            return where, "path contains a NUL byte; not imported"
        split = row.get("split") or None
        if split and split not in SPLITS:
            return where, f"unknown split '{split}' (use {', '.join(SPLITS)})"
        label = row.get("label") or None
        if label:
            label = self.mapping.get(label, label)
            if label not in self.label_problems:
                self.label_problems[label] = label_problem(label)
            why = self.label_problems[label]
            if why:
                return where, why
        file_path = os.path.join(self.base, raw_path)  # an absolute path stays as it is
        if not self.follow_links and not self.within(file_path):
            return where, (f"{display_path(raw_path)} lies outside the manifest's folder "
                           f"{display_path(self.base)}: not imported ({FOLLOW_HINT})")
        return Candidate(
            file_path,
            label,
            split,
            row.get("listing_id") or None,
            row.get("seller_id") or None,
            row.get("declared_category") or None,
            row.get("title") or None,
        )


def scan_csv(
    path: Path, *, mapping: dict[str, str] | None = None, follow_links: bool = False
) -> Scan:
    manifest = _Manifest(path, mapping or {}, follow_links)
    result = Scan(source="csv")
    for item in manifest.rows():  # first pass: check every row, count, keep nothing
        if isinstance(item, Candidate):
            result.total += 1
            if item.label:
                result.labels[item.label] += 1
        else:
            result.problems.append(item)
    unknown = manifest.unknown_columns()
    if unknown:
        result.warnings.append(
            (manifest.name, f"columns ignored (not known): {', '.join(unknown)}")
        )

    def stream() -> Iterator[Candidate]:
        again = _Manifest(path, mapping or {}, follow_links)
        for item in again.rows():
            if isinstance(item, Candidate):
                yield item

    result.rows = stream
    return result
