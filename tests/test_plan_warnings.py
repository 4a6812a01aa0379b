"""The plan reader's warnings: each kind once, English in the JSON, the clerk's language when shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from esep.cli import cli
from ingest import read_plan
from model import i18n
from model import plan_warnings as W
from model.plan import PlanWarning, plan_from_json, plan_to_json

from .test_i18n import english_words

DATA = Path(__file__).resolve().parent / "data"
WARNINGS_TXT = DATA / "plan-warnings-ky.txt"  # a text export with a warning of most kinds


def _without_names(text: str) -> str:
    """Return `text` without the names that stay in Latin letters in every language."""
    for name in ("ESC", "BEL", "PDF"):
        text = text.replace(name, "")
    return text


@pytest.fixture(scope="module")
def plan():
    return read_plan(WARNINGS_TXT)


def test_the_english_sentence_is_the_one_the_json_always_held():
    assert str(W.EXECUTOR_READ_AS("3.1.1", printed="ӨӨжАА", code="ӨӨЖААБ")) == \
        "3.1.1: executor 'ӨӨжАА' read as 'ӨӨЖААБ'"
    assert W.WEAK_READING("5.2.3", field="funding", chosen="каражаттардын чегинде",
                          other="каражаттардынчегинде").message == \
        "funding: read 'каражаттардын чегинде' (or 'каражаттардынчегинде'? a line of the PDF ends there)"
    assert W.place("row", table=1, row=5) == "table 1, row 5"


def test_a_text_export_gives_a_warning_of_each_kind_it_can_hold(plan):
    assert {W.kind_of(w)[0].code for w in plan.warnings} == {
        "control-characters", "executor-read-as", "deadline-empty", "deadline-not-understood",
        "result-empty", "no-executor", "no-glossary-code", "funding-empty", "section-unnumbered",
        "task-before-section", "task-number-not-understood", "measure-without-task",
        "stamp-end-not-found"}
    assert [w.where for w in plan.warnings if not plan.measure(w.where)] == [
        "line 9", "line 5", "line 6", "line 7", "line 8", "title"]


@pytest.mark.parametrize("lang, line", [
    ("ky", "8-сап: милдеттин номери 'б' түшүнүксүз; 1 деп окулду"),
    ("ru", "строка 8: номер задачи 'б' не распознан; прочитан как 1"),
    ("en", "line 8: task number 'б' not understood; read as 1")])
def test_a_warning_is_shown_in_the_language_the_json_keeps_it_english(plan, lang, line):
    warning = next(w for w in plan.warnings if w.where == "line 8")
    with i18n.using(lang):
        assert W.shown(warning) == line
    assert warning.message == "task number 'б' not understood; read as 1"


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_a_plan_json_shows_its_warnings_as_the_plan_read_does(plan, lang):
    loaded = plan_from_json(plan_to_json(plan))
    assert [(w.where, w.message) for w in loaded.warnings] == \
        [(w.where, w.message) for w in plan.warnings]
    assert json.loads(plan_to_json(plan))["warnings"][0] == {
        "where": "line 9",
        "message": "control characters (such as ESC or BEL, no letters) were removed from the text"}
    with i18n.using(lang):
        read = [W.shown(w) for w in plan.warnings]
        assert [W.shown(w) for w in loaded.warnings] == read
        assert english_words(_without_names(" ".join(read))) == []


def test_a_message_of_no_known_kind_is_shown_as_it_is():
    other = PlanWarning("row 7 of the source", "a note another tool wrote")
    with i18n.using("ru"):
        assert W.shown(other) == "row 7 of the source: a note another tool wrote"


def test_a_field_named_by_a_weak_reading_is_in_the_language():
    warning = W.WEAK_READING("5.2.3", field="funding", chosen="а б", other="аб")
    with i18n.using("ky"):
        assert W.shown_message(warning) == \
            "каржылоо булагы: 'а б' деп окулду (же 'аб'? PDFтин сабы ушул жерде бүтөт)"
    with i18n.using("ru"):
        loaded = PlanWarning("5.2.3", warning.message)  # as a plan JSON gives it back
        assert W.shown_message(loaded) == \
            "источник финансирования: прочитано 'а б' (или 'аб'? здесь кончается строка PDF)"


def test_every_place_a_reader_names_reads_back():
    for name, values in [("line", {"line": 41}), ("row", {"table": 2, "row": 13}),
                         ("page", {"page": 3}), ("title", {}), ("above", {}), ("below", {})]:
        where = W.place(name, **values)
        with i18n.using("ru"):
            assert W.shown_where(where) != where, where
    with i18n.using("ky"):
        assert W.shown_where("table 2, row 13") == "2-таблица, 13-сап"
        assert W.shown_where("5.2.3") == "5.2.3"


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40) \
    .filter(lambda t: "'" not in t)


@given(printed=_TEXT, code=_TEXT, text=_TEXT, number=st.integers(1, 999))
def test_the_values_read_back_from_a_message_are_the_ones_it_was_made_of(printed, code, text,
                                                                          number):
    for made in (W.EXECUTOR_READ_AS("1.1.1", printed=printed, code=code),
                 W.DEADLINE_UNKNOWN("1.1.1", text=text),
                 W.TASK_NUMBER_UNKNOWN("line 3", printed=printed, number=number)):
        kind, values = W.kind_of(PlanWarning(made.where, made.message))
        assert (kind.code, dict(values)) == (made.kind, dict(made.values))


def test_every_kind_has_its_own_code_and_template():
    assert len({k.template for k in W.KINDS.values()}) == len(W.KINDS)
    for kind in W.KINDS.values():  # no message of one kind reads as another's
        made = kind.template.format(**{n: "x" for n in kind.pattern.groupindex})
        assert W.kind_of(PlanWarning("1.1.1", made))[0] is kind


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("table", [False, True])
def test_ingest_says_every_warning_in_the_language(monkeypatch, lang, table, tmp_path):
    monkeypatch.setenv("ESEP_LANG", lang)
    args = ["ingest", str(WARNINGS_TXT)] + (["--table"] if table else ["-o", str(tmp_path / "p.json")])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    mark = "!" if table else {"ky": "эскертүү: ", "ru": "предупреждение: "}[lang]
    assert sum(line.lstrip().startswith(mark) for line in result.output.splitlines()) == 13
    assert english_words(_without_names(result.output)) == [], result.output
    if not table:  # the file holds the English, whatever the language the clerk reads
        saved = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
        assert saved["warnings"][1]["message"] == "executor 'Кб' read as 'КБ'"


def test_docs_list_every_kind_with_its_template():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "plan-json.md").read_text(encoding="utf-8")
    for kind in W.KINDS.values():
        assert f"| `{kind.code}` | `{kind.template}`" in docs, kind.code
    for template in W.PLACES.values():
        assert f"`{template.template}`" in docs


def test_every_kind_and_place_reaches_the_catalogs():
    from .test_i18n import code_messages
    marked = {msgid for context, msgid in code_messages() if context is None}
    templates = [k.template for k in W.KINDS.values()] + [p.template for p in W.PLACES.values()]
    assert [t for t in templates + list(W.FIELDS.values()) if t not in marked] == []
