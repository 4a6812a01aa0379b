"""Deadlines in Kyrgyz and Russian read into periods."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.deadlines import is_understood, parse_deadline

ROMAN = ["I", "II", "III", "IV"]


@pytest.mark.parametrize("text, start, end, annual, ongoing", [
    ("2025-жылдын I жарым жылдыгы", date(2025, 1, 1), date(2025, 6, 30), False, False),
    ("2027-жылдын II жарым жылы", date(2027, 7, 1), date(2027, 12, 31), False, False),
    ("2025-жылдын III кварталы", date(2025, 7, 1), date(2025, 9, 30), False, False),
    ("2025-жыл", date(2025, 1, 1), date(2025, 12, 31), False, False),
    ("2025–2027-жылдар", date(2025, 1, 1), date(2027, 12, 31), False, False),
    ("2025–2027-жылдар (жыл сайын)", date(2025, 1, 1), date(2027, 12, 31), True, False),
    ("Туруктуу", None, None, False, True),
    ("I полугодие 2025 года", date(2025, 1, 1), date(2025, 6, 30), False, False),
    ("2-е полугодие 2026 г.", date(2026, 7, 1), date(2026, 12, 31), False, False),
    ("IV квартал 2026 года", date(2026, 10, 1), date(2026, 12, 31), False, False),
    ("2025-2027 годы", date(2025, 1, 1), date(2027, 12, 31), False, False),
    ("ежегодно", None, None, True, False),
    ("Постоянно", None, None, False, True),
    ("до 1 июля 2026 года", None, date(2026, 7, 1), False, False),
    ("2026-жылдын 1-июлуна чейин", None, date(2026, 7, 1), False, False),
    ("01.02.2026", None, date(2026, 2, 1), False, False),
    ("март 2025 года", date(2025, 3, 1), date(2025, 3, 31), False, False),
    ("2025-жылдын IV кварталы, 2026-жылдын IV кварталы", date(2025, 10, 1), date(2026, 12, 31), False, False),
])
def test_printed_deadlines(text, start, end, annual, ongoing):
    d = parse_deadline(text)
    assert (d.start, d.end, d.annual, d.ongoing) == (start, end, annual, ongoing)
    assert d.text == text


def test_text_is_kept_as_printed_with_spaces_folded():
    assert parse_deadline(" 2025–2027-жылдар\n (жыл сайын) ").text == "2025–2027-жылдар (жыл сайын)"


def test_unreadable_deadline_has_no_dates():
    d = parse_deadline("кийинки жылы")
    assert not is_understood(d)
    assert d.start is None and d.end is None


@given(st.integers(2000, 2099), st.integers(1, 4))
def test_any_quarter_covers_three_months(year, q):
    for text in (f"{year}-жылдын {ROMAN[q - 1]} кварталы", f"{ROMAN[q - 1]} квартал {year} года"):
        d = parse_deadline(text)
        assert d.start == date(year, 3 * q - 2, 1)
        assert d.end.month == 3 * q and d.end.year == year
        assert (d.end - d.start).days in range(89, 92)


@given(st.integers(2000, 2099), st.integers(1, 2))
def test_any_half_year_covers_six_months(year, h):
    d = parse_deadline(f"{year}-жылдын {ROMAN[h - 1]} жарым жылдыгы")
    assert d.start == date(year, 6 * h - 5, 1)
    assert d.end == (date(year, 6, 30) if h == 1 else date(year, 12, 31))


@given(st.integers(2000, 2090), st.integers(0, 9), st.sampled_from(["–", "-", "—"]))
def test_any_year_range(first, length, dash):
    d = parse_deadline(f"{first}{dash}{first + length}-жылдар")
    assert (d.start, d.end) == (date(first, 1, 1), date(first + length, 12, 31))


@given(st.text())
def test_never_fails_on_any_text(text):
    d = parse_deadline(text)
    assert d.start is None or d.end is None or d.start <= d.end
