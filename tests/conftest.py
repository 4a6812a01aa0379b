"""Shared fixtures: the sample plan files and their expected records."""

import json
import os
import uuid
from pathlib import Path

import pytest

from model.plan import plan_from_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Write messages in English unless a test asks for another language."""
    monkeypatch.setenv("ESEP_LANG", "en")


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
