"""Filled unit forms in: the files of an inbox found, each workbook read into a `FormFile`.

`read_form(path)` opens one file and returns what it holds, plan-free: identity, header block,
the measures table's rows and the problems of its layout; its problems are in it, never raised.
`collect(plan, inputs, year)` finds the files, reads, checks and merges them (model.answers).
Input files are only ever read.
"""

from __future__ import annotations

import warnings
import zipfile
from xml.etree import ElementTree
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from defusedxml import DefusedXmlException

from model import problems as P
from model.answers import (READ_KEYS, FormFile, FormIdentity, as_year, cell_text, check_form,
                           column, merge, read_rows, screen_form)
from model.carry import check_any_version
from model.errors import EsepError
from model.form_layout import (COLUMNS, IDENTITY_KEYS, NAME_PREFIX, PREVIOUS_KEY,
                               PROP_PREFIX, UNIT_SEPARATOR, column_key, header_key)
from model.forms import check_year
from model.i18n import _
from model.plan import Plan
from model.progress import Problem, Progress
from model.text import has_controls, quote, strip_controls

from .package import UnsafePackage
from .sniff import check_workbook
from .xlsx import (WorkbookParts, WorkbookScan, calamine_errors, calamine_rows, column_name,
                   is_panic, open_calamine, parts_of, streamed_rows)

FORM_SUFFIXES = (".xlsx", ".xlsm")
NOTED_SUFFIXES = (".xls", ".xlsb", ".ods", ".csv")  # in a folder: read only to say what they are
HEADER_SEARCH_ROWS = 40
MAX_COLUMNS = len(COLUMNS) + 20   # a form has 11; a few added by a unit are named, the rest unread
ROW_MARGIN = 200                  # rows a form may hold beyond the plan's measures (blank, added)
DEFAULT_MAX_ROWS = 5000
MAX_CELL_CHARS = 32_767           # Excel's own limit: a longer text was not typed in Excel
ProgressCallback = Callable[[int, int], None]  # (files read, files in all)


def find_inputs(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Return (path, display name) for every form file given or inside a folder given, sorted.

    Files inside a folder are named relative to it, or by the path as given where two such
    names would be the same; a file given twice (or inside two folders given) is read once.
    Excel's "~$" lock files are passed over. Raise EsepError when there is no file at all: an
    empty inbox is a wrong folder, not a year in which no unit answered.
    """
    inputs = [Path(item) for item in inputs]
    found: dict[Path, tuple[Path, str, str]] = {}  # resolved path -> (path, short, long name)
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if (path.is_file() and path.suffix.lower() in FORM_SUFFIXES + NOTED_SUFFIXES
                        and not path.name.startswith(("~$", ".~lock"))):
                    found.setdefault(path.resolve(), (path, path.relative_to(item).as_posix(),
                                                      path.as_posix()))
        else:
            found.setdefault(item.resolve(), (item, str(item), str(item)))
    if not found:
        raise EsepError(_("no .xlsx or .xlsm forms found in {folders}")
                        .format(folders=", ".join(map(str, inputs))))
    uses = Counter(short for _, short, _ in found.values())
    return [(path, short if uses[short] == 1 else long) for path, short, long in found.values()]


def read_form(path: str | Path, name: str | None = None,
              max_rows: int = DEFAULT_MAX_ROWS) -> FormFile:
    """Return what the form file at `path` holds; its problems are in it, never raised.

    At most `max_rows` rows under the header are read (collect gives the plan's measures and a
    margin): a form with more is said to, once, and memory stays bounded whatever the file.
    """
    path = Path(path)
    name = name or path.name
    mtime = path.stat().st_mtime
    scan = WorkbookScan(name)
    try:
        check_workbook(path, observe=scan.observe, first=scan.FIRST)
        parts = _library(parts_of, scan.kept, scan.relationships())
        # openpyxl, for a sheet read row by row, warns of parts it drops (e.g. Excel's own
        # drop-down extension): nothing the clerk can act on, and none of it is read anyway.
        # Rows are parsed lazily, so the whole reading is inside.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_sheets(path, name, mtime, parts, scan.plain, max_rows)
    except UnsafePackage as exc:
        return FormFile(name, path, mtime, problems=(P.UNSAFE_FILE(file=name, reason=exc.message),))
    except _Unreadable as exc:
        cause = exc.__cause__
        if "Excessive depth" in str(cause):  # lxml's bound, met by openpyxl's reading
            problem = P.UNSAFE_FILE(file=name, reason=_(
                "refused: its XML nests elements more than 256 deep, which Excel never writes (a "
                "broken or hostile file); ask the unit to send the form itself again"))
        else:
            problem = P.UNREADABLE_FILE(file=name, error=type(cause).__name__, detail=str(cause))
        return FormFile(name, path, mtime, problems=(problem,))


# What calamine, openpyxl, zipfile and the XML parsers raise on a broken part. They are caught
# only around the library's own calls (opening, and each row as it is parsed): an error in
# esep's reading of the rows is a bug that must fail a test, not a unit's form counted as
# unreadable.
_LIBRARY_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, EOFError,
                   OSError, ElementTree.ParseError, DefusedXmlException)


class _Unreadable(Exception):
    """A library call could not read the workbook; the cause is the library's exception."""


def _library(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except BaseException as exc:
        _raise_unreadable(exc)


def _parsed(rows: Iterator[tuple]) -> Iterator[tuple]:
    """Yield `rows` as the library parses them, its errors raised as _Unreadable."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except BaseException as exc:
            _raise_unreadable(exc)
        yield values


def _raise_unreadable(exc: BaseException):
    """Raise _Unreadable from `exc` when a library raised it on the file; else raise `exc`."""
    from openpyxl.utils.exceptions import InvalidFileException
    from lxml import etree

    if isinstance(exc, _LIBRARY_ERRORS + calamine_errors() + (InvalidFileException,
                                                               etree.XMLSyntaxError)) \
            or is_panic(exc):
        raise _Unreadable() from exc
    raise exc


def _read_sheets(path: Path, name: str, mtime: float, parts: WorkbookParts, plain: bool,
                 max_rows: int) -> FormFile:
    """Return the form found on the first visible sheet that has the measures table's header.

    A workbook `plain` to calamine is read by it; any other row by row (see ingest.xlsx).
    """
    hidden = _hidden_identity(parts)
    book = _library(open_calamine, path) if plain else None
    try:
        for sheet in parts.sheets:
            # the hidden list sheet is passed over as hidden: a unit's sheet may be named "lists"
            if sheet.state != "visible":
                continue
            limit = HEADER_SEARCH_ROWS + 2 * max_rows + 2  # the header, the body, blank rows past
            if book is not None:
                rows = _library(calamine_rows, book, sheet, MAX_COLUMNS, limit)
            else:
                rows = _parsed(streamed_rows(path, sheet, MAX_COLUMNS, limit))
            found = _read_sheet(rows, name, path, mtime, sheet.name, hidden, max_rows)
            if found is not None:
                return found
    finally:
        if book is not None:
            book.close()
    return FormFile(name, path, mtime, problems=(P.NO_FORM_TABLE(file=name),))


def _read_sheet(rows: Iterator[tuple], name: str, path: Path, mtime: float, sheet: str,
                hidden: dict[str, str], max_rows: int) -> FormFile | None:
    """Return the form on one sheet, or None when its first rows hold no measures table."""
    top: list[tuple] = []
    for number, values in enumerate(rows, start=1):
        if _header_columns(values):
            return _read_table(name, path, mtime, sheet, hidden, top, number, values,
                               rows, max_rows)
        top.append(values)
        if number >= HEADER_SEARCH_ROWS:
            break
    if hasattr(rows, "close"):
        rows.close()  # ends openpyxl's reading of the sheet now, not when collected
    return None


def _header_columns(values: tuple) -> dict[int, str] | None:
    keys = {i: k for i, v in enumerate(values) if isinstance(v, str) and v and (k := column_key(v))}
    found = set(keys.values())
    return keys if "id" in found and ("status" in found or len(found) >= 4) else None


def _body(rows: Iterator[tuple], first_row: int, max_rows: int, name: str, sheet: str,
          read: tuple[int, ...]) -> tuple[list[tuple], list[Problem]]:
    """Return the rows under the header, at most `max_rows`, control characters removed from the
    cells in the columns `read`, and the problems found: one per cell cleaned, one if rows past
    the bound hold anything."""
    body = list(islice(rows, max_rows))
    problems: list[Problem] = []
    narrowest = min(map(len, body), default=0)
    columns = [_column_cells(body, i, narrowest) for i in read]  # one look a column
    if any(has_controls(text) for _, text in columns):
        body = [_without_controls(values, read, number, name, sheet, problems)
                for number, values in enumerate(body, start=first_row)]
    if any(len(text) > MAX_CELL_CHARS and max(map(len, cells)) > MAX_CELL_CHARS
           for cells, text in columns):
        body = [_cut_long_cells(values, read, number, name, sheet, problems)
                for number, values in enumerate(body, start=first_row)]
    for number, values in enumerate(rows, start=first_row + len(body)):
        filled = any(v not in (None, "") for v in values)
        if filled or number - first_row >= 2 * max_rows:  # blank rows are passed over, a while
            kind = P.TOO_MANY_ROWS if filled else P.TOO_MANY_BLANK_ROWS
            problems.append(kind(file=name, sheet=sheet, cell=f"A{number}", bound=max_rows,
                                 row=number))
            break
    return body, problems


def _column_cells(body: list[tuple], i: int, narrowest: int) -> tuple[list[str], str]:
    """Return the text of column `i` in every row of `body` (a number or a date as its digits,
    an empty cell as "None" or "": neither is a control character or long), and all of it
    joined; `narrowest` is the shortest row's length."""
    cells = column(body, i, narrowest)
    try:
        return cells, "".join(cells)  # most columns hold only texts
    except TypeError:
        cells = list(map(str, cells))
        return cells, "".join(cells)


def _cut_long_cells(values: tuple, read: tuple[int, ...], row: int, name: str, sheet: str,
                    problems: list[Problem]) -> tuple:
    """Return `values` with each text past Excel's limit cut to it, one problem per cell cut."""
    cut = list(values)
    for i in read:
        if i < len(cut) and isinstance(cut[i], str) and len(cut[i]) > MAX_CELL_CHARS:
            problems.append(P.CELL_TOO_LONG(file=name, sheet=sheet,
                                            cell=f"{column_name(i + 1)}{row}",
                                            length=f"{len(cut[i]):,}", limit=f"{MAX_CELL_CHARS:,}"))
            cut[i] = cut[i][:MAX_CELL_CHARS]
    return tuple(cut)


def _without_controls(values: tuple, read: tuple[int, ...], row: int, name: str, sheet: str,
                      problems: list[Problem]) -> tuple:
    if not any(i < len(values) and isinstance(values[i], str) and has_controls(values[i])
               for i in read):
        return values
    cleaned = []
    for i, value in enumerate(values):
        if i in read and isinstance(value, str) and has_controls(value):
            value = strip_controls(value)
            problems.append(P.CONTROL_CHARACTERS(file=name, sheet=sheet,
                                                 cell=f"{column_name(i + 1)}{row}"))
        cleaned.append(value)
    return tuple(cleaned)


def _read_table(name: str, path: Path, mtime: float, sheet: str, hidden: dict[str, str],
                top: list[tuple], header_row: int, header: tuple, rows: Iterator[tuple],
                max_rows: int) -> FormFile:
    mapping: list[Problem] = []
    columns, index = _map_columns(header, header_row, name, sheet, mapping)
    # the cells read are the id's and the answers': control characters elsewhere are never seen
    read = tuple(i for key, i in index.items() if key in READ_KEYS)
    body, problems = _body(rows, header_row + 1, max_rows, name, sheet, read)
    problems.extend(mapping)
    answers = read_rows(body, index, header_row + 1)
    problems.extend(_unknown_columns(name, sheet, header, header_row, index, body))
    if not hidden:
        problems.append(P.IDENTITY_LOST(file=name, sheet=sheet))
    block = _read_header_block(top)
    return FormFile(name, path, mtime, ok=True, sheet=sheet, identity=_identity(hidden, block),
                    header=block, columns=columns, rows=answers, problems=tuple(problems))


def _map_columns(header: tuple, header_row: int, name: str, sheet: str,
                 problems: list[Problem]) -> tuple[dict[str, str], dict[str, int]]:
    index: dict[str, int] = {}
    for i, value in enumerate(header):
        key = column_key(value) if isinstance(value, str) else None
        if key is None:
            continue
        if key in index:
            problems.append(P.COLUMN_DUPLICATE(
                file=name, sheet=sheet, cell=f"{column_name(i + 1)}{header_row}",
                header=value, first=column_name(index[key] + 1)))
            continue
        index[key] = i
    for position, column in enumerate(COLUMNS):
        if column.key not in index:
            kind = P.INPUT_COLUMN_MISSING if column.is_input else P.PLAN_COLUMN_MISSING
            problems.append(kind(file=name, sheet=sheet,
                                 cell=f"{column_name(position + 1)}{header_row}",
                                 ky=column.ky, ru=column.ru))
    expected = [c.key for c in COLUMNS if c.key in index]
    # last year's locked answers may stand anywhere; they are shown, never read
    if [k for k in sorted(index, key=index.get) if k != PREVIOUS_KEY] != expected:
        problems.append(P.COLUMN_MOVED(file=name, sheet=sheet, cell=f"A{header_row}"))
    return {k: column_name(i + 1) for k, i in index.items()}, index


def _unknown_columns(name: str, sheet: str, header: tuple, header_row: int,
                     index: dict[str, int], body: list[tuple]) -> list[Problem]:
    """Return a problem for each column the form does not have: an error if anything is in it."""
    known = set(index.values())
    problems = []
    for i, value in enumerate(header):
        if i in known:
            continue
        filled = sum(1 for values in body if i < len(values) and values[i] not in (None, ""))
        if value in (None, "") and not filled:
            continue
        title = (_("the column '{header}'").format(header=quote(cell_text(value)))
                 if value not in (None, "") else _("a column without a header"))
        kind = P.FILLED_COLUMN_UNKNOWN if filled else P.EMPTY_COLUMN_UNKNOWN
        problems.append(kind(file=name, sheet=sheet, cell=f"{column_name(i + 1)}{header_row}",
                             title=title, count=filled))
    return problems


def _read_header_block(top: list[tuple]) -> dict[str, Any]:
    block: dict[str, Any] = {}
    for values in top:
        for i, value in enumerate(values):
            key = header_key(value) if isinstance(value, str) and value else None
            if key:
                block[key] = next((v for v in values[i + 1:] if v not in (None, "")), None)
                break
    return block


def _hidden_identity(parts: WorkbookParts) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in parts.properties.items():
        if key.startswith(PROP_PREFIX):
            found[key[len(PROP_PREFIX):]] = value
    for key in IDENTITY_KEYS:
        defined = parts.names.get(NAME_PREFIX + key)
        if key not in found and defined:
            found[key] = defined.strip().strip('"')
    return found if {"unit", "year"} <= set(found) else {}


def _identity(hidden: dict[str, str], block: dict[str, Any]) -> FormIdentity:
    if hidden:
        return FormIdentity(plan=hidden.get("plan"), unit=hidden["unit"],
                            year=as_year(hidden["year"]), form_version=hidden.get("form_version"))
    unit_text = cell_text(block.get("unit"))
    unit = unit_text.split(UNIT_SEPARATOR)[0].strip() if unit_text else None
    return FormIdentity(plan=None, unit=unit or None, year=as_year(block.get("year")),
                        form_version=None)


def collect(plan: Plan, inputs: Iterable[str | Path], year: int, previous: Iterable[Plan] = (),
            progress: ProgressCallback | None = None) -> Progress:
    """Return the Progress of `year` from every form file in `inputs` (files or folders).

    Forms made from one of the `previous` plan versions have their rows carried over (model.carry).
    `progress`, when given, is called with (files read, files in all) after each file.
    """
    check_year(plan, year)
    return collect_files(plan, find_inputs(inputs), year, previous, progress)


def collect_files(plan: Plan, files: Iterable[tuple[Path, str]], year: int,
                  previous: Iterable[Plan] = (),
                  progress: ProgressCallback | None = None) -> Progress:
    """Return the Progress of `year` from `files`: (path, the name the clerk knows it by).

    `collect` gives the names found in the inbox; a workspace that keeps files by their hash
    gives the names they were received under. Files are read one at a time, each checked and
    merged before the next is opened, so memory stays flat however many there are.
    """
    check_year(plan, year)
    previous = tuple(previous)
    max_rows = sum(1 for _ in plan.measures()) + ROW_MARGIN
    forms = (read_form(path, name, max_rows) for path, name in _told(list(files), progress))
    if not previous:  # the same result, without looking for older versions
        screened = (screen_form(form, plan, year) for form in forms)
        return merge(plan, year, screened, finish=lambda kept: check_form(kept.form, plan, year))
    checked = (check_any_version(form, plan, year, previous) for form in forms)
    return merge(plan, year, checked)


def _told(files: list[tuple[Path, str]],
          progress: ProgressCallback | None) -> Iterator[tuple[Path, str]]:
    """Yield `files`, calling `progress(done, total)` once each has been dealt with."""
    for done, item in enumerate(files, start=1):
        yield item
        if progress is not None:
            progress(done, len(files))
