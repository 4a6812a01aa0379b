"""Shared fixtures: the sample plan files and their expected records."""

import json
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
