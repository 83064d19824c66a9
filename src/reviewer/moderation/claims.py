"""Claims: a moderator who opens a listing holds it for a few minutes, and two
moderators never get the same listing.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks the next free listing without
waiting for (or taking) one another moderator is claiming at that moment; the claim
is written on the listing row itself, so PostgreSQL's re-check of a row that was
locked when the statement started sees the new claim. SQLite: the same statement in
one write transaction (``BEGIN IMMEDIATE``), which SQLite runs one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Flag, Listing
from reviewer.errors import ConflictError, NotFoundError

QUEUE_STATUSES = ("flagged",)


def _free(moderator: str, at: datetime) -> ColumnElement[bool]:
    return or_(Listing.claimed_by.is_(None), Listing.claim_until < at,
               Listing.claimed_by == moderator)


@dataclass(frozen=True)
class NextClaim:
    """Which listing to claim next: the highest priority one with a flag of ``kind``
    (any when None) that nobody else holds, other than those in ``exclude``."""

    kind: str | None = None
    minutes: float = 5.0
    exclude: tuple[int, ...] = ()
    statuses: tuple[str, ...] = QUEUE_STATUSES


def claim_next(
    catalogue: Catalogue,
    moderator: str,
    *,
    kind: str | None = None,
    minutes: float = 5.0,
    exclude: Iterable[int] = (),
    statuses: tuple[str, ...] = QUEUE_STATUSES,
) -> int | None:
    """Claim the flagged listing of highest priority nobody else holds; its row id."""
    with catalogue.write() as session:
        return claim_next_in(session, moderator, NextClaim(kind, minutes, tuple(exclude),
                                                           statuses))


def claim_next_in(session: Session, moderator: str, spec: NextClaim) -> int | None:
    """:func:`claim_next` inside a write transaction the caller holds (a decision and
    the claim of the next listing commit together)."""
    at = now()
    query = (select(Listing.id)
             .where(Listing.status.in_(spec.statuses), _free(moderator, at))
             .order_by(Listing.priority.desc(), Listing.id)
             .limit(1)
             .with_for_update(skip_locked=True))
    if spec.kind:
        query = query.where(exists().where(and_(Flag.listing_pk == Listing.id,
                                                Flag.kind == spec.kind)))
    if spec.exclude:
        query = query.where(Listing.id.not_in(list(spec.exclude)))
    pk = session.scalar(query)
    if pk is not None:
        session.execute(update(Listing).where(Listing.id == pk).values(
            claimed_by=moderator, claim_until=at + timedelta(minutes=spec.minutes)))
    return pk


def claim(catalogue: Catalogue, moderator: str, listing_pk: int, *, minutes: float = 5.0) -> None:
    """Claim one listing; refused while another moderator holds it."""
    with catalogue.write() as session:
        listing = session.scalar(select(Listing).where(Listing.id == listing_pk).with_for_update())
        if listing is None:
            raise NotFoundError(f"There is no listing with row id {listing_pk}.")
        at = now()
        check_not_held(listing, moderator, at)
        listing.claimed_by = moderator
        listing.claim_until = at + timedelta(minutes=minutes)


def check_not_held(listing: Listing, moderator: str, at: object) -> None:
    until = listing.claim_until
    if listing.claimed_by and listing.claimed_by != moderator and until is not None:
        if until.tzinfo is None:  # SQLite gives naive UTC datetimes back
            from datetime import UTC

            until = until.replace(tzinfo=UTC)
        if until > at:  # type: ignore[operator]
            raise ConflictError(
                f"Listing {listing.listing_id} is being reviewed by {listing.claimed_by} "
                f"until {until:%H:%M:%S} UTC; nothing was changed.",
                hint="Take the next listing in the queue, or try again when the claim ends.")


def release(catalogue: Catalogue, moderator: str, listing_pk: int) -> None:
    with catalogue.write() as session:
        session.execute(update(Listing).where(Listing.id == listing_pk,
                                              Listing.claimed_by == moderator)
                        .values(claimed_by=None, claim_until=None))
