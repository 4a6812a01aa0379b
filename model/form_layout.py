"""The unit form's layout, shared by the writer (render/forms.py) and the reader
(ingest/forms.py).

One place for the columns, their headers in Kyrgyz and Russian, the header-block labels and the
names under which a form keeps its hidden identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from .progress import CO_EXECUTOR, LEAD
from .text import normalize

FORM_VERSION = "1"
LIST_SHEET = "lists"          # hidden sheet holding the drop-down's list
IDENTITY_KEYS = ("plan", "unit", "year", "form_version")
PROP_PREFIX = "esep."         # custom document properties: esep.plan, esep.unit, ...
NAME_PREFIX = "esep_"         # workbook defined names: esep_plan, esep_unit, ...
HEADER_ROW = 9                # the measures table's header; rows above are the header block
FIRST_ROW = HEADER_ROW + 1


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
INPUT_KEYS = tuple(c.key for c in COLUMNS if c.is_input)
TEXT_INPUT_KEYS = ("done", "figures", "documents", "reasons")

_HEADER_LOOKUP = {normalize(text): c.key for c in COLUMNS
                  for text in (c.ky, c.ru, c.key, *c.aliases)}


def column_key(header: object) -> str | None:
    """Return the column key a header cell names (either language, any case), or None."""
    if header is None:
        return None
    return _HEADER_LOOKUP.get(normalize(str(header)).rstrip(":*"))


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
_LABEL_LOOKUP = {normalize(text).rstrip(":"): key
                 for key, texts in HEADER_LABELS.items() for text in texts}


def header_key(label: object) -> str | None:
    """Return the header-block field a label cell names, or None."""
    if label is None:
        return None
    return _LABEL_LOOKUP.get(normalize(str(label)).rstrip(":"))


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
