"""Moderators' decisions as events, with undo and redo as further events.

A decision that settles the category (approve: the declared one; recategorise: the
moderator's) writes label events with source ``moderation`` on the listing's photos,
so moderation feeds the training data. A decision on a listing that someone else
decided (or holds) meanwhile is refused with a :class:`ConflictError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import find_category, now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import LabelChange, apply_changes
from reviewer.catalogue.schema import (
    Category,
    LabelBatch,
    LabelEvent,
    Listing,
    ListingImage,
    ModerationDecision,
)
from reviewer.errors import ConflictError, NotFoundError, UserError
from reviewer.moderation.claims import NextClaim, check_not_held, claim_next_in
from reviewer.moderation.rules import load_rules

NEW_STATUS = {"approve": "cleared", "recategorise": "recategorised", "remove": "removed",
              "escalate": "escalated"}
DECIDABLE = ("new", "scored", "flagged", "escalated")


@dataclass(frozen=True)
class DecisionResult:
    decision_id: int
    listing_id: str
    action: str
    old_status: str
    new_status: str
    category: str | None
    reason: str | None
    labelled_images: int
    version: int
    next_listing: int | None = None  # claimed in the same transaction (``then_claim``)

    def to_dict(self) -> dict[str, object]:
        return self.__dict__.copy()


def find_listing(session: Session, listing: str | int, *, lock: bool = True) -> Listing:
    query = (select(Listing).where(Listing.id == listing) if isinstance(listing, int)
             else select(Listing).where(Listing.listing_id == listing))
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFoundError(f"There is no listing {listing}.",
                            hint="List the queue with `reviewer moderate queue`.")
    return row


def _last_decision(session: Session, listing_pk: int) -> ModerationDecision | None:
    return session.scalar(select(ModerationDecision)
                          .where(ModerationDecision.listing_pk == listing_pk,
                                 ModerationDecision.action != "skip")
                          .order_by(ModerationDecision.id.desc()).limit(1))


def _relabel(session: Session, listing: Listing, category_id: int, moderator: str,
             description: str) -> tuple[int | None, int]:
    image_ids = list(session.scalars(select(ListingImage.image_id)
                                     .where(ListingImage.listing_pk == listing.id)
                                     .order_by(ListingImage.position)))
    result = apply_changes(session, [LabelChange(i, category_id, False) for i in image_ids],
                           actor=moderator, source="moderation", description=description)
    return result.batch_id, result.changed


def decide(
    catalogue: Catalogue,
    listing: str | int,
    *,
    moderator: str,
    action: str,
    category: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
    seconds: float | None = None,
    then_claim: NextClaim | None = None,
) -> DecisionResult:
    """Record ``moderator``'s decision on ``listing`` (marketplace id, or row id); with
    ``then_claim``, claim the next listing in the same transaction (one commit between
    two listings instead of two)."""
    if action not in (*NEW_STATUS, "skip"):
        raise UserError(f"Unknown moderation action {action!r}.",
                        hint="Use approve, recategorise, remove, escalate or skip.")
    with catalogue.write() as session:
        row = find_listing(session, listing)
        at = now()
        check_not_held(row, moderator, at)
        if expected_version is not None and row.version != expected_version:
            last = _last_decision(session, row.id)
            who = (f"{last.moderator} decided '{last.action}' at {last.at:%H:%M:%S}"
                   if last is not None else "it was scored again")
            raise ConflictError(f"Listing {row.listing_id} changed since you opened it: {who}. "
                                "Nothing was changed.",
                                hint="Look at it again before deciding.")
        if row.status not in DECIDABLE and action != "skip":
            last = _last_decision(session, row.id)
            by = f" by {last.moderator} ({last.action}, {last.at:%Y-%m-%d %H:%M})" if last else ""
            raise ConflictError(f"Listing {row.listing_id} is already {row.status}{by}; "
                                "nothing was changed.",
                                hint="Undo that decision first if it was wrong "
                                "(`reviewer moderate undo` as its moderator).")
        old_status = row.status
        batch_id: int | None = None
        labelled = 0
        if action == "recategorise":
            if not category:
                raise UserError("Recategorise to which category?",
                                hint="Name one: `--recategorise CATEGORY`.")
            target = find_category(session, category)
            category = target.name
            batch_id, labelled = _relabel(session, row, target.id, moderator,
                                          f"moderation: {row.listing_id} recategorised")
        elif action == "approve":
            declared = session.scalar(select(Category).where(
                Category.name == row.declared_category, Category.retired.is_(False)))
            if declared is not None:
                batch_id, labelled = _relabel(session, row, declared.id, moderator,
                                              f"moderation: {row.listing_id} approved")
        elif action == "remove":
            reasons = load_rules(session).remove_reasons
            if reason and reason.isdigit() and 1 <= int(reason) <= len(reasons):
                reason = reasons[int(reason) - 1]
            if not reason or (reasons and reason not in reasons):
                raise UserError(f"Remove for which reason? {reason!r} is not one of the list.",
                                hint="Reasons: " + "; ".join(
                                    f"{i} {r}" for i, r in enumerate(reasons, 1)))
        new_status = NEW_STATUS.get(action, row.status)
        decision = ModerationDecision(
            listing_pk=row.id, moderator=moderator, kind="action", action=action,
            category=category if action == "recategorise" else None,
            reason=reason if action == "remove" else None, old_status=old_status,
            new_status=new_status, at=at, seconds=seconds, label_batch_id=batch_id,
            undone=False, redone=False)
        session.add(decision)
        if action != "skip":
            row.status = new_status
            row.version += 1
        row.claimed_by = None
        row.claim_until = None
        session.flush()
        next_pk = claim_next_in(session, moderator, then_claim) if then_claim else None
        return DecisionResult(decision.id, row.listing_id, action, old_status, new_status,
                              decision.category, decision.reason, labelled, row.version,
                              next_pk)


def _revert_labels(session: Session, batch_id: int | None, moderator: str, kind: str) -> int | None:
    """Write the inverse of label batch ``batch_id``; the new batch's id."""
    if batch_id is None:
        return None
    events = list(session.scalars(select(LabelEvent).where(LabelEvent.batch_id == batch_id)
                                  .order_by(LabelEvent.id)))
    changes = [LabelChange(e.image_id, e.old_category_id, e.old_unsure,
                           expect_current=(e.new_category_id, e.new_unsure)) for e in events]
    result = apply_changes(session, changes, actor=moderator, source=kind, kind=kind,
                           target_batch_id=batch_id, description=f"moderation {kind}")
    batch = session.get(LabelBatch, batch_id)
    if batch is not None:
        if kind == "undo":
            batch.undone = True
        else:
            batch.redone = True
    return result.batch_id


def _check_still_latest(session: Session, decision: ModerationDecision, listing: Listing) -> None:
    last = _last_decision(session, listing.id)
    if last is not None and last.id != decision.id:
        raise ConflictError(
            f"Listing {listing.listing_id} was decided again since ({last.moderator}: "
            f"{last.action} at {last.at:%H:%M:%S}); nothing was undone.",
            hint="Ask them, or decide the listing again.")


def undo(catalogue: Catalogue, *, moderator: str) -> DecisionResult:
    """Revert ``moderator``'s latest decision: the listing's status and its labels."""
    with catalogue.write() as session:
        decision = session.scalar(
            select(ModerationDecision)
            .where(ModerationDecision.moderator == moderator,
                   ModerationDecision.kind.in_(("action", "redo")),
                   ModerationDecision.action != "skip",
                   ModerationDecision.undone.is_(False))
            .order_by(ModerationDecision.id.desc()).limit(1))
        if decision is None:
            raise UserError(f"Nothing to undo for {moderator}.")
        listing = find_listing(session, decision.listing_pk)
        _check_still_latest(session, decision, listing)
        decision.undone = True
        return _reverse(session, listing, moderator, "undo", reverted=decision,
                        like=decision, new_status=decision.old_status)


def redo(catalogue: Catalogue, *, moderator: str) -> DecisionResult:
    """Re-apply the decision ``moderator`` undid last, unless they decided since."""
    with catalogue.write() as session:
        last_action = session.scalar(
            select(ModerationDecision.id).where(ModerationDecision.moderator == moderator,
                                                ModerationDecision.kind == "action",
                                                ModerationDecision.action != "skip")
            .order_by(ModerationDecision.id.desc()).limit(1)) or 0
        undo_event = session.scalar(
            select(ModerationDecision)
            .where(ModerationDecision.moderator == moderator, ModerationDecision.kind == "undo",
                   ModerationDecision.redone.is_(False), ModerationDecision.id > last_action)
            .order_by(ModerationDecision.id.desc()).limit(1))
        if undo_event is None:
            raise UserError(f"Nothing to redo for {moderator}.")
        listing = find_listing(session, undo_event.listing_pk)
        _check_still_latest(session, undo_event, listing)
        target = session.get(ModerationDecision, undo_event.target_decision_id)
        assert target is not None
        undo_event.redone = True
        return _reverse(session, listing, moderator, "redo", reverted=undo_event,
                        like=target, new_status=target.new_status)


def _reverse(session: Session, listing: Listing, moderator: str, kind: str, *,
             reverted: ModerationDecision, like: ModerationDecision,
             new_status: str) -> DecisionResult:
    """Write an undo or redo event: revert the labels ``reverted`` wrote, restore
    ``new_status``; the event repeats ``like``'s action, category and reason."""
    batch_id = _revert_labels(session, reverted.label_batch_id, moderator, kind)
    event = ModerationDecision(
        listing_pk=listing.id, moderator=moderator, kind=kind, action=like.action,
        category=like.category, reason=like.reason, old_status=listing.status,
        new_status=new_status, at=now(), seconds=None, label_batch_id=batch_id,
        target_decision_id=reverted.id, undone=False, redone=False)
    session.add(event)
    listing.status = new_status
    listing.version += 1
    session.flush()
    return DecisionResult(event.id, listing.listing_id, f"{kind} {like.action}",
                          event.old_status, event.new_status, like.category,
                          like.reason, 0, listing.version)


def utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
