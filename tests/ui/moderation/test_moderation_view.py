"""The Moderation tab as a moderator uses it: real widgets, real catalogue, keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from reviewer.catalogue.categories import ensure_categories, now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Flag, Image, LabelEvent, Listing, ListingImage
from reviewer.moderation.claims import claim
from reviewer.moderation.listings import import_listings
from reviewer.ui.moderation.moderation_view import ModerationView
from tests.moderation.conftest import CLASSES, COLOURS, photo, write_listings_csv

MODERATOR = "mia"


def flagged_catalogue(catalogue: Catalogue, tmp_path: Path, n: int = 6) -> Catalogue:
    with catalogue.write() as session:
        ensure_categories(session, CLASSES)
    rows = []
    for i in range(n):
        name = CLASSES[i % 3]
        photo(tmp_path / "in" / f"p{i}.jpg", COLOURS[name], i, size=(120, 100))
        rows.append((f"p{i}.jpg", f"L{i}", f"s{i % 2}", "shoes", f"Listing {i}"))
    import_listings(catalogue, write_listings_csv(tmp_path / "in" / "l.csv", rows),
                    actor="import", workers=1)
    with catalogue.write() as session:
        for listing in session.scalars(select(Listing).order_by(Listing.id)):
            predicted = CLASSES[(listing.id - 1) % 3]
            kind = "category_mismatch" if listing.id % 2 else "low_quality"
            listing.status = "flagged"
            listing.priority = 10.0 - listing.id  # L0 first
            listing.predicted_category = predicted
            listing.top_json = json.dumps([[predicted, 0.9], ["bag", 0.06], ["hat", 0.04]])
            details = ({"declared": "shoes", "declared_probability": 0.02,
                        "predicted": predicted, "predicted_probability": 0.9}
                       if kind == "category_mismatch" else
                       {"photos": [{"image_id": 1, "problems": ["very blurred"]}]})
            session.add(Flag(listing_pk=listing.id, kind=kind, score=0.9, run_id=None,
                             details_json=json.dumps(details), created_at=now()))
    return catalogue


@pytest.fixture
def mod_view(qtbot, catalogue: Catalogue, tmp_path: Path) -> Iterator[ModerationView]:
    flagged_catalogue(catalogue, tmp_path)
    widget = ModerationView(catalogue, lambda: MODERATOR)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.current is not None, timeout=5000)
    yield widget
    widget.shutdown()


def _status(catalogue: Catalogue, listing_id: str) -> str:
    with catalogue.read() as session:
        return session.scalar(select(Listing.status).where(Listing.listing_id == listing_id)) or ""


def _labels(catalogue: Catalogue, listing_id: str) -> list[str | None]:
    with catalogue.read() as session:
        return list(session.scalars(
            select(Category.name).select_from(ListingImage)
            .join(Listing, Listing.id == ListingImage.listing_pk)
            .join(Image, Image.id == ListingImage.image_id)
            .outerjoin(Category, Category.id == Image.category_id)
            .where(Listing.listing_id == listing_id)))


def test_keys_decide_and_advance(qtbot, mod_view: ModerationView) -> None:
    cat = mod_view.catalogue
    assert mod_view.current is not None and mod_view.current.listing_id == "L0"
    assert "declared shoes; the photo looks like hat, 90%" in mod_view.panel.reasons.text()
    assert mod_view.panel.photos[0].pixmap() is not None and not mod_view.panel.photos[0].pixmap().isNull()
    assert "6</b> left" in mod_view.counts.text()
    assert mod_view.model.rowCount() == 6
    with cat.read() as session:
        assert session.scalar(select(Listing.claimed_by).where(Listing.listing_id == "L0")) == MODERATOR

    qtbot.keyClick(mod_view, Qt.Key.Key_A)                      # approve L0
    assert _status(cat, "L0") == "cleared" and _labels(cat, "L0") == ["shoes"]
    assert mod_view.current is not None and mod_view.current.listing_id == "L1"
    qtbot.keyClick(mod_view, Qt.Key.Key_2)                      # recategorise L1 to shoes (key 2)
    assert _status(cat, "L1") == "recategorised" and _labels(cat, "L1") == ["shoes"]
    qtbot.keyClick(mod_view, Qt.Key.Key_P)                      # L2: take the predicted (bag)
    assert _labels(cat, "L2") == ["bag"]
    qtbot.keyClick(mod_view, Qt.Key.Key_X)                      # L3: remove, then reason 3
    assert "Remove — why?" in mod_view.legend.text()
    assert _status(cat, "L3") == "flagged"
    qtbot.keyClick(mod_view, Qt.Key.Key_3)
    assert _status(cat, "L3") == "removed"
    qtbot.keyClick(mod_view, Qt.Key.Key_E)                      # L4: escalate
    assert _status(cat, "L4") == "escalated"
    qtbot.keyClick(mod_view, Qt.Key.Key_S)                      # L5: skip
    assert _status(cat, "L5") == "flagged"
    assert mod_view.current is None
    assert "Nothing left but the listings you skipped" in mod_view.panel.header.text()
    with cat.read() as session:
        sources = set(session.scalars(select(LabelEvent.source)))
    assert sources == {"moderation"}

    mod_view.undo()                                             # undo the escalation
    assert _status(cat, "L4") == "flagged"
    assert mod_view.current is not None and mod_view.current.listing_id == "L4"
    mod_view.undo()                                             # and the removal
    assert _status(cat, "L3") == "flagged"
    qtbot.waitUntil(lambda: "2</b> left" in mod_view.counts.text() or
                    "3</b> left" in mod_view.counts.text(), timeout=3000)


def test_filter_per_kind_and_claims_of_others(qtbot, mod_view: ModerationView) -> None:
    cat = mod_view.catalogue
    with cat.read() as session:
        l2 = session.scalar(select(Listing.id).where(Listing.listing_id == "L2"))
    assert l2 is not None
    claim(cat, "otto", l2)                                      # another moderator holds L2
    mod_view.kind_box.setCurrentIndex(mod_view.kind_box.findData("low_quality"))
    assert {i.listing_id for i in mod_view.model.items} == {"L1", "L3", "L5"}
    assert "3</b> left" in mod_view.counts.text()
    assert mod_view.current is not None and mod_view.current.listing_id == "L1"
    mod_view.kind_box.setCurrentIndex(mod_view.kind_box.findData("category_mismatch"))
    assert mod_view.current is not None and mod_view.current.listing_id == "L0"
    qtbot.keyClick(mod_view, Qt.Key.Key_A)
    assert mod_view.current is not None and mod_view.current.listing_id == "L4"  # L2 is otto's
    assert "1 held by other moderators" in mod_view.counts.text()
    claimed = [mod_view.model.data(mod_view.model.index(r, 4)) for r in range(mod_view.model.rowCount())]
    assert "otto" in claimed


def test_a_listing_decided_elsewhere_is_refused(qtbot, mod_view: ModerationView) -> None:
    cat = mod_view.catalogue
    messages: list[str] = []
    mod_view.statusMessage.connect(messages.append)
    assert mod_view.current is not None
    with cat.write() as session:  # someone else's decision lands meanwhile
        session.execute(update(Listing).where(Listing.listing_id == "L0")
                        .values(version=Listing.version + 1, status="removed", claimed_by=None))
    qtbot.keyClick(mod_view, Qt.Key.Key_A)
    assert _status(cat, "L0") == "removed"
    assert any("L0" in m and "changed since you opened it" in m for m in messages)
    assert mod_view.current is not None and mod_view.current.listing_id == "L1"
