"""Answers in forms made from an older plan version, carried to the current version's measures.

A form names the plan it was made from by fingerprint. When that is one of the older versions
given to collect, each of its rows goes to the measure it matches in the current plan
(``model.matching``: by text and place, so a measure renumbered by an insertion still gets its
answer). A row carried to another id, or to a measure that changed, is noted as a warning; a row
carried to the same, unchanged measure needs no note. Nothing is dropped in silence:

- a row whose measure was removed from the plan is reported (warning) and not carried;
- a row whose measure cannot be matched with certainty is reported with the candidates (error:
  a person must copy it) and not carried;
- a row whose id is not in the form's own plan version is reported (error) and not carried;
- a measure the old version did not ask the unit about (new, or newly the unit's) is reported as
  such (warning), instead of as a row deleted from the form; for a form whose version is unknown
  (its hidden identity lost), so is a measure that one of the older versions did not ask about.

The carried form is then checked like any other (``collect.check_form``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterable

from .answers import CheckedForm, FormFile, RowAnswer, check_form
from .diff import diff_plans
from .errors import EsepError
from .forms import unit_measures
from .matching import Matching, match_plans
from .i18n import N_, _
from .plan import Plan
from . import problems as P
from .progress import Problem, Progress

OLDER_VERSION = N_("made from an older version")
UNKNOWN_VERSION = N_("whose plan version is unknown (made from an older one?)")
FIELD_WORDS = {"text": N_("wording"), "deadline": N_("deadline"),
               "expected_result": N_("expected result"), "executors": N_("executors"),
               "funding": N_("funding")}


def check_any_version(form: FormFile, plan: Plan, year: int,
                      previous: Iterable[Plan] = ()) -> CheckedForm:
    """Return `form` checked against `plan`; made from one of `previous`, its rows are carried first.

    A form of an older version not among `previous` is refused by ``check_form`` as "other-plan".
    """
    ident = form.identity
    previous = tuple(previous)
    if not form.ok or ident is None or not previous or ident.plan == plan.fingerprint():
        return check_form(form, plan, year)
    if ident.plan is None:  # version unknown: it may be an older one, or the current one
        checked = check_form(form, plan, year)
        unit = checked.unit or ""
        asked_by_all = set.intersection(*(_asked(old, plan, unit, year) for old in previous))
        return _deleted_as_new(checked, asked_by_all, UNKNOWN_VERSION)
    old = next((p for p in previous if p.fingerprint() == ident.plan), None)
    if old is None:
        return check_form(form, plan, year)
    checked = check_form(carry_form(form, old, plan, _matching(old, plan)), plan, year)
    return _deleted_as_new(checked, _asked(old, plan, checked.unit or "", year), OLDER_VERSION)


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

    def note(kind: P.ProblemType, answer: RowAnswer, measure: str, **fields: object) -> None:
        problems.append(kind(file=form.file, sheet=form.sheet, cell=form.cell("id", answer.row),
                             measure=measure, **fields))

    for answer in form.rows:
        mid = answer.measure_id
        match = matching.of_old(mid) if mid else None
        if not mid:
            rows.append(answer)  # no id: check_form reports it as it does for any form
        elif match is None:
            note(P.CARRY_UNKNOWN, answer, mid)
        elif match.new_id is not None:
            rows.append(answer._replace(measure_id=match.new_id))
            if match.new_id != mid or changed.get(mid):
                note(P.CARRIED, answer, match.new_id,
                     **_carried(mid, match.new_id, changed.get(mid, ())))
        elif not match.certain:
            note(P.CARRY_UNCERTAIN, answer, mid, candidates=_(" or ").join(match.candidates))
        else:
            note(P.CARRY_REMOVED, answer, mid)
    identity = replace(form.identity, plan=plan.fingerprint())
    return replace(form, identity=identity, rows=tuple(rows), problems=tuple(problems))


# An inbox holds many forms of the same two versions: match them once, not once per form.
@lru_cache(maxsize=8)
def _matching(old: Plan, new: Plan) -> Matching:
    return match_plans(old, new)


def _asked(old: Plan, plan: Plan, unit: str, year: int) -> set[str]:
    """Return the ids in `plan` of the measures the version `old` asked `unit` about for `year`."""
    pairs = _matching(old, plan).pairs()
    return {pairs.get(r.measure.id) for r in unit_measures(old, unit, year)}


def _deleted_as_new(checked: CheckedForm, asked: set[str], made_from: str) -> CheckedForm:
    """Return `checked` with each "deleted" row of a measure not in `asked` told as a new one."""
    problems = tuple(_new_measure(p, checked.form, made_from)
                     if p.type == P.ROW_DELETED.type and p.measure not in asked else p
                     for p in checked.problems)
    return replace(checked, problems=problems)


def _carried(old_id: str, new_id: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Return the fields of a "carried" note: to which measure, and what changed in it."""
    where = (_("measure {measure}").format(measure=new_id) if new_id == old_id else
             _("measure {measure} (was {old})").format(measure=new_id, old=old_id))
    since = (_("; its {fields} changed").format(
        fields=", ".join(_(FIELD_WORDS[f]) for f in fields)) if fields else "")
    return {"where": where, "since": since}


def _new_measure(problem: Problem, form: FormFile, made_from: str) -> Problem:
    return P.NEW_MEASURE(file=form.file, sheet=form.sheet, measure=problem.measure,
                         made_from=_(made_from))


def carry_progress(progress: Progress, old: Plan, plan: Plan) -> tuple[Progress, tuple[Problem, ...]]:
    """Return `progress`, collected against the plan version `old`, with `plan`'s measure ids.

    Each measure's answers move to the measure it matches in `plan`; the notes (warnings) name
    every measure whose answers could not move: removed from the plan, or matched uncertainly.
    A progress already of `plan` is returned as it is.
    """
    if progress.plan_fingerprint == plan.fingerprint():
        return progress, ()
    if progress.plan_fingerprint != old.fingerprint():
        raise EsepError(_("the progress of {year} was collected against another version of the "
                          "plan than the one given for it").format(year=progress.year))
    matching = _matching(old, plan)
    measures, notes = [], []
    for mp in progress.measures:
        match = matching.of_old(mp.measure_id)
        new_id = match.new_id if match is not None else None
        if new_id is None:
            if match is not None and not match.certain:
                notes.append(P.CARRY_DROPPED_UNCERTAIN(
                    measure=mp.measure_id, candidates=_(" or ").join(match.candidates),
                    year=progress.year))
            else:
                notes.append(P.CARRY_DROPPED(measure=mp.measure_id, year=progress.year))
            continue
        entries = tuple(replace(e, measure_id=new_id) for e in mp.entries)
        measures.append(replace(mp, measure_id=new_id, entries=entries))
    order = {m.id: i for i, m in enumerate(plan.measures())}
    measures.sort(key=lambda m: order[m.measure_id])
    carried = replace(progress, plan_fingerprint=plan.fingerprint(), plan_title=plan.title,
                      measures=tuple(measures))
    return carried, tuple(notes)
