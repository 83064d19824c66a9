"""Train / validation / test splits: stratified by category, reproducible by seed,
grouped by listing (or seller) so one listing never straddles splits, and a test
split that stays frozen once it exists."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import category_names
from reviewer.catalogue.counts import count_rows
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import chunks
from reviewer.catalogue.schema import SPLITS, Image, Setting
from reviewer.errors import UserError

SETTINGS_KEY = "splits"


@dataclass(frozen=True)
class SplitConfig:
    seed: int = 0
    test_fraction: float = 0.2  # of all images (the paper: 2,500 of 12,500)
    validation_fraction: float = 0.2  # of the rest (the paper: 0.2 of train)
    group_by: str = "listing"  # listing | seller | none

    def validate(self) -> None:
        for name, value in (("test", self.test_fraction), ("validation", self.validation_fraction)):
            if not 0.0 <= value < 1.0:
                raise UserError(f"The {name} fraction must be at least 0 and below 1 (got {value}).")
        if self.group_by not in ("listing", "seller", "none"):
            raise UserError("Group by listing, seller or none.")


@dataclass(frozen=True)
class SplitResult:
    assigned: dict[str, int]
    test_frozen: bool
    config: SplitConfig


def load_config(session: Session) -> SplitConfig | None:
    raw = session.scalar(select(Setting.value).where(Setting.key == SETTINGS_KEY))
    return SplitConfig(**json.loads(raw)) if raw else None


def _save_config(session: Session, config: SplitConfig) -> None:
    value = json.dumps(config.__dict__)
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value=value))
    else:
        row.value = value


def _group_key(row: object, group_by: str) -> str:
    listing = getattr(row, "listing_id", None)
    seller = getattr(row, "seller_id", None)
    if group_by == "listing" and listing:
        return f"listing:{listing}"
    if group_by == "seller" and seller:
        return f"seller:{seller}"
    return f"image:{row.id}"  # type: ignore[attr-defined]


def make_splits(
    catalogue: Catalogue, config: SplitConfig | None = None, *, rebuild_test: bool = False
) -> SplitResult:
    """Assign every image without a split. The first call also creates the test split;
    later calls keep it frozen unless ``rebuild_test`` is given on purpose."""
    with catalogue.write() as session:
        stored = load_config(session)
        config = config or stored or SplitConfig()
        config.validate()
        has_test = bool(
            session.scalar(select(func.count()).select_from(Image).where(Image.split == "test"))
        )
        if rebuild_test:
            session.execute(update(Image).values(split=None))
            has_test = False
        rows = session.execute(
            select(Image.id, Image.category_id, Image.listing_id, Image.seller_id, Image.split)
        ).all()
        assigned = _assign(session, rows, config, with_test=not has_test)
        _save_config(session, config)
    return SplitResult(assigned, test_frozen=True, config=config)


def assign_new_images(catalogue: Catalogue) -> dict[str, int]:
    """After an import: once splits exist, new images join train/validation (or the
    split their listing is already in)."""
    with catalogue.write() as session:
        config = load_config(session)
        if config is None:
            return {}
        rows = session.execute(
            select(Image.id, Image.category_id, Image.listing_id, Image.seller_id, Image.split)
        ).all()
        return _assign(session, rows, config, with_test=False)


def _assign(
    session: Session, rows: Sequence[Any], config: SplitConfig, *, with_test: bool
) -> dict[str, int]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[_group_key(row, config.group_by)].append(row)
    decided: dict[str, list[int]] = defaultdict(list)
    strata: dict[object, list[str]] = defaultdict(list)
    totals: Counter[object] = Counter()
    for key, members in groups.items():
        todo = [m.id for m in members if m.split is None]
        if not todo:
            continue
        existing = {m.split for m in members if m.split is not None}
        if existing:  # the listing already has a split: its new images join it
            decided[sorted(existing)[0]].extend(todo)
            continue
        label = Counter(m.category_id for m in members).most_common(1)[0][0]
        strata[label].append(key)
        totals[label] += len(members)
    for label in sorted(strata, key=lambda v: (v is None, v or 0)):
        keys = sorted(strata[label])
        rng = random.Random(_stratum_seed(config.seed, label))
        rng.shuffle(keys)
        total = totals[label]
        want_test = round(total * config.test_fraction) if with_test else 0
        want_val = round((total - want_test) * config.validation_fraction)
        got_test = got_val = 0
        for key in keys:
            ids = [m.id for m in groups[key] if m.split is None]
            if got_test < want_test:
                decided["test"].extend(ids)
                got_test += len(ids)
            elif got_val < want_val:
                decided["validation"].extend(ids)
                got_val += len(ids)
            else:
                decided["train"].extend(ids)
    for split, ids in decided.items():
        for part in chunks(ids):
            session.execute(update(Image).where(Image.id.in_(part)).values(split=split))
    return {s: len(decided.get(s, [])) for s in SPLITS}


def _stratum_seed(seed: int, label: object) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{label}".encode()).digest()[:8], "big")


def split_counts(session: Session) -> dict[str, dict[str, int]]:
    """category name → split name (or 'none') → number of images."""
    names = category_names(session)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in count_rows(session):  # the trigger-kept counts, not a scan of every image
        name = names.get(r.category_id, "(unlabelled)") if r.category_id else "(unlabelled)"
        split = r.split or "none"
        out[name][split] = out[name].get(split, 0) + r.n
    return dict(out)


def duplicates_across_splits(
    session: Session, *, tolerance: float = 3.0
) -> list[list[tuple[int, str | None]]]:
    """Groups of images showing the same picture (re-encoded, resized or re-saved
    copies) that sit in different splits.

    The 64-bit difference hash finds candidates cheaply; each candidate pair is then
    confirmed on the stored thumbnails (mean absolute grey-level difference at 32×32
    below ``tolerance``), so look-alike photos on the same backdrop are not reported.
    """
    shared = (
        select(Image.pixel_hash)
        .where(Image.pixel_hash.is_not(None), Image.split.is_not(None))
        .group_by(Image.pixel_hash)
        .having(func.count(func.distinct(Image.split)) > 1)
    )
    candidates: dict[int | None, list[tuple[int, str | None]]] = defaultdict(list)
    for image_id, pixel_hash, split in session.execute(
        select(Image.id, Image.pixel_hash, Image.split)
        .where(Image.pixel_hash.in_(shared))
        .order_by(Image.id)
    ):
        candidates[pixel_hash].append((image_id, split))
    groups = []
    for members in candidates.values():
        pixels = _small_grey(session, [i for i, _ in members])
        for group in _confirmed(members, pixels, tolerance):
            if len({split for _, split in group}) > 1:
                groups.append(group)
    return groups


def _small_grey(session: Session, ids: list[int]) -> dict[int, Any]:
    import io

    import numpy as np
    from PIL import Image as PILImage

    from reviewer.catalogue.schema import Thumbnail

    out = {}
    for image_id, data in session.execute(
        select(Thumbnail.image_id, Thumbnail.data).where(Thumbnail.image_id.in_(ids))
    ):
        grey = PILImage.open(io.BytesIO(data)).convert("L").resize((32, 32))
        out[image_id] = np.asarray(grey, dtype=np.float32)
    return out


def _confirmed(
    members: list[tuple[int, str | None]], pixels: dict[int, Any], tolerance: float
) -> list[list[tuple[int, str | None]]]:
    """Connected groups of members whose thumbnails differ by less than ``tolerance``."""
    parent = {i: i for i, _ in members}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    ids = [i for i, _ in members if i in pixels]
    for a_index, a in enumerate(ids):
        for b in ids[a_index + 1 :]:
            if float(abs(pixels[a] - pixels[b]).mean()) < tolerance:
                parent[root(b)] = root(a)
    grouped: dict[int, list[tuple[int, str | None]]] = defaultdict(list)
    for member in members:
        if member[0] in pixels:
            grouped[root(member[0])].append(member)
    return [g for g in grouped.values() if len(g) > 1]
