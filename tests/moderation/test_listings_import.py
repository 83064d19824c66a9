"""Listings CSV import: multi-photo listings, bad rows refused one by one, reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.schema import Flag, Image, Listing, ListingImage
from reviewer.moderation.listings import import_listings, import_reports
from tests.moderation.conftest import COLOURS, photo, write_listings_csv


def _listings_csv(tmp_path: Path) -> Path:
    d = tmp_path / "incoming"
    photo(d / "a1.jpg", COLOURS["hat"], 1)
    photo(d / "a2.jpg", COLOURS["hat"], 2)
    photo(d / "a3.jpg", COLOURS["hat"], 3)
    photo(d / "b1.jpg", COLOURS["shoes"], 4)
    (d / "broken.jpg").write_bytes(b"not a jpeg at all")
    return write_listings_csv(tmp_path / "incoming" / "listings.csv", [
        ("a1.jpg", "L-1", "seller-a", "hat", "Red cap"),
        ("a2.jpg", "L-1", "seller-a", "hat", "Red cap"),
        ("a3.jpg", "L-1", "seller-a", "hat", "Red cap"),
        ("b1.jpg", "L-2", "seller-b", "sneakers", "Green trainers"),  # not a catalogue category
        ("b1.jpg", "L-2", "seller-x", "sneakers", "Green trainers"),  # another seller: refused
        ("", "L-3", "seller-c", "bag", "no path"),                     # no path: refused
        ("missing.jpg", "L-4", "seller-d", "bag", "gone"),            # file missing: refused
        ("broken.jpg", "L-5", "seller-e", "bag", "broken"),           # not an image: refused
        ("a1.jpg", "", "seller-f", "hat", "no listing id"),           # refused
    ])


def test_multi_photo_listings_and_bad_rows(mod_catalogue: Catalogue, tmp_path: Path) -> None:
    csv_path = _listings_csv(tmp_path)
    report = import_listings(mod_catalogue, csv_path, actor="mod", workers=1)
    assert report.listings_created == 2
    assert report.photos == 4
    reasons = " | ".join(f"{w}: {r}" for w, r in report.problems)
    assert "another seller" in reasons
    assert "row has no path" in reasons
    assert "row has no listing_id" in reasons
    assert "missing.jpg" in reasons and "broken.jpg" in reasons
    assert "L-4" in reasons and "L-5" in reasons  # listings left without a photo are named
    with mod_catalogue.read() as session:
        listings = {r.listing_id: r for r in session.scalars(select(Listing))}
        assert set(listings) == {"L-1", "L-2"}
        assert listings["L-2"].declared_category == "sneakers"
        assert listings["L-1"].status == "new"
        photos = session.scalars(select(ListingImage.image_id)
                                 .where(ListingImage.listing_pk == listings["L-1"].id)
                                 .order_by(ListingImage.position)).all()
        assert len(photos) == 3
        images = session.scalars(select(Image).where(Image.id.in_(photos))).all()
        assert {i.source for i in images} == {"listing"}
        assert {i.category_id for i in images} == {None}
        assert [session.get(Image, i).file_name for i in photos] == ["a1.jpg", "a2.jpg", "a3.jpg"]
    again = import_listings(mod_catalogue, csv_path, actor="mod", workers=1)
    assert again.listings_created == 0
    assert again.already_present == ["L-1", "L-2"]


def test_same_photo_on_two_listings_is_one_image(catalogue: Catalogue, tmp_path: Path) -> None:
    p = photo(tmp_path / "x.jpg", COLOURS["bag"], 5)
    csv_path = write_listings_csv(tmp_path / "l.csv", [
        (p.name, "L-1", "s1", "bag", "a"), (p.name, "L-2", "s2", "bag", "b")])
    report = import_listings(catalogue, csv_path, actor="mod", workers=1)
    assert report.listings_created == 2 and report.images_added == 1
    with catalogue.read() as session:
        assert len(set(session.scalars(select(ListingImage.image_id)))) == 1


def test_reports_become_flags(mod_catalogue: Catalogue, tmp_path: Path) -> None:
    import_listings(mod_catalogue, _listings_csv(tmp_path), actor="mod", workers=1)
    reports = tmp_path / "reports.csv"
    reports.write_text("listing_id,reason,reported_at\n"
                       "L-1,counterfeit,2026-11-30T10:00:00Z\n"
                       "L-9,unknown listing,2026-11-30T10:00:00Z\n"
                       "L-2,,2026-11-30T10:00:00Z\n"
                       "L-2,wrong photo,yesterday\n", encoding="utf-8")
    result = import_reports(mod_catalogue, reports)
    assert result.flags_added == 1
    text = " | ".join(r for _, r in result.problems)
    assert "no listing L-9" in text and "needs a listing_id and a reason" in text
    assert "is not a date" in text
    with mod_catalogue.read() as session:
        flag = session.scalars(select(Flag)).one()
        assert flag.kind == "reported" and "counterfeit" in flag.details_json


def test_cli_import_listings_exit_code(tmp_path: Path) -> None:
    csv_path = _listings_csv(tmp_path)
    db = tmp_path / "cli.sqlite"
    done = subprocess.run([sys.executable, "-m", "reviewer", "--catalogue", str(db), "--create", "import",
                           str(csv_path), "--workers", "1"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr  # done, but some rows were refused
    assert "2 listing(s) created with 4 photo(s)" in done.stdout
    assert "another seller" in done.stderr
    cat = open_catalogue(str(db))
    try:
        with cat.read() as session:
            assert len(session.scalars(select(Listing)).all()) == 2
    finally:
        cat.close()
