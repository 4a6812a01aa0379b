"""Tests of render.publish and the `esep report` / `esep publish` commands."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from docx import Document

from esep.cli import cli
from model.plan import plan_to_json
from model.progress import OUTCOME_LABELS, OUTCOME_NO_INFO, progress_to_json
from render.publish import PublishError, docx_to_pdf, public_data, render_html, scrub_phones
from render.report import TEMPLATE, ReportSettings
from tests.test_report import YEAR, main_table, plan, progress  # noqa: F401 (the report's fixtures)

HAS_SOFFICE = bool(shutil.which("soffice"))
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture()
def files(tmp_path, plan, progress):
    (tmp_path / "plan.json").write_text(plan_to_json(plan), encoding="utf-8")
    (tmp_path / "progress.json").write_text(progress_to_json(progress), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text", ["+996 312 54 11 22", "0312 54-11-22", "(0312) 541122",
                                  "0555123456", "+996555123456"])
def test_phone_numbers_are_hidden(text):
    assert scrub_phones(f"тел. {text}, ишеним") == "тел. [i], ишеним".replace("[i]", "[…]")


@pytest.mark.parametrize("text", ["2025-06-30", "1.1.1", "2025–2027-жылдар", "36 нускама",
                                  "№ 123 от 12.03.2025", "https://mchs.gov.kg/a/2025123456"])
def test_dates_ids_and_counts_are_kept(text):
    assert scrub_phones(text) == text


def test_html_is_self_contained_and_has_no_phone(plan, progress):
    settings = ReportSettings(preparer_name="Б. Бекова", preparer_phone="0312 54 11 22")
    html = render_html(public_data(plan, progress, YEAR, settings))
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', html)
    assert not re.search(r'(src|href)="(?!data:)', html)
    assert "54 11 22" not in html and "[…]" in html  # the preparer's and the one in 2.1.1
    for mp in progress.measures:
        assert f'id="m{mp.measure_id}"' in html
    assert html.count('class="section"') == len({m.split(".")[0] for m in
                                                 (mp.measure_id for mp in progress.measures)})
    assert plan.title in html


def test_no_soffice_gives_one_clear_line(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PublishError, match="LibreOffice is not installed"):
        docx_to_pdf(b"PK")


def test_report_command_from_progress(files):
    out = files / "out" / "report.docx"
    result = CliRunner().invoke(cli, [
        "report", str(files / "plan.json"), "--progress", str(files / "progress.json"),
        "--year", str(YEAR), "-o", str(out), "--lang", "ru", "--signer-name", "А. Асанов"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}  (25 measures of 2025: 4 done")
    doc = Document(str(out))
    assert main_table(doc).rows[0].cells[5].text == "Статус"
    assert any("А. Асанов" in p.text for p in doc.paragraphs)


def test_report_command_with_config(files):
    config = files / "esep.toml"
    config.write_text('[report]\nsigner_position = "Начальник управления"\n'
                      'signer_name = "А. Асанов"\n', encoding="utf-8")
    out = files / "r.docx"
    result = CliRunner().invoke(cli, [
        "report", str(files / "plan.json"), "--progress", str(files / "progress.json"),
        "--year", str(YEAR), "-o", str(out), "--config", str(config), "--signer-name", "Б. Бекова"])
    assert result.exit_code == 0, result.output
    signature = next(p.text for p in Document(str(out)).paragraphs if "\t" in p.text)
    assert signature == "Начальник управления\tБ. Бекова"


def test_report_command_collects_forms(tmp_path, plan, files):
    runner = CliRunner()
    made = runner.invoke(cli, ["forms", str(files / "plan.json"), "--year", str(YEAR),
                               "-o", str(tmp_path / "forms")])
    assert made.exit_code == 0, made.output
    out = tmp_path / "report.docx"
    result = runner.invoke(cli, ["report", str(files / "plan.json"), str(tmp_path / "forms"),
                                 "--year", str(YEAR), "-o", str(out)])
    assert result.exit_code == 0, result.output
    statuses = {r.cells[-1].text for r in main_table(Document(str(out))).rows[1:]
                if len(r._tr.tc_lst) > 1}
    assert statuses == {OUTCOME_LABELS["ky"][OUTCOME_NO_INFO]}  # empty forms: nothing written


@pytest.mark.parametrize("args, message", [
    ([], "give the filled forms"),
    (["INBOX", "--progress", "PROGRESS"], "not both"),
])
def test_report_command_usage(files, args, message):
    args = [a.replace("INBOX", str(files)).replace("PROGRESS", str(files / "progress.json"))
            for a in args]
    result = CliRunner().invoke(cli, ["report", str(files / "plan.json"), *args,
                                      "--year", str(YEAR), "-o", str(files / "r.docx")])
    assert result.exit_code == 2 and message in result.output


def test_broken_template_is_one_line(files):
    bad = files / "t.docx"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(cli, [
        "report", str(files / "plan.json"), "--progress", str(files / "progress.json"),
        "--year", str(YEAR), "-o", str(files / "r.docx"), "--template", str(bad)])
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}: not a Word .docx file (save it in Word as .docx)\n"


def test_publish_without_soffice(files, monkeypatch):
    monkeypatch.setenv("PATH", str(files))  # no soffice on it
    result = CliRunner().invoke(cli, [
        "publish", str(files / "plan.json"), "--progress", str(files / "progress.json"),
        "--year", str(YEAR), "-o", str(files / "site")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: LibreOffice is not installed")
    assert (files / "site" / "report.html").is_file()
    assert not (files / "site" / "report.pdf").exists()


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_publish_writes_pdf_and_html(files, progress):
    result = CliRunner().invoke(cli, [
        "publish", str(files / "plan.json"), "--progress", str(files / "progress.json"),
        "--year", str(YEAR), "-o", str(files / "site"), "--preparer", "Б. Бекова",
        "--phone", "0312 54 11 22"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(files / "site" / "report.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Б. Бекова" in text and "54 11 22" not in text
    for mp in progress.measures:
        assert mp.measure_id in text
    assert (files / "site" / "report.html").stat().st_size > 10_000


def _report_args(files, out, *extra):
    return ["report", str(files / "plan.json"), "--progress", str(files / "progress.json"),
            "--year", str(YEAR), "-o", str(out), *extra]


@pytest.mark.parametrize("name", ["plan.json", "progress.json", "esep.toml", "t.docx", "old.json"])
def test_report_never_writes_over_an_input(files, name):
    config, template, old = files / "esep.toml", files / "t.docx", files / "old.json"
    config.write_text('[report]\nsigner_name = "А. Асанов"\n', encoding="utf-8")
    template.write_bytes(TEMPLATE.read_bytes())
    old.write_bytes((files / "plan.json").read_bytes())
    before = {p: p.read_bytes() for p in files.iterdir()}
    result = CliRunner().invoke(cli, _report_args(files, files / name, "--config", str(config),
                                                  "--template", str(template),
                                                  "--previous-plan", str(old)))
    assert result.exit_code == 1
    assert result.output == (f"Error: {files / name}: this is also an input file; "
                             "write the output under another name\n")
    assert {p: p.read_bytes() for p in files.iterdir()} == before


@pytest.mark.parametrize("which", ["plan", "form"])
def test_report_never_writes_over_a_plan_docx_or_a_form(tmp_path, which):
    plan = tmp_path / "myplan.docx"
    plan.write_bytes((SAMPLES / "plan-ky.docx").read_bytes())
    form = tmp_path / "КБ.xlsx"
    form.write_bytes(b"a form")
    out = plan if which == "plan" else form
    result = CliRunner().invoke(cli, ["report", str(plan), str(form), "--year", str(YEAR),
                                      "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {out}: this is also an input file; "
                             "write the output under another name\n")
    assert plan.read_bytes() == (SAMPLES / "plan-ky.docx").read_bytes()
    assert form.read_bytes() == b"a form"

def test_report_public_never_writes_its_pdf_over_the_plan(files):
    plan = files / "report.pdf"
    plan.write_bytes((SAMPLES / "plan-ky.pdf").read_bytes())
    result = CliRunner().invoke(cli, [
        "report", str(plan), "--progress", str(files / "progress.json"), "--year", str(YEAR),
        "-o", str(files / "report.docx"), "--public"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {plan}: this is also an input file; "
                             "write the output under another name\n")
    assert plan.read_bytes() == (SAMPLES / "plan-ky.pdf").read_bytes()
    assert not (files / "report.docx").exists() and not (files / "report.html").exists()


def test_publish_never_writes_over_an_input(files):
    site = files / "site"
    site.mkdir()
    progress = site / "report.html"
    progress.write_bytes((files / "progress.json").read_bytes())
    result = CliRunner().invoke(cli, [
        "publish", str(files / "plan.json"), "--progress", str(progress), "--year", str(YEAR),
        "-o", str(site)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {progress}: this is also an input file; "
                             "write the output under another name\n")
    assert progress.read_bytes() == (files / "progress.json").read_bytes()
    assert not (site / "report.pdf").exists()



@pytest.mark.parametrize("name", ["report.pdf", "report", "report.docx.html"])
def test_report_name_must_end_in_docx(files, name):
    out = files / name
    result = CliRunner().invoke(cli, _report_args(files, out))
    assert result.exit_code == 1
    assert result.output == (f"Error: {out}: the report is a Word file; "
                             "give -o a name ending in .docx\n")
    assert not out.exists()


def test_report_name_in_capitals_is_a_docx(files):
    result = CliRunner().invoke(cli, _report_args(files, files / "REPORT.DOCX"))
    assert result.exit_code == 0, result.output
    assert main_table(Document(str(files / "REPORT.DOCX")))


def test_progress_of_another_year_names_the_file(files):
    out = files / "r.docx"
    result = CliRunner().invoke(cli, [*_report_args(files, out)[:-4], "--year", "2026",
                                      "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {files / 'progress.json'}: the progress is for 2025, not "
                             "2026: collect the forms of 2026 or give --year 2025\n")
    assert not out.exists()


def test_progress_of_another_plan_version_names_the_file(files, plan):
    other = replace(plan, title=plan.title + " (өзгөртүлгөн)")
    (files / "plan-v2.json").write_text(plan_to_json(other), encoding="utf-8")
    out = files / "r.docx"
    args = _report_args(files, out)
    args[1] = str(files / "plan-v2.json")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {files / 'progress.json'}: the progress was "
                                    "collected against another version of the plan")
    assert not out.exists()


@pytest.mark.parametrize("command", ["report", "publish"])
def test_no_soffice_removes_the_stale_pdf(files, monkeypatch, command):
    site = files / "site"
    site.mkdir()
    stale = site / "report.pdf"
    stale.write_bytes(b"%PDF-1.4 last year's")
    monkeypatch.setenv("PATH", str(files))  # no soffice on it
    out = [site / "report.docx", "--public"] if command == "report" else [site]
    result = CliRunner().invoke(cli, [
        command, str(files / "plan.json"), "--progress", str(files / "progress.json"),
        "--year", str(YEAR), "-o", *map(str, out)])
    assert result.exit_code == 1
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: LibreOffice is not installed")
    assert f"the out-of-date {stale} was removed" in last
    assert not stale.exists()
    assert (site / "report.html").is_file()
