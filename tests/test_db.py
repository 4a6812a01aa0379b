"""The workspace's database: migrations build the tables the code uses, older workspaces open."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from store import StoreError, Workspace
from store.db import engine_for, head_revision, upgrade
from store.schema import metadata


def _url(db_url, tmp_path: Path) -> str:
    return db_url or f"sqlite:///{tmp_path / 'esep.sqlite'}"


def test_migrations_from_empty_equal_the_tables(db_url, tmp_path):
    engine = engine_for(_url(db_url, tmp_path))
    upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    engine.dispose()


def _insert_plan(conn, plan) -> None:
    """Write `plan` as a workspace of an older revision held it, by plain SQL."""
    conn.execute(text(
        "INSERT INTO plans (fingerprint, file_name, file_sha256, stored_as, format, title, "
        "language, given_on, added_at, records) VALUES (:f, 'plan-ky.docx', 'x', "
        "'plans/p.docx', 'docx', 'Планы', 'ky', '2025-01-15', 'now', :r)"),
        {"f": plan.fingerprint(), "r": __import__("model.plan").plan.plan_to_json(plan)})


def test_a_workspace_of_an_older_revision_upgrades_and_keeps_its_rows(db_url, tmp_path, v1):
    url = _url(db_url, tmp_path)
    engine = engine_for(url)
    upgrade(engine, "0001")
    assert "reports" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        _insert_plan(conn, v1)
    engine.dispose()
    ws = Workspace.open(tmp_path / "ws", url)
    assert [v.fingerprint for v in ws.plans()] == [v1.fingerprint()]
    assert ws.current_plan() == v1
    assert "reports" in inspect(ws.engine).get_table_names()
    ws.close()


def test_reports_issued_before_stage_summaries_were_kept_stay_the_years(db_url, tmp_path, v1):
    url = _url(db_url, tmp_path)
    engine = engine_for(url)
    upgrade(engine, "0002")
    assert "first_year" not in {c["name"] for c in inspect(engine).get_columns("reports")}
    with engine.begin() as conn:
        _insert_plan(conn, v1)
        conn.execute(text(
            "INSERT INTO reports (year, plan_id, outgoing_number, outgoing_date, file_name, "
            "sha256, stored_as, issued_at) SELECT 2025, id, '01-12/345', '', 'report.docx', "
            "'y', 'reports/2025/report.docx', '2026-01-28' FROM plans"))
    engine.dispose()
    ws = Workspace.open(tmp_path / "ws", url)
    (kept,) = ws.reports(2025)
    assert (kept.outgoing_number, kept.first_year, kept.span) == ("01-12/345", None, "2025")
    assert ws.stage_reports() == ()
    ws.close()


def test_a_workspace_of_a_newer_esep_is_refused(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    ws.close()
    with pytest.raises(StoreError, match="made by a newer esep"):
        Workspace.open(tmp_path / "ws")


def test_sqlite_runs_in_wal_mode(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 60_000
    ws.close()


@pytest.mark.parametrize("url, message", [
    ("mysql://u@h/db", "SQLite or PostgreSQL, not mysql"),
    ("not a url", "is not a database URL"),
])
def test_an_unknown_database_is_refused_in_one_line(url, message):
    with pytest.raises(StoreError, match=message):
        engine_for(url)


def test_an_unreachable_postgresql_is_one_line(tmp_path):
    with pytest.raises(StoreError, match="cannot open the database"):
        Workspace.open(tmp_path / "ws", "postgresql://nobody:secret@127.0.0.1:1/none")


def test_a_database_error_is_one_line_naming_what_to_do(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    with ws.engine.begin() as conn:
        conn.execute(text("DROP TABLE reports"))
    with pytest.raises(StoreError, match=r"the workspace's database failed \(no such table: "
                                         r"reports\); nothing of this step was recorded"):
        ws.reports(2025)
    ws.close()
