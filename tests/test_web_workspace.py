"""The page's workspace: plan versions and received files kept by hash, the year's progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from esep.web.workspace import Workspace
from ingest import read_plan
from ingest.forms import collect
from model.errors import EsepError
from model.progress import progress_to_dict

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
INBOX = SAMPLES / "submissions" / "2025"


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace.open(tmp_path / "ws")


def test_a_plan_is_kept_by_its_hash_and_read_under_its_own_name(ws):
    version = ws.add_plan((SAMPLES / "plan-ky.docx").read_bytes(), "plan-ky.docx")
    assert ws.plan_file(version).name == f"{version.sha256}.docx"
    plan = ws.current_plan()
    assert plan.source.file == "plan-ky.docx"
    assert plan == read_plan(SAMPLES / "plan-ky.docx")
    assert ws.add_plan((SAMPLES / "plan-ky.docx").read_bytes(), "copy.docx") == version
    assert len(ws.plans()) == 1


def test_versions_survive_a_restart(ws):
    ws.add_plan((SAMPLES / "plan-ky.docx").read_bytes(), "plan-ky.docx")
    ws.add_plan((SAMPLES / "plan-ky-v2.pdf").read_bytes(), "plan-ky-v2.pdf")
    again = Workspace.open(ws.folder)
    assert [v.name for v in again.plans()] == ["plan-ky.docx", "plan-ky-v2.pdf"]
    assert again.current_plan() == read_plan(SAMPLES / "plan-ky-v2.pdf")


def test_not_a_plan_is_refused_and_nothing_kept(ws):
    with pytest.raises(EsepError, match="plan.docx: this is an Excel workbook"):
        ws.add_plan((INBOX / "2025-КБ.xlsx").read_bytes(), "plan.docx")
    assert ws.plans() == () and not list(ws.folder.glob("plans/*"))


def test_a_file_of_another_kind_is_not_received(ws):
    with pytest.raises(EsepError, match="notes.exe: not a form"):
        ws.receive(2025, b"MZ", "notes.exe")


def test_the_year_from_received_files_equals_collect(ws):
    ws.add_plan((SAMPLES / "plan-ky.docx").read_bytes(), "plan-ky.docx")
    for path in sorted(INBOX.glob("*.xlsx")):
        ws.receive(2025, path.read_bytes(), path.name)
    ws.receive(2025, (INBOX / "2025-КБ.xlsx").read_bytes(), "2025-КБ.xlsx")  # the same file again
    assert len(ws.received(2025)) == 12
    expected = collect(read_plan(SAMPLES / "plan-ky.docx"), [INBOX], 2025)
    assert progress_to_dict(ws.progress(2025)) == progress_to_dict(expected)
    again = Workspace.open(ws.folder)  # read back from its saved copy
    assert progress_to_dict(again.progress(2025)) == progress_to_dict(expected)


def test_forms_of_the_older_version_are_carried_to_the_new_one(ws, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2025-КБ.xlsx").write_bytes((INBOX / "2025-КБ.xlsx").read_bytes())
    ws.add_plan((SAMPLES / "plan-ky.docx").read_bytes(), "plan-ky.docx")
    ws.receive(2025, (INBOX / "2025-КБ.xlsx").read_bytes(), "2025-КБ.xlsx")
    ws.add_plan((SAMPLES / "plan-ky-v2.docx").read_bytes(), "plan-ky-v2.docx")
    expected = collect(read_plan(SAMPLES / "plan-ky-v2.docx"), [inbox], 2025,
                       previous=[read_plan(SAMPLES / "plan-ky.docx")])
    assert progress_to_dict(ws.progress(2025)) == progress_to_dict(expected)


def test_report_settings_are_kept_per_year(ws):
    ws.save_report_settings(2025, {"signer_name": "А. Асанов"})
    assert Workspace.open(ws.folder).report_settings(2025) == {"signer_name": "А. Асанов"}
    assert ws.report_settings(2026) == {}
