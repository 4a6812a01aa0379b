"""model.answers: a form's rows read into answers."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from model.answers import READ_KEYS, RowAnswer, cell_text, measure_id_text, read_rows

CELL = st.one_of(st.none(), st.just(""), st.text(max_size=12),
                 st.sampled_from(["1.1", " 2.3.4 ", "5.1.", "1. 2", "1.1\n2.2", "\n", " "]),
                 st.integers(-5, 500), st.floats(allow_nan=False, allow_infinity=False),
                 st.dates(date(2020, 1, 1), date(2030, 1, 1)))


def one_row_at_a_time(rows, index, first_row):
    """The rows read as the rule says, a row and a cell at a time."""
    for number, values in enumerate(rows, start=first_row):
        texts = [cell_text(values[index[k]]) if k in index and index[k] < len(values) else ""
                 for k in READ_KEYS]
        if any(texts):
            yield RowAnswer(number, measure_id_text(texts[0]), *texts[1:])


@given(rows=st.lists(st.lists(CELL, max_size=8).map(tuple), max_size=12),
       order=st.permutations(range(8)), missing=st.sets(st.sampled_from(READ_KEYS)),
       first=st.integers(1, 50))
@example(rows=[("1.1\n2.2", "x"), ("3.1", "")], order=range(8), missing=set(), first=1)
def test_the_rows_read_a_column_at_a_time_are_those_read_a_row_at_a_time(rows, order, missing,
                                                                           first):
    index = {k: i for k, i in zip(READ_KEYS, order) if k not in missing}
    assert list(read_rows(rows, index, first)) == list(one_row_at_a_time(rows, index, first))


def test_a_blank_row_is_passed_over_and_an_id_is_read_without_its_spaces():
    rows = [("1.1", "аткарылды"), ("", " "), (" 2. 1 ", None), ("3.1.", "")]
    got = list(read_rows(rows, {"id": 0, "status": 1}, 10))
    assert [(a.row, a.measure_id, a.status_text) for a in got] == [
        (10, "1.1", "аткарылды"), (12, "2.1", ""), (13, "3.1", "")]
