"""The plan from a Word file (.docx): body paragraphs and the plan table, merges and numbering kept.

Walks the document's XML once with lxml (python-docx's cell API is quadratic on big
tables): horizontal spans (w:gridSpan) and vertical merges (w:vMerge) become empty
covered cells, Word automatic numbering (w:numPr) becomes each paragraph's number.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from model.plan_warnings import place, shown_where
from model.text import fold, quote
from model.i18n import _

from .columns import read_header
from .errors import DamagedFile
from .layout import Layout, Para, Row, cell_text, split_numbered_lines

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_T, _TAB, _BR, _CR, _NBH = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_VAL = qn("w:val")
_TBLGRID, _GRIDCOL = qn("w:tblGrid"), qn("w:gridCol")
WORD_MAX_COLUMNS = 63  # Word's own limit for a table; the bound where a file has no grid
_PPR, _NUMPR, _NUMID = qn("w:pPr"), qn("w:numPr"), qn("w:numId")
_ILVL, _PSTYLE = qn("w:ilvl"), qn("w:pStyle")
_TCPR, _TRPR, _GRIDSPAN, _VMERGE, _GRIDBEFORE, _TABS = (
    qn("w:tcPr"), qn("w:trPr"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:gridBefore"), qn("w:tabs"))


def paragraph_text(p) -> str:
    """Return a w:p element's visible text (deleted runs and field codes left out)."""
    parts = []
    for el in p.iter(_T, _TAB, _BR, _CR, _NBH):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _NBH:
            parts.append("-")
        elif el.tag == _TAB:
            # a w:tab inside w:pPr/w:tabs is a tab stop, not a character
            if el.getparent().tag != _TABS:
                parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


class Numbering:
    """Word's automatic numbers, counted in document order as Word counts them.

    Paragraphs of one abstract list continue its count; a list instance (w:num) with a
    w:startOverride starts again from that value the first time it is used.
    """

    def __init__(self, document):
        self._num: dict[str, tuple[str, dict[int, int]]] = {}
        self._levels: dict[tuple[str, int], tuple[str, int]] = {}
        self._style_numpr: dict[str, tuple[str, int]] = {}
        self._counters: dict[tuple[str, int], int] = {}
        self._started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        # no numbering part, and python-docx cannot make one: no automatic numbers
        except (KeyError, NotImplementedError):
            root = None
        if root is not None:
            for absn in root.iterchildren(qn("w:abstractNum")):
                aid = absn.get(qn("w:abstractNumId"))
                for lvl in absn.iterchildren(qn("w:lvl")):
                    fmt = lvl.find(qn("w:numFmt"))
                    start = lvl.find(qn("w:start"))
                    self._levels[(aid, int(lvl.get(qn("w:ilvl"), "0")))] = (
                        fmt.get(_VAL) if fmt is not None else "decimal",
                        int(start.get(_VAL)) if start is not None else 1)
            for num in root.iterchildren(qn("w:num")):
                absref = num.find(qn("w:abstractNumId"))
                overrides = {}
                for ov in num.iterchildren(qn("w:lvlOverride")):
                    so = ov.find(qn("w:startOverride"))
                    if so is not None:
                        overrides[int(ov.get(qn("w:ilvl"), "0"))] = int(so.get(_VAL))
                if absref is not None:
                    self._num[num.get(qn("w:numId"))] = (absref.get(_VAL), overrides)
        styles = document.part.styles.element
        for style in styles.iterchildren(qn("w:style")):
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                found = self._read_numpr(numpr)
                if found:
                    self._style_numpr[style.get(qn("w:styleId"))] = found

    @staticmethod
    def _read_numpr(numpr) -> tuple[str, int] | None:
        num_id = numpr.find(_NUMID)
        ilvl = numpr.find(_ILVL)
        if num_id is None or num_id.get(_VAL) == "0":
            return None
        level = ilvl.get(_VAL, "0") if ilvl is not None else "0"
        return (num_id.get(_VAL), int(level)) if level.isascii() and level.isdigit() else None

    def advance(self, p) -> int | None:
        """Count paragraph `p` in its list and return the number Word shows before it, or None.

        Call it once per paragraph, in document order: each call moves the list's counter on.
        """
        ppr = p.find(_PPR)
        if ppr is None:
            return None
        numpr = ppr.find(_NUMPR)
        found = self._read_numpr(numpr) if numpr is not None else None
        if found is None and numpr is None:
            style = ppr.find(_PSTYLE)
            found = self._style_numpr.get(style.get(_VAL)) if style is not None else None
        if found is None or found[0] not in self._num:
            return None
        num_id, ilvl = found
        abstract, overrides = self._num[num_id]
        fmt, start = self._levels.get((abstract, ilvl), ("decimal", 1))
        key = (abstract, ilvl)
        if num_id not in self._started:
            self._started.add(num_id)
            if ilvl in overrides:
                self._counters[key] = overrides[ilvl] - 1
        value = self._counters.get(key, start - 1) + 1
        self._counters[key] = value
        for (a, level) in list(self._counters):  # a higher level restarts the ones below it
            if a == abstract and level > ilvl:
                del self._counters[(a, level)]
        return value if fmt == "decimal" and ilvl == 0 else None


def _blocks(parent):
    """Yield the w:p and w:tbl children of `parent`, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _cell_paras(tc, numbering: Numbering) -> tuple[Para, ...]:
    paras = []
    for p in tc.iter(_P):
        number = numbering.advance(p)
        # a manual line break before "2. …" starts a measure as a new paragraph would
        for i, piece in enumerate(split_numbered_lines(paragraph_text(p))):
            text = fold(piece)
            if text or (i == 0 and number is not None):
                paras.append(Para(text, number if i == 0 else None))
    return tuple(paras)


def _columns(value: str, grid: int, where: str, file: str) -> int:
    """Return a cell span or skip read from the file: a whole number within the table's grid."""
    count = int(value) if value.isascii() and value.isdigit() else -1
    if count < 0 or count > (grid or WORD_MAX_COLUMNS):
        shown = quote(value, 20)
        raise DamagedFile(_("{where}: a cell spans '{shown}' columns, but the table has {grid}: "
                            "the Word file is damaged; open it in Word and save it again")
                          .format(where=shown_where(where), shown=shown, grid=grid), file=file)
    return count


def _table_rows(tbl, numbering: Numbering, table_no: int, file: str) -> list[Row]:
    rows = []
    grid = len(tbl.findall(f"{_TBLGRID}/{_GRIDCOL}"))
    for r, tr in enumerate(tbl.iterchildren(_TR), start=1):
        where = place("row", table=table_no, row=r)  # English, as the plan JSON keeps it
        cells: list = []
        trpr = tr.find(_TRPR)
        before = trpr.find(_GRIDBEFORE) if trpr is not None else None
        if before is not None:
            cells.extend([None] * _columns(before.get(_VAL, "0"), grid, where, file))
        for tc in tr.iterchildren(_TC):
            tcpr = tc.find(_TCPR)
            span, merged = 1, False
            if tcpr is not None:
                gs = tcpr.find(_GRIDSPAN)
                span = _columns(gs.get(_VAL, "1"), grid, where, file) if gs is not None else 1
                vm = tcpr.find(_VMERGE)
                merged = vm is not None and vm.get(_VAL, "continue") == "continue"
            cells.append(None if merged else _cell_paras(tc, numbering))
            cells.extend([None] * (span - 1))
            if len(cells) > grid + WORD_MAX_COLUMNS:  # checked per cell: memory stays bounded
                break
        if len(cells) > grid + WORD_MAX_COLUMNS:  # a few cells past the grid Word copes with
            raise DamagedFile(_("{where}: the row has more than {most} cells, but the table has "
                                "{grid} columns: the Word file is damaged; open it in Word and "
                                "save it again").format(where=shown_where(where),
                                                        most=grid + WORD_MAX_COLUMNS,
                                                        grid=grid), file=file)
        rows.append(Row(cells=tuple(cells), where=where))
    return rows


def _open(data: bytes, file: str):
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EOFError, etree.XMLSyntaxError,
            ValueError) as exc:
        raise DamagedFile(_("the Word file is damaged or incomplete ({detail}); open it in Word "
                            "and save it again").format(detail=type(exc).__name__),
                          file=file) from None


def docx_to_layout(data: bytes, file: str) -> Layout:
    """Return the Layout of a .docx: paragraphs before the plan table, its rows, and after.

    The plan table is the first table whose first rows carry the plan's header; other
    tables after it (a glossary laid out as a table) are read as "code<tab>name" lines.
    """
    document = _open(data, file)
    try:
        numbering = Numbering(document)
    except ValueError:  # int() of a level, start or override that is no number
        raise DamagedFile(_("the list numbering holds a number that is not a number: the Word "
                            "file is damaged; open it in Word and save it again"),
                          file=file) from None
    before: list[str] = []
    after: list[str] = []
    rows: list[Row] = []
    table_no = 0
    for block in _blocks(document.element.body):
        if block.tag == _P:
            text = paragraph_text(block)
            if text.strip():
                (after if rows else before).append(text)
            continue
        table_no += 1
        table_rows = _table_rows(block, numbering, table_no, file)
        if not rows and any(read_header([cell_text(c) for c in r.cells]) for r in table_rows[:4]):
            rows = table_rows
        elif rows:
            after.extend("\t".join(cell_text(c) for c in r.cells if c) for r in table_rows)
        else:
            before.clear()  # a table above the plan (an approval block): the title follows it
    return Layout(file=file, format="docx", before=tuple(before), rows=tuple(rows),
                  after=tuple(after))
