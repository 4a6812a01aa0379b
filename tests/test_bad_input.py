"""Bad plan files: one line naming the file and the cause, exit code 1, no output file."""


import docx
import openpyxl
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter

from esep.cli import cli

from .conftest import SAMPLES


def run_ingest(path, tmp_path):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(cli, ["ingest", str(path), "-o", str(out)])
    return result, out


def assert_one_line(result, out, name, cause):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {name}: ")
    assert cause in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_excel_workbook_renamed_docx(tmp_path):
    path = tmp_path / "plan.docx"
    openpyxl.Workbook().save(path)
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.docx", "Excel workbook")


def test_pdf_renamed_docx(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes((SAMPLES / "plan-ky.pdf").read_bytes())
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.docx", "the name says a Word document (.docx) but the file is a PDF")


@pytest.mark.parametrize("name", ["plan-ky.docx", "plan-ky.pdf"])
def test_truncated_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes((SAMPLES / name).read_bytes()[:20000])
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, name, "damaged or incomplete")


def test_empty_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"")
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.txt", "empty")


def test_old_word_or_protected_document(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.docx", "password-protected document or an old .doc")


def test_unknown_extension(tmp_path):
    path = tmp_path / "plan.pages"
    path.write_bytes(b"hello")
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.pages", "unknown file type")


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(SAMPLES / "plan-ky.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "plan.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.pdf", "password-protected")


def test_scanned_pdf_without_text(tmp_path):
    path = tmp_path / "scan.pdf"
    Image.new("L", (842, 595), color=230).save(path, "PDF")
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "scan.pdf", "no text layer: run OCR first")


def test_document_without_plan_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Министрликтин иш-чаралар планы")
    document.add_paragraph("Таблица жок.")
    path = tmp_path / "letter.docx"
    document.save(path)
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "letter.docx", "no plan table found")


def test_text_without_plan_table(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Жөн гана кат.\nТаблица жок.\n", encoding="utf-8")
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "notes.txt", "no plan table found")


def test_table_missing_columns(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells,
                          ["№", "Милдеттер", "Иш-чаралар", "Ишке ашыруу мөөнөттөрү", "Жооптуу аткаруучулар"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Милдет", "Иш-чара", "2025-жыл", "КБ"]):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.docx", "no column 'Күтүлүүчү натыйжалар', 'Каржылоо булактары'")


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.txt", "not a text file")


def test_text_in_another_encoding(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes((SAMPLES / "plan-ky.txt").read_text(encoding="utf-8")[:400].encode("cp1251", "replace"))
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "plan.txt", "not UTF-8")


def test_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "nothing.docx")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_output_over_the_input_is_refused(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes((SAMPLES / "plan-ky.txt").read_bytes())
    result = CliRunner().invoke(cli, ["ingest", str(path), "-o", str(path)])
    assert result.exit_code == 1
    assert "also an input file" in result.output
    assert path.read_bytes() == (SAMPLES / "plan-ky.txt").read_bytes()


def test_output_that_cannot_be_written_names_the_path(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    out = blocker / "plan.json"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {out}: cannot write here (Not a directory)"]
    assert list(tmp_path.iterdir()) == [blocker]


def test_output_onto_a_device_is_refused():
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.txt"), "-o", "/dev/null"])
    assert result.exit_code == 1
    assert "not a regular file" in result.output


def test_json_that_is_not_a_plan(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[]", encoding="utf-8")
    result, out = run_ingest(path, tmp_path)
    assert_one_line(result, out, "list.json", "not an esep plan JSON")


def test_new_output_file_is_readable_by_others(tmp_path):
    import os
    import stat
    out = tmp_path / "plan.json"
    old = os.umask(0o022)
    try:
        CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.txt"), "-o", str(out)])
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
