"""The note and the glossary after the plan table."""

from ingest.glossary import read_backmatter, read_glossary_entry


def test_entry_with_tab_and_dash():
    e = read_glossary_entry("УКЖКААБ\t– КР ӨКМдин Укуктук камсыздоо башкармалыгы")
    assert (e.code, e.name) == ("УКЖКААБ", "КР ӨКМдин Укуктук камсыздоо башкармалыгы")


def test_entry_without_dash_and_final_full_stop():
    e = read_glossary_entry("ОИБ\tКР ӨКМне караштуу Окуу-изилдөө борбору.")
    assert (e.code, e.name) == ("ОИБ", "КР ӨКМне караштуу Окуу-изилдөө борбору")


def test_note_split_by_a_page_break_is_joined():
    note, glossary = read_backmatter((
        "Эскертүү: биринчи бөлүгү,", "экинчи бөлүгү.", "Колдонулган кыскартуулар:",
        "КБ – КР ӨКМдин Кадр башкармалыгы", "ЖКБ – КР ӨКМдин Жарандык коргонуу башкармалыгы"))
    assert note == "Эскертүү: биринчи бөлүгү, экинчи бөлүгү."
    assert [g.code for g in glossary] == ["КБ", "ЖКБ"]


def test_russian_headings():
    note, glossary = read_backmatter(("Примечание: текст.", "Используемые сокращения:", "УК – Управление кадров"))
    assert note == "Примечание: текст."
    assert glossary[0].name == "Управление кадров"
