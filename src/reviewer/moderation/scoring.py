"""Scoring new listings with a run, in batches, shared by any number of processes.

Each process claims the next batch of new listings with ``FOR UPDATE SKIP LOCKED``
(PostgreSQL; on SQLite the claim is one write transaction, which SQLite runs one at a
time) and marks it with a lease (its worker id and an expiry time). A process that
dies leaves the lease to expire; the batch then returns to the pool and the next
claim takes it. Results are written only for listings still leased to the writer,
so a batch taken over after its lease expired is never written twice.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Select, delete, func, or_, select, update

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Flag, Image, Listing, ListingImage
from reviewer.errors import CancelledError
from reviewer.moderation.calibration import latest_calibration
from reviewer.moderation.flagging import ListingEvidence, raise_flags, top3
from reviewer.moderation.quality import measure
from reviewer.moderation.rules import Rules, load_rules
from reviewer.progress import ProgressFn, StopFn

MIN_HASH_BITS = 8  # see _HashIndex.copies


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class ScoreSummary:
    run_id: int
    worker: str
    scored: int = 0
    flagged: int = 0
    per_kind: Counter[str] = field(default_factory=Counter)
    batches: int = 0
    lost_leases: int = 0  # listings someone else finished after our lease ran out
    threshold: float = 0.0
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run_id, "worker": self.worker, "scored": self.scored,
                "flagged": self.flagged, "per_kind": dict(self.per_kind),
                "batches": self.batches, "lost_leases": self.lost_leases,
                "category_mismatch_threshold": self.threshold, "cancelled": self.cancelled}


def claim_query(at: datetime, size: int) -> Select[int]:
    """The oldest ``size`` new listings whose lease (if any) has run out, locked; read
    in id order from ``ix_listings_status_id`` (migration 0007), so a claim costs the
    same however long the queue is."""
    return (select(Listing.id)
            .where(Listing.status == "new",
                   or_(Listing.lease_until.is_(None), Listing.lease_until < at))
            .order_by(Listing.id)
            .limit(size)
            .with_for_update(skip_locked=True))


def claim_batch(catalogue: Catalogue, worker: str, size: int, lease_seconds: float) -> list[int]:
    """Lease up to ``size`` new listings to ``worker``; their row ids, oldest first."""
    with catalogue.write() as session:
        at = now()
        ids = list(session.scalars(claim_query(at, size)))
        if ids:
            session.execute(update(Listing).where(Listing.id.in_(ids)).values(
                lease_by=worker, lease_until=at + timedelta(seconds=lease_seconds)))
    return ids


def pending_count(catalogue: Catalogue) -> int:
    with catalogue.read() as session:
        return int(session.scalar(select(func.count()).select_from(Listing)
                                  .where(Listing.status == "new")) or 0)


class _HashIndex:
    """Difference hashes of every listing photo, for the near-duplicate search.

    Held as three flat arrays (hash, image id, listing row: 24 bytes per listing
    photo, 2.4 MB for 100,000), read from the database in pages; the listing and
    seller names of a match are fetched when one is found, never kept for all."""

    PAGE = 20_000

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        hashes: list[np.ndarray] = []
        images: list[np.ndarray] = []
        listings: list[np.ndarray] = []
        stmt = (select(Image.pixel_hash, ListingImage.image_id, ListingImage.listing_pk)
                .join(ListingImage, ListingImage.image_id == Image.id)
                .where(Image.pixel_hash.is_not(None))
                .execution_options(yield_per=self.PAGE))
        with catalogue.read() as session:
            for page in session.execute(stmt).partitions():
                block = np.array([tuple(r) for r in page], dtype=np.int64).reshape(-1, 3)
                hashes.append(block[:, 0].copy())
                images.append(block[:, 1].copy())
                listings.append(block[:, 2].copy())
        self.hashes = (np.concatenate(hashes) if hashes else np.zeros(0, np.int64)).view(np.uint64)
        self.image_ids = np.concatenate(images) if images else np.zeros(0, np.int64)
        self.listing_pks = np.concatenate(listings) if listings else np.zeros(0, np.int64)

    def copies(self, listing_pk: int, image_id: int, pixel_hash: int | None, seller: str,
               max_distance: int) -> list[dict[str, Any]]:
        """Photos of other sellers' earlier listings with the same content, or a
        difference hash within ``max_distance`` bits (the later listing is the one
        flagged; the earlier one is presumably the photo's owner). A hash with almost no bits set (or almost all) comes
        from a nearly flat picture, and flat pictures all hash alike: such a photo
        matches only by identical content."""
        if pixel_hash is None or not len(self.hashes):
            return []
        h = np.array([pixel_hash], dtype=np.int64).view(np.uint64)[0]
        bits = int(np.bitwise_count(h))
        if MIN_HASH_BITS <= bits <= 64 - MIN_HASH_BITS:
            distance = np.bitwise_count(self.hashes ^ h)
        else:
            distance = np.where(self.image_ids == image_id, 0, 65)
        hits = np.flatnonzero((distance <= max_distance) & (self.listing_pks < listing_pk))
        if not len(hits):
            return []
        pks = sorted({int(p) for p in self.listing_pks[hits]})
        with self.catalogue.read() as session:
            names = {int(pk): (str(lid), str(sid)) for pk, lid, sid in session.execute(
                select(Listing.id, Listing.listing_id, Listing.seller_id)
                .where(Listing.id.in_(pks)))}
        found = []
        for i in hits:
            listing_id, seller_id = names[int(self.listing_pks[i])]
            if seller_id != seller:
                found.append({"listing_id": listing_id, "seller_id": seller_id,
                              "image_id": int(self.image_ids[i]), "distance": int(distance[i])})
        return sorted(found, key=lambda d: (d["distance"], d["listing_id"]))


def score_listings(
    catalogue: Catalogue,
    run_id: int,
    *,
    worker: str | None = None,
    batch_size: int = 32,
    lease_seconds: float = 300.0,
    backend: str = "auto",
    limit: int | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    scorer: Any = None,
) -> ScoreSummary:
    """Score new listings until none is left (or ``limit`` are done); flags per rules.

    Any number of processes may run this at once on one catalogue."""
    from reviewer.training.scorer import Scorer

    worker = worker or worker_name()
    if scorer is None:
        scorer = Scorer.for_run(catalogue, run_id, backend=backend, top_k=10**6)
    with catalogue.read() as session:
        rules = load_rules(session)
    cal = latest_calibration(catalogue, run_id)
    threshold = cal.threshold if cal is not None else rules.mismatch_threshold
    summary = ScoreSummary(run_id, worker, threshold=threshold)
    hashes = _HashIndex(catalogue)
    total = pending_count(catalogue) if limit is None else limit
    while limit is None or summary.scored < limit:
        if should_stop is not None and should_stop():
            summary.cancelled = True
            raise CancelledError
        size = batch_size if limit is None else min(batch_size, limit - summary.scored)
        ids = claim_batch(catalogue, worker, size, lease_seconds)
        if not ids:
            break
        _score_batch(catalogue, run_id, ids, worker, scorer, rules, threshold, hashes, summary,
                     should_stop)
        summary.batches += 1
        if on_progress is not None:
            on_progress(summary.scored, max(total, summary.scored))
    return summary


def _score_batch(
    catalogue: Catalogue, run_id: int, ids: list[int], worker: str, scorer: Any, rules: Rules,
    threshold: float, hashes: _HashIndex, summary: ScoreSummary, should_stop: StopFn | None,
) -> None:
    with catalogue.read() as session:
        listings = {r.id: r for r in session.scalars(select(Listing).where(Listing.id.in_(ids)))}
        photos = session.execute(
            select(ListingImage.listing_pk, Image.id, Image.sha256, Image.width, Image.height,
                   Image.pixel_hash)
            .join(Image, Image.id == ListingImage.image_id)
            .where(ListingImage.listing_pk.in_(ids))
            .order_by(ListingImage.listing_pk, ListingImage.position)).all()
    image_ids = list(dict.fromkeys(p.id for p in photos))
    scored = {s.image_id: s for s in scorer.score_images(catalogue, image_ids,
                                                         should_stop=should_stop)}
    names = list(scorer.class_names)
    index = {n: i for i, n in enumerate(names)}
    store = catalogue.store
    evidence: dict[int, ListingEvidence] = {
        pk: ListingEvidence(listings[pk].declared_category, names, None) for pk in ids}
    sums: dict[int, list[np.ndarray]] = {pk: [] for pk in ids}
    for p in photos:
        ev = evidence[p.listing_pk]
        result = scored[p.id]
        if not result.ok:
            ev.unreadable.append(f"image {p.id}: {result.error}")
            continue
        vector = np.zeros(len(names))
        for name, prob in result.top:
            vector[index[name]] = prob
        sums[p.listing_pk].append(vector)
        try:
            ev.quality.append((p.id, measure(store.path_for(p.sha256).read_bytes(), p.width,
                                             p.height).problems(rules)))
        except OSError as exc:
            ev.unreadable.append(f"image {p.id}: {exc.strerror}")
        ev.duplicates.extend(hashes.copies(p.listing_pk, p.id, p.pixel_hash, listings[p.listing_pk].seller_id,
                                           rules.duplicate_distance))
    at = now()
    with catalogue.write() as session:
        mine = set(session.scalars(select(Listing.id).where(
            Listing.id.in_(ids), Listing.status == "new", Listing.lease_by == worker)))
        summary.lost_leases += len(ids) - len(mine)
        for pk in ids:
            if pk not in mine:
                continue
            ev = evidence[pk]
            if sums[pk]:
                ev.probs = np.mean(sums[pk], axis=0)
            raised = raise_flags(ev, rules, threshold)
            session.execute(delete(Flag).where(Flag.listing_pk == pk, Flag.kind != "reported"))
            reported = session.scalar(select(func.count()).select_from(Flag).where(
                Flag.listing_pk == pk, Flag.kind == "reported")) or 0
            for flag in raised:
                session.add(Flag(listing_pk=pk, kind=flag.kind, score=flag.score, run_id=run_id,
                                 details_json=json.dumps(flag.details), created_at=at))
                summary.per_kind[flag.kind] += 1
            kinds = [f.kind for f in raised] + (["reported"] * bool(reported))
            priority = max([rules.priority(f.kind) + f.score for f in raised]
                           + ([rules.priority("reported") + 1.0] if reported else []) + [0.0])
            top = top3(ev.probs, names) if ev.probs is not None else []
            d = (None if ev.probs is None else
                 next((i for i, n in enumerate(names)
                       if n.casefold() == ev.declared.strip().casefold()), None))
            session.execute(update(Listing).where(Listing.id == pk).values(
                status="flagged" if kinds else "scored",
                priority=priority,
                predicted_category=top[0][0] if top else None,
                score=None if ev.probs is None or d is None else float(1.0 - ev.probs[d]),
                top_json=json.dumps(top),
                scored_run_id=run_id, scored_at=at, scored_by=worker,
                lease_by=None, lease_until=None,
                version=Listing.version + 1))
            summary.scored += 1
            summary.flagged += bool(kinds)
