"""Read-side queries: filtered, keyset-paged image rows for the grid and the CLI,
counts for the status bar and ``reviewer stats`` (from the trigger-kept
``image_counts`` wherever a filter allows, see ``counts``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from reviewer.catalogue.counts import count_rows
from reviewer.catalogue.schema import Image, ImagePath, Prediction, Thumbnail

SORT_KEYS = {"id": Image.id, "file_name": Image.file_name, "imported_at": Image.imported_at}
NO_CATEGORY = -1  # filter value meaning "images without a category"


@dataclass(frozen=True)
class ImageFilter:
    category_ids: tuple[int, ...] = ()
    split: str | None = None  # train | validation | test | none
    unsure: bool | None = None
    source: str | None = None
    flagged: bool | None = None
    search: str = ""
    # A confusion-matrix cell: evaluation id, true index, predicted index.
    cell: tuple[int, int, int] | None = None
    image_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ImageRow:
    id: int
    file_name: str
    category_id: int | None
    unsure: bool
    split: str | None
    version: int
    width: int
    height: int
    listing_id: str | None
    imported_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)


_COLUMNS = (Image.id, Image.file_name, Image.category_id, Image.unsure, Image.split,
            Image.version, Image.width, Image.height, Image.listing_id, Image.imported_at)


def _where(query: Select[Any], flt: ImageFilter) -> Select[Any]:
    if flt.category_ids:
        wanted = [c for c in flt.category_ids if c != NO_CATEGORY]
        conds = [Image.category_id.in_(wanted)] if wanted else []
        if NO_CATEGORY in flt.category_ids:
            conds.append(Image.category_id.is_(None))
        query = query.where(or_(*conds))
    if flt.split == "none":
        query = query.where(Image.split.is_(None))
    elif flt.split:
        query = query.where(Image.split == flt.split)
    if flt.unsure is not None:
        query = query.where(Image.unsure.is_(flt.unsure))
    if flt.flagged is not None:
        query = query.where(Image.flagged.is_(flt.flagged))
    if flt.source:
        query = query.where(Image.source == flt.source)
    if flt.search.strip():
        text = flt.search.strip()
        # autoescape: `%`, `_` and the escape character typed by a user match themselves.
        matches = [Image.file_name.contains(text, autoescape=True), Image.listing_id == text]
        if len(text) >= 6:
            matches.append(Image.sha256.startswith(text.lower(), autoescape=True))
        query = query.where(or_(*matches))
    if flt.cell is not None:
        evaluation_id, true_index, predicted_index = flt.cell
        query = query.join(
            Prediction,
            and_(
                Prediction.image_id == Image.id,
                Prediction.evaluation_id == evaluation_id,
                Prediction.true_index == true_index,
                Prediction.predicted_index == predicted_index,
            ),
        )
    if flt.image_ids is not None:
        query = query.where(Image.id.in_(flt.image_ids))
    return query


def _counted_by_table(flt: ImageFilter) -> bool:
    """Whether ``image_counts`` answers the filter: category, split and unsure only."""
    return (
        flt.source is None
        and flt.flagged is None
        and not flt.search.strip()
        and flt.cell is None
        and flt.image_ids is None
    )


def count_images(session: Session, flt: ImageFilter | None = None) -> int:
    flt = flt or ImageFilter()
    if _counted_by_table(flt):
        wanted = {None if c == NO_CATEGORY else c for c in flt.category_ids}
        split = None if flt.split == "none" else flt.split
        return sum(
            r.n
            for r in count_rows(session)
            if (not wanted or r.category_id in wanted)
            and (not flt.split or r.split == split)
            and (flt.unsure is None or r.unsure == flt.unsure)
        )
    # count(*) rather than count(images.id): SQLite's quick count applies to the former.
    query = _where(select(func.count()).select_from(Image), flt)
    return int(session.scalar(query) or 0)


def page_images(
    session: Session,
    flt: ImageFilter | None = None,
    *,
    after: tuple[Any, int] | None = None,
    limit: int = 200,
    sort: str = "id",
    descending: bool = False,
) -> list[ImageRow]:
    """One page of rows, keyset-paged: pass the (sort value, id) of the last row seen."""
    key = SORT_KEYS.get(sort)
    if key is None:
        raise ValueError(f"unknown sort key {sort}")
    query: Select[Any] = _where(select(*_COLUMNS), flt or ImageFilter())  # type: ignore[arg-type]
    if after is not None:
        if sort == "id":
            query = query.where(Image.id < after[1] if descending else Image.id > after[1])
        else:
            pair = tuple_(key, Image.id)
            query = query.where(pair < tuple_(*after) if descending else pair > tuple_(*after))
    order = [key.desc(), Image.id.desc()] if descending else [key, Image.id]
    if sort == "id":
        order = order[:1]
    rows = session.execute(query.order_by(*order).limit(limit))
    return [ImageRow(*row) for row in rows]


def sort_value(row: ImageRow, sort: str) -> Any:
    return {"id": row.id, "file_name": row.file_name, "imported_at": row.imported_at}[sort]


def thumbnails(session: Session, image_ids: list[int]) -> dict[int, bytes]:
    rows = session.execute(
        select(Thumbnail.image_id, Thumbnail.data).where(Thumbnail.image_id.in_(image_ids))
    )
    return {image_id: data for image_id, data in rows}


def image_details(session: Session, image_id: int) -> tuple[Image, list[str]] | None:
    image = session.get(Image, image_id)
    if image is None:
        return None
    paths = list(
        session.scalars(select(ImagePath.path).where(ImagePath.image_id == image_id).order_by(ImagePath.id))
    )
    return image, paths


def totals(session: Session) -> dict[str, int]:
    """Counts for the status bar: all, labelled, unsure, per split (from image_counts)."""
    out = {"images": 0, "labelled": 0, "unsure": 0, "train": 0, "validation": 0, "test": 0,
           "unsplit": 0}
    for r in count_rows(session):
        out["images"] += r.n
        if r.category_id is not None:
            out["labelled"] += r.n
        if r.unsure:
            out["unsure"] += r.n
        split = r.split or "unsplit"
        if split in ("train", "validation", "test", "unsplit"):
            out[split] += r.n
    return out
