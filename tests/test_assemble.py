"""The plan's rules, shared by every format, shown on small text exports."""

from ingest.assemble import layout_to_plan, read_section_heading
from ingest.txt import text_to_layout
from model.plan import Source

HEADER = "№\tМилдеттер\tИш-чаралар\tИшке ашыруу мөөнөттөрү\tКүтүлүүчү натыйжалар\tЖооптуу аткаруучулар\tКаржылоо булактары"
TAIL = "Колдонулган кыскартуулар:\nКБ\t– КР ӨКМдин Кадр башкармалыгы\nЖКБ\t– КР ӨКМдин Жарандык коргонуу башкармалыгы"


def plan_of(*rows: str):
    text = "\n".join(["План", "", HEADER, "1\t2\t3\t4\t5\t6\t7", *rows, "", TAIL])
    return layout_to_plan(text_to_layout(text, "t.txt"), Source("t.txt", "txt", ""))


def test_row_split_by_page_break_is_joined():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\tИш-чара башы\t2025-жыл\tНатыйжа\tКБ\tБюджет",
                   "",
                   "\tмилдеттин аягы\tиш-чаранын аягы\t\tнатыйжанын аягы\t\t")
    m = plan.measure("1.1.1")
    assert m.text == "Иш-чара башы иш-чаранын аягы"
    assert m.expected_result == "Натыйжа натыйжанын аягы"
    assert plan.task_of("1.1.1").text == "Милдет милдеттин аягы"
    assert len(list(plan.measures())) == 1


def test_sub_measure_row_takes_empty_values_from_above():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\t1. Биринчи\t2025-жыл\tНатыйжа\tКБ ЖКБ\tБюджет",
                   "\t\t2. Экинчи\t2026-жыл\t\t\t")
    second = plan.measure("1.1.2")
    assert second.text == "Экинчи"
    assert second.deadline.text == "2026-жыл"
    assert second.expected_result == "Натыйжа"
    assert second.executors.codes == ("КБ", "ЖКБ")
    assert second.funding == "Бюджет"


def test_sub_measure_after_a_page_break_is_not_joined():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\t1. Биринчи\t2025-жыл\tНатыйжа\tКБ\tБюджет",
                   "",
                   "\t\t2. Экинчи\t\t\t\t")
    assert [m.id for m in plan.measures()] == ["1.1.1", "1.1.2"]


def test_several_numbered_measures_in_one_cell():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\t<p>1. Бир</p> <p>2. Эки</p> <p>3. Үч</p>\t2025-жыл\tН\tКБ\tБ")
    assert [(m.id, m.text) for m in plan.measures()] == [("1.1.1", "Бир"), ("1.1.2", "Эки"), ("1.1.3", "Үч")]
    assert {m.deadline.text for m in plan.measures()} == {"2025-жыл"}


def test_a_number_inside_the_text_is_not_a_new_measure():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\t<p>1. Бир</p> <p>5. беренеге ылайык</p>\t2025-жыл\tН\tКБ\tБ")
    assert [m.text for m in plan.measures()] == ["Бир 5. беренеге ылайык"]


def test_empty_values_give_warnings_on_the_measure():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t", "1\tМилдет\tИш-чара\t\t\t\t")
    assert [(w.where, w.message) for w in plan.warnings] == [
        ("1.1.1", "deadline is empty"), ("1.1.1", "expected result is empty"),
        ("1.1.1", "no responsible executor"), ("1.1.1", "funding is empty")]


def test_a_list_inside_a_measure_is_no_new_measure():
    # "1) … 2) …" typed under a measure numbered "1." (a line break before each) stays in its text
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\t<p>1. Өткөрүү:</p> <p>1) окутуу;</p> <p>2) семинар</p> <p>2. Эки</p>"
                   "\t2025-жыл\tН\tКБ\tБ")
    assert [(m.id, m.text) for m in plan.measures()] == [
        ("1.1.1", "Өткөрүү: 1) окутуу; 2) семинар"), ("1.1.2", "Эки")]


def test_section_headings():
    assert read_section_heading("12-глава. Мониторинг") == (12, "Мониторинг")
    assert read_section_heading("Глава 3. Исследования") == (3, "Исследования")
    assert read_section_heading("1. Ченемдик") == (1, "Ченемдик")
    assert read_section_heading("IV. Финансы") == (4, "Финансы")
    assert read_section_heading("I. Кадры") == (1, "Кадры")
    assert read_section_heading("Раздел 1. Кадры") == (1, "Кадры")
    assert read_section_heading("РАЗДЕЛ II: Открытость") == (2, "Открытость")
    assert read_section_heading("1-бөлүм. Кадрлар") == (1, "Кадрлар")
    assert read_section_heading("Бөлүм I") == (1, "")
    assert read_section_heading("Бөлүм II. Ачыктык") == (2, "Ачыктык")


def test_sections_are_numbered_as_printed():
    plan = plan_of("Бөлүм I\t\t\t\t\t\t",
                   "1\tМилдет\tБир\t2025-жыл\tН\tКБ\tБ",
                   "Раздел 3. Үчүнчү\t\t\t\t\t\t",
                   "1\tМилдет\tЭки\t2025-жыл\tН\tКБ\tБ")
    assert [(s.number, s.title) for s in plan.sections] == [(1, ""), (3, "Үчүнчү")]
    assert [m.id for m in plan.measures()] == ["1.1.1", "3.1.1"]


def test_a_further_column_is_kept_per_measure_and_filled_from_above():
    text = "\n".join(["План", "", HEADER + "\tКөрсөткүчтөр\tЭскертүү", "1\t2\t3\t4\t5\t6\t7\t8\t9",
                      "1. Бөлүм\t\t\t\t\t\t\t\t",
                      "1\tМилдет\t1. Бир\t2025-жыл\tН\tКБ\tБ\tҮлүшү, %\t",
                      "\t\t2. Эки\t\t\t\t\t\tКеңешилет", "", TAIL])
    plan = layout_to_plan(text_to_layout(text, "t.txt"), Source("t.txt", "txt", ""))
    assert [(m.id, m.extra, m.funding) for m in plan.measures()] == [
        ("1.1.1", (("Көрсөткүчтөр", "Үлүшү, %"),), "Б"),
        ("1.1.2", (("Көрсөткүчтөр", "Үлүшү, %"), ("Эскертүү", "Кеңешилет")), "Б")]


def test_text_of_a_merged_cell_that_a_page_break_split_goes_to_that_cell():
    # the task cell and the result cell are merged over two rows; the page breaks in them
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдеттин башы\t1. Биринчи\t2025-жыл\tНатыйжанын башы\tКБ\tБюджет",
                   "\t\t2. Экинчи\t2026-жыл\t\t\t",
                   "",
                   "\tмилдеттин аягы\t3. Үчүнчү\t2027-жыл\tнатыйжанын аягы\t\t")
    assert plan.task_of("1.1.1").text == "Милдеттин башы милдеттин аягы"
    assert [m.deadline.text for m in plan.measures()] == ["2025-жыл", "2026-жыл", "2027-жыл"]
    assert {m.expected_result for m in plan.measures()} == {"Натыйжанын башы натыйжанын аягы"}


def test_page_break_between_numbered_measures_of_one_cell():
    plan = plan_of("1. Бөлүм\t\t\t\t\t\t",
                   "1\tМилдет\t<p>1. Бир</p> <p>2. Эки</p>\t2025-жыл\tНатыйжа башы\tКБ\tБюджет",
                   "",
                   "\t\t3. Үч\t\tжана аягы\t\t")
    assert [m.text for m in plan.measures()] == ["Бир", "Эки", "Үч"]
    assert {m.expected_result for m in plan.measures()} == {"Натыйжа башы жана аягы"}
