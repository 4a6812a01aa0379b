"""Raw WordprocessingML helpers: everything python-docx has no public API for lives here."""

from __future__ import annotations

import copy
from typing import Iterable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")


def _child(parent, tag: str, *, first: bool = False):
    """Return `parent`'s `tag` child, made (appended, or first when `first`) if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def set_fonts(rpr, name: str) -> None:
    """Set `name` in every font slot of the run properties `rpr`, so Cyrillic uses it too.

    Theme attributes win over explicit names in Word, so they are removed.
    """
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), name)


def set_default_fonts(styles_element, name: str, half_points: int, lang: str | None = None) -> None:
    """Set the document defaults (w:docDefaults) to font `name` at `half_points`, language `lang`."""
    defaults = _child(styles_element, "w:docDefaults", first=True)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    set_fonts(rpr, name)
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), str(half_points))
    if lang:
        set_language(styles_element, lang)


def set_language(styles_element, lang: str) -> None:
    """Set the proofing language of the document defaults to `lang` (e.g. "ky-KG")."""
    defaults = _child(styles_element, "w:docDefaults", first=True)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    element = _child(rpr, "w:lang")
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(slot), lang)


def add_field(paragraph, instruction: str) -> None:
    """Append a field (e.g. ``PAGE``) to `paragraph`, its cached result empty until the reader updates it."""
    p = paragraph._p
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("result", "1"),
                       ("end", None)):
        run = OxmlElement("w:r")
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        elif kind == "result":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run.append(node)
        p.append(run)


def mark_header_row(tr) -> None:
    """Mark the table row `tr` to repeat at the top of every page (w:tblHeader)."""
    trpr = tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        trpr.append(OxmlElement("w:tblHeader"))


def is_header_row(tr) -> bool:
    """Return True when `tr` repeats at the top of every page."""
    trpr = tr.trPr
    if trpr is None:
        return False
    mark = trpr.find(qn("w:tblHeader"))
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false", "off")


def grid_width(tbl) -> int:
    """Return the number of grid columns of the table `tbl`."""
    grid = tbl.find(qn("w:tblGrid"))
    return len(grid.findall(qn("w:gridCol"))) if grid is not None else 0


def row_cells(tr) -> list:
    """Return the w:tc elements of the row `tr`."""
    return tr.findall(qn("w:tc"))


def span_row(tr, columns: int) -> None:
    """Keep only the first cell of the row `tr` and make it span `columns` grid columns."""
    cells = row_cells(tr)
    for tc in cells[1:]:
        tr.remove(tc)
    tcpr = cells[0].get_or_add_tcPr()
    span = tcpr.find(qn("w:gridSpan"))
    if span is None:
        span = OxmlElement("w:gridSpan")
        width = tcpr.find(qn("w:tcW"))
        tcpr.insert(1 if width is not None else 0, span)
    span.set(qn("w:val"), str(columns))
    width = tcpr.find(qn("w:tcW"))
    if width is not None:  # a fixed width narrower than the span confuses LibreOffice
        width.set(qn("w:type"), "auto")
        width.set(qn("w:w"), "0")


def cell_text(tc) -> str:
    """Return the text of the cell `tc`, its paragraphs joined by newlines."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.findall(qn("w:p")))


# A run is (text, bold, italic); a paragraph is a sequence of runs.
Run = tuple[str, bool, bool]


def fill_cell(tc, paragraphs: Sequence[Sequence[Run]]) -> None:
    """Replace the text of cell `tc` with `paragraphs`, keeping its first paragraph's and run's look."""
    old = tc.findall(qn("w:p"))
    proto_p = old[0]
    proto_r = proto_p.find(qn("w:r"))
    proto_rpr = proto_r.find(qn("w:rPr")) if proto_r is not None else None
    anchor = proto_p.getprevious()
    for p in old:
        tc.remove(p)
    shell = copy.deepcopy(proto_p)
    for child in list(shell):
        if child.tag != qn("w:pPr"):
            shell.remove(child)
    for runs in paragraphs or [[("", False, False)]]:
        p = copy.deepcopy(shell)
        for text, bold, italic in runs:
            p.append(_run(text, proto_rpr, bold, italic))
        if anchor is None:
            tc.append(p)
        else:
            anchor.addnext(p)
        anchor = p


def _run(text: str, proto_rpr, bold: bool, italic: bool):
    r = OxmlElement("w:r")
    if proto_rpr is not None or bold or italic:
        rpr = copy.deepcopy(proto_rpr) if proto_rpr is not None else OxmlElement("w:rPr")
        _set_flags(rpr, bold, italic)
        r.append(rpr)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = line
        r.append(t)
    return r


def _set_flags(rpr, bold: bool, italic: bool) -> None:
    """Add w:b and w:i to `rpr` where asked, in the order the schema wants (after style and fonts)."""
    anchor = None
    for tag in ("w:rStyle", "w:rFonts"):
        found = rpr.find(qn(tag))
        if found is not None:
            anchor = found
    for flag, tag in ((bold, "w:b"), (bold, "w:bCs"), (italic, "w:i"), (italic, "w:iCs")):
        found = rpr.find(qn(tag))
        if found is None and flag:
            found = OxmlElement(tag)
            if anchor is None:
                rpr.insert(0, found)
            else:
                anchor.addnext(found)
        if found is not None:
            anchor = found


def clone_after(anchor, prototypes: Iterable) -> list:
    """Insert deep copies of `prototypes` after `anchor`, in order; return the copies."""
    made = []
    for proto in prototypes:
        node = copy.deepcopy(proto)
        anchor.addnext(node)
        anchor = node
        made.append(node)
    return made


_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def drop_external_links(package) -> list[str]:
    """Remove every external relationship but hyperlinks from `package`; return what each was.

    Word fetches an attached template, a linked picture or frame by itself when the file opens
    (the way a template from outside would phone home or pull in a macro template); a hyperlink
    is only followed when clicked. The attributes citing a dropped relationship go with it, and
    an ``attachedTemplate`` element goes whole.
    """
    dropped: list[str] = []
    owners = [(None, package.rels)] + [(part, part.rels) for part in package.iter_parts()]
    for part, rels in owners:
        gone = {rid: rel for rid, rel in rels.items()
                if rel.is_external and rel.reltype != _HYPERLINK}
        for rid, rel in gone.items():
            del rels[rid]
            dropped.append(f"{rel.reltype.rsplit('/', 1)[-1]} → {rel.target_ref}")
        element = getattr(part, "_element", None)
        if gone and element is not None:
            _drop_references(element, set(gone))
    return dropped


def _drop_references(element, rids: set[str]) -> None:
    for node in element.iter():
        for attr in [a for a in node.attrib if a.startswith(_R_NS) and node.attrib[a] in rids]:
            del node.attrib[attr]
        if node.tag == qn("w:attachedTemplate") and node.getparent() is not None:
            node.getparent().remove(node)
