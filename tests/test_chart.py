"""The status chart: bars stacked bottom to top in the outcomes' order, each in its own fill."""

from __future__ import annotations

import io

from PIL import Image

from render.chart import DPI, HEIGHT_MM, WIDTH_MM, status_chart

LEGEND = {"done": "аткарылды", "in_progress": "аткарылууда", "not_done": "аткарылган жок",
          "overdue": "мөөнөтү өтүп кеткен", "no_info": "маалымат жок",
          "not_yet_due": "мөөнөтү келе элек"}


def picture(bars) -> Image.Image:
    return Image.open(io.BytesIO(status_chart(bars, LEGEND, "Бөлүм")))


def longest_run(values: list[int], value: int) -> tuple[int, int]:
    """Return (start, length) of the longest run of `value` in `values`."""
    best, start = (0, 0), None
    for i, v in enumerate(values + [None]):
        if v == value and start is None:
            start = i
        elif v != value and start is not None:
            best = max(best, (start, i - start), key=lambda r: r[1])
            start = None
    return best


def test_the_chart_is_a_greyscale_picture_of_its_size_for_print():
    img = picture([("1", {"done": 1})])
    assert img.mode == "L"
    assert img.size == (round(WIDTH_MM / 25.4 * DPI), round(HEIGHT_MM / 25.4 * DPI))
    assert round(img.info["dpi"][0]) == DPI


def test_one_bar_stacks_done_grey_under_overdue_black_in_proportion():
    img = picture([("1", {"done": 3, "overdue": 1})])
    x = img.width // 2 + 20  # off the centre line, inside the one bar
    values = [img.getpixel((x, y)) for y in range(img.height)]
    done, overdue = longest_run(values, 70), longest_run(values, 0)   # fills, not outlines
    assert 2.5 < done[1] / overdue[1] < 3.5   # 3 done to 1 overdue
    assert overdue[0] + overdue[1] <= done[0]  # overdue's fill ends above done's begins


def test_the_legend_names_only_outcomes_that_occur():
    one = picture([("1", {"done": 2})])
    two = picture([("1", {"done": 2, "no_info": 1})])
    # the dotted fill of "no information" appears in the legend row and bar only in `two`
    legend_y = range(one.height - 60, one.height)
    dots = lambda img: sum(1 for x in range(0, img.width, 3) for y in legend_y
                           if img.getpixel((x, y)) == 0)
    assert dots(two) > dots(one)


def test_more_measures_make_a_taller_bar_on_the_same_scale():
    short = picture([("1", {"done": 2}), ("2", {"done": 4})])
    x1, x2 = [round(110 + (short.width - 32 - 110) / 2 * (i + 0.5)) for i in (0, 1)]
    height = lambda x: sum(1 for y in range(short.height) if short.getpixel((x + 5, y)) == 70)
    assert abs(height(x2) - 2 * height(x1)) <= 6
