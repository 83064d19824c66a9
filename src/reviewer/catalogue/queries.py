"""Read-side queries: filtered, keyset-paged image rows for the grid and the CLI,
counts for the status bar and ``reviewer stats`` (from the trigger-kept
``image_counts`` wherever a filter allows, see ``counts``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    String,
    and_,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from reviewer.catalogue.counts import count_rows
from reviewer.catalogue.schema import Image, ImagePath, Prediction, Suggestion, Thumbnail

NO_RANK = 2**31 - 1  # images without a suggestion come after those with one
SORT_KEYS: dict[str, Any] = {
    "id": Image.id, "file_name": Image.file_name, "imported_at": Image.imported_at,
    # Model-assisted labelling (migration 0006): ranks stored with the suggestions.
    "most_useful": func.coalesce(Suggestion.useful_rank, NO_RANK),
    "easiest": func.coalesce(Suggestion.easy_rank, NO_RANK),
}
SUGGESTION_SORTS = ("most_useful", "easiest")
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
    # The stored suggestion (table ``suggestions``), when the image has one.
    suggested_category_id: int | None = None
    suggestion_confidence: float | None = None
    useful_rank: int | None = None
    easy_rank: int | None = None
    flagged: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


_COLUMNS = (Image.id, Image.file_name, Image.category_id, Image.unsure, Image.split,
            Image.version, Image.width, Image.height, Image.listing_id, Image.imported_at,
            Suggestion.category_id, Suggestion.confidence, Suggestion.useful_rank,
            Suggestion.easy_rank, Image.flagged)


def _with_suggestions(query: Select[Any]) -> Select[Any]:
    """Each image with its suggestion (one row per image at most: the table's key)."""
    return query.select_from(Image).outerjoin(Suggestion, Suggestion.image_id == Image.id)


# SQLite's unary "+" leaves a value as it is but keeps the planner from using an index
# for that column; see _sorted_by_index.
_PLAIN = {
    "category_id": literal_column("+images.category_id", Integer),
    "split": literal_column("+images.split", String),
    "unsure": literal_column("+images.unsure", Boolean),
}


def _where(query: Select[Any], flt: ImageFilter, *, plain: bool = False) -> Select[Any]:
    """``query`` restricted to ``flt``; ``plain``: compare category, split and unsure
    in a way SQLite does not answer from an index on them (see _sorted_by_index)."""
    category: Any = _PLAIN["category_id"] if plain else Image.category_id
    split: Any = _PLAIN["split"] if plain else Image.split
    unsure: Any = _PLAIN["unsure"] if plain else Image.unsure
    if flt.category_ids:
        wanted = [c for c in flt.category_ids if c != NO_CATEGORY]
        conds = [category.in_(wanted)] if wanted else []
        if NO_CATEGORY in flt.category_ids:
            conds.append(category.is_(None))
        query = query.where(or_(*conds))
    if flt.split == "none":
        query = query.where(split.is_(None))
    elif flt.split:
        query = query.where(split == flt.split)
    if flt.unsure is not None:
        query = query.where(unsure.is_(flt.unsure))
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


def matching_ids(flt: ImageFilter) -> Select[Any]:
    """``SELECT images.id`` for the images ``flt`` shows (a subquery for other reads)."""
    return _where(select(Image.id), flt)


def _sorted_by_index(session: Session, sort: str) -> bool:
    """Whether a page in this order should be read from the sort key's index
    (migration 0005: the sort key and id, then category, split, unsure), filtering
    inside it.

    Without statistics SQLite prefers ``ix_images_category_split`` for a category
    filter and then sorts every match (0.2-0.5 s for 150,000 matches); read in the
    sort key's order, a page stops after its rows. PostgreSQL's planner has statistics
    and chooses for itself. The suggestion sorts are read through the suggestions'
    rank indexes, so the filter may use the images' own."""
    return (sort not in ("id", *SUGGESTION_SORTS)
            and session.get_bind().dialect.name == "sqlite")


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
    offset: int = 0,
    sort: str = "id",
    descending: bool = False,
) -> list[ImageRow]:
    """One page of rows, keyset-paged: pass the (sort value, id) of the last row seen.

    ``offset`` skips that many rows first (after ``after``, if given): for a jump to a
    position with no page loaded near it; its cost grows with the offset, so callers
    page by keyset wherever they know a neighbouring row."""
    key = SORT_KEYS.get(sort)
    if key is None:
        raise ValueError(f"unknown sort key {sort}")
    plain = _sorted_by_index(session, sort)
    query: Select[Any] = _where(_with_suggestions(select(*_COLUMNS)),  # type: ignore[arg-type]
                                flt or ImageFilter(), plain=plain)
    if after is not None:
        if sort == "id":
            query = query.where(Image.id < after[1] if descending else Image.id > after[1])
        else:
            pair = tuple_(key, Image.id)
            query = query.where(pair < tuple_(*after) if descending else pair > tuple_(*after))
    order = [key.desc(), Image.id.desc()] if descending else [key, Image.id]
    if sort == "id":
        order = order[:1]
    query = query.order_by(*order).limit(limit)
    if offset > 0:
        query = query.offset(offset)
    return [ImageRow(*row) for row in session.execute(query)]


def position_of(
    session: Session,
    flt: ImageFilter | None,
    image_id: int,
    *,
    sort: str = "id",
    descending: bool = False,
) -> int | None:
    """Where image ``image_id`` stands among the rows matching ``flt`` in this order
    (0 first), or None when it does not match the filter."""
    flt = flt or ImageFilter()
    key = SORT_KEYS.get(sort)
    if key is None:
        raise ValueError(f"unknown sort key {sort}")
    wanted = flt.image_ids
    if wanted is not None and image_id not in wanted:
        return None
    probe = replace(flt, image_ids=(image_id,))
    found = page_images(session, probe, limit=1, sort=sort)
    if not found:
        return None
    value = sort_value(found[0], sort)
    counted = select(func.count()).select_from(Image)
    if sort in SUGGESTION_SORTS:
        counted = _with_suggestions(counted)
    query = _where(counted, flt, plain=_sorted_by_index(session, sort))
    if sort == "id":
        query = query.where(Image.id > image_id if descending else Image.id < image_id)
    else:
        pair = tuple_(key, Image.id)
        query = query.where(pair > tuple_(value, image_id) if descending
                            else pair < tuple_(value, image_id))
    return int(session.scalar(query) or 0)


def sort_value(row: ImageRow, sort: str) -> Any:
    if sort == "most_useful":
        return NO_RANK if row.useful_rank is None else row.useful_rank
    if sort == "easiest":
        return NO_RANK if row.easy_rank is None else row.easy_rank
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
