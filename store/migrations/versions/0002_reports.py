"""Reports issued: year, outgoing number and date, the file kept.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("outgoing_number", sa.Text, nullable=False),
        sa.Column("outgoing_date", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stored_as", sa.Text, nullable=False),
        sa.Column("issued_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_reports_plan_id_plans"),
    )


def downgrade() -> None:
    op.drop_table("reports")
