"""The workspace: 3 years × N filled forms of a 2,000-measure plan collected into it.

Beside each year's collect into the workspace, the stateless `esep collect` of the same inbox in
the same run, so the store's cost on top shows; then the same inbox again (nothing new: only
each file's sha256 is read), `esep status` and `esep history` (in this process and as the
command a clerk runs), and the size of the database and of the files kept, after each year.
Every form is a distinct file (each copy differs in its zip comment), so each one is copied in,
read and recorded.

Usage: python bench/store_bench.py [--forms N] [--measures M] [--db URL]
(`make bench` runs 100 forms a year; the numbers in bench/README.md are of --forms 500.)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collect_bench import _build, filled_form  # noqa: E402
from make_plan import make_plan  # noqa: E402
from ingest.forms import collect  # noqa: E402
from model.forms import form_units  # noqa: E402
from model.plan import Plan, plan_to_json  # noqa: E402
from store import Workspace  # noqa: E402
from store.collect import collect_into  # noqa: E402

YEARS = (2025, 2026, 2027)


def make_inbox(plan: Plan, year: int, size: int, folder: Path) -> Path:
    """Return a folder of `size` distinct filled forms for `year`, made once and cached."""
    units = form_units(plan, year)
    originals = folder / f"originals-{year}"
    if not originals.is_dir():
        _build(originals, lambda tmp: [(tmp / f"{u}.xlsx").write_bytes(filled_form(plan, u, year))
                                       for u in units])
    inbox = folder / f"inbox-{year}-{size}"
    if not inbox.is_dir() or len(list(inbox.iterdir())) != size:
        _build(inbox, lambda tmp: _distinct_copies(originals, units, size, tmp))
    return inbox


def _distinct_copies(originals: Path, units: tuple[str, ...], size: int, folder: Path) -> None:
    for i in range(size):
        unit = units[i % len(units)]
        target = folder / f"{i:04d}-{unit}.xlsx"
        shutil.copyfile(originals / f"{unit}.xlsx", target)
        with zipfile.ZipFile(target, "a") as zf:  # a new zip comment: another file, same form
            zf.comment = f"copy {i}".encode()


def _clock(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "esep", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(n_forms: int, n_measures: int, db_url: str | None) -> None:
    plan = make_plan(n_measures)
    data = ROOT / "bench" / "data" / f"store-{n_measures}"
    inboxes = {year: make_inbox(plan, year, n_forms, data) for year in YEARS}
    folder = Path(tempfile.mkdtemp(prefix="esep-bench-ws-"))
    plan_file = folder.parent / f"{folder.name}-plan.json"
    plan_file.write_text(plan_to_json(plan), encoding="utf-8")
    try:
        ws = Workspace.open(folder / "ws", db_url)
        ws.add_plan(plan, plan_file)
        print(f"   {'year':>4}  {'stateless':>9} {'workspace':>10} {'per form':>15} "
              f"{'again':>7}  {'database':>10} {'files kept':>11}")
        for year in YEARS:
            inbox = inboxes[year]
            bare_s, _ = _clock(lambda: collect(plan, [inbox], year))
            store_s, (_, new) = _clock(lambda: collect_into(ws, plan, [inbox], year))
            again_s, (_, again) = _clock(lambda: collect_into(ws, plan, [inbox], year))
            assert (new, again) == (n_forms, 0), (new, again)
            ws.engine.dispose()  # the last connection closed folds the WAL into the file
            db = sum(p.stat().st_size for p in (folder / "ws").glob("esep.sqlite*"))
            if db_url:
                with ws.engine.connect() as conn:
                    db = conn.exec_driver_sql(
                        "SELECT pg_database_size(current_database())").scalar()
            print(f"   {year:>4}  {bare_s:7.1f} s {store_s:8.1f} s "
                  f"{1000 * bare_s / n_forms:4.0f} → {1000 * store_s / n_forms:4.0f} ms "
                  f"{again_s:5.1f} s  {db / 2**20:6.1f} MiB "
                  f"{_size(folder / 'ws' / 'received') / 2**20:7.1f} MiB")
        mid = next(m.id for m in plan.measures() if m.deadline.annual or m.deadline.ongoing)
        status_s, _ = _clock(ws.status)
        history_s, lines = _clock(lambda: ws.history(mid))
        ws.close()
        env = ["--workspace", str(folder / "ws")] + (["--db", db_url] if db_url else [])
        status_cli = _cli("status", *env)
        history_cli = _cli("history", mid, *env)
        print(f"   status: {status_s:.2f} s in process, {status_cli:.2f} s as `esep status`")
        print(f"   history {mid} ({len(lines)} answers over {len(YEARS)} years): {history_s:.2f} s "
              f"in process, {history_cli:.2f} s as `esep history`")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        plan_file.unlink(missing_ok=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"   peak resident memory of the whole run: {rss:.0f} MiB")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=100, help="forms per year (default 100)")
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--db", default=None, help="a PostgreSQL URL instead of SQLite")
    args = parser.parse_args(argv)
    where = "PostgreSQL" if args.db else "SQLite"
    print(f"workspace ({where}): {len(YEARS)} years × {args.forms} forms of the "
          f"{args.measures:,}-measure plan")
    run(args.forms, args.measures, args.db)


if __name__ == "__main__":
    main(sys.argv[1:])
