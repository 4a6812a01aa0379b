"""The messages' languages: every message translated, the language chosen as the README says."""

from __future__ import annotations

import ast
import gettext
import json
import os
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
import click
from click.testing import CliRunner

from esep.cli import cli
from model import i18n
from model.i18n import _, ngettext

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SOURCES = ("esep", "ingest", "model", "render", "store")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
CLICK = Path(click.__file__).parent  # click's own words are in esep's catalogs too
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}  # as `make messages` has them: -k NP_:1c,2


def code_messages(folders=None) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Return every message the code marks, by (context, message), as `make messages` finds them."""
    found: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for folder in folders or [ROOT / f for f in SOURCES] + [CLICK]:
        for _file, _line, message, _comments, context in extract_from_dir(
                folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            forms = message if isinstance(message, tuple) else (message,)
            found[context, forms[0]] = forms
    return found


def catalog(lang: str):
    with open(ROOT / "model" / "locale" / lang / "LC_MESSAGES" / "esep.po", "rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_every_message_in_the_code_has_its_translation(lang):
    po = catalog(lang)
    untranslated = []
    clicks = code_messages([CLICK])  # click fills some of its values in English ("File", "integer")
    for (context, msgid), forms in code_messages().items():
        entry = po.get(msgid, context=context)
        strings = () if entry is None else (
            entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(msgid)
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(forms)))
        for text in strings:  # a translation names the same values, no more, no fewer
            assert set(PLACEHOLDER.findall(text)) <= wanted, (msgid, text)
            assert set(PLACEHOLDER.findall(forms[0])) <= set(PLACEHOLDER.findall(text)) or \
                len(forms) > 1 or (context, msgid) in clicks, (msgid, text)
    assert untranslated == [], f"{lang}: run `make messages` and translate these"


def test_the_language_is_chosen_then_env_then_system_then_plan(monkeypatch):
    monkeypatch.delenv("ESEP_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.choose(None)
    i18n.set_plan_language("ky")
    assert i18n.language() == "ky"
    monkeypatch.setenv("LANG", "C.UTF-8")          # says nothing about a language
    assert i18n.language() == "ky"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.language() == "ru"
    monkeypatch.setenv("ESEP_LANG", "en")
    assert i18n.language() == "en"
    i18n.choose("ky")
    assert i18n.language() == "ky"
    with i18n.using("ru"):
        assert i18n.language() == "ru"
    assert i18n.language() == "ky"
    i18n.choose(None)
    i18n.set_plan_language(None)


def test_the_language_told_leaves_out_the_plans_and_a_blocks(monkeypatch):
    monkeypatch.delenv("ESEP_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_plan_language("ru")
    try:
        with i18n.using("en"):
            assert i18n.told_language() is None  # the page falls back to Kyrgyz, not to these
        monkeypatch.setenv("LANG", "ky_KG.UTF-8")
        assert i18n.told_language() == "ky"
        i18n.choose("ru")
        assert i18n.told_language() == "ru"
    finally:
        i18n.choose(None)
        i18n.set_plan_language(None)


def test_a_language_used_in_one_thread_is_not_heard_in_another():
    import threading
    heard, inside, go_on = {}, threading.Event(), threading.Event()

    def unit_in_russian():
        with i18n.using("ru"):
            inside.set()
            go_on.wait(5)
            heard["ru thread"] = ngettext("{n} error", "{n} errors", 5)

    worker = threading.Thread(target=unit_in_russian)
    worker.start()
    inside.wait(5)
    with i18n.using("ky"):  # the Russian thread writes while this one speaks Kyrgyz
        go_on.set()
        worker.join(5)
        heard["ky thread"] = ngettext("{n} error", "{n} errors", 5)
    assert heard["ru thread"] != heard["ky thread"], heard
    with i18n.using("ru"):
        assert heard["ru thread"] == ngettext("{n} error", "{n} errors", 5)
    with i18n.using("ky"):
        assert heard["ky thread"] == ngettext("{n} error", "{n} errors", 5)
    assert i18n.language() == "en"


def test_language_names_are_read_as_locales_write_them():
    assert [i18n.known(x) for x in ("ru_RU.UTF-8", "Russian_Russia", "ky_KG", "Kyrgyz_Kyrgyzstan",
                                    "en", "C", "POSIX", "kyr", "", None)] == \
        ["ru", "ru", "ky", "ky", "en", None, None, None, None, None]


def test_russian_plurals_take_three_forms():
    with i18n.using("ru"):
        words = [ngettext("{n} error", "{n} errors", n).format(n=n) for n in (1, 3, 5, 11, 21)]
    assert words == ["1 ошибка", "3 ошибки", "5 ошибок", "11 ошибок", "21 ошибка"]
    with i18n.using("en"):
        assert ngettext("{n} error", "{n} errors", 1).format(n=1) == "1 error"
        assert _("done") == "done"


@pytest.mark.parametrize("lang, first", [
    ("ky", "2025: 12 бөлүмдүн 11 формасын кайтарды; жылда 25 иш-чара"),
    ("ru", "2025: 11 из 12 подразделений вернули форму; 25 мероприятий в году"),
    ("en", "2025: 11 of 12 units returned their form; 25 measures in the year")])
def test_collect_summary_in_each_language(monkeypatch, lang, first):
    monkeypatch.setenv("ESEP_LANG", lang)
    result = CliRunner().invoke(cli, ["collect", str(SAMPLES / "plan-ky.docx"),
                                      str(SAMPLES / "submissions" / "2025"), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(first)


def test_lang_option_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("ESEP_LANG", "en")
    result = CliRunner().invoke(cli, ["--lang", "ru", "collect", str(SAMPLES / "plan-ky.docx"),
                                      str(SAMPLES / "submissions" / "2025"), "--year", "2025"])
    assert "Итоги: выполнено 6," in result.output


def english_words(text: str) -> list[str]:
    """Return the English words in `text`, leaving out file names, quoted cell values and codes."""
    text = re.sub(r"\S*/\S*|\S+\.(xlsx|xlsm|docx|json)\b", " ", text)  # paths, file names
    text = re.sub(r"'[^']*'", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ("esep",)]


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_collect_prints_the_whole_summary_and_every_problem_in_the_language(monkeypatch, lang,
                                                                            tmp_path):
    monkeypatch.setenv("ESEP_LANG", lang)
    result = CliRunner().invoke(cli, ["collect", str(SAMPLES / "plan-ky.docx"),
                                      str(SAMPLES / "submissions" / "2025"), "--year", "2025",
                                      "-o", str(tmp_path / "p.json"),
                                      "--feedback", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) > 15
    assert english_words(result.output) == []
    progress = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert {p["lang"] for p in progress["problems"]} == {lang}
    assert {p["type"] for p in progress["problems"]} >= {"bad-status", "row-deleted"}


def test_the_english_check_finds_english():
    assert english_words("2025-КБ.xlsx, 'бүттү x': the row is missing") == ["the", "row", "is",
                                                                            "missing"]


@pytest.mark.parametrize("lang, said", [("en", "write it as DD.MM.YYYY"),
                                        ("ru", "напишите в виде ДД.ММ.ГГГГ"),
                                        ("ky", "ДД.ММ.ГГГГ түрүндө жазыңыз")])
def test_a_due_date_not_a_date_is_told_as_the_forms_write_dates(monkeypatch, lang, said, tmp_path):
    monkeypatch.setenv("ESEP_LANG", lang)
    result = CliRunner().invoke(cli, ["forms", str(SAMPLES / "plan-ky.docx"), "--year", "2025",
                                      "-o", str(tmp_path), "--due", "2026/01/15"])
    assert result.exit_code == 2 and said in result.output
    helped = CliRunner().invoke(cli, ["forms", "--help"])
    assert "--due " + ("DD.MM.YYYY" if lang == "en" else "ДД.ММ.ГГГГ") in helped.output


def test_help_is_written_in_the_language(monkeypatch):
    monkeypatch.setenv("ESEP_LANG", "ru")
    shown = CliRunner().invoke(cli, ["collect", "--help"]).output
    assert "Прочитать заполненные формы из INBOX" in shown
    assert "Завершиться с кодом 3, если остались ошибки." in shown
    top = CliRunner().invoke(cli, ["--help"]).output
    assert "Коды завершения:" in top and "collect  Прочитать заполненные формы" in top
    monkeypatch.setenv("ESEP_LANG", "en")
    assert "Exit with code 3 when any error stands." in \
        CliRunner().invoke(cli, ["collect", "--help"]).output


def test_an_error_line_is_prefixed_in_the_language(monkeypatch, tmp_path):
    monkeypatch.setenv("ESEP_LANG", "ky")
    result = CliRunner().invoke(cli, ["forms", str(SAMPLES / "plan-ky.docx"), "--year", "2099",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == ("Ката: plan-ky.docx: пландын бир да иш-чарасы боюнча 2099-жылга "
                             "отчет берилбейт (план 2025–2027-жылдарды камтыйт)\n")


def _commands():
    """Yield the group and every command on it, as `esep --help` lists them."""
    yield cli
    yield from cli.commands.values()


def test_every_help_text_is_a_marked_message():
    marked = {msgid for context, msgid in code_messages() if context is None}
    unmarked = [f"{command.name}: {text[:60]!r}" for command in _commands()
                for text in [command.help, command.epilog]
                + [getattr(p, "help", None) for p in command.params] if text and text not in marked]
    assert unmarked == [], "give these N_() so they reach the catalogs"


# What prints a line the clerk reads: errors, warnings, echoes, prompts.
SPEAKERS = re.compile(r"(Error|Format|File|Layer|Font|PlanTable|Columns|Missing|Package|Workbook|"
                      r"Exception|Parameter)$|^(fail|warn|echo|secho|prompt|confirm|shown_bar)$")
PROGRAMMERS = {"TypeError", "ValueError", "RuntimeError", "AssertionError",  # never a clerk's
               "PdfiumError"}  # PDFium's own, turned into a DamagedFile before it is shown


def _literal_words(node) -> bool:
    """Return True when `node` is a string literal (or f-string) holding English words."""
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) or _literal_words(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    return re.search(r"[A-Za-z]{2,}", text) is not None


def test_no_line_the_clerk_reads_is_written_past_the_catalogs():
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                if SPEAKERS.search(name) and name not in PROGRAMMERS and node.args \
                        and _literal_words(node.args[0]):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "wrap these in _() (or ngettext) and translate them"


def test_the_unmarked_check_finds_a_bare_sentence():
    call = ast.parse('raise EsepError(f"no plan in {folder}")').body[0].exc
    assert _literal_words(call.args[0])
    assert not _literal_words(ast.parse('_("no plan")').body[0].value)
    assert not _literal_words(ast.parse('f"{a}: {b}"').body[0].value)


def _foreign_words(text: str) -> list[str]:
    """Return the words of `text` in Latin letters, leaving out names: commands, options,
    placeholders in capitals (PLAN, INBOX) and file names."""
    text = re.sub(r"(?<![\w-])--?[a-z][\w-]*|\S+\.(docx|pdf|txt|json|xlsx)\b", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text)
            if not w.isupper() and w not in ("esep", "ingest", *cli.commands)]


@pytest.mark.parametrize("lang, said", [
    ("ru", "Использование: esep ingest [ПАРАМЕТРЫ] PLAN\nПодробнее: 'esep ingest --help'.\n\n"
           "Ошибка: Не указан аргумент 'PLAN'.\n"),
    ("ky", "Колдонуу: esep ingest [ПАРАМЕТРЛЕР] PLAN\nЖардам: 'esep ingest --help'.\n\n"
           "Ката: Берилбеген аргумент 'PLAN'.\n")])
def test_clicks_own_words_come_in_the_language(lang, said):
    result = CliRunner().invoke(cli, ["--lang", lang, "ingest"], prog_name="esep")
    assert result.exit_code == 2
    assert result.output == said
    assert not re.search(r"Usage|Error|Missing|Try", result.output)
    assert _foreign_words(result.output) == []


@pytest.mark.parametrize("system, said", [
    ("ru_RU.UTF-8", "Ошибка: Неверное значение '--lang' (переменная окружения: 'ESEP_LANG'): "
                    "'bogus' — не одно из 'ky', 'ru', 'en'.\n"),
    ("ky_KG.UTF-8", "Ката: '--lang' (чөйрө өзгөрмөсү: 'ESEP_LANG') үчүн туура эмес маани: "
                    "'bogus' булардын бири эмес: 'ky', 'ru', 'en'.\n"),
    ("en_US.UTF-8", "Error: Invalid value for '--lang' (env var: 'ESEP_LANG'): 'bogus' is not one "
                    "of 'ky', 'ru', 'en'.\n")])
def test_a_bad_esep_lang_is_named_in_the_systems_language(monkeypatch, system, said):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", system)
    monkeypatch.setenv("ESEP_LANG", "bogus")
    result = CliRunner().invoke(cli, ["status"], prog_name="esep")
    assert result.exit_code == 2
    assert result.output.splitlines(keepends=True)[-1] == said


@pytest.mark.parametrize("lang, variable", [("ky", "(чөйрө өзгөрмөсү: 'ESEP_WORKSPACE')"),
                                            ("ru", "(переменная окружения: 'ESEP_WORKSPACE')")])
@pytest.mark.parametrize("command, typed", [
    (["status"], ["status", "--workspace", str(ROOT / "README.md")]),
    (["serve", "--no-browser"], ["serve", str(ROOT / "README.md"), "--no-browser"])])
def test_a_value_from_the_environment_is_named_by_its_variable_in_the_language(
        monkeypatch, lang, variable, command, typed):
    monkeypatch.setenv("ESEP_LANG", lang)
    monkeypatch.setenv("ESEP_WORKSPACE", str(ROOT / "README.md"))  # a file, not a folder
    said = CliRunner().invoke(cli, command, prog_name="esep").output.splitlines()[-1]
    assert variable in said and "README.md" in said and "env var" not in said, said
    monkeypatch.delenv("ESEP_WORKSPACE")
    told = CliRunner().invoke(cli, typed, prog_name="esep").output.splitlines()[-1]
    assert "ESEP_WORKSPACE" not in told and "README.md" in told, told  # typed: no variable


def test_click_speaks_english_again_after_the_run(monkeypatch):
    monkeypatch.delenv("LANGUAGE", raising=False)
    CliRunner().invoke(cli, ["--lang", "ru", "ingest"])
    assert gettext.gettext("Usage:") == "Usage:" and "LANGUAGE" not in os.environ
    english = CliRunner().invoke(cli, ["--lang", "en", "ingest"], prog_name="esep")
    assert "Usage: esep ingest" in english.output


ENGLISH = re.compile(r"\b(the|of|to|and|an?|in|is|with|for|this|that|from|by|as|it|not|each|"
                     r"usage|options|commands|show|exit|required|default|example|env var)\b", re.I)


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_every_help_page_is_in_the_language(monkeypatch, lang, command):
    monkeypatch.setenv("ESEP_LANG", lang)
    result = CliRunner().invoke(cli, [command, "--help"] if command else ["--help"],
                                prog_name="esep")
    assert result.exit_code == 0
    # what stays in Latin letters is names: esep, PLAN, --year, .docx, LibreOffice, Ctrl+C
    assert ENGLISH.findall(result.output) == [], result.output
