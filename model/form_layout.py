"""The unit form's layout, shared by the writer (render/forms.py) and the reader
(ingest/forms.py).

One place for the columns, their headers in Kyrgyz and Russian, the header-block labels and the
names under which a form keeps its hidden identity.
"""

from __future__ import annotations

from functools import lru_cache

import re
from dataclasses import dataclass
from datetime import date

from .progress import CO_EXECUTOR, LEAD, OUTCOME_OVERDUE, Progress
from .statuses import label
from .text import normalize

FORM_VERSION = "1"
LIST_SHEET = "lists"          # hidden sheet holding the drop-down's list
IDENTITY_KEYS = ("plan", "unit", "year", "form_version")
PROP_PREFIX = "esep."         # custom document properties: esep.plan, esep.unit, ...
NAME_PREFIX = "esep_"         # workbook defined names: esep_plan, esep_unit, ...
# Rows of the sheet: the title; one row per header-block field (HEADER_LABELS, in order), its
# label in columns A:B and its value in column C; the instructions; the measures table.
TITLE_ROW = 1
FIRST_FIELD_ROW = 2
VALUE_COLUMN = 3              # column C
EARLIEST_FILLED_ON = date(2000, 1, 1)   # Excel's date check refuses "filled on" dates before it


@dataclass(frozen=True)
class Column:
    """One column of the measures table."""

    key: str
    ky: str
    ru: str
    width: float              # Excel's unit, about one character; plan columns print smaller
    is_input: bool = False
    aliases: tuple[str, ...] = ()

    def header(self, language: str) -> str:
        """Return the header a clerk reads in `language`."""
        return self.ru if language == "ru" else self.ky


COLUMNS = (
    Column("id", "№", "№", 6, aliases=("id", "n", "no", "номер")),
    Column("task", "Милдет", "Задача", 18),
    Column("measure", "Иш-чара", "Мероприятие", 30),
    Column("deadline", "Аткаруу мөөнөтү", "Срок исполнения", 12, aliases=("мөөнөтү", "срок")),
    Column("expected", "Күтүлгөн натыйжа", "Ожидаемый результат", 22),
    Column("role", "Бөлүмдүн ролу", "Роль подразделения", 14, aliases=("ролу", "роль")),
    Column("status", "Статус (тизмеден тандаңыз)", "Статус (выберите из списка)", 15, True,
           aliases=("статус", "абалы", "аткарылышы")),
    Column("done", "Эмне аткарылды", "Что сделано", 36, True,
           aliases=("аткарылган иштер", "выполненные работы")),
    Column("figures", "Сандык көрсөткүчтөр (саны, суммасы)", "Цифры (количество, суммы)", 16, True,
           aliases=("сандык көрсөткүчтөр", "цифры", "показатели")),
    Column("documents", "Документтер (актынын номери жана күнү, шилтемелер)",
           "Документы (номер и дата акта, ссылки)", 20, True, aliases=("документтер", "документы")),
    Column("reasons", "Аткарылбоо себептери жана тоскоолдуктар",
           "Причины неисполнения и препятствия", 22, True,
           aliases=("себептери", "себептер", "причины")),
)

_HEADER_LOOKUP = {normalize(text): c.key for c in COLUMNS
                  for text in (c.ky, c.ru, c.key, *c.aliases)}


# Next year's form shows, locked beside each measure, what the unit answered a year before.
PREVIOUS_KEY = "previous"
PREVIOUS_HEADERS = {"ky": "{year}: статус / аткарылды", "ru": "{year}: статус / что сделано"}
_PREVIOUS_HEADER = re.compile(r"^\s*\d{4}\s*(-ж\.?|г\.?)?\s*:\s*статус\b")


def previous_column(year: int) -> Column:
    """Return the locked column holding the unit's answer of `year` (the year before the form's)."""
    return Column(PREVIOUS_KEY, PREVIOUS_HEADERS["ky"].format(year=year),
                  PREVIOUS_HEADERS["ru"].format(year=year), 26)


def form_columns(previous_year: int | None = None) -> tuple[Column, ...]:
    """Return the form's columns; with `previous_year`, its answer column follows the unit's role."""
    if previous_year is None:
        return COLUMNS
    at = next(i for i, c in enumerate(COLUMNS) if c.key == "role") + 1
    return COLUMNS[:at] + (previous_column(previous_year),) + COLUMNS[at:]


def column_key(header: object) -> str | None:
    """Return the column key a header cell names (either language, any case), or None.

    A last year's answer column ("2025: статус / аткарылды") is ``PREVIOUS_KEY``: locked, never
    read as an answer.
    """
    if header is None:
        return None
    text = str(header)
    return _known_header(text) if len(text) <= _CACHED_LENGTH else _column_key(text)


_CACHED_LENGTH = 2000  # texts kept at most this long: 1,024 of them take a few MB


def _column_key(header: str) -> str | None:
    text = normalize(header).rstrip(":*")
    if _PREVIOUS_HEADER.match(text):
        return PREVIOUS_KEY
    return _HEADER_LOOKUP.get(text)


# Header block: label per language; the value sits in column C of the same row.
HEADER_LABELS = {
    "unit": ("Бөлүм:", "Подразделение:"),
    "year": ("Отчеттук жыл:", "Отчетный год:"),
    "plan": ("План:", "План:"),
    "due": ("Кайтаруу мөөнөтү:", "Вернуть не позднее:"),
    "filled_on": ("Толтурулган күнү:", "Дата заполнения:"),
    "filled_by": ("Толтурган адам (аты-жөнү, телефону):", "Исполнитель (ФИО, телефон):"),
}
HEADER_INPUTS = ("filled_on", "filled_by")
FIELD_ROWS = {key: row for row, key in enumerate(HEADER_LABELS, start=FIRST_FIELD_ROW)}
INSTRUCTION_ROW = FIRST_FIELD_ROW + len(HEADER_LABELS)   # 8
HEADER_ROW = INSTRUCTION_ROW + 1   # 9: the measures table's header; rows above are the header block
FIRST_ROW = HEADER_ROW + 1


def field_cell(key: str) -> str:
    """Return the cell that holds header-block field `key`'s value, e.g. ``C6`` for filled_on."""
    return f"{chr(ord('A') + VALUE_COLUMN - 1)}{FIELD_ROWS[key]}"
_LABEL_LOOKUP = {normalize(text).rstrip(":"): key
                 for key, texts in HEADER_LABELS.items() for text in texts}


def header_key(label: object) -> str | None:
    """Return the header-block field a label cell names, or None."""
    if label is None:
        return None
    text = str(label)
    return _known_label(text) if len(text) <= _CACHED_LENGTH else _header_key(text)


def _header_key(label: str) -> str | None:
    return _LABEL_LOOKUP.get(normalize(label).rstrip(":"))


# the same headers and labels are read on every form of an inbox
_known_header = lru_cache(maxsize=1024)(_column_key)
_known_label = lru_cache(maxsize=1024)(_header_key)


def header_label(key: str, language: str) -> str:
    """Return the header-block label for `key` in `language`."""
    ky, ru = HEADER_LABELS[key]
    return ru if language == "ru" else ky


UNIT_SEPARATOR = " — "        # "КБ — КР ӨКМдин Кадр башкармалыгы": the code comes first

TITLES = {"ky": "{year}-жылы Иш-чаралар планынын аткарылышы жөнүндө маалымат",
          "ru": "Информация об исполнении Плана мероприятий за {year} год"}
INSTRUCTIONS = {
    "ky": ("Сары уячаларды гана толтуруңуз: статусту тизмеден тандаңыз; эмне аткарылганын, "
           "сандарды жана документтерди жазыңыз; аткарылбаса же аткарылууда болсо, себебин "
           "көрсөтүңүз. Саптарды жана мамычаларды кошпоңуз, өчүрбөңүз."),
    "ru": ("Заполните только жёлтые ячейки: выберите статус из списка; опишите, что сделано, "
           "цифры и документы; если не выполнено или в процессе, укажите причины. "
           "Не добавляйте и не удаляйте строки и столбцы."),
}
ROLE_LABELS = {"ky": {LEAD: "негизги аткаруучу", CO_EXECUTOR: "кошо аткаруучу"},
               "ru": {LEAD: "основной исполнитель", CO_EXECUTOR: "соисполнитель"}}
STATUS_ERROR = {"ky": "Статусту тизмеден тандаңыз.", "ru": "Выберите статус из списка."}

PREVIOUS_NOTE = {
    "ky": " Боз мамычада бөлүмдүн {year}-жылы берген жообу турат: аны жаңылап, {next}-жылдын "
          "маалыматын жазыңыз.",
    "ru": " В серой колонке — ответ подразделения за {year} год: обновите его, указав сведения "
          "за {next} год.",
}
PREVIOUS_TEXTS = {
    "ky": {"overdue": "МӨӨНӨТҮ ӨТҮП КЕТКЕН", "no_answer": "маалымат берилген эмес",
           "not_asked": "{year}-жылы суралган эмес"},
    "ru": {"overdue": "ПРОСРОЧЕНО", "no_answer": "информация не представлена",
           "not_asked": "в {year} году не запрашивалось"},
}


@dataclass(frozen=True)
class PreviousAnswer:
    """What a unit answered on a measure the year before: shown, locked, on the next form."""

    text: str
    overdue: bool


def previous_answer(last_year: Progress, measure_id: str, unit: str, language: str) -> PreviousAnswer:
    """Return the unit's answer on `measure_id` in `last_year`: its status, then what was done.

    A measure overdue that year is marked so on the first line; a measure the year did not ask
    about, or the unit did not answer, says that instead of a status.
    """
    lang = "ru" if language == "ru" else "ky"
    words = PREVIOUS_TEXTS[lang]
    mp = last_year.of(measure_id)
    if mp is None:
        return PreviousAnswer(words["not_asked"].format(year=last_year.year), False)
    overdue = mp.outcome == OUTCOME_OVERDUE
    entry = next((e for e in mp.entries if e.unit == unit), None)
    lines = [words["overdue"]] if overdue else []
    if entry is None or entry.status is None:
        lines.append(words["no_answer"])
    else:
        lines.append(label(entry.status, lang))
    if entry is not None:
        lines.extend(t.strip() for t in (entry.done, entry.figures, entry.documents, entry.reasons)
                     if t.strip())
    return PreviousAnswer("\n".join(lines), overdue)
# The input message on a status cell (Excel shows at most 255 characters, a 32-character title).
STATUS_PROMPT_TITLE = {"ky": "Статус", "ru": "Статус"}
STATUS_PROMPT = {
    "ky": ("аткарылды — иш бүттү: эмне аткарылганын жазыңыз.\n"
           "аткарылууда — иш жүрүп жатат.\n"
           "аткарылган жок — аткарылбады: себебин жазыңыз.\n"
           "мөөнөтү келе элек — аткаруу мөөнөтү кийинчерээк."),
    "ru": ("выполнено — работа завершена: опишите, что сделано.\n"
           "в процессе исполнения — работа идёт.\n"
           "не выполнено — не исполнено: укажите причины.\n"
           "срок не наступил — срок исполнения позже."),
}
# The date a unit types in the header: checked as a date, each form in its own language.
DATE_ERROR_TITLE = {"ky": "Күнү", "ru": "Дата"}
DATE_ERROR = {"ky": "Күндү ДД.ММ.ГГГГ түрүндө жазыңыз, мисалы 15.01.2026.",
              "ru": "Введите дату в виде ДД.ММ.ГГГГ, например 15.01.2026."}
