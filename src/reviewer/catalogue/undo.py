"""Undo and redo on a shared catalogue: image by image, never over a colleague.

A step (one batch of label events) is undone image by image. An image is reverted
only while it still holds what the step's own event produced: every event written
on it since then must have been cancelled by its own undo (or a redo by its undo),
whoever wrote them. Comparing labels is not enough (a colleague may have set the
very same label), and comparing the raw version is too strict (the curator's own
undo of a later step bumps it), so the events after ours are replayed: an undo or
redo cancels the event it reverts; whatever is left is somebody's change that still
stands, and that image is left alone and reported ("bob changed image 201 after
you; left as dress"). The images are locked (``FOR UPDATE`` on PostgreSQL; SQLite's
writers are serialised by ``BEGIN IMMEDIATE``) before the events are read, and the
write is guarded by the version read under that lock.

The step is then settled, even when some (or all) of its images were left alone: the
next undo moves on to the step before. Redo re-applies exactly what the undo
reverted, with the same rule, so a redo never overwrites a colleague either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import category_names
from reviewer.catalogue.labels import LabelChange, apply_changes, chunks
from reviewer.catalogue.schema import Image, LabelBatch, LabelEvent
from reviewer.errors import UserError


@dataclass(frozen=True)
class LeftAlone:
    """An image a step could not revert because a later change still stands."""

    image_id: int
    by: tuple[str, ...]  # who changed it since, in order; may include the curator
    label: str  # what the image is now
    actor: str  # the curator undoing

    def __str__(self) -> str:
        others = [a for a in self.by if a != self.actor]
        if others:
            who = " and ".join(dict.fromkeys(others))
            return f"{who} changed image {self.image_id} after you; left as {self.label}"
        if self.by:
            return f"a later step of yours changed image {self.image_id}; left as {self.label}"
        return f"image {self.image_id} changed after you; left as {self.label}"


@dataclass(frozen=True)
class StepResult:
    """What an undo or redo did to one step."""

    kind: str  # "undo" | "redo"
    step: LabelBatch  # the step undone (an action or redo) or redone (an undo)
    description: str  # the step's own words, e.g. "2 image(s) → hat"
    batch_id: int | None  # the undo / redo batch written; None when nothing changed
    reverted: int  # images put back (undo) or re-applied (redo)
    left_alone: list[LeftAlone] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.left_alone

    def headline(self) -> str:
        """What happened to the step, without the images left alone."""
        verb = "Undone" if self.kind == "undo" else "Redone"
        if not self.left_alone:
            return f"{verb}: {self.description}"
        if self.reverted == 0:
            return f"Nothing of '{self.description}' could be {verb.lower()}"
        total = self.reverted + len(self.left_alone)
        return f"{verb} {self.reverted} of {total} image(s) of '{self.description}'"

    def summary(self) -> str:
        """One line for the status bar: the headline and the first images left alone."""
        if not self.left_alone:
            return self.headline()
        return (f"{self.headline()}: " + "; ".join(str(x) for x in self.left_alone[:3])
                + _more(self.left_alone, 3) + ".")


def _more(items: Sequence[object], shown: int) -> str:
    return f" (and {len(items) - shown} more image(s))" if len(items) > shown else ""


def undo(session: Session, *, actor: str) -> StepResult:
    """Revert ``actor``'s latest step where nobody changed the image since."""
    step = session.scalar(
        select(LabelBatch)
        .where(
            LabelBatch.actor == actor,
            LabelBatch.kind.in_(("action", "redo")),
            LabelBatch.undone.is_(False),
        )
        .order_by(LabelBatch.id.desc())
        .limit(1)
    )
    if step is None:
        raise UserError(f"Nothing to undo for {actor}.")
    description = step.description.removeprefix("redo: ")
    result = _revert(session, step, actor=actor, kind="undo", description=description)
    step.undone = True  # settled: the next undo moves on, whatever was left alone
    return result


def redo(session: Session, *, actor: str) -> StepResult:
    """Re-apply what ``actor`` undid last (unless they have acted since), image by image."""
    last_action = session.scalar(
        select(func.max(LabelBatch.id)).where(LabelBatch.actor == actor, LabelBatch.kind == "action")
    )
    step = session.scalar(
        select(LabelBatch)
        .where(
            LabelBatch.actor == actor,
            LabelBatch.kind == "undo",
            LabelBatch.redone.is_(False),
            LabelBatch.id > (last_action or 0),
        )
        .order_by(LabelBatch.id.desc())
        .limit(1)
    )
    if step is None:
        raise UserError(f"Nothing to redo for {actor}.")
    description = step.description.removeprefix("undo: ")
    result = _revert(session, step, actor=actor, kind="redo", description=description)
    step.redone = True
    return result


def _revert(
    session: Session, step: LabelBatch, *, actor: str, kind: str, description: str
) -> StepResult:
    events = session.execute(
        select(LabelEvent.id, LabelEvent.image_id, LabelEvent.old_category_id,
               LabelEvent.old_unsure, LabelEvent.new_category_id, LabelEvent.new_unsure)
        .where(LabelEvent.batch_id == step.id)
        .order_by(LabelEvent.id)
    ).all()
    ids = sorted({e.image_id for e in events})
    current = _lock_images(session, ids)
    standing = _standing_changes(session, ids, min((e.id for e in events), default=0))
    names = category_names(session)
    changes: list[LabelChange] = []
    left: list[LeftAlone] = []
    for e in events:
        if e.image_id not in current:  # the image was deleted since
            continue
        category_id, unsure, version = current[e.image_id]
        since = _still_standing([x for x in standing.get(e.image_id, []) if x[0] > e.id])
        if since or (category_id, unsure) != (e.new_category_id, e.new_unsure):
            label = names.get(category_id, "no category") if category_id else "no category"
            left.append(LeftAlone(e.image_id, tuple(since), label + (" (unsure)" if unsure else ""),
                                  actor))
            continue
        changes.append(LabelChange(e.image_id, e.old_category_id, e.old_unsure,
                                   expected_version=version))
    written = apply_changes(
        session,
        changes,
        actor=actor,
        source=kind,
        kind=kind,
        target_batch_id=step.id,
        description=f"{kind}: {description}",
        current=current,
    ) if changes else None
    return StepResult(
        kind=kind,
        step=step,
        description=description,
        batch_id=written.batch_id if written else None,
        reverted=written.changed if written else 0,
        left_alone=left,
    )


def _lock_images(session: Session, ids: Sequence[int]) -> dict[int, tuple[int | None, bool, int]]:
    """The images' current label and version, locked until the transaction ends."""
    current: dict[int, tuple[int | None, bool, int]] = {}
    for part in chunks(ids):
        rows = session.execute(
            select(Image.id, Image.category_id, Image.unsure, Image.version)
            .where(Image.id.in_(part))
            .order_by(Image.id)  # one order for every curator: no lock-order deadlocks
            .with_for_update()  # rendered on PostgreSQL; SQLite already holds the write lock
        )
        for image_id, category_id, unsure, version in rows:
            current[image_id] = (category_id, bool(unsure), version)
    return current


# (event id, batch kind, target batch id, batch id, actor) of every event after ``after_id``
_Later = tuple[int, str, int | None, int, str]


def _standing_changes(session: Session, ids: Sequence[int], after_id: int) -> dict[int, list[_Later]]:
    """Every event on ``ids`` from ``after_id`` on, per image, in order."""
    later: dict[int, list[_Later]] = {}
    for part in chunks(ids):
        rows = session.execute(
            select(LabelEvent.image_id, LabelEvent.id, LabelBatch.kind, LabelBatch.target_batch_id,
                   LabelEvent.batch_id, LabelEvent.actor)
            .join(LabelBatch, LabelBatch.id == LabelEvent.batch_id)
            .where(LabelEvent.image_id.in_(part), LabelEvent.id > after_id)
            .order_by(LabelEvent.id)
        )
        for image_id, event_id, kind, target, batch_id, who in rows:
            later.setdefault(image_id, []).append((event_id, kind, target, batch_id, who))
    return later


def _still_standing(later: Sequence[_Later]) -> list[str]:
    """Who wrote the events in ``later`` (one image's, in order) that still stand.

    An undo cancels the event of the step it reverts, a redo the event of the undo it
    reverts; an undo or redo whose target event is not in ``later`` (it reverted
    something older than ours) is itself a change made after ours.
    """
    live: list[tuple[int, str]] = []  # (batch id, actor)
    for _event_id, kind, target, batch_id, who in later:
        if kind in ("undo", "redo"):
            match = next((i for i, (b, _) in enumerate(live) if b == target), None)
            if match is not None:
                del live[match]
                continue
        live.append((batch_id, who))
    return [who for _, who in live]
