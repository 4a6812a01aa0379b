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
