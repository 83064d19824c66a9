"""The audit log of moderation decisions as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Listing, ModerationDecision
from reviewer.csv_safe import safe_row
from reviewer.errors import UserError

COLUMNS = ("decision_id", "at", "moderator", "kind", "action", "category", "reason",
           "listing_id", "seller_id", "declared_category", "title", "old_status", "new_status",
           "seconds", "undone", "label_batch_id", "target_decision_id")


def export_decisions(catalogue: Catalogue, path: str | Path) -> int:
    """Write every decision event (undo and redo included), oldest first; the count."""
    path = Path(path)
    with catalogue.read() as session:
        rows = session.execute(
            select(ModerationDecision, Listing)
            .join(Listing, Listing.id == ModerationDecision.listing_pk)
            .order_by(ModerationDecision.id)).all()
        lines: list[list[object]] = [[d.id, d.at.isoformat(), d.moderator, d.kind, d.action, d.category or "",
                  d.reason or "", lst.listing_id, lst.seller_id, lst.declared_category,
                  lst.title, d.old_status, d.new_status,
                  "" if d.seconds is None else f"{d.seconds:.3f}", int(d.undone),
                  d.label_batch_id or "", d.target_decision_id or ""] for d, lst in rows]
    try:
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(safe_row(line) for line in lines)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror}.",
                        hint="Choose a folder you can write to.") from exc
    return len(lines)
