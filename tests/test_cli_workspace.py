"""The commands with a workspace, as a person runs them: from ingest to status and history."""

from click.testing import CliRunner

from esep.cli import cli

from .conftest import SAMPLES

INBOX = str(SAMPLES / "submissions" / "2025")
V1, V2 = str(SAMPLES / "plan-ky.docx"), str(SAMPLES / "plan-ky-v2.docx")


def run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_year_kept_in_a_workspace(tmp_path):
    ws = str(tmp_path / "ws")
    run("ingest", V1, "--workspace", ws, "--given-on", "15.01.2025", "-o", str(tmp_path / "p.json"))
    assert "forms kept in forms/2025/" in run("forms", V1, "--year", "2025", "-o",
                                              str(tmp_path / "forms"), "--workspace", ws)
    first = run("collect", V1, INBOX, "--year", "2025", env={"ESEP_WORKSPACE": ws})
    assert first.startswith("workspace ") and "12 new files recorded" in first
    again = run("collect", V1, INBOX, "--year", "2025", "--workspace", ws)
    assert "0 new files recorded" in again
    assert again.splitlines()[1:] == first.splitlines()[1:]
    out = run("report", V1, "--year", "2025", "-o", str(tmp_path / "report.docx"),
              "--workspace", ws, "--outgoing-number", "01-12/345")
    assert "the report is kept as reports/2025/report.docx" in out
    status = run("status", "--workspace", ws).splitlines()
    assert status[1:] == [
        "Plan versions (the last given is current):",
        "  1. plan-ky.docx, given 2025-01-15, 27 measures  ← current",
        "2025 (read against plan-ky.docx):",
        "  forms sent to 12 units; returned by 11; 12 file(s) received",
        "  not returned: ДКЖАКБ",
        "  problems standing: 5 error(s), 4 warning(s) (esep collect … --year 2025 "
        "--workspace DIR lists them)",
        f"  report issued No 01-12/345 on {status[-1].split(' on ')[1][:10]}: "
        "reports/2025/report.docx"]


def test_history_across_versions_names_the_file_and_cell(tmp_path):
    ws = str(tmp_path / "ws")
    run("ingest", V1, "--workspace", ws, "--given-on", "2025-01-15")
    run("collect", V1, INBOX, "--year", "2025", "--workspace", ws)
    run("ingest", V2, "--workspace", ws, "--given-on", "2026-03-01")
    out = run("history", "6.3.1", "--workspace", ws).splitlines()
    assert out[0].startswith("Measure 6.3.1: «Түндүк» ВЭӨС менен интеграциялоо")
    assert out[1:3] == ["2025:", "  КБ (lead): аткарылган жок"]
    assert ("      from 2025-КБ.xlsx, sheet 'КБ', cell G13 (kept as received/2025/"
            in "\n".join(out))
    assert "plan plan-ky.docx, 6.2.1 in that version)" in out[-1]


def test_a_form_of_a_version_on_record_is_carried_without_previous_plan(tmp_path):
    ws = str(tmp_path / "ws")
    run("ingest", V1, "--workspace", ws, "--given-on", "2025-01-15")
    run("ingest", V2, "--workspace", ws, "--given-on", "2026-03-01")
    out = run("collect", V2, INBOX, "--year", "2025", "--workspace", ws)
    assert "2025: 11 of 12 units returned their form" in out
    assert "answer carried from the form's older plan version to measure 6.3.1 (was 6.2.1)" in out


def test_status_and_history_need_a_workspace():
    for args in (["status"], ["history", "1.1.1"]):
        result = CliRunner().invoke(cli, args, env={"ESEP_WORKSPACE": ""})
        assert result.exit_code == 2
        assert "give the workspace: --workspace DIR (or ESEP_WORKSPACE)" in result.output


def test_a_measure_in_no_version_is_one_line(tmp_path):
    ws = str(tmp_path / "ws")
    run("ingest", V1, "--workspace", ws)
    result = CliRunner().invoke(cli, ["history", "99.1.1", "--workspace", ws])
    assert result.exit_code == 1
    assert result.output == ("Error: there is no measure 99.1.1 in any plan version of the "
                             "workspace\n")


def test_report_from_a_workspace_with_nothing_collected_says_so(tmp_path):
    ws = str(tmp_path / "ws")
    run("ingest", V1, "--workspace", ws)
    result = CliRunner().invoke(cli, ["report", V1, "--year", "2025", "-o",
                                      str(tmp_path / "r.docx"), "--workspace", ws])
    assert result.exit_code == 1
    assert "nothing is collected for 2025 against this plan version" in result.output


def test_ingest_tells_a_version_already_on_record(tmp_path):
    ws = str(tmp_path / "ws")
    first = CliRunner().invoke(cli, ["ingest", V1, "--workspace", ws, "--given-on", "2025-01-15",
                                     "--table"])
    assert "plan version recorded: plan-ky.docx (2025-01-15)" in first.output
    again = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.pdf"), "--workspace", ws,
                                     "--table"])
    assert "plan version already on record as plan-ky.docx (2025-01-15)" in again.output
