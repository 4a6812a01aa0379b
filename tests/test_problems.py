"""The registry of problem types: each defined once, as docs/progress-json.md lists them."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from model import problems as P
from model.progress import ERROR, WARNING

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "progress-json.md"


def documented(severity_word: str) -> set[str]:
    """Return the codes the doc's paragraph "Errors:" or "Warnings:" names."""
    section = DOC.read_text(encoding="utf-8").split("## Problem types", 1)[1]
    paragraph = re.search(rf"^{severity_word}:(.*?)(?:\n\n|\Z)", section, re.S | re.M).group(1)
    return set(re.findall(r"`([a-z-]+)`", paragraph))


def test_the_registry_is_the_list_in_the_progress_json_doc():
    assert P.kinds(ERROR) == documented("Errors")
    assert P.kinds(WARNING) == documented("Warnings")


def test_every_kind_is_registered_once_under_its_own_name():
    names = {name: kind for name, kind in vars(P).items() if isinstance(kind, P.ProblemType)}
    assert sorted(map(id, names.values())) == sorted(map(id, P.REGISTRY))
    messages = [(k.type, k.severity, k.template) for k in P.REGISTRY]
    assert len(messages) == len(set(messages))


def test_templates_are_plain_format_strings_with_named_fields():
    for kind in P.REGISTRY:
        fields = [f for _, f, _, _ in string.Formatter().parse(kind.template) if f is not None]
        assert all(f.isidentifier() for f in fields), kind
        assert kind.severity in (ERROR, WARNING)


def test_a_kind_fills_its_message_and_names_its_places():
    p = P.BAD_STATUS(file="2025-КБ.xlsx", sheet="КБ", cell="G12", measure="6.5.1", text="бүттү",
                     choices="аткарылды, аткарылууда")
    assert (p.type, p.severity) == ("bad-status", "error")
    assert str(p) == ("2025-КБ.xlsx, sheet 'КБ', cell G12, measure 6.5.1: 'бүттү' is not a "
                      "status; choose one of: аткарылды, аткарылууда")
    assert str(P.ROW_DELETED(file="f.xlsx", sheet="КБ", measure="6.2.1")) == (
        "f.xlsx, sheet 'КБ', measure 6.2.1: the row of measure 6.2.1 is missing from the form "
        "(deleted?); no answer from this unit is counted for it")


def test_a_kind_refuses_a_place_it_does_not_point_to():
    with pytest.raises(TypeError):
        P.NO_EXECUTOR(file="f.xlsx", measure="1.1.1")
    with pytest.raises(KeyError):
        P.BAD_STATUS(file="f.xlsx")            # its fields are required


def test_no_problem_is_made_outside_the_registry():
    """Every Problem of the collected forms comes from a kind of model/problems.py."""
    makers = []
    for path in (ROOT / d for d in ("ingest", "model", "render", "esep")):
        for source in path.glob("*.py"):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "Problem"):
                    makers.append(f"{source.parent.name}/{source.name}")
    assert sorted(makers) == ["model/problems.py", "model/progress.py"]  # the kind; JSON reading


def test_every_problem_type_is_asserted_by_a_test_of_its_own():
    """Each type code is named in some test besides this one (where it is made and checked)."""
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
                    if p.name != "test_problems.py")
    assert {k.type for k in P.REGISTRY if f'"{k.type}"' not in tests} == set()


def test_every_problems_template_reaches_the_catalogs():
    from model.problems import REGISTRY
    from .test_i18n import code_messages
    marked = {msgid for context, msgid in code_messages() if context is None}
    assert [k.type for k in REGISTRY if k.template not in marked] == [], "give these N_()"
