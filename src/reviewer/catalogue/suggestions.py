"""Stored suggestions (table ``suggestions``, migration 0006): write a fresh set, read
them, and accept them as labels.

A suggestion is never a label: only :func:`accept` turns one into a label event, with
source ``suggestion`` (so accepted suggestions can be audited and filtered), and every
accept is one batch, undone in one step by the usual undo. An image that got a label
meanwhile (by anyone) is left alone: the change expects the image to be unlabelled.

The source's measured precision (held-out, see ``reviewer.curation.suggest``) is kept
beside the rows as a curve (confidence threshold → precision, images), so the app and
the command line can say "1,204 images, measured precision 98.6 % at ≥ 95 %".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import category_names, find_category
from reviewer.catalogue.labels import BatchResult, LabelChange, apply_changes, chunks
from reviewer.catalogue.queries import ImageFilter, matching_ids
from reviewer.catalogue.schema import Image, LabelEvent, Setting, Suggestion

SOURCE_KEY = "suggestions.source"
SOURCE = "suggestion"  # the label events' source


def confidence_text(confidence: float) -> str:
    """"97 %": rounded down and at most 99 %: a model's 0.996 (or a saturated 1.0) is
    not a certainty, and "100 %" would read as one."""
    return f"{min(99, int(confidence * 100 + 1e-9))} %"


@dataclass(frozen=True)
class SuggestionRow:
    """What is written for one image."""

    image_id: int
    category_id: int
    confidence: float
    margin: float
    second_category_id: int | None
    useful_rank: int
    easy_rank: int


@dataclass(frozen=True)
class SourceInfo:
    """Where the stored suggestions came from, and how precise that source measured.

    ``curve``: (threshold, precision, n) rows: of the ``n`` held-out images whose
    confidence was ≥ threshold, the share the source got right."""

    kind: str  # linear | run
    run_id: int | None
    fingerprint: str
    created_at: datetime
    labelled: int  # labelled images the source learned from (linear) or was validated on
    how: str  # how the precision was measured, in words
    curve: tuple[tuple[float, float, int], ...]

    def precision_at(self, threshold: float) -> tuple[float | None, int]:
        """Measured precision of suggestions with confidence ≥ ``threshold`` (the
        nearest measured threshold at or above it), and the held-out images behind it."""
        for t, precision, n in self.curve:
            if t >= threshold - 1e-9:
                return (precision if n else None), n
        return None, 0

    def describe(self) -> str:
        what = f"run {self.run_id}" if self.kind == "run" else "the linear classifier on embeddings"
        return f"{what}, {self.created_at:%Y-%m-%d %H:%M}"

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "run_id": self.run_id, "fingerprint": self.fingerprint,
                "created_at": self.created_at.isoformat(), "labelled": self.labelled,
                "how": self.how, "curve": [list(c) for c in self.curve]}


def _source_from_json(text: str) -> SourceInfo:
    raw = json.loads(text)
    return SourceInfo(kind=raw["kind"], run_id=raw["run_id"], fingerprint=raw["fingerprint"],
                      created_at=datetime.fromisoformat(raw["created_at"]),
                      labelled=int(raw["labelled"]), how=raw["how"],
                      curve=tuple((float(t), float(p), int(n)) for t, p, n in raw["curve"]))


def replace_all(session: Session, rows: Sequence[SuggestionRow], source: SourceInfo) -> int:
    """Replace every stored suggestion with ``rows`` inside the caller's transaction
    (a refresh: rows of an older model or for images labelled since are gone)."""
    session.execute(delete(Suggestion))
    at = source.created_at
    for part in chunks(list(range(len(rows)))):
        session.execute(Suggestion.__table__.insert(), [  # type: ignore[attr-defined]
            {"image_id": rows[i].image_id, "category_id": rows[i].category_id,
             "confidence": float(rows[i].confidence), "margin": float(rows[i].margin),
             "second_category_id": rows[i].second_category_id,
             "source_kind": source.kind, "run_id": source.run_id,
             "fingerprint": source.fingerprint, "useful_rank": rows[i].useful_rank,
             "easy_rank": rows[i].easy_rank, "created_at": at}
            for i in part])
    stored = session.get(Setting, SOURCE_KEY)
    text = json.dumps(source.as_json())
    if stored is None:
        session.add(Setting(key=SOURCE_KEY, value=text))
    else:
        stored.value = text
    return len(rows)


def source_info(session: Session) -> SourceInfo | None:
    text = session.scalar(select(Setting.value).where(Setting.key == SOURCE_KEY))
    return _source_from_json(text) if text else None


@dataclass(frozen=True)
class Shown:
    image_id: int
    file_name: str
    category: str
    confidence: float
    margin: float
    second: str | None


def _open(min_confidence: float = 0.0, category_id: int | None = None) -> Any:
    """Suggestions for images that are still unlabelled."""
    query = (select(Suggestion, Image.file_name).join(Image, Image.id == Suggestion.image_id)
             .where(Image.category_id.is_(None), Suggestion.confidence >= min_confidence))
    if category_id is not None:
        query = query.where(Suggestion.category_id == category_id)
    return query


def open_suggestions(session: Session, *, min_confidence: float = 0.0,
                     category: str | None = None, limit: int | None = None,
                     order: str = "useful") -> list[Shown]:
    """Suggestions for still-unlabelled images, most useful (or easiest) first."""
    category_id = find_category(session, category).id if category else None
    rank = Suggestion.useful_rank if order == "useful" else Suggestion.easy_rank
    query = _open(min_confidence, category_id).order_by(rank, Suggestion.image_id)
    if limit is not None:
        query = query.limit(limit)
    names = category_names(session)
    return [Shown(s.image_id, file_name, names.get(s.category_id, str(s.category_id)),
                  s.confidence, s.margin,
                  names.get(s.second_category_id) if s.second_category_id else None)
            for s, file_name in session.execute(query)]


def count_open(session: Session, *, min_confidence: float = 0.0,
               category: str | None = None, image_ids: Sequence[int] | None = None,
               shown: ImageFilter | None = None) -> int:
    """Still-unlabelled images with a suggestion ≥ ``min_confidence`` (of ``category``;
    among ``image_ids``; among the images the filter ``shown`` selects)."""
    query = _acceptable(session, select(func.count()).select_from(Suggestion),
                        min_confidence, category, shown)
    if image_ids is None:
        return int(session.scalar(query) or 0)
    total = 0
    for part in chunks(list(image_ids)):
        total += int(session.scalar(query.where(Suggestion.image_id.in_(part))) or 0)
    return total


_Query = TypeVar("_Query", bound=Select)


def _acceptable(session: Session, query: _Query, min_confidence: float,
                category: str | None, shown: ImageFilter | None) -> _Query:
    """``query`` over suggestions narrowed to what accepting would label: still-unlabelled
    images whose suggestion reaches ``min_confidence`` (of ``category``; among the images
    the filter ``shown`` selects). Counting and accepting share it."""
    query = (query.join(Image, Image.id == Suggestion.image_id)
             .where(Image.category_id.is_(None), Suggestion.confidence >= min_confidence))
    if category:
        query = query.where(Suggestion.category_id == find_category(session, category).id)
    if shown is not None:
        query = query.where(Suggestion.image_id.in_(matching_ids(shown).scalar_subquery()))
    return query


def accept(session: Session, *, actor: str, image_ids: Sequence[int] | None = None,
           min_confidence: float = 0.0, category: str | None = None,
           shown: ImageFilter | None = None) -> BatchResult:
    """Give still-unlabelled images their suggested category: one batch (one undo step)
    of label events with source ``suggestion``. ``image_ids`` None: every image whose
    suggestion reaches ``min_confidence`` (and is of ``category``, and among the images
    the filter ``shown`` selects, when given)."""
    query = _acceptable(
        session, select(Suggestion.image_id, Suggestion.category_id, Image.unsure, Image.version),
        min_confidence, category, shown)
    found: list[Any] = []
    if image_ids is None:
        found = list(session.execute(query.order_by(Suggestion.image_id)))
    else:
        for part in chunks(list(dict.fromkeys(image_ids))):
            found.extend(session.execute(query.where(Suggestion.image_id.in_(part))))
    changes = [LabelChange(r.image_id, r.category_id, False, r.version,
                           expect_current=(None, bool(r.unsure))) for r in found]
    if not changes:
        return BatchResult(None, 0, 0)
    threshold = f" ≥ {100 * min_confidence:.0f} %" if min_confidence > 0 else ""
    return apply_changes(session, changes, actor=actor, source=SOURCE,
                         description=f"accept {len(changes)} suggestion(s){threshold}")


def suggestion_for(session: Session, image_ids: Sequence[int]) -> dict[int, tuple[int, float]]:
    """image id → (suggested category id, confidence), for the ids that have one."""
    out: dict[int, tuple[int, float]] = {}
    for part in chunks(list(image_ids)):
        for image_id, category_id, confidence in session.execute(
                select(Suggestion.image_id, Suggestion.category_id, Suggestion.confidence)
                .where(Suggestion.image_id.in_(part))):
            out[int(image_id)] = (int(category_id), float(confidence))
    return out


def stored_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Suggestion)) or 0)



def batch_images(session: Session, batch_id: int) -> list[int]:
    """The images a label batch changed."""
    return [int(i) for i in session.scalars(
        select(LabelEvent.image_id).where(LabelEvent.batch_id == batch_id)
        .order_by(LabelEvent.id))]


def bulk_accepted_ids(session: Session) -> set[int]:
    """Images whose current label a bulk acceptance wrote: their latest label event is a
    suggestion accepted in a batch of more than one (nobody looked at each). The linear
    source does not learn from them (see ``reviewer.curation.suggest``)."""
    bulk_batches = (select(LabelEvent.batch_id)
                    .where(LabelEvent.source == SOURCE)
                    .group_by(LabelEvent.batch_id)
                    .having(func.count() > 1).scalar_subquery())
    latest = (select(LabelEvent.image_id, func.max(LabelEvent.id).label("last_id"))
              .group_by(LabelEvent.image_id).subquery())
    rows = session.execute(
        select(LabelEvent.image_id)
        .join(latest, latest.c.last_id == LabelEvent.id)
        .join(Image, Image.id == LabelEvent.image_id)
        .where(LabelEvent.batch_id.in_(bulk_batches), LabelEvent.source == SOURCE,
               Image.category_id.is_not(None)))
    return {int(r[0]) for r in rows}
