"""The catalogs are there however esep was installed: compiled at run time when only .po came."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from esep.catalogs import compiled_catalogs
from esep.cli import cli
from model import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("esep", "ingest", "model", "render", "store")


def sources_only(folder: Path) -> Path:
    """Return a copy of the catalogs' folder holding the .po files and no .mo."""
    copy = folder / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def test_the_catalogs_are_used_where_they_are_when_compiled():
    assert compiled_catalogs() == i18n.LOCALE_DIR


def test_only_po_files_are_compiled_once_into_the_temp_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    source = sources_only(tmp_path)
    folder = compiled_catalogs(source)
    assert folder.parent == tmp_path / "tmp" and not list(source.rglob("*.mo"))
    ru = gettext.translation(i18n.DOMAIN, folder, languages=["ru"])
    assert ru.gettext("Usage:") == "Использование:"
    made = i18n.mo_file(folder, "ky").stat().st_mtime_ns
    assert compiled_catalogs(source) == folder  # the second run takes what the first made
    assert i18n.mo_file(folder, "ky").stat().st_mtime_ns == made


def test_a_copy_of_the_code_without_compiled_catalogs_still_speaks_russian(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    assert not list(tmp_path.rglob("*.mo"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "ESEP_LANG": "ru", "TMPDIR": str(tmp_path)}
    shown = subprocess.run([sys.executable, "-m", "esep", "ingest"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 2
    assert shown.stderr.splitlines()[-1] == "Ошибка: Не указан аргумент 'PLAN'."
    refused = subprocess.run([sys.executable, "-m", "esep", "ingest", str(tmp_path / "x.xlsx")],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "Ошибка:" in refused.stderr and "не существует" in refused.stderr


def test_no_catalog_at_all_is_said_not_spoken_in_english(tmp_path, monkeypatch):
    monkeypatch.setattr("esep.cli.compiled_catalogs", lambda: tmp_path)
    try:
        result = CliRunner().invoke(cli, ["--lang", "ky", "status"])
    finally:
        i18n.use_catalogs(i18n.LOCALE_DIR)
    assert result.exit_code == 1
    assert result.output.startswith("Error: the messages in 'ky' are missing from this "
                                    "installation")
