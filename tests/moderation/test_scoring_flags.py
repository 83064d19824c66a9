"""Scoring listings with a real (tiny, hand-weighted) Keras model: every flag kind is
raised on data made for it, and on nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Flag, Listing
from reviewer.errors import CancelledError, UserError
from reviewer.moderation.listings import import_listings, import_reports
from reviewer.moderation.queue import listing_detail, queue
from reviewer.moderation.rules import parse_rules
from reviewer.moderation.scoring import score_listings
from tests.moderation.conftest import (
    COLOURS,
    add_run,
    blurred,
    photo,
    plain,
    reencoded,
    relaxed_rules,
    write_listings_csv,
)


def _flags(catalogue: Catalogue) -> dict[str, set[str]]:
    with catalogue.read() as session:
        rows = session.execute(select(Listing.listing_id, Flag.kind)
                               .join(Flag, Flag.listing_pk == Listing.id)).all()
    found: dict[str, set[str]] = {}
    for lid, kind in rows:
        found.setdefault(lid, set()).add(kind)
    return found


def test_every_flag_kind(mod_catalogue: Catalogue, tmp_path: Path, colour_model: Path) -> None:
    d = tmp_path / "in"
    photo(d / "ok_hat.jpg", COLOURS["hat"], 1)
    photo(d / "ok_bag.jpg", COLOURS["bag"], 2)
    photo(d / "ok_bag2.jpg", COLOURS["bag"], 3)
    photo(d / "mismatch.jpg", COLOURS["hat"], 4)       # a red hat declared as shoes
    plain(d / "grey.png", (128, 128, 128))             # no category likely (and blank)
    photo(d / "orig.jpg", COLOURS["shoes"], 5, size=(96, 80))
    reencoded(d / "orig.jpg", d / "stolen.jpg")        # another seller's copy
    photo(d / "tiny.jpg", COLOURS["bag"], 6, size=(20, 16))  # too small
    blurred(d / "blur.png")                            # very blurred
    csv_path = write_listings_csv(d / "listings.csv", [
        ("ok_hat.jpg", "OK-1", "s1", "hat", "Red cap"),
        ("ok_bag.jpg", "OK-2", "s2", "bag", "Blue bag"),
        ("ok_bag2.jpg", "OK-2", "s2", "bag", "Blue bag"),
        ("mismatch.jpg", "MIS", "s3", "shoes", "Trainers"),
        ("grey.png", "NAP", "s4", "bag", "Grey thing"),
        ("orig.jpg", "ORIG", "s5", "shoes", "Green trainers"),
        ("stolen.jpg", "DUP", "s6", "shoes", "Green trainers, cheap"),
        ("tiny.jpg", "TINY", "s7", "bag", "Small bag"),
        ("blur.png", "BLUR", "s8", "hat", "Blurry"),
        ("ok_hat.jpg", "REP", "s1", "hat", "Red cap again"),  # same seller's own photo
    ])
    report = import_listings(mod_catalogue, csv_path, actor="mod", workers=1)
    assert report.listings_created == 9, report.problems
    relaxed_rules(mod_catalogue)
    run_id = add_run(mod_catalogue, colour_model)
    (d / "reports.csv").write_text("listing_id,reason,reported_at\nREP,counterfeit,\n",
                                   encoding="utf-8")
    assert import_reports(mod_catalogue, d / "reports.csv").flags_added == 1
    progress: list[tuple[int, int]] = []
    summary = score_listings(mod_catalogue, run_id, backend="keras", batch_size=4,
                             on_progress=lambda a, b: progress.append((a, b)))
    assert summary.scored == 9 and summary.batches == 3
    assert progress[-1] == (9, 9)
    flags = _flags(mod_catalogue)
    assert flags.get("OK-1") is None and flags.get("OK-2") is None and flags.get("ORIG") is None
    assert flags["MIS"] == {"category_mismatch"}
    assert "not_a_product" in flags["NAP"]
    assert "low_quality" in flags["NAP"]  # one flat grey: nearly blank as well
    assert flags["DUP"] == {"duplicate_photo"}
    assert flags["TINY"] == {"low_quality"}
    assert "low_quality" in flags["BLUR"]
    assert flags["REP"] == {"reported"}
    with mod_catalogue.read() as session:
        statuses = dict(session.execute(select(Listing.listing_id, Listing.status)).all())
        mis = session.scalar(select(Flag).join(Listing).where(Listing.listing_id == "MIS"))
        assert mis is not None
        details = json.loads(mis.details_json)
    assert statuses["OK-1"] == "scored" and statuses["MIS"] == "flagged"
    assert details["predicted"] == "hat" and details["declared"] == "shoes"
    assert mis.run_id == run_id
    blur_words = " ".join(f.words for f in listing_detail(
        mod_catalogue, next(i.pk for i in queue(mod_catalogue) if i.listing_id == "BLUR")).flags)
    assert "very blurred" in blur_words
    dup = next(i for i in queue(mod_catalogue) if i.listing_id == "DUP")
    detail = listing_detail(mod_catalogue, dup.pk)
    assert "listing ORIG of seller s5" in detail.flags[0].words
    assert ("ORIG", "s5") in detail.shared_photo_listings
    mis_detail = listing_detail(mod_catalogue, next(i.pk for i in queue(mod_catalogue)
                                                    if i.listing_id == "MIS"))
    assert mis_detail.flags[0].words == "declared shoes; the photo looks like hat, 100% (shoes: 0%)"
    assert [n for n, _ in mis_detail.top][0] == "hat"
    # highest priority first: the report (priority 4) leads the queue
    assert queue(mod_catalogue)[0].listing_id == "REP"
    assert {i.listing_id for i in queue(mod_catalogue, kind="low_quality")} == {"NAP", "TINY", "BLUR"}


def test_scoring_cancels_between_batches(catalogue: Catalogue, tmp_path: Path,
                                         colour_model: Path) -> None:
    rows = []
    for i in range(6):
        photo(tmp_path / f"p{i}.jpg", COLOURS["bag"], i)
        rows.append((f"p{i}.jpg", f"L{i}", f"s{i}", "bag", ""))
    import_listings(catalogue, write_listings_csv(tmp_path / "l.csv", rows), actor="m", workers=1)
    run_id = add_run(catalogue, colour_model)
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(CancelledError):
        score_listings(catalogue, run_id, backend="keras", batch_size=2, should_stop=stop)
    with catalogue.read() as session:
        done = session.scalars(select(Listing.status)).all()
    kept = len(done) - done.count("new")
    assert 0 < kept < 6  # what was scored is kept; the rest stays new
    summary = score_listings(catalogue, run_id, backend="keras", batch_size=2)
    assert summary.scored + kept == 6


def test_rules_are_checked() -> None:
    with pytest.raises(UserError, match="out of range"):
        parse_rules("[not_a_product]\nmax_probability_below = 3\n")
    with pytest.raises(UserError, match="not valid TOML"):
        parse_rules("[low_quality\n")
    with pytest.raises(UserError, match="Unknown rule section"):
        parse_rules("[colour]\nx = 1\n")
    rules = parse_rules("[duplicate_photo]\nmax_hash_distance = 0\n")
    assert rules.duplicate_distance == 0 and rules.min_side == 160
