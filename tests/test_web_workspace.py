"""The page's workspace over the store: plans and dropped files kept, the year as `esep collect` reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from esep.web.workspace import PageWorkspace
from ingest import read_plan
from ingest.forms import collect
from model.errors import EsepError
from model.progress import progress_to_dict
from store.collect import collect_into

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
INBOX = SAMPLES / "submissions" / "2025"


@pytest.fixture
def ws(tmp_path) -> PageWorkspace:
    return PageWorkspace.open(tmp_path / "ws")


def dropped(*paths: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in paths]


def test_a_plan_is_read_under_its_own_name_and_kept_once(ws):
    version = ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    assert version.file_name == "plan-ky.txt"
    assert ws.plan_file(version).read_bytes() == (SAMPLES / "plan-ky.txt").read_bytes()
    assert ws.current_plan().source.file == "plan-ky.txt"
    assert ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "again.txt") == version
    assert len(ws.plans()) == 1
    assert not list(ws.path(".incoming").iterdir())  # the temporary copy is gone


def test_not_a_plan_is_refused_and_nothing_kept(ws):
    with pytest.raises(EsepError, match="plan.docx: this is an Excel workbook"):
        ws.add_plan((INBOX / "2025-КБ.xlsx").read_bytes(), "plan.docx")
    assert ws.plans() == ()


def test_a_file_of_another_kind_is_not_received(ws):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    with pytest.raises(EsepError, match="notes.exe: not a form"):
        ws.receive(2025, [("notes.exe", b"MZ")])


def test_the_year_from_dropped_files_equals_collect(ws):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    files = dropped(*sorted(INBOX.glob("*.xlsx")))
    assert ws.receive(2025, files[:5]) == 5
    assert ws.receive(2025, files) == 7           # the first five are not read again
    assert len(ws.received(2025)) == 12
    kept = {p.name for p in ws.path("received", "2025").iterdir()}
    assert kept == {f"{r['sha256']}.xlsx" for r in ws.received(2025)}
    expected = collect(read_plan(SAMPLES / "plan-ky.txt"), [INBOX], 2025)
    assert progress_to_dict(ws.progress(2025)) == progress_to_dict(expected)
    again = PageWorkspace.open(ws.folder)          # after a restart, from the record
    assert progress_to_dict(again.progress(2025)) == progress_to_dict(expected)


def test_a_new_version_reads_the_year_again_and_carries_older_forms(ws, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2025-КБ.xlsx").write_bytes((INBOX / "2025-КБ.xlsx").read_bytes())
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    ws.receive(2025, dropped(INBOX / "2025-КБ.xlsx"))
    ws.add_plan((SAMPLES / "plan-ky-v2.docx").read_bytes(), "plan-ky-v2.docx")
    assert ws.progress(2025) is None               # not yet read against the new version
    ws.read_again(2025)
    expected = collect(read_plan(SAMPLES / "plan-ky-v2.docx"), [inbox], 2025,
                       previous=[read_plan(SAMPLES / "plan-ky.txt")])
    assert progress_to_dict(ws.progress(2025)) == progress_to_dict(expected)


def test_two_files_of_one_name_both_count(ws):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    first = (INBOX / "2025-КБ (биринчи вариант).xlsx").read_bytes()
    ws.receive(2025, [("2025-КБ.xlsx", first), ("2025-КБ.xlsx", (INBOX / "2025-КБ.xlsx").read_bytes())])
    (kb,) = [u for u in ws.progress(2025).units if u.unit == "КБ"]
    assert kb.returned and len(kb.superseded) == 1


def test_report_settings_are_kept_per_year(ws):
    ws.save_report_settings(2025, {"signer_name": "А. Асанов"})
    assert PageWorkspace.open(ws.folder).report_settings(2025) == {"signer_name": "А. Асанов"}
    assert ws.report_settings(2026) == {}


def test_the_kept_year_follows_forms_collected_from_the_command_line(ws, tmp_path):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    ws.receive(2025, dropped(INBOX / "2025-КБ.xlsx"))
    assert ws.path("web-cache", "progress-2025.json").is_file()
    before = sum(u.returned for u in PageWorkspace.open(ws.folder).progress(2025).units)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2025-ЖКБ.xlsx").write_bytes((INBOX / "2025-ЖКБ.xlsx").read_bytes())
    collect_into(ws.store, ws.current_plan(), [inbox], 2025)   # esep collect --workspace
    after = sum(u.returned for u in ws.progress(2025).units)
    assert (before, after) == (1, 2)


def test_a_drop_tells_how_far_it_got(ws):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    seen = []
    ws.receive(2025, dropped(*sorted(INBOX.glob("*.xlsx"))[:3]),
               on_file=lambda n, total, name: seen.append((n, total)))
    assert seen == [(0, 3), (1, 3), (2, 3)]
