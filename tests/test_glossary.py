"""The note and the glossary after the plan table."""

from hypothesis import given
from hypothesis import strategies as st

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


PLAIN_LINES = ("ЖКБ – КР ӨКМдин Жарандык коргонуу башкармалыгы",
               "ДКЖАКБ – КР ӨКМдин Документтик камсыздоо жана аткарылышын көзөмөлдөө башкармалыгы",
               "Кыргызгидромет – КР ӨКМне караштуу Гидрометеорологиялык кызмат",
               "«Түндүк» – «Түндүк» ведомстволор аралык электрондук өз ара аракеттенүү системасы")
PLAIN_ENTRIES = [("ЖКБ", "КР ӨКМдин Жарандык коргонуу башкармалыгы"),
                 ("ДКЖАКБ", "КР ӨКМдин Документтик камсыздоо жана аткарылышын көзөмөлдөө башкармалыгы"),
                 ("Кыргызгидромет", "КР ӨКМне караштуу Гидрометеорологиялык кызмат"),
                 ("«Түндүк»", "«Түндүк» ведомстволор аралык электрондук өз ара аракеттенүү системасы")]


def _codes(paragraphs):
    return [(g.code, g.name) for g in read_backmatter(("Колдонулган кыскартуулар:",) + paragraphs)[1]]


def test_plain_lines_in_one_paragraph_each_start_an_entry():
    # Word's Shift+Enter, a web page's <br>: one paragraph, one entry per line
    assert _codes(("\n".join(PLAIN_LINES),)) == PLAIN_ENTRIES


def test_lines_a_pdf_ran_together_each_start_an_entry():
    # a PDF line that fills the width runs into the next: the code and its dash start an entry
    assert _codes((" ".join(PLAIN_LINES),)) == PLAIN_ENTRIES
    assert _codes((" ".join(PLAIN_LINES[:2]), " ".join(PLAIN_LINES[2:]))) == PLAIN_ENTRIES


def test_a_wrapped_name_goes_on_in_the_entry():
    assert _codes(("ДКЖАКБ – КР ӨКМдин Документтик камсыздоо\nжана аткарылышын",
                   "көзөмөлдөө башкармалыгы", "ЖКБ – КР\nӨКМдин Жарандык коргонуу башкармалыгы")) == [
        ("ДКЖАКБ", "КР ӨКМдин Документтик камсыздоо жана аткарылышын көзөмөлдөө башкармалыгы"),
        ("ЖКБ", "КР ӨКМдин Жарандык коргонуу башкармалыгы")]


def test_a_dash_glued_to_the_code():
    # LibreOffice's XHTML puts the tab's text beside the code: "УК– Управление кадров"
    assert _codes(("УК– Управление кадров МЧС КР", "«Тундук»– система «Тундук»")) == [
        ("УК", "Управление кадров МЧС КР"), ("«Тундук»", "система «Тундук»")]


def test_a_hyphen_inside_a_name_is_no_entry():
    assert _codes(("ОИБ – КР ӨКМне караштуу Окуу-изилдөө борбору",)) == [
        ("ОИБ", "КР ӨКМне караштуу Окуу-изилдөө борбору")]


_UPPER = "АБВГДЕЖЗИКЛМНОӨПРСТУҮФХЦЧШЭЮЯ"
_LOWER = "абвгдежзиклмноөпрстуүфхцчшэюяң"


@given(st.lists(st.tuples(st.text(_UPPER, min_size=2, max_size=8),
                          st.lists(st.text(_LOWER, min_size=2, max_size=10), min_size=1, max_size=6)),
                min_size=1, max_size=6, unique_by=lambda e: e[0]),
       st.sampled_from([" ", "\n"]))
def test_entries_read_back_however_the_lines_were_joined(entries, joiner):
    lines = [f"{code} – КР {' '.join(words)}" for code, words in entries]
    assert _codes((joiner.join(lines),)) == [(code, "КР " + " ".join(words)) for code, words in entries]
