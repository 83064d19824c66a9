"""review events: curators' verdicts on suggestions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 16:30:00.000000

One row per verdict ("this label is right", "not an outlier", "not duplicates"), so
that a confirmed image is not suggested again. Embeddings are not in the database:
they live in a content-addressed file store (see reviewer.curation.embedding_store).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'review_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('decision', sa.String(length=20), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_review_events_kind_image', 'review_events',
                    ['kind', 'image_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_review_events_kind_image', table_name='review_events')
    op.drop_table('review_events')
