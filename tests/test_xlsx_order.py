"""ingest.xlsx_order: a sheet's row numbers looked at in chunks, and rows read by their numbers."""

from __future__ import annotations

import io

from hypothesis import given, settings, strategies as st

import ingest.xlsx_order as order

ATTRIBUTES = st.sampled_from(["", ' spans="1:11"', ' ht="30" customHeight="1"', ' x14ac:dyDescent="0.25"'])


def _sheet(rows: list[tuple[int, str, str]]) -> bytes:
    """Return sheet XML with a row per (number, attributes before r, tag prefix)."""
    body = "".join(f'<{prefix}row{before} r="{n}"><{prefix}c r="A{n}"><{prefix}v>1</{prefix}v>'
                   f'</{prefix}c></{prefix}row>' for n, before, prefix in rows)
    return (f'<?xml version="1.0"?><worksheet xmlns="urn:x"><sheetData>{body}</sheetData>'
            f'</worksheet>').encode()


@settings(max_examples=200, deadline=None)
@given(numbers=st.lists(st.integers(1, 1_048_576), max_size=60),
       before=ATTRIBUTES, prefix=st.sampled_from(["", "x:"]), chunk=st.integers(1, 64))
def test_rows_are_in_order_exactly_when_each_number_rises(numbers, before, prefix, chunk):
    order._CHUNK = chunk  # a row tag cut anywhere by a chunk's end
    try:
        found = order.in_order(io.BytesIO(_sheet([(n, before, prefix) for n in numbers])))
    finally:
        order._CHUNK = 1024 * 1024
    assert found == all(a < b for a, b in zip(numbers, numbers[1:]))


def test_a_row_written_twice_is_out_of_order():
    assert not order.in_order(io.BytesIO(_sheet([(12, "", ""), (12, "", "")])))
    assert order.in_order(io.BytesIO(_sheet([(12, "", ""), (20, "", "")])))
