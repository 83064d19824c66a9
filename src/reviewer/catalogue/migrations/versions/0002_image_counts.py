"""image counts kept by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00.000000

``image_counts`` holds the number of images per (category, split, unsure), so that
the status bar, ``reviewer stats`` and the category list stop scanning every image
(300-600 ms at a million rows; the table answers in about 1 ms).

SQLite: three row triggers update the counts in place. Writers are serialised by
SQLite's write lock, so nothing can deadlock.

PostgreSQL: the same in-place update would (1) deadlock two curators relabelling
at the same time: row triggers fire in each statement's row order, a bulk relabel
is one UPDATE per image in id order, so curator A can hold the count row of
(hat, train) and wait for (hat, validation) while B holds them the other way round
-- statement-level triggers do not help, since the driver runs an executemany as
one statement per row; and an immediate count update also waits on count rows
while holding image rows, which deadlocks with a curator who holds those image
rows and waits for the counts; and (2) it is slow: updating one row 10,000 times
in one transaction leaves 10,000 row versions that every later update walks.
So the row triggers only append to a log (``image_count_deltas``: insert-only, no
unique key, so no transaction ever waits on another there) and mark the
transaction in ``image_count_pending`` (keyed by its own transaction id). A
deferred constraint trigger on that mark runs once, at COMMIT, when the
transaction holds every image row it will ever lock: it folds the log into
``image_counts`` in (category_id, split, unsure) order -- the same order in every
transaction, so the count rows cannot deadlock -- and deletes the log rows.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


BACKFILL = (
    "INSERT INTO image_counts (category_id, split, unsure, n) "
    "SELECT coalesce(category_id, 0), coalesce(split, ''), unsure, count(*) "
    "FROM images GROUP BY coalesce(category_id, 0), coalesce(split, ''), unsure"
)

SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER tr_images_counts_insert AFTER INSERT ON images BEGIN
      INSERT INTO image_counts (category_id, split, unsure, n)
      VALUES (coalesce(NEW.category_id, 0), coalesce(NEW.split, ''), NEW.unsure, 1)
      ON CONFLICT (category_id, split, unsure) DO UPDATE SET n = n + 1;
    END
    """,
    """
    CREATE TRIGGER tr_images_counts_delete AFTER DELETE ON images BEGIN
      UPDATE image_counts SET n = n - 1
      WHERE category_id = coalesce(OLD.category_id, 0) AND split = coalesce(OLD.split, '')
        AND unsure = OLD.unsure;
    END
    """,
    """
    CREATE TRIGGER tr_images_counts_update AFTER UPDATE OF category_id, split, unsure ON images
    WHEN OLD.category_id IS NOT NEW.category_id OR OLD.split IS NOT NEW.split
      OR OLD.unsure IS NOT NEW.unsure
    BEGIN
      UPDATE image_counts SET n = n - 1
      WHERE category_id = coalesce(OLD.category_id, 0) AND split = coalesce(OLD.split, '')
        AND unsure = OLD.unsure;
      INSERT INTO image_counts (category_id, split, unsure, n)
      VALUES (coalesce(NEW.category_id, 0), coalesce(NEW.split, ''), NEW.unsure, 1)
      ON CONFLICT (category_id, split, unsure) DO UPDATE SET n = n + 1;
    END
    """,
)

POSTGRES_UPGRADE = (
    """
    CREATE TABLE image_count_deltas (
      txid BIGINT NOT NULL,
      category_id INTEGER NOT NULL,
      split VARCHAR(12) NOT NULL,
      unsure BOOLEAN NOT NULL,
      delta INTEGER NOT NULL
    )
    """,
    "CREATE INDEX ix_image_count_deltas_txid ON image_count_deltas (txid)",
    "CREATE TABLE image_count_pending (txid BIGINT PRIMARY KEY)",
    """
    CREATE FUNCTION images_counts_log() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      tx BIGINT := txid_current();
    BEGIN
      -- Never waits: the key is this transaction's own id.
      INSERT INTO image_count_pending (txid) VALUES (tx) ON CONFLICT DO NOTHING;
      IF TG_OP = 'UPDATE' THEN
        INSERT INTO image_count_deltas (txid, category_id, split, unsure, delta) VALUES
          (tx, coalesce(OLD.category_id, 0), coalesce(OLD.split, ''), OLD.unsure, -1),
          (tx, coalesce(NEW.category_id, 0), coalesce(NEW.split, ''), NEW.unsure, 1);
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO image_count_deltas (txid, category_id, split, unsure, delta) VALUES
          (tx, coalesce(NEW.category_id, 0), coalesce(NEW.split, ''), NEW.unsure, 1);
      ELSE
        INSERT INTO image_count_deltas (txid, category_id, split, unsure, delta) VALUES
          (tx, coalesce(OLD.category_id, 0), coalesce(OLD.split, ''), OLD.unsure, -1);
      END IF;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION image_counts_fold() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      r RECORD;
    BEGIN
      -- At COMMIT, once per transaction: fold its log into image_counts, locking
      -- the count rows in key order (the same in every transaction: no deadlock).
      FOR r IN
        SELECT category_id, split, unsure, sum(delta)::INTEGER AS change
        FROM image_count_deltas WHERE txid = NEW.txid
        GROUP BY category_id, split, unsure
        HAVING sum(delta) <> 0
        ORDER BY category_id, split, unsure
      LOOP
        INSERT INTO image_counts AS c (category_id, split, unsure, n)
        VALUES (r.category_id, r.split, r.unsure, r.change)
        ON CONFLICT (category_id, split, unsure) DO UPDATE SET n = c.n + EXCLUDED.n;
      END LOOP;
      DELETE FROM image_count_deltas WHERE txid = NEW.txid;
      DELETE FROM image_count_pending WHERE txid = NEW.txid;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER tr_images_counts_insert AFTER INSERT ON images
    FOR EACH ROW EXECUTE FUNCTION images_counts_log()
    """,
    """
    CREATE TRIGGER tr_images_counts_delete AFTER DELETE ON images
    FOR EACH ROW EXECUTE FUNCTION images_counts_log()
    """,
    """
    CREATE TRIGGER tr_images_counts_update AFTER UPDATE OF category_id, split, unsure ON images
    FOR EACH ROW WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id
                       OR OLD.split IS DISTINCT FROM NEW.split
                       OR OLD.unsure IS DISTINCT FROM NEW.unsure)
    EXECUTE FUNCTION images_counts_log()
    """,
    """
    CREATE CONSTRAINT TRIGGER tr_image_counts_fold AFTER INSERT ON image_count_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION image_counts_fold()
    """,
)

POSTGRES_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS tr_images_counts_update ON images",
    "DROP TRIGGER IF EXISTS tr_images_counts_delete ON images",
    "DROP TRIGGER IF EXISTS tr_images_counts_insert ON images",
    "DROP TABLE IF EXISTS image_count_pending",
    "DROP TABLE IF EXISTS image_count_deltas",
    "DROP FUNCTION IF EXISTS image_counts_fold()",
    "DROP FUNCTION IF EXISTS images_counts_log()",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # Nobody changes images between the backfill and the triggers.
        op.execute("LOCK TABLE images IN SHARE ROW EXCLUSIVE MODE")
    op.create_table('image_counts',
    sa.Column('category_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('split', sa.String(length=12), nullable=False),
    sa.Column('unsure', sa.Boolean(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('category_id', 'split', 'unsure')
    )
    op.execute(BACKFILL)
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRES_UPGRADE:
            op.execute(statement)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"image_counts triggers for {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("tr_images_counts_update", "tr_images_counts_delete",
                     "tr_images_counts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        for statement in POSTGRES_DOWNGRADE:
            op.execute(statement)
    op.drop_table('image_counts')
