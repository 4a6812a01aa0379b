"""Problems back to the units: `esep collect --feedback` on the sample submissions, reopened."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from esep.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INBOX = SAMPLES / "submissions" / "2025"
PLAN = SAMPLES / "plan-ky.docx"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Collect the samples with --feedback and -o; return the folder and the progress JSON."""
    out = tmp_path_factory.mktemp("feedback")
    before = digest(INBOX)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESEP_LANG", "en")   # the clerk reads English; the units get Kyrgyz
        result = CliRunner().invoke(cli, ["collect", str(PLAN), str(INBOX), "--year", "2025",
                                          "-o", str(out / "progress.json"),
                                          "--feedback", str(out / "back"), "--due", "01.02.2026"])
    assert result.exit_code == 0, result.output
    assert digest(INBOX) == before                      # the originals are only read
    return out / "back", json.loads((out / "progress.json").read_text(encoding="utf-8")), result


def test_every_unit_with_problems_gets_a_marked_copy_and_a_letter(run):
    back, progress, result = run
    counted = {u["file"]: u["unit"] for u in progress["units"] if u["returned"]}
    with_problems = {counted[p["file"]] for p in progress["problems"] if p["file"] in counted}
    names = {p.name for p in back.iterdir()}
    assert names == ({f"2025-{u}-кемчиликтер.xlsx" for u in with_problems}
                     | {f"2025-{u}-кат.docx" for u in with_problems}
                     | {"2025-ДКЖАКБ-эскертме.docx"})
    assert result.output.splitlines()[-1] == (
        f"Feedback in {back}: {len(with_problems)} units' forms marked, each with its letter, "
        "1 reminder.")


def test_each_problem_cell_is_marked_with_a_note_in_the_forms_language(run):
    back, progress, _ = run
    counted = {u["file"]: u["unit"] for u in progress["units"] if u["returned"]}
    for unit in set(counted.values()):
        path = back / f"2025-{unit}-кемчиликтер.xlsx"
        if not path.exists():
            continue
        mine = [p for p in progress["problems"] if counted.get(p["file"]) == unit and p["cell"]]
        ws = load_workbook(path)[mine[0]["sheet"]] if mine else None
        for problem in mine:
            cell = ws[problem["cell"]]
            assert cell.comment is not None and cell.comment.author == "esep", problem
            assert cell.fill.fgColor.rgb.endswith("FF9999")
        if ws is not None:
            noted = {c.coordinate for row in ws.iter_rows() for c in row if c.comment}
            assert noted == {p["cell"] for p in mine}


def test_the_note_on_a_status_not_in_the_list_names_it_and_the_list(run):
    back, _, _ = run
    ws = load_workbook(back / "2025-ЖКБ-кемчиликтер.xlsx")["ЖКБ"]
    note = ws["G12"].comment.text
    assert note.startswith("'бүттү' статус эмес; ")   # Kyrgyz, though the clerk reads English
    assert "аткарылды, аткарылууда, аткарылган жок" in note


def test_the_copy_keeps_its_identity_so_it_is_collected_again(run, tmp_path):
    back, _, _ = run
    copy = back / "2025-ЖКБ-кемчиликтер.xlsx"
    result = CliRunner().invoke(cli, ["collect", str(PLAN), str(copy), "--year", "2025"])
    assert result.exit_code == 0
    assert "hidden identity is missing" not in result.output
    assert "'бүттү' is not a status" in result.output


def test_the_letter_lists_the_problems_by_measure(run):
    back, _, _ = run
    doc = Document(back / "2025-ЖКБ-кат.docx")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("ЖКБ — ")
    assert "01.02.2026 чейин" in texts[2]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["6.5.1 иш-чара", "10.1.2 иш-чара"]
    assert "уяча G12: 'бүттү' статус эмес; булардын бирин тандаңыз: аткарылды, аткарылууда, " \
        "аткарылган жок, мөөнөтү келе элек" in texts


def test_the_reminder_names_the_units_measures_and_the_due_date(run):
    back, _, _ = run
    doc = Document(back / "2025-ДКЖАКБ-эскертме.docx")
    assert "01.02.2026 чейин" in doc.paragraphs[2].text
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["№", "Иш-чара", "Аткаруу мөөнөтү", "Ролу"]
    assert [r[0] for r in rows[1:]] == ["3.2.1"]
    assert rows[1][3] == "кошо аткаруучу"


def test_a_letter_opens_in_libreoffice(run, tmp_path):
    back, _, _ = run
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(back / "2025-ЖКБ-кат.docx")], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "2025-ЖКБ-кат.pdf").stat().st_size > 1000


def test_the_feedback_folder_may_not_be_inside_the_inbox(tmp_path):
    result = CliRunner().invoke(cli, ["collect", str(PLAN), str(INBOX), "--year", "2025",
                                      "--feedback", str(INBOX / "back")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {INBOX / 'back'}: the feedback would join the forms")
    assert not (INBOX / "back").exists()
