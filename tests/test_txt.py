"""The text export read into a Layout."""

import pytest

from ingest.errors import UnknownFormat
from ingest.layout import Para
from ingest.txt import decode_text, text_to_layout

from .conftest import SAMPLES


def test_sample_text_export():
    layout = text_to_layout((SAMPLES / "plan-ky.txt").read_text(encoding="utf-8"), "plan-ky.txt")
    assert layout.before[0].startswith("2025-2030-жылдарга")
    assert layout.rows[0].texts[1] == "Милдеттер"
    breaks = [r.where for r in layout.rows if r.page_break]
    assert len(breaks) == 12  # the blank lines inside the table
    assert layout.after[-1].startswith("ОИБ")


def test_pieces_of_a_cell_are_paragraphs():
    layout = text_to_layout("№\tМилдеттер\tИш-чаралар\tИшке ашыруу мөөнөттөрү\tКүтүлүүчү натыйжалар"
                            "\tЖооптуу аткаруучулар\tКаржылоо булактары\n"
                            "1\t<p>бир  эки</p>\t<p>1. Бир</p> <p>2. Эки</p>\t\t\t\t", "t.txt")
    assert layout.rows[1].cells[1] == (Para("бир эки"),)
    assert layout.rows[1].cells[2] == (Para("1. Бир"), Para("2. Эки"))


@pytest.mark.parametrize("data", ["план".encode("utf-8-sig"), "план".encode("utf-16")])
def test_encodings_with_a_mark(data):
    assert decode_text(data, "t.txt") == "план"


def test_other_encodings_refused():
    with pytest.raises(UnknownFormat, match="not UTF-8"):
        decode_text("план".encode("cp1251"), "t.txt")


def test_control_characters_are_removed_with_a_warning_naming_the_line(tmp_path):
    """ESC, BEL and \\x01 in a text export: every command runs, one warning names the line."""
    from click.testing import CliRunner

    from esep.cli import cli
    text = (SAMPLES / "plan-ky.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[14] = lines[14].replace("Бийлик органдарынын", "Бийлик\x1b[31m органдарынын\x07\x01", 1)
    plan = tmp_path / "plan.txt"
    plan.write_text("\n".join(lines), encoding="utf-8")
    before = plan.read_bytes()
    runs = {
        "forms": ["forms", plan, "--year", "2025", "-o", tmp_path / "forms"],
        "report": ["report", plan, SAMPLES / "submissions" / "2025", "--year", "2025",
                   "-o", tmp_path / "report.docx"],
        "diff": ["diff", SAMPLES / "plan-ky.txt", plan, "--docx", tmp_path / "diff.docx"],
    }
    for command, args in runs.items():
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 0, (command, result.output)
        assert "Traceback" not in result.output and "\x1b" not in result.output, command
    result = CliRunner().invoke(cli, ["ingest", str(plan)])
    warned = [w for w in result.stderr.splitlines() if "control characters" in w]
    assert warned == ["warning: line 15: control characters (such as ESC or BEL, no letters) "
                      "were removed from the text"]
    assert "Бийлик[31m органдарынын" in result.stdout and "\x1b" not in result.output
    assert plan.read_bytes() == before
