"""What a report template may hold before it is filled, and the sandbox its tags are filled in.

A template comes from outside (by e-mail, dropped on the page) and its parts go into the official
report. `check_template_file` refuses, before python-docx opens it, a file past the size a
template has, and a template carrying what Word would run or merge on opening the report: macros
(a VBA project), ActiveX controls, or an altChunk (an HTML/RTF part Word merges into the text, unseen
by esep). `ReportSandbox` is jinja's immutable sandbox, which reaches no Python internals, narrowed to
the tags a report template needs — names, `if`, `for` two deep, a few filters that cannot grow a
text — with each part's source and the text filled bounded, so a tag such as ``'x' * 10**9`` or a
loop in a loop in a loop cannot exhaust memory or run for hours.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from model.errors import EsepError
from model.i18n import _
from model.text import quote

MAX_TEMPLATE_MB = 30            # as the page takes a file; the built-in template is 40 KB
MAX_PART_MB = 2                 # a part whose tags are filled; the built-in body is 19 KB
MAX_SOURCE_CHARS = 2_000_000    # the same, as jinja reads it (the body with headers and footers)
MAX_FILLED_CHARS = 40_000_000   # what the tags of one part fill in: the annexes of 2,000 measures
MAX_LOOP_DEPTH = 2
MAX_NUMBER = 10_000
SAFE_FILTERS = frozenset({"upper", "lower", "capitalize", "title", "trim", "e", "escape",
                          "default", "d", "length", "count", "first", "last", "string", "join"})
_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const,
            nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.If, nodes.For, nodes.CondExpr,
            nodes.Not, nodes.And, nodes.Or, nodes.Compare, nodes.Operand, nodes.Test,
            nodes.Filter, nodes.Concat, nodes.Tuple, nodes.Keyword)

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MACROS = ("/vbaProject", "/wordVbaData", "/keyMapCustomizations")  # relationship types' ends
_ACTIVEX = ("/control", "/activeXControlBinary")
_MERGED = ("/aFChunk",)
_FILLED = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml",
                     re.IGNORECASE)


class TemplateError(EsepError):
    """The report template cannot be filled: a tag or the main table is broken."""


class UnsafeTemplate(TemplateError):
    """The report template holds what a report must not carry, or more than a template has."""


def check_template_file(path: Path, name: str) -> None:
    """Raise UnsafeTemplate when the .docx at `path` is too big, or holds macros, ActiveX
    controls or an altChunk part; `name` is the file as the clerk gave it."""
    size = path.stat().st_size
    if size > MAX_TEMPLATE_MB * 2 ** 20:
        raise UnsafeTemplate(_("refused: the template is {mb} MB, more than the {limit} MB a report "
                               "template may be (the built-in one is under 1 MB); make its "
                               "pictures smaller in Word (Picture Format > Compress Pictures)")
                             .format(mb=size // 2 ** 20, limit=MAX_TEMPLATE_MB), file=name)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        _check_filled_parts(archive.infolist(), name)
        types = [t.get("ContentType", "") for t in _root(archive, "[Content_Types].xml", names)
                 if t.tag in (_TYPES + "Default", _TYPES + "Override")]
        links = [(rel.get("Type", ""), rel.get("Target", "")) for part in names
                 if part.endswith(".rels") for rel in _root(archive, part, names).iter(_RELS)]
    if (any("macroEnabled" in t or "vbaProject" in t for t in types)
            or any(t.endswith(_MACROS) for t, _target in links)
            or any(n.lower().endswith("vbaproject.bin") for n in names)):
        raise UnsafeTemplate(_("refused: the template holds macros (a VBA project), which a report "
                               "must not carry; open it in Word and save it as «Word Document "
                               "(*.docx)», which keeps no macros"), file=name)
    if any(t.endswith(_ACTIVEX) for t, _target in links) or any("activeX" in t for t in types):
        raise UnsafeTemplate(_("refused: the template holds ActiveX controls, which run code when "
                               "the report is opened; delete them in Word and save it again"),
                             file=name)
    merged = [target for t, target in links if t.endswith(_MERGED)]
    if merged:
        raise UnsafeTemplate(_("refused: the template holds a part Word would merge into the "
                               "report on opening ({part}, an altChunk), which esep cannot check; "
                               "open it in Word and save it again as .docx, which merges it into "
                               "the text").format(part=quote(merged[0])), file=name)


def _check_filled_parts(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a part docxtpl fills (body, header, footer, notes) past MAX_PART_MB unpacked.

    Its XML is patched by regular expressions and parsed whole more than once: 50 MB of text took
    four minutes and 2.6 GB, before a tag was read. The sizes are those the zip declares, which
    `ingest.package.check_package` has held the inflated bytes to.
    """
    for info in infos:
        if _FILLED.fullmatch(info.filename) and info.file_size > MAX_PART_MB * 2 ** 20:
            raise UnsafeTemplate(_("refused: its part {part} unpacks to {mb} MB, more than the "
                                   "{limit} MB a report template of a few pages has")
                                 .format(part=info.filename, mb=info.file_size // 2 ** 20 or 1,
                                         limit=MAX_PART_MB), file=name)


def _root(archive: zipfile.ZipFile, part: str, names: list[str]):
    """Return the parsed root of `part`, or an empty element when the package has none."""
    if part not in names:
        return ElementTree.fromstring("<none/>")
    return ElementTree.fromstring(archive.read(part))


class ReportSandbox(ImmutableSandboxedEnvironment):
    """jinja's immutable sandbox, taking only the tags a report template needs, bounded in size.

    Every source docxtpl fills (the body, each header and footer, the footnotes, the document's
    properties) is parsed here first, so a tag beyond these is refused before it is compiled:
    jinja folds constants at compile time, and ``{{ 'x' * 10**9 }}`` would be built then.
    """

    def __init__(self, name: str) -> None:
        super().__init__(autoescape=True)
        self.name = name  # the template file, named in a refusal
        self.globals.clear()

    def _parse(self, source, name, filename):
        if len(source) > MAX_SOURCE_CHARS:
            raise UnsafeTemplate(_("refused: the template's Word text runs to {n:,} characters in "
                                   "one part, more than the {limit:,} a report template of a few "
                                   "pages has").format(n=len(source), limit=MAX_SOURCE_CHARS),
                                 file=self.name)
        tree = super()._parse(source, name, filename)
        _check_tags(tree, source, self.name)
        return tree

    def concat(self, pieces) -> str:  # jinja joins a filled part's pieces with this
        """Return the `pieces` joined; refuse once they hold more than MAX_FILLED_CHARS."""
        kept, size = [], 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_FILLED_CHARS:
                raise UnsafeTemplate(_("refused: the template's tags fill in more than {limit:,} "
                                       "characters, far more than a report holds (a loop inside a "
                                       "loop?)").format(limit=MAX_FILLED_CHARS), file=self.name)
            kept.append(piece)
        return "".join(kept)


def _check_tags(tree: nodes.Template, source: str, name: str) -> None:
    """Raise UnsafeTemplate at the first tag of `tree` that is more than a report needs."""
    for node, depth in _walk(tree, 0):
        what, hint = _refused(node, depth)
        if what:
            raise UnsafeTemplate(_("a tag{tag} uses {what}, which a report template may not: "
                                   "only names ({names}), {p_if} and {tr_for}; use the original "
                                   "template or remove that tag")
                                 .format(tag=_quoted(source, node.lineno, hint), what=what,
                                         names="{{ L.… }}, {{ row.… }}", p_if="{%p if … %}",
                                         tr_for="{%tr for … %}"), file=name)


def _walk(node: nodes.Node, depth: int):
    """Yield every node under `node` with the number of `for` loops it stands in."""
    yield node, depth
    inner = depth + 1 if isinstance(node, nodes.For) else depth
    for child in node.iter_child_nodes():
        yield from _walk(child, inner)


def _refused(node: nodes.Node, depth: int) -> tuple[str, str]:
    """Return what `node` does that a report template may not, and a piece of its tag; or ""."""
    if not isinstance(node, _ALLOWED):
        kind = _kind(node)
        return f"«{kind}»", kind.strip("( ")
    if isinstance(node, nodes.For) and (depth >= MAX_LOOP_DEPTH or node.recursive):
        return _("a loop inside {n} loops").format(n=depth), "for"
    if isinstance(node, nodes.Filter) and node.name not in SAFE_FILTERS:
        return _("the filter «{name}»").format(name=node.name), node.name
    if isinstance(node, nodes.Const) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool) and abs(node.value) > MAX_NUMBER:
        return _("the number {number}").format(number=quote(str(node.value))), str(node.value)
    return "", ""


def _kind(node: nodes.Node) -> str:
    """Return how a template's author would name `node`: the operator or the tag's word."""
    operators = {"Mul": "*", "Pow": "**", "Mod": "%", "Div": "/", "FloorDiv": "//", "Add": "+",
                 "Sub": "-", "Neg": "-", "Pos": "+", "Call": "( )"}
    words = {"Assign": "set", "AssignBlock": "set", "Macro": "macro", "CallBlock": "call",
             "FilterBlock": "filter", "Include": "include", "Import": "import",
             "FromImport": "import", "Extends": "extends", "With": "with", "Scope": "with",
             "Block": "block"}
    kind = type(node).__name__
    return operators.get(kind) or words.get(kind) or kind


def _quoted(source: str, lineno: int | None, hint: str) -> str:
    """Return ' «…»': the tag holding `hint` in the paragraph on line `lineno` (its first tag,
    else its text), or ''."""
    lines = source.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", lines[lineno - 1])).strip()
    tags = re.findall(r"\{[{%].*?[}%]\}", text)
    tag = next((t for t in tags if hint and hint in t), tags[0] if tags else text)
    return f" «{quote(tag)}»" if tag else ""
