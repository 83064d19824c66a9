"""A small shared catalogue for the team tests (issue 12): image ids as in the issue."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from reviewer.catalogue import labels
from reviewer.catalogue.categories import category_names, ensure_categories
from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.schema import Image, LabelEvent

N_IMAGES = 230  # the image ids (200, 201, 220) exist
FIRST_LABEL = "shorts"


def make_team_catalogue(url: str) -> None:
    """N_IMAGES images, all labelled 'shorts' by the importer (one import step)."""
    cat = open_catalogue(url)
    try:
        with cat.write() as s:
            ensure_categories(s, ["hat", "skirt", "shorts", "dress"])
            at = datetime.now(UTC)
            s.execute(insert(Image), [
                {"id": i, "sha256": f"{i:064x}", "file_name": f"{i}.jpg", "width": 4, "height": 4,
                 "format": "JPEG", "bytes": 10, "imported_at": at, "source": "folder",
                 "split": "train", "category_id": None, "unsure": False, "flagged": False,
                 "version": 1}
                for i in range(1, N_IMAGES + 1)
            ])
            labels.relabel(s, range(1, N_IMAGES + 1), FIRST_LABEL, actor="importer", source="import")
    finally:
        cat.close()


def label_of(url: str, image_id: int) -> str | None:
    cat = open_catalogue(url)
    try:
        with cat.read() as s:
            image = s.get(Image, image_id)
            assert image is not None
            return category_names(s).get(image.category_id) if image.category_id else None
    finally:
        cat.close()


def assert_consistent(url: str) -> None:
    """Current label = latest event for every image; versions only ever went up."""
    cat = open_catalogue(url)
    try:
        with cat.read() as s:
            assert labels.inconsistent_images(s) == []
            events = s.execute(select(LabelEvent.image_id).order_by(LabelEvent.id)).all()
            per_image: dict[int, int] = {}
            for (image_id,) in events:
                per_image[image_id] = per_image.get(image_id, 0) + 1
            # every event on an image bumped its version once (the import event set version 2)
            for image_id, version in s.execute(select(Image.id, Image.version)):
                assert version == 1 + per_image.get(image_id, 0), image_id
    finally:
        cat.close()
