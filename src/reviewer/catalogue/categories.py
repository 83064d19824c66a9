"""Categories: the paper's ten by default; add, rename, merge (labels move through
events), retire."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from reviewer.catalogue.counts import count_rows
from reviewer.catalogue.schema import Category
from reviewer.errors import NotFoundError, UserError

PAPER_CATEGORIES = (
    "trouser",
    "short",
    "long-sleeved shirt",
    "short-sleeved shirt",
    "shoes",
    "hat",
    "bag",
    "sandal",
    "jacket",
    "t-shirt",
)


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    position: int
    retired: bool
    images: int


def now() -> datetime:
    return datetime.now(UTC)


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("A category needs a name.")
    bad = next((ch for ch in cleaned if unicodedata.category(ch) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise UserError(f"A category name cannot contain control characters (U+{ord(bad):04X} "
                        f"in {cleaned!r}).", hint="Use letters, digits, spaces and punctuation.")
    if len(cleaned) > 200:
        raise UserError("A category name can have at most 200 characters.")
    return cleaned


def list_categories(session: Session, *, include_retired: bool = False) -> list[CategoryInfo]:
    counts: dict[int | None, int] = {}
    for r in count_rows(session):  # the trigger-kept counts, not a scan of every image
        counts[r.category_id] = counts.get(r.category_id, 0) + r.n
    query = select(Category).order_by(Category.position, Category.id)
    if not include_retired:
        query = query.where(Category.retired.is_(False))
    return [
        CategoryInfo(c.id, c.name, c.position, c.retired, counts.get(c.id, 0))
        for c in session.scalars(query)
    ]


def category_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Category.id, Category.name)).all())


def has_categories(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Category)) != 0


def ensure_categories(session: Session, names: list[str] | tuple[str, ...]) -> dict[str, int]:
    """Create the categories that do not exist yet; return name → id for all of them."""
    existing = {c.name: c for c in session.scalars(select(Category))}
    position = max((c.position for c in existing.values()), default=-1)
    result: dict[str, int] = {}
    for raw in names:
        name = clean_name(raw)
        found = existing.get(name)
        if found is None:
            position += 1
            found = Category(name=name, position=position, retired=False, created_at=now())
            session.add(found)
            session.flush()
            existing[name] = found
        result[name] = found.id
    return result


def find_category(session: Session, name: str, *, allow_retired: bool = False) -> Category:
    """The category called ``name`` (case-insensitive); an unknown name suggests the nearest."""
    wanted = clean_name(name)
    categories = list(session.scalars(select(Category)))
    for c in categories:
        if c.name == wanted or c.name.casefold() == wanted.casefold():
            if c.retired and not allow_retired:
                target = f" (merged into {_name_of(categories, c.merged_into_id)})" if c.merged_into_id else ""
                raise UserError(
                    f"The category '{c.name}' is retired{target}.",
                    hint="Pick an active category, or reinstate it with "
                    "`reviewer categories add`.",
                )
            return c
    names = [c.name for c in categories if not c.retired]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    hint = f"Did you mean {', '.join(repr(n) for n in close)}?" if close else None
    raise NotFoundError(
        f"There is no category '{wanted}'. Known: {', '.join(names) or 'none yet'}.",
        hint=hint or "Add it with `reviewer categories add NAME`.",
    )


def _name_of(categories: list[Category], category_id: int | None) -> str:
    return next((c.name for c in categories if c.id == category_id), "?")


def add_category(session: Session, name: str) -> Category:
    cleaned = clean_name(name)
    existing = session.scalar(select(Category).where(func.lower(Category.name) == cleaned.lower()))
    if existing is not None:
        if existing.retired:
            existing.retired = False
            existing.merged_into_id = None
            return existing
        raise UserError(f"The category '{existing.name}' already exists.")
    ensure_categories(session, [cleaned])
    return find_category(session, cleaned)


def rename_category(session: Session, old: str, new: str) -> Category:
    category = find_category(session, old, allow_retired=True)
    cleaned = clean_name(new)
    clash = session.scalar(select(Category).where(func.lower(Category.name) == cleaned.lower()))
    if clash is not None and clash.id != category.id:
        raise UserError(
            f"Cannot rename '{category.name}' to '{cleaned}': that category exists.",
            hint=f"To move its images into '{clash.name}', merge instead.",
        )
    category.name = cleaned
    return category


def retire_category(session: Session, name: str) -> Category:
    """A retired category takes no new labels; the images it has keep theirs."""
    category = find_category(session, name)
    category.retired = True
    return category


def merge_category_rows(session: Session, source: Category, target: Category) -> None:
    """Mark ``source`` merged into ``target`` (the labels move in labels.merge_categories)."""
    if source.id == target.id:
        raise UserError("A category cannot be merged into itself.")
    source.retired = True
    source.merged_into_id = target.id
    session.execute(
        update(Category).where(Category.merged_into_id == source.id).values(merged_into_id=target.id)
    )
