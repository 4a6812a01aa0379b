"""`esep collect` with a workspace: every file received kept, every answer recorded, once."""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable

from ingest.forms import find_inputs, read_form
from model.carry import check_any_version
from model.forms import check_year
from model.plan import Plan
from model.progress import Progress

from .workspace import Workspace


def collect_into(ws: Workspace, plan: Plan, inputs: Iterable[str | Path], year: int,
                 previous: Iterable[Plan] = (),
                 on_file: Callable[[int, int, str], None] | None = None) -> tuple[Progress, int]:
    """Return the year's progress after recording the forms in `inputs` in `ws`, and the new files.

    `plan` must be on record (`Workspace.add_plan`). A form made from any plan version the workspace
    holds (or one of `previous`) is carried to `plan`. Files already read against `plan` for
    `year` are not read again; the new ones are read first (what they gave is spooled to a
    temporary file, so memory stays flat) and then recorded in one transaction, so a run stopped
    halfway records nothing and running it again completes it. `on_file(n, total, name)` is
    called before each file is looked at (the page shows how far it got).
    """
    check_year(plan, year)
    others = {p.fingerprint(): p for p in previous}
    for version in ws.plans():
        others.setdefault(version.fingerprint, ws.records(version))
    others.pop(plan.fingerprint(), None)
    done = ws.read_already(plan, year)
    # what the forms gave waits on disk, not in memory, until it is written in one transaction
    with tempfile.TemporaryFile(prefix="esep-collect-") as spool:
        count = 0
        files = find_inputs(inputs)
        for n, (path, name) in enumerate(files):
            if on_file:
                on_file(n, len(files), name)
            got = ws.receive(path, year, name)
            if got.sha256 in done:
                continue
            done.add(got.sha256)  # the same file twice in one inbox is read once
            checked = check_any_version(read_form(path, name), plan, year, tuple(others.values()))
            # the rows as typed are not needed once checked
            pickle.dump((got, replace(checked, form=replace(checked.form, rows=()))), spool,
                        protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
        spool.seek(0)
        new = ws.record_answers(plan, year, (pickle.load(spool) for _ in range(count)))
    return ws.progress(year, plan), new
