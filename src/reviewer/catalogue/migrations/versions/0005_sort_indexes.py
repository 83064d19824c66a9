"""indexes for sorted, filtered grid pages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 16:30:00.000000

The grid reads a page of 200 rows for a filter (category, split, unsure) in an
order (id, file name or import time). Sorted by file name or import time, SQLite
collected every match through ``ix_images_category_split`` and sorted it to return
the first 200: 0.2-0.5 s at a million images (a category is ~150,000 matches),
1-2.5 s on a busy machine.

Indexes that start with the filter's columns (category, ..., sort key) answer such a
page in 0.3-2 ms, but a relabel moves each changed row to another place in every one
of them: five such indexes made a 10,000-row relabel 3.8-5.2 times slower (measured,
see benchmarks/README.md). So this migration adds two indexes that start with the
sort key and id and carry the filter columns: the page is read in order from the index and
filtered inside it (no table lookups for rows that do not match), and a relabel
rewrites each row's entry in place. ``ix_images_file_name`` (file name alone) is
replaced by the wider one. ``queries.page_images`` tells SQLite to use them (its
planner, without statistics, prefers the category index and a sort).
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_images_file_name", table_name="images")
    op.create_index("ix_images_file_name_filter", "images",
                    ["file_name", "id", "category_id", "split", "unsure"], unique=False)
    op.create_index("ix_images_imported_filter", "images",
                    ["imported_at", "id", "category_id", "split", "unsure"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_images_imported_filter", table_name="images")
    op.drop_index("ix_images_file_name_filter", table_name="images")
    op.create_index("ix_images_file_name", "images", ["file_name"], unique=False)
