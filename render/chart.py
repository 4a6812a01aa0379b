"""The status-by-section chart: a black-and-white stacked bar picture (PNG) that prints readably.

Drawn with Pillow: each outcome has its own fill (black, greys, hatches, dots, white), so the chart
reads on a black-and-white printer and on a photocopy of it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from typing import Sequence

from PIL import Image, ImageDraw, ImageFont

from model.errors import EsepError
from model.i18n import _
from model.progress import (OUTCOME_DONE, OUTCOME_IN_PROGRESS, OUTCOME_NO_INFO, OUTCOME_NOT_DONE,
                            OUTCOME_NOT_YET_DUE, OUTCOME_OVERDUE, OUTCOMES)

ORDER = OUTCOMES  # bottom to top in each bar; the legend follows the same order
DPI = 200
WIDTH_MM, HEIGHT_MM = 160, 100

# Kyrgyz needs ө ү ң, which Liberation Sans lacks: DejaVu Sans and Arial have them.
_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@lru_cache(maxsize=1)
def _font_file() -> str:
    """Return a TrueType font file with Cyrillic letters."""
    for path in _FONT_FILES:
        try:
            ImageFont.truetype(path, 10)
            return path
        except OSError:
            continue
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans:charset=4e9 4af 4a3"],
                               capture_output=True, text=True, check=False).stdout.strip()
        if found:
            return found
    raise EsepError(_("no font with Cyrillic letters found for the chart: install "
                      "fonts-dejavu-core or fonts-liberation"))


def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(), px)


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def _pattern(outcome: str, size: tuple[int, int]) -> Image.Image:
    """Return a greyscale tile of `size` filled the way `outcome` is drawn."""
    w, h = size
    solid = {OUTCOME_DONE: 70, OUTCOME_OVERDUE: 0, OUTCOME_NOT_YET_DUE: 255}
    tile = Image.new("L", (max(w, 1), max(h, 1)), solid.get(outcome, 255))
    draw = ImageDraw.Draw(tile)
    step, line = _px(2.2), max(2, _px(0.35))
    if outcome in (OUTCOME_IN_PROGRESS, OUTCOME_NOT_DONE):
        for x in range(-h, w + h, step):
            draw.line([(x, h), (x + h, 0)], fill=0, width=line)
            if outcome == OUTCOME_NOT_DONE:
                draw.line([(x, 0), (x + h, h)], fill=0, width=line)
    elif outcome == OUTCOME_NO_INFO:
        r = max(2, _px(0.4))
        for y in range(step // 2, h, step):
            shift = step // 2 if (y // step) % 2 else 0
            for x in range(shift + step // 4, w, step):
                draw.ellipse([x - r, y - r, x + r, y + r], fill=0)
    return tile


def _box(img: Image.Image, rect: tuple[int, int, int, int], outcome: str) -> None:
    x0, y0, x1, y1 = rect
    if x1 <= x0 or y1 <= y0:
        return
    img.paste(_pattern(outcome, (x1 - x0, y1 - y0)), (x0, y0))
    ImageDraw.Draw(img).rectangle(rect, outline=0, width=max(2, _px(0.3)))


def status_chart(bars: Sequence[tuple[str, dict[str, int]]], legend: dict[str, str],
                 axis_label: str) -> bytes:
    """Return a PNG of stacked bars, one per (label, counts by outcome) in `bars`.

    `legend` names each outcome; outcomes with no measure anywhere are left out of the legend.
    Example: ``status_chart([("1", {"done": 2})], {"done": "аткарылды"}, "Бөлүм")``.
    """
    width, height = _px(WIDTH_MM), _px(HEIGHT_MM)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    shown = [o for o in ORDER if any(c.get(o, 0) for _, c in bars)] or [OUTCOME_DONE]
    rows = _legend_rows(draw, [(o, legend.get(o, o)) for o in shown], width)
    legend_h = len(rows) * _LEGEND_LINE + _GAP
    plot = (_px(14), _px(6), width - _px(4), height - legend_h - _px(13))  # left, top, right, bottom
    scale = _draw_axes(draw, plot, max([sum(c.get(o, 0) for o in ORDER) for _, c in bars] or [1]))
    _draw_bars(img, draw, plot, scale, bars, axis_label)
    _draw_legend(img, draw, rows, height - legend_h)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


_SWATCH, _GAP, _LEGEND_LINE = _px(5), _px(3), _px(6.5)


def _legend_item_width(draw: ImageDraw.ImageDraw, name: str) -> int:
    return _SWATCH + _GAP // 2 + round(draw.textlength(name, font=_font(_px(3.6)))) + _GAP * 2


def _legend_rows(draw: ImageDraw.ImageDraw, items: list[tuple[str, str]],
                 width: int) -> list[list[tuple[str, str]]]:
    """Return the legend's (outcome, name) items in rows under the plot, as many per row as fit."""
    rows: list[list[tuple[str, str]]] = [[]]
    row_w, max_w = 0, width - 2 * _GAP
    for outcome, name in items:
        w = _legend_item_width(draw, name)
        if rows[-1] and row_w + w > max_w:
            rows.append([])
            row_w = 0
        rows[-1].append((outcome, name))
        row_w += w
    return rows


def _draw_axes(draw: ImageDraw.ImageDraw, plot: tuple[int, int, int, int], peak: int) -> float:
    """Draw the axes and the grid up to a round value above `peak`; return pixels per measure."""
    left, top, right, bottom = plot
    small = _font(_px(3.0))
    peak = peak or 1
    tick = next(t for t in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10 ** 9)
                if peak / t <= 8)
    top_value = -(-peak // tick) * tick
    scale = (bottom - top) / top_value
    for v in range(0, top_value + 1, tick):
        y = bottom - round(v * scale)
        draw.line([(left, y), (right, y)], fill=190, width=1)
        label = str(v)
        draw.text((left - _px(2) - draw.textlength(label, font=small), y - _px(1.8)), label,
                  font=small, fill=0)
    draw.line([(left, top), (left, bottom)], fill=0, width=max(2, _px(0.3)))
    draw.line([(left, bottom), (right, bottom)], fill=0, width=max(2, _px(0.3)))
    return scale


def _draw_bars(img: Image.Image, draw: ImageDraw.ImageDraw, plot: tuple[int, int, int, int],
               scale: float, bars: Sequence[tuple[str, dict[str, int]]], axis_label: str) -> None:
    """Draw one stacked bar per section, its label under it, and the axis label below them."""
    left, _, right, bottom = plot
    text, small = _font(_px(3.6)), _font(_px(3.0))
    slot = (right - left) / max(len(bars), 1)
    bar_w = max(2, round(min(slot * 0.62, _px(14))))
    label_every = max(1, round(_px(7) / slot)) if slot < _px(7) else 1
    for i, (name, counts) in enumerate(bars):
        cx = left + slot * (i + 0.5)
        x0, x1 = round(cx - bar_w / 2), round(cx + bar_w / 2)
        level = 0
        for outcome in ORDER:
            n = counts.get(outcome, 0)
            if n:
                _box(img, (x0, bottom - round((level + n) * scale), x1, bottom - round(level * scale)),
                     outcome)
                level += n
        if i % label_every == 0:
            draw.text((cx - draw.textlength(name, font=small) / 2, bottom + _px(1.5)), name,
                      font=small, fill=0)
    draw.text(((left + right) / 2 - draw.textlength(axis_label, font=text) / 2,
               bottom + _px(6)), axis_label, font=text, fill=0)


def _draw_legend(img: Image.Image, draw: ImageDraw.ImageDraw,
                 rows: list[list[tuple[str, str]]], y: int) -> None:
    text = _font(_px(3.6))
    for row in rows:
        x = _GAP
        for outcome, name in row:
            _box(img, (x, y, x + _SWATCH, y + _SWATCH), outcome)
            draw.text((x + _SWATCH + _GAP // 2, y + _SWATCH / 2 - _px(2.2)), name, font=text, fill=0)
            x += _legend_item_width(draw, name)
        y += _LEGEND_LINE
