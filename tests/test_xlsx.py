"""A form's workbook read: which sheets calamine may hold whole, the identity parts, the cells."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import ingest.forms
import ingest.xlsx
from ingest.forms import read_form
from ingest.package import UnsafePackage, check_archive, check_package
from ingest.xlsx import WorkbookScan, workbook_parts
from model.answers import cell_text
from model.form_layout import COLUMNS, FIRST_ROW, LIST_SHEET, field_cell
from model.forms import unit_measures
from model.plan import plan_from_json
from render.forms import form_bytes

from .conftest import SAMPLES

PLAN_JSON = SAMPLES / "plan-ky.expected.json"
SUBMISSIONS = SAMPLES / "submissions" / "2025"
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
YEAR = 2025


@pytest.fixture(scope="module")
def plan():
    return plan_from_json(PLAN_JSON.read_text(encoding="utf-8"))


def scanned(*chunks: bytes) -> bool:
    """Return `plain` of a scan fed one part in `chunks`."""
    scan = WorkbookScan()
    feed = scan.observe("xl/worksheets/sheet1.xml", sum(map(len, chunks)))
    for chunk in chunks:
        feed(chunk)
    return scan.plain


ROW = b'<row r="3"><c r="A3" t="s"><v>0</v></c><c r="K3" s="2"/><c r="AZ9999"><v>1</v></c></row>'


def test_cells_written_plainly_within_az9999_may_be_held_whole():
    assert scanned(b"<worksheet><cols><col min='1'/></cols><sheetData>" + ROW + b"</sheetData>"
                   b"<conditionalFormatting><cfRule/></conditionalFormatting></worksheet>")


@pytest.mark.parametrize("cell", [
    b'<c r="BA1"><v>1</v></c>',          # past column AZ
    b'<c r="XFD1"><v>1</v></c>',
    b'<c r="A10000"><v>1</v></c>',       # past row 9999
    b'<c r="a1"><v>1</v></c>',           # a reference in another case
    b"<c r='A1'><v>1</v></c>",           # in other quotes
    b'<c s="1" r="A1"><v>1</v></c>',     # the reference not first
    b'<c><v>1</v></c>',                  # no reference: placed by counting
    b'<c\nr="A1"><v>1</v></c>',
    b'<x:c r="A1"><x:v>1</x:v></x:c>',   # a namespace prefix
    b'<c r="A1" s="3" t="e"><f>NA()</f><v>#N/A</v></c>',  # a cached error: empty to calamine
])
def test_any_other_cell_makes_the_workbook_read_row_by_row(cell):
    assert not scanned(b"<sheetData><row>" + cell + b"</row></sheetData>")


def test_an_odd_cell_is_found_wherever_the_chunks_are_cut():
    data = b"<sheetData>" + ROW * 3 + b'<row r="9"><c r="XFD9"><v>1</v></c></row></sheetData>'
    for cut in range(1, len(data)):
        assert not scanned(data[:cut], data[cut:]), cut
    plain = b"<sheetData>" + ROW * 3 + b"</sheetData>"
    for cut in range(1, len(plain)):
        assert scanned(plain[:cut], plain[cut:]), cut


def test_every_part_is_scanned_not_only_the_sheets(tmp_path):
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/other/hidden.xml", b'<sheetData><row><c r="XFD1"/></row></sheetData>')
    scan = WorkbookScan()
    check_package(path, "f.xlsx", "again", scan.observe)
    assert not scan.plain


RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}'
        '</Relationships>')
REL = '<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" Target="{}"/>'
ODD_TEXT = b'<sst><si><t>&lt;c r="XFD1"&gt;</t></si></sst><c r="XFD1" t="e"/>'


def _workbook_with(tmp_path, rels: str, parts: dict[str, bytes]) -> bool:
    """Return `plain` of a scan of a zip holding the workbook's `rels` and `parts`."""
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for part, data in parts.items():  # written before the relationships: read after them
            z.writestr(part, data)
        z.writestr("xl/_rels/workbook.xml.rels", RELS.format(rels))
    scan = WorkbookScan()
    check_archive(zipfile.ZipFile(path), "f.xlsx", "again", scan.observe,
                               scan.FIRST)
    return scan.plain


def test_a_part_named_only_as_shared_strings_or_styles_is_not_looked_at_for_cells(tmp_path):
    rels = (REL.format("r1", "worksheet", "worksheets/sheet1.xml")
            + REL.format("r2", "sharedStrings", "sharedStrings.xml")
            + REL.format("r3", "styles", "/xl/Styles.xml"))
    sheet = b"<sheetData>" + ROW + b"</sheetData>"
    assert _workbook_with(tmp_path, rels, {"xl/worksheets/sheet1.xml": sheet,
                                           "xl/sharedStrings.xml": ODD_TEXT,
                                           "xl/styles.xml": ODD_TEXT})


@pytest.mark.parametrize("rels", [
    # the same part named as a sheet too, by another path to it
    REL.format("r1", "worksheet", "../xl/sharedStrings.xml")
    + REL.format("r2", "sharedStrings", "sharedStrings.xml"),
    REL.format("r2", "sharedStrings", "sharedStrings.xml") + "<broken",
    "",  # no relationship names it: looked at
])
def test_a_part_that_may_be_read_as_a_sheet_is_looked_at(tmp_path, rels):
    assert not _workbook_with(tmp_path, rels, {"xl/sharedStrings.xml": ODD_TEXT})


def test_the_forms_esep_writes_and_the_samples_are_plain(plan, tmp_path):
    (tmp_path / "form.xlsx").write_bytes(form_bytes(plan, "ИАБ", YEAR))
    for path in [tmp_path / "form.xlsx", *sorted(SUBMISSIONS.glob("2025-*.xlsx"))]:
        scan = WorkbookScan()
        check_package(path, path.name, "again", scan.observe)
        assert scan.plain, path.name


def test_the_identity_parts_are_read_from_the_zip(plan, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(form_bytes(plan, "ИАБ", YEAR))
    parts = workbook_parts(path)
    assert [(s.name, s.state) for s in parts.sheets] == [("ИАБ", "visible"), (LIST_SHEET, "hidden")]
    assert parts.properties["esep.unit"] == "ИАБ" and parts.properties["esep.year"] == "2025"
    assert parts.names["esep_unit"] == '"ИАБ"'
    assert "_xlnm.Print_Area" not in parts.names  # a name of one sheet, not the workbook's


def _typed_form(plan, path: Path, epoch=None) -> Path:
    """Write КБ's form with every kind of value a unit may type, and merged cells; its dates
    counted from `epoch` (openpyxl's CALENDAR_MAC_1904 for a Mac's 1904 date system)."""
    wb = load_workbook(io.BytesIO(form_bytes(plan, "КБ", YEAR)))
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.worksheets[0]
    ws[field_cell("filled_on")] = datetime(2026, 1, 14)
    rows = [FIRST_ROW + i for i, _ in enumerate(unit_measures(plan, "КБ", YEAR))]
    values = [("аткарылды", 15, "12", date(2025, 3, 1)), ("аткарылууда", 2.5, True, "01.02.2025"),
              ("  Выполнено ", "=1+1", datetime(2025, 5, 6, 10, 30), None)]
    for row, (status, figures, documents, reasons) in zip(rows, values):
        ws.cell(row, COL["status"], status)
        ws.cell(row, COL["figures"], figures)
        ws.cell(row, COL["documents"], documents)
        ws.cell(row, COL["reasons"], reasons)
    ws.merge_cells(start_row=rows[0], start_column=COL["done"], end_row=rows[1],
                   end_column=COL["done"])
    ws.cell(rows[0], COL["done"], "Бекитилди\nэки сап")
    sheet = wb.create_sheet("жашыруун", 0)  # a hidden sheet before the form is passed over
    sheet.sheet_state = "hidden"
    sheet["A1"] = "№"
    wb.save(path)
    return path


def _streamed(monkeypatch) -> None:
    """Make read_form read every workbook row by row, as it does an odd one."""
    class Odd(WorkbookScan):
        plain = property(lambda self: False)

    def refused(path):
        raise AssertionError("calamine must not open an odd workbook")
    monkeypatch.setattr(ingest.forms, "WorkbookScan", Odd)
    monkeypatch.setattr(ingest.forms, "open_calamine", refused)


def _as_text(form):
    return replace(form, header={k: cell_text(v) for k, v in form.header.items()})


def test_calamine_reads_every_kind_of_value_as_the_row_by_row_reader(plan, tmp_path, monkeypatch):
    path = _typed_form(plan, tmp_path / "2025-КБ.xlsx")
    held = read_form(path)
    assert held.ok and held.sheet == "КБ" and held.filled_on == date(2026, 1, 14)
    first, second, third = held.rows[:3]
    assert (first.figures, first.documents, first.reasons) == ("15", "12", "2025-03-01")
    assert (second.figures, second.documents, second.reasons) == ("2.5", "True", "01.02.2025")
    assert third.documents == "2025-05-06T10:30:00" and third.figures == ""  # never evaluated
    assert (first.done, second.done) == ("Бекитилди\nэки сап", "")  # merged: the top-left cell
    _streamed(monkeypatch)
    assert _as_text(read_form(path)) == _as_text(held)


def test_dates_read_the_same_either_way_in_the_1904_date_system(plan, tmp_path, monkeypatch):
    path = _typed_form(plan, tmp_path / "2025-КБ.xlsx", epoch=CALENDAR_MAC_1904)
    with zipfile.ZipFile(path) as z:
        assert b'date1904="1"' in z.read("xl/workbook.xml")
    held = read_form(path)
    assert held.filled_on == date(2026, 1, 14) and held.rows[0].reasons == "2025-03-01"
    assert held.rows[2].documents == "2025-05-06T10:30:00"
    _streamed(monkeypatch)
    assert _as_text(read_form(path)) == _as_text(held)


def test_a_date_typed_as_a_number_with_a_date_style_reads_the_same_either_way(plan, tmp_path,
                                                                              monkeypatch):
    wb = load_workbook(io.BytesIO(form_bytes(plan, "КБ", YEAR)))
    ws = wb.worksheets[0]
    for column, value, style in (("reasons", 45717, "dd.mm.yyyy"), ("figures", 45717.75, "hh:mm"),
                                 ("documents", 1.5, "[h]:mm"), ("done", 45717, "0.00")):
        ws.cell(FIRST_ROW, COL[column], value).number_format = style
    wb.save(tmp_path / "2025-КБ.xlsx")
    held = read_form(tmp_path / "2025-КБ.xlsx")
    row = held.rows[0]
    assert (row.reasons, row.figures, row.done) == ("2025-03-01", "2025-03-01T18:00:00", "45717")
    _streamed(monkeypatch)
    assert _as_text(read_form(tmp_path / "2025-КБ.xlsx")) == _as_text(held)


def test_every_sample_reads_the_same_either_way(monkeypatch):
    held = [_as_text(read_form(p)) for p in sorted(SUBMISSIONS.iterdir())]
    _streamed(monkeypatch)
    assert [_as_text(read_form(p)) for p in sorted(SUBMISSIONS.iterdir())] == held


def test_a_wide_sheet_is_never_given_to_calamine(plan, tmp_path, monkeypatch):
    wb = load_workbook(io.BytesIO(form_bytes(plan, "ИАБ", YEAR)))
    wb.worksheets[0]["XFD1048576"] = "x"
    wb.save(tmp_path / "wide.xlsx")
    opened = []
    monkeypatch.setattr(ingest.forms, "open_calamine",
                        lambda path: opened.append(path) or ingest.xlsx.open_calamine(path))
    form = read_form(tmp_path / "wide.xlsx")
    assert form.ok and form.identity.unit == "ИАБ" and opened == []


def test_a_workbook_without_the_form_sheet_says_so(tmp_path):
    wb = Workbook()
    wb.active["A1"] = "Аты"
    wb.save(tmp_path / "table.xlsx")
    assert [p.type for p in read_form(tmp_path / "table.xlsx").problems] == ["no-form-table"]


def _rewritten(path: Path, out: Path, change) -> Path:
    """Write `out` as a copy of the workbook `path` with each part's bytes passed through
    `change(name, data)` (None leaves the part out)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                z.writestr(info.filename, data)
    return out


def _cached_errors(plan, tmp_path: Path) -> Path:
    """Write КБ's form with a formula in its first row's status and figures whose cached result
    is Excel's #N/A and #DIV/0!, as Excel saves it (openpyxl itself writes no cached value)."""
    wb = load_workbook(io.BytesIO(form_bytes(plan, "КБ", YEAR)))
    ws = wb.worksheets[0]
    ws.cell(FIRST_ROW, COL["status"], "=NA()")
    ws.cell(FIRST_ROW, COL["figures"], "=1/0")
    wb.save(tmp_path / "formulas.xlsx")

    def cached(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        for formula, error in ((rb"NA\(\)", b"#N/A"), (rb"1/0", b"#DIV/0!")):
            data, count = re.subn(rb'(<c r="[A-Z]+\d+"[^>]*?)\s*(?:t="\w+")?>(<f>' + formula +
                                  rb'</f>)(?:<v\s*/>|<v>[^<]*</v>)?</c>',
                                  rb'\1 t="e">\2<v>' + error + rb'</v></c>', data)
            assert count == 1
        return data
    return _rewritten(tmp_path / "formulas.xlsx", tmp_path / "2025-КБ.xlsx", cached)


def test_a_formula_s_cached_error_is_read_as_excel_shows_it_either_way(plan, tmp_path,
                                                                        monkeypatch):
    # calamine would read "#N/A" as an empty cell: the unit's answer gone without a word. The
    # text Excel shows is read instead, and the check names the cell.
    path = _cached_errors(plan, tmp_path)
    scan = WorkbookScan()
    check_package(path, path.name, "again", scan.observe)
    assert not scan.plain
    held = read_form(path)
    assert (held.rows[0].status_text, held.rows[0].figures) == ("#N/A", "#DIV/0!")
    _streamed(monkeypatch)
    assert _as_text(read_form(path)) == _as_text(held)


def test_a_cached_error_is_named_at_its_cell_when_the_form_is_checked(plan, tmp_path):
    from model.answers import check_form

    checked = check_form(read_form(_cached_errors(plan, tmp_path)), plan, YEAR)
    cells = {p.cell for p in checked.problems if p.severity == "error"}
    assert f"{get_column_letter(COL['status'])}{FIRST_ROW}" in cells


def test_shared_strings_are_counted_wherever_the_chunks_are_cut(monkeypatch):
    monkeypatch.setattr(ingest.xlsx, "MAX_STRINGS", 3)
    data = b"<sst>" + b"<si><t>a</t></si>" * 3 + b"<x:si/></sst>"
    for cut in range(1, len(data)):
        with pytest.raises(UnsafePackage):
            scanned(data[:cut], data[cut:])
    assert scanned(b"<sst>" + b"<si><t>a</t></si>" * 3 + b"</sst>")


def test_millions_of_tiny_shared_strings_are_refused_in_bounded_memory(tmp_path):
    # ten million one-letter strings unpack to 170 MB, within the package's limit, and took
    # a gigabyte and two minutes to read
    from .conftest import run_measured

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "2025-ИАБ.xlsx"
    with zipfile.ZipFile(SUBMISSIONS / "2025-ИАБ.xlsx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(100):
                member.write(b"<si><t>a</t></si>" * 100_000)
            member.write(b"</sst>")
    before = path.read_bytes()
    run = run_measured(["collect", PLAN_JSON, inbox, "--year", str(YEAR)], tmp_path, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr
    lines = [line for line in run.stdout.splitlines() if "500,000" in line]
    assert len(lines) == 1 and "2025-ИАБ.xlsx" in lines[0], run.stdout
    assert run.peak_mib < 300, run.peak_mib
    assert path.read_bytes() == before


def test_columns_are_named_as_excel_names_them():
    from ingest.xlsx import column_name
    assert [column_name(n) for n in (1, 7, 26, 27, 52, 53, 702, 703, 16384)] == \
        ["A", "G", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


def _declared_smaller(source: Path, part: str, target: Path, size: int) -> None:
    """Copy `source` to `target` with `part` declaring `size` bytes, fewer than it inflates to."""
    import struct
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, size)          # the local header
    at = data.find(b"PK\x01\x02")
    while at != -1:                                                    # its central entry
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == part.encode():
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    target.write_bytes(bytes(data))


@pytest.mark.parametrize("size, kind, said", [
    (40, "bad-file", "CRC-32"),                # found by the check, which reads to its end
    (4800, "bad-file", "declared uncompressed size"),      # found by calamine, which stops there
])
def test_a_part_only_checked_for_its_prolog_that_lies_about_its_size_is_refused(tmp_path, size,
                                                                                 kind, said):
    # the styles are inflated no further than their prolog, where that is all there is to see
    source = SUBMISSIONS / "2025-ИАБ.xlsx"
    assert zipfile.ZipFile(source).getinfo("xl/styles.xml").file_size > 4800
    _declared_smaller(source, "xl/styles.xml", tmp_path / "form.xlsx", size)
    form = read_form(tmp_path / "form.xlsx")
    assert not form.ok
    assert [p.type for p in form.problems] == [kind], form.problems
    assert said in form.problems[0].message and form.problems[0].file == "form.xlsx"
