"""What moderators read: the queue, one listing in full, and the team's figures."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, exists, func, select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Flag, Image, Listing, ListingImage, ModerationDecision
from reviewer.moderation.flagging import describe


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class QueueItem:
    pk: int
    listing_id: str
    seller_id: str
    title: str
    declared_category: str
    predicted_category: str | None
    score: float | None
    priority: float
    flags: tuple[str, ...]
    received_at: datetime
    claimed_by: str | None
    claim_until: datetime | None
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {"listing_id": self.listing_id, "flags": list(self.flags),
                "declared_category": self.declared_category,
                "predicted_category": self.predicted_category, "score": self.score,
                "priority": round(self.priority, 4), "seller_id": self.seller_id,
                "title": self.title, "received_at": self.received_at.isoformat(),
                "claimed_by": self.claimed_by if self.claim_active() else None,
                "status": self.status}

    def claim_active(self, at: datetime | None = None) -> bool:
        until = _utc(self.claim_until)
        return bool(self.claimed_by and until and until > (at or datetime.now(UTC)))


def queue(
    catalogue: Catalogue, *, kind: str | None = None, limit: int | None = 100,
    statuses: tuple[str, ...] = ("flagged",),
) -> list[QueueItem]:
    """Flagged listings, highest priority first."""
    with catalogue.read() as session:
        query = (select(Listing).where(Listing.status.in_(statuses))
                 .order_by(Listing.priority.desc(), Listing.id))
        if kind:
            query = query.where(exists().where(and_(Flag.listing_pk == Listing.id,
                                                    Flag.kind == kind)))
        if limit is not None:
            query = query.limit(limit)
        rows = list(session.scalars(query))
        kinds: dict[int, list[str]] = defaultdict(list)
        if rows:
            for pk, k in session.execute(select(Flag.listing_pk, Flag.kind)
                                         .where(Flag.listing_pk.in_([r.id for r in rows]))
                                         .order_by(Flag.id)):
                if k not in kinds[pk]:
                    kinds[pk].append(k)
    return [QueueItem(r.id, r.listing_id, r.seller_id, r.title, r.declared_category,
                      r.predicted_category, r.score, r.priority, tuple(kinds[r.id]),
                      r.received_at, r.claimed_by, r.claim_until, r.status) for r in rows]


def queue_size(catalogue: Catalogue, *, kind: str | None = None) -> int:
    with catalogue.read() as session:
        query = select(func.count()).select_from(Listing).where(Listing.status == "flagged")
        if kind:
            query = query.where(exists().where(and_(Flag.listing_pk == Listing.id,
                                                    Flag.kind == kind)))
        return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class FlagView:
    kind: str
    score: float
    words: str
    details: dict[str, Any]


@dataclass
class ListingDetail:
    pk: int
    listing_id: str
    seller_id: str
    title: str
    declared_category: str
    status: str
    version: int
    predicted_category: str | None
    top: list[tuple[str, float]]
    photos: list[tuple[int, str]]  # (image id, sha256)
    flags: list[FlagView]
    claimed_by: str | None
    claim_until: datetime | None
    seller_listings: list[tuple[str, str]] = field(default_factory=list)  # (listing id, status)
    seller_removals: int = 0
    shared_photo_listings: list[tuple[str, str]] = field(default_factory=list)  # (listing, seller)
    scored_run_id: int | None = None  # the run whose model scored the listing, if recorded


def listing_detail(catalogue: Catalogue, pk: int) -> ListingDetail:
    from reviewer.moderation.decisions import find_listing

    with catalogue.read() as session:
        row = find_listing(session, pk, lock=False)
        photos = [(i, sha) for i, sha in session.execute(
            select(Image.id, Image.sha256).join(ListingImage, ListingImage.image_id == Image.id)
            .where(ListingImage.listing_pk == pk).order_by(ListingImage.position))]
        flags = []
        for stored in session.scalars(select(Flag).where(Flag.listing_pk == pk).order_by(Flag.id)):
            details = json.loads(stored.details_json or "{}")
            flags.append(FlagView(stored.kind, stored.score, describe(stored.kind, details),
                                  details))
        others = session.execute(select(Listing.listing_id, Listing.status)
                                 .where(Listing.seller_id == row.seller_id, Listing.id != pk)
                                 .order_by(Listing.id.desc()).limit(20)).all()
        removals = session.scalar(select(func.count()).select_from(Listing).where(
            Listing.seller_id == row.seller_id, Listing.status == "removed")) or 0
        shared: list[tuple[str, str]] = [(str(a), str(b)) for a, b in session.execute(
            select(Listing.listing_id, Listing.seller_id).distinct()
            .join(ListingImage, ListingImage.listing_pk == Listing.id)
            .where(ListingImage.image_id.in_([i for i, _ in photos]), Listing.id != pk)
            .limit(20))] if photos else []
        shared_ids = {s[0] for s in shared}
        for flag in flags:
            for copy in flag.details.get("copies", []) if flag.kind == "duplicate_photo" else []:
                if copy.get("listing_id") not in shared_ids:
                    shared.append((str(copy.get("listing_id")), str(copy.get("seller_id"))))
                    shared_ids.add(copy.get("listing_id"))
        return ListingDetail(
            row.id, row.listing_id, row.seller_id, row.title, row.declared_category, row.status,
            row.version, row.predicted_category,
            [(n, float(p)) for n, p in json.loads(row.top_json or "[]")], photos, flags,
            row.claimed_by, _utc(row.claim_until), [(a, b) for a, b in others], int(removals),
            shared, row.scored_run_id)


UPHELD = {"recategorise", "remove"}


def stats(catalogue: Catalogue) -> dict[str, Any]:
    """Queue size, decisions per action, share of flags upheld per kind, per moderator
    counts, median seconds per decision (undone decisions do not count)."""
    with catalogue.read() as session:
        decisions = session.execute(
            select(ModerationDecision.listing_pk, ModerationDecision.moderator,
                   ModerationDecision.action, ModerationDecision.seconds)
            .where(ModerationDecision.kind.in_(("action", "redo")),
                   ModerationDecision.undone.is_(False))
            .order_by(ModerationDecision.id)).all()
        flag_kinds: dict[int, set[str]] = defaultdict(set)
        for pk, kind in session.execute(select(Flag.listing_pk, Flag.kind)):
            flag_kinds[pk].add(kind)
        size = session.scalar(select(func.count()).select_from(Listing)
                              .where(Listing.status == "flagged")) or 0
        statuses = dict(session.execute(select(Listing.status, func.count())
                                        .group_by(Listing.status)).all())
    per_action = Counter(d.action for d in decisions)
    per_moderator: dict[str, Counter[str]] = defaultdict(Counter)
    final: dict[int, str] = {}
    for d in decisions:
        per_moderator[d.moderator][d.action] += 1
        if d.action != "skip":
            final[d.listing_pk] = d.action
    upheld: dict[str, dict[str, Any]] = {}
    for pk, action in final.items():
        if action in ("escalate",):
            continue
        for kind in flag_kinds.get(pk, ()):
            entry = upheld.setdefault(kind, {"decided": 0, "upheld": 0})
            entry["decided"] += 1
            entry["upheld"] += action in UPHELD
    for entry in upheld.values():
        entry["share"] = round(entry["upheld"] / entry["decided"], 4) if entry["decided"] else None
    seconds = [d.seconds for d in decisions if d.seconds is not None and d.action != "skip"]
    return {
        "queue_size": int(size),
        "listings_by_status": {str(k): int(v) for k, v in statuses.items()},
        "decided_per_action": dict(per_action),
        "flags_upheld": upheld,
        "per_moderator": {m: dict(c) | {"total": sum(v for a, v in c.items() if a != "skip")}
                          for m, c in per_moderator.items()},
        "median_seconds_per_decision": statistics.median(seconds) if seconds else None,
    }
