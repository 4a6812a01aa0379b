"""Text helpers every reader shares."""

from hypothesis import given
from hypothesis import strategies as st

from ingest.layout import Para, Row, cell_text, join_words
from model.text import fold


@given(st.text())
def test_fold_leaves_no_double_or_odd_space(text):
    folded = fold(text)
    assert "  " not in folded and folded == folded.strip()
    assert folded.split() == text.split()


def test_cells_and_rows():
    row = Row(cells=((Para("Бир"), Para("эки")), None, ()), where="line 1")
    assert row.texts == ("Бир эки", "", "")
    assert cell_text(None) == ""


def test_join_words_space_or_not():
    assert join_words("бир ", " эки") == "бир эки"
    assert join_words("", "эки") == "эки"
    assert join_words("ички-", "тышкы", hyphens=True) == "ички-тышкы"
