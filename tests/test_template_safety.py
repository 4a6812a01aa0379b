"""Hostile report templates: macros, merged parts, tags past what a report needs, huge files."""

from __future__ import annotations

import io
import os
import re
import resource
import zipfile
from pathlib import Path

import pytest
from docx import Document

from render.report import TEMPLATE, render_report
from render.template_safety import MAX_TEMPLATE_MB, UnsafeTemplate

from .test_report import YEAR, _cli_report, plan, progress  # noqa: F401 (the report's fixtures)

VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
CONTROL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/control"
MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def _repacked(target: Path, change=lambda name, data: data, extra=(), source=TEMPLATE) -> Path:
    """Write the built-in template again as `target`, each part through change(name, data),
    with the `extra` (name, bytes) parts added."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
        for name, data in extra:
            zout.writestr(name, data)
    return target


def _related(rel_type: str, target: str, content_types=(), main=MAIN):
    """Return a change relating the document to `target` by `rel_type`."""
    def change(name, data):
        if name == "word/_rels/document.xml.rels":
            rel = f'<Relationship Id="rIdX" Type="{rel_type}" Target="{target}"/>'.encode()
            return data.replace(b"</Relationships>", rel + b"</Relationships>")
        if name == "[Content_Types].xml":
            for extension, kind in content_types:
                data = data.replace(b"</Types>", f'<Default Extension="{extension}" '
                                    f'ContentType="{kind}"/></Types>'.encode())
            return data.replace(MAIN, main)
        return change_body(name, data)
    change_body = lambda name, data: data  # noqa: E731
    return change


def _refused_on_the_command_line(tmp_path, plan, progress, template: Path) -> str:
    """Return the one line `esep report --template` says; check it wrote nothing."""
    before = template.read_bytes()
    result, out = _cli_report(tmp_path, plan, progress, template)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    assert not out.exists() and template.read_bytes() == before
    return lines[0]


@pytest.mark.parametrize("suffix, main", [(".docm", MACRO_MAIN), (".docx", MAIN)])
def test_a_template_with_macros_is_refused(tmp_path, plan, progress, suffix, main):
    # a .docm as Word saves it, and a .docx carrying the same VBA part under the plain type:
    # python-docx would copy the part into the report
    template = _repacked(tmp_path / f"macros{suffix}",
                         _related(VBA, "vbaProject.bin", [("bin", "application/vnd.ms-office."
                                                                  "vbaProject")], main),
                         [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)])
    line = _refused_on_the_command_line(tmp_path, plan, progress, template)
    assert line == (f"Error: {template}: refused: the template holds macros (a VBA project), "
                    "which a report must not carry; open it in Word and save it as «Word "
                    "Document (*.docx)», which keeps no macros")


def test_a_template_with_an_alt_chunk_is_refused(tmp_path, plan, progress):
    change = _related(CHUNK, "chunk.html", [("html", "text/html")])

    def with_chunk(name, data):
        data = change(name, data)
        if name == "word/document.xml":
            data = data.replace(b"<w:body>", b'<w:body><w:altChunk r:id="rIdX"/>', 1)
        return data
    page = b'<html><body><p>FORGED</p><img src="http://evil.example/x.png"></body></html>'
    template = _repacked(tmp_path / "chunk.docx", with_chunk, [("word/chunk.html", page)])
    line = _refused_on_the_command_line(tmp_path, plan, progress, template)
    assert line.startswith(f"Error: {template}: refused: the template holds a part Word would "
                           "merge into the report on opening (chunk.html, an altChunk)")


def test_a_template_with_activex_controls_is_refused(tmp_path, plan, progress):
    template = _repacked(tmp_path / "activex.docx",
                         _related(CONTROL, "activeX/activeX1.xml",
                                  [("bin", "application/vnd.ms-office.activeX")]),
                         [("word/activeX/activeX1.xml", b"<ax:ocx xmlns:ax='urn:x'/>")])
    line = _refused_on_the_command_line(tmp_path, plan, progress, template)
    assert "the template holds ActiveX controls" in line


def test_a_template_past_the_size_a_page_takes_is_refused_unread(tmp_path, plan, progress):
    picture = os.urandom((MAX_TEMPLATE_MB + 1) * 2 ** 20)  # incompressible, as a photo is
    template = _repacked(tmp_path / "big.docx", extra=[("word/media/photo.png", picture)])
    assert template.stat().st_size > 30 * 2 ** 20
    line = _refused_on_the_command_line(tmp_path, plan, progress, template)
    assert line.startswith(f"Error: {template}: refused: the template is 31 MB, more than the "
                           "30 MB a report template may be")


def test_a_template_of_fifty_mb_of_text_is_refused_before_it_is_parsed(tmp_path, plan, progress):
    paragraph = "<w:p><w:r><w:t>" + "Кыргыз тексти, ӨҮҢ. " * 20 + "</w:t></w:r></w:p>"
    body = (paragraph * (50 * 2 ** 20 // len(paragraph.encode()))).encode()
    template = _repacked(tmp_path / "text.docx", lambda name, data: data.replace(
        b"</w:body>", body + b"</w:body>") if name == "word/document.xml" else data)
    assert template.stat().st_size < 1 * 2 ** 20  # it compresses to almost nothing
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(UnsafeTemplate, match=r"its part word/document.xml unpacks to 50 MB, more "
                                             r"than the 2 MB"):
        render_report(plan, progress, YEAR, template=template)
    # it took four minutes and 2.6 GB before: patched and parsed whole, twice
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024


def _with_paragraph(tmp_path: Path, text: str, runs: tuple[str, ...] = ()) -> Path:
    doc = Document(str(TEMPLATE))
    paragraph = doc.add_paragraph(text)
    for run in runs:
        paragraph.add_run(run).bold = True
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    return path


def _text(report: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(report)).paragraphs)


def test_a_tag_split_across_runs_as_word_writes_it_is_filled(tmp_path, plan, progress):
    # Word splits a tag in two runs after a spell-check or a change of format inside it
    template = _with_paragraph(tmp_path, "Отчет: ", ("{{ ti", "tle }}", " / {{ L.summary_hea",
                                                    "ding }}"))
    with zipfile.ZipFile(template) as z:
        assert "{{ ti</w:t>" in z.read("word/document.xml").decode()
    text = _text(render_report(plan, progress, YEAR, template=template))
    report = _text(render_report(plan, progress, YEAR))
    title = next(line for line in report.splitlines() if str(YEAR) in line and "план" in line.lower())
    assert f"Отчет: {title}" in text
    assert "{{" not in text and "}}" not in text


def test_a_template_without_any_tag_is_refused_in_one_line(tmp_path, plan, progress):
    doc = Document()
    doc.add_paragraph("Отчет")
    doc.save(str(tmp_path / "plain.docx"))
    line = _refused_on_the_command_line(tmp_path, plan, progress, tmp_path / "plain.docx")
    assert line.startswith(f"Error: {tmp_path / 'plain.docx'}: the template has no main table")


@pytest.mark.parametrize("tag, says", [
    ("{{ 'x' * 100000000 }}", "uses «*»"),                      # 17 s and 731 MB before
    ("{{ title|center(300000000) }}", "uses the filter «center»"),  # a MemoryError after 2.3 GB
    ("{{ 9**9**9 }}", "uses «**»"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "uses «macro»"),  # RecursionError
    ("{% set a = title ~ title %}{{ a }}", "uses «set»"),
    ("{{ title.upper() }}", "uses «( )»"),
    ("{{ summary|map(attribute='__class__')|list }}", "uses the filter «"),
    ("{% for a in summary %}{% for b in summary %}{% for c in summary %}{{ c }}{% endfor %}"
     "{% endfor %}{% endfor %}", "uses a loop inside 2 loops"),
    ("{{ L.title|replace('', title) }}", "uses the filter «replace»"),
    ("{{ title[0:100000000000] }}", "uses the number 100000000000"),
])
def test_a_tag_past_what_a_report_needs_is_refused_quoting_it(tmp_path, plan, progress, tag,
                                                             says):
    template = _with_paragraph(tmp_path, tag)
    line = _refused_on_the_command_line(tmp_path, plan, progress, template)
    assert line.startswith(f"Error: {template}: a tag «"), line
    assert says in line and "which a report template may not: only names ({{ L.… }}" in line


@pytest.mark.parametrize("tag", ["{{ L.summary_heading|upper }}", "{{ title|default('—') }}",
                                 "{% if overdue %}{{ overdue|length }}{% endif %}",
                                 "{% for row in summary %}{% for c in row.label %}{{ c }}"
                                 "{% endfor %}{% endfor %}"])
def test_the_tags_a_clerk_may_write_are_filled(tmp_path, plan, progress, tag):
    render_report(plan, progress, YEAR, template=_with_paragraph(tmp_path, tag))


def test_what_the_tags_fill_in_is_bounded(tmp_path, plan, progress, monkeypatch):
    import render.template_safety as safety
    monkeypatch.setattr(safety, "MAX_FILLED_CHARS", 30_000)  # the built-in body fills 23,000
    render_report(plan, progress, YEAR)
    template = _with_paragraph(tmp_path, "{% for a in summary %}{% for b in summary %}"
                               "{{ title }}{% endfor %}{% endfor %}")
    with pytest.raises(UnsafeTemplate, match=r"the template's tags fill in more than 30,000 "
                                             r"characters"):
        render_report(plan, progress, YEAR, template=template)


@pytest.mark.parametrize("kind, says", [
    ("macros", "my.docx: refused: the template holds macros (a VBA project)"),
    ("a tag", "my.docx: a tag «{{ 'x' * 100000000 }}» uses «*», which a report template may not"),
])
def test_the_page_refuses_a_hostile_template_in_one_line(tmp_path, kind, says):
    from esep.web.app import create_app
    from esep.web.security import COOKIE
    from esep.web.workspace import PageWorkspace

    from .test_web_views import SAMPLES, SECRET, _job, give_plan, post

    app = create_app(PageWorkspace.open(tmp_path / "ws"), SECRET)
    c = app.test_client()
    c.set_cookie(COOKIE, SECRET, domain="localhost")
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    if kind == "macros":
        template = _repacked(tmp_path / "m.docx", _related(VBA, "vbaProject.bin", [(
            "bin", "application/vnd.ms-office.vbaProject")]), [("word/vbaProject.bin", b"\0" * 512)])
    else:
        template = _with_paragraph(tmp_path, "{{ 'x' * 100000000 }}")
    job = _job(app, post(c, "/report/template", {"year": "2025", "template": (
        io.BytesIO(template.read_bytes()), "my.docx")}))
    assert job.state == "failed" and job.message.startswith(says), job.message
    assert "\n" not in job.message and ".incoming" not in job.message
    assert "my.docx" not in c.get("/report?year=2025").get_data(as_text=True)
