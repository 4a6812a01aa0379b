"""The first workspace: plan versions, forms sent, files received, their readings and answers.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("stored_as", sa.Text, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("language", sa.String(4), nullable=False),
        sa.Column("given_on", sa.String(10), nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.Column("records", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.UniqueConstraint("fingerprint", name="uq_plans_fingerprint"),
    )
    op.create_table(
        "forms_sent",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stored_as", sa.Text, nullable=False),
        sa.Column("sent_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_forms_sent"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_forms_sent_plan_id_plans"),
        sa.UniqueConstraint("year", "unit", "sha256", name="uq_forms_sent_year_unit_sha256"),
    )
    op.create_table(
        "received",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("stored_as", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("mtime", sa.Float, nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_received"),
        sa.UniqueConstraint("year", "sha256", name="uq_received_year_sha256"),
    )
    op.create_table(
        "collects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("files", sa.Integer, nullable=False),
        sa.Column("new_files", sa.Integer, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_collects"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_collects_plan_id_plans"),
    )
    op.create_table(
        "readings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("received_id", sa.Integer, nullable=False),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("unit", sa.Text),
        sa.Column("usable", sa.Boolean, nullable=False),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("form_plan", sa.String(64)),
        sa.Column("filled_on", sa.String(10)),
        sa.Column("filled_by", sa.Text, nullable=False),
        sa.Column("read_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_readings"),
        sa.ForeignKeyConstraint(["received_id"], ["received.id"],
                                name="fk_readings_received_id_received"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_readings_plan_id_plans"),
        sa.UniqueConstraint("received_id", "plan_id", "year", name="uq_readings_received_id"),
    )
    op.create_index("ix_readings_year_plan", "readings", ["year", "plan_id"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reading_id", sa.Integer, nullable=False),
        sa.Column("measure_id", sa.String(32), nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16)),
        sa.Column("done", sa.Text, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("documents", sa.Text, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("cell", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.ForeignKeyConstraint(["reading_id"], ["readings.id"],
                                name="fk_answers_reading_id_readings"),
    )
    op.create_index("ix_answers_reading_id", "answers", ["reading_id"])
    op.create_index("ix_answers_measure_id", "answers", ["measure_id"])
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reading_id", sa.Integer, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("cell", sa.String(16), nullable=False),
        sa.Column("measure", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_problems"),
        sa.ForeignKeyConstraint(["reading_id"], ["readings.id"],
                                name="fk_problems_reading_id_readings"),
    )
    op.create_index("ix_problems_reading_id", "problems", ["reading_id"])


def downgrade() -> None:
    for table in ("problems", "answers", "readings", "collects", "received", "forms_sent",
                  "plans"):
        op.drop_table(table)
