"""Migration 0005: sorted, filtered pages of the grid come from an index range scan
(no sort of every match), and the migration upgrades an existing catalogue and
downgrades cleanly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import event, insert, inspect

from reviewer.catalogue.categories import ensure_categories
from reviewer.catalogue.db import make_engine, open_catalogue
from reviewer.catalogue.migrate import alembic_config
from reviewer.catalogue.queries import ImageFilter, page_images, position_of
from reviewer.catalogue.schema import Category, Image

NEW_INDEXES = {"ix_images_file_name_filter", "ix_images_imported_filter"}


def _rows(n: int, categories: list[int]) -> list[dict[str, object]]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [{"sha256": f"{i:064x}", "file_name": f"f{(i * 7919) % n:05d}.jpg", "width": 4,
             "height": 4, "format": "JPEG", "bytes": 1, "source": "folder",
             "imported_at": start + timedelta(seconds=(i * 104729) % n),
             "category_id": categories[i % len(categories)],
             "split": ("train", "validation", "test")[i % 3], "unsure": i % 7 == 0,
             "flagged": False, "version": 1} for i in range(1, n + 1)]


def test_upgrade_adds_the_indexes_and_downgrade_removes_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0002")
        with engine.begin() as conn:
            ids = [conn.execute(insert(Category).values(
                name=n, position=p, retired=False, created_at=datetime.now(UTC))
            ).inserted_primary_key[0] for p, n in enumerate(("a", "b"))]
            conn.execute(insert(Image), _rows(300, ids))
            before = {i["name"] for i in inspect(conn).get_indexes("images")}
        assert not NEW_INDEXES & before
        assert "ix_images_file_name" in before
    finally:
        engine.dispose()
    cat = open_catalogue(url)  # upgrades to head
    try:
        with cat.read() as session:
            names = {i["name"] for i in inspect(session.connection()).get_indexes("images")}
            assert names >= NEW_INDEXES
            assert "ix_images_file_name" not in names, "replaced by the wider index"
            assert len(page_images(session, ImageFilter(category_ids=(ids[0],)),
                                   sort="file_name")) == 150
    finally:
        cat.close()
    engine = make_engine(url)
    try:
        command.downgrade(alembic_config(engine), "0002")
        with engine.connect() as conn:
            after = {i["name"] for i in inspect(conn).get_indexes("images")}
        assert not NEW_INDEXES & after
        assert "ix_images_file_name" in after
    finally:
        engine.dispose()


@pytest.mark.parametrize("sort", ["file_name", "imported_at"])
@pytest.mark.parametrize("flt", [
    ImageFilter(category_ids=(1,), split="train", unsure=False),
    ImageFilter(category_ids=(1,)),
    ImageFilter(split="validation"),
    ImageFilter(),
], ids=["category+split+unsure", "category", "split", "none"])
def test_sorted_filtered_pages_need_no_sort_of_the_matches(tmp_path: Path, flt: ImageFilter,
                                                           sort: str) -> None:
    cat = open_catalogue(str(tmp_path / "c.sqlite"))
    try:
        with cat.write() as session:
            ids = ensure_categories(session, ["a", "b", "c"])
            session.execute(insert(Image), _rows(2000, list(ids.values())))
        seen: list[tuple[str, object]] = []

        def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
            seen.append((statement, parameters))

        event.listen(cat.engine, "before_cursor_execute", remember)
        with cat.read() as session:
            for descending in (False, True):
                seen.clear()
                rows = page_images(session, flt, limit=50, sort=sort, descending=descending)
                keys = [(getattr(r, sort), r.id) for r in rows]
                assert keys == sorted(keys, reverse=descending)
                statement, parameters = next((q, p) for q, p in seen if "ORDER BY" in q)
                plan = " | ".join(r[3] for r in session.connection().exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters))
                assert "TEMP B-TREE" not in plan, plan
                middle = rows[25]
                assert position_of(session, flt, middle.id, sort=sort,
                                   descending=descending) == 25
        event.remove(cat.engine, "before_cursor_execute", remember)
    finally:
        cat.close()
