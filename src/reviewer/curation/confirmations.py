"""A curator's verdicts on suggestions, kept as events (table ``review_events``).

Confirming says "I looked, the label is right" (or "not an outlier", "these are not
duplicates"); the image is then left out of that kind of suggestion. A label
confirmation holds while the image keeps the category it was confirmed with: if the
label changes later, the image may be suggested again. ``reopen`` records that a
confirmation was withdrawn (nothing is deleted).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer.catalogue.schema import REVIEW_KINDS, Image, ReviewEvent
from reviewer.errors import NotFoundError, UserError

CONFIRMED = "confirmed"
REOPENED = "reopened"


def _check_kind(kind: str) -> None:
    if kind not in REVIEW_KINDS:
        raise UserError(f"Unknown review kind {kind!r}.", hint=f"Use one of {', '.join(REVIEW_KINDS)}.")


def record(session: Session, image_ids: Iterable[int], kind: str, *, actor: str,
           decision: str = CONFIRMED, note: str = "") -> int:
    """Record one verdict per image (with its current category); how many were written."""
    _check_kind(kind)
    ids = list(dict.fromkeys(int(i) for i in image_ids))
    rows: dict[int, int | None] = {}
    if ids:
        rows = {int(i): c for i, c in
                session.execute(select(Image.id, Image.category_id).where(Image.id.in_(ids)))}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFoundError(f"No image with id {', '.join(map(str, missing[:5]))} in this catalogue.")
    now = datetime.now(UTC)
    session.add_all(ReviewEvent(image_id=i, kind=kind, decision=decision,
                                category_id=rows[i], actor=actor, at=now, note=note)
                    for i in ids)
    return len(ids)


def confirm(session: Session, image_ids: Iterable[int], kind: str, *, actor: str) -> int:
    return record(session, image_ids, kind, actor=actor, decision=CONFIRMED)


def reopen(session: Session, image_ids: Iterable[int], kind: str, *, actor: str) -> int:
    return record(session, image_ids, kind, actor=actor, decision=REOPENED)


def confirmed_ids(session: Session, kind: str) -> set[int]:
    """Images whose latest verdict of this kind is a confirmation that still holds
    (for label errors: the image still has the category it was confirmed with)."""
    _check_kind(kind)
    latest = (select(func.max(ReviewEvent.id)).where(ReviewEvent.kind == kind)
              .group_by(ReviewEvent.image_id))
    rows = session.execute(
        select(ReviewEvent.image_id, ReviewEvent.category_id, Image.category_id)
        .join(Image, Image.id == ReviewEvent.image_id)
        .where(ReviewEvent.id.in_(latest), ReviewEvent.decision == CONFIRMED))
    out = set()
    for image_id, confirmed_category, current_category in rows:
        if kind == "label_error" and confirmed_category != current_category:
            continue
        out.add(int(image_id))
    return out
