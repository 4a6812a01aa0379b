"""The changes between two plan versions, and `esep diff` that shows them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from esep.cli import cli
from ingest import read_plan
from model.diff import (CHANGED, DELETE, INSERT, MOVED, REWORDED, changes_to_dict, diff_plans,
                        word_spans)
from model.text import canonical
from model.plan import Deadline, Plan, plan_from_json, plan_to_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ISSUE_KEYS = ("kind", "level", "old_id", "new_id", "fields", "certain")


def load(name: str) -> Plan:
    return plan_from_json((SAMPLES / name).read_text(encoding="utf-8"))


def amendments() -> list[dict]:
    """Return the amendments the second sample version was made with."""
    return json.loads((SAMPLES / "plan-ky-v2.changes.json").read_text(encoding="utf-8"))["changes"]


def issue_view(changes) -> list[dict]:
    return [{k: c[k] for k in ISSUE_KEYS} for c in changes_to_dict(changes)["changes"]]


def amend_measure(plan: Plan, measure_id: str, **fields) -> Plan:
    """Return `plan` with the fields of one measure replaced."""
    return replace(plan, sections=tuple(
        replace(s, tasks=tuple(
            replace(t, measures=tuple(replace(m, **fields) if m.id == measure_id else m
                                      for m in t.measures))
            for t in s.tasks))
        for s in plan.sections))


def test_the_two_sample_versions_differ_by_exactly_the_amendments(v1, v2):
    assert issue_view(diff_plans(v1, v2)) == amendments()


@pytest.mark.parametrize("old, new", [("plan-ky.docx", "plan-ky-v2.pdf"),
                                      ("plan-ky.pdf", "plan-ky-v2.docx")])
def test_the_same_amendments_from_a_docx_against_a_pdf(old, new):
    changes = diff_plans(read_plan(SAMPLES / old), read_plan(SAMPLES / new))
    assert issue_view(changes) == amendments()


def test_identical_plans_give_no_changes(v1):
    assert diff_plans(v1, v1) == ()
    assert diff_plans(read_plan(SAMPLES / "plan-ky.docx"), read_plan(SAMPLES / "plan-ky.pdf")) == ()


def test_a_reworded_task_marks_the_words_that_changed(v1, v2):
    change = next(c for c in diff_plans(v1, v2) if c.kind == REWORDED)
    (detail,) = change.details
    assert detail.name == "text"
    changed = [(s.op, s.text) for s in detail.spans if s.op != "equal"]
    assert changed == [(DELETE, "өлчөөнүн улуттук"), (INSERT, "баалоонун ведомстволук")]


def test_a_deadline_extended_is_a_change_of_that_field_only(v1):
    later = Deadline("2025-жыл", None, None)
    (change,) = diff_plans(v1, amend_measure(v1, "4.1.1", deadline=later))
    assert (change.kind, change.fields, change.old_id, change.new_id) == (
        CHANGED, ("deadline",), "4.1.1", "4.1.1")
    assert (change.details[0].old, change.details[0].new) == ("2025-жылдын I жарым жылдыгы",
                                                              "2025-жыл")


def test_a_reworded_measure_that_also_moved_keeps_both_ids(v1, v2):
    reworded = amend_measure(v2, "6.5.1", text=v2.measure("6.5.1").text + " жана отчетторду")
    change = next(c for c in diff_plans(v1, reworded) if c.old_id == "6.4.1")
    assert (change.kind, change.new_id, change.fields) == (REWORDED, "6.5.1", ("text",))


def test_a_pure_renumbering_is_moved_with_no_fields(v1, v2):
    moved = [c for c in diff_plans(v1, v2) if c.kind == MOVED]
    assert {(c.level, c.old_id, c.new_id) for c in moved} >= {("measure", "6.5.1", "6.6.1")}
    assert all(c.fields == () and c.old_id != c.new_id for c in moved)


def test_spaces_dashes_and_quotes_printed_differently_are_no_change(v1):
    m = v1.measure("6.2.1")
    retyped = m.text.replace("«", '"').replace("»", '"').replace(" ", "  ")
    assert retyped != m.text
    assert diff_plans(v1, amend_measure(v1, "6.2.1", text=retyped)) == ()


def merged_into_11_2(v1: Plan) -> Plan:
    """Return `v1` with both measures of 10.1 made one in 11.2, as close to the one as the other."""
    first, second = v1.measure("10.1.1"), v1.measure("10.1.2")
    one = replace(first, id="11.2.2", number=2,
                  text=" ".join(first.text.split()[:32] + second.text.split()[:28]))

    def amend(task):
        if task.id == "10.1":
            return replace(task, measures=())
        return replace(task, measures=task.measures + (one,)) if task.id == "11.2" else task
    return replace(v1, sections=tuple(replace(s, tasks=tuple(amend(t) for t in s.tasks))
                                      for s in v1.sections))


def test_an_uncertain_match_is_listed_once_with_its_candidates(v1):
    changes = changes_to_dict(diff_plans(v1, merged_into_11_2(v1)))["changes"]
    seen = [(c["kind"], c["old_id"], c["new_id"], c["certain"], c["candidates"]) for c in changes]
    assert seen == [(REWORDED, "10.1.1", None, False, ["11.2.2"]),
                    (REWORDED, "10.1.2", None, False, ["11.2.2"])]


@given(st.lists(st.sampled_from(["бир", "эки", "үч", "төрт", ",", "-", "жыл"]), max_size=12),
       st.lists(st.sampled_from(["бир", "эки", "беш", ",", "жыл", "«", "»"]), max_size=12))
def test_word_spans_rebuild_both_texts(a, b):
    old, new = " ".join(a), " ".join(b)
    spans = word_spans(old, new)
    assert "".join(s.text for s in spans if s.op != INSERT) == old
    assert "".join(s.text for s in spans if s.op != DELETE) == canonical(new)


# --- the command ---------------------------------------------------------------------

def test_cli_identical_plans_say_so_and_nothing_else():
    docx, pdf = str(SAMPLES / "plan-ky.docx"), str(SAMPLES / "plan-ky.pdf")
    result = CliRunner().invoke(cli, ["diff", docx, pdf])
    assert result.exit_code == 0
    assert result.output == f"{docx} and {pdf} hold the same plan: no changes.\n"
    result = CliRunner().invoke(cli, ["diff", docx, pdf, "--json"])
    assert (result.exit_code, json.loads(result.output)) == (0, {"changes": []})


def test_cli_json_lists_the_amendments():
    result = CliRunner().invoke(cli, ["diff", str(SAMPLES / "plan-ky.docx"),
                                      str(SAMPLES / "plan-ky-v2.pdf"), "--json"])
    assert result.exit_code == 0
    changes = json.loads(result.output)["changes"]
    assert [{k: c[k] for k in ISSUE_KEYS} for c in changes] == amendments()


def test_cli_terminal_view_marks_the_changed_words():
    result = CliRunner().invoke(cli, ["diff", str(SAMPLES / "plan-ky.expected.json"),
                                      str(SAMPLES / "plan-ky-v2.expected.json")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("14 changes from ") and lines[0].endswith(
        ": 2 added, 1 removed, 8 moved, 1 reworded, 2 changed.")
    assert "~ task 9.1 reworded: text" in lines
    assert any("[-өлчөөнүн улуттук-]{+баалоонун ведомстволук+}" in line for line in lines)
    assert "~ measure 6.5.1 -> 6.6.1 moved" in lines


def test_cli_unreadable_plan_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "plan.docx"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(cli, ["diff", str(bad), str(SAMPLES / "plan-ky.docx")])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "plan.docx" in result.output


def test_cli_uncertain_matches_are_told_apart_from_the_rest(v1, tmp_path):
    new = tmp_path / "merged.json"
    new.write_text(plan_to_json(merged_into_11_2(v1)), encoding="utf-8")
    old = str(SAMPLES / "plan-ky.expected.json")
    result = CliRunner().invoke(cli, ["diff", old, str(new)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"2 changes from {old} to {new}: 2 uncertain, check by hand."
    assert "? measure 10.1.2 uncertain: it may be 11.2.2 in the new version; check by hand" in lines
