"""Answers in forms made from an older plan version, carried to the current version's measures.

A form names the plan it was made from by fingerprint. When that is one of the older versions
given to collect, each of its rows goes to the measure it matches in the current plan
(``model.matching``: by text and place, so a measure renumbered by an insertion still gets its
answer), and every row carried is noted as a warning. Nothing is dropped in silence:

- a row whose measure was removed from the plan is reported (warning) and not carried;
- a row whose measure cannot be matched with certainty is reported with the candidates (error:
  a person must copy it) and not carried;
- a row whose id is not in the form's own plan version is reported (error) and not carried;
- a measure the old version did not ask the unit about (new, or newly the unit's) is reported as
  such (warning), instead of as a row deleted from the form.

The carried form is then checked like any other (``collect.check_form``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterable

from .collect import CheckedForm, FormFile, RowAnswer, check_form
from .diff import diff_plans
from .forms import unit_measures
from .matching import Matching, match_plans
from .plan import Plan
from .progress import Problem

WARNING = "warning"
FIELD_WORDS = {"text": "wording", "deadline": "deadline", "expected_result": "expected result",
               "executors": "executors", "funding": "funding"}


def check_any_version(form: FormFile, plan: Plan, year: int,
                      previous: Iterable[Plan] = ()) -> CheckedForm:
    """Return `form` checked against `plan`; made from one of `previous`, its rows are carried first.

    A form of an older version not among `previous` is refused by ``check_form`` as "other-plan".
    """
    ident = form.identity
    if not form.ok or ident is None or ident.plan in (None, _fingerprint(plan)):
        return check_form(form, plan, year)
    old = next((p for p in previous if _fingerprint(p) == ident.plan), None)
    if old is None:
        return check_form(form, plan, year)
    matching = _matching(old, plan)
    carried = carry_form(form, old, plan, matching)
    checked = check_form(carried, plan, year)
    pairs = matching.pairs()
    asked = {pairs.get(r.measure.id) for r in unit_measures(old, checked.unit or "", year)}
    problems = tuple(_new_measure(p, form) if p.type == "row-deleted" and p.measure not in asked
                     else p for p in checked.problems)
    return replace(checked, problems=problems)


def carry_form(form: FormFile, old: Plan, plan: Plan, matching: Matching | None = None) -> FormFile:
    """Return `form`, made from the plan version `old`, with its rows carried to `plan`'s measures.

    The rows keep their place in the file (row numbers, cells); their measure ids become the
    current plan's, and the problems list says what became of each row.
    """
    matching = matching or match_plans(old, plan)
    changed = {c.old_id: c.fields for c in diff_plans(old, plan, matching)
               if c.level == "measure" and c.old_id}
    rows: list[RowAnswer] = []
    problems = list(form.problems)

    def note(kind: str, answer: RowAnswer, message: str, measure: str, severity: str) -> None:
        problems.append(Problem(kind, message, form.file, form.sheet, form.cell("id", answer.row),
                                measure, severity))

    for answer in form.rows:
        mid = answer.measure_id
        match = matching.of_old(mid) if mid else None
        if not mid:
            rows.append(answer)  # no id: check_form reports it as it does for any form
        elif match is None:
            note("carry-unknown", answer, f"there is no measure {mid} in the plan version this "
                 "form was made from; the row was not carried", mid, "error")
        elif match.new_id is not None:
            rows.append(replace(answer, measure_id=match.new_id))
            note("carried", answer, _carried(mid, match.new_id, changed.get(mid, ())),
                 match.new_id, WARNING)
        elif not match.certain:
            note("carry-uncertain", answer, f"measure {mid} of the form's plan version may be "
                 f"{' or '.join(match.candidates)} in the current plan; its answer was not carried:"
                 " copy it to the right measure by hand", mid, "error")
        else:
            note("carry-removed", answer, f"measure {mid} was removed from the current plan; this "
                 "row's answer was not carried", mid, WARNING)
    identity = replace(form.identity, plan=plan.fingerprint())
    return replace(form, identity=identity, rows=tuple(rows), problems=tuple(problems))


# An inbox holds many forms of the same two versions: match them once, not once per form.
@lru_cache(maxsize=8)
def _fingerprint(plan: Plan) -> str:
    return plan.fingerprint()


@lru_cache(maxsize=8)
def _matching(old: Plan, new: Plan) -> Matching:
    return match_plans(old, new)


def _carried(old_id: str, new_id: str, fields: tuple[str, ...]) -> str:
    where = f"measure {new_id}" + ("" if new_id == old_id else f" (was {old_id})")
    since = f"; its {', '.join(FIELD_WORDS[f] for f in fields)} changed" if fields else ""
    return (f"answer carried from the form's older plan version to {where} of the current "
            f"plan{since}")


def _new_measure(problem: Problem, form: FormFile) -> Problem:
    return Problem("new-measure", f"measure {problem.measure} is new to this unit in the current "
                   "plan; the form, made from an older version, does not ask about it: ask the "
                   "unit for its answer", form.file, form.sheet, "", problem.measure, WARNING)
