"""`esep ingest` as a person runs it."""

import json

from click.testing import CliRunner

from esep.cli import cli

from .conftest import SAMPLES, records


def test_json_on_stdout_and_warnings_on_stderr(expected_ky):
    result = CliRunner(mix_stderr=False).invoke(cli, ["ingest", str(SAMPLES / "plan-ky.txt")]) \
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else \
        CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.txt")])
    assert result.exit_code == 0
    assert records(json.loads(result.stdout)) == records(expected_ky)
    warnings = result.stderr.splitlines()
    assert warnings[0] == "warning: 2.2.1: executor 'УКжКААБ' read as 'УКЖКААБ'"
    assert "warning: 5.2.1: no responsible executor" in warnings
    assert len(warnings) == 10


def test_output_file(tmp_path, expected_ky):
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.docx"), "-o", str(out)])
    assert result.exit_code == 0
    assert records(json.loads(out.read_text(encoding="utf-8"))) == records(expected_ky)
    assert not list(tmp_path.glob(".*.tmp"))


def test_table_overview():
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.pdf"), "--table"])
    assert result.exit_code == 0
    assert "12 sections, 21 tasks, 27 measures (Kyrgyz)" in result.stdout
    assert "    10.1.2   Туруктуу" in result.stdout
    assert "12. Стратегияны ишке ашыруу процесстерине мониторинг" in result.stdout


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
    assert "Exit codes" in CliRunner().invoke(cli, ["--help"]).output


def test_table_shows_each_warning_under_its_measure():
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.pdf"), "--table"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "27 measures (Kyrgyz), 10 warning(s)" in lines[1]
    at = next(i for i, line in enumerate(lines) if line.startswith("    5.2.1 "))
    assert lines[at + 1:at + 3] == ["             ! no responsible executor",
                                    "             ! funding is empty"]
    assert lines[at + 3].startswith("    5.2.2 ")
    assert sum(line.lstrip().startswith("! ") for line in lines) == 10
    assert not any(line.startswith("warning:") for line in lines)  # not twice
