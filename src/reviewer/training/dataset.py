"""The dataset a run trains on, read from the catalogue (never from folders), frozen
as a snapshot so that a later relabel does not rewrite a run's history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.catalogue.schema import Category, Image, RunImage
from reviewer.errors import UserError


@dataclass(frozen=True)
class Example:
    image_id: int
    sha256: str
    label: int
    split: str
    width: int
    height: int


@dataclass(frozen=True)
class Snapshot:
    class_names: list[str]
    examples: list[Example]

    def split(self, name: str) -> list[Example]:
        return [e for e in self.examples if e.split == name]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.examples:
            out[e.split] = out.get(e.split, 0) + 1
        return out


def take_snapshot(session: Session, *, include_unsure: bool = False) -> Snapshot:
    """Labelled images with a split, in the active categories that have images."""
    query = (
        select(Image.id, Image.sha256, Image.category_id, Image.split, Image.width, Image.height)
        .join(Category, Category.id == Image.category_id)
        .where(Image.split.is_not(None), Category.retired.is_(False))
        .order_by(Image.id)
    )
    if not include_unsure:
        query = query.where(Image.unsure.is_(False))
    rows = session.execute(query).all()
    used = {r.category_id for r in rows}
    categories = session.execute(
        select(Category.id, Category.name)
        .where(Category.id.in_(used))
        .order_by(Category.position, Category.id)
    ).all()
    index = {cid: i for i, (cid, _) in enumerate(categories)}
    snapshot = Snapshot(
        [name for _, name in categories],
        [Example(r.id, r.sha256, index[r.category_id], r.split, r.width, r.height) for r in rows],
    )
    check_trainable(snapshot)
    return snapshot


def check_trainable(snapshot: Snapshot) -> None:
    counts = snapshot.counts()
    if len(snapshot.class_names) < 2:
        raise UserError(
            "Training needs labelled images in at least two categories.",
            hint="Import a folder per category, or label images first.",
        )
    if not counts.get("train"):
        raise UserError(
            "No labelled image is in the train split.",
            hint="Assign splits first: `reviewer split` (or Catalogue ▸ Make splits).",
        )
    if not counts.get("validation"):
        raise UserError(
            "No labelled image is in the validation split.",
            hint="Run `reviewer split` so that 20 % of the training images validate.",
        )


def load_snapshot(session: Session, run_id: int, class_names: list[str]) -> Snapshot:
    """The images a run was trained and evaluated on, with the labels it saw."""
    rows = session.execute(
        select(RunImage.image_id, Image.sha256, RunImage.label_index, RunImage.split,
               Image.width, Image.height)
        .join(Image, Image.id == RunImage.image_id)
        .where(RunImage.run_id == run_id)
        .order_by(RunImage.image_id)
    ).all()
    return Snapshot(class_names, [Example(*r) for r in rows])


def save_snapshot(session: Session, run_id: int, snapshot: Snapshot) -> None:
    session.execute(
        RunImage.__table__.insert(),  # type: ignore[attr-defined]
        [
            {"run_id": run_id, "image_id": e.image_id, "label_index": e.label, "split": e.split}
            for e in snapshot.examples
        ],
    )
