"""Decisions: label events with source moderation, undo/redo of both, conflicts,
remove reasons, stats and the formula-safe audit export."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Image, LabelEvent, Listing, ListingImage
from reviewer.errors import ConflictError, NotFoundError, UserError
from reviewer.moderation import decisions
from reviewer.moderation.audit import export_decisions
from reviewer.moderation.claims import NextClaim, claim
from reviewer.moderation.listings import import_listings
from reviewer.moderation.queue import stats
from tests.moderation.conftest import CLASSES, COLOURS, photo, write_listings_csv


def _setup(catalogue: Catalogue, tmp_path: Path) -> None:
    from reviewer.catalogue.categories import ensure_categories

    with catalogue.write() as session:
        ensure_categories(session, CLASSES)
    for i in range(3):
        photo(tmp_path / f"p{i}.jpg", COLOURS["hat"], i)
    import_listings(catalogue, write_listings_csv(tmp_path / "l.csv", [
        ("p0.jpg", "L-1", "s1", "shoes", "=HYPERLINK(\"http://evil\")"),
        ("p1.jpg", "L-1", "s1", "shoes", "=HYPERLINK(\"http://evil\")"),
        ("p2.jpg", "L-2", "s2", "hat", "+cmd"),
    ]), actor="import", workers=1)
    with catalogue.write() as session:  # as the scorer leaves them
        session.execute(update(Listing).values(status="flagged"))


def _labels(catalogue: Catalogue, listing_id: str) -> list[str | None]:
    with catalogue.read() as session:
        rows = session.execute(
            select(Category.name).select_from(ListingImage)
            .join(Listing, Listing.id == ListingImage.listing_pk)
            .join(Image, Image.id == ListingImage.image_id)
            .outerjoin(Category, Category.id == Image.category_id)
            .where(Listing.listing_id == listing_id).order_by(ListingImage.position)).all()
    return [r[0] for r in rows]


def _status(catalogue: Catalogue, listing_id: str) -> str:
    with catalogue.read() as session:
        return session.scalar(select(Listing.status).where(Listing.listing_id == listing_id)) or ""


def test_decide_label_events_undo_redo(mod_catalogue: Catalogue, tmp_path: Path) -> None:
    _setup(mod_catalogue, tmp_path)
    result = decisions.decide(mod_catalogue, "L-1", moderator="ann", action="recategorise",
                              category="hat", seconds=1.5)
    assert (result.old_status, result.new_status, result.labelled_images) == ("flagged", "recategorised", 2)
    assert _labels(mod_catalogue, "L-1") == ["hat", "hat"]
    with mod_catalogue.read() as session:
        sources = session.scalars(select(LabelEvent.source).order_by(LabelEvent.id)).all()
    assert sources == ["moderation", "moderation"]
    decisions.undo(mod_catalogue, moderator="ann")
    assert _status(mod_catalogue, "L-1") == "flagged"
    assert _labels(mod_catalogue, "L-1") == [None, None]
    decisions.redo(mod_catalogue, moderator="ann")
    assert _status(mod_catalogue, "L-1") == "recategorised"
    assert _labels(mod_catalogue, "L-1") == ["hat", "hat"]
    decisions.undo(mod_catalogue, moderator="ann")  # the redo is undoable too
    assert _labels(mod_catalogue, "L-1") == [None, None]
    # approve writes the declared category when the catalogue has it
    decisions.decide(mod_catalogue, "L-2", moderator="ann", action="approve")
    assert _labels(mod_catalogue, "L-2") == ["hat"] and _status(mod_catalogue, "L-2") == "cleared"
    with pytest.raises(UserError, match="Nothing to redo"):
        decisions.redo(mod_catalogue, moderator="ann")


def test_conflicts_and_claims(mod_catalogue: Catalogue, tmp_path: Path) -> None:
    _setup(mod_catalogue, tmp_path)
    with mod_catalogue.read() as session:
        opened = session.scalar(select(Listing).where(Listing.listing_id == "L-1"))
    assert opened is not None
    decisions.decide(mod_catalogue, "L-1", moderator="bob", action="remove", reason="1")
    with pytest.raises(ConflictError, match="already removed by bob"):
        decisions.decide(mod_catalogue, "L-1", moderator="ann", action="approve")
    with pytest.raises(ConflictError, match="changed since you opened it: bob decided 'remove'"):
        decisions.decide(mod_catalogue, opened.id, moderator="ann", action="escalate",
                         expected_version=opened.version)
    # bob's undo is refused once ann decided after him
    decisions.undo(mod_catalogue, moderator="bob")
    decisions.decide(mod_catalogue, "L-1", moderator="ann", action="escalate")
    with pytest.raises(ConflictError, match="decided again since"):
        decisions.redo(mod_catalogue, moderator="bob")
    # a listing held by another moderator cannot be decided
    with mod_catalogue.read() as session:
        pk = session.scalar(select(Listing.id).where(Listing.listing_id == "L-2"))
    assert pk is not None
    claim(mod_catalogue, "carol", pk)
    with pytest.raises(ConflictError, match="being reviewed by carol"):
        decisions.decide(mod_catalogue, "L-2", moderator="ann", action="approve")
    with pytest.raises(UserError, match="not one of the list"):
        decisions.decide(mod_catalogue, "L-2", moderator="carol", action="remove", reason="meh")
    with pytest.raises(NotFoundError):
        decisions.decide(mod_catalogue, "L-2", moderator="carol", action="recategorise",
                         category="spaceship")
    with pytest.raises(NotFoundError):
        decisions.decide(mod_catalogue, "L-404", moderator="carol", action="approve")
    assert _status(mod_catalogue, "L-2") == "flagged"  # nothing half-written


def test_stats_and_formula_safe_audit(catalogue: Catalogue, tmp_path: Path) -> None:
    _setup(catalogue, tmp_path)
    decisions.decide(catalogue, "L-1", moderator="ann", action="remove",
                     reason="wrong category on purpose", seconds=2.0)
    decisions.decide(catalogue, "L-2", moderator="bob", action="approve", seconds=4.0)
    data = stats(catalogue)
    assert data["decided_per_action"] == {"remove": 1, "approve": 1}
    assert data["per_moderator"]["ann"]["total"] == 1
    assert data["median_seconds_per_decision"] == 3.0
    assert data["queue_size"] == 0
    out = tmp_path / "audit.csv"
    assert export_decisions(catalogue, out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[1]["title"] == "'+cmd"
    assert rows[0]["reason"] == "wrong category on purpose"


def test_cli_walkthrough(catalogue: Catalogue, tmp_path: Path) -> None:
    _setup(catalogue, tmp_path)
    db = catalogue.url.removeprefix("sqlite:///")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reviewer", "--catalogue", db, *args],
                              capture_output=True, text=True, timeout=120)

    import json

    queue = json.loads(cli("moderate", "queue", "--json").stdout)
    assert {q["listing_id"] for q in queue} == {"L-1", "L-2"}
    assert set(queue[0]) >= {"listing_id", "flags", "declared_category", "predicted_category", "score"}
    done = cli("moderate", "decide", "L-1", "--recategorise", "hat", "--as", "ann")
    assert done.returncode == 0, done.stderr
    again = cli("moderate", "decide", "L-1", "--approve", "--as", "bob")
    assert again.returncode == 4 and "already recategorised by ann" in again.stderr
    assert cli("moderate", "undo", "--as", "ann").returncode == 0
    stats_json = json.loads(cli("moderate", "stats", "--json").stdout)
    assert stats_json["queue_size"] == 2
    assert cli("moderate", "export", str(tmp_path / "a.csv")).returncode == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").count("\n") == 3


def test_a_decision_claims_the_next_listing_in_the_same_commit(
    mod_catalogue: Catalogue, tmp_path: Path
) -> None:
    _setup(mod_catalogue, tmp_path)
    with mod_catalogue.read() as session:
        pks = dict(session.execute(select(Listing.listing_id, Listing.id)).all())
    spec = NextClaim(exclude=(pks["L-1"],))
    result = decisions.decide(mod_catalogue, "L-1", moderator="ann", action="approve",
                              then_claim=spec)
    assert result.next_listing == pks["L-2"]
    with mod_catalogue.read() as session:
        held = dict(session.execute(select(Listing.listing_id, Listing.claimed_by)).all())
    assert held == {"L-1": None, "L-2": "ann"}  # the decided one released, the next held
    with pytest.raises(ConflictError, match="being reviewed by ann"):
        decisions.decide(mod_catalogue, "L-2", moderator="bob", action="approve")
    # a refused decision (L-1 is decided already) is refused before any claim
    with pytest.raises(ConflictError):
        decisions.decide(mod_catalogue, "L-1", moderator="bob", action="approve",
                         then_claim=NextClaim())
    last = decisions.decide(mod_catalogue, "L-2", moderator="ann", action="escalate",
                            then_claim=NextClaim(exclude=(pks["L-2"],)))
    assert last.next_listing is None  # nothing left to claim
