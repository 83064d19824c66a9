"""suggestions: a model's suggested category for each unlabelled image

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 19:30:00.000000

One row per unlabelled image (model-assisted labelling, issue 11): the suggested
category, its confidence, the margin to the second class, where it came from (the
linear classifier on the embeddings, or a finished run) and two precomputed ranks that
the grid sorts by ("most useful first", "easiest first"), so a sorted page is an index
read joined to the images. A refresh replaces every row in one transaction; nothing
here is a label until a person accepts it (a label event with source "suggestion").
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'suggestions',
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('margin', sa.Float(), nullable=False),
        sa.Column('second_category_id', sa.Integer(), nullable=True),
        sa.Column('source_kind', sa.String(length=20), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('useful_rank', sa.Integer(), nullable=False),
        sa.Column('easy_rank', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_category_id'], ['categories.id'],
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('image_id'),
    )
    op.create_index('ix_suggestions_useful', 'suggestions', ['useful_rank', 'image_id'])
    op.create_index('ix_suggestions_easy', 'suggestions', ['easy_rank', 'image_id'])
    op.create_index('ix_suggestions_confidence', 'suggestions', ['confidence'])


def downgrade() -> None:
    op.drop_index('ix_suggestions_confidence', table_name='suggestions')
    op.drop_index('ix_suggestions_easy', table_name='suggestions')
    op.drop_index('ix_suggestions_useful', table_name='suggestions')
    op.drop_table('suggestions')
