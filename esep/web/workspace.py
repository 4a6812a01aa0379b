"""The page's workspace: the plan versions, received forms, settings and made files, in one folder.

Everything the page keeps is here, behind one small API, so the shared store can take its place:

    ws = Workspace.open("dept-2025")
    version = ws.add_plan(data, "plan-ky.docx")          # kept as plans/<sha256>.docx
    ws.current_plan()                                    # the newest version's Plan
    ws.receive(2025, data, "2025-КБ.xlsx")               # kept as received/2025/<sha256>.xlsx
    ws.progress(2025)                                    # the merged year, from what was received

Files are named by the sha256 of their bytes, never by a name that came with them: the name a
clerk gave is kept only to be shown. Written files go through a temporary file and a rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from ingest import read_plan
from ingest.forms import FORM_SUFFIXES, NOTED_SUFFIXES, collect_files
from model.diff import Change, diff_plans
from model.errors import EsepError
from model.plan import Plan, plan_from_json, plan_to_json
from model.progress import Progress, progress_from_json, progress_to_json

STATE = "web-state.json"
PLAN_SUFFIXES = (".docx", ".docm", ".pdf", ".txt", ".json")
RECEIVED_SUFFIXES = FORM_SUFFIXES + NOTED_SUFFIXES


@dataclass(frozen=True)
class PlanVersion:
    """One plan version on record: its file's hash and kind, the name it came under, when."""

    sha256: str
    kind: str        # "docx", "pdf", "txt" or "json"
    name: str        # as the clerk named the file; shown, never used as a path
    given_on: str    # ISO time it was added
    title: str
    measures: int


@dataclass(frozen=True)
class Received:
    """One received file: hash, the name it came under, the year it is for, when."""

    sha256: str
    suffix: str
    name: str
    year: int
    received_on: str


def sha256(data: bytes) -> str:
    """Return the hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def suffix_of(name: str, allowed: tuple[str, ...], what: str) -> str:
    """Return the lower-case suffix of `name` when it is one of `allowed`; raise EsepError if not."""
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise EsepError(f"not {what}: esep takes {', '.join(allowed)} files here", file=name)
    return suffix


def _told(files: list[tuple[Path, str]], on_file: Callable[[int, int, str], None] | None
          ) -> Iterator[tuple[Path, str]]:
    for n, (path, name) in enumerate(files):
        if on_file:
            on_file(n, len(files), name)
        yield path, name


class Workspace:
    """The folder the page works in: plans/, received/<year>/, reports/<year>/ and its state."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.RLock()
        self._plans: dict[str, Plan] = {}
        self._progress: dict[tuple, object] = {}  # progress and diffs, by what they come from
        path = folder / STATE
        self._state = json.loads(path.read_text("utf-8")) if path.is_file() else {
            "plans": [], "received": [], "forms": {}, "reports": {}}

    @classmethod
    def open(cls, folder: str | Path) -> "Workspace":
        """Return the workspace in `folder`, made if missing."""
        folder = Path(folder).resolve()
        if folder.exists() and not folder.is_dir():
            raise EsepError("this is a file, not a workspace folder: give a folder", file=str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder)

    def _save(self) -> None:
        text = json.dumps(self._state, ensure_ascii=False, indent=1)
        write_atomically(self.folder / STATE, text.encode("utf-8"))

    def path(self, *parts: str) -> Path:
        """Return a path inside the workspace from parts made by esep (never a request's name)."""
        return self.folder.joinpath(*parts)

    # --- plans -----------------------------------------------------------------------------
    def add_plan(self, data: bytes, name: str) -> PlanVersion:
        """Read the plan in `data` (named `name` by the clerk) and keep it as the newest version.

        The same file given again is not added twice. Raise EsepError when it is not a plan.
        """
        suffix_of(name, PLAN_SUFFIXES, "a plan file")
        digest = sha256(data)
        known = next((p for p in self.plans() if p.sha256 == digest), None)
        if known:
            return known
        incoming = self.path("plans", f".incoming-{digest}")
        write_atomically(incoming, data)
        try:
            plan = read_plan(incoming, name)
        finally:
            incoming.unlink(missing_ok=True)
        kind = plan.source.format if plan.source else "json"
        write_atomically(self.path("plans", f"{digest}.{kind}"), data)
        write_atomically(self.path("plans", f"{digest}.records.json"),
                         plan_to_json(plan).encode("utf-8"))
        version = PlanVersion(digest, kind, name, _now(), plan.title, len(list(plan.measures())))
        with self._lock:
            self._plans[digest] = plan
            self._state["plans"].append(asdict(version))
            self._save()
        return version

    def plans(self) -> tuple[PlanVersion, ...]:
        """Return the plan versions, oldest first."""
        return tuple(PlanVersion(**p) for p in self._state["plans"])

    def plan(self, digest: str) -> Plan:
        """Return the records of the plan version `digest`."""
        with self._lock:
            if digest not in self._plans:
                if digest not in {p.sha256 for p in self.plans()}:
                    raise EsepError("no such plan version in the workspace")
                text = self.path("plans", f"{digest}.records.json").read_text("utf-8")
                self._plans[digest] = plan_from_json(text)
            return self._plans[digest]

    def current_plan(self) -> Plan | None:
        """Return the newest plan version's records, or None before any plan is given."""
        plans = self.plans()
        return self.plan(plans[-1].sha256) if plans else None

    def changes(self, old: str, new: str) -> tuple[Change, ...]:
        """Return what changed from plan version `old` to `new` (kept: a big plan takes a while)."""
        key = ("changes", old, new)
        with self._lock:
            if key not in self._progress:
                self._progress[key] = diff_plans(self.plan(old), self.plan(new))
            return self._progress[key]

    def years_received(self) -> tuple[int, ...]:
        """Return the years some file was received for."""
        return tuple(sorted({r["year"] for r in self._state["received"]}))

    def plan_file(self, version: PlanVersion) -> Path:
        """Return where the plan version's file is kept."""
        return self.path("plans", f"{version.sha256}.{version.kind}")

    # --- forms sent, files received ---------------------------------------------------------
    def record_forms(self, year: int, due: str) -> None:
        """Note that forms for `year` were made, due back on `due` (ISO date)."""
        with self._lock:
            self._state["forms"][str(year)] = {"due": due, "made_on": _now()}
            self._save()

    def forms_made(self, year: int) -> dict | None:
        """Return {"due", "made_on"} for the year's forms, or None when none were made."""
        return self._state["forms"].get(str(year))

    def receive(self, year: int, data: bytes, name: str) -> Received:
        """Keep a returned file for `year` as received/<year>/<sha256><suffix>; the same file once."""
        suffix = suffix_of(name, RECEIVED_SUFFIXES, "a form")
        digest = sha256(data)
        with self._lock:
            for r in self.received(year):
                if r.sha256 == digest:
                    return r
            target = self.path("received", str(year), digest + suffix)
            if not target.exists():
                write_atomically(target, data)
            item = Received(digest, suffix, name, year, _now())
            self._state["received"].append(asdict(item))
            self._save()
        return item

    def received(self, year: int) -> tuple[Received, ...]:
        """Return the files received for `year`, in the order they came."""
        return tuple(Received(**r) for r in self._state["received"] if r["year"] == year)

    def received_file(self, item: Received) -> Path:
        """Return where a received file is kept."""
        return self.path("received", str(item.year), item.sha256 + item.suffix)

    def progress(self, year: int, on_file: Callable[[int, int, str], None] | None = None
                 ) -> Progress | None:
        """Return the year's progress on the current plan from every file received, or None.

        Forms made from an older plan version in the workspace are carried to the current one.
        The result is kept until a plan or a file is added. `on_file(n, total, name)` is
        called as each file is read.
        """
        plans = self.plans()
        received = self.received(year)
        if not plans or not received:
            return None
        key = (plans[-1].sha256, year, tuple(r.sha256 for r in received))
        with self._lock:
            if key in self._progress:
                return self._progress[key]
        cached = self.path("progress", f"{year}.json")
        stamp = sha256(repr(key).encode())
        if cached.is_file() and self._state.get("progress", {}).get(str(year)) == stamp:
            progress = progress_from_json(cached.read_text("utf-8"))
        else:
            plan = self.plan(plans[-1].sha256)
            older = [self.plan(p.sha256) for p in plans[:-1]]
            files = [(self.received_file(r), self._shown_name(r, received)) for r in received]
            progress = collect_files(plan, _told(files, on_file), year, previous=older)
            write_atomically(cached, progress_to_json(progress).encode("utf-8"))
            with self._lock:
                self._state.setdefault("progress", {})[str(year)] = stamp
                self._save()
        with self._lock:
            self._progress[key] = progress
        return progress

    @staticmethod
    def _shown_name(item: Received, received: tuple[Received, ...]) -> str:
        same = [r for r in received if r.name == item.name]
        if len(same) == 1:
            return item.name
        return f"{item.name} ({item.received_on})"  # two files under one name stay apart

    # --- report settings and made reports ---------------------------------------------------
    def report_settings(self, year: int) -> dict[str, str]:
        """Return the report settings saved for `year` (field → text)."""
        return dict(self._state["reports"].get(str(year), {}).get("settings", {}))

    def save_report_settings(self, year: int, settings: dict[str, str]) -> None:
        """Save the report settings for `year`."""
        with self._lock:
            self._state["reports"].setdefault(str(year), {})["settings"] = dict(settings)
            self._save()

    def report_path(self, year: int, name: str) -> Path:
        """Return where a made report file of `year` is kept (`name` is esep's own)."""
        return self.path("reports", str(year), name)
