"""A collect into a workspace killed halfway, and two at once, on SQLite and PostgreSQL.

Each runs `esep collect` as a person does, in its own process. "Halfway" is while its one write
transaction is open: on SQLite, while it holds the write lock; on PostgreSQL, while it waits on
the last table of that transaction, which the test holds locked.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from ingest.forms import collect
from model.progress import progress_to_dict
from store import Workspace
from store.schema import answers, collects, problems, readings, received

from .conftest import SAMPLES

INBOX = SAMPLES / "submissions" / "2025"
PLAN = SAMPLES / "plan-ky.docx"
TABLES = (received, readings, answers, problems, collects)


def esep(ws: Path, db_url: str | None, *args: str) -> subprocess.Popen:
    env = dict(os.environ, ESEP_WORKSPACE=str(ws))
    env.pop("ESEP_DB", None)
    if db_url:
        env["ESEP_DB"] = db_url
    return subprocess.Popen([sys.executable, "-m", "esep", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def collect_cmd(ws: Path, db_url: str | None, inbox: Path) -> subprocess.Popen:
    return esep(ws, db_url, "collect", str(PLAN), str(inbox), "--year", "2025")


def counts(ws: Workspace) -> dict[str, int]:
    with ws.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in TABLES}


@pytest.fixture
def workspace(tmp_path, db_url, v1):
    ws = Workspace.open(tmp_path / "ws", db_url)
    ws.add_plan(v1, PLAN)
    yield ws
    ws.close()


def _kill_while_sqlite_writes(ws: Workspace, child: subprocess.Popen) -> bool:
    """Return True once `child` was killed holding the write lock; False if it ended first."""
    db = sqlite3.connect(ws.folder / "esep.sqlite", timeout=0, isolation_level=None)
    try:
        while child.poll() is None:
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            except sqlite3.OperationalError:  # locked: the child is inside its transaction
                child.send_signal(signal.SIGKILL)
                child.wait()
                return True
        return False
    finally:
        db.close()


def _kill_while_postgres_writes(ws: Workspace, child: subprocess.Popen) -> bool:
    """Return True once `child` was killed with its inserts made and uncommitted."""
    engine = create_engine(make_url(ws.url).set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as conn:
            conn.execute(text("LOCK TABLE collects IN EXCLUSIVE MODE"))  # its last insert waits
            deadline = time.monotonic() + 60
            while child.poll() is None and time.monotonic() < deadline:
                # the statistics are read once per transaction unless cleared
                conn.execute(text("SELECT pg_stat_clear_snapshot()"))
                waiting = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")).scalar_one()
                if waiting:
                    child.send_signal(signal.SIGKILL)
                    child.wait()
                    return True
                time.sleep(0.01)
            return False
    finally:
        engine.dispose()


def test_a_collect_killed_halfway_leaves_the_workspace_as_before(workspace, db_url, v1):
    before = counts(workspace)
    child = collect_cmd(workspace.folder, db_url, INBOX)
    kill = _kill_while_postgres_writes if db_url else _kill_while_sqlite_writes
    assert kill(workspace, child), child.communicate()
    time.sleep(0.2)  # PostgreSQL ends the dead client's transaction as it notices
    assert counts(workspace) == before
    assert workspace.progress(2025) is None
    # running it again completes it; the files copied before the kill are taken as they are
    rerun = collect_cmd(workspace.folder, db_url, INBOX)
    assert rerun.wait(120) == 0, rerun.communicate()
    assert progress_to_dict(workspace.progress(2025)) == progress_to_dict(
        collect(v1, [INBOX], 2025))
    assert counts(workspace)["received"] == 12


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    for i, path in enumerate(sorted(INBOX.iterdir())):
        folder = a if i % 2 else b
        folder.mkdir(exist_ok=True)
        shutil.copy2(path, folder / path.name)
    return a, b


def _sorted(progress) -> dict:
    data = progress_to_dict(progress)
    data["problems"] = sorted(data["problems"], key=lambda p: sorted(p.items()))
    return data


def test_two_collects_at_once_both_land(workspace, db_url, v1, tmp_path):
    a, b = _halves(tmp_path)
    children = [collect_cmd(workspace.folder, db_url, a), collect_cmd(workspace.folder, db_url, b)]
    for child in children:
        assert child.wait(120) == 0, child.communicate()
    assert _sorted(workspace.progress(2025)) == _sorted(collect(v1, [a, b], 2025))
    assert counts(workspace)["readings"] == 12


def test_the_same_inbox_collected_twice_at_once_is_recorded_once(workspace, db_url, v1):
    children = [collect_cmd(workspace.folder, db_url, INBOX) for _ in range(2)]
    for child in children:
        assert child.wait(120) == 0, child.communicate()
    assert (counts(workspace)["received"], counts(workspace)["readings"]) == (12, 12)
    assert progress_to_dict(workspace.progress(2025)) == progress_to_dict(
        collect(v1, [INBOX], 2025))
