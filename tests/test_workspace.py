"""The workspace's API on SQLite and PostgreSQL: plans, files, answers, progress, history."""

import os
import shutil
import stat
from datetime import date

import pytest
from sqlalchemy import func, select

from ingest.forms import collect
from model.progress import progress_to_dict
from store import Workspace
from store.collect import collect_into
from store.schema import answers, collects, problems, readings, received

from .conftest import SAMPLES

INBOX = SAMPLES / "submissions" / "2025"
FIRST_KB = "2025-КБ (биринчи вариант).xlsx"


@pytest.fixture
def ws(tmp_path, db_url):
    workspace = Workspace.open(tmp_path / "ws", db_url)
    yield workspace
    workspace.close()


def _counts(ws) -> dict[str, int]:
    with ws.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (received, readings, answers, problems, collects)}


def test_a_plan_version_is_kept_once_and_the_one_given_last_is_current(ws, v1, v2):
    first = ws.add_plan(v1, SAMPLES / "plan-ky.docx", date(2025, 1, 15))
    assert ws.add_plan(v1, SAMPLES / "plan-ky.pdf", date(2026, 1, 1)) == first
    ws.add_plan(v2, SAMPLES / "plan-ky-v2.docx", date(2026, 3, 1))
    assert [v.file_name for v in ws.plans()] == ["plan-ky.docx", "plan-ky-v2.docx"]
    assert ws.current_plan() == v2
    kept = ws.folder / first.stored_as
    assert kept.name == "2025-01-15 plan-ky.docx"
    assert kept.read_bytes() == (SAMPLES / "plan-ky.docx").read_bytes()
    assert not os.stat(kept).st_mode & stat.S_IWUSR


def test_progress_on_record_is_the_stateless_collect(ws, v1):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx")
    assert ws.progress(2025) is None
    recorded, new = collect_into(ws, v1, [INBOX], 2025)
    assert new == 12
    assert progress_to_dict(recorded) == progress_to_dict(collect(v1, [INBOX], 2025))
    assert progress_to_dict(ws.progress(2025)) == progress_to_dict(recorded)


def test_collecting_the_same_inbox_twice_changes_nothing(ws, v1):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx")
    collect_into(ws, v1, [INBOX], 2025)
    before = _counts(ws)
    files = sorted(p.name for p in (ws.folder / "received" / "2025").iterdir())
    assert before["received"] == len(files) == 12
    assert collect_into(ws, v1, [INBOX], 2025)[1] == 0
    assert _counts(ws) == before
    assert sorted(p.name for p in (ws.folder / "received" / "2025").iterdir()) == files


def test_a_resubmission_supersedes_and_both_are_kept(ws, v1, tmp_path):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx")
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy2(INBOX / FIRST_KB, first / FIRST_KB)
    assert ws.progress(2025) is None
    collect_into(ws, v1, [first], 2025)
    assert next(u for u in ws.progress(2025).units if u.unit == "КБ").file == FIRST_KB
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy2(INBOX / "2025-КБ.xlsx", second / "2025-КБ.xlsx")
    collect_into(ws, v1, [second], 2025)
    kb = next(u for u in ws.progress(2025).units if u.unit == "КБ")
    assert (kb.file, kb.superseded) == ("2025-КБ.xlsx", (FIRST_KB,))
    lines = [l for l in ws.history("2.1.1") if l.unit == "КБ"]
    assert sorted((l.file_name, l.counts) for l in lines) == [
        ("2025-КБ (биринчи вариант).xlsx", False), ("2025-КБ.xlsx", True)]
    for line in lines:  # the file each answer came from, as it came
        assert (ws.folder / line.stored_as).read_bytes() == (INBOX / line.file_name).read_bytes()
        assert line.stored_as == f"received/2025/{line.sha256}.xlsx"
        assert line.cell.startswith("G") and line.sheet == "КБ"


def test_history_follows_a_measure_across_plan_versions(ws, v1, v2):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx", date(2025, 1, 15))
    collect_into(ws, v1, [INBOX], 2025)
    ws.add_plan(v2, SAMPLES / "plan-ky-v2.docx", date(2026, 3, 1))
    # 6.2.1 of the first version is 6.3.1 of the second (a task was inserted before it)
    lines = ws.history("6.3.1")
    assert {(l.year, l.measure_id, l.plan.file_name, l.unit) for l in lines} >= {
        (2025, "6.2.1", "plan-ky.docx", "КБ")}
    assert all(l.measure_id == "6.2.1" for l in lines)
    # the new 6.2.1 of the second version was never asked about
    assert ws.history("6.2.1") == ()


def test_forms_of_an_older_version_on_record_are_carried_without_being_named(ws, v1, v2):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx", date(2025, 1, 15))
    ws.add_plan(v2, SAMPLES / "plan-ky-v2.docx", date(2026, 3, 1))
    progress, _ = collect_into(ws, v2, [INBOX], 2025)
    expected = collect(v2, [INBOX], 2025, previous=[v1])
    assert progress_to_dict(progress) == progress_to_dict(expected)
    assert sum(u.returned for u in progress.units) == 11


def test_reports_and_forms_are_kept_and_the_status_tells_them(ws, v1, tmp_path):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx")
    form = tmp_path / "2025-КБ.xlsx"
    form.write_bytes(b"form one")
    ws.record_forms(v1, 2025, [("КБ", form)])
    form.write_bytes(b"form two, made again")
    ws.record_forms(v1, 2025, [("КБ", form)])
    kept = sorted(p.name for p in (ws.folder / "forms" / "2025").iterdir())
    assert len(kept) == 2 and "2025-КБ.xlsx" in kept
    collect_into(ws, v1, [INBOX], 2025)
    report = tmp_path / "report.docx"
    report.write_bytes(b"report")
    issued = ws.record_report(v1, 2025, report, "01-12/345", "28.01.2026")
    assert (ws.folder / issued.stored_as).read_bytes() == b"report"
    status = ws.status()
    assert [v.file_name for v in status.plans] == ["plan-ky.docx"]
    (year,) = status.years
    assert (year.year, year.units_sent, year.units_missing) == (2025, ("КБ",), ("ДКЖАКБ",))
    assert len(year.units_returned) == 11 and year.files_received == 12
    assert (year.errors, year.warnings) == (5, 4)
    assert [r.outgoing_number for r in year.reports] == ["01-12/345"]


def test_a_stage_summary_is_kept_apart_from_the_years_reports(ws, v1, tmp_path):
    ws.add_plan(v1, SAMPLES / "plan-ky.docx")
    collect_into(ws, v1, [INBOX], 2025)
    summary = tmp_path / "stage.docx"
    summary.write_bytes(b"stage")
    issued = ws.record_report(v1, 2027, summary, "01-12/400", first_year=2025)
    assert (issued.span, issued.stored_as) == ("2025-2027", "reports/stage-2025-2027/stage.docx")
    assert (ws.folder / issued.stored_as).read_bytes() == b"stage"
    assert ws.reports(2027) == () and ws.years() == (2025,)
    status = ws.status()
    assert [(r.span, r.outgoing_number) for r in status.stages] == [("2025-2027", "01-12/400")]
    assert status.years[0].reports == ()


def test_a_file_received_is_never_written_over(ws, tmp_path):
    src = tmp_path / "a.xlsx"
    src.write_bytes(b"one")
    got = ws.receive(src, 2025)
    kept = ws.folder / got.stored_as
    assert kept.read_bytes() == b"one" and not os.stat(kept).st_mode & stat.S_IWUSR
    assert ws.receive(src, 2025) == got
    src.write_bytes(b"two")
    assert ws.receive(src, 2025).stored_as != got.stored_as
    assert kept.read_bytes() == b"one"


def test_a_file_as_workspace_folder_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(Exception, match="not a workspace folder"):
        Workspace.open(tmp_path / "file")
