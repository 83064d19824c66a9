"""Listings arrive as a CSV (``path,listing_id,seller_id,declared_category,title``,
paths relative to the CSV): several rows with one listing id are one listing with
several photos. The photos become ordinary, unlabelled catalogue images (source
``listing``); user reports arrive as ``listing_id,reason,reported_at``.

Bad rows are refused one by one with the reason; the rest is imported.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Flag, Image, Listing, ListingImage
from reviewer.catalogue.sources import Candidate, Scan, display_path, inside
from reviewer.errors import UserError
from reviewer.moderation.rules import load_rules
from reviewer.progress import ProgressFn, StopFn

LISTING_COLUMNS = ("path", "listing_id", "seller_id", "declared_category", "title")
REPORT_COLUMNS = ("listing_id", "reason", "reported_at")


@dataclass
class ListingImportReport:
    listings_created: int = 0
    photos: int = 0
    images_added: int = 0
    already_present: list[str] = field(default_factory=list)  # listing ids imported before
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    cancelled: bool = False

    def summary(self) -> str:
        text = (f"{self.listings_created} listing(s) created with {self.photos} photo(s) "
                f"({self.images_added} new image(s) in the catalogue)")
        if self.already_present:
            text += f"; {len(self.already_present)} listing(s) were imported before (left as they are)"
        if self.problems:
            text += f"; {len(self.problems)} row(s) or file(s) refused"
        return text + "."

    def to_dict(self) -> dict[str, object]:
        return {"listings_created": self.listings_created, "photos": self.photos,
                "images_added": self.images_added, "already_present": self.already_present,
                "problems": [{"where": w, "reason": r} for w, r in self.problems],
                "cancelled": self.cancelled}


def is_listings_csv(path: Path) -> bool:
    """A CSV whose header names listing_id and declared_category and no label."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError):
        return False
    columns = {c.strip().lower() for c in header}
    return {"listing_id", "declared_category"} <= columns and "label" not in columns


def _read_csv(path: Path, required: tuple[str, ...], known: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV, parsed by the csv module on the file itself (quoted newlines and
    line separators stay inside their field); a malformed file is refused whole."""
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, strict=True)
            columns = [c.strip().lower() for c in (reader.fieldnames or [])]
            missing = [c for c in required if c not in columns]
            if missing:
                raise UserError(
                    f"{display_path(path)} lacks the column(s) {', '.join(missing)} "
                    f"(columns found: {', '.join(columns) or 'none'}).",
                    hint=f"The columns are {','.join(known)}.")
            for raw in reader:
                rows.append((reader.line_num, {(k or "").strip().lower(): (v or "").strip()
                                               for k, v in raw.items() if isinstance(k, str)}))
    except FileNotFoundError:
        raise UserError(f"There is no file {display_path(path)}.") from None
    except UnicodeDecodeError:
        raise UserError(f"{display_path(path)} is not UTF-8 text.",
                        hint="Save the CSV as UTF-8.") from None
    except csv.Error as exc:
        raise UserError(f"{display_path(path)} is not a well-formed CSV near line "
                        f"{reader.line_num}: {exc}. Nothing was imported.",
                        hint="Check the quotes on that line (a field that opens a quote "
                        "must close it).") from None
    return rows


def import_listings(
    catalogue: Catalogue,
    path: str | Path,
    *,
    actor: str,
    workers: int = 0,
    follow_links: bool = False,
    max_file_bytes: int | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> ListingImportReport:
    """Create listings (and their photos as catalogue images) from a listings CSV. As
    for every import, a photo outside the CSV's folder (an absolute path, ``..``, a link
    leading out) is refused unless ``follow_links``."""
    path = Path(path)
    rows = _read_csv(path, ("path", "listing_id", "seller_id", "declared_category"),
                     LISTING_COLUMNS)
    report = ListingImportReport()
    where = display_path(path)
    root_real = os.path.realpath(path.parent)
    groups: dict[str, dict[str, str]] = {}
    photos: dict[str, list[str]] = {}
    for line, row in rows:
        at = f"{where}:{line}"
        empty = [c for c in ("path", "listing_id", "seller_id", "declared_category") if not row.get(c)]
        if empty:
            report.problems.append((at, f"row has no {', '.join(empty)}"))
            continue
        file_path = Path(row["path"])
        if not file_path.is_absolute():
            file_path = path.parent / file_path
        if not follow_links and not inside(root_real, file_path):
            report.problems.append((at, f"{row['path']} lies outside the CSV's folder; "
                                    "refused (reviewer import --follow-links allows it)"))
            continue
        lid = row["listing_id"]
        facts = {"seller_id": row["seller_id"], "declared_category": row["declared_category"],
                 "title": row.get("title", "")}
        first = groups.setdefault(lid, facts)
        if first["seller_id"] != facts["seller_id"] or first["declared_category"] != facts["declared_category"]:
            report.problems.append((at, f"listing {lid} appears with another seller or declared "
                                    "category on an earlier row; row refused"))
            continue
        photos.setdefault(lid, []).append(str(file_path))
    with catalogue.read() as session:
        known = set(session.scalars(select(Listing.listing_id).where(
            Listing.listing_id.in_(list(photos))))) if photos else set()
    report.already_present = sorted(known)
    wanted = {lid: paths for lid, paths in photos.items() if lid not in known}
    candidates = [
        Candidate(p, None, None, lid, str(groups[lid]["seller_id"]),
                  str(groups[lid]["declared_category"]), str(groups[lid]["title"]) or None)
        for lid, paths in wanted.items() for p in dict.fromkeys(paths)
    ]
    found = Scan(source="listing", total=len(candidates), rows=lambda: iter(candidates))
    options = ImportOptions(actor=actor, workers=workers, follow_links=follow_links)
    if max_file_bytes is not None:
        options.max_file_bytes = max_file_bytes
    if candidates:
        imported = run_import(catalogue, path, options, on_progress=on_progress,
                              should_stop=should_stop, found=found)
        report.images_added = imported.added
        report.problems.extend(imported.failures)
        report.cancelled = imported.cancelled
    failed = {p for p, _ in report.problems}
    hashes: dict[str, str] = {}
    for cand in candidates:
        if display_path(cand.path) in failed:
            continue
        try:
            hashes[cand.path] = hashlib.sha256(Path(cand.path).read_bytes()).hexdigest()
        except OSError as exc:
            report.problems.append((display_path(cand.path), f"cannot be read: {exc.strerror}"))
    with catalogue.write() as session:
        ids = _image_ids(session, list(set(hashes.values())))
        for lid, paths in wanted.items():
            image_ids = list(dict.fromkeys(ids[hashes[p]] for p in paths
                                           if p in hashes and hashes[p] in ids))
            if not image_ids:
                report.problems.append((lid, "no photo of this listing could be imported; "
                                        "listing not created"))
                continue
            g = groups[lid]
            listing = Listing(listing_id=lid, seller_id=str(g["seller_id"]),
                              title=str(g["title"]), declared_category=str(g["declared_category"]),
                              received_at=now(), status="new", version=1, priority=0.0)
            session.add(listing)
            session.flush()
            session.add_all(ListingImage(listing_pk=listing.id, image_id=i, position=n)
                            for n, i in enumerate(image_ids))
            report.listings_created += 1
            report.photos += len(image_ids)
    return report


def _image_ids(session: Session, hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(hashes), 500):
        part = hashes[start:start + 500]
        found.update({sha: i for i, sha in session.execute(
            select(Image.id, Image.sha256).where(Image.sha256.in_(part)))})
    return found


@dataclass
class ReportImport:
    flags_added: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"flags_added": self.flags_added,
                "problems": [{"where": w, "reason": r} for w, r in self.problems]}


def _parse_time(text: str) -> datetime | None:
    if not text:
        return now()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def import_reports(catalogue: Catalogue, path: str | Path) -> ReportImport:
    """Users' reports become ``reported`` flags; a reported listing joins the queue."""
    path = Path(path)
    rows = _read_csv(path, ("listing_id", "reason"), REPORT_COLUMNS)
    result = ReportImport()
    where = display_path(path)
    with catalogue.write() as session:
        rules = load_rules(session)
        for line, row in rows:
            at = f"{where}:{line}"
            if not row.get("listing_id") or not row.get("reason"):
                result.problems.append((at, "row needs a listing_id and a reason"))
                continue
            when = _parse_time(row.get("reported_at", ""))
            if when is None:
                result.problems.append((at, f"reported_at {row['reported_at']!r} is not a date "
                                        "(use ISO 8601, e.g. 2026-11-30T14:05:00Z)"))
                continue
            listing = session.scalar(select(Listing).where(Listing.listing_id == row["listing_id"]))
            if listing is None:
                result.problems.append((at, f"no listing {row['listing_id']} in the catalogue"))
                continue
            session.add(Flag(listing_pk=listing.id, kind="reported", score=1.0, run_id=None,
                             details_json=json.dumps({"reason": row["reason"],
                                                      "reported_at": when.isoformat()}),
                             created_at=now()))
            if listing.status in ("new", "scored", "flagged", "cleared"):
                # a report on a cleared listing reopens it; new ones keep their place in
                # the scoring pool and are flagged when scored
                if listing.status != "new":
                    listing.status = "flagged"
                listing.priority = max(listing.priority, rules.priority("reported"))
            result.flags_added += 1
    return result
