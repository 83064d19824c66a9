"""The trigger-kept ``image_counts`` table: always equal to a fresh GROUP BY over the
images, on SQLite and on PostgreSQL; the migration that adds it backfills an
existing catalogue; and the counting queries read it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import delete, func, insert, inspect, select, text, update

from reviewer.catalogue import labels, splits
from reviewer.catalogue.categories import list_categories
from reviewer.catalogue.counts import count_rows, counts_by_key, recount
from reviewer.catalogue.db import Catalogue, make_engine, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    include_name,
)
from reviewer.catalogue.queries import NO_CATEGORY, ImageFilter, _where, count_images, totals
from reviewer.catalogue.schema import Base, Category, Image

OPTS = ImportOptions(actor="importer", workers=1)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'counts.sqlite'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def cat(url: str) -> Iterator[Catalogue]:
    catalogue = open_catalogue(url)
    yield catalogue
    catalogue.close()


def assert_counts_match(cat: Catalogue) -> None:
    with cat.read() as s:
        assert counts_by_key(count_rows(s)) == recount(s)
        if cat.engine.dialect.name == "postgresql":  # the log is folded at every commit
            assert s.scalar(text("SELECT count(*) FROM image_count_deltas")) == 0
            assert s.scalar(text("SELECT count(*) FROM image_count_pending")) == 0
        # And the readers agree with counting the images directly.
        real = recount(s)
        t = totals(s)
        assert t["images"] == sum(real.values())
        assert t["labelled"] == sum(n for (c, _, _), n in real.items() if c is not None)
        assert t["unsure"] == sum(n for (_, _, u), n in real.items() if u)
        for split in ("train", "validation", "test"):
            assert t[split] == sum(n for (_, sp, _), n in real.items() if sp == split)
        assert t["unsplit"] == sum(n for (_, sp, _), n in real.items() if sp is None)
        per_category = {c.id: c.images for c in list_categories(s, include_retired=True)}
        for category_id, n in per_category.items():
            assert n == sum(v for (c, _, _), v in real.items() if c == category_id)


def test_counts_follow_every_kind_of_change(
    cat: Catalogue, category_folder: Path, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    assert_counts_match(cat)  # empty
    run_import(cat, category_folder, OPTS)
    assert_counts_match(cat)
    for i in range(3):
        make_image(tmp_path / "flat" / f"{i}.png", fmt="PNG", pattern=40 + i)
    run_import(cat, tmp_path / "flat", OPTS)  # unlabelled
    assert_counts_match(cat)
    with cat.write() as s:
        labels.relabel(s, [1, 2, 3, 17], "shoes", actor="alice")
    assert_counts_match(cat)
    with cat.write() as s:
        labels.set_unsure(s, [4, 5, 18], True, actor="bob")
    assert_counts_match(cat)
    with cat.write() as s:
        labels.undo(s, actor="bob")
    assert_counts_match(cat)
    with cat.write() as s:
        labels.redo(s, actor="bob")
    assert_counts_match(cat)
    with cat.write() as s:
        labels.relabel(s, [6, 7], None, actor="alice")  # back to no category
    assert_counts_match(cat)
    with cat.write() as s:
        labels.merge_categories(s, "hat", "jacket", actor="alice")
    assert_counts_match(cat)
    splits.make_splits(cat, splits.SplitConfig(seed=2))
    assert_counts_match(cat)
    for i in range(2):
        make_image(tmp_path / "more" / "trouser" / f"{i}.jpg", pattern=60 + i)
    run_import(cat, tmp_path / "more", OPTS)  # joins train/validation after the import
    assert_counts_match(cat)
    splits.make_splits(cat, rebuild_test=True)
    assert_counts_match(cat)
    with cat.write() as s:
        s.execute(update(Image).where(Image.id == 9).values(split=None))
        s.execute(update(Image).where(Image.id == 10).values(flagged=True))  # not counted
    assert_counts_match(cat)
    with cat.write() as s:
        s.execute(delete(Image).where(Image.id.in_([2, 11])))
    assert_counts_match(cat)
    with cat.read() as s:
        assert totals(s)["images"] == 16 + 3 + 2 - 2


def test_a_rolled_back_change_leaves_the_counts_alone(cat: Catalogue, category_folder: Path) -> None:
    run_import(cat, category_folder, OPTS)
    with cat.read() as s:
        before = counts_by_key(count_rows(s))

    def relabel_then_fail() -> None:
        with cat.write() as s:
            labels.relabel(s, [1, 2, 3], "shoes", actor="alice")
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        relabel_then_fail()
    with cat.read() as s:
        assert counts_by_key(count_rows(s)) == before
    assert_counts_match(cat)


def test_a_writer_sees_its_own_changes_in_the_counts(cat: Catalogue, category_folder: Path) -> None:
    run_import(cat, category_folder, OPTS)
    with cat.write() as s:
        shoes = {c.name: c.images for c in list_categories(s)}["shoes"]
        labels.relabel(s, [1, 2, 3], "shoes", actor="alice")  # hats
        assert {c.name: c.images for c in list_categories(s)}["shoes"] == shoes + 3
        assert counts_by_key(count_rows(s)) == recount(s)  # before the commit, too
    assert_counts_match(cat)


def test_count_images_reads_the_table_and_falls_back_to_counting(
    cat: Catalogue, category_folder: Path
) -> None:
    run_import(cat, category_folder, OPTS)
    splits.make_splits(cat, splits.SplitConfig(seed=1))
    with cat.write() as s:
        labels.relabel(s, [1, 5], None, actor="a")
        labels.set_unsure(s, [2, 6, 9], True, actor="a")
        s.execute(update(Image).where(Image.id.in_([3, 4])).values(flagged=True))
    with cat.read() as s:
        hat, shoes = (s.scalar(select(Category.id).where(Category.name == n))
                      for n in ("hat", "shoes"))
        filters = [
            ImageFilter(),
            ImageFilter(category_ids=(hat,)),
            ImageFilter(category_ids=(hat, shoes), split="train"),
            ImageFilter(category_ids=(NO_CATEGORY,)),
            ImageFilter(category_ids=(NO_CATEGORY, shoes), unsure=True),
            ImageFilter(split="none"),
            ImageFilter(split="test", unsure=False),
            ImageFilter(unsure=True),
            ImageFilter(flagged=True),  # not in the table: a real count
            ImageFilter(category_ids=(hat,), flagged=False),
            ImageFilter(search="hat_"),
            ImageFilter(image_ids=(1, 2, 3)),
        ]
        for flt in filters:
            real = s.scalar(_where(select(func.count(Image.id)), flt))
            assert count_images(s, flt) == real, flt


def _image_row(i: int, category_id: int | None, split: str | None, unsure: bool) -> dict[str, object]:
    return {"sha256": f"{i:064x}", "file_name": f"{i}.jpg", "width": 4, "height": 4,
            "format": "JPEG", "bytes": 10, "imported_at": datetime.now(UTC), "source": "folder",
            "split": split, "category_id": category_id, "unsure": unsure, "flagged": False,
            "version": 1}


def test_migration_backfills_an_existing_catalogue(url: str) -> None:
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0001")
        with engine.begin() as conn:
            assert "image_counts" not in inspect(conn).get_table_names()
            ids = [conn.execute(insert(Category).values(name=n, position=p, retired=False,
                                                        created_at=datetime.now(UTC))
                                ).inserted_primary_key[0] for p, n in enumerate(("a", "b"))]
            rows = [_image_row(i, (ids[0], ids[1], None)[i % 3],
                               ("train", "test", None, "validation")[i % 4], i % 5 == 0)
                    for i in range(1, 61)]
            conn.execute(insert(Image), rows)
    finally:
        engine.dispose()
    cat = open_catalogue(url)  # upgrades to head
    try:
        assert current_revision(cat.engine) == head_revision()  # 0002 and any later one
        assert_counts_match(cat)
        with cat.read() as s:
            assert totals(s)["images"] == 60
        with cat.write() as s:  # and the triggers are live
            s.execute(update(Image).where(Image.id <= 10).values(category_id=ids[1]))
            s.execute(insert(Image), [_image_row(100, None, None, True)])
        assert_counts_match(cat)
    finally:
        cat.close()


def test_downgrade_removes_the_table_and_its_triggers(url: str) -> None:
    cat = open_catalogue(url)
    try:
        command.downgrade(alembic_config(cat.engine), "0001")
        with cat.engine.begin() as conn:
            names = set(inspect(conn).get_table_names())
            assert not names & {"image_counts", "image_count_deltas", "image_count_pending"}
            # Writing images still works without the triggers' tables.
            conn.execute(insert(Image), [_image_row(1, None, "train", False)])
            conn.execute(update(Image).values(split="test"))
            conn.execute(delete(Image))
        command.upgrade(alembic_config(cat.engine), "head")
        assert_counts_match(cat)
    finally:
        cat.close()


def test_models_and_migrations_agree(cat: Catalogue) -> None:
    """What autogenerate would write for the models against a migrated catalogue: nothing."""
    with cat.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
        assert compare_metadata(ctx, Base.metadata) == []
