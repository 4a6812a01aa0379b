"""Characters to lines by where they stand, never by the order the file draws them in."""

from hypothesis import given
from hypothesis import strategies as st

from ingest.pdf_grid import Table, TableRow
from ingest.pdf_lines import chars_in_cells, chars_to_lines, chars_to_words, outside
from ingest.pdf_page import Char


def _typeset(lines: list[str], *, x: float = 10.0, size: float = 10.0) -> list[Char]:
    """Return the characters of `lines` set in a monospaced 10-point font, one line a row."""
    chars = []
    for row, text in enumerate(lines):
        baseline = 20.0 + row * 1.2 * size
        for i, letter in enumerate(text):
            left = x + i * 0.5 * size
            top, bottom = baseline - 0.9 * size, baseline + 0.2 * size
            chars.append(Char(letter, left, left + 0.5 * size, top, bottom, baseline,
                              left + 0.25 * size, (top + bottom) / 2))
    return chars


def test_letters_drawn_last_from_another_font_stand_where_they_are_printed():
    chars = _typeset(["аракеттенүү боюнча"])
    fallback = [c for c in chars if c.text == "ү"]
    drawn = [c for c in chars if c.text != "ү"] + fallback
    assert [ln.text for ln in chars_to_lines(drawn)] == ["аракеттенүү боюнча"]


def test_a_gap_wider_than_a_sliver_parts_words_even_without_a_space():
    chars = [c for c in _typeset(["Өзгөчө кырдаалдар"]) if c.text != " "]
    assert chars_to_lines(chars)[0].text == "Өзгөчө кырдаалдар"


def test_lines_top_to_bottom_with_their_extent():
    lines = chars_to_lines(_typeset(["Жооптуу", "аткаруучулар"])[::-1])
    assert [ln.text for ln in lines] == ["Жооптуу", "аткаруучулар"]
    assert lines[0].x0 == 10.0 and lines[0].x1 == 10.0 + 7 * 5.0
    assert [w.text for w in chars_to_words(_typeset(["КБ – Кадрлар"]))[0]] == ["КБ", "–", "Кадрлар"]


def test_each_character_goes_to_the_cell_its_centre_is_in():
    chars = _typeset(["ab cd"], x=0.0)
    row = TableRow(cells=((0.0, 0.0, 12.0, 40.0), None, (12.0, 0.0, 40.0, 40.0)), bbox=(0.0, 0.0, 40.0, 40.0))
    ((left, covered, right),) = chars_in_cells(chars, Table(rows=(row,), bbox=row.bbox))
    assert "".join(c.text for c in left) == "ab" and covered is None
    assert "".join(c.text for c in right if not c.text.isspace()) == "cd"
    assert outside(chars, [(0.0, 0.0, 12.0, 40.0)]) == chars[2:]


_TEXT = st.lists(st.text(alphabet="абвгӨөҮүҢң", min_size=1, max_size=8), min_size=1, max_size=5)


@given(st.lists(_TEXT, min_size=1, max_size=4), st.randoms())
def test_any_drawing_order_gives_the_same_lines(words, rng):
    lines = [" ".join(w) for w in words]
    chars = _typeset(lines)
    rng.shuffle(chars)
    assert [ln.text for ln in chars_to_lines(chars)] == lines
