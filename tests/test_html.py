"""The plan from a web page: merges, line breaks, numbered lists, Word's and LibreOffice's pages."""

from __future__ import annotations

import pytest

from ingest import read_plan
from ingest.html import html_to_layout
from model.plan import plan_to_dict

from .conftest import DATA, records

HEADER = ("<tr><th>№</th><th>Задачи</th><th>Мероприятия</th><th>Сроки исполнения</th>"
          "<th>Ожидаемые результаты</th><th>Ответственные исполнители</th>"
          "<th>Источники финансирования</th></tr>")
GLOSSARY = ("<p>Используемые сокращения:</p>"
            "<p>УК – Управление кадров<br>УГЗ – Управление гражданской защиты</p>")


def page(rows: str, after: str = GLOSSARY, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head>{head}</head><body><p align=center><b>План мероприятий"
            f"</b></p><table border=1>{HEADER}{rows}</table>{after}</body></html>").encode("utf-8")


def plan_of(tmp_path, data: bytes, name: str = "plan.html"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_plan(path)


def test_rowspan_and_colspan_are_the_merges_of_the_table(tmp_path):
    plan = plan_of(tmp_path, page(
        "<tr><td colspan=7>1. Первый раздел</td></tr>"
        "<tr><td rowspan=2>1</td><td rowspan=2>Задача</td><td>1. Первое</td>"
        "<td>2025 год</td><td rowspan=2>Результат</td><td rowspan=2>УК</td><td>Бюджет</td></tr>"
        "<tr><td>2. Второе</td><td>2026 год</td><td>Гранты</td></tr>"))
    (task,) = plan.sections[0].tasks
    assert plan.sections[0].title == "Первый раздел"
    assert [(m.id, m.text, m.deadline.text, m.expected_result, m.executors.codes, m.funding)
            for m in task.measures] == [
        ("1.1.1", "Первое", "2025 год", "Результат", ("УК",), "Бюджет"),
        ("1.1.2", "Второе", "2026 год", "Результат", ("УК",), "Гранты")]
    assert [(g.code, g.name) for g in plan.glossary] == [
        ("УК", "Управление кадров"), ("УГЗ", "Управление гражданской защиты")]
    assert plan.title == "План мероприятий"


def test_br_before_a_number_starts_a_measure_and_other_br_are_spaces(tmp_path):
    plan = plan_of(tmp_path, page(
        "<tr><td colspan=7>1. Раздел</td></tr>"
        "<tr><td>1</td><td>Задача</td><td>1. Первое<br>продолжение<br>2. Второе</td>"
        "<td>2025<br>год</td><td>Результат</td><td>УК<br>УГЗ</td><td>Бюджет</td></tr>"))
    measures = list(plan.measures())
    assert [(m.id, m.text) for m in measures] == [("1.1.1", "Первое продолжение"),
                                                   ("1.1.2", "Второе")]
    assert measures[0].deadline.text == "2025 год"
    assert measures[1].executors.codes == ("УК", "УГЗ")


def test_ordered_list_items_are_numbered_measures(tmp_path):
    plan = plan_of(tmp_path, page(
        "<tr><td colspan=7>Раздел 2. Цифровизация</td></tr>"
        "<tr><td>1</td><td>Задача</td><td><ol><li>Первое<li><p>Второе</p></li></ol>"
        "<ol start=3><li>Третье</li></ol></td>"
        "<td>2025 год</td><td>Результат</td><td>УК</td><td>Бюджет</td></tr>"))
    assert [(m.id, m.text) for m in plan.measures()] == [
        ("2.1.1", "Первое"), ("2.1.2", "Второе"), ("2.1.3", "Третье")]


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1251">
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm} --></style></head>
<body lang=RU><div class=WordSection1>
<p class=MsoNormal align=center style='text-align:center'><b>План мероприятий<o:p></o:p></b></p>
<table class=MsoTableGrid border=1>
<tr><td><p class=MsoNormal>№</p></td><td><p class=MsoNormal>Задачи</p></td>
<td><p class=MsoNormal>Мероприятия</p></td><td><p class=MsoNormal>Сроки</p></td>
<td><p class=MsoNormal>Ожидаемые результаты (индикаторы)</p></td>
<td><p class=MsoNormal>Исполнители</p></td><td><p class=MsoNormal>Источники финансирования</p></td></tr>
<tr><td colspan=7><p class=MsoNormal>I. Первый раздел</p></td></tr>
<tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>Задача</p></td>
<td><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Первое
мероприятие</p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Второе</p></td>
<td><p class=MsoNormal>Ежегодно</p></td><td><p class=MsoNormal>Результат</p></td>
<td><p class=MsoNormal>УК</p></td><td><p class=MsoNormal>Бюджет</p></td></tr>
</table>
<p class=MsoNormal>Используемые сокращения:</p>
<p class=MsoNormal>УК&nbsp;– Управление кадров<o:p></o:p></p>
</div></body></html>"""


def test_word_save_as_web_page_in_windows_1251(tmp_path):
    plan = plan_of(tmp_path, WORD_PAGE.encode("cp1251"), "plan.htm")
    assert plan.title == "План мероприятий"
    assert [(m.id, m.text, m.deadline.annual) for m in plan.measures()] == [
        ("1.1.1", "Первое мероприятие", True), ("1.1.2", "Второе", True)]
    assert [(g.code, g.name) for g in plan.glossary] == [("УК", "Управление кадров")]
    assert plan.source.format == "html"


def test_a_page_laid_out_in_a_table_is_walked_into(tmp_path):
    inner = page("<tr><td colspan=7>1. Раздел</td></tr><tr><td>1</td><td>Задача</td><td>Одно</td>"
                 "<td>2025 год</td><td>Результат</td><td>УК</td><td>Бюджет</td></tr>")
    body = inner.decode().split("<body>", 1)[1].split("</body>", 1)[0]
    plan = plan_of(tmp_path, f"<html><body><table><tr><td>{body}</td></tr></table></body></html>"
                   .encode())
    assert [(m.id, m.text) for m in plan.measures()] == [("1.1.1", "Одно")]


def test_a_huge_colspan_is_bounded():
    layout = html_to_layout(page('<tr><td colspan="1000000000">1. Раздел</td></tr>'), "p.html")
    assert max(len(r.cells) for r in layout.rows) == 1000


@pytest.mark.parametrize("name", ["plan-ky.html", "plan-ru.html"])
def test_libreoffice_pages_give_the_records_of_their_docx(name, expected_ky, expected_ru):
    expected = expected_ky if name.startswith("plan-ky") else expected_ru
    assert records(plan_to_dict(read_plan(DATA / name))) == records(expected)
