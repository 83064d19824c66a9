"""The catalogue's tables (SQLAlchemy 2.x declarative). Changed only through Alembic."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SPLITS = ("train", "validation", "test")
SOURCES = ("folder", "csv", "flat", "listing")
EVENT_SOURCES = (
    "import", "curator", "model", "moderator", "moderation", "undo", "redo", "merge",
    "suggestion",
)


class Base(DeclarativeBase):
    pass


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Image(Base):
    __tablename__ = "images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    pixel_hash: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    file_name: Mapped[str] = mapped_column(String(1000))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(20))
    bytes: Mapped[int] = mapped_column(BigInteger)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(20))
    listing_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    seller_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    declared_category: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    split: Mapped[str | None] = mapped_column(String(12), nullable=True)
    # Current label: derived from the label events, kept here (in the same
    # transaction as each event) so that a million-row grid filters fast.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), nullable=True)
    unsure: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        Index("ix_images_category_split", "category_id", "split", "unsure", "id"),
        Index("ix_images_split", "split", "id"),
        Index("ix_images_listing", "listing_id"),
        Index("ix_images_pixel_hash", "pixel_hash"),
        # Sorted, filtered grid pages (migration 0005): the sort key and id, then the
        # filter's columns, so a page is read in order and filtered inside the index,
        # and a relabel rewrites an entry in place (see the migration).
        Index("ix_images_file_name_filter", "file_name", "id", "category_id", "split", "unsure"),
        Index("ix_images_imported_filter", "imported_at", "id", "category_id", "split", "unsure"),
    )


class ImageCount(Base):
    """How many images have each (category, split, unsure): kept by triggers on
    ``images`` (migration 0002), so the status bar, ``reviewer stats`` and the
    category list read a few dozen rows instead of counting a million.

    ``category_id`` 0 stands for "no category" and ``split`` '' for "no split"
    (key columns cannot be NULL). Rows whose count dropped to 0 stay. On PostgreSQL
    the triggers log each change in ``image_count_deltas`` and fold the log into
    this table when the transaction commits (see the migration for why); read it
    through ``reviewer.catalogue.counts``, which adds the caller's own pending changes.
    """

    __tablename__ = "image_counts"

    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    split: Mapped[str] = mapped_column(String(12), primary_key=True)
    unsure: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


# Tables that only the PostgreSQL migration creates (the log behind image_counts);
# autogenerate leaves them alone (migrations/env.py).
POSTGRES_ONLY_TABLES = ("image_count_deltas", "image_count_pending")


class ImagePath(Base):
    """Every place an image was imported from (one content, many paths)."""

    __tablename__ = "image_paths"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("image_id", "path", name="uq_image_paths_image_path"),)


class Thumbnail(Base):
    """A small JPEG per image, in the database: one file to copy, transactional with
    the image row, shared by every curator of a PostgreSQL catalogue, and kept out
    of the ``images`` rows so that scans over a million images stay narrow."""

    __tablename__ = "thumbnails"

    image_id: Mapped[int] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class LabelBatch(Base):
    """One user action (a single label or a bulk relabel): the unit of undo/redo."""

    __tablename__ = "label_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(10))  # action | undo | redo
    source: Mapped[str] = mapped_column(String(20))
    target_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("label_batches.id"), nullable=True
    )
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    redone: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")


class LabelEvent(Base):
    __tablename__ = "label_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("label_batches.id"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    old_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), nullable=True)
    new_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), nullable=True)
    old_unsure: Mapped[bool] = mapped_column(Boolean, default=False)
    new_unsure: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(20))

    __table_args__ = (Index("ix_label_events_image", "image_id", "id"),)


class ImportIssue(Base):
    """A file an import could not take, kept so that nothing is dropped silently."""

    __tablename__ = "import_issues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[str] = mapped_column(String(40), index=True)
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Setting(Base):
    """Catalogue-wide settings (split seed and proportions, test frozen...)."""

    __tablename__ = "catalogue_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Run(Base):
    """A training run: settings, dataset snapshot, history, model file."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    backbone: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))  # running | finished | cancelled | failed
    settings_json: Mapped[str] = mapped_column(Text)
    class_names_json: Mapped[str] = mapped_column(Text)
    history_json: Mapped[str] = mapped_column(Text, default="[]")
    model_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    checkpoint_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    device: Mapped[str] = mapped_column(String(200), default="")
    wall_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    parent_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), nullable=True)


class RunImage(Base):
    """The dataset snapshot of a run: which image, with which label, in which split."""

    __tablename__ = "run_images"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    image_id: Mapped[int] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True
    )
    label_index: Mapped[int] = mapped_column(Integer)
    split: Mapped[str] = mapped_column(String(12))


class Evaluation(Base):
    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    split: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accuracy: Mapped[float] = mapped_column(Float)
    loss: Mapped[float | None] = mapped_column(Float, nullable=True)
    metrics_json: Mapped[str] = mapped_column(Text)


class Prediction(Base):
    """One prediction per image and evaluation: the top-k classes and probabilities."""

    __tablename__ = "predictions"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True
    )
    image_id: Mapped[int] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True
    )
    true_index: Mapped[int] = mapped_column(Integer)
    predicted_index: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    topk_json: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_predictions_cell", "evaluation_id", "true_index", "predicted_index"),
    )


# --- moderation (migration 0004) ------------------------------------------------------

LISTING_STATUSES = (
    "new", "scored", "flagged", "cleared", "recategorised", "removed", "escalated",
)
FLAG_KINDS = ("category_mismatch", "not_a_product", "duplicate_photo", "low_quality", "reported")
DECISION_ACTIONS = ("approve", "recategorise", "remove", "escalate", "skip")


class Listing(Base):
    """A marketplace listing: the seller's declared category and 1-n photos.

    ``claimed_by`` / ``claim_until``: the moderator holding it (a lease of a few
    minutes). ``lease_by`` / ``lease_until``: the scorer process working on it while
    it is new; an expired lease returns the listing to the pool. ``version`` grows
    with every decision, so a decision on what someone else decided meanwhile is
    refused.
    """

    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[str] = mapped_column(String(200), unique=True)
    seller_id: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    declared_category: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="new")
    version: Mapped[int] = mapped_column(Integer, default=1)
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    predicted_category: Mapped[str | None] = mapped_column(String(200), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    top_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    scored_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), nullable=True)
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    scored_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    claim_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (Index("ix_listings_status_priority", "status", "priority", "id"),
                      Index("ix_listings_status_id", "status", "id"))  # claims (0007)


class ListingImage(Base):
    """The photos of a listing, in the seller's order (ordinary catalogue images)."""

    __tablename__ = "listing_images"

    listing_pk: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    image_id: Mapped[int] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_listing_images_image", "image_id"),)


class Flag(Base):
    """Why a listing needs a moderator: kind, score, the run that raised it, details."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_pk: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30), index=True)
    score: Mapped[float] = mapped_column(Float)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), nullable=True)
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ModerationDecision(Base):
    """A moderator's decision as an event (never an overwrite); undo and redo are
    events too. ``label_batch_id``: the label events it wrote (source moderation)."""

    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_pk: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    moderator: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # action | undo | redo
    action: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    label_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("label_batches.id"), nullable=True
    )
    target_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id"), nullable=True
    )
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    redone: Mapped[bool] = mapped_column(Boolean, default=False)


class ModerationCalibration(Base):
    """The category_mismatch threshold picked on a run's validation predictions."""

    __tablename__ = "moderation_calibrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    target_precision: Mapped[float] = mapped_column(Float)
    prevalence: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    expected_precision: Mapped[float] = mapped_column(Float)
    expected_recall: Mapped[float] = mapped_column(Float)
    n_images: Mapped[int] = mapped_column(Integer)
    details_json: Mapped[str] = mapped_column(Text, default="{}")
REVIEW_KINDS = ("label_error", "outlier", "duplicate", "leak")


class ReviewEvent(Base):
    """A curator's verdict on a suggestion (migration 0003): "this label is right",
    "this is not an outlier", "these are not duplicates". Events, never overwritten:
    the latest one per (image, kind) counts, and a confirmation of a label holds only
    while the image keeps the category it was confirmed with (``category_id``)."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # one of REVIEW_KINDS
    decision: Mapped[str] = mapped_column(String(20))  # confirmed | reopened
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_review_events_kind_image", "kind", "image_id", "id"),)


# --- model-assisted labelling (migration 0006) ------------------------------------------

SUGGESTION_KINDS = ("linear", "run")


class Suggestion(Base):
    """A model's suggested category for an unlabelled image (never a label until a
    person accepts it). One row per image: a refresh replaces them all in one
    transaction. ``source_kind``: "linear" (a quick classifier on the embeddings) or
    "run" (a finished training run's model, ``run_id``); ``fingerprint`` names the
    model (the run and its model file, or the labels the linear model was fitted on).
    ``useful_rank`` orders "most useful first" (lowest margin between the top two
    classes, spread over embedding clusters), ``easy_rank`` "easiest first"."""

    __tablename__ = "suggestions"

    image_id: Mapped[int] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    confidence: Mapped[float] = mapped_column(Float)
    margin: Mapped[float] = mapped_column(Float)
    second_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), nullable=True)
    source_kind: Mapped[str] = mapped_column(String(20))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), nullable=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    useful_rank: Mapped[int] = mapped_column(Integer)
    easy_rank: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_suggestions_useful", "useful_rank", "image_id"),
        Index("ix_suggestions_easy", "easy_rank", "image_id"),
        Index("ix_suggestions_confidence", "confidence"),
    )
