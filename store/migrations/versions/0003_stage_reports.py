"""Reports of a stage: a report row may cover several years (first_year … year).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: a year's report, as every report issued before this revision
    op.add_column("reports", sa.Column("first_year", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("first_year")
