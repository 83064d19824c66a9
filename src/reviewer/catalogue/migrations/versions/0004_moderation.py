"""moderation: listings, their photos, flags, decisions, calibrations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 16:30:00.000000

Listings are first-class rows with 1-n photos (ordinary catalogue images through
``listing_images``); ``flags`` say why a listing needs a moderator; decisions are
events (``moderation_decisions``) with undo and redo as further events; claims and
scoring leases are columns of the listing row itself, so that PostgreSQL's
``FOR UPDATE SKIP LOCKED`` and its re-check of a locked row both see them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'listings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('listing_id', sa.String(length=200), nullable=False),
        sa.Column('seller_id', sa.String(length=200), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('declared_category', sa.String(length=200), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('priority', sa.Float(), nullable=False),
        sa.Column('predicted_category', sa.String(length=200), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('top_json', sa.Text(), nullable=True),
        sa.Column('scored_run_id', sa.Integer(), nullable=True),
        sa.Column('scored_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('scored_by', sa.String(length=200), nullable=True),
        sa.Column('lease_by', sa.String(length=200), nullable=True),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.String(length=200), nullable=True),
        sa.Column('claim_until', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['scored_run_id'], ['runs.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('listing_id'),
    )
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listings_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index('ix_listings_status_priority', ['status', 'priority', 'id'],
                              unique=False)

    op.create_table(
        'listing_images',
        sa.Column('listing_pk', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['listing_pk'], ['listings.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('listing_pk', 'image_id'),
    )
    with op.batch_alter_table('listing_images', schema=None) as batch_op:
        batch_op.create_index('ix_listing_images_image', ['image_id'], unique=False)

    op.create_table(
        'flags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('listing_pk', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('details_json', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['listing_pk'], ['listings.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_listing_pk'), ['listing_pk'], unique=False)

    op.create_table(
        'moderation_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('listing_pk', sa.Integer(), nullable=False),
        sa.Column('moderator', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('category', sa.String(length=200), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('old_status', sa.String(length=20), nullable=False),
        sa.Column('new_status', sa.String(length=20), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('seconds', sa.Float(), nullable=True),
        sa.Column('label_batch_id', sa.Integer(), nullable=True),
        sa.Column('target_decision_id', sa.Integer(), nullable=True),
        sa.Column('undone', sa.Boolean(), nullable=False),
        sa.Column('redone', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['label_batch_id'], ['label_batches.id'], ),
        sa.ForeignKeyConstraint(['listing_pk'], ['listings.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['target_decision_id'], ['moderation_decisions.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('moderation_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_decisions_listing_pk'), ['listing_pk'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_decisions_moderator'), ['moderator'],
                              unique=False)

    op.create_table(
        'moderation_calibrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('target_precision', sa.Float(), nullable=False),
        sa.Column('prevalence', sa.Float(), nullable=False),
        sa.Column('threshold', sa.Float(), nullable=False),
        sa.Column('expected_precision', sa.Float(), nullable=False),
        sa.Column('expected_recall', sa.Float(), nullable=False),
        sa.Column('n_images', sa.Integer(), nullable=False),
        sa.Column('details_json', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('moderation_calibrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_calibrations_run_id'), ['run_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('moderation_calibrations')
    op.drop_table('moderation_decisions')
    op.drop_table('flags')
    op.drop_table('listing_images')
    op.drop_table('listings')
