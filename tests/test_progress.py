"""The progress records' views: counts, errors and warnings, flatten, the summary."""

from __future__ import annotations

from model import problems as P
from model.errors import EsepError
from model.progress import (OUTCOME_DONE, OUTCOME_LABELS, OUTCOME_NO_INFO, OUTCOME_OVERDUE,
                            OUTCOMES, MeasureProgress, Progress, UnitReturn, outcome)


def progress(problems=()) -> Progress:
    measures = (MeasureProgress("1.1.1", True, OUTCOME_DONE, "done"),
                MeasureProgress("1.1.2", True, OUTCOME_OVERDUE, "in_progress"),
                MeasureProgress("1.2.1", False, OUTCOME_NO_INFO, None))
    units = (UnitReturn("КБ", True, "2025-КБ.xlsx", ("2025-КБ (1).xlsx",)),
             UnitReturn("ЖКБ", False))
    return Progress(2025, "f" * 64, "План", measures, units, tuple(problems))


PROBLEMS = (P.BAD_STATUS(file="2025-КБ.xlsx", sheet="КБ", cell="G10", measure="1.1.2",
                         text="бүттү", choices="аткарылды"),
            P.NO_EXECUTOR(measure="1.2.1"),
            P.ROW_DELETED(file="2025-КБ.xlsx", sheet="КБ", measure="1.1.1"))


def test_counts_name_every_outcome_in_order():
    counts = progress().counts()
    assert list(counts) == list(OUTCOMES)
    assert counts == {"done": 1, "in_progress": 0, "not_done": 0, "overdue": 1, "no_info": 1,
                      "not_yet_due": 0}


def test_errors_and_warnings_split_the_problems_by_severity():
    p = progress(PROBLEMS)
    assert [x.type for x in p.errors] == ["bad-status", "row-deleted"]
    assert [x.type for x in p.warnings] == ["no-executor"]
    assert not p.valid and progress().valid


def test_flatten_gives_rows_of_the_fields_asked():
    assert progress(PROBLEMS).flatten(["type", "cell", "measure", "severity"]) == [
        ["bad-status", "G10", "1.1.2", "error"], ["no-executor", "", "1.2.1", "warning"],
        ["row-deleted", "", "1.1.1", "error"]]


def test_the_summary_tells_returns_outcomes_and_problems_errors_first():
    names = {"ЖКБ": "Жарандык коргоо башкармалыгы"}
    assert progress(PROBLEMS).summary(names.get) == [
        "2025: 1 of 2 units returned their form; 3 measures in the year (2 due by its end).",
        "Outcomes: done 1, in progress 0, not done 0, overdue 1, no information 1, not yet due 0.",
        "Not returned: ЖКБ (Жарандык коргоо башкармалыгы).",
        "КБ: 2025-КБ.xlsx counts; superseded: 2025-КБ (1).xlsx.",
        "Problems: 2 errors, 1 warning:",
        "  error:   2025-КБ.xlsx, sheet 'КБ', cell G10, measure 1.1.2: 'бүттү' is not a status; "
        "choose one of: аткарылды",
        "  error:   2025-КБ.xlsx, sheet 'КБ', measure 1.1.1: the row of measure 1.1.1 is missing "
        "from the form (deleted?); no answer from this unit is counted for it",
        "  warning: measure 1.2.1: the plan names no unit from the glossary as its executor, so "
        "no form asks about it"]
    assert progress().summary()[-1] == "No problems found."


def test_a_problem_and_an_error_name_their_place_the_same_way():
    error = EsepError("x", file="2025-КБ.xlsx", sheet="КБ", cell="G10", measure="1.1.2")
    assert str(error).rsplit(": ", 1)[0] == str(PROBLEMS[0]).split(": ", 1)[0]


def test_outcome_words_exist_in_every_language_for_every_outcome():
    assert all(list(words) == list(OUTCOMES) for words in OUTCOME_LABELS.values())
    assert outcome(None, True) == OUTCOME_NO_INFO and outcome("done", True) == OUTCOME_DONE
    assert outcome("not_yet_due", True) == OUTCOME_OVERDUE
