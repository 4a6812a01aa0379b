"""The plan table's columns found by their header names."""

import pytest

from ingest.columns import COLUMNS, is_number_row, read_header, require_all
from ingest.errors import MissingColumns

KY = ["№", "Милдеттер", "Иш-чаралар", "Ишке ашыруу мөөнөттөрү", "Күтүлүүчү натыйжалар",
      "Жооптуу аткаруучулар", "Каржылоо булактары"]
RU = ["№ п/п", "Задачи", "Мероприятия", "Сроки исполнения", "Ожидаемые результаты",
      "Ответственные исполнители", "Источники финансирования"]


@pytest.mark.parametrize("names, language", [(KY, "ky"), (RU, "ru")])
def test_header_in_either_language(names, language):
    columns = read_header(names)
    assert columns.language == language
    assert [columns.index[c] for c in COLUMNS] == list(range(7))


def test_columns_found_by_name_not_position():
    shuffled = [KY[0], KY[2], KY[1], KY[6], KY[3], KY[5], KY[4]]
    columns = read_header(shuffled)
    assert columns.index["task"] == 2 and columns.index["measure"] == 1 and columns.index["funding"] == 3


def test_header_split_over_lines_and_in_capitals():
    columns = read_header(["№", "МИЛДЕТТЕР", "Иш-\nчаралар", "Ишке ашыруу\nмөөнөттөрү", "Күтүлүүчү\nнатыйжалар",
                           "Жооптуу аткаруучулар (мамлекеттик органдар)", "Каржылоо булактары"])
    assert columns is not None and len(columns.index) == 7


def test_an_ordinary_row_is_not_a_header():
    assert read_header(["1", "Милдет", "Иш-чара", "2025-жыл", "Натыйжа", "КБ", "Бюджет"]) is None


def test_missing_columns_named():
    columns = read_header(KY[:5])
    with pytest.raises(MissingColumns, match="'Жооптуу аткаруучулар', 'Каржылоо булактары'"):
        require_all(columns, "plan.docx")


def test_row_of_column_numbers():
    assert is_number_row(["1", "2", "3", "4", "5", "6", "7"])
    assert not is_number_row(["1", "Милдет", "", "", "", "", ""])
    assert not is_number_row(["3", "1", "2", "4", "5", "", ""])


@pytest.mark.parametrize("header, column", [
    ("Ответственные исполнители (государственные органы)", "executors"),
    ("Исполнители", "executors"), ("Ответственные за исполнение", "executors"),
    ("Срок исполнения", "deadline"), ("Сроки", "deadline"), ("Мөөнөтү", "deadline"),
    ("Ожидаемые результаты (индикаторы)", "result"),
    ("Наименование мероприятия", "measure"), ("Мероприятия по реализации задач", "measure"),
    ("Жооптуу аткаруучулар (мамлекеттик органдар)", "executors"),
    ("Источник финансирования", "funding"), ("Каржылоо булагы", "funding"),
])
def test_header_variants(header, column):
    base = ["№", "Задачи", "Мероприятия", "Сроки исполнения", "Ожидаемые результаты",
            "Ответственные исполнители", "Источники финансирования"]
    at = COLUMNS.index(column)
    texts = base[:at] + [header] + base[at + 1:]
    columns = read_header(texts)
    assert columns.index[column] == at and columns.extra == {}


def test_further_columns_are_kept_apart():
    columns = read_header(["№ п/п", "Задачи", "Мероприятия", "Срок", "Ожидаемые результаты",
                           "Исполнители", "Источники финансирования", "Индикаторы", "Примечание"])
    assert [columns.index[c] for c in COLUMNS] == list(range(7))
    assert columns.extra == {7: "Индикаторы", 8: "Примечание"}
    ky = read_header(["№", "Көрсөткүчтөр", "Милдеттер", "Иш-чаралар", "Мөөнөтү",
                      "Натыйжалар", "Аткаруучулар", "Каржылоо"])
    assert ky.extra == {1: "Көрсөткүчтөр"} and ky.index["task"] == 2 and ky.language == "ky"
