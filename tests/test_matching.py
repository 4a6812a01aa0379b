"""Matching sections, tasks and measures across plan versions by text and place."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from model.matching import MEASURE, SECTION, TASK, match_plans, similarity
from model.text import canonical
from model.plan import Plan, Task

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def with_tasks(plan: Plan, section: int, tasks: list[Task]) -> Plan:
    """Return `plan` with section `section` holding `tasks`, renumbered as a clerk would."""
    renumbered = []
    for number, task in enumerate(tasks, 1):
        task_id = f"{section}.{number}"
        renumbered.append(replace(task, id=task_id, number=number, measures=tuple(
            replace(m, id=f"{task_id}.{i}", number=i) for i, m in enumerate(task.measures, 1))))
    return replace(plan, sections=tuple(replace(s, tasks=tuple(renumbered)) if s.number == section
                                        else s for s in plan.sections))


def section(plan: Plan, number: int):
    return next(s for s in plan.sections if s.number == number)


def test_identical_plans_match_every_item_to_itself(v1):
    matching = match_plans(v1, v1)
    assert len(matching.matches) == 12 + 21 + 27
    assert all(m.certain and m.old_id == m.new_id for m in matching.matches)


def test_a_task_inserted_in_section_6_shifts_ids_and_they_still_match(v1, v2):
    matching = match_plans(v1, v2)
    assert {o: n for o, n in matching.pairs(MEASURE).items() if o.startswith("6.")} == {
        "6.1.1": "6.1.1", "6.1.2": "6.1.2", "6.1.3": "6.1.3",
        "6.2.1": "6.3.1", "6.3.1": "6.4.1", "6.4.1": "6.5.1", "6.5.1": "6.6.1"}
    assert matching.pairs(TASK)["6.5"] == "6.6"
    added = [(m.level, m.new_id) for m in matching.matches if m.old_id is None]
    assert added == [(TASK, "6.2"), (MEASURE, "6.2.1")]
    assert matching.of_old("5.2.3").new_id is None and matching.of_old("5.2.3").certain


def test_measures_swapped_within_a_task_follow_their_text(v1):
    s5 = section(v1, 5)
    task = s5.tasks[1]
    swapped = replace(task, measures=(task.measures[2], task.measures[0], task.measures[1]))
    new = with_tasks(v1, 5, [s5.tasks[0], swapped])
    assert {o: n for o, n in match_plans(v1, new).pairs().items() if o.startswith("5.2")} == {
        "5.2.3": "5.2.1", "5.2.1": "5.2.2", "5.2.2": "5.2.3"}


REWRITTEN = ("Ченемдик укуктук актыларга коррупцияга каршы экспертиза жүргүзүүнүн тартибин кайра "
             "карап чыгуу жана жыйынтыгын жарыялоо")


def test_a_measure_rewritten_in_its_own_place_still_matches(v1):
    s1 = section(v1, 1)
    m = s1.tasks[0].measures[0]
    rewritten = replace(m, text=REWRITTEN)
    assert 0.25 <= similarity(m.text, rewritten.text) < 0.5
    new = with_tasks(v1, 1, [replace(s1.tasks[0], measures=(rewritten,))])
    assert match_plans(v1, new).of_old("1.1.1").new_id == "1.1.1"


def test_a_rewritten_measure_elsewhere_is_not_matched(v1):
    """Place vouches for a weak text likeness only at the very same place."""
    s1, s7 = section(v1, 1), section(v1, 7)
    m = s1.tasks[0].measures[0]
    rewritten = replace(m, text=REWRITTEN)
    new = with_tasks(with_tasks(v1, 1, [replace(s1.tasks[0], measures=())]), 7,
                     [replace(s7.tasks[0], measures=s7.tasks[0].measures + (rewritten,))])
    matching = match_plans(v1, new)
    assert matching.of_old("1.1.1").new_id is None and matching.of_old("1.1.1").certain
    assert any(m.new_id == "7.1.2" and m.old_id is None for m in matching.of_level(MEASURE))


def test_two_near_identical_copies_of_a_measure_are_uncertain_not_guessed(v1):
    s6, s7 = section(v1, 6), section(v1, 7)
    gone = s6.tasks[0].measures[2]   # 6.1.3 leaves task 6.1 ...
    words = gone.text.split()
    copy_a = replace(gone, text=" ".join(words[:3] + ["борбордук"] + words[4:]))
    copy_b = replace(gone, text=" ".join(words[:3] + ["аймактык"] + words[4:]))
    new = with_tasks(v1, 6, [replace(s6.tasks[0], measures=s6.tasks[0].measures[:2]),
                             *s6.tasks[1:]])
    new = with_tasks(new, 7, [replace(s7.tasks[0],   # ... and two copies come into task 7.1
                                      measures=s7.tasks[0].measures + (copy_a, copy_b))])
    matching = match_plans(v1, new)
    match = matching.of_old("6.1.3")
    assert (match.new_id, match.certain, match.candidates) == (None, False, ("7.1.2", "7.1.3"))
    news = {m.new_id: m for m in matching.of_level(MEASURE) if m.old_id is None}
    assert {k: (m.certain, m.candidates) for k, m in news.items()} == {
        "7.1.2": (False, ("6.1.3",)), "7.1.3": (False, ("6.1.3",))}
    assert "6.1.3" not in matching.pairs()


def test_two_old_measures_merged_into_one_are_uncertain(v1):
    s10, s11 = section(v1, 10), section(v1, 11)
    first, second = s10.tasks[0].measures
    # one measure that says as much of the first as of the second, placed in another section
    merged = replace(first, text=" ".join(first.text.split()[:32] + second.text.split()[:28]))
    new = with_tasks(v1, 10, [replace(s10.tasks[0], measures=())])
    new = with_tasks(new, 11, [*s11.tasks[:1], replace(s11.tasks[1], measures=s11.tasks[1].measures
                                                       + (merged,))])
    a, b = similarity(first.text, merged.text), similarity(second.text, merged.text)
    assert abs(a - b) < 0.05
    matching = match_plans(v1, new)
    for old_id in ("10.1.1", "10.1.2"):
        match = matching.of_old(old_id)
        assert (match.new_id, match.certain, match.candidates) == (None, False, ("11.2.2",))


def test_identical_measures_side_by_side_are_told_apart_by_place(v1):
    s12 = section(v1, 12)
    m = s12.tasks[0].measures[0]
    twice = with_tasks(v1, 12, [replace(s12.tasks[0], measures=(m, m)), *s12.tasks[1:]])
    matching = match_plans(twice, twice)
    assert matching.pairs()["12.1.1"] == "12.1.1" and matching.pairs()["12.1.2"] == "12.1.2"
    assert all(m.certain for m in matching.matches)


def test_a_task_reworded_past_recognition_matches_through_its_measures(v1):
    s9 = section(v1, 9)
    new = with_tasks(v1, 9, [replace(s9.tasks[0], text="Ведомстволук мониторинг")])
    assert similarity(s9.tasks[0].text, "Ведомстволук мониторинг") < 0.25
    # and the section's title too, to stop place from vouching for it
    new = replace(new, sections=tuple(replace(s, title="Изилдөө иштери") if s.number == 9 else s
                                      for s in new.sections))
    matching = match_plans(v1, new)
    assert matching.pairs(TASK)["9.1"] == "9.1"
    assert matching.pairs(SECTION)["9"] == "9"


def test_sections_renumbered_by_an_inserted_section_match_by_title(v1):
    extra = replace(section(v1, 12), number=2, tasks=(), title="Кадр саясатынын ачык-айкындуулугу")
    new = replace(v1, sections=(v1.sections[0], extra,
                                *[replace(s, number=s.number + 1) for s in v1.sections[1:]]))
    matching = match_plans(v1, new)
    assert matching.pairs(SECTION) == {"1": "1", **{str(n): str(n + 1) for n in range(2, 13)}}
    assert [m.new_id for m in matching.of_level(SECTION) if m.old_id is None] == ["2"]


def test_normalize_folds_what_print_changes_but_no_word():
    assert canonical("«Түндүк»  ВЭӨС\u00a0– 2025\u20132027") == '"Түндүк" ВЭӨС - 2025-2027'
    assert similarity("2025–2027-жылдар", "2025-2027-жылдар") == 1.0
    assert similarity("эки үч", "") == 0.0
