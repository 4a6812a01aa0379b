"""The plan table's columns, found by their header names in Kyrgyz or Russian."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from model.i18n import _

from .errors import MissingColumns

NUMBER, TASK, MEASURE, DEADLINE, RESULT, EXECUTORS, FUNDING = (
    "number", "task", "measure", "deadline", "result", "executors", "funding")
COLUMNS = (NUMBER, TASK, MEASURE, DEADLINE, RESULT, EXECUTORS, FUNDING)

# The header names as printed, for messages: Kyrgyz, Russian.
HEADER_NAMES = {
    NUMBER: ("№", "№ п/п"),
    TASK: ("Милдеттер", "Задачи"),
    MEASURE: ("Иш-чаралар", "Мероприятия"),
    DEADLINE: ("Ишке ашыруу мөөнөттөрү", "Сроки исполнения"),
    RESULT: ("Күтүлүүчү натыйжалар", "Ожидаемые результаты"),
    EXECUTORS: ("Жооптуу аткаруучулар", "Ответственные исполнители"),
    FUNDING: ("Каржылоо булактары", "Источники финансирования"),
}

# Word stems that identify a header cell; the first language whose stem matches wins.
_STEMS = {
    NUMBER: {"ky": (r"^№", r"^n$", r"^н/с"), "ru": (r"^№", r"^n\b", r"^п/п")},
    TASK: {"ky": (r"милдет",), "ru": (r"задач",)},
    MEASURE: {"ky": (r"иш-?\s?чара",), "ru": (r"мероприят",)},
    DEADLINE: {"ky": (r"мөөнөт",), "ru": (r"срок",)},
    RESULT: {"ky": (r"натыйжа",), "ru": (r"результат",)},
    EXECUTORS: {"ky": (r"аткаруучу", r"жооптуу"), "ru": (r"исполнител", r"ответственн")},
    FUNDING: {"ky": (r"каржыл",), "ru": (r"финансир",)},
}


@dataclass(frozen=True)
class ColumnMap:
    """Which cell of a row holds which column, and the language of the header.

    `extra` maps the cell index of each further column ("Индикаторы", "Примечание") to its
    header as printed: its text is kept per measure, apart from the plan's seven.
    """

    index: dict[str, int]
    language: str
    extra: dict[int, str] = field(default_factory=dict)

    def get(self, cells, column: str):
        """Return the cell of `column` from a row's `cells` (None when out of range)."""
        i = self.index[column]
        return cells[i] if i < len(cells) else None


# All the stems in one pattern, in the order above: a search finds the leftmost stem, and of
# stems starting at the same place the first listed, as trying each in turn would
_NAMES = [(column, lang) for column, by_lang in _STEMS.items()
          for lang, stems in by_lang.items() for _stem in stems]
_ANY_STEM = re.compile("|".join(f"(?P<s{i}>{stem})" for i, stem in enumerate(
    stem for by_lang in _STEMS.values() for stems in by_lang.values() for stem in stems)))


@lru_cache(maxsize=1024)   # a PDF repeats its header on every page: each text is searched once
def _classify(text: str) -> tuple[str, str] | None:
    """Return the column and language a header cell names: the stem found first in it wins.

    "Мероприятия по реализации задач" is the measures' column, "Задачи" the tasks'.
    """
    key = re.sub(r"\s+", " ", text.strip().lower())
    m = _ANY_STEM.search(key)
    return _NAMES[int(m.lastgroup[1:])] if m else None


def read_header(texts: list[str]) -> ColumnMap | None:
    """Return the column map when `texts` (one row's cell texts) is a plan header row.

    A row counts as the header when at least four of the plan's columns are named in it.
    """
    index: dict[str, int] = {}
    extra: dict[int, str] = {}
    votes = {"ky": 0, "ru": 0}
    for i, text in enumerate(texts):
        found = _classify(text or "")
        if found and found[0] not in index:
            index[found[0]] = i
            votes[found[1]] += found[0] != NUMBER  # "№" says nothing of the language
        elif (text or "").strip():
            extra[i] = re.sub(r"\s+", " ", text.strip())  # a column of this house's own
    if len(index) < 4:
        return None
    language = "ru" if votes["ru"] > votes["ky"] else "ky"
    return ColumnMap(index=index, language=language, extra=extra)


def require_all(columns: ColumnMap, file: str) -> ColumnMap:
    """Return `columns` if the table has every plan column; else raise MissingColumns."""
    missing = [c for c in COLUMNS if c not in columns.index]
    if missing:
        lang = 1 if columns.language == "ru" else 0
        names = ", ".join(f"'{HEADER_NAMES[c][lang]}'" for c in missing)
        raise MissingColumns(_("the plan table has no column {names}; the table needs all seven "
                               "columns of the plan").format(names=names), file=file)
    return columns


def is_number_row(texts: list[str]) -> bool:
    """Return True for the row of column numbers (1 2 3 … 7) under the header."""
    filled = [t.strip() for t in texts if t and t.strip()]
    return len(filled) >= 4 and all(t.rstrip(".").isdigit() for t in filled) and \
        [int(t.rstrip(".")) for t in filled] == list(range(1, len(filled) + 1))
