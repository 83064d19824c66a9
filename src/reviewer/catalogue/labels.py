"""Labels are events. Each change writes an event (old → new, who, when, source)
and, in the same transaction, the derived current label on the image row, guarded
by an optimistic version check so that two curators never lose an update silently.

Every call groups its events in a batch: the unit of undo and redo, per user.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Table, and_, bindparam, func, select
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import category_names, find_category, merge_category_rows, now
from reviewer.catalogue.schema import Image, LabelBatch, LabelEvent
from reviewer.errors import ConflictError, NotFoundError, UserError

if TYPE_CHECKING:
    from reviewer.catalogue.undo import StepResult

CHUNK = 500
_images: Table = Image.__table__  # type: ignore[assignment]
_events: Table = LabelEvent.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class LabelChange:
    """Set ``image_id`` to ``category_id`` (None: no category) and ``unsure``.

    ``expected_version``: the version the curator was looking at; a different
    current version means somebody else changed the image first.
    ``expect_current``: the (category_id, unsure) the image must still have.
    """

    image_id: int
    category_id: int | None
    unsure: bool = False
    expected_version: int | None = None
    expect_current: tuple[int | None, bool] | None = None


@dataclass(frozen=True)
class BatchResult:
    batch_id: int | None
    changed: int
    unchanged: int


@dataclass(frozen=True)
class HistoryEntry:
    event_id: int
    batch_id: int
    image_id: int
    old: str | None
    new: str | None
    old_unsure: bool
    new_unsure: bool
    actor: str
    at: datetime
    source: str


def chunks(items: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _current(session: Session, ids: Sequence[int]) -> dict[int, tuple[int | None, bool, int]]:
    current: dict[int, tuple[int | None, bool, int]] = {}
    for part in chunks(ids):
        rows = session.execute(
            select(Image.id, Image.category_id, Image.unsure, Image.version).where(
                Image.id.in_(part)
            )
        )
        for image_id, category_id, unsure, version in rows:
            current[image_id] = (category_id, bool(unsure), version)
    return current


def apply_changes(
    session: Session,
    changes: Sequence[LabelChange],
    *,
    actor: str,
    source: str,
    description: str = "",
    kind: str = "action",
    target_batch_id: int | None = None,
    current: dict[int, tuple[int | None, bool, int]] | None = None,
) -> BatchResult:
    """Write ``changes`` as one batch of events inside the caller's transaction.

    ``current``: the images' (category_id, unsure, version) if the caller has just read
    them in this transaction (undo reads them under a row lock); else they are read here.
    """
    if len({c.image_id for c in changes}) != len(changes):
        raise UserError("The same image appears twice in one labelling action.")
    if current is None:
        current = _current(session, [c.image_id for c in changes])
    missing = [c.image_id for c in changes if c.image_id not in current]
    if missing:
        raise NotFoundError(f"No image with id {', '.join(map(str, missing[:10]))} in the catalogue.")
    _check_expectations(session, changes, current)
    effective = [c for c in changes if current[c.image_id][:2] != (c.category_id, c.unsure)]
    if not effective:
        return BatchResult(None, 0, len(changes))
    at = now()
    batch = LabelBatch(
        actor=actor,
        at=at,
        kind=kind,
        source=source,
        target_batch_id=target_batch_id,
        undone=False,
        redone=False,
        description=description,
    )
    session.add(batch)
    session.flush()
    _write_rows(session, effective, current)
    session.execute(
        _events.insert(),
        [
            {
                "batch_id": batch.id,
                "image_id": c.image_id,
                "old_category_id": current[c.image_id][0],
                "new_category_id": c.category_id,
                "old_unsure": current[c.image_id][1],
                "new_unsure": c.unsure,
                "actor": actor,
                "at": at,
                "source": source,
            }
            for c in effective
        ],
    )
    return BatchResult(batch.id, len(effective), len(changes) - len(effective))


def _check_expectations(
    session: Session,
    changes: Sequence[LabelChange],
    current: dict[int, tuple[int | None, bool, int]],
) -> None:
    stale = [
        c.image_id
        for c in changes
        if (c.expected_version is not None and current[c.image_id][2] != c.expected_version)
        or (c.expect_current is not None and current[c.image_id][:2] != c.expect_current)
    ]
    if stale:
        raise conflict_error(session, stale)


def _write_rows(
    session: Session,
    effective: Sequence[LabelChange],
    current: dict[int, tuple[int | None, bool, int]],
) -> None:
    stmt = (
        _images.update()
        .where(and_(_images.c.id == bindparam("b_id"), _images.c.version == bindparam("b_old")))
        .values(
            category_id=bindparam("b_cat"),
            unsure=bindparam("b_unsure"),
            version=bindparam("b_new"),
        )
    )
    params = [
        {
            "b_id": c.image_id,
            "b_old": current[c.image_id][2],
            "b_new": current[c.image_id][2] + 1,
            "b_cat": c.category_id,
            "b_unsure": c.unsure,
        }
        for c in effective
    ]
    conn = session.connection()
    if conn.dialect.supports_sane_multi_rowcount:
        written = conn.execute(stmt, params).rowcount
    else:  # pragma: no cover - every dialect we ship reports it
        written = sum(conn.execute(stmt, p).rowcount for p in params)
    if written != len(params):
        # Somebody committed between our read and our write: nothing of ours stays.
        now_versions = _current(session, [c.image_id for c in effective])
        stale = [c.image_id for c in effective if now_versions[c.image_id][2] != current[c.image_id][2]]
        raise conflict_error(session, stale or [c.image_id for c in effective])


def conflict_error(session: Session, image_ids: Sequence[int]) -> ConflictError:
    names = category_names(session)
    first = image_ids[0]
    last = session.execute(
        select(LabelEvent.actor, LabelEvent.at, LabelEvent.new_category_id, LabelEvent.new_unsure)
        .where(LabelEvent.image_id == first)
        .order_by(LabelEvent.id.desc())
        .limit(1)
    ).first()
    file_name = session.scalar(select(Image.file_name).where(Image.id == first))
    if last is not None:
        label = names.get(last.new_category_id, "no category") + (" (unsure)" if last.new_unsure else "")
        who = f"{last.actor} changed it to '{label}' at {last.at:%H:%M:%S}"
    else:
        who = "it was changed by somebody else"
    more = f" and {len(image_ids) - 1} more image(s)" if len(image_ids) > 1 else ""
    return ConflictError(
        f"Image {first} ({file_name}){more} changed while you were working: {who}. "
        "Your change was not applied.",
        hint="Look at the image again and repeat your change if it is still right.",
    )


# --- convenience used by the command line and the desktop app ------------------------


def relabel(
    session: Session,
    image_ids: Iterable[int],
    category: str | None,
    *,
    actor: str,
    source: str = "curator",
    unsure: bool = False,
    expected_versions: dict[int, int] | None = None,
) -> BatchResult:
    """Give every image in ``image_ids`` the category called ``category`` (one undo step)."""
    category_id = find_category(session, category).id if category is not None else None
    versions = expected_versions or {}
    ids = list(dict.fromkeys(image_ids))
    changes = [LabelChange(i, category_id, unsure, versions.get(i)) for i in ids]
    label = category if category is not None else "no category"
    return apply_changes(
        session,
        changes,
        actor=actor,
        source=source,
        description=f"{len(ids)} image(s) → {label}" + (" (unsure)" if unsure else ""),
    )


def set_unsure(
    session: Session,
    image_ids: Iterable[int],
    unsure: bool,
    *,
    actor: str,
    source: str = "curator",
    expected_versions: dict[int, int] | None = None,
) -> BatchResult:
    """Mark images unsure (or sure again) keeping their category."""
    ids = list(dict.fromkeys(image_ids))
    current = _current(session, ids)
    versions = expected_versions or {}
    changes = [
        LabelChange(i, current[i][0], unsure, versions.get(i)) for i in ids if i in current
    ]
    word = "unsure" if unsure else "sure"
    return apply_changes(
        session, changes, actor=actor, source=source, description=f"{len(ids)} image(s) {word}"
    )


def merge_categories(session: Session, source: str, target: str, *, actor: str) -> BatchResult:
    """Move every image of ``source`` to ``target`` through events, then retire ``source``."""
    src = find_category(session, source)
    dst = find_category(session, target)
    merge_category_rows(session, src, dst)
    rows = session.execute(
        select(Image.id, Image.unsure).where(Image.category_id == src.id)
    ).all()
    changes = [LabelChange(i, dst.id, bool(u)) for i, u in rows]
    return apply_changes(
        session,
        changes,
        actor=actor,
        source="merge",
        description=f"merge '{src.name}' into '{dst.name}'",
    )


# --- undo / redo -----------------------------------------------------------------------


def undo(session: Session, *, actor: str) -> StepResult:
    """Revert ``actor``'s latest step image by image (see :mod:`reviewer.catalogue.undo`)."""
    from reviewer.catalogue import undo as undo_module

    return undo_module.undo(session, actor=actor)


def redo(session: Session, *, actor: str) -> StepResult:
    """Re-apply what ``actor`` undid last (see :mod:`reviewer.catalogue.undo`)."""
    from reviewer.catalogue import undo as undo_module

    return undo_module.redo(session, actor=actor)


# --- history and consistency -------------------------------------------------------------


def history(
    session: Session, image_id: int | None = None, *, limit: int | None = None
) -> list[HistoryEntry]:
    names = category_names(session)
    query = select(LabelEvent).order_by(LabelEvent.id)
    if image_id is not None:
        query = query.where(LabelEvent.image_id == image_id)
    if limit is not None:
        query = query.order_by(None).order_by(LabelEvent.id.desc()).limit(limit)
    events = list(session.scalars(query))
    if limit is not None:
        events.reverse()
    return [
        HistoryEntry(
            e.id,
            e.batch_id,
            e.image_id,
            names.get(e.old_category_id) if e.old_category_id else None,
            names.get(e.new_category_id) if e.new_category_id else None,
            e.old_unsure,
            e.new_unsure,
            e.actor,
            e.at,
            e.source,
        )
        for e in events
    ]


def inconsistent_images(session: Session) -> list[int]:
    """Images whose stored label differs from the one their events derive (should be none)."""
    latest = (
        select(LabelEvent.image_id, func.max(LabelEvent.id).label("last_id"))
        .group_by(LabelEvent.image_id)
        .subquery()
    )
    rows = session.execute(
        select(Image.id)
        .join(latest, latest.c.image_id == Image.id)
        .join(LabelEvent, LabelEvent.id == latest.c.last_id)
        .where(
            (func.coalesce(LabelEvent.new_category_id, -1) != func.coalesce(Image.category_id, -1))
            | (LabelEvent.new_unsure != Image.unsure)
        )
    )
    unlabelled_with_label = session.execute(
        select(Image.id).where(
            Image.category_id.is_not(None),
            ~select(LabelEvent.id).where(LabelEvent.image_id == Image.id).exists(),
        )
    )
    return sorted({r[0] for r in rows} | {r[0] for r in unlabelled_with_label})
