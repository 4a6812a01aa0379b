"""Shared fixtures: the sample plan files and their expected records."""

import json
import os
import uuid
from pathlib import Path

import pytest

from model import i18n
from model.plan import plan_from_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Write messages in English unless a test asks for another language; none outlives its test."""
    monkeypatch.setenv("ESEP_LANG", "en")
    yield
    i18n.choose(None)          # `esep --lang ky` (or ESEP_LANG=ky esep) chose it for the process
    i18n.set_plan_language(None)


def records(data: dict) -> dict:
    """Return a plan JSON object without the keys that depend on the file read."""
    return {k: v for k, v in data.items() if k not in ("source", "language")}


@pytest.fixture(scope="session")
def v1():
    """Return the sample plan's records, version 1."""
    return plan_from_json((SAMPLES / "plan-ky.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def v2():
    """Return the sample plan's records, version 2 (amended)."""
    return plan_from_json((SAMPLES / "plan-ky-v2.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expected_ky() -> dict:
    return json.loads((SAMPLES / "plan-ky.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expected_ru() -> dict:
    return json.loads((DATA / "plan-ru.expected.json").read_text(encoding="utf-8"))


# --- the workspace's database: SQLite always, PostgreSQL where one is running ---------------

PG_URL = os.environ.get("ESEP_TEST_PG", "")
PG_SKIP = ("no PostgreSQL to test on: set ESEP_TEST_PG=postgresql://user:pass@host/db "
           "(bash .ci/run starts one)")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    """Return a fresh database URL for a workspace: None (its own SQLite file) or a new PostgreSQL db."""
    if request.param == "sqlite":
        yield None
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    name = f"esep_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Runs esep in a fresh interpreter and writes its peak resident memory (KiB) to a file. The peak
# is the process's own (VmHWM): ru_maxrss would carry over the pytest process it was forked from.
_MEASURED = """
import os, sys
from esep.cli import main
sys.argv = ["esep", *sys.argv[1:]]
try:
    main()
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["ESEP_PEAK_FILE"], "w") as fh:
        fh.write(peak)
"""

class Run:
    """What a command run in a subprocess did: exit code, stdout, stderr, peak memory in MiB."""

    def __init__(self, returncode: int, stdout: str, stderr: str, peak_mib: float):
        self.returncode, self.stdout, self.stderr, self.peak_mib = returncode, stdout, stderr, peak_mib


def run_measured(args: list, tmp_path: Path, timeout: float = 120) -> Run:
    """Return how `esep args` ran in a subprocess of its own, with its peak memory."""
    import os
    import subprocess
    import sys
    peak = tmp_path / ".peak"
    env = {**os.environ, "ESEP_PEAK_FILE": str(peak)}
    done = subprocess.run([sys.executable, "-c", _MEASURED, *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=ROOT)
    return Run(done.returncode, done.stdout, done.stderr, int(peak.read_text()) / 1024)


def assert_refused(run: Run, name: str, cause: str, *outputs: Path, peak_mib: float = 1024) -> None:
    """Assert `run` exited 1 with one line naming `name` and `cause`, in bounded memory, no output."""
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert lines[0].startswith(f"Error: {name}") and cause in lines[0], lines[0]
    assert run.peak_mib < peak_mib, run.peak_mib
    for out in outputs:
        assert not out.exists(), out
