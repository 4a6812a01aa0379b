"""Deadlines as printed ("2025-жылдын I жарым жылдыгы", "до 1 июля 2026 года") read into periods.

`parse_deadline` is the one place for this rule; every reader's text goes through it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from model.plan import Deadline
from model.text import fold, unify_dashes


_ORDINALS = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
    "биринчи": 1, "экинчи": 2, "үчүнчү": 3, "төртүнчү": 4,
    "перв": 1, "втор": 2, "трет": 3, "четв": 4,
}
_ORDINAL = (r"(iv|i{1,3}|[1-4]|биринчи|экинчи|үчүнчү|төртүнчү|перв\w*|втор\w*|трет\w*|четв\w*)"
            r"(?:-?(?:е|й|м|го|му|ом|ый|ой|чи))?")
_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "май": 5, "мая": 5, "июн": 6,
           "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
_MONTH = r"(январ|феврал|март|апрел|май|мая|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_YEAR = r"((?:19|20)\d{2})"
_YEAR_KY = _YEAR + r"\s*-?\s*ж(?:ыл|\.)\w*"          # "2025-жылдын", "2025-ж."

_ONGOING = re.compile(r"туруктуу|постоянно|на постоянной основе|үзгүлтүксүз|бессрочно")
_ANNUAL = re.compile(r"жыл сайын|ежегодно|жыл\s+сайын")
_BY = re.compile(r"(?:^|\s)до\s|чейин|не позднее|кечиктирбестен")


def _ordinal(word: str) -> int:
    word = word.rstrip("-")
    for key, value in _ORDINALS.items():
        if word == key or (len(key) > 2 and word.startswith(key)):
            return value
    raise ValueError(word)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _half(year: str, which: str) -> tuple[date, date]:
    h = _ordinal(which)
    return date(int(year), 1 + 6 * (h - 1), 1), _last_day(int(year), 6 * h)


def _quarter(year: str, which: str) -> tuple[date, date]:
    q = _ordinal(which)
    return date(int(year), 3 * q - 2, 1), _last_day(int(year), 3 * q)


def _month(year: str, name: str) -> tuple[date, date]:
    m = _MONTHS[name]
    return date(int(year), m, 1), _last_day(int(year), m)


def _day(year: str, month: str | int, day: str) -> tuple[None, date]:
    m = month if isinstance(month, int) else _MONTHS[month]
    return None, date(int(year), int(m), int(day))


# (pattern, handler) in the order they are tried; each match is blanked out before the next.
_RULES = [
    # 01.07.2026
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})"),
     lambda g: _day(g[2], int(g[1]), g[0])),
    # "до 1 июля 2026 года"
    (re.compile(r"(\d{1,2})\s*-?\s*" + _MONTH + r"\s+" + _YEAR),
     lambda g: _day(g[2], g[1], g[0])),
    # "2026-жылдын 1-июлуна чейин"
    (re.compile(_YEAR_KY + r"\s+(\d{1,2})\s*-?\s*" + _MONTH),
     lambda g: _day(g[0], g[2], g[1])),
    # "2025-жылдын I жарым жылдыгы"
    (re.compile(_YEAR_KY + r"\s+" + _ORDINAL + r"\s*-?\s*жарым\s*жыл\w*"),
     lambda g: _half(g[0], g[1])),
    # "I полугодие 2025 года"
    (re.compile(_ORDINAL + r"\s+полугоди\w*\s+(?:\w+\s+)?" + _YEAR),
     lambda g: _half(g[1], g[0])),
    # "2025-жылдын III кварталы" / "... үчүнчү чейреги"
    (re.compile(_YEAR_KY + r"\s+" + _ORDINAL + r"\s*-?\s*(?:квартал|чейрег|чейрек)\w*"),
     lambda g: _quarter(g[0], g[1])),
    # "III квартал 2026 года"
    (re.compile(_ORDINAL + r"\s+квартал\w*\s+(?:\w+\s+)?" + _YEAR),
     lambda g: _quarter(g[1], g[0])),
    # "2025-жылдын март айы" / "март 2025 года"
    (re.compile(_YEAR_KY + r"\s+" + _MONTH), lambda g: _month(g[0], g[1])),
    (re.compile(_MONTH + r"\s+" + _YEAR), lambda g: _month(g[1], g[0])),
    # "2025–2027-жылдар", "2025-2027 годы"
    (re.compile(_YEAR + r"\s*-\s*" + _YEAR),
     lambda g: (date(int(g[0]), 1, 1), date(int(g[1]), 12, 31))),
    # "2025-жыл", "2025 год"
    (re.compile(_YEAR), lambda g: (date(int(g[0]), 1, 1), date(int(g[0]), 12, 31))),
]


def _for_patterns(text: str) -> str:
    """Return `text` as the patterns read it: lower case, one dash, a Cyrillic і or ӏ as the
    Latin i of Roman numerals (not `model.text.normalize`, whose look-alike letters go the
    other way)."""
    text = text.lower().replace("і", "i").replace("ӏ", "i")
    return unify_dashes(text)


@lru_cache(maxsize=1024)  # a plan repeats a dozen wordings; the result is immutable
def parse_deadline(text: str) -> Deadline:
    """Return the Deadline a printed deadline cell means.

    Half years and quarters give their first and last day; year ranges give 1 January to
    31 December; "... чейин" / "до ..." give only the end; "жыл сайын" / "ежегодно" set
    `annual`; "Туруктуу" / "Постоянно" set `ongoing`. Text it cannot read gives no dates.

    >>> parse_deadline("2025-жылдын III кварталы").end
    datetime.date(2025, 9, 30)
    """
    printed = fold(text)
    norm = _for_patterns(printed)
    ongoing = bool(_ONGOING.search(norm))
    annual = bool(_ANNUAL.search(norm))
    starts: list[date | None] = []
    ends: list[date] = []
    for pattern, handler in _RULES:
        def take(match: re.Match) -> str:
            try:
                start, end = handler(match.groups())
            except (ValueError, KeyError):  # 31.02.2025, or a stray number: not a date
                return match.group(0)
            starts.append(start)
            ends.append(end)
            return " " * len(match.group(0))
        norm = pattern.sub(take, norm)
    if not ends:
        return Deadline(text=printed, annual=annual, ongoing=ongoing)
    end = max(ends)
    known_starts = [s for s in starts if s is not None]
    by_date = bool(_BY.search(_for_patterns(printed))) or not known_starts
    start = None if by_date and len(ends) == 1 else (min(known_starts) if known_starts else None)
    return Deadline(text=printed, start=start, end=end, annual=annual, ongoing=ongoing)


def is_understood(deadline: Deadline) -> bool:
    """Return True when the deadline text gave a period, or is annual or ongoing."""
    return bool(deadline.end or deadline.start or deadline.annual or deadline.ongoing)
