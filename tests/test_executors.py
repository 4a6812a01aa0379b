"""Executor codes read against the glossary."""

from hypothesis import given
from hypothesis import strategies as st

from ingest.executors import CodeBook, is_body, read_executors
from model.plan import GlossaryEntry

GLOSSARY = (
    GlossaryEntry("«Түндүк»", "«Түндүк» ведомстволор аралык электрондук өз ара аракеттенүү системасы"),
    GlossaryEntry("Эксперттер", "көз карандысыз эксперттер"),
    GlossaryEntry("УКЖКААБ", "КР ӨКМдин Укуктук камсыздоо жана коррупцияны алдын алуу башкармалыгы"),
    GlossaryEntry("КБ", "КР ӨКМдин Кадр башкармалыгы"),
    GlossaryEntry("ӨӨЖААБ", "КР ӨКМдин Өрттү өчүрүү жана алдын алуу башкармалыгы"),
    GlossaryEntry("Кыргызгидромет", "КР ӨКМне караштуу Гидрометеорологиялык кызмат"),
    GlossaryEntry("ККББ", "КР ӨКМне караштуу Кризистик кырдаалдарда башкаруу борбору"),
)
BOOK = CodeBook(GLOSSARY)


def test_only_bodies_are_codes():
    assert [g.code for g in GLOSSARY if is_body(g)] == ["УКЖКААБ", "КБ", "ӨӨЖААБ", "Кыргызгидромет", "ККББ"]


def test_codes_in_order_then_other_text():
    ex, warnings = read_executors("КБ УКЖКААБ тартылган ведомстволук жана аймактык бөлүктөр", BOOK)
    assert ex.codes == ("КБ", "УКЖКААБ")
    assert ex.others == ("тартылган ведомстволук жана аймактык бөлүктөр",)
    assert ex.lead == "КБ"
    assert warnings == []


def test_other_case_and_short_form_read_as_code_with_warning():
    ex, warnings = read_executors("ӨӨжАА Кыргызгидромет УКжКААБ", BOOK)
    assert ex.codes == ("ӨӨЖААБ", "Кыргызгидромет", "УКЖКААБ")
    assert warnings == [("ӨӨжАА", "ӨӨЖААБ"), ("УКжКААБ", "УКЖКААБ")]  # (as printed, the code)


def test_commas_and_latin_lookalikes():
    ex, warnings = read_executors("KБ, ККББ; эксперттер", BOOK)   # Latin K in "KБ"
    assert ex.codes == ("КБ", "ККББ")
    assert ex.others == ("эксперттер",)
    assert len(warnings) == 1


def test_two_short_letters_are_not_guessed():
    ex, _ = read_executors("КК", BOOK)
    assert ex.codes == ()


@given(st.lists(st.sampled_from(["КБ", "УКЖКААБ", "ККББ", "Кыргызгидромет", "ӨӨЖААБ"]), min_size=1, max_size=5,
                unique=True))
def test_any_list_of_codes_reads_back(codes):
    ex, warnings = read_executors(" ".join(codes) + " ведомстволук бөлүмдөр", BOOK)
    assert ex.codes == tuple(codes)
    assert ex.others == ("ведомстволук бөлүмдөр",)
    assert warnings == []
