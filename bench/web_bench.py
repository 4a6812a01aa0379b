"""Server-side response time of `esep serve`'s board and progress view: 2,000 measures, 500 forms.

Beside each page, the same work from the command line in the same run: the board against
`esep collect`'s reading and summary of the same 500 files, the progress view against the report's
data for the year (`report_data`, what `esep report` computes before writing). The pages are
asked through the app in-process (Flask's test client: routing, guard, workspace, template), so
the time is the server's, without a browser or network. The first board after a drop reads all
the forms (a background job); later views use the year kept in the workspace.

Usage: python bench/web_bench.py [N_MEASURES] [N_FORMS]      e.g. 2000 500
"""

from __future__ import annotations

import io
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collect_bench import YEAR, make_inboxes  # noqa: E402
from make_plan import make_plan  # noqa: E402

from esep.web.app import create_app  # noqa: E402
from esep.web.security import COOKIE  # noqa: E402
from esep.web.workspace import PageWorkspace  # noqa: E402
from ingest.forms import collect  # noqa: E402
from model.plan import plan_to_json  # noqa: E402
from render.report import ReportSettings, report_data  # noqa: E402

DATA = ROOT / "bench" / "data"
REPEATS = 3


def best(fn, repeats: int = REPEATS) -> tuple[float, object]:
    """Return the best wall time of `repeats` calls of `fn`, and its last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def distinct(data: bytes, n: int) -> bytes:
    """Return the workbook `data` with a zip comment of its own: a file the workspace keeps apart.

    The collect benchmark's inbox holds copies of each unit's form; a workspace keeps the same
    bytes once, so each copy is made a different file, as units' resubmissions are.
    """
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as zf:
        zf.comment = f"copy {n}".encode()
    return out.getvalue()


def main(argv: list[str]) -> None:
    n_measures = int(argv[0]) if argv else 2000
    n_forms = int(argv[1]) if len(argv) > 1 else 500
    plan = make_plan(n_measures)
    inbox = make_inboxes(plan, [n_forms], DATA / f"collect-{n_measures}")[n_forms]
    files = sorted(inbox.glob("*.xlsx"))
    print(f"   {n_measures:,} measures, {len(files)} forms, year {YEAR}")
    with tempfile.TemporaryDirectory(prefix="esep-web-bench-") as tmp:
        ws = PageWorkspace.open(Path(tmp) / "ws")
        ws.add_plan(plan_to_json(plan).encode("utf-8"), "plan.json")
        dropped = [(path.name, distinct(path.read_bytes(), n)) for n, path in enumerate(files)]
        app = create_app(ws, "bench")
        client = app.test_client()
        client.set_cookie(COOKIE, "bench", domain="localhost")

        def page(url: str) -> int:
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
            return len(r.data)

        cli_collect, _ = best(lambda: collect(plan, [inbox], YEAR).summary(plan.unit_name), 1)
        t0 = time.perf_counter()
        ws.receive(YEAR, dropped)
        ws.progress(YEAR)
        cold = time.perf_counter() - t0
        board, size_b = best(lambda: page(f"/inbox?year={YEAR}"))
        fresh, _ = best(lambda: PageWorkspace.open(ws.folder).progress(YEAR))
        cli_data, _ = best(lambda: report_data(plan, ws.progress(YEAR), YEAR, ReportSettings()))
        view, size_p = best(lambda: page(f"/progress?year={YEAR}"))
        unit = plan.units()[0]
        filtered, _ = best(lambda: page(f"/progress?year={YEAR}&unit={unit}&overdue=1"))
        chart, _ = best(lambda: page(f"/progress/{YEAR}/chart.png"))
        plan_page, size_plan = best(lambda: page("/plan"))
    rows = [
        ("esep collect: read 500 forms, summary", cli_collect, ""),
        ("page: the same read, in the drop's job", cold, ""),
        ("page: board (GET /inbox)", board, f"{size_b / 2**10:,.0f} KiB"),
        ("page: the year read back after a restart", fresh, ""),
        ("esep report: the year's report data", cli_data, ""),
        ("page: progress view (GET /progress)", view, f"{size_p / 2**10:,.0f} KiB"),
        ("page: progress, one unit's overdue", filtered, ""),
        ("page: chart (PNG)", chart, ""),
        ("page: plan (GET /plan)", plan_page, f"{size_plan / 2**10:,.0f} KiB"),
    ]
    for what, seconds, size in rows:
        print(f"   {what:<44} {seconds:>7.3f} s  {size}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"   peak resident memory {peak:,.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
