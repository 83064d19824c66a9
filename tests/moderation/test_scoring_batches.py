"""Scoring in batches gives what scoring everything at once gives: the same statuses,
priorities, predictions, probabilities and flags (with their details), whatever the
batch size, including duplicates whose earlier copy was scored in another batch."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.schema import Flag, Listing
from reviewer.moderation.listings import import_listings
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


def _listings_folder(d: Path) -> Path:
    rows = []
    names = list(COLOURS)
    for i in range(9):
        declared = names[i % 3] if i % 4 else names[(i + 1) % 3]  # every 4th mismatched
        photo(d / f"p{i}.jpg", COLOURS[names[i % 3]], i)
        rows.append((f"p{i}.jpg", f"L{i:02d}", f"s{i % 5}", declared, ""))
    reencoded(d / "p1.jpg", d / "copy1.jpg")  # a later copy of an earlier seller's photo
    reencoded(d / "p7.jpg", d / "copy7.jpg")
    plain(d / "grey.png", (128, 128, 128))
    blurred(d / "blur.png")
    rows += [("copy1.jpg", "L20", "s9", "shoes", ""), ("grey.png", "L21", "s8", "bag", ""),
             ("copy7.jpg", "L22", "s7", "shoes", ""), ("blur.png", "L23", "s6", "hat", ""),
             ("p3.jpg", "L24", "s3", "hat", "")]  # the same seller's own photo again
    return write_listings_csv(d / "listings.csv", rows)


def _scored(catalogue: Catalogue) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with catalogue.read() as session:
        listings = [tuple(r) for r in session.execute(
            select(Listing.listing_id, Listing.status, Listing.priority,
                   Listing.predicted_category, Listing.score, Listing.top_json)
            .order_by(Listing.listing_id))]
        flags = [tuple(r) for r in session.execute(
            select(Listing.listing_id, Flag.kind, Flag.score, Flag.details_json)
            .join(Listing, Listing.id == Flag.listing_pk)
            .order_by(Listing.listing_id, Flag.kind))]
    return listings, flags


def test_batch_size_does_not_change_results(tmp_path: Path, colour_model: Path) -> None:
    csv_path = _listings_folder(tmp_path / "in")
    results = {}
    for batch_size in (1, 3, 100):
        catalogue = open_catalogue(str(tmp_path / f"b{batch_size}.sqlite"))
        try:
            report = import_listings(catalogue, csv_path, actor="mod", workers=1)
            assert report.listings_created == 14, report.problems
            relaxed_rules(catalogue)
            run_id = add_run(catalogue, colour_model)
            summary = score_listings(catalogue, run_id, backend="keras", batch_size=batch_size)
            assert summary.scored == 14
            assert summary.batches == -(-14 // batch_size)
            results[batch_size] = _scored(catalogue)
        finally:
            catalogue.close()
    listings, flags = results[100]
    kinds = {(lid, kind) for lid, kind, _s, _d in flags}
    # the set exercises what crosses batches: copies of earlier photos, mismatches, quality
    assert {("L20", "duplicate_photo"), ("L22", "duplicate_photo")} <= kinds
    assert ("L00", "category_mismatch") in kinds and ("L21", "not_a_product") in kinds
    assert not any(lid == "L24" and kind == "duplicate_photo" for lid, kind in kinds)
    assert all(status in {"scored", "flagged"} for _lid, status, *_ in listings)
    for batch_size in (1, 3):
        assert _rounded(results[batch_size]) == _rounded(results[100]), batch_size


def _rounded(value: object) -> object:
    """Floats to 5 decimals (a batch of 1 and a batch of 14 go through the model's matrix
    products in different blocks: last-bit differences, about 1e-7), JSON parsed."""
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, str) and value[:1] in "[{":
        return _rounded(json.loads(value))
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def test_a_claim_reads_the_queue_in_order_from_an_index(catalogue: Catalogue) -> None:
    """Without an index on (status, id) SQLite sorted every new listing for each claim
    (149 ms per claim with 100,000 in the queue): scoring time grew with its square."""
    from sqlalchemy import text

    from reviewer.catalogue.categories import now
    from reviewer.moderation.scoring import claim_query

    stmt = claim_query(now(), 32).compile(catalogue.engine,
                                          compile_kwargs={"literal_binds": True})
    with catalogue.engine.connect() as connection:
        plan = " ".join(str(r[-1]) for r in connection.execute(
            text(f"EXPLAIN QUERY PLAN {stmt}")))
    assert "ix_listings_status_id" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
