"""The workspace's tables (SQLAlchemy Core): what the department has on record.

Migrations in ``store/migrations`` build exactly these tables; a test checks the two agree.
Texts are kept exactly as read (the plan's Kyrgyz included); times are UTC ISO strings, dates
ISO dates, so the same rows read the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# One row per plan version: its records (plan JSON) and the file they were read from.
plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("stored_as", Text, nullable=False),       # relative to the workspace folder
    Column("format", String(8), nullable=False),
    Column("title", Text, nullable=False),
    Column("language", String(4), nullable=False),
    Column("given_on", String(10), nullable=False),  # the date the version was given (ISO)
    Column("added_at", String(32), nullable=False),
    Column("records", Text, nullable=False),         # model.plan.plan_to_json
)

# The forms made for the units, one row per file written.
forms_sent = Table(
    "forms_sent", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("unit", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("stored_as", Text, nullable=False),
    Column("sent_at", String(32), nullable=False),
    UniqueConstraint("year", "unit", "sha256", name="uq_forms_sent_year_unit_sha256"),
)

# Every file received, copied in under its sha256: never overwritten, never deleted.
received = Table(
    "received", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),       # the name it came under
    Column("stored_as", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("mtime", Float, nullable=False),          # the file's own time when received
    Column("received_at", String(32), nullable=False),
    UniqueConstraint("year", "sha256", name="uq_received_year_sha256"),
)

# A run of `esep collect` with a workspace: which plan version the year was read against.
collects = Table(
    "collects", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False),
    Column("files", Integer, nullable=False),
    Column("new_files", Integer, nullable=False),
    Column("at", String(32), nullable=False),
)

# One received file read against one plan version for one year: what it gave.
readings = Table(
    "readings", metadata,
    Column("id", Integer, primary_key=True),
    Column("received_id", Integer, ForeignKey("received.id"), nullable=False),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("name", Text, nullable=False),            # the name problems use
    Column("unit", Text),
    Column("usable", Boolean, nullable=False),
    Column("sheet", Text, nullable=False),
    Column("form_plan", String(64)),                 # fingerprint in the form's identity
    Column("filled_on", String(10)),
    Column("filled_by", Text, nullable=False),
    Column("read_at", String(32), nullable=False),
    UniqueConstraint("received_id", "plan_id", "year", name="uq_readings_received_id"),
)
Index("ix_readings_year_plan", readings.c.year, readings.c.plan_id)

# Every answer read from a form, where it was read (the measure id is the reading plan's).
answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("reading_id", Integer, ForeignKey("readings.id"), nullable=False),
    Column("measure_id", String(32), nullable=False),
    Column("unit", Text, nullable=False),
    Column("role", String(8), nullable=False),
    Column("status", String(16)),
    Column("done", Text, nullable=False),
    Column("figures", Text, nullable=False),
    Column("documents", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("row", Integer, nullable=False),
    Column("cell", String(16), nullable=False),       # the status cell, e.g. G12
)
Index("ix_answers_reading_id", answers.c.reading_id)
Index("ix_answers_measure_id", answers.c.measure_id)

# The problems a reading found, located as the collect summary locates them.
problems = Table(
    "problems", metadata,
    Column("id", Integer, primary_key=True),
    Column("reading_id", Integer, ForeignKey("readings.id"), nullable=False),
    Column("type", String(40), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("file", Text, nullable=False),
    Column("sheet", Text, nullable=False),
    Column("cell", String(16), nullable=False),
    Column("measure", String(32), nullable=False),
)
Index("ix_problems_reading_id", problems.c.reading_id)

# Each report issued: the year (a stage's last year), the letter's number and date, the file kept.
reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("first_year", Integer),                  # a stage summary's first year; NULL: a year's
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False),
    Column("outgoing_number", Text, nullable=False),
    Column("outgoing_date", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("stored_as", Text, nullable=False),
    Column("issued_at", String(32), nullable=False),
)
