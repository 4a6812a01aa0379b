"""The command line loads each command's libraries only when that command runs.

Each case starts a fresh interpreter that runs `esep` as the installed script does
(`esep.cli:main`) and reports which modules it imported: `esep --help`, `--version` and every
command's `--help` (in each language) load no file-format, database or web library; reading a
plan loads the reader of its format only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from esep.cli import cli
from model.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# every library a command may need, none of which `esep --help` does
HEAVY = ("openpyxl", "docx", "docxtpl", "jinja2", "lxml", "pdfplumber", "pdfminer", "pypdfium2",
         "sqlalchemy", "alembic", "psycopg", "flask", "werkzeug", "waitress", "python_calamine",
         "babel", "PIL", "defusedxml")

# Runs each argument list (argv[1], JSON) in turn in one process, as the `esep` script does, and
# prints as JSON, for each, its exit code, its output and the heavy modules loaded by then.
DRIVER = """
import contextlib, io, json, sys
runs, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
from esep.cli import main
results = []
for args in runs:
    out = io.StringIO()
    sys.argv = ["esep", *args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    loaded = sorted(m for m in heavy if m in sys.modules)
    results.append({"args": args, "code": code, "output": out.getvalue(), "loaded": loaded})
print(json.dumps(results))
"""


def run_esep(*runs: list[str], env: dict[str, str] | None = None) -> list[dict]:
    """Return, for each argument list run in one fresh `esep` process, its code, output and
    the heavy modules loaded by then."""
    environ = {**os.environ, **(env or {}), "PYTHONDONTWRITEBYTECODE": "1"}
    environ.pop("ESEP_WORKSPACE", None)
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(runs), json.dumps(HEAVY)],
                          capture_output=True, text=True, cwd=ROOT, env=environ, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_check_sees_a_library_a_command_loads(tmp_path):
    """`esep forms` does load openpyxl (and nothing of the report, the store or the page)."""
    (made,) = run_esep(["forms", str(SAMPLES / "plan-ky.docx"), "--year", "2025",
                        "-o", str(tmp_path)])
    assert made["code"] == 0, made["output"]
    assert list(tmp_path.glob("*.xlsx"))
    assert "openpyxl" in made["loaded"]
    assert not {"docxtpl", "jinja2", "sqlalchemy", "flask"} & set(made["loaded"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_and_version_load_no_heavy_library(lang):
    runs = [["--help"], ["--version"], *([name, "--help"] for name in sorted(cli.commands))]
    results = run_esep(*runs, env={"ESEP_LANG": lang})
    for result in results:
        assert result["code"] == 0, result
        assert result["loaded"] == [], f"esep {' '.join(result['args'])} loaded {result['loaded']}"
    assert "esep, version" in results[1]["output"]
    first = results[0]["output"]
    assert all(name in first for name in cli.commands)
    if lang != "en":  # the help is written in the language asked for, through model/i18n
        assert any("\u0400" <= ch <= "\u04ff" for ch in first), first


def test_version_alone_loads_no_heavy_library():
    (result,) = run_esep(["--version"])
    assert result["code"] == 0 and result["loaded"] == []


def test_ingest_of_a_docx_loads_python_docx_only():
    (result,) = run_esep(["ingest", str(SAMPLES / "plan-ky.docx")])
    assert result["code"] == 0, result["output"]
    assert '"measures"' in result["output"]
    assert result["loaded"] == ["docx", "lxml"]  # lxml is python-docx's own parser


def test_ingest_of_a_text_export_loads_no_heavy_library():
    (result,) = run_esep(["ingest", str(SAMPLES / "plan-ky.txt")])
    assert result["code"] == 0, result["output"]
    assert '"measures"' in result["output"]
    assert result["loaded"] == []


def test_ingest_of_a_pdf_loads_pdfium_only():
    (result,) = run_esep(["ingest", str(SAMPLES / "plan-ky.pdf"), "--table"])
    assert result["code"] == 0, result["output"]
    assert result["loaded"] == ["pypdfium2"]


def test_collect_and_report_load_what_they_use_only(tmp_path):
    progress, report = tmp_path / "progress.json", tmp_path / "report.docx"
    (collected,) = run_esep(["collect", str(SAMPLES / "plan-ky.docx"),
                             str(SAMPLES / "submissions" / "2025"), "--year", "2025",
                             "-o", str(progress)])
    assert collected["code"] == 0, collected["output"]
    # the forms esep wrote are plain: calamine reads them, openpyxl (and its Pillow) stays out
    assert "python_calamine" in collected["loaded"] and "openpyxl" not in collected["loaded"]
    assert not {"docxtpl", "jinja2", "sqlalchemy", "flask"} & set(collected["loaded"])
    (written,) = run_esep(["report", str(SAMPLES / "plan-ky.docx"), "--progress", str(progress),
                           "--year", "2025", "-o", str(report)])
    assert written["code"] == 0, written["output"]
    assert report.is_file() and {"docxtpl", "jinja2"} <= set(written["loaded"])
    assert not {"openpyxl", "python_calamine", "pypdfium2", "sqlalchemy", "flask"} \
        & set(written["loaded"])
